"""Event triggers: the lexicons (knowledge/events), CAMEO -> PLOVER coding, and trigger hits with the
flags their context gives (negated, future, participation, intent)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from ...knowledge import load_tsv, load_yaml
from ...patterns import any_match, find_entries, literal_head, words_after, words_before
from ...records import Span

VISIT_CODES = ("042", "043")


@lru_cache(maxsize=8)
def cameo_table(extra: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    return {row["cameo"]: row for row in load_tsv("events/cameo_plover.tsv", extra)}


@lru_cache(maxsize=8)
def trigger_lexicon(extra: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    return load_yaml("events/triggers.yaml", extra)


@lru_cache(maxsize=8)
def event_cues(extra: tuple[str, ...] = ()) -> dict:
    return load_yaml("events/cues.yaml", extra)


def plover_of(cameo: str, extra: tuple[str, ...] = ()) -> tuple[str, str | None, tuple[str, ...]]:
    """PLOVER (type, mode, context) of a CAMEO code, by its longest listed prefix."""
    table = cameo_table(extra)
    for n in range(len(cameo), 1, -1):
        row = table.get(cameo[:n])
        if row:
            ctx = tuple(c for c in (row.get("context") or "").split(";") if c)
            return row["plover"], (row.get("mode") or None), ctx
    return "OTHER", None, ()


_HEADS: dict[int, tuple[Sequence[Any], list[tuple[str, Any]]]] = {}


def present_entries(text: str, entries: Sequence[Any], key: str = "pattern") -> list[Any]:
    """The lexicon entries whose literal first letters occur somewhere in ``text``, in lexicon order.

    ``find_entries`` skips every other entry anyway, but works out each entry's head again on each
    call; narrowing a lexicon once per article leaves it the few entries that can match. The heads are
    kept per lexicon list (the lexicon loaders hand out the same list each time)."""
    got = _HEADS.get(id(entries))
    if got is None or got[0] is not entries:
        if len(_HEADS) >= 64:
            _HEADS.clear()
        heads = [(literal_head(e[key] if isinstance(e, dict) else str(e)), e) for e in entries]
        got = _HEADS[id(entries)] = (entries, heads)  # the list is held, so its id is not reused
    lowered = text.lower().replace("’", "'")
    return [e for head, e in got[1] if head in lowered]


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger in the text, coded: CAMEO code, PLOVER type/mode/context, and flags from its context."""

    span: Span
    cameo: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    multilateral: bool
    negated: bool
    future: bool
    participation: bool = False
    intent: bool = False  # a planned cooperative act, coded as the intent to do it (AGREE 03x)
    act: str = ""  # for a planned contact (036): the contact it plans, "meet" | "visit" | "phone"

    @property
    def contact(self) -> bool:
        """A meeting, visit or call, held or planned: one real-world contact between people."""
        return self.type == "CONSULT" or bool(self.act)

    @property
    def family(self) -> str:
        """"visit", "phone", "meet" for contacts (planned ones by the contact they plan), else the mode."""
        if self.act:
            return self.act
        if self.type != "CONSULT":
            return self.mode or ""
        if self.cameo in VISIT_CODES:
            return "visit"
        return "phone" if self.mode == "phone" else "meet"


def find_triggers(text: str, language: str, start: int = 0, end: int | None = None,
                  extra: tuple[str, ...] = ()) -> list[TriggerHit]:
    """Coded trigger hits in ``text[start:end]`` (no actors: see ``extract_events`` for those)."""
    lang = language if language in ("en", "ru") else "en"
    entries = trigger_lexicon(extra).get(lang, [])
    cues = event_cues(extra)
    window = int(cues.get("window_words", 4))
    end = len(text) if end is None else end
    out = []
    for hit in find_entries(text, present_entries(text[start:end], entries), start=start, end=end):
        entry = hit.entry
        cameo = str(entry["cameo"])
        ptype, mode, ctx = plover_of(cameo, extra)
        if entry.get("type"):
            ptype = entry["type"]
        if entry.get("mode"):
            mode = entry["mode"]
        if entry.get("context"):
            ctx = tuple(entry["context"])
        before = own_sentence_before(words_before(text, hit.start, window)[1])
        after = own_sentence_after(words_after(text, hit.end, window)[1])
        _, just_before = words_before(text, hit.start, 1)
        if any_match(just_before, cues.get("stale", {}).get(lang, ())):
            continue
        if text[hit.start:hit.end].endswith("ed") and any_match(just_before, cues.get("participle_lead", {}).get(lang, ())) \
                and ptype in set(cues.get("agent_required", ())):
            continue  # "the detained citizens": people named by what was done to them
        later = own_sentence_after(words_after(text, hit.end, int(cues.get("unconfirmed_window_words", 12)))[1])
        later = re.split(r"[,;:()]", later, maxsplit=1)[0]  # the trigger's own clause
        negated = bool(any_match(before, cues.get("negation", {}).get(lang, ()))
                       or any_match(later, cues.get("unconfirmed", {}).get(lang, ())))
        participation = bool(any_match(f"{before} {after}", cues.get("participation", {}).get(lang, ())))
        after_cues = cues.get("future_after", {}).get(lang) or cues.get("future", {}).get(lang, ())
        future = bool(any_match(before, cues.get("future", {}).get(lang, ())) or any_match(after, after_cues))
        if not future and lang == "ru" and _perfective_future(text, hit.start, hit.end):
            future = True  # «в пятницу встретится», «проведут переговоры», «посетит»: the verb's own tense
        if not future and _opens_sentence(text, hit.start):
            future = _subject_planned(text, hit.end, after_cues, lang)  # "Talks between X and Y will take place ..."
        if not future and ptype == "CONSULT" and cameo in VISIT_CODES:  # "invited Y to visit", «пригласил посетить»
            line_start = text.rfind("\n", 0, hit.start) + 1
            future = bool(_invited_before(text, max(line_start, hit.start - 160), hit.start, cues, lang))
        intent_code = None
        act = ""
        if future and not negated:
            intent_code = ((cues.get("intent_codes") or {}).get(cameo[:2])
                           or (cues.get("threat_codes") or {}).get(cameo[:2]))
        if intent_code:
            if ptype == "CONSULT":
                act = "visit" if cameo in VISIT_CODES else ("phone" if mode == "phone" else "meet")
            cameo = str(intent_code)
            ptype, mode, ctx = plover_of(cameo, extra)
        out.append(TriggerHit(Span.of(text, hit.start, hit.end), cameo, ptype, mode, ctx,
                              bool(entry.get("multilateral")), negated, future, participation, bool(intent_code), act))
    return out




