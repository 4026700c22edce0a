"""Quote extraction on hand-built Docs (upstream layers added by hand, see stagedocs.py)."""
from __future__ import annotations

from stagedocs import (ALMATY, BISHKEK, JAPAROV, KAZAKBAEV, KG_MFA, KOSACHEV, KYRGYZSTAN, MATVIENKO, MOSCOW, PUTIN,
                       RUSSIA, Ent,
                       make_doc)

from dyadwatch.stages.quotes import QuoteStage, extract_quotes, find_quoted_spans

NBSP = "\u00a0"

MAMYTOV = Ent("Talant Mamytov", "PERSON", "KGZ", ("Talant Mamytov", "Talent Mamytov", "Mamytov"))
EMBASSY = Ent("Embassy of Kyrgyzstan in Russia", "ORG", "KGZ", ("посольстве КР в РФ",))


def by_start(quotes, words):
    return next(q for q in quotes if q.text.startswith(words))


def test_quotes_english_direct_with_name_after_and_scare_quotes_skipped():
    text = ("The speaker Talant Mamytov hoped the sides would meet \"at the highest level\" soon.\n"
            f"“Kyrgyzstan is aimed at ever closer ties with the Russian{NBSP}Federation,” said Talent Mamytov.\n"
            "\"I want to say that our contacts are developing steadily,” Valentina Matvienko said during the meeting.")
    quotes = extract_quotes(make_doc(text, "en", [MAMYTOV, MATVIENKO, RUSSIA, KYRGYZSTAN]))
    texts = [q.text for q in quotes]
    assert not any("highest level" in t for t in texts)
    first = by_start(quotes, "Kyrgyzstan is aimed")
    assert first.direct and first.speaker.name == "Talant Mamytov" and first.speaker.country == "KGZ"
    assert text[first.start:first.end] == first.text and not first.text.endswith(",")
    second = by_start(quotes, "I want to say")
    assert second.speaker.name == "Valentina Matvienko" and second.cue.text == "said"


def test_quotes_russian_dash_attribution_and_role_noun_continue_the_speaker():
    text = ("Встреча Константина Косачева с Русланом Казакбаевым прошла в Москве.\n"
            "\"Видим, что отношения наших стран развиваются стабильно\", – отметил Константин Косачев.\n"
            "\"Будем и дальше поддерживать контакты на всех уровнях\", - продолжил парламентарий.\n"
            "«Уверен, что такая работа нужна обеим странам», – заключил глава Комитета по международным делам.")
    quotes = extract_quotes(make_doc(text, "ru", [KOSACHEV, KAZAKBAEV, MOSCOW]))
    assert [q.speaker.name for q in quotes if q.direct] == ["Konstantin Kosachev"] * 3
    assert by_start(quotes, "Будем").cue.text == "продолжил"


def test_quotes_pronoun_goes_to_last_speaker_of_that_gender():
    text = ("Valentina Matvienko met Ruslan Kazakbaev in Alma-Ata. Ruslan Kazakbaev thanked the hosts.\n"
            "According to Matvienko, the proposals on places for students are under study.\n"
            "“We will keep these questions under our control and will inform you,” she assured.")
    quotes = extract_quotes(make_doc(text, "en", [MATVIENKO, KAZAKBAEV, ALMATY]))
    assured = by_start(quotes, "We will keep")
    assert assured.speaker.name == "Valentina Matvienko"


def test_quotes_institution_speaker_from_press_service():
    text = ("Press service of the Foreign Ministry of Kyrgyzstan reported on the talks.\n"
            "«Ruslan Kazakbaev informed that the situation in the country has stabilized,» the ministry noted.\n"
            "«The Russian side confirmed its readiness to provide technical assistance,» the Foreign Ministry stressed.")
    quotes = extract_quotes(make_doc(text, "en", [KG_MFA, KAZAKBAEV, RUSSIA, KYRGYZSTAN]))
    direct = [q for q in quotes if q.direct]
    assert len(direct) == 2
    assert {q.speaker.name for q in direct} == {"Ministry of Foreign Affairs of Kyrgyzstan"}


