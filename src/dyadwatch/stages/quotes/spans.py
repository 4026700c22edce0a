"""Quoted spans: where quotations are in a text (marks, nesting, paragraphs that continue a quote)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...patterns import WORD_RE, compile_alternation, pattern_regex

OPEN_ONLY, CLOSE_ONLY = "«„", "»"
AMBIGUOUS = "\"“”"
ALL_MARKS = OPEN_ONLY + CLOSE_ONLY + AMBIGUOUS
PUNCT_AFTER_CLOSE = ",.;:!?)–—-…"


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Inner text range of a quotation (marks excluded) and the marks' outer range."""

    start: int
    end: int
    outer_start: int
    outer_end: int


def _is_opening(text: str, i: int) -> bool:
    ch = text[i]
    if ch in OPEN_ONLY:
        return True
    if ch in CLOSE_ONLY:
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{–—-:«/") and not after.isspace()


def _is_closing(text: str, i: int) -> bool:
    ch = text[i]
    if ch in CLOSE_ONLY:
        return True
    if ch in OPEN_ONLY:
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in PUNCT_AFTER_CLOSE + "»”\"")


_MARK = re.compile("[" + re.escape(ALL_MARKS) + "]")
_MARK_OR_NEWLINE = re.compile("[\n" + re.escape(ALL_MARKS) + "]")


def find_quoted_spans(text: str, max_paragraphs: int = 4, lost_close: bool = False) -> list[QuotedSpan]:
    """Outermost quotations of a text. A quotation left open at a paragraph end continues into the
    next paragraph when that one opens with a quote mark (the press convention for long quotes).
    ``lost_close``: also a quotation whose closing mark the page lost (``_unclosed_to_paragraph_end``)."""
    return list(_quoted_spans(text, max_paragraphs, lost_close))


@lru_cache(maxsize=4)
def _quoted_spans(text: str, max_paragraphs: int, lost_close: bool = False) -> tuple[QuotedSpan, ...]:
    # the quotes and events stages both ask for the same article's quotations: found once
    spans: list[QuotedSpan] = []
    i = 0
    while (mark := _MARK.search(text, i)) is not None:
        i = mark.start()
        if not _is_opening(text, i):
            i += 1
            continue
        close = _find_close(text, i, max_paragraphs)
        if close is None:
            end = _unclosed_to_paragraph_end(text, i) if lost_close else None
            if end is not None:
                spans.append(QuotedSpan(i + 1, end, i, end))
                i = end
                continue
            i += 1
            continue
        spans.append(QuotedSpan(i + 1, close, i, close + 1))
        i = close + 1
    return tuple(spans)


def _unclosed_to_paragraph_end(text: str, open_at: int) -> int | None:
    """A quotation whose closing mark the page lost: it opens a sentence, runs to the end of its
    paragraph with no other quote mark, and that paragraph ends a sentence. Returns the paragraph end."""
    before = text[text.rfind("\n", 0, open_at) + 1:open_at].rstrip()
    if before and not before.endswith((".", "!", "?", "…", ":")):
        return None
    end = text.find("\n", open_at)
    end = len(text) if end < 0 else end
    body = text[open_at + 1:end].rstrip()
    if not body or _MARK.search(body) or not body.endswith((".", "!", "?", "…")):
        return None
    return open_at + 1 + len(body)


def _find_close(text: str, open_at: int, max_paragraphs: int) -> int | None:
    guillemets = text[open_at] == "«"
    depth, j, paragraphs = 0, open_at + 1, 0
    while (nxt := _MARK_OR_NEWLINE.search(text, j)) is not None:  # other characters change nothing
        j = nxt.start()
        ch = text[j]
        if ch == "\n":
            k = j
            while k < len(text) and text[k].isspace():
                k += 1
            paragraphs += 1
            if paragraphs >= max_paragraphs or k >= len(text) or text[k] not in ALL_MARKS:
                return None
            if _is_opening(text, k):  # the continuation paragraph's own opening mark
                j = k + 1
                continue
        if guillemets:
            if ch == "«":
                depth += 1
            elif ch == "»":
                if depth == 0:
                    return j
                depth -= 1
        elif ch in AMBIGUOUS + CLOSE_ONLY and _is_closing(text, j):
            return j
        elif ch in AMBIGUOUS and _is_opening(text, j) and ch == text[open_at] == '"':
            return None  # a second opening straight quote before any close: unbalanced, give up
        j += 1
    return None


_WORD_START = r"(?<![\w\-])"


@lru_cache(maxsize=64)
def word_start_alternation(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """``compile_alternation(patterns)`` with the word-start check every alternative opens with also
    put in front of them all: the same matches, but inside words the whole text is no longer tried
    against each alternative in turn (the speech-verb scan of an article ran 2.7x faster)."""
    rx = compile_alternation(patterns)
    if rx is None or not all(pattern_regex(p).startswith(_WORD_START) for p in patterns):
        return rx
    return re.compile(f"{_WORD_START}(?:{rx.pattern})", rx.flags)


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text))




# ---------------------------------------------------------------------- titles
_END_OF_SENTENCE = re.compile(r"[.!?…]\W*$")


def _title_case(inner: str, titles: dict) -> bool:
    """'The Internet Explorer 6 Countdown': every word but the small ones (``titles.small_words``)
    capitalised or a number, in a span of three words or more: how English writes a title."""
    small = {w.lower() for w in titles.get("small_words", ())}
    if not small:
        return False
    words = WORD_RE.findall(inner)
    if len(words) < 3:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in small for w in words) \
        and sum(1 for w in words if w[:1].isupper()) >= 2


