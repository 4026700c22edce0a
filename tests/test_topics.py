"""Topic scoring on token lemmas (tokens added by hand, with the lemmas a lemmatiser would give)."""
from __future__ import annotations

import re

from stagedocs import make_doc

from dyadwatch.stages.tokens import Token
from dyadwatch.stages.topics import TopicStage, score_topics


def tokens_with(text: str, lemmas: dict[str, str]) -> tuple[Token, ...]:
    out = []
    for m in re.finditer(r"[\w\-]+|[^\w\s]", text):
        word = m.group(0)
        out.append(Token(m.start(), m.end(), word, lemmas.get(word.lower(), word.lower())))
    return tuple(out)


def test_topics_russian_case_forms_hit_lemmas():
    text = ("Трудовым мигрантам из Кыргызстана обещана амнистия. Вопросы миграции и миграционного учета "
            "обсуждались вместе с открытием рейсов и авиасообщения.")
    lemmas = {"трудовым": "трудовой", "мигрантам": "мигрант", "амнистия": "амнистия", "миграции": "миграция",
              "миграционного": "миграционный", "рейсов": "рейс", "авиасообщения": "авиасообщение"}
    doc = make_doc(text, "ru", tokens=tokens_with(text, lemmas))
    topics = {t.label: t for t in score_topics(doc)}
    assert "migration" in topics and "aviation" in topics
    assert topics["migration"].score > topics["aviation"].score
    assert all(0 < t.score <= 1 for t in topics.values())
    assert all(text[s.start:s.end] == s.text for s in topics["migration"].evidence)


def test_topics_score_grows_with_hits_and_unmatched_labels_stay_out():
    text = ("Education ministers discussed school curricula and university places for students. "
            "They also mentioned gas once.")
    doc = make_doc(text, "en", tokens=tokens_with(text, {"students": "student", "places": "place"}))
    topics = TopicStage().process(doc)["topics"]
    scores = {t.label: t.score for t in topics}
    assert topics[0].label == "education" and scores["education"] > scores["energy"] > 0
    assert "migration" not in scores and "security" not in scores


def test_topics_multiword_term_counts_once():
    text = "The Russian language is taught. The Russian language is loved."
    doc = make_doc(text, "en", tokens=tokens_with(text, {}))
    (topic,) = [t for t in score_topics(doc) if t.label == "language"]
    assert len(topic.evidence) == 2 and topic.evidence[0].text == "Russian language"
