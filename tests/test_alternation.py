"""The prefix-tree alternation matches what the flat longest-first alternation matches."""
from __future__ import annotations

import re

from dyadwatch.alternation import phrase_alternation
from dyadwatch.stages.amounts import find_amounts
from dyadwatch.temporal import find_candidates

SP = r"[^\S\n]+"

TEXTS = [
    "Двум\u00a0школам выделили двести двадцать пять миллионов сомов, а ещё двое суток назад – двадцать.",
    "Twenty-five delegates met two hundred and twenty residents; a couple of days ago, a few weeks later.",
    "В сентябре, 1\u00a0сентября и в сент. 2021 года; сентябрём не бывает. ДВА ДНЯ назад, Двадцать два.",
    "руб. руб 5 руб., тыс. руб. и рублей; USD, usd 20 млн; 1,2 млрд сомов",
]


def _flat(phrases, space=None, end=None):
    ws = sorted(set(phrases), key=len, reverse=True)
    body = []
    for w in ws:
        src = re.escape(w)
        if space is not None:
            src = src.replace(r"\ ", " ").replace(" ", space)
        body.append(src + (end(w) if end else ""))
    return "(?:" + "|".join(body) + ")"


def _all_matches(source: str, flags=re.IGNORECASE):
    rx = re.compile(rf"(?<![\w])(?P<w>{source})(?:{SP}(?P<next>\w+))?", flags)
    return [[(m.span(), m.groupdict()) for m in rx.finditer(t)] for t in TEXTS]


def test_phrase_alternation_matches_like_the_flat_longest_first_alternation():
    words = ["два", "двум", "двумя", "двух", "двадцать", "двадцати", "двести", "двое", "двое суток", "сентябрь",
             "сентября", "сентябре", "сент", "сент.", "twenty", "twenty-five", "two", "two hundred", "a", "a couple of",
             "a few", "руб", "руб.", "рублей", "тыс.", "тыс. руб."]
    for space in (None, SP):
        for end in (None, lambda w: "" if w.endswith(".") else r"(?![\w])"):
            assert _all_matches(phrase_alternation(words, space=space, end=end)) == \
                _all_matches(_flat(words, space=space, end=end))


def test_phrase_alternation_prefers_the_longer_phrase_when_the_rest_allows():
    rx = re.compile(phrase_alternation(["два", "двадцать", "двадцать два"], space=SP) + r"(?![\w])", re.IGNORECASE)
    assert rx.match("Двадцать\u00a0два дня").group(0) == "Двадцать\u00a0два"
    assert rx.match("двадцать дней").group(0) == "двадцать"
    # "двадцать" cannot end before a letter: the shorter phrase is not taken either
    assert rx.match("двадцатьпять") is None


def test_phrase_alternation_of_no_phrases_matches_nothing():
    assert re.search(phrase_alternation([]), "anything at all") is None


def test_find_amounts_money_only_gives_the_money_of_the_full_search():
    text = ("Россия выделит 1,2\u00a0млрд сомов на три новые школы, ещё $ 100 million пойдут на 20 процентов "
            "дорог, а «двести пять тысяч рублей» получат сотни тысяч жителей в 2024 году.")
    for lang in ("ru", "en"):
        full = [a for a in find_amounts(text, lang) if a.currency]
        assert find_amounts(text, lang, money_only=True) == full
    assert {a.currency for a in find_amounts(text, "ru", money_only=True)} == {"KGS", "USD", "RUB"}


def test_find_candidates_gives_a_fresh_list_each_call():
    text = "Визит состоялся 25\u00a0ноября 2024 года, а через два месяца – ответный."
    first = find_candidates(text, "ru")
    assert [c.text for c in first] == ["25\u00a0ноября 2024 года", "через два месяца"]
    first.clear()
    assert [c.text for c in find_candidates(text, "ru")] == ["25\u00a0ноября 2024 года", "через два месяца"]


def test_digit_led_patterns_tried_at_digit_runs_find_what_a_full_scan_finds():
    from dyadwatch import temporal
    from dyadwatch.stages import amounts

    text = ("Договор от 06.05.2024 (2024-05-06) продлён до 2030 года; в 1990-х и в 2003—2011 годах рост 12,5 %, "
            "а ещё x2021 и 10:30. Exports grew 5% to 1,250 USD, 3 000 000 сомов, 20\u00a0000 KGS in 2021–2022.")
    starts = temporal.digit_run_starts(text)
    checked = 0
    for lang in ("en", "ru"):
        for (kind, pattern), led in zip(temporal._patterns(lang), temporal._digit_led(lang)):
            if led:
                checked += 1
                assert [m.span() for m in temporal._finditer_at(pattern, text, starts)] == \
                    [m.span() for m in pattern.finditer(text)]
        for kind in amounts._digit_led(lang):
            pattern = amounts._patterns(lang)[kind]
            checked += 1
            for pos in range(0, len(text), 7):
                got, want = temporal.search_at(pattern, text, pos, starts), pattern.search(text, pos)
                assert (got and got.span()) == (want and want.span())
    assert checked >= 12
