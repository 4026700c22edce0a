"""Settings: defaults with help, config file, environment, overrides."""
from __future__ import annotations

import pytest

from dyadwatch.settings import Settings


def test_settings_every_field_has_help():
    for name, default, help_ in Settings.table():
        assert help_, f"setting {name} has no help"


def test_settings_precedence_file_then_env_then_overrides(tmp_path):
    cfg = tmp_path / "dyadwatch.toml"
    cfg.write_text('[dyadwatch]\ndb = "from-file.db"\nbatch_size = 7\ndyad = ["KAZ", "CHN"]\n', encoding="utf-8")
    s = Settings.load(cfg, env={"DYADWATCH_BATCH_SIZE": "9"}, db="flag.db")
    assert s.db == "flag.db" and s.batch_size == 9 and s.dyad == ("KAZ", "CHN")


def test_settings_rejects_unknown_names(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("databse = 'typo.db'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="databse"):
        Settings.load(cfg, env={})
