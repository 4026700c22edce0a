"""Tone: Goldstein-like weights per CAMEO code, adjustments, and the article aggregate."""
from __future__ import annotations

from dataclasses import replace

import pytest
from stagedocs import make_doc, tokenised

from dyadwatch.assemble import to_article
from dyadwatch.records import Actor, Event, Span
from dyadwatch.stages.tone import ToneStage, lexicon_tone
from dyadwatch.tonescale import cameo_weight, event_tone, scale_legend, tone_band, tone_bands, tone_label


def test_tonescale_cameo_weights_fall_back_to_the_root():
    assert cameo_weight("057") == 8.0
    assert cameo_weight("0343") == cameo_weight("03") == 4.0  # not listed: its root
    assert cameo_weight("190") == -10.0
    assert cameo_weight(None) is None


def test_tonescale_negation_and_future_adjustments():
    assert event_tone("042", "CONSULT") == 1.9
    assert event_tone("042", "CONSULT", future=True) == 0.95
    assert event_tone("057", "SUPPORT", negated=True) == -4.0
    assert event_tone(None, "ASSAULT") == -9.0


def test_tone_stage_is_the_mean_of_event_tones():
    text = "Kyrgyzstan and Russia signed a treaty. Protesters rallied in Bishkek."
    doc = make_doc(text, "en")
    ev = Span(0, 10, text[:10])
    doc.add("events", (Event("SUPPORT", ev, cameo="057", tone=8.0), Event("PROTEST", ev, cameo="141", tone=-6.5)))
    assert ToneStage().process(doc)["tone"] == 0.75


def test_tone_stage_falls_back_on_the_lexicon_without_events():
    friendly = make_doc("Дружба и стратегическое партнерство, сотрудничество и взаимное доверие.", "ru")
    hostile = make_doc("The crisis and the sanctions deepened the conflict and the tension.", "en")
    silent = make_doc("The weather was mild on Tuesday.", "en")
    for doc in (friendly, hostile, silent):
        doc.add("events", ())
    assert ToneStage().process(friendly)["tone"] > 0 > ToneStage().process(hostile)["tone"]
    assert lexicon_tone(silent) is None


def test_tone_stage_prefers_events_between_the_dyad_countries():
    text = "Kyrgyzstan and Russia signed a treaty. A bomb exploded in a Moscow concert hall."
    doc = make_doc(text, "en")
    ev = Span(0, 10, text[:10])
    kg, ru = Actor("Kyrgyzstan", "e0", "KGZ", "source"), Actor("Russia", "e1", "RUS", "target")
    doc.add("events", (Event("SUPPORT", ev, cameo="057", actors=(kg, ru), tone=8.0),
                       Event("ASSAULT", ev, cameo="183", actors=(replace(ru, role="target"),), tone=-10.0)))
    assert ToneStage().process(doc)["tone"] == 8.0


# ---- the scale's bands ---------------------------------------------------------------------------------

def test_scale_bands_cover_the_scale_and_read_three_ways():
    bands = tone_bands()
    assert bands[0].low == -10 and bands[-1].high == 10
    assert all(a.high == b.low for a, b in zip(bands, bands[1:]))  # no gap, no overlap
    assert [tone_band(v).name for v in (-10, -5, -1, 0, 1, 5, 10)] == \
        ["hostile", "strained", "neutral", "neutral", "cooperative", "close", "close"]
    assert [tone_label(v) for v in (-7.0, -2.0, -0.4, 0.99, 1.0, 8.0)] == \
        ["conflictual", "conflictual", "neutral", "neutral", "cooperative", "cooperative"]
    assert tone_label(None) == "neutral" and tone_band(25).name == "close"  # clipped first


def test_scale_legend_names_each_anchor():
    legend = scale_legend()
    for mark in ("−10 ", "−5 ", "0 ", "+5 ", "+10 "):
        assert mark in legend
    assert "sanctions" in scale_legend(examples=True)


def test_appeal_and_pessimistic_comment_have_their_goldstein_weights():
    assert cameo_weight("020") == 3.0 and cameo_weight("012") == -0.4
    assert cameo_weight("100") == -5.0  # a demand stays a demand


# ---- reading events in their sentence ------------------------------------------------------------------

KG, RU = Actor("Kyrgyzstan", "e0", "KGZ", "source"), Actor("Russia", "e1", "RUS", "target")