def test_quotes_indirect_speech_is_marked_not_direct():
    text = ("Ruslan Kazakbaev said that the Kyrgyz side remains committed to all its obligations.\n"
            "Глава МИД затронул вопросы помощи. В ответ, как сообщили в посольстве КР в РФ, была подтверждена "
            "готовность содействия рассмотрению этих вопросов.")
    en = extract_quotes(make_doc(text.split("\n")[0], "en", [KAZAKBAEV, KYRGYZSTAN]))
    assert len(en) == 1 and not en[0].direct and en[0].speaker.name == "Ruslan Kazakbaev"
    assert en[0].text.startswith("the Kyrgyz side remains committed") and en[0].cue.text == "said that"
    ru = extract_quotes(make_doc(text.split("\n")[1], "ru", [EMBASSY, KYRGYZSTAN, RUSSIA]))
    assert len(ru) == 1 and not ru[0].direct
    assert ru[0].speaker.name == "Embassy of Kyrgyzstan in Russia"
    assert ru[0].text.startswith("была подтверждена готовность")


def test_quoted_spans_multi_paragraph_quote_continues_after_reopening_mark():
    text = ("«The Russian language is our official language, written into the Constitution.\n"
            "«It opens the labour market to our citizens,» Ulan Primov noted.")
    spans = find_quoted_spans(text)
    assert len(spans) == 1
    inner = text[spans[0].start:spans[0].end]
    assert inner.startswith("The Russian language") and inner.endswith("our citizens,")


def test_quoted_spans_nested_guillemets_stay_one_quote():
    text = "«Мы называем это «новой страницей» отношений двух стран», – сказал министр."
    spans = find_quoted_spans(text)
    assert len(spans) == 1 and "новой страницей" in text[spans[0].start:spans[0].end]


def test_quote_stage_declares_layers_and_carries_offsets():
    text = "«Relations between our countries are developing steadily,» Konstantin Kosachev said."
    doc = make_doc(text, "en", [KOSACHEV])
    out = QuoteStage().process(doc)
    assert set(out) == {"quotes"}
    (q,) = out["quotes"]
    assert q.stage == "quotes" and 0 < q.confidence <= 1
    assert q.evidence.text.startswith("«Relations") and q.speaker.entity == "e0"


def test_quotes_split_quote_second_half_keeps_the_speaker():
    text = ("“We are good neighbours and close partners,” Konstantin Kosachev said, “and we intend to remain "
            "friends for many years.”")
    quotes = extract_quotes(make_doc(text, "en", [KOSACHEV]))
    assert len(quotes) == 2
    assert [q.speaker.name for q in quotes] == ["Konstantin Kosachev"] * 2
    assert quotes[1].text.startswith("and we intend")


# ---------------------------------------------------------------------------- speaker forms (#24)
PESKOV = Ent("Dmitry Peskov", "PERSON", "RUS", ("Kremlin spokesman", "Dmitry Peskov", "пресс-секретарь Кремля"),
             roles=("presidential_spokesman:RUS",),
             kinds={"Kremlin spokesman": "role", "пресс-секретарь Кремля": "role"})
RAHMON = Ent("Emomali Rahmon", "PERSON", "TJK", ("Emomali Rahmon", "Эмомали Рахмоном"), roles=("head_of_state:TJK",))
TOKAYEV = Ent("Kassym-Jomart Tokayev", "PERSON", "KAZ", ("Kassym-Jomart Tokayev", "Tokayev"),
              roles=("head_of_state:KAZ",))
KAZAKHSTAN = Ent("Kazakhstan", "GPE", "KAZ", ("Kazakhstan", "Kazakh", "Казахстана"), roles=("country",))
KG_PRESS = Ent("Press service of the President of Kyrgyzstan", "ORG", "KGZ",
               ("press service of the President of Kyrgyzstan", "пресс-служба президента Кыргызстана"))
TASS = Ent("TASS", "ORG", "RUS", ("TASS", "ТАСС"))


def speakers(quotes):
    return [(q.speaker.name if q.speaker else None) for q in quotes if q.direct]


