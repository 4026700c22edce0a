"""Eval readers and scorers on tiny inline samples of each gold format (no models loaded)."""
from __future__ import annotations

import json

import pytest

from dyadwatch.eval.devgold import coarse_event_type, names_match, phonetic_key, score_articles
from dyadwatch.eval.events import (GoldSentence, Prediction, macro_f1, read_petrarch_gsr, read_plover_gsr,
                                   score_plover)
from dyadwatch.eval.quotes import baseline_spans, core_span, read_gum_xml

PLOVER_SAMPLE = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "documentation"},
    {"id": "A1", "event": "DEMAND", "text": "Kyrgyzstan urged Russia to ease migrant registration.",
     "source": [{"actorText": "Kyrgyzstan", "code": "KGZ"}], "target": [{"actorText": "Russia", "code": "RUS"}]},
    {"id": "A2", "event": "CONSULT", "text": "Japarov met Putin in Bishkek.",
     "source": [{"actorText": "Japarov", "code": "KGZ"}], "target": [{"actorText": "Putin", "code": "RUS"}]},
]

PETRARCH_SAMPLE = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
# a comment line outside XML comments, as in the real file
<Sentences>
<Sentence category="GOLD" date="20150609" id="GOLD_1" evaluate="true"/>
<EventCoding eventcode="040" sourcecode="KGZGOV" targetcode="RUSGOV" />
<EventCoding eventcode="0431" sourcecode="RUSGOV" targetcode="KGZGOV" />
<Text>
The Kyrgyz president met the Russian leader
in Bishkek on Tuesday.
</Text>
<Parse>1 The the DET</Parse>
<Sentence category="GOLD" date="20150610" id="GOLD_2" evaluate="true"/>
<EventCoding noevents="True"/>
<Text>
Weather was mild.
</Text>
</Sentences>
</Validation>
"""

GUM_SAMPLE = """<text id="GUM_news_sample">
<p>
<s type="decl">
<quote>
"\t``\t"
We\tPP\twe
agree\tVVP\tagree
with\tIN\twith
Bishkek\tNP\tBishkek
,\t,\t,
"\t''\t"
</quote>
she\tPP\tshe
said\tVVD\tsay
.\tSENT\t.
</s>
</p>
<p>
<s type="decl">
The\tDT\tthe
<q>
"\t``\t"
soft\tJJ\tsoft
loan\tNN\tloan
"\t''\t"
</q>
waits\tVVZ\twait
.\tSENT\t.
</s>
</p>
</text>
"""


def test_read_plover_gsr_skips_documentation_and_maps_old_labels(tmp_path):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(PLOVER_SAMPLE), encoding="utf-8")
    gold = read_plover_gsr(path)
    assert [g.type for g in gold] == ["REQUEST", "CONSULT"]  # DEMAND (PLOVER 0.5b1) is REQUEST now
    assert gold[0].sources == ("KGZ",) and gold[0].targets == ("RUS",)


def test_read_petrarch_gsr_tolerates_comment_lines_and_keeps_roots(tmp_path):
    path = tmp_path / "petr.xml"
    path.write_text(PETRARCH_SAMPLE, encoding="utf-8")
    first, second = read_petrarch_gsr(path)
    assert first.cameo_roots == ("04",) and first.date == "2015-06-09"
    assert first.text == "The Kyrgyz president met the Russian leader in Bishkek on Tuesday."
    assert second.cameo_roots == ()


def test_macro_f1_and_plover_report_against_majority_baseline():
    gold = ["CONSULT", "CONSULT", "REQUEST", "ACCUSE"]
    assert macro_f1(gold, gold) == 1.0
    assert macro_f1(gold, ["CONSULT"] * 4) == pytest.approx((2 / 3) / 3)
    sents = [GoldSentence(str(i), "x", None, t, ("KGZ",), ("RUS",)) for i, t in enumerate(gold)]
    preds = [Prediction(t, None, "KGZ", "RUS" if i else None, ("KGZ", "RUS")) for i, t in enumerate(gold)]
    rows = {(r["system"], r["category"]): r["value"] for r in score_plover(sents, preds).to_dict()["rows"]}
    assert rows[("dyadwatch", "type accuracy")] == 1.0 and rows[("majority class", "type accuracy")] == 0.5
    assert rows[("dyadwatch", "target country accuracy (n=4)")] == 0.75


def test_read_gum_xml_rebuilds_text_and_quote_spans(tmp_path):
    path = tmp_path / "GUM_news_sample.xml"
    path.write_text(GUM_SAMPLE, encoding="utf-8")
    doc = read_gum_xml(path)
    assert doc.text == '"We agree with Bishkek," she said.\nThe "soft loan" waits.'
    (q,) = doc.quotes
    assert doc.text[slice(*core_span(doc.text, *q))] == "We agree with Bishkek"
    (scare,) = doc.qs
    assert doc.text[slice(*core_span(doc.text, *scare))] == "soft loan"
    assert [doc.text[s:e] for s, e in baseline_spans(doc.text)] == ["We agree with Bishkek,", "soft loan"]


def test_devgold_names_match_across_scripts_and_spellings():
    assert names_match("Sadyr Zhaparov", "Sadyr Japarov")
    assert names_match("Константин Косачев", "Konstantin Kosachev")
    assert not names_match("Sergey Lavrov", "Vladimir Putin")
    assert phonetic_key("Matviyenko") == phonetic_key("Matvienko")


def test_devgold_scores_events_by_distinct_keys_and_quantified_commitments():
    gold = {"a": {"language": "en", "published": "2025-11-26", "persons": ["Sadyr Japarov", "Vladimir Putin"],
                  "events": [{"type": "meeting", "actors": ["Sadyr Japarov", "Vladimir Putin"],
                              "date": "2025-11-26", "place": "Bishkek"},
                             {"type": "visit", "actors": ["Vladimir Putin"], "date": "2025-11-26", "place": None}],
                  "quotes": [{"speaker": "Vladimir Putin", "text_start": "We personally monitor"}],
                  "commitments": [{"amount": "$100 million", "deadline": None, "evidence": "a loan of $100 million"}]}}
    pair = [{"name": "Sadyr Japarov"}, {"name": "Vladimir Putin"}]
    system = {"a": {"language": "en", "published": "2025-11-26T17:20:00",
                    "entities": [{"name": "Sadyr Japarov", "type": "PERSON"}, {"name": "Bishkek", "type": "GPE"}],
                    "events": [{"type": "CONSULT", "mode": None, "actors": pair, "date": "2025-11-26",
                                "place": {"name": "Bishkek"}},
                               {"type": "CONSULT", "mode": "visit", "actors": pair, "date": "2025-11-26"},
                               {"type": "CONSULT", "mode": None, "actors": pair, "date": "2025-11-26"}],
                    "quotes": [{"speaker": {"name": "Vladimir Putin"}, "text": "«We personally monitor it»"}],
                    "commitments": [{"amount": {"text": "$ 100 million"}, "evidence": {"text": "loan"}}]}}
    result = score_articles(system, gold)
    assert result["persons"]["r"] == 0.5 and result["persons"]["p"] == 1.0
    assert (result["events"]["tp"], result["events"]["sys"], result["events"]["gold"]) == (2, 2, 2)
    assert result["event_place_acc"] == 1.0 and result["event_date_acc"] == 1.0
    assert result["quote_speaker"]["accuracy"] == 1.0 and result["commitments"]["f1"] == 1.0
    assert coarse_event_type({"type": "CONSULT", "cameo": "041"}) == "phone_call"


@pytest.mark.slow
@pytest.mark.shared
def test_devgold_seeds_meet_the_event_and_commitment_targets(dev_gold_dir, seeds_dir):
    from dyadwatch.eval.devgold import run_devgold

    result = run_devgold(dev_gold_dir, seeds_dir)
    assert result["missing"] == 0
    assert result["events"]["f1"] >= 0.9 and result["event_place_acc"] == 1.0
    assert result["commitments"]["f1"] == 1.0 and result["commitments_all"]["recall"] >= 0.85
    assert result["quotes"]["r"] == 1.0 and result["quote_speaker"]["accuracy"] >= 0.9
