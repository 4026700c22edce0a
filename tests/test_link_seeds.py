"""The linker on the real seeds through the real pipeline (skips without ../shared).

Seed 003 has no date line: its meeting is "22 октября". Seed 002, published
2020-10-24, reports the same visit to Moscow, so linking gives the meeting
its year from the sibling.
"""
from __future__ import annotations

import pytest

from dyadwatch.link import link_all

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.fixture(scope="module")
def seed_articles(request):
    from conftest import shared_path

    from dyadwatch.api import extract
    from dyadwatch.read import ReadFailure

    seeds = shared_path("seeds")
    paths = sorted(str(p) for p in seeds.glob("*.txt"))
    arts = [a for a in extract(paths) if not isinstance(a, ReadFailure)]
    assert len(arts) == len(paths)
    return arts


def test_link_seeds_003_meeting_takes_year_from_002(seed_articles):
    result = link_all(seed_articles)
    by_id = {a.id: a for a in result.articles}
    s002, s003 = by_id["002_72c8119b68f9c38f"], by_id["003_45e618fe6b6cb5b2"]
    assert s003.published is None
    meeting = next(e for e in s003.events if e.date is not None and e.date.month == 10 and e.date.day == 22)
    assert meeting.date.iso() == "2020-10-22" and meeting.date_source == "cluster"
    assert s002.story == s003.story


def test_link_seeds_unrelated_seeds_stay_apart(seed_articles):
    result = link_all(seed_articles)
    assert all(a.duplicate_of is None for a in result.articles)
    stories = {a.story for a in result.articles}
    assert len(stories) == 4  # 002 and 003 together, the other three alone
    assert all(len({m.article_id for m in ev.mentions}) == 1 for ev in result.events)