_WORD = re.compile(r"[А-Яа-яЁё-]+")
# a sentence end: a full stop (or ! ?), maybe a closing quote, space, then a capital or an opening quote
_SENTENCE_END = re.compile(r"[.!?][»\"”’)]?\s+(?=[«\"“A-ZА-ЯЁ])")


def own_sentence_before(words: str) -> str:
    """The part of a window of words before a trigger that is in the trigger's own sentence: "... the upcoming
    summit. Kulubaev also met X" - "upcoming" and "summit" are the sentence before's, not cues of "met"."""
    ends = list(_SENTENCE_END.finditer(words))
    return words[ends[-1].end():] if ends else words


def own_sentence_after(words: str) -> str:
    """The part of a window of words after a trigger that is in the trigger's own sentence."""
    m = _SENTENCE_END.search(words)
    return words[:m.start() + 1] if m else words


def _perfective_future(text: str, start: int, end: int) -> bool:
    """A Russian trigger in the future tense by its verb's own form: the trigger word itself, or the nearest
    finite verb before it in its sentence («проведут переговоры», «посетит Россию с визитом», «пройдут саммит,
    совещание и заседание»), is one pymorphy reads as future (perfective «встретится», «посетит»; «будет» is a
    cue word already). A past verb nearer the trigger («который посетит Бишкек, провел встречу») keeps it past."""
    from ..models import morph_vocab

    vocab = morph_vocab()
    m = _WORD.match(text, start)
    words = [m.group()] if m else []
    sentence = re.split(r"[.!?\n]\s", text[max(0, start - 200):start])[-1]
    words += list(reversed(_WORD.findall(sentence)))[:16]
    for w in words:
        tag = vocab.parse(w.lower())[0].tag
        if "VERB" in tag:
            return "futr" in tag
    return False


def _opens_sentence(text: str, start: int) -> bool:
    """The trigger is the sentence's first word but an article ("Talks between ...", "The talks of ...", «Переговоры
    ...»): a noun that is the subject, whose predicate stands further on."""
    head = text[max(0, start - 120):start]
    ends = list(re.finditer(r"[.!?»\"”]\s+|\n", head))
    if not ends and start > 120:
        return False
    return len(head[ends[-1].end():].split() if ends else head.split()) <= 1


def _subject_planned(text: str, end: int, cues: tuple, lang: str) -> bool:
    """The predicate of a subject trigger, within its clause, is a scheduling phrase ("Talks between X and Y will take
    place on May 3", «Переговоры X и Y пройдут в Бишкеке»), or for Russian a verb in the future tense."""
    clause = re.split(r"[,;:()]", own_sentence_after(words_after(text, end, 10)[1]), maxsplit=1)[0]
    if any_match(clause, cues):
        return True
    if lang != "ru":
        return False
    from ..models import morph_vocab

    vocab = morph_vocab()
    for w in _WORD.findall(clause):
        tag = vocab.parse(w.lower())[0].tag
        if "VERB" in tag:
            return "futr" in tag
    return False


def _invited_before(text: str, start: int, end: int, cues: dict, lang: str):
    """The last invitation cue of ``text[start:end]`` in the same sentence as ``end`` (a match), or None."""
    from ...patterns import iter_matches

    last = None
    for m in iter_matches(text, tuple(cues.get("invitation", {}).get(lang, ())), start, end):
        if not any(c in text[m.end():end] for c in ".!?"):
            last = m
    return last
