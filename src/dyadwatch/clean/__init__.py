"""Cleaning: metadata lines become fields, site chrome leaves, the body is normalised.

The cleaned text is what every span of every later stage indexes, so it is
built once, here, and never changed afterwards. Steps:

1. HTML content (a dump's html column, a text column or ``process_text``
   input that is really a page) is reduced to text by the HTML reader's extractor.
2. Character normalisation (``text``): NFC, LF line ends, odd spaces (NBSP, thin
   space) to plain spaces, zero-width characters and soft hyphens out, doubled
   apostrophes/backticks to a straight double quote; «» and “” stay as they are
   (quote detection needs them); runs of spaces collapse.
3. The head (``head``): scraper date headers, banners, datelines, date/view
   counters, section labels, tag rows, widgets and the title are lifted into
   fields or dropped; bylines and photo credits become roles on the article
   (``meta["author"]``, ``meta["photographer"]``), not body text (``credits``).
4. The tail: link/views lines, site chrome and footers leave (chrome.yaml).
5. Paragraphs: blank-line separated; a single newline is a paragraph break
   too (scrapers write one paragraph per line), unless it is plainly a soft
   wrap (no sentence end before it, a lowercase letter after it). The body is
   the paragraphs joined by blank lines.
6. The publication date is chosen among every place the page shows one
   (``published``: datelines, wire datelines, the address), the outlet from the
   url host, a banner or a wire credit in the text (``credits``).

Every pattern and word list is data in ``knowledge/cleaning`` (see its README).
"""
from __future__ import annotations

from .core import CleanError, clean_document, page_rules
from .fields import host_of, normalize_published
from .rules import load_rules
from .text import normalize_text

__all__ = ["CleanError", "clean_document", "host_of", "load_rules", "normalize_published", "normalize_text",
           "page_rules"]
