"""Tone: Goldstein-like weights per CAMEO code, adjustments, and the article aggregate."""
from __future__ import annotations

from dataclasses import replace

from stagedocs import make_doc

from dyadwatch.records import Actor, Event, Span
from dyadwatch.stages.tone import ToneStage, lexicon_tone
from dyadwatch.tonescale import cameo_weight, event_tone


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
    assert ToneStage().process(doc) == {"tone": 0.75}


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
