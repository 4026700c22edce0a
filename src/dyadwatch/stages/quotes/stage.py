"""The quote stage: direct and reported speech, each with its speaker (see the package docstring)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from ...document import Doc
from ...patterns import WORD_RE
from ...pipeline import Stage
from ...records import Actor, Quote, Span
from ...textindex import DocIndex
from .attribution import SpeakerFinder, SpeakerHit, SpeechHistory, speaker_lexicon, speech_lexicon
from .spans import (QuotedSpan, ends_clause, find_quoted_spans, interrupted, is_title, pull_quotes, word_count,
                    word_start_alternation)
from .syntax import subject_of

STAGE = "quotes"


class QuoteStage(Stage):
    name = "quotes"
    requires = ("language", "sentences", "mentions", "entities")
    adds = ("quotes",)

    def warm_up(self) -> None:
        """Load the speech lexicons and compile the speech-verb and cue regexes before the first article."""
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        speech = speech_lexicon(extra)
        speaker_lexicon(extra)
        for lang in ("en", "ru"):
            word_start_alternation(tuple(speech.get("verbs", {}).get(lang, ())))
            for kind in ("that", "according"):
                word_start_alternation(tuple(speech.get("indirect", {}).get(lang, {}).get(kind, ())))

    def process(self, doc: Doc) -> Mapping[str, Any]:
        return {"quotes": tuple(extract_quotes(doc))}


@dataclass(frozen=True, slots=True)
class _Context:
    """What the quote functions share for one Doc."""

    index: DocIndex
    finder: SpeakerFinder
    history: SpeechHistory
    verb_rx: re.Pattern[str] | None
    object_rx: re.Pattern[str] | None
    titles: dict
    min_fragment_words: int
    according_rx: re.Pattern[str] | None
    quoted: tuple[tuple[int, int], ...] = ()  # outer ranges of the quotations: their verbs attribute nothing
    next_rx: re.Pattern[str] | None = None  # openers of a next sentence that names the speaker

    def verbs_in(self, start: int, end: int) -> list[re.Match[str]]:
        """Speech verbs in ``[start, end)`` outside quotations."""
        if self.verb_rx is None:
            return []
        return [m for m in self.verb_rx.finditer(self.index.text, start, end) if not _inside(m.start(), self.quoted)]


def extract_quotes(doc: Doc) -> list[Quote]:
    index = DocIndex(doc)
    text = index.text
    lang = index.language if index.language in ("en", "ru") else "en"
    speech = speech_lexicon(index.extra)
    min_words = int(speech.get("min_quote_words", 4))
    verb_rx = word_start_alternation(tuple(speech.get("verbs", {}).get(lang, ())))
    history = SpeechHistory()
    finder = SpeakerFinder(index, history, skip_outlets=True)
    for pos, actor in finder.offices.sources():
        history.add_source(pos, actor)
    direct = [part for s in find_quoted_spans(text, lost_close=True) for part in interrupted(text, s, verb_rx)
              if word_count(text[part.start:part.end]) >= min_words]
    quoted = [(s.outer_start, s.outer_end) for s in direct]
    ctx = _Context(index, finder, history, verb_rx,
                   word_start_alternation(tuple(speech.get("object_speaker", {}).get(lang, ()))),
                   dict(speech.get("titles", {}).get(lang, {})), int(speech.get("min_fragment_words", 6)),
                   word_start_alternation(tuple(speech.get("indirect", {}).get(lang, {}).get("according", ()))),
                   tuple(quoted), word_start_alternation(tuple(speech.get("next_sentence", {}).get(lang, ()))))

    items: list[tuple[int, str, Any]] = [(s.outer_start, "direct", s) for s in direct]
    items += [(pull[0].outer_start, "pull", pull)
              for pull in pull_quotes(text, tuple(speech.get("first_person", {}).get(lang, ())))]
    items += [(pos, "indirect", cue) for pos, cue in _indirect_cues(text, lang, speech, quoted)]
    items += [(m.start(), "verb", m) for m in (verb_rx.finditer(text) if verb_rx else ())
              if not _inside(m.start(), quoted)]
    items.sort(key=lambda it: it[0])

    quotes: list[Quote] = []
    last_direct: Quote | None = None
    for pos, kind, item in items:
        if kind == "verb":
            hit = _verb_subject(ctx, item)
            if hit is not None:
                _remember(history, item.start(), hit)
            continue
        if kind in ("direct", "pull"):
            q = _direct_quote(ctx, item, last_direct) if kind == "direct" else _pull_quote(ctx, *item)
            if q is not None:
                last_direct = q
        else:
            q = _indirect_quote(ctx, item)
        if q is None:
            continue
        quotes.append(q)
        if q.speaker is not None:
            pos = q.cue.start if q.cue else q.start
            ent = index.entities.get(q.speaker.entity or "")
            if ent is not None and ent.type == "PERSON":
                history.add(pos, ent)
            elif ent is None or ent.type == "ORG":
                history.add_source(pos, q.speaker)
    return quotes


def _remember(history: SpeechHistory, pos: int, hit: SpeakerHit) -> None:
    """A speech verb's subject: a person for later pronouns, an institution for later statements."""
    if hit.entity is not None and hit.entity.type == "PERSON":
        history.add(pos, hit.entity)
    elif hit.how in ("institution", "statement") or (hit.entity is not None and hit.entity.type == "ORG"):
        history.add_source(pos, hit.actor)


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in ranges)