def is_title(text: str, span: QuotedSpan, titles: dict) -> bool:
    """A law, bill, document, programme or event named in quote marks: the span follows a title noun
    ('the law «On ...»', 'the forum "..."', within two words) and opens with a capital, or opens like a
    law's title ('On ...', «О ...»), or is written in title case ('The Internet Explorer 6 Countdown');
    either way it does not end a sentence of its own."""
    inner = text[span.start:span.end].strip()
    if not inner or _END_OF_SENTENCE.search(inner.rstrip(",")):
        return False
    if _title_case(inner, titles):
        return True
    first = WORD_RE.search(inner)
    if first and first.start() == 0 and first.group(0)[:1].isupper() \
            and first.group(0).lower() in {w.lower() for w in titles.get("openers", ())}:
        return True
    nouns = word_start_alternation(tuple(titles.get("nouns", ())))
    if nouns is None or not (inner[:1].isupper() or inner[:1].isdigit()):
        return False
    para_start = text.rfind("\n", 0, span.outer_start) + 1
    before = list(WORD_RE.finditer(text, max(para_start, span.outer_start - 80), span.outer_start))
    if not before:
        return False
    window_start = before[-3].start() if len(before) >= 3 else before[0].start()
    gap = text[window_start:span.outer_start]
    if re.search(r"[.!?:;]", gap):  # a title noun in the previous clause does not name this span
        return False
    return any(nouns.finditer(text, window_start, span.outer_start))


# ---------------------------------------------------------------------- pull quotes
_NAME_LINE = re.compile(r"[A-ZА-ЯЁ][\w'’\-]+(?:[ \u00a0][A-ZА-ЯЁ][\w'’\-.]*){1,3}")


def pull_quotes(text: str, first_person: tuple[str, ...]) -> list[tuple[QuotedSpan, int, int]]:
    """Pull quotes as pages lay them out: a paragraph of someone's words with no quote marks, in the
    first person and ending a sentence, followed by a line that is only a name ("Olzhas Bektenov").
    Returns the quotation (its marks' range is the paragraph) and the name line's range; the caller
    checks that the line names a person."""
    person_rx = word_start_alternation(first_person)
    out = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for (ps, pe), (ns, ne) in zip(paragraphs, paragraphs[1:]):
        para, name = text[ps:pe].strip(), text[ns:ne].strip()
        if not _NAME_LINE.fullmatch(name) or _MARK.search(para) or not para.endswith((".", "!", "?", "…")):
            continue
        if word_count(para) < 6 or person_rx is None or person_rx.search(para) is None:
            continue
        start = ps + (len(text[ps:pe]) - len(text[ps:pe].lstrip()))
        end = start + len(para)
        name_start = ns + (len(text[ns:ne]) - len(text[ns:ne].lstrip()))
        out.append((QuotedSpan(start, end, start, end), name_start, name_start + len(name)))
    return out


# ---------------------------------------------------------------------- interruptions, clause ends
_INTERRUPTION = re.compile(r"([,.!?…])[\s\u00a0]+[–—-][\s\u00a0]+")
_RESUME = re.compile(r"[.,:][\s\u00a0]+[–—-][\s\u00a0]+")


def interrupted(text: str, span: QuotedSpan, verb_rx: re.Pattern[str] | None) -> list[QuotedSpan]:
    """«Первая часть, — сказал Путин. — Вторая часть»: one pair of marks around a quotation that the
    reporter's attribution interrupts (a dash, a speech verb, a dash). Its two halves are quotations of
    their own; the attribution between them, outside both, attributes the first (and the second
    continues it)."""
    if verb_rx is None:
        return [span]
    for m in _INTERRUPTION.finditer(text, span.start, span.end):
        verb = verb_rx.match(text, m.end())
        if verb is None:
            continue
        resume = _RESUME.search(text, verb.end(), min(span.end, verb.end() + 100))
        if resume is None or word_count(text[m.end():resume.start()]) > 8 \
                or re.search("[«»“”„\"\n]", text[m.end():resume.start()]):
            continue
        first = QuotedSpan(span.start, m.start(1) + 1, span.outer_start, m.start(1) + 1)
        dash = resume.start() + len(text[resume.start():resume.end()].rstrip())  # just after the dash
        second = QuotedSpan(resume.end(), span.end, dash, span.outer_end)
        return [first, *interrupted(text, second, verb_rx)]
    return [span]


_CLAUSE_END_INSIDE = re.compile(r"[.,!?;:…]\W*$")
_DASH_AFTER = re.compile(r",[\s\u00a0]*[–—-][\s\u00a0]")  # not a bare dash: «Название» — это ...


def ends_clause(text: str, span: QuotedSpan) -> bool:
    """A quotation that ends a clause of its own: punctuation before its closing mark (“...,” / “....”),
    a comma and a dash after it («...», — the Russian mark of direct speech), or a whole sentence in
    quote marks («...».)."""
    if _CLAUSE_END_INSIDE.search(text, span.start, span.end) or _DASH_AFTER.match(text, span.outer_end,
                                                                                    span.outer_end + 4):
        return True
    # «...». — a whole sentence in quote marks: it opens its sentence and a full stop follows the mark
    before = text[text.rfind("\n", 0, span.outer_start) + 1:span.outer_start].rstrip()
    return text[span.outer_end:span.outer_end + 1] in (".", "!", "?", "…") \
        and (not before or before.endswith((".", "!", "?", "…", "»", "”", "\"")))
