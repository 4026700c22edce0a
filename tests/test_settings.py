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


def test_settings_link_thresholds_reach_the_linker(tmp_path):
    from dyadwatch.link import Linker, LinkConfig

    config = tmp_path / "dyadwatch.toml"
    config.write_text("[dyadwatch]\ndb = 'x.db'\n\n[dyadwatch.link]\nstory_window_days = 10\nstory_bucket_cap = 4\n",
                      encoding="utf-8")
    settings = Settings.load(config=config, env={})
    assert Linker(settings=settings).config.story_window_days == 10
    assert LinkConfig.from_settings(settings).story_bucket_cap == 4
    lifted = Settings.load(env={"DYADWATCH_LINK": '{"event_bucket_cap": null, "duplicate_threshold": 0.8}'})
    got = LinkConfig.from_settings(lifted)
    assert got.event_bucket_cap is None and got.duplicate_threshold == 0.8
    assert got.story_bucket_cap == LinkConfig().story_bucket_cap  # the rest keep their defaults


@pytest.mark.parametrize("link, message", [
    ({"story_windw_days": 10}, "unknown link settings: story_windw_days"),
    ({"num_perm": 64}, "MinHash shape and the name eras are fixed"),
    ({"name_era_days": 365}, "unknown link settings: name_era_days"),
    ({"story_window_days": "7"}, "story_window_days must be a whole number"),
    ({"story_window_days": None}, "story_window_days must be a whole number, not None"),
    ({"story_bucket_cap": 2.5}, "story_bucket_cap must be a whole number or null"),
    ({"name_similarity": -1}, "must not be negative"),
])
def test_settings_link_rejects_bad_thresholds_clearly(link, message):
    from dyadwatch.link import LinkConfig

    with pytest.raises(ValueError, match=message):
        LinkConfig.from_settings(Settings(link=link))