def _verb_subject(ctx: _Context, m: re.Match[str]) -> SpeakerHit | None:
    """The subject of a speech verb outside quotes: 'X, in turn, noted' or '– отметил X'."""
    text = ctx.index.text
    sent = ctx.index.sentence_at(m.start()).span
    before_start = max(sent.start, _nth_word_back(text, m.start(), 6))
    after_end = min(sent.end, m.end() + 80)
    return _speaker_of_verb(ctx, m.start(), m.end(), before_start, after_end, m.start(),
                            after=ctx.index.language == "ru", floor=sent.start)


def _speaker_of_verb(ctx: _Context, vstart: int, vend: int, lo: int, hi: int, anchor: int,
                     after: bool = True, floor: int | None = None) -> SpeakerHit | None:
    """Who a speech verb at ``[vstart, vend)`` attributes the words to, named within ``[lo, hi)``.

    An object-speaker verb ("quotes the minister", «цитирует министра») names the speaker after it.
    Otherwise, in English, the verb's subject in the dependency parse ("he said, answering a question
    about X": he, not X; "Putin, meeting Lukashenko, confirmed": Putin, the subject's head); without a
    parse, the nearest candidate before the verb ("X said"), else the first one after it ("said X",
    «отметил X», «как подчеркнул X»). The parse's subject may start before ``lo`` down to ``floor``
    ("Putin praised ... and announced that": a subject shared with an earlier verb).
    """
    finder, text = ctx.finder, ctx.index.text
    if ctx.object_rx is not None and ctx.object_rx.fullmatch(text, vstart, vend) \
            and not _PASSIVE_BEFORE.search(text, max(lo, vstart - 8), vstart):  # not "X was quoted as saying"
        obj_end = _clause_end(text, vend, hi)  # «цитирует пресс-служба слова Жапарова»: the person quoted,
        return finder.named_person(vend, obj_end, anchor) or finder.find(vend, obj_end, anchor)  # not the relay
    if ctx.index.language == "en":
        subject = subject_of(text, vstart)
        if subject is not None and (lo if floor is None else floor) <= subject.start and subject.end <= hi:
            hit = finder.find(subject.start, subject.end, anchor, prefer_last=subject.end <= vstart,
                              head=(subject.head_start, subject.head_end))
            if hit is None and subject.end <= vstart:  # "His counterpart Jeenbek Kulubaev added": the
                hit = finder.find(subject.start, vstart, anchor, prefer_last=True)  # name in apposition
            return hit
    if _AS_BEFORE.search(text, max(lo, vstart - 8), vstart):  # «как подчеркнул X», "as X noted": it follows
        hit = finder.find(vend, _clause_end(text, vend, hi), anchor)
        if hit is not None:
            return hit  # else "X was quoted as saying": before
    hit = finder.find(lo, vstart, anchor, prefer_last=True)
    if hit is None and after:  # "said X, adding ...", «сказал он, отвечая на вопрос о Y»: X and он, not Y
        hit = finder.find(vend, _clause_end(text, vend, hi), anchor)
    return hit


_CLAUSE_STOP = re.compile(r"[,;(]|\s[–—-]\s")
_PASSIVE_BEFORE = re.compile(r"(?<![\w-])(?:was|were|is|are|been|being)[\s\u00a0]+$", re.IGNORECASE)


