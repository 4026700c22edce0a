"""RSS/Atom reader: each entry is an article, content preferred over summary, HTML stripped."""
from __future__ import annotations

from pathlib import Path

from dyadwatch.clean import clean_document
from dyadwatch.document import RawDocument
from dyadwatch.read import ReadFailure, read_file

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Kabar — новости</title>
<link>https://kabar.kg/</link>
<item>
  <title>Жапаров и Путин провели телефонный разговор</title>
  <link>https://kabar.kg/news/zhaparov-putin-phone/</link>
  <guid>https://kabar.kg/news/zhaparov-putin-phone/</guid>
  <pubDate>Tue, 14 Oct 2025 18:30:00 +0600</pubDate>
  <description>Коротко: президенты обсудили энергетику.</description>
  <content:encoded><![CDATA[<p>Президент Кыргызстана Садыр Жапаров провёл телефонный разговор с Владимиром Путиным.</p>
  <p>Стороны обсудили подготовку к зиме и поставки электроэнергии.</p>]]></content:encoded>
</item>
<item>
  <title>Migration centre opens in Osh</title>
  <link>https://kabar.kg/eng/news/migration-centre-osh/</link>
  <pubDate>Wed, 15 Oct 2025 09:00:00 +0600</pubDate>
  <description>&lt;p&gt;A pre-departure centre for labour migrants going to Russia opened in Osh.&lt;/p&gt;</description>
</item>
<item>
  <title>Empty item</title>
</item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>AKIpress</title>
  <entry>
    <title>Russia to fund school repairs</title>
    <id>tag:akipress.com,2025:news-55</id>
    <link href="https://akipress.com/news:55/"/>
    <updated>2025-09-01T08:15:00Z</updated>
    <summary type="html">&lt;p&gt;Russia will allocate 2 billion rubles for school repairs.&lt;/p&gt;</summary>
  </entry>
</feed>
"""


def test_read_feed_rss_entries(tmp_path: Path) -> None:
    path = tmp_path / "kabar_rss.xml"
    path.write_text(RSS, encoding="utf-8")
    items = list(read_file(path))
    assert [type(x).__name__ for x in items] == ["RawDocument", "RawDocument", "ReadFailure"]
    phone, migration, empty = items
    assert phone.id == "kabar_rss:1" and phone.format == "feed"
    # the full content wins over the short description; paragraphs become lines
    assert phone.content.splitlines() == [
        "Президент Кыргызстана Садыр Жапаров провёл телефонный разговор с Владимиром Путиным.",
        "Стороны обсудили подготовку к зиме и поставки электроэнергии."]
    assert phone.meta["title"] == "Жапаров и Путин провели телефонный разговор"
    assert migration.content == "A pre-departure centre for labour migrants going to Russia opened in Osh."
    assert empty.id == "kabar_rss:3" and "no content" in empty.reason
    clean = clean_document(phone)
    assert clean.published == "2025-10-14T18:30:00"  # the outlet's wall-clock time
    assert clean.source == "kabar.kg"
    assert clean.url == "https://kabar.kg/news/zhaparov-putin-phone/"


def test_read_feed_atom_in_txt_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "akipress.txt"
    path.write_text(ATOM, encoding="utf-8")
    [doc] = list(read_file(path))
    assert isinstance(doc, RawDocument) and doc.format == "feed"
    assert doc.content == "Russia will allocate 2 billion rubles for school repairs."
    assert clean_document(doc).published == "2025-09-01T08:15:00"


def test_read_feed_xml_that_is_not_a_feed_is_failure(tmp_path: Path) -> None:
    path = tmp_path / "config.xml"
    path.write_text('<?xml version="1.0"?><settings><db>x</db></settings>', encoding="utf-8")
    [failure] = list(read_file(path))
    assert isinstance(failure, ReadFailure)
