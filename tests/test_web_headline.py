"""Pages show an article's title, else its lead sentence, never the file name of an article with text."""
from __future__ import annotations

from dyadwatch.store import ArticleRef
from dyadwatch.web.views import headline


def test_a_title_is_shown_as_it_is() -> None:
    ref = ArticleRef(key="k", id="a07", title="Ministers meet in Bishkek", source=None, url=None, published=None,
                     language="en", lead="The ministers met on Tuesday. They discussed fuel.")
    assert headline(ref) == "Ministers meet in Bishkek"


def test_no_title_shows_the_lead_sentence_not_the_file_name() -> None:
    ref = ArticleRef(key="k", id="b01", title=None, source=None, url=None, published=None, language="ru",
                     lead="Министры встретились в Бишкеке 3 марта. Они обсудили поставки топлива.")
    assert headline(ref) == "Министры встретились в Бишкеке 3 марта."
    assert headline({"id": "b02", "title": None, "text": "Trade grew by 5 percent in 2023. Exports rose."}) \
        == "Trade grew by 5 percent in 2023."


def test_a_long_lead_is_cut_at_a_word_and_an_empty_article_keeps_its_id() -> None:
    long = "The intergovernmental commission " + "on trade, energy and labour migration " * 6 + "met."
    shown = headline({"id": "c01", "title": None, "lead": long})
    assert shown.endswith("…") and len(shown) <= 121 and " " in shown
    assert headline({"article_id": "c02", "title": None, "lead": ""}) == "c02"