def _clause_end(text: str, start: int, end: int) -> int:
    """Where the phrase after a speech verb ends: the first comma, semicolon, bracket or dash."""
    m = _CLAUSE_STOP.search(text, start, end)
    return m.start() if m else end


_AS_BEFORE = re.compile(r"(?<![\w-])(?:как|as)[\s\u00a0]+$", re.IGNORECASE)


def _nth_word_back(text: str, pos: int, n: int) -> int:
    words = list(WORD_RE.finditer(text, max(0, pos - 200), pos))
    return words[-n].start() if len(words) >= n else (words[0].start() if words else pos)


def _direct_quote(ctx: _Context, span: QuotedSpan, previous: Quote | None) -> Quote | None:
    index, verb_rx = ctx.index, ctx.verb_rx
    text = index.text
    inner_start, inner_end = _trim(text, span.start, span.end)
    if inner_end <= inner_start:
        return None
    after_end = _attribution_end(text, span.outer_end, index.paragraph_end(span.outer_end))
    cue, hit = None, None
    if verb_rx is not None:  # “...,” said X / «...», – отметил X / "...," it said
        m = verb_rx.search(text, span.outer_end, after_end)
        if m and m.start() - span.outer_end <= 60:
            cue = Span.of(text, m.start(), m.end())
            hit = _speaker_of_verb(ctx, m.start(), m.end(), span.outer_end, after_end, span.outer_start)
    if cue is None and ctx.according_rx is not None:  # “...,” according to X.
        c = ctx.according_rx.search(text, span.outer_end, min(after_end, span.outer_end + 15))
        if c is not None:
            cue = Span.of(text, c.start(), c.end())
            hit = ctx.finder.find(c.end(), _clause_end(text, c.end(), after_end), span.outer_start) \
                or ctx.finder.in_cue(c.start(), c.end(), span.outer_start)
    if hit is None and cue is None:  # «...» — Садыр Жапаров. / “...” — Sadyr Japarov: a byline of words
        hit = _name_after_dash(ctx, span)
    if hit is None:  # «...». Об этом заявил X. / “...” This was stated by X.
        next_cue, next_hit = _next_sentence(ctx, span)
        if next_hit is not None:
            cue, hit = next_cue, next_hit
    if hit is None and cue is None and is_title(text, span, ctx.titles):
        return None  # the law «On ...», the forum "Russia - Central Asia": a name, not a quotation
    if hit is None:  # X said: «...» / X noted that «...» / X stressed that on trade “...” / according to X, «...»
        before_cue, hit = _attribution_before(ctx, span)
        cue = before_cue or cue
    inner = text[inner_start:inner_end]
    split = hit is None and previous is not None and previous.speaker is not None \
        and _split_after_attribution(text, previous, span, verb_rx) \
        and not _names_another(ctx, previous, previous.end, span.outer_start)
    if inner[:1].islower() and word_count(inner) < (8 if hit is None and not split else ctx.min_fragment_words):
        return None  # a scare quote or a phrase in quotes, not a quotation
    if hit is None and not split and word_count(inner) <= 10 and not ends_clause(text, span) \
            and not (previous is not None and _continues(ctx, previous, span)):
        return None  # a title or a name in quotes ("Anon declares war on ..."): no sentence, no speaker
    speaker = hit.actor if hit else None
    confidence = 0.9 if hit and hit.how == "mention" else 0.75 if hit else 0.4
    if split:
        speaker, confidence = previous.speaker, 0.8  # type: ignore[union-attr]
    elif speaker is None and previous is not None and previous.speaker is not None \
            and _continues(ctx, previous, span):
        speaker, confidence = previous.speaker, 0.6
    elif speaker is None:
        speaker, confidence = _context_speaker(ctx, span, previous)
    evidence_end = max(after_end if cue else span.outer_end, span.outer_end)
    return Quote(text=text[inner_start:inner_end], start=inner_start, end=inner_end, speaker=speaker, direct=True,
                 evidence=Span.of(text, index.sentence_at(span.outer_start).span.start, evidence_end),
                 cue=cue, stage=STAGE, confidence=confidence)


_DASH_THEN = re.compile(r"[\s\u00a0]*[–—][\s\u00a0]*")


