"""Property-based tests of every reader through ``read_paths`` on files written into tmp_path.

Beyond "never raises" (tests/test_read_paths.py throws raw bytes at all readers), these
generate *well-formed* files of each format around arbitrary Unicode content, and broken
variants of them (cut short, junk lines, wrong bytes), and check what comes back: every
input record is either a document carrying the content it was given, or a ReadFailure with
a reason that names where; never an exception, never a lost or invented record.
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from dyadwatch.document import RawDocument
from dyadwatch.read import ReadFailure, read_paths
from dyadwatch.settings import Settings

FUZZ = hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SETTINGS = Settings()

# News-shaped fragments mixed into arbitrary text, so the content looks like what readers meet.
FRAGMENTS = ["Садыр Жапаров", "Vladimir Putin", "«Мы друзья», – отметил Косачев.", "“We agree,” he said.",
             "в\u00a0Бишкеке", " date 2024-12-03 13:41", "30.03.2022 89 просмотров", "$ 100 million",
             "2 млрд рублей", "\u200b", "\t", "<b>", "&amp;", "\\", '"', "'", ",", ";", "|", "\ufeff", "Ё"]
# No surrogates (not encodable) and no C0 controls other than tab/newline (readers refuse
# control-heavy bytes as binary, a rule tested on its own in test_hostile_files).
TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t")
CONTENT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(TEXT_CHARS, max_size=12)), min_size=1,
                   max_size=10).map("".join)
WORDY = CONTENT.filter(lambda s: any(ch.isalpha() for ch in s))


def read_one_file(name: str, data: bytes) -> list[RawDocument | ReadFailure]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(read_paths([path], SETTINGS))
    for item in items:
        assert isinstance(item, (RawDocument, ReadFailure)), item
        if isinstance(item, ReadFailure):
            assert item.reason and len(item.reason) < 2000, item
    return items


# ----------------------------------------------------------------------------- text
@FUZZ
@given(WORDY, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251"]))
def test_fuzz_text_reader_returns_the_text_it_was_given(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
        encoding = "utf-8"
    (item,) = read_one_file("article.txt", data)
    if isinstance(item, ReadFailure):
        # only a text with no visible content, or bytes that sniff as markup/binary, may fail
        assert not text.strip("\ufeff \n\t\u200b") or "binary" in item.reason or "HTML" in item.reason, item
        return
    if item.format == "text" and encoding in ("utf-8", "utf-8-sig", "utf-16"):
        assert item.content == text.lstrip("\ufeff") or item.content == text


# ----------------------------------------------------------------------------- html
TAGS = ["div", "p", "span", "article", "section", "b", "i", "a", "li", "ul", "table", "td", "h2", "blockquote"]


@st.composite
def html_pages(draw):
    """A page of random nesting around text chunks, with scripts and styles holding a marker."""
    parts = ["<html><head><title>", escape(draw(CONTENT)), "</title><script>var m='SCRIPT_MARKER';</script></head><body>"]
    depth, junk = 0, False
    for _ in range(draw(st.integers(1, 25))):
        action = draw(st.sampled_from(["open", "close", "text", "script", "style", "junk"]))
        if action == "open":
            tag = draw(st.sampled_from(TAGS))
            attr = escape(draw(st.text(TEXT_CHARS, max_size=8)), {'"': "&quot;"})
            parts.append(f'<{tag} class="{attr}">')
            depth += 1
        elif action == "close" and depth:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")  # possibly mismatched
            depth -= 1
        elif action == "text":
            parts.append(escape(draw(CONTENT)))
        elif action == "script":
            parts.append("<script>document.write('SCRIPT_MARKER')</script>")
        elif action == "style":
            parts.append("<style>.x{content:'STYLE_MARKER'}</style>")
        else:
            junk = True
            parts.append(draw(st.sampled_from(["<", "&", "<!--", "-->", "<![CDATA[", "</", "<p <p>", "&#0;",
                                               "&#xFFFFFF;", "<scr<script>ipt>"])))
    return "".join(parts), junk


@FUZZ
@given(html_pages(), st.sampled_from(["utf-8", "cp1251"]))
def test_fuzz_html_reader_never_raises_and_never_keeps_scripts(page_and_junk, encoding):
    page, markup_junk = page_and_junk
    data = page.encode(encoding, errors="replace")
    # Markup junk may legitimately turn a script into text: in HTML5 "</<script>" or "<![CDATA[<script>"
    # open a bogus comment that ends at the script tag's '>', and a browser then shows the script's body.
    for item in read_one_file("page.html", data):
        if isinstance(item, RawDocument):
            assert item.content.strip()
            if not markup_junk:
                assert "STYLE_MARKER" not in item.content and "SCRIPT_MARKER" not in item.content


# ----------------------------------------------------------------------------- jsonl
RECORD = st.fixed_dictionaries({"text": CONTENT}, optional={
    "id": st.one_of(st.text(TEXT_CHARS, min_size=1, max_size=10), st.integers(), st.none()),
    "title": st.one_of(CONTENT, st.none(), st.integers()),
    "published": st.one_of(st.text(max_size=20), st.none(), st.floats(allow_nan=True)),
    "url": st.one_of(st.text(max_size=30), st.none()),
    "extra": st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                          lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=3), c, max_size=3),
                          max_leaves=6)})
JUNK_LINE = st.sampled_from(['{"text": "cut', "[1, 2]", "null", '"just a string"', "{}", '{"text": ""}',
                             '{"text": 5}', "\xff\xfe broken", "NaN", '{"text": "a", "text": "b"}'])


@FUZZ
@given(st.lists(st.one_of(RECORD, JUNK_LINE), min_size=1, max_size=12))
def test_fuzz_jsonl_reader_accounts_for_every_line(lines):
    encoded = [line if isinstance(line, str) else json.dumps(line, ensure_ascii=bool(len(line) % 2))
               for line in lines]
    data = "\n".join(encoded).encode("utf-8", errors="surrogateescape")
    items = read_one_file("dump.jsonl", data)
    non_blank = [e for e in encoded if e.strip()]
    per_line = [i for i in items if not (isinstance(i, ReadFailure) and i.id == "dump")]
    assert len(per_line) == len(non_blank) or (not non_blank and len(items) == 1)
    for item, line, src in zip(per_line, non_blank, [x for x, e in zip(lines, encoded) if e.strip()]):
        if isinstance(src, dict) and src["text"].strip():
            assert isinstance(item, RawDocument), (item, line)
            assert item.content == src["text"]
        elif isinstance(item, ReadFailure):
            assert item.reason.startswith("line ") or "record" in item.reason, item


# ----------------------------------------------------------------------------- csv
@FUZZ
@given(st.lists(st.tuples(st.text(TEXT_CHARS.filter(lambda c: c not in "\r\n"), min_size=1, max_size=8), WORDY),
                min_size=1, max_size=8),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]))
def test_fuzz_csv_reader_round_trips_quoted_rows(rows, delimiter, encoding):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(["id", "title", "text"])
    for n, (ident, text) in enumerate(rows):
        writer.writerow([f"{ident}-{n}", "Заголовок", text])
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buf.getvalue().encode("utf-8")
    items = read_one_file("dump.tsv" if delimiter == "\t" else "dump.csv", data)
    docs = [i for i in items if isinstance(i, RawDocument)]
    expected = [(f"{ident}-{n}".strip(), text) for n, (ident, text) in enumerate(rows) if text.strip()]
    assert [(d.id, d.content) for d in docs] == expected, [i for i in items if isinstance(i, ReadFailure)][:3]


# ----------------------------------------------------------------------------- feed
@FUZZ
@given(st.lists(st.tuples(CONTENT, WORDY), min_size=1, max_size=6), st.booleans())
def test_fuzz_feed_reader_takes_every_item_with_content(items, atom):
    words = []
    if atom:
        entries = "".join(f"<entry><title>{escape(t)}</title><id>urn:{n}</id><content type=\"html\">"
                          f"{escape('<p>' + escape(body) + '</p>')}</content></entry>" for n, (t, body) in enumerate(items))
        xml = f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Kabar</title>{entries}</feed>'
    else:
        entries = "".join(f"<item><title>{escape(t)}</title><guid>g{n}</guid><description>"
                          f"{escape('<p>' + escape(body) + '</p>')}</description></item>" for n, (t, body) in enumerate(items))
        xml = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kabar</title>{entries}</channel></rss>'
    for _, body in items:
        words.extend(w for w in body.split() if w.isalpha() and len(w) > 3)
    got = read_one_file("feed.xml", xml.encode("utf-8"))
    docs = [g for g in got if isinstance(g, RawDocument)]
    assert len(got) == len(items)  # one result per item, in order
    text = " ".join(d.content for d in docs)
    assert all(w in text for w in words[:5])


# ----------------------------------------------------------------------------- warc
def _warc_bytes(pages: list[tuple[str, str, bytes]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, ctype, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


@FUZZ
@given(st.lists(st.tuples(WORDY, st.sampled_from(["text/html; charset=utf-8", "text/html", "image/png",
                                                  "application/xhtml+xml"])), min_size=1, max_size=5),
       st.booleans(), st.one_of(st.none(), st.floats(0.0, 1.0)))
def test_fuzz_warc_reader_whole_and_cut_archives(pages, gz, cut):
    records = [(f"https://example.kg/{n}", ctype, f"<html><body><p>{escape(text)}</p></body></html>".encode())
               for n, (text, ctype) in enumerate(pages)]
    data = _warc_bytes(records, gz)
    if cut is not None:
        data = data[:int(len(data) * cut)]
    items = read_one_file("crawl.warc.gz" if gz else "crawl.warc", data)
    html_pages_in = sum(1 for _, ctype in pages if "html" in ctype)
    if cut is None:
        docs = [i for i in items if isinstance(i, RawDocument)]
        assert len(docs) + sum(isinstance(i, ReadFailure) for i in items) == html_pages_in
        assert all(d.meta["url"].startswith("https://example.kg/") for d in docs)
    else:
        assert len(items) <= html_pages_in + 1  # what was complete, then one failure for the cut
