"""Character normalisation of a whole document (NFC, line ends, odd spaces, zero-width marks)."""
from __future__ import annotations

import re
import unicodedata

_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v\f"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n\n", "\u0085": "\n"}
_CHAR_TABLE = str.maketrans({**{c: " " for c in _ODD_SPACES}, **{c: None for c in _ZERO_WIDTH},
                             **{chr(c): None for c in range(32) if chr(c) != "\n"}, "\x7f": None})
# Doubled single marks typed as a double quote (''word'', ``word'', ‘‘word’’). Only
# doubled marks: a single ’ is an apostrophe (Russia’s) and stays.
_QUOTE_VARIANTS = ((re.compile(r"''|``"), '"'), (re.compile("\u2018\u2018"), "\u201c"),
                   (re.compile("\u2019\u2019"), "\u201d"))
_SPACES = re.compile(r" {2,}")


def normalize_text(text: str) -> str:
    """Character-level normalisation of a whole document (see module docstring, step 2)."""
    text = unicodedata.normalize("NFC", text)
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    text = text.translate(_CHAR_TABLE)
    for pattern, repl in _QUOTE_VARIANTS:
        text = pattern.sub(repl, text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
