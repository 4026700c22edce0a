"""Link records as plain data: JSON, never pickled Python objects.

The linker keeps small records in its index (``link/index.py``): article features and cards,
analysed articles, event and commitment records, union-find parents and member tuples, counts,
MinHash signatures. ``encode`` turns one into zlib-compressed JSON and ``decode`` gives back a value
equal to it and of the same types, so linking over a stored index behaves as linking in memory.

The JSON, value by value:

- ``None``, booleans, integers, finite floats and strings are themselves;
- a tuple is an array (tuples are what the records hold; every other container is tagged);
- a dict with string keys and no ``"@"`` key is an object;
- anything else is an object whose ``"@"`` names its type: ``{"@": "list", "v": [...]}`` (also
  ``set``, ``frozenset``), ``{"@": "dict", "v": [[key, value], ...]}``, ``{"@": "date", "v":
  "2024-12-03"}`` (also ``datetime``), ``{"@": "float", "v": "nan"}`` (a float JSON cannot write),
  ``{"@": "ndarray", "dtype": "<u8", "shape": [128], "v": "<base64 of the bytes>"}``, and a record,
  ``{"@": "EventInfo", "v": [...]}``: one of the ``RECORD_CLASSES`` by its class name, its field
  values in the order the class declares them (as pickle kept a slotted dataclass: field names in
  every record made the index a third larger and slower to read).

Anything else (another class, a subclass of a plain type) is refused when encoded, and a stored
object naming a type outside the registry is refused when decoded: reading a database from
elsewhere builds only these values, and calls no code named by the data. A record stored before
its class gained trailing fields with defaults loads with those defaults; one with more values than
the class has fields, or lacking a field without a default, is refused. A class whose fields are
reordered or removed needs a link migration that relinks the store (``storage.py``).
"""
from __future__ import annotations

import base64
import dataclasses
import json
import math
import zlib
from datetime import date, datetime
from typing import Any, Callable

from ..records import (Actor, Amount, Article, Commitment, Entity, Event, Mention, PartialDate, Place, Quote, Span,
                       Topic)
from .features import ArticleCard, ArticleFeatures, EntityInfo, EventCard, EventInfo
from .followups import CommitmentInfo, TextMention
from .reports import LeadEvent, ReportCard
from .timing import DayRange, MonthDay

# Every class whose instances the linker files in its index, nested ones included. A class added
# to what the linker stores is added here (the round-trip test links a corpus and finds any missed).
RECORD_CLASSES: tuple[type, ...] = (
    Span, PartialDate, Mention, Entity, Amount, Actor, Place, Event, Quote, Commitment, Topic, Article,
    EntityInfo, EventInfo, ArticleFeatures, ArticleCard, EventCard, CommitmentInfo, TextMention, LeadEvent,
    ReportCard, DayRange, MonthDay,
)

TAG = "@"
COMPRESS_LEVEL = 1  # most of a record's size goes at level 1; higher levels cost writes for little


class CodecError(ValueError):
    """A value the codec does not encode, or stored data it does not decode."""


class _Record:
    """How one registered class is encoded and rebuilt: its fields, their slot setters and defaults."""

    def __init__(self, cls: type) -> None:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} is not a dataclass")
        self.cls = cls
        fields = dataclasses.fields(cls)
        self.names = tuple(f.name for f in fields)
        # A slotted class's fields are set through their slot descriptors, as unpickling did: no
        # __init__ (nor __post_init__) runs on stored values, and a frozen class cannot refuse.
        slots = [cls.__dict__.get(n) for n in self.names]
        if all(hasattr(s, "__set__") for s in slots):
            self.setters: tuple[Callable[[Any, Any], None], ...] = tuple(s.__set__ for s in slots)  # type: ignore[union-attr]
        else:
            self.setters = tuple((lambda obj, v, n=n: object.__setattr__(obj, n, v)) for n in self.names)
        self.defaults: dict[str, Callable[[], Any]] = {}
        for f in fields:
            if f.default is not dataclasses.MISSING:
                self.defaults[f.name] = (lambda v=f.default: v)
            elif f.default_factory is not dataclasses.MISSING:
                self.defaults[f.name] = f.default_factory

    def build(self, values: Any) -> Any:
        if type(values) is not list:
            raise CodecError(f"stored {self.cls.__name__} is not a list of field values")
        out = object.__new__(self.cls)
        n = len(values)
        if n > len(self.names):
            raise CodecError(f"stored {self.cls.__name__} has {n} fields, more than its {len(self.names)}")
        for set_, v in zip(self.setters, values):
            set_(out, _value(v) if type(v) in _NESTED else v)
        for name, set_ in zip(self.names[n:], self.setters[n:]):  # stored before the class had these
            default = self.defaults.get(name)
            if default is None:
                raise CodecError(f"stored {self.cls.__name__} lacks {name!r}, which has no default")
            set_(out, default())
        return out