def test_speaker_is_the_subject_of_the_speech_verb_not_a_name_later_in_the_attribution():
    text = ("Putin has no call with Japarov planned, TASS reported citing Dmitry Peskov.\n"
            "“There is nothing of the kind in the diary for now,” he said, replying to a question about the "
            "talks with Emomali Rahmon.")
    quotes = extract_quotes(make_doc(text, "en", [PUTIN, JAPAROV, TASS, PESKOV, RAHMON]))
    assert speakers(quotes) == ["Dmitry Peskov"]


def test_role_resolved_by_the_resolve_stage_is_the_speaker():
    text = ("“We do not comment on rumours about the schedule of the president,” the Kremlin spokesman said.\n"
            "«Такой звонок пока не стоит в графике президента», — сказал журналистам пресс-секретарь Кремля.")
    en, ru = text.split("\n")
    assert speakers(extract_quotes(make_doc(en, "en", [PESKOV]))) == ["Dmitry Peskov"]
    assert speakers(extract_quotes(make_doc(ru, "ru", [PESKOV]))) == ["Dmitry Peskov"]


def test_object_of_a_quoting_verb_is_the_speaker_and_an_outlet_never_is():
    text = ("Vladimir Putin met Sadyr Japarov.\n"
            "“Our governments are already preparing the documents for the loan,” – quotes the Russian leader TASS.")
    russian_leader = Ent("Vladimir Putin", "PERSON", "RUS", ("Vladimir Putin", "Russian leader"),
                         roles=("head_of_state:RUS",), kinds={"Russian leader": "role"})
    quotes = extract_quotes(make_doc(text, "en", [russian_leader, JAPAROV, TASS]))
    assert speakers(quotes) == ["Vladimir Putin"]


def test_press_service_of_a_leader_speaks_for_the_presidential_administration():
    text = ("Kassym-Jomart Tokayev spoke with Vladimir Putin by phone, the Kazakh president's press service reported.\n"
            "According to the statement, “the sides paid special attention to the coming state visit.”\n"
            "“Views on the regional agenda were also exchanged,” the press service added.")
    quotes = extract_quotes(make_doc(text, "en", [TOKAYEV, PUTIN, KAZAKHSTAN]))
    assert speakers(quotes) == ["Presidential Administration of Kazakhstan"] * 2


def test_statement_and_it_stand_for_the_institution_the_article_cites():
    text = ("Vladimir Putin and Sadyr Japarov spoke by phone, the Kremlin said on Friday.\n"
            "“The presidents discussed the preparations for the summit in Bishkek,” the statement said.\n"
            "“They agreed to stay in touch,” it said.")
    quotes = extract_quotes(make_doc(text, "en", [PUTIN, JAPAROV]))
    assert speakers(quotes) == ["Kremlin", "Kremlin"]


def test_press_service_entity_and_russian_statement_forms():
    text = ("Садыр Жапаров провел телефонный разговор, сообщает пресс-служба президента Кыргызстана.\n"
            "«Стороны обсудили подготовку к саммиту в Бишкеке», — говорится в сообщении.\n"
            "«Президенты договорились о дальнейших контактах», — отмечается в сообщении пресс-службы Кремля.")
    quotes = extract_quotes(make_doc(text, "ru", [JAPAROV, KG_PRESS]))
    assert speakers(quotes) == ["Presidential Administration of Kyrgyzstan", "Kremlin"]


def test_russian_dash_after_verb_and_po_slovam_and_kak_podcherknul():
    text = ("Сергей Лавров встретился с Русланом Казакбаевым в Москве.\n"
            "«Мы продолжим тесную координацию на всех площадках», — заявил журналистам Руслан Казакбаев.\n"
            "По словам Сергея Лаврова, «союзнические отношения двух стран выдержали все испытания».\n"
            "Как подчеркнул Лавров, стороны довольны итогами.«Впереди у нас много совместной работы.")
    lavrov = Ent("Sergey Lavrov", "PERSON", "RUS", ("Сергей Лавров", "Сергея Лаврова", "Лавров"))
    quotes = extract_quotes(make_doc(text, "ru", [lavrov, KAZAKBAEV, MOSCOW]))
    assert speakers(quotes) == ["Ruslan Kazakbaev", "Sergey Lavrov", "Sergey Lavrov"]
    assert quotes[-1].text == "Впереди у нас много совместной работы."


