"""`dyadwatch settings` and `dyadwatch stages` describe the system from its own objects."""
from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.cli.info import schema_markdown, settings_markdown

runner = CliRunner()


def test_settings_doc_is_generated_from_settings_object():
    doc = Path(__file__).resolve().parents[1] / "docs" / "settings.md"
    assert doc.read_text(encoding="utf-8") == settings_markdown(), "regenerate: dyadwatch settings --markdown"


def test_schema_doc_is_generated_from_the_schema():
    doc = Path(__file__).resolve().parents[1] / "docs" / "schema.md"
    assert doc.read_text(encoding="utf-8") == schema_markdown(), "regenerate: dyadwatch schema > docs/schema.md"
    assert "## `merged_events`" in doc.read_text(encoding="utf-8")


def test_cli_settings_shows_config_file_values(tmp_path):
    cfg = tmp_path / "d.toml"
    cfg.write_text('[dyadwatch]\nport = 8123\n', encoding="utf-8")
    result = runner.invoke(app, ["settings", "--config", str(cfg)])
    assert result.exit_code == 0 and "8123" in result.output


def test_cli_stages_lists_requires_and_adds():
    result = runner.invoke(app, ["stages"])
    assert result.exit_code == 0
    assert "language" in result.output and "tokens" in result.output