def _name_after_dash(ctx: _Context, span: QuotedSpan) -> SpeakerHit | None:
    """A quotation, a dash and a person's name that ends the paragraph or sentence (the lead or headline
    form «...» — Садыр Жапаров): that person."""
    text = ctx.index.text
    dash = _DASH_THEN.match(text, span.outer_end)
    if dash is None or dash.end() == span.outer_end:
        return None
    for m in ctx.index.mentions_in(dash.end(), dash.end() + 60, ("PERSON",)):
        if m.start != dash.end() or m.kind == "pronoun":
            continue
        rest = text[m.end:text.find("\n", m.end) if "\n" in text[m.end:] else len(text)]
        if re.fullmatch(r"[\s\u00a0]*[.!]?[\s\u00a0]*", rest):
            return ctx.finder.find(m.start, m.end, span.outer_start)
    return None


_SENTENCE_GAP = re.compile(r"[.!?…]?[ \t\u00a0]+")


def _next_sentence(ctx: _Context, span: QuotedSpan) -> tuple[Span | None, SpeakerHit | None]:
    """A quotation that ends its sentence, and a next sentence in the same paragraph that opens with
    a ``next_sentence`` cue ("Об этом", "This was stated by") and has a speech verb: who it names."""
    text = ctx.index.text
    gap = _SENTENCE_GAP.match(text, span.outer_end)
    if ctx.next_rx is None or gap is None:
        return None, None
    opener = ctx.next_rx.match(text, gap.end())
    if opener is None or text[opener.end():opener.end() + 1] == ",":  # «Так, ...»: "for instance"
        return None, None
    sent_end = ctx.index.sentence_at(opener.start()).span.end
    verbs = ctx.verbs_in(opener.start(), sent_end)
    if not verbs:
        return None, None
    hit = ctx.finder.find(opener.end(), sent_end, span.outer_start)
    return (Span.of(text, verbs[0].start(), verbs[0].end()), hit) if hit is not None else (None, None)


def _pull_quote(ctx: _Context, span: QuotedSpan, name_start: int, name_end: int) -> Quote | None:
    """A pull quote whose name line is one person's name."""
    names = [m for m in ctx.index.mentions_in(name_start, name_end, ("PERSON",))
             if m.start == name_start and m.end == name_end]
    ent = ctx.index.entity_of(names[0]) if names else None
    if ent is None:
        return None
    text = ctx.index.text
    return Quote(text=text[span.start:span.end], start=span.start, end=span.end,
                 speaker=ctx.index.actor(ent, "speaker"), direct=True,
                 evidence=Span.of(text, span.start, name_end), cue=None, stage=STAGE, confidence=0.7)


def _attribution_before(ctx: _Context, span: QuotedSpan) -> tuple[Span | None, SpeakerHit | None]:
    """The attribution of a quotation before its opening mark: the last speech verb of its sentence
    ("X said: «...»", "X noted that «...»", "X stressed that on trade “...”"), an "according to X," /
    «по словам X,» opener of that sentence, a name and a colon ("Japarov: «...»"), or the end of the
    paragraph before when it ends with a colon ("X said:" and the quotation as its own paragraph)."""
    index, text = ctx.index, ctx.index.text
    para_start = text.rfind("\n", 0, span.outer_start) + 1
    sent_start = max(para_start, index.sentence_at(span.outer_start).span.start)
    before = text[para_start:span.outer_start].rstrip()
    if not before and para_start > 0:  # the quotation opens its paragraph: "X said:" ends the one before
        prev_end = len(text[:para_start].rstrip())
        if text[:prev_end].endswith(":"):
            prev_start = text.rfind("\n", 0, prev_end) + 1
            return _attribution_in(ctx, span, max(prev_start, index.sentence_at(prev_end - 1).span.start), prev_end)
        return None, None
    if before.endswith((":", "что", "that")):
        window_start = max(para_start, span.outer_start - 160)
    else:
        window_start = sent_start
    if not text[window_start:span.outer_start].strip():
        return None, None  # the quotation opens its sentence: nothing before it attributes it
    return _attribution_in(ctx, span, window_start, span.outer_start)