def test_quote_woven_into_reported_speech_gets_the_sentence_speaker():
    text = ("Sadyr Japarov welcomed Vladimir Putin in Bishkek. “You can rely on our support at every stage of "
            "this work,” Putin promised. He praised the efforts at “strengthening the union of our two "
            "peoples in every field.” After the talks, Putin stressed that on trade “the two economies have "
            "never been so closely linked.”")
    quotes = extract_quotes(make_doc(text, "en", [JAPAROV, PUTIN, BISHKEK]))
    assert speakers(quotes) == ["Vladimir Putin"] * 3


def test_role_noun_goes_to_the_nearest_person_with_a_compatible_role():
    minister = Ent("Zheenbek Kulubaev", "PERSON", "KGZ", ("Zheenbek Kulubaev",), roles=("foreign_minister:KGZ",))
    president = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Sadyr Japarov",), roles=("head_of_state:KGZ",))
    text = ("Zheenbek Kulubaev briefed Sadyr Japarov on the visit.\n"
            "“The agreements we signed will be ratified before the end of the year,” the minister said.")
    quotes = extract_quotes(make_doc(text, "en", [minister, president]))
    assert speakers(quotes) == ["Zheenbek Kulubaev"]


def test_pull_quote_with_a_name_line():
    text = ("The prime ministers met in Astana.\n"
            "We must keep this pace and bring our trade to a new level within three years.\n"
            "Kassym-Jomart Tokayev\n"
            "The sides signed two memorandums.")
    quotes = extract_quotes(make_doc(text, "en", [TOKAYEV]))
    assert speakers(quotes) == ["Kassym-Jomart Tokayev"] and quotes[0].text.startswith("We must keep")


def test_titles_of_laws_documents_and_events_are_not_quotes():
    text = ("The parliament adopted the law \"On Amendments to Certain Legislative Acts of the Kyrgyz Republic in "
            "the Field of Labour Migration and Employment\" in the third reading.\n"
            "Delegations met at the forum \"Russia and Central Asia: Partnership for the Future of Our Region\" "
            "in Moscow.\n"
            "Депутаты одобрили законопроект «О внесении изменений в некоторые законодательные акты Кыргызской "
            "Республики в сфере трудовой миграции» в первом чтении.\n"
            "They used the \"very constructive\" approach.")
    en = extract_quotes(make_doc("\n".join(text.split("\n")[i] for i in (0, 1, 3)), "en", [KYRGYZSTAN, RUSSIA, MOSCOW]))
    ru = extract_quotes(make_doc(text.split("\n")[2], "ru", [KYRGYZSTAN]))
    assert [q for q in en if q.direct] == [] and [q for q in ru if q.direct] == []


def test_a_long_quote_after_a_title_noun_with_its_own_attribution_is_still_a_quote():
    text = ("“The agreement on the loan opens a new stage in our relations and we will fulfil it,” said "
            "Vladimir Putin.")
    assert speakers(extract_quotes(make_doc(text, "en", [PUTIN]))) == ["Vladimir Putin"]


def test_a_title_in_title_case_after_a_speech_verb_is_not_a_quote():
    text = ("“Ten years of work have come to an end today,” Vladimir Putin says on \"The Road To Open Standards\", "
            "his campaign site.")
    quotes = [q for q in extract_quotes(make_doc(text, "en", [PUTIN])) if q.direct]
    assert [q.text for q in quotes] == ["Ten years of work have come to an end today"]


def test_according_to_after_the_quote_and_passive_quoted_as_saying():
    peskov = Ent("Dmitry Peskov", "PERSON", "RUS", ("Dmitry Peskov", "Peskov"))
    text = ("Talks were held in Moscow.\n"
            "“The date of the next round will be agreed through diplomatic channels,” according to Peskov.\n"
            "“Nothing of the kind was discussed at the talks today,” Peskov was quoted as saying by TASS.")
    quotes = extract_quotes(make_doc(text, "en", [peskov, TASS, MOSCOW]))
    assert speakers(quotes) == ["Dmitry Peskov"] * 2


