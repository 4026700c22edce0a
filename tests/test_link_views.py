"""``Linker.add`` names every earlier article whose linked view it changed, and only those:
ingest rewrites exactly what it names, so a story that grows does not rewrite all its members."""
from __future__ import annotations

import itertools
import random

from dyadwatch.link import Linker
from test_link_bounded import KASYMALIEV, OSH, OVERCHUK, _busy_day, _with
from test_link_corpus import corpus as link_corpus
from test_link_entities import corpus as entity_corpus
from test_link_fixtures import NBSP, actor, article, entities, event, yearless


def _announcement():
    """Published four days before the busy day's reports; its "14 мая" has no year until they come."""
    text = (f"Вице-премьер России Алексей Оверчук 14{NBSP}мая прибудет в{NBSP}Ош, где проведёт переговоры "
            f"с{NBSP}председателем кабмина Адылбеком Касымалиевым.")
    ents = [_with(OVERCHUK, "Алексей Оверчук"), _with(OSH, "Ош"), _with(KASYMALIEV, "Адылбеком Касымалиевым")]
    return article("announce", text, "ru", source="kabar.kg", published="2024-05-10T09:00:00",
                   ents=entities(text, ents), dates=(yearless(5, 14, f"14{NBSP}мая"),),
                   events=(event(text, "проведёт переговоры", [actor(OVERCHUK, "source"), actor(KASYMALIEV, "target")],
                                 date=yearless(5, 14, f"14{NBSP}мая"), place=OSH, id="e1", future=True),))


def _add_all_checking_views(arts: list) -> list[tuple[str, ...]]:
    """Add in this order; after each add, every view that changed must be among those it named."""
    linker = Linker()
    views: dict = {}
    named = []
    for art in arts:
        update = linker.add(art)
        now = {i: linker.article(i) for i in [*views, art.id]}
        changed = {i for i, view in views.items() if now[i] != view}
        assert changed <= set(update.affected_articles), \
            f"adding {art.id} changed {sorted(changed - set(update.affected_articles))} without naming them"
        views = now
        named.append(update.affected_articles)
    return named


def test_link_views_named_after_each_add_in_every_order():
    # a two-language meeting, a re-published copy, an undated year-less article of the same visit
    for order in itertools.permutations(link_corpus()):
        _add_all_checking_views(list(order))


def test_link_views_named_after_person_merges_and_on_a_busy_day():
    rng = random.Random(20240514)
    for arts in (entity_corpus(), _busy_day(8)):
        for _ in range(12):
            rng.shuffle(arts)
            _add_all_checking_views(list(arts))


def test_link_views_a_growing_story_names_only_what_changed():
    arts = _busy_day(8)  # one meeting reported eight times, same day: one story, one event
    named = _add_all_checking_views(arts)  # in order: busy00 stays the story's first article
    assert named[1] == ("busy00",) or named[1] == ()
    assert all(n == () for n in named[2:]), named
    # a report that comes first in the story's order renames the story of every member
    late_first = _add_all_checking_views([*arts[1:], arts[0]])
    assert late_first[-1] == tuple(a.id for a in arts[1:])


def test_link_views_an_earlier_article_a_new_sibling_dates_is_named():
    # the announcement stays its story's first article (no new story id), but its year-less
    # date takes the year of the first report that joins it: its view changed
    linker = Linker()
    linker.add(_announcement())
    assert linker.article("announce").dates[0].year is None
    update = linker.add(_busy_day(1)[0])
    assert update.affected_articles == ("announce",)
    assert linker.article("announce").dates[0].year == 2024
    # each later report may bring a closer date, so the announcement is named again; the reports are not
    named = _add_all_checking_views([_announcement(), *_busy_day(4)])
    assert named[1:] == [("announce",)] * 4
