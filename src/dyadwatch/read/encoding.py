"""Bytes -> text: byte-order marks, UTF-8, then legacy encodings via charset-normalizer.

Russian archives are often cp1251 or koi8-r; a wrong guess turns every word into
mojibake that no later stage can recover from, so detection is restricted to
encodings that news files actually use, and binary content is refused rather
than decoded into garbage.

A file that is UTF-8 but for a few bytes (a stray ``\xff``, a line cut
mid-character) is read as UTF-8 with those bytes replaced by U+FFFD, and the
count is kept (``Decoded.replaced``, a warning on the article): guessing a
legacy encoding for it instead lost the Cyrillic or turned every non-breaking
space into «Â ». NUL bytes are no sign of binary on their own (cleaning strips
and counts them); many control bytes are.
"""
from __future__ import annotations

import codecs
from typing import NamedTuple

# Checked longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Legacy encodings charset-normalizer may choose from. Cyrillic first because that
# is where guessing matters; Western single-byte encodings for English archives.
# Not Mac OS Cyrillic: no news archive uses it, and it shares cp1251's lower case
# while its 0xC0-0xDF are symbols, so a short cp1251 text with capitals after Latin
# ("PutinСадыр Жапаров") scored as "—адыр ∆апаров" in it (found by a fuzz test).
LEGACY_ENCODINGS: tuple[str, ...] = ("cp1251", "koi8_r", "cp866", "iso8859_5", "cp1252", "latin_1")

# Magic numbers of formats that are never article text (named .txt by mistake).
_BINARY_MAGIC: tuple[bytes, ...] = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04",
                                    b"\x7fELF", b"MZ", b"\xd0\xcf\x11\xe0", b"BZh", b"\xfd7zXZ", b"Rar!")

_SAMPLE = 8192


class BinaryContent(ValueError):
    """The bytes are not text in any encoding we read."""


class Decoded(NamedTuple):
    text: str
    encoding: str
    replaced: int = 0  # invalid byte sequences replaced by U+FFFD

    def warnings(self) -> dict[str, int]:
        """What to record on the article (its ``meta["warnings"]``)."""
        return {"invalid_utf8_replaced": self.replaced} if self.replaced else {}


# UTF-8 with replacement wins over a legacy guess when there are at least this many well-formed
# multi-byte characters per invalid sequence (cp1251 or koi8-r text forms almost none by chance).
_UTF8_MULTIBYTE_PER_BAD = 4


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: known binary magic, or many control bytes (NUL among them).

    UTF-16/32 text contains NULs too; callers check for a BOM first, and
    ``utf16_without_bom`` catches the BOM-less kind. A few NULs in text are stripped
    and counted by cleaning, wherever they are, not taken for binary.
    """
    head = data[:_SAMPLE]
    if not head:
        return False
    if any(head.startswith(m) for m in _BINARY_MAGIC):
        return True
    control = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    return control / len(head) > 0.05


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL, as in BOM-less UTF-16 ASCII/Cyrillic."""
    head = data[:_SAMPLE - _SAMPLE % 2]
    if len(head) < 4:
        return None
    even_nul = head[0::2].count(0) / (len(head) // 2)
    odd_nul = head[1::2].count(0) / (len(head) // 2)
    # Cyrillic in UTF-16 has 0x04 as the high byte, not NUL, so the bar is low.
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode file bytes to text; returns ``(text, encoding)`` (see ``decode_text``)."""
    decoded = decode_text(data, declared)
    return decoded.text, decoded.encoding


def utf8_with_replacement(data: bytes) -> Decoded | None:
    """The bytes as UTF-8 with invalid sequences replaced, when they are plainly UTF-8 text but for a
    few sequences; else None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # replacement characters that were in the file stay
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    multibyte = non_ascii - text.count("\ufffd")
    if bad <= 0 or multibyte < _UTF8_MULTIBYTE_PER_BAD * bad:
        return None
    return Decoded(text, "utf-8", bad)


def decode_text(data: bytes, declared: str | None = None) -> Decoded:
    """Decode file bytes to text, with the count of bytes replaced.

    Order: a BOM; BOM-less UTF-16; strict UTF-8; UTF-8 with a few invalid
    sequences replaced; the encoding the container declares (HTTP header, meta
    charset) when it decodes cleanly; then charset-normalizer over
    ``LEGACY_ENCODINGS``. Raises ``BinaryContent`` for bytes that are not text.
    """
    bom = bom_encoding(data)
    if bom:
        try:
            return Decoded(data.decode(bom).lstrip("\ufeff"), bom)
        except UnicodeDecodeError as exc:
            raise BinaryContent(f"byte-order mark says {bom} but the bytes do not decode: {exc.reason}") from None
    u16 = utf16_without_bom(data)
    if u16:
        try:
            return Decoded(data.decode(u16), u16)
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\x1f\x8b"):  # never inflated here: a small .gz may expand to gigabytes
        raise BinaryContent("binary content (gzip-compressed: decompress it first; only .warc.gz is read compressed)")
    if looks_binary(data):
        raise BinaryContent("binary content")
    # UTF-8 before the declaration: sites that moved to UTF-8 often still declare windows-1251,
    # and cp1251 decodes any bytes, so trusting the label would turn their text into mojibake.
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = utf8_with_replacement(data)
    if mostly is not None:
        return mostly
    if declared:
        try:
            name = codecs.lookup(declared).name
            return Decoded(data.decode(name), name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to detection
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise BinaryContent("binary content (no text encoding fits)")
    return Decoded(str(best), codecs.lookup(best.encoding).name)


def detect_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes only (for streamed dumps).

    The head may end inside a multi-byte character, so UTF-8 is checked with
    an incremental decoder that allows an unfinished last sequence.
    """
    bom = bom_encoding(head)
    if bom:
        return bom
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return decode_bytes(head)[1]
