"""The publication date: one value chosen from every place a page shows one.

Candidates, most trusted first:

1. ``page``: the reader's metadata (HTML meta tags, a dump's or a feed's date field);
2. ``dateline``: a date line of the page itself under the headline;
3. ``text-dateline``: a full date where a wire dateline stands ("MOSCOW (X - 10th May, 2021)");
4. ``header``: a scraper's date header (`` date 2024-12-03``) or footer; ``footer``: a
   labelled date line at the article's end ("Published: 12.03.2019");
5. ``url``: a full date in the page address (/2018/01/19/, /20191127/, ...-2022-07-08/);
6. ``dateline-above-title``: a date line above the headline (where site headers also print
   today's date, so it yields to the address and the scraper's header when they disagree);
7. ``wire+url``: a wire dateline's day and month ("MOSCOW, July 8 (Reuters) -") with the
   year (and month, which must agree) of the address.

A date in the body that is not a dateline (an event's date) is never a candidate:
no date is better than a wrong one. The choice is recorded in ``meta["published_from"]``;
candidates that disagree on the day are kept in ``meta["published_candidates"]``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import DateRules, find_date, read_wire_dateline, url_date, url_year
from .fields import normalize_published
from .head import PageFields


@dataclass(frozen=True)
class Published:
    value: str | None
    source: str | None
    disagreeing: dict[str, str]


def _dateline(fields: PageFields, kind: str, after_title: bool | None = None) -> str | None:
    lines = [d for d in fields.datelines if d.kind == kind and after_title in (None, d.after_title)]
    if after_title is False:
        return lines[-1].value if lines else None  # above the headline: the one nearest to it
    return lines[0].value if lines else None


def _text_dateline(first_line: str, rules: DateRules) -> str | None:
    """A full date standing where a wire dateline stands, in the first characters of the body."""
    head = first_line[: rules.wire_max_chars]
    hit = find_date(head, rules)
    if hit is None:
        return None
    day, start, _ = hit
    return day.isoformat() if rules.wire_prefix.match(head[:start]) else None


def _wire_with_url_year(first_line: str, url: str | None, rules: DateRules) -> str | None:
    wire = read_wire_dateline(first_line, rules)
    ym = url_year(url, rules) if wire else None
    if wire is None or ym is None:
        return None
    year, month = ym
    if month is not None and month != wire.month:
        return None
    try:
        return date(year, wire.month, wire.day).isoformat()
    except ValueError:
        return None


def choose_published(reader_value: object, fields: PageFields, url: str | None, first_line: str,
                     rules: DateRules) -> Published:
    header = _dateline(fields, "header")
    if header is None and fields.date:  # a scraper's date footer
        header = normalize_published(f"{fields.date} {fields.time}" if fields.time else fields.date)
    found_url = url_date(url, rules)
    candidates: list[tuple[str, str | None]] = [
        ("page", normalize_published(reader_value) if reader_value else None),
        ("dateline", _dateline(fields, "dateline", after_title=True)),
        ("text-dateline", _text_dateline(first_line, rules)),
        ("header", header),
        ("footer", _dateline(fields, "footer")),
        ("url", found_url.isoformat() if found_url else None),
        ("dateline-above-title", _dateline(fields, "dateline", after_title=False)),
        ("wire+url", _wire_with_url_year(first_line, url, rules)),
    ]
    present = [(kind, value) for kind, value in candidates if value]
    if not present:
        return Published(None, None, {})
    kind, value = present[0]
    if len(value) == 10:  # the same day with its time, from a less trusted candidate
        value = next((v for _, v in present if v[:10] == value and len(v) > 10), value)
    disagreeing = {k: v for k, v in present if v[:10] != value[:10]}
    if disagreeing:
        disagreeing[kind] = value
    return Published(value, kind, disagreeing)
