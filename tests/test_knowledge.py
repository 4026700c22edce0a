"""Knowledge files from user folders extend the bundled ones."""
from __future__ import annotations

from dyadwatch import knowledge


def test_knowledge_user_yaml_extends_lists_and_merges_maps(tmp_path, monkeypatch):
    bundled = tmp_path / "bundled"
    user = tmp_path / "user"
    (bundled / "topics").mkdir(parents=True)
    (user / "topics").mkdir(parents=True)
    (bundled / "topics" / "t.yaml").write_text("migration: {en: [migrant]}\nlist: [a]\n", encoding="utf-8")
    (user / "topics" / "t.yaml").write_text("migration: {ru: [мигрант]}\nlist: [b]\n", encoding="utf-8")
    monkeypatch.setattr(knowledge, "BUNDLED", bundled)
    knowledge._load_yaml_cached.cache_clear()
    data = knowledge.load_yaml("topics/t.yaml", [user])
    assert data == {"migration": {"en": ["migrant"], "ru": ["мигрант"]}, "list": ["a", "b"]}
    knowledge._load_yaml_cached.cache_clear()


def test_knowledge_tsv_skips_comments_and_appends_user_rows(tmp_path, monkeypatch):
    bundled = tmp_path / "bundled"
    user = tmp_path / "user"
    bundled.mkdir()
    user.mkdir()
    (bundled / "p.tsv").write_text("# people\nname\tcountry\nSadyr Japarov\tKGZ\n", encoding="utf-8")
    (user / "p.tsv").write_text("name\tcountry\nKassym-Jomart Tokayev\tKAZ\n", encoding="utf-8")
    monkeypatch.setattr(knowledge, "BUNDLED", bundled)
    knowledge._load_tsv_cached.cache_clear()
    rows = knowledge.load_tsv("p.tsv", [user])
    assert [r["country"] for r in rows] == ["KGZ", "KAZ"]
    knowledge._load_tsv_cached.cache_clear()