def _attribution_in(ctx: _Context, span: QuotedSpan, lo: int, hi: int) -> tuple[Span | None, SpeakerHit | None]:
    """The speaker that ``text[lo:hi]``, right before a quotation, attributes it to."""
    text = ctx.index.text
    for c in ctx.according_rx.finditer(text, lo, hi) if ctx.according_rx else ():
        comma = text.find(",", c.end(), hi)
        if comma >= 0:  # "according to X, «...»"
            hit = ctx.finder.find(c.end(), comma, span.outer_start) or ctx.finder.in_cue(c.start(), c.end(),
                                                                                         span.outer_start)
            if hit is not None:
                return Span.of(text, c.start(), c.end()), hit
    verbs = ctx.verbs_in(lo, hi)
    if verbs:
        m = verbs[-1]  # its speaker is named in its own sentence ("X met Y. He said: «...»": not Y)
        lo = max(lo, ctx.index.sentence_at(m.start()).span.start)
        hit = _speaker_of_verb(ctx, m.start(), m.end(), lo, hi, span.outer_start)
        return (Span.of(text, m.start(), m.end()), hit) if hit is not None else (None, None)
    head = text[lo:hi].rstrip()
    if head.endswith(":") and len(WORD_RE.findall(head)) <= 6:  # "Japarov: «...»", «Песков: «...»»
        colon = lo + len(head) - 1
        hit = ctx.finder.find(max(lo, colon - 60), colon, span.outer_start, prefer_last=True)
        if hit is not None and hit.end >= colon - 1:
            return None, hit
    return None, None


def _context_speaker(ctx: _Context, span: QuotedSpan, previous: Quote | None) -> tuple[Actor | None, float]:
    """A quotation with no attribution of its own, in the account of someone's words:

    - a paragraph of its own after a paragraph whose last sentence reports someone's words ("X noted
      that ..." / «X подчеркнул, что ...»): that speaker;
    - opening a sentence in a paragraph whose earlier sentence reports a speaker ("Как подчеркнул X,
      ... «...»", "X noted that ... “...”"): that speaker;
    - woven into a sentence that names no speaker ("The presidents also discussed “...”") shortly
      after a quotation of a known speaker (within two paragraphs): the same speaker.
    """
    text = ctx.index.text
    para_start = text.rfind("\n", 0, span.outer_start) + 1
    sent_start = ctx.index.sentence_at(span.outer_start).span.start
    if para_start > 0 and not text[para_start:span.outer_start].strip():
        # a quotation that is its own paragraph, after a paragraph ending in someone's reported words
        prev_end = len(text[:para_start].rstrip())
        last_sent = ctx.index.sentence_at(max(0, prev_end - 1)).span
        lo = max(text.rfind("\n", 0, prev_end) + 1, last_sent.start)
        verbs = ctx.verbs_in(lo, prev_end)
        if verbs:
            hit = _speaker_of_verb(ctx, verbs[-1].start(), verbs[-1].end(), lo, prev_end, span.outer_start)
            if hit is not None:
                return hit.actor, 0.5
        return None, 0.4
    if ctx.verb_rx is not None and not text[max(para_start, sent_start):span.outer_start].strip():
        verbs = ctx.verbs_in(para_start, span.outer_start)
        last = verbs[-1] if verbs else None
        if last is not None:
            sent = ctx.index.sentence_at(last.start()).span
            hit = _speaker_of_verb(ctx, last.start(), last.end(), max(para_start, sent.start),
                                   min(sent.end, span.outer_start),
                                   span.outer_start)
            if hit is not None:
                return hit.actor, 0.6
        return None, 0.4
    woven = bool(text[max(para_start, sent_start):span.outer_start].strip())
    if previous is not None and previous.speaker is not None and woven:
        gap = text[previous.end:span.outer_start]
        if gap.count("\n") <= 2 and len(gap) < 600 and not ctx.index.mentions_in(
                max(para_start, sent_start), span.outer_start, ("PERSON",)):
            return previous.speaker, 0.5
    return None, 0.4


SENTENCE_STOP = re.compile(r"[.!?…](?=[\s\u00a0]|$)|[«“„]")


_NEW_SENTENCE_AFTER = re.compile(r"[.!?…][\s\u00a0]+[«“\"A-ZА-ЯЁ]")


def _attribution_end(text: str, pos: int, para_end: int) -> int:
    """Where the attribution after a closing quote mark ends: the first full stop (not the one
    right after the mark) or the next opening quote, within the paragraph. A full stop right after the
    mark that a new sentence follows ("...". He characterized ...) ends it there: no attribution."""
    if _NEW_SENTENCE_AFTER.match(text, pos, para_end):
        return pos
    m = SENTENCE_STOP.search(text, pos + 1, para_end)
    return min(m.start() if m else para_end, pos + 160)