def test_russian_outlet_relays_the_words_of_the_speaker():
    japarov = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Садыр Жапаров", "Жапарова"))
    text = ("Садыр Жапаров прибыл в Москву.\n"
            "«Мы рассчитываем подписать около двадцати документов», — приводит ТАСС слова Жапарова.\n"
            "«Все документы уже согласованы экспертами двух стран», — цитирует Жапарова ТАСС.")
    quotes = extract_quotes(make_doc(text, "ru", [japarov, TASS, MOSCOW]))
    assert speakers(quotes) == ["Sadyr Japarov"] * 2


def test_pronoun_after_the_verb_is_the_speaker_not_a_name_later_in_the_clause():
    putin = Ent("Vladimir Putin", "PERSON", "RUS", ("Владимир Путин",))
    japarov = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Садыром Жапаровым",))
    rahmon = Ent("Emomali Rahmon", "PERSON", "TJK", ("Эмомали Рахмона",))
    text = ("Владимир Путин провел переговоры с Садыром Жапаровым.\n"
            "«Россия остается главным партнером вашей страны», — сказал он, отвечая на вопрос о визите "
            "Эмомали Рахмона.")
    # «он»: the subject of the sentence before (Putin, nominative), not Japarov (named last) nor Rahmon
    quotes = extract_quotes(make_doc(text, "ru", [putin, japarov, rahmon]))
    assert speakers(quotes) == ["Vladimir Putin"]


def test_press_service_of_an_office_named_without_a_country_goes_to_the_subject_holding_it():
    japarov = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Садыр Жапаров",), roles=("head_of_state:KGZ",))
    putin = Ent("Vladimir Putin", "PERSON", "RUS", ("Владимиром Путиным",), roles=("head_of_state:RUS",))
    text = ("Садыр Жапаров провел телефонный разговор с Владимиром Путиным, сообщает пресс-служба главы "
            "государства.\n«Главы государств обсудили подготовку к саммиту в Бишкеке», — говорится в сообщении.")
    quotes = extract_quotes(make_doc(text, "ru", [japarov, putin]))
    assert speakers(quotes) == ["Presidential Administration of Kyrgyzstan"]


def test_institution_noun_with_no_such_institution_names_nobody():
    text = "«Стороны договорились открыть два торговых дома до конца года», — сообщили в ведомстве."
    quotes = extract_quotes(make_doc(text, "ru", []))
    assert all(q.speaker is None for q in quotes)


def test_name_and_colon_and_a_quotation_paragraph_after_a_colon_or_reported_words():
    text = ("Japarov: “Our countries will remain strategic partners and allies.”\n"
            "Vladimir Putin said at the press conference:\n"
            "“We will continue to support the Kyrgyz economy with loans and grants.”\n"
            "Sadyr Japarov noted that trade between the two countries keeps growing.\n"
            "“Last year we reached a record and this year we intend to exceed it.”")
    quotes = extract_quotes(make_doc(text, "en", [JAPAROV, PUTIN]))
    assert speakers(quotes) == ["Sadyr Japarov", "Vladimir Putin", "Sadyr Japarov"]


# ---------------------------------------------------------------------------- attribution forms (eval speakers)
ZAKHAROVA = Ent("Maria Zakharova", "PERSON", "RUS", ("Мария Захарова", "Maria Zakharova"))
KULUBAEV = Ent("Jeenbek Kulubaev", "PERSON", "KGZ", ("Жээнбек Кулубаев", "Кулубаева", "Jeenbek Kulubaev"))
RU_MFA = Ent("Ministry of Foreign Affairs of Russia", "ORG", "RUS", ("МИД России", "Russian Foreign Ministry"))


def test_possessive_according_cue_names_the_last_person_of_its_gender():
    en = ("Sadyr Japarov met Russian investors on Monday. In his words, “the new plant will give work to "
          "two thousand people.”")
    ru = ("Садыр Жапаров встретился с инвесторами. По его словам, «новый завод даст работу двум тысячам "
          "человек».")
    assert speakers(extract_quotes(make_doc(en, "en", [JAPAROV]))) == ["Sadyr Japarov"]
    assert speakers(extract_quotes(make_doc(ru, "ru", [JAPAROV]))) == ["Sadyr Japarov"]