def event_at(doc, trigger: str, type_: str, cameo: str, actors=(KG, RU), nth: int = 0) -> Event:
    """An event whose trigger is the nth occurrence of ``trigger``, evidence its sentence, tone its code's."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(trigger, start + 1)
    sentence = next(s for s in doc.get("sentences") if s.start <= start < s.end)
    return Event(type_, sentence, cameo=cameo, actors=tuple(actors), trigger=Span(start, start + len(trigger), trigger),
                 tone=event_tone(cameo, type_), id=f"ev:{start}")


def tone_of(text: str, lang: str, *events) -> tuple[float | None, dict]:
    doc = tokenised(text, lang)
    doc.add("events", tuple(e(doc) for e in events))
    out = ToneStage().process(doc)
    return out["tone"], out["event_tones"]


@pytest.mark.parametrize("text, lang, trigger", [
    ("Kyrgyzstan asked Russia for help in repairing a dam in the Chui region.", "en", "asked"),
    ("Bishkek has requested assistance from Moscow to restore the damaged bridges.", "en", "requested"),
    ("Кыргызстан попросил Россию помочь с восстановлением плотины.", "ru", "попросил"),
    ("Минздрав Кыргызстана обратился к российским коллегам с просьбой прислать врачей.", "ru", "обратился"),
])
def test_a_request_for_help_reads_as_an_appeal_not_a_demand(text, lang, trigger):
    tone, event_tones = tone_of(text, lang, lambda d: event_at(d, trigger, "REQUEST", "100"))
    assert tone == 3.0 and tone_label(tone) == "cooperative"
    assert list(event_tones.values()) == [3.0]  # the export carries the read tone too


@pytest.mark.parametrize("text, lang, trigger", [
    ("Moscow demanded that Bishkek hand over the suspects.", "en", "demanded"),
    ("Russia asked Kyrgyzstan to immediately hand over the suspects.", "en", "asked"),
    ("Москва потребовала от Бишкека выдать подозреваемых.", "ru", "потребовала"),
    ("Россия попросила Кыргызстан немедленно выдать подозреваемых.", "ru", "попросила"),
])
def test_a_demand_or_an_insistent_request_stays_a_demand(text, lang, trigger):
    tone, event_tones = tone_of(text, lang, lambda d: event_at(d, trigger, "REQUEST", "100"))
    assert tone == -5.0 and event_tones == {}


@pytest.mark.parametrize("text, lang", [
    ("The minister said Bishkek does not share Moscow's view on the quotas but respects its position.", "en"),
    ("Kyrgyzstan disagrees with the Russian plan and hopes to continue the dialogue with its partners.", "en"),
    ("Министр заявил, что Бишкек не разделяет позицию Москвы по квотам, но уважает ее.", "ru"),
    ("Кыргызстан не согласен с российским планом, но готов продолжить диалог с партнерами.", "ru"),
])
def test_a_polite_disagreement_is_neutral(text, lang):
    tone, _ = tone_of(text, lang)
    assert tone_label(tone) == "neutral"


@pytest.mark.parametrize("text, lang", [
    ("Kyrgyzstan disagrees with the Russian plan on the quotas.", "en"),
    ("Кыргызстан не согласен с российским планом по квотам.", "ru"),
])
def test_a_bare_disagreement_is_conflictual(text, lang):
    assert tone_label(tone_of(text, lang)[0]) == "conflictual"


def test_a_criticism_said_with_courtesy_reads_as_a_pessimistic_comment():
    text = "Bishkek criticised the new Russian rules, stressing its respect for its Russian partners."
    tone, event_tones = tone_of(text, "en", lambda d: event_at(d, "criticised", "ACCUSE", "111"))
    assert tone == -0.4 and list(event_tones.values()) == [-0.4]
    plain = "Bishkek criticised the new Russian rules as unfair to migrants."
    assert tone_of(plain, "en", lambda d: event_at(d, "criticised", "ACCUSE", "111"))[0] == -2.0


@pytest.mark.parametrize("text, lang, trigger", [
    ("Russia tightened the rules for foreign workers after the terrorist attack in a Moscow concert hall.", "en",
     "attack"),
    ("Since the start of the war, the number of Kyrgyz students in Russia has grown.", "en", "war"),
    ("The tightening of the entry rules followed the terrorist attack in a concert hall.", "en", "attack"),
    ("Россия ужесточила правила для иностранных работников после теракта в концертном зале.", "ru", "теракта"),
    ("На фоне войны число кыргызских студентов в России выросло.", "ru", "войны"),
])
def test_a_background_mention_of_violence_does_not_make_the_article_hostile(text, lang, trigger):
    tone, event_tones = tone_of(text, lang, lambda d: event_at(d, trigger, "ASSAULT", "190", actors=(RU,)))
    assert tone is None or tone > -5  # at most the policy's own strain, never the attack's -10
    assert event_tones == {}  # the event keeps its code's tone; it only does not count


def test_a_background_mention_beside_a_bilateral_act_leaves_the_act_its_tone():
    text = "After the attack on a concert hall, Kyrgyzstan and Russia agreed to share information on extremists."
    tone, _ = tone_of(text, "en", lambda d: event_at(d, "attack", "ASSAULT", "183", actors=(RU,)),
                      lambda d: event_at(d, "agreed", "AGREE", "030"))
    assert tone == 4.0


def test_violence_reported_as_an_act_still_counts():
    text = "Two servicemen died after Kyrgyz and Russian patrols exchanged fire at the border."
    tone, _ = tone_of(text, "en", lambda d: event_at(d, "exchanged fire", "ASSAULT", "190"))
    assert tone == -10.0


@pytest.mark.parametrize("text, lang, asked, content", [
    ("Kyrgyzstan asked Russia for help in fighting the forest fires.", "en", "asked", "fighting"),
    ("Кыргызстан попросил Россию помочь в борьбе с лесными пожарами.", "ru", "попросил", "борьбе"),
])
def test_what_is_asked_for_is_not_an_act(text, lang, asked, content):
    tone, _ = tone_of(text, lang, lambda d: event_at(d, asked, "REQUEST", "100"),
                      lambda d: event_at(d, content, "ASSAULT", "190"))
    assert tone == 3.0


def test_an_act_in_the_next_clause_is_not_the_content_of_the_request():
    text = "Kyrgyzstan asked Russia for fuel, and Russian troops shelled a village in the south."
    tone, _ = tone_of(text, "en", lambda d: event_at(d, "asked", "REQUEST", "100"),
                      lambda d: event_at(d, "shelled", "ASSAULT", "190"))
    assert tone == round((3.0 - 10.0) / 2, 2)


def test_the_export_carries_the_read_event_tone():
    text = "Kyrgyzstan asked Russia for help in repairing a dam."
    doc = tokenised(text, "en")
    doc.add("events", (event_at(doc, "asked", "REQUEST", "100"),))
    for layer, value in ToneStage().process(doc).items():
        doc.add(layer, value)
    article = to_article(doc)
    assert [e.tone for e in article.events] == [3.0] and article.tone == 3.0