_RECORDS: dict[str, _Record] = {}
_TAGS: dict[type, str] = {}
for _cls in RECORD_CLASSES:
    if _cls.__name__ in _RECORDS:
        raise TypeError(f"two link record classes are named {_cls.__name__}")
    _RECORDS[_cls.__name__] = _Record(_cls)
    _TAGS[_cls] = _cls.__name__
_PLAIN_TAGS = frozenset({"list", "set", "frozenset", "dict", "date", "datetime", "float", "ndarray"})
if _PLAIN_TAGS & set(_RECORDS):
    raise TypeError(f"a link record class is named like a plain type: {sorted(_PLAIN_TAGS & set(_RECORDS))}")


# ------------------------------------------------------------------------------------------ encode
_SCALARS = frozenset({str, int, bool, type(None)})  # written as they are, without a call (floats are checked)


def to_plain(value: Any) -> Any:
    """``value`` as JSON-ready data (see the module doc)."""
    t = type(value)
    if t is str or t is int or t is bool or value is None:
        return value
    if t is float:
        return value if math.isfinite(value) else {TAG: "float", "v": repr(value)}
    if t is tuple:
        return [v if type(v) in _SCALARS else to_plain(v) for v in value]
    tag = _TAGS.get(t)
    if tag is not None:
        values = []
        for name in _RECORDS[tag].names:
            v = getattr(value, name)
            values.append(v if type(v) in _SCALARS else to_plain(v))
        return {TAG: tag, "v": values}
    if t is dict:
        if TAG not in value and all(type(k) is str for k in value):
            return {k: to_plain(v) for k, v in value.items()}
        return {TAG: "dict", "v": [[to_plain(k), to_plain(v)] for k, v in value.items()]}
    if t is list:
        return {TAG: "list", "v": [to_plain(v) for v in value]}
    if t is frozenset or t is set:
        items = [to_plain(v) for v in value]
        try:  # sorted where the members allow (strings, numbers), so one set is always the same bytes
            items.sort()
        except TypeError:
            pass
        return {TAG: t.__name__, "v": items}
    if t is date or t is datetime:
        return {TAG: t.__name__, "v": value.isoformat()}
    if t.__module__ == "numpy" and t.__name__ == "ndarray":
        if value.dtype.kind not in "uif" or value.dtype.hasobject:
            raise CodecError(f"link records hold numeric arrays only, not {value.dtype}")
        return {TAG: "ndarray", "dtype": value.dtype.str, "shape": list(value.shape),
                "v": base64.b64encode(value.tobytes(order="C")).decode("ascii")}
    raise CodecError(f"{t.__module__}.{t.__qualname__} is not a link record type (link/codec.py RECORD_CLASSES)")


def encode(value: Any) -> bytes:
    """One link record as zlib-compressed JSON."""
    plain = to_plain(value)
    try:
        data = json.dumps(plain, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in some text: escaped, so the bytes stay UTF-8
        data = json.dumps(plain, ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode("ascii")
    return zlib.compress(data, COMPRESS_LEVEL)


# ------------------------------------------------------------------------------------------ decode
# Decoding walks the parsed JSON from the top (an object hook would see a list it had rebuilt and an
# array alike). Scalars, most of a record, are kept without a call.
def _value(v: Any) -> Any:
    t = type(v)
    if t is list:
        return tuple([_value(x) if type(x) in _NESTED else x for x in v])
    if t is dict:
        return _object(v)
    return v


_NESTED = (list, dict)


def _object(obj: dict[str, Any]) -> Any:
    tag = obj.get(TAG)
    if tag is None:
        return {k: _value(v) for k, v in obj.items()}
    record = _RECORDS.get(tag)
    if record is not None:
        return record.build(obj.get("v"))
    v = obj.get("v")
    if tag == "frozenset":
        return frozenset(_value(v))
    if tag == "list":
        return [_value(x) for x in v]
    if tag == "set":
        return set(_value(v))
    if tag == "dict":
        return {_value(k): _value(x) for k, x in v}
    if tag == "date":
        return date.fromisoformat(v)
    if tag == "datetime":
        return datetime.fromisoformat(v)
    if tag == "float":
        return float(v)
    if tag == "ndarray":
        import numpy

        return numpy.frombuffer(base64.b64decode(v), dtype=numpy.dtype(obj["dtype"])).reshape(obj["shape"]).copy()
    raise CodecError(f"stored link record names {tag!r}, which is not a link record type")


def decode(blob: bytes) -> Any:
    """The link record ``encode`` stored."""
    try:
        return _value(json.loads(zlib.decompress(blob)))
    except CodecError:
        raise
    except (zlib.error, UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
        raise CodecError(f"a stored link record is not JSON written by link/codec.py: {exc}") from exc