def test_russian_quotation_interrupted_by_its_attribution_is_two_quotations_of_the_speaker():
    text = "«Мы всегда поддерживали наших союзников, — сказал Путин. — И будем поддерживать их впредь»."
    quotes = extract_quotes(make_doc(text, "ru", [PUTIN]))
    assert [q.text for q in quotes] == ["Мы всегда поддерживали наших союзников", "И будем поддерживать их впредь"]
    assert speakers(quotes) == ["Vladimir Putin"] * 2


def test_a_whole_sentence_in_guillemets_continues_the_speaker_of_the_paragraph():
    text = "«Мы добрые соседи и надежные партнеры», — сказал Садыр Жапаров в Москве. «Все пограничные вопросы уже решены»."
    quotes = extract_quotes(make_doc(text, "ru", [JAPAROV, MOSCOW]))
    assert speakers(quotes) == ["Sadyr Japarov"] * 2


def test_statement_noun_goes_to_the_organisation_opening_the_sentence_before():
    text = ("МИД России распространил сообщение по итогам консультаций. «Стороны договорились создать рабочую "
            "группу», — говорится в документе.")
    assert speakers(extract_quotes(make_doc(text, "ru", [RU_MFA]))) == ["Ministry of Foreign Affairs of Russia"]


def test_a_pronoun_the_resolver_tied_to_a_person_of_the_other_gender_is_resolved_again():
    kulubaev = Ent("Jeenbek Kulubaev", "PERSON", "KGZ", ("Кулубаева", "Она"), kinds={"Она": "pronoun"})
    text = "Мария Захарова ответила на вопрос о визите Кулубаева. Она напомнила: «Визовый режим останется прежним»."
    assert speakers(extract_quotes(make_doc(text, "ru", [ZAKHAROVA, kulubaev]))) == ["Maria Zakharova"]


def test_quotation_dash_and_a_name_ending_the_line_is_that_persons():
    text = "«Россия остается нашим главным партнером» — Садыр Жапаров.\nПрезидент выступил в парламенте."
    assert speakers(extract_quotes(make_doc(text, "ru", [JAPAROV]))) == ["Sadyr Japarov"]


def test_new_speech_verbs_asked_exclaimed_convinced_and_outlet_relaying_the_words():
    en = "“Why should we give up our old partners?” Sadyr Japarov asked."
    ru = ("«Наши связи основаны на взаимном уважении», — убежден Садыр Жапаров.\n"
          "«Мы обсуждаем новые поставки пшеницы», — передает ТАСС слова Владимира Путина.")
    assert speakers(extract_quotes(make_doc(en, "en", [JAPAROV]))) == ["Sadyr Japarov"]
    putin = Ent("Vladimir Putin", "PERSON", "RUS", ("Владимира Путина",))
    assert speakers(extract_quotes(make_doc(ru, "ru", [JAPAROV, putin, TASS]))) == ["Sadyr Japarov", "Vladimir Putin"]


def test_titles_companies_and_plants_in_guillemets_stay_no_quotes():
    text = ("Стороны обсудили строительство «Камбаратинская ГЭС-1» на реке Нарын. Интервью вышло в газете «Слово "
            "Кыргызстана» в пятницу. Кредит выдаст ОАО «Российско-Кыргызский фонд развития» под два процента.")
    assert extract_quotes(make_doc(text, "ru", [])) == []


def test_the_sentence_after_a_quotation_can_name_its_speaker():
    ru = "«Мы готовы к диалогу по всем вопросам». Об этом заявил журналистам Садыр Жапаров."
    en = "“Our countries will keep working together on security.” This was stated by Sadyr Japarov."
    other = "«Мы готовы к диалогу по всем вопросам». Так, Садыр Жапаров заявил о новых планах."
    assert speakers(extract_quotes(make_doc(ru, "ru", [JAPAROV]))) == ["Sadyr Japarov"]
    assert speakers(extract_quotes(make_doc(en, "en", [JAPAROV]))) == ["Sadyr Japarov"]
    assert speakers(extract_quotes(make_doc(other, "ru", [JAPAROV]))) != ["Sadyr Japarov"]


