"""Link records as JSON (link/codec.py): what the linker stores comes back equal and of the same
types; nothing outside the registry is written or built; older records load with new defaults."""
from __future__ import annotations

import json
import pickle
import re
import zlib
from datetime import date, datetime
from pathlib import Path

import numpy
import pytest

from dyadwatch.link import Linker, MemoryIndex
from dyadwatch.link.codec import CodecError, decode, encode
from dyadwatch.records import Mention, Span
from test_link_index import _types, corpus

SRC = Path(__file__).resolve().parent.parent / "src" / "dyadwatch"


def _linked_index() -> MemoryIndex:
    """A memory index holding every kind of record the linker files: reports and copies in both
    languages, people, a promise with its reminder and its fulfilment."""
    import test_link_followups as followups
    from test_link_entities import corpus as people_corpus

    index = MemoryIndex()
    linker = Linker(index=index)
    for art in [*corpus(), *people_corpus(), followups._promise(), followups._reminder(), followups._done()]:
        linker.add(art)
    return index


def test_every_record_the_linker_files_comes_back_equal_and_of_the_same_types():
    index = _linked_index()
    assert {"article", "features", "card", "minhash", "entity", "entity:count", "event", "event:card",
            "commitment", "mention", "report:card", "span", "story:span", "uf:story:members"} <= set(index._records)
    for kind, records in index._records.items():
        for rid, value in records.items():
            back = decode(encode(value))
            if kind == "minhash":
                assert type(back) is numpy.ndarray and back.dtype == value.dtype and back.shape == value.shape
                assert (back == value).all() and back.flags.writeable
            else:
                assert back == value and _types(back) == _types(value), (kind, rid)


def test_stored_bytes_are_json_naming_each_record_type():
    from dyadwatch.link.features import ArticleFeatures

    index = _linked_index()
    feats = next(iter(index._records["features"].values()))
    plain = json.loads(zlib.decompress(encode(feats)))
    names = [f.name for f in ArticleFeatures.__dataclass_fields__.values()]
    assert plain["@"] == "ArticleFeatures" and len(plain["v"]) == len(names)
    fields = dict(zip(names, plain["v"]))
    assert fields["published"] == {"@": "date", "v": feats.published.isoformat()}
    assert fields["entities"][0]["@"] == "EntityInfo" and fields["order_key"] == list(feats.order_key)


@pytest.mark.parametrize("value", [
    None, True, 0, -7, 2**70, 0.1, float("inf"), "Жапаров\u00a0", "lone \ud800 surrogate", (), ("a", ("b",)),
    ["a", ("b",)], {"a": 1}, {"@": "not a tag"}, {1: "one", ("k", 2): [3]}, frozenset({"a", "b"}), set(),
    frozenset({("x", 1.5), ("y", 2.0)}), date(2024, 12, 3), datetime(2024, 12, 3, 10, 5),
    {"meta": {"tags": ["a", "b"], "n": None}}, numpy.arange(5, dtype=numpy.uint64),
])
def test_plain_values_round_trip_with_their_types(value):
    back = decode(encode(value))
    if isinstance(value, numpy.ndarray):
        assert back.dtype == value.dtype and (back == value).all()
    else:
        assert back == value and _types(back) == _types(value)


def test_nan_round_trips_as_a_float():
    back = decode(encode((float("nan"),)))
    assert type(back[0]) is float and back[0] != back[0]


def test_a_value_of_another_type_is_refused_when_written():
    class Payload:
        pass

    with pytest.raises(CodecError, match="not a link record type"):
        encode((1, Payload()))
    with pytest.raises(CodecError, match="not a link record type"):
        encode(numpy.uint64(3))  # a numpy scalar is not a plain number: refused, not silently changed
    with pytest.raises(CodecError, match="numeric arrays only"):
        encode(numpy.array(["a"], dtype=object))


def test_stored_data_naming_another_type_or_not_json_is_refused():
    evil = zlib.compress(json.dumps({"@": "os.system", "v": "touch pwned"}).encode())
    with pytest.raises(CodecError, match="'os.system', which is not a link record type"):
        decode(evil)
    with pytest.raises(CodecError, match="not JSON written by link/codec.py"):
        decode(zlib.compress(pickle.dumps(("a", 1))))  # an index pickled by an older dyadwatch


def test_a_record_stored_before_a_field_was_added_loads_with_its_default():
    mention = Mention(0, 6, "Россия", "GPE", entity="Q159", kind="name")
    plain = json.loads(zlib.decompress(encode((mention, Span(0, 6, "Россия")))))
    last = [f for f in Mention.__dataclass_fields__.values()][-1]
    assert plain[0]["@"] == "Mention" and len(plain[0]["v"]) == len(Mention.__dataclass_fields__)
    plain[0]["v"].pop()  # as written before Mention had its last field
    loaded, span = decode(zlib.compress(json.dumps(plain).encode()))
    assert getattr(loaded, last.name) == last.default
    assert (loaded.start, loaded.end, loaded.entity, loaded.kind) == (0, 6, "Q159", "name")
    assert span == Span(0, 6, "Россия")
    plain[0]["v"] = plain[0]["v"][:3]  # a field without a default cannot be made up
    with pytest.raises(CodecError, match="lacks 'type'"):
        decode(zlib.compress(json.dumps(plain).encode()))
    plain[0]["v"] = [0] * 40
    with pytest.raises(CodecError, match="has 40 fields, more than its"):
        decode(zlib.compress(json.dumps(plain).encode()))


def test_no_pickle_and_no_exec_in_the_source_and_the_store_does_not_import_link():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("store/") and re.search(r"pickle|__setstate__", source):
            offenders.append(f"{rel}: pickle")
        if re.search(r"(?<![\w.])exec\(", source):
            offenders.append(f"{rel}: exec(")
        if rel.startswith("store/") and re.search(r"(from|import)\s+(dyadwatch\.link|\.\.link)\b", source):
            offenders.append(f"{rel}: imports link")
        if re.search(r"^\s*(import pickle|from pickle)", source, re.M):
            offenders.append(f"{rel}: imports pickle")
    assert offenders == []
