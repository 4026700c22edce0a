from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.export import ARTICLE_COLUMNS, NESTED_COLUMNS, export, iter_rows, to_pandas
from dyadwatch.records import Article
from dyadwatch.store import Filters, open_store
from store_fixtures import en_article, ru_article


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "x.db"
    with open_store(path) as s:
        s.write([ru_article(), en_article()])
    return path


def test_export_jsonl_round_trips_to_equal_articles(db, tmp_path):
    out = tmp_path / "a.jsonl"
    with open_store(db) as s:
        assert export(s, "jsonl", out) == 2
    back = [Article.from_dict(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()]
    assert back == [en_article(), ru_article()]  # ordered by id
    assert "\u00a0" in back[1].text and "«Мы ценим" in back[1].text


def test_export_csv_has_flat_columns_and_json_lists(db, tmp_path):
    out = tmp_path / "a.csv"
    with open_store(db) as s:
        export(s, "csv", out)
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(ARTICLE_COLUMNS + NESTED_COLUMNS)
    ru = next(r for r in rows if r["id"] == "ru_meeting")
    assert ru["published"] == "2024-12-03T13:41:00" and float(ru["tone"]) == 2.5
    events = json.loads(ru["events"])
    assert events[0]["actors"][1]["name"] == "Mikhail Mishustin"
    # the nested lists rebuild the same article
    # (CSV has no null: empty cells read back as None)
    rec = {**{k: v or None for k, v in ru.items()}, **{c: json.loads(ru[c]) for c in NESTED_COLUMNS},
           "tone": 2.5, "views": 158}
    assert Article.from_dict(rec) == ru_article()


def test_export_parquet_reads_back_with_pandas(db, tmp_path):
    import pandas as pd

    out = tmp_path / "a.parquet"
    with open_store(db) as s:
        assert export(s, "parquet", out) == 2
        assert export(s, "parquet", tmp_path / "e.parquet", kind="events") == 2
    frame = pd.read_parquet(out)
    assert sorted(frame["id"]) == ["en_meeting", "ru_meeting"]
    assert json.loads(frame.set_index("id").loc["en_meeting", "quotes"])[0]["speaker"]["name"] == "Vladimir Putin"
    events = pd.read_parquet(tmp_path / "e.parquet")
    assert set(events["article_id"]) == {"en_meeting", "ru_meeting"}


def test_export_filters_and_empty_parquet(db, tmp_path):
    with open_store(db) as s:
        assert [r["id"] for r in iter_rows(s, filters=Filters(language="ru"))] == ["ru_meeting"]
        assert export(s, "parquet", tmp_path / "none.parquet", filters=Filters(source="tass.ru")) == 0
        with pytest.raises(ValueError):
            export(s, "xml", tmp_path / "x.xml")


def test_to_pandas_kinds(db):
    with open_store(db) as s:
        arts = to_pandas(s)
        assert arts.loc[arts["id"] == "ru_meeting", "events"].iloc[0][0]["type"] == "CONSULT"
        commitments = to_pandas(s, "commitments")
        assert sorted(commitments["amount_value"]) == [25_000_000, 100_000_000]
        assert set(to_pandas(s, "entities")["id"]) >= {"Q-putin", "Q-mishustin"}


def test_export_cli_writes_kind_and_format(db, tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["en_meeting", "ru_meeting"]
    res = runner.invoke(app, ["export", "quotes", "--db", str(db), "-f", "csv", "--language", "en"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["speaker_name"] for r in rows] == ["Vladimir Putin"]
    res = runner.invoke(app, ["export", "--db", str(tmp_path / "missing.db")])
    assert res.exit_code == 2


def test_export_jsonl_lines_equal_the_contract_serialisation(db, tmp_path):
    out = tmp_path / "a.jsonl"
    with open_store(db) as s:
        export(s, "jsonl", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    # byte-for-byte what `dyadwatch extract` writes for the same article (contract field order)
    assert lines[1] == json.dumps(ru_article().to_dict(), ensure_ascii=False)
    assert list(json.loads(lines[0]))[:4] == ["id", "source", "url", "title"]


def test_export_events_csv_has_the_actors_in_their_own_columns(db, tmp_path):
    """`dyadwatch export events -f csv` gives the columns of the dashboard's /api/events?format=csv."""
    from dyadwatch.flatrows import event_row

    res = CliRunner().invoke(app, ["export", "events", "--db", str(db), "-f", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert list(rows[0]) == list(event_row({}))  # no JSON "record" cell
    ru = next(r for r in rows if r["article_id"] == "ru_meeting")
    assert ru["actor2_name"] == "Mikhail Mishustin" and ru["actor2_country"] == "RUS"
    assert not any(cell.lstrip().startswith(("{", "[")) for r in rows for cell in r.values() if cell)
    with open_store(db) as s:
        assert export(s, "parquet", tmp_path / "e.parquet", kind="events") == len(rows)