def _split_after_attribution(text: str, previous: Quote, span: QuotedSpan,
                             verb_rx: re.Pattern[str] | None) -> bool:
    """“The first half,” Kosachev said, “the second half.” — the second half has the same speaker."""
    gap = text[previous.end:span.outer_start]
    return (verb_rx is not None and "\n" not in gap and len(gap) <= 80 and bool(verb_rx.search(gap))
            and gap.rstrip().endswith((",", ":", "–", "—", "-")))


def _names_another(ctx: _Context, previous: Quote, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` names a person other than the previous quote's speaker."""
    for m in ctx.index.mentions_in(start, end, ("PERSON",)):
        ent = ctx.index.entity_of(m)
        if ent is not None and previous.speaker is not None and ent.id != previous.speaker.entity:
            return True
    return False


def _continues(ctx: _Context, previous: Quote, span: QuotedSpan) -> bool:
    """A quote in the paragraph right after the previous one's, with no attribution of its own (a
    paragraph between them that reports someone's words breaks the run)."""
    text = ctx.index.text
    para_start = text.rfind("\n", 0, span.outer_start) + 1
    if text[para_start:span.outer_start].strip():
        return False
    gap = text[previous.end:span.outer_start]
    if not (1 <= gap.count("\n") <= 2 and len(gap) < 400):
        return False
    between = text.find("\n", previous.end, span.outer_start)
    return not ctx.verbs_in(between, para_start)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces and a trailing comma (“...,” said X) from a quotation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",–—-"):
        end -= 1
    return start, end


# ---------------------------------------------------------------------- reported speech
def _indirect_cues(text: str, lang: str, speech: dict, quoted: list[tuple[int, int]]) -> list[tuple[int, tuple]]:
    cues = speech.get("indirect", {}).get(lang, {})
    out: list[tuple[int, tuple]] = []
    for kind in ("that", "according"):
        rx = word_start_alternation(tuple(cues.get(kind, ())))
        if rx is None:
            continue
        for m in rx.finditer(text):
            if _inside(m.start(), quoted):
                continue
            out.append((m.start(), (kind, m.start(), m.end())))
    out.sort(key=lambda x: x[0])
    kept: list[tuple[int, tuple]] = []
    for pos, cue in out:  # "noted that" and "noted" at the same place: keep the longer
        if kept and pos < kept[-1][1][2]:
            continue
        kept.append((pos, cue))
    return kept


def _indirect_quote(ctx: _Context, cue: tuple) -> Quote | None:
    kind, cstart, cend = cue
    index, finder = ctx.index, ctx.finder
    text = index.text
    sent = index.sentence_at(cstart).span
    if kind == "according":
        comma = text.find(",", cend, sent.end)
        if 0 <= comma and comma - cend <= 120:  # "according to X, CLAUSE"
            hit = finder.find(cend, comma, cstart) or finder.in_cue(cstart, cend, cstart)
            body_start, body_end = comma + 1, sent.end
        else:  # "CLAUSE, according to X."
            hit = finder.find(cend, sent.end, cstart) or finder.in_cue(cstart, cend, cstart)
            body_start, body_end = sent.start, cstart
    else:
        window_start = max(sent.start, _nth_word_back(text, cstart, 8))
        verb = WORD_RE.search(text, cstart, cend)
        hit = _speaker_of_verb(ctx, cstart, verb.end() if verb else cend, window_start, cstart, cstart, after=False,
                               floor=sent.start)
        body_start, body_end = cend, sent.end
        if not text[cstart:cend].rstrip(",").lower().endswith(("that", "что")):
            # a bare verb ("he noted"): only a clause that follows directly counts
            if not re.match(r"[\s\u00a0]+(?:that[\s\u00a0]+)?[A-ZА-ЯЁ]", text[cend:cend + 12]) or hit is None:
                return None
    if hit is None:
        return None
    body_start, body_end = _trim(text, body_start, body_end)
    while body_end > body_start and text[body_end - 1] in ".!?":
        body_end -= 1
    if word_count(text[body_start:body_end]) < 3:
        return None
    return Quote(text=text[body_start:body_end], start=body_start, end=body_end, speaker=hit.actor, direct=False,
                 evidence=Span.of(text, sent.start, sent.end), cue=Span.of(text, cstart, cend), stage=STAGE,
                 confidence=0.7 if hit.how == "mention" else 0.55)