def test_pronoun_after_a_new_subject_is_that_person_not_the_last_speaker():
    # the last speaker is the same gender; the sentence before the quote makes someone else its subject
    en = ("“The first stations will be ready in two years,” Vladimir Putin said at the news conference.\n"
          "Sadyr Japarov thanked Moscow for its help. “Without this support we could not build such plants,” "
          "he said.")
    ru = ("«Первые станции будут готовы через два года», — сказал Владимир Путин на пресс-конференции.\n"
          "Садыр Жапаров поблагодарил Москву за помощь. «Без этой поддержки мы не смогли бы строить такие "
          "станции», — подчеркнул он.")
    assert speakers(extract_quotes(make_doc(en, "en", [PUTIN, JAPAROV, MOSCOW]))) == ["Vladimir Putin", "Sadyr Japarov"]
    assert speakers(extract_quotes(make_doc(ru, "ru", [PUTIN, JAPAROV, MOSCOW]))) == ["Vladimir Putin", "Sadyr Japarov"]


def test_pronoun_keeps_the_last_speaker_when_the_sentence_before_has_no_new_subject():
    text = ("Sadyr Japarov met Vladimir Putin in the Kremlin. “Our trade grew by a fifth last year,” Japarov said.\n"
            "The talks lasted three hours. “We will keep this pace in the coming years,” he added.")
    assert speakers(extract_quotes(make_doc(text, "en", [PUTIN, JAPAROV]))) == ["Sadyr Japarov"] * 2


def test_press_office_with_a_possessive_owner_speaks_for_the_institution():
    text = ("“The head of state instructed the government to finish the road this year,” "
            "the Kazakh president's press service said.")
    quotes = extract_quotes(make_doc(text, "en", [TOKAYEV, KAZAKHSTAN]))
    assert speakers(quotes) == ["Presidential Administration of Kazakhstan"]


def test_an_office_relaying_a_persons_words_is_not_the_speaker():
    text = "«Наши страны связывают века дружбы и уважения», — цитирует пресс-служба слова Жапарова."
    japarov = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Жапарова",), roles=("head_of_state:KGZ",))
    assert speakers(extract_quotes(make_doc(text, "ru", [japarov]))) == ["Sadyr Japarov"]


def test_role_noun_with_a_country_adjective_goes_to_a_person_of_that_country():
    kulubaev = Ent("Jeenbek Kulubaev", "PERSON", "KGZ", ("Jeenbek Kulubaev", "Жээнбеком Кулубаевым"))
    lavrov = Ent("Sergey Lavrov", "PERSON", "RUS", ("Sergey Lavrov", "Сергей Лавров"))
    en = ("Sergey Lavrov held talks with Jeenbek Kulubaev in Moscow. “We are satisfied with the results of the "
          "talks,” the {} minister said.")
    ru = "Сергей Лавров провел переговоры с Жээнбеком Кулубаевым. «Мы удовлетворены итогами переговоров», — сказал {} министр."
    ents = [lavrov, kulubaev, KYRGYZSTAN, RUSSIA, MOSCOW]
    assert speakers(extract_quotes(make_doc(en.format("Kyrgyz"), "en", ents))) == ["Jeenbek Kulubaev"]
    assert speakers(extract_quotes(make_doc(en.format("Russian"), "en", ents))) == ["Sergey Lavrov"]
    russian = Ent("Russia", "GPE", "RUS", ("российский",), roles=("country",))
    assert speakers(extract_quotes(make_doc(ru.format("российский"), "ru", [lavrov, kulubaev, russian]))) == [
        "Sergey Lavrov"]


def test_pronoun_after_a_reported_clause_is_its_reporter_not_the_subject_inside_it():
    text = ("Vladimir Putin said Sadyr Japarov would visit Moscow in May. “We are preparing a rich programme for "
            "the visit,” he said.")
    assert speakers(extract_quotes(make_doc(text, "en", [PUTIN, JAPAROV, MOSCOW]))) == ["Vladimir Putin"]
