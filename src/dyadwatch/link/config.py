"""Thresholds of cross-article linking, with the reasons for their values.

One frozen object so a run is reproducible and the store, the CLI and the
benchmarks all link with the same numbers. ``LinkConfig.from_settings`` takes
the user's knowledge folders and any thresholds set in ``Settings.link``.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class LinkConfig:
    # Near-duplicates. Word 3-shingles of the cleaned body: a re-published copy
    # with a new headline scores 1.0, a copy with a paragraph added or cut
    # stays above 0.7, while two outlets' own reports of one meeting share few
    # 3-word runs (< 0.3 in our fixtures) and different languages share none.
    shingle_words: int = 3
    num_perm: int = 128
    duplicate_threshold: float = 0.7
    min_shingles: int = 8  # shorter bodies are compared by content hash only
    # A near-copy is published within this many days of its original
    # (syndication, a re-post, a lightly edited press release). Bodies that
    # match across years are a template (rates, weather, a standard notice)
    # or a recycled text, not one piece reported twice; an identical body
    # (content hash) is a copy at any distance, an undated one matches any.
    # Without it a near-copy would be looked for across the whole archive:
    # the matches, and the earlier articles they rewrite, grow with it.
    duplicate_window_days: int | None = 31
    # One event from many reports: complete dates may differ by this many days
    # (time zones, "late on Tuesday" written up on Wednesday).
    event_day_tolerance: int = 1
    # An event without a date of its own happened shortly before publication.
    undated_event_lookback_days: int = 3
    # Reports of one main event by different outlets and languages (reports.py,
    # weights in knowledge/link/same_event.yaml). Publication days farther apart
    # than this are two events (a wire story and its rewrite appear within a day
    # or two; a meeting and its follow-up coverage a week later are a story).
    report_window_days: int = 3
    # The lead: the title and first paragraph, where a report names its main
    # event and actors (background and earlier events come later).
    report_lead_chars: int = 600
    # The weights of what two reports share must reach this: a lead event of
    # the same type and actors (3) and dates that agree (1), or amounts and a
    # quote. One lead event alone, or a day and a few shared names, is not enough.
    report_threshold: float = 4.0
    # Bounded blocking, as for events: members read per (lead actor, day) or
    # amount key, and candidates in all.
    report_bucket_cap: int | None = 12
    report_candidate_cap: int | None = 24
    # Stories: two articles about one matter lie within this many days of each
    # other (a visit's announcement, the visit, the write-up afterwards).
    story_window_days: int = 7
    # A story spans at most this many days (its articles' publication days, or
    # their text's first day when undated): the same two presidents' contacts
    # a month apart or years apart are different stories, however many
    # articles in between name them. Event dates farther than this from an
    # article's publication (background: "in 2019 the presidents signed ...")
    # do not place it in a story either.
    story_max_span_days: int = 31
    # A year-less "22 октября" takes a sibling's year only within this distance.
    backfill_window_days: int = 14
    # Unknown persons: rapidfuzz ratio (0..100) of folded names to merge ids.
    name_similarity: float = 88.0
    # Commitments are followed up within this many years of first mention.
    followup_horizon_years: int = 3
    # Longest span of days a date range is indexed under (blocking stays cheap).
    max_range_days: int = 31
    # Bounded blocking (see link/index.py): members read per (person, day) key
    # when looking for an article's story, and per (type, tense, actor, day)
    # key when looking for reports of the same event. A busy actor's day
    # bucket grows with the corpus (~2 articles at 100k stored over 15 years,
    # ~25 at 1M); past the cap a newcomer is compared with the bucket's first
    # members only (the same ones for every newcomer, so they act as its
    # hubs). A story needs one link into it, so two hubs a day suffice; events
    # get more, because an actor's meetings of one day may be several events
    # and a report must meet a report of its own event. None reads every
    # member (linking cost then grows with the density).
    story_bucket_cap: int | None = 2
    event_bucket_cap: int | None = 12
    # And in all, per article (stories) or event (events): buckets are read
    # nearest in date first until this many candidates are in hand, so the
    # days farthest off are dropped first when every day is busy.
    story_candidate_cap: int | None = 12
    event_candidate_cap: int | None = 12
    # Commitments and follow-up sentences of one (amount or object, year) key
    # read per lookup: a ledger entry is a group, so one link into it is
    # enough for a commitment; a commitment ingested after the sentences that
    # follow it up links at most this many of them per key (a sentence
    # ingested after the commitment finds it itself).
    commitment_bucket_cap: int | None = 8
    # Unknown persons of one name key (initial and surname variant) read when
    # a name looks for its other spellings: the key holds names one typo
    # apart, and it fills with namesakes as the corpus grows.
    name_bucket_cap: int | None = 8
    # Unknown persons' spellings are filed by era (blocks of this many days,
    # by the article's publication date) and looked for in the article's era
    # and the two next to it, so a spelling meets those in the news within
    # three to six years of it. A name key over the whole archive fills with
    # namesakes as the archive grows (bench_store at 18 articles a day: seven
    # times more ids per key at 1M stored than at 100k); an era's key holds
    # what a few years of news hold, whatever the archive's length. What is
    # lost: a person the gazetteer does not know, absent from the news for
    # more than three years and back under another spelling, is not joined.
    # Known persons are filed without eras. Stored keys carry the era, so the
    # length is fixed (migration 0007 files a store's names by era).
    name_era_days: int = 1096
    # The namesake guard: two spellings are one person only when their
    # articles share another entity, and a shared entity that many articles
    # name (the capital, the president) is shared by chance. An entity named in
    # at least ``namesake_common_articles`` articles is common: the chance
    # that the other side's articles name it anyway (from its share of the
    # archive's articles and their number) must be at most ``namesake_chance``
    # divided by the common entities the side with fewer articles names (a
    # Bonferroni bound: two unrelated spellings pass at most that often).
    # Rarer entities corroborate as before, so an archive of a few hundred
    # articles links as it did. Without it, names one letter apart were joined
    # on a shared capital: bench_store at 500k articles over 15 years grew
    # groups of 240 "spellings". None lifts it (any shared entity
    # corroborates). The counts grow with the archive, so a join can depend on
    # when it was tried (as with the caps).
    namesake_common_articles: int | None = 100
    namesake_chance: float = 0.05
    # After two ids become one person, the articles naming the side with
    # fewer articles are compared again (stories, events) through the merged
    # person's keys: at most this many of them (the first by id); the rest
    # keep the links they have. Their stored views get the new id regardless.
    relink_cap: int | None = 16
    knowledge_paths: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Any = None, **overrides: Any) -> "LinkConfig":
        """The thresholds with ``Settings.link``'s values (checked) and then ``overrides`` applied."""
        if settings is None:
            return cls(**overrides)
        kw: dict[str, Any] = {"knowledge_paths": tuple(str(p) for p in getattr(settings, "knowledge_paths", ()))}
        kw.update(_checked(dict(getattr(settings, "link", None) or {})))
        kw.update(overrides)
        return cls(**kw)


# knowledge_paths comes from Settings.knowledge_paths; a store's MinHash signatures were made
# with num_perm and shingle_words, so a new value would compare unlike signatures; name keys
# carry eras of name_era_days
_NOT_SETTABLE = {"knowledge_paths", "num_perm", "shingle_words", "name_era_days"}


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """``Settings.link`` values by LinkConfig field, each a number of the field's kind (or null
    where the field may be None, a lifted cap); anything else is a clear error, not a silent default."""
    known = {f.name: f for f in fields(LinkConfig) if f.name not in _NOT_SETTABLE}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(f"unknown link settings: {', '.join(unknown)} (settable: {', '.join(known)}; "
                         f"the MinHash shape and the name eras are fixed, as stored signatures and keys depend on them)")
    for name, value in values.items():
        default = known[name].default
        optional = "None" in str(known[name].type)
        if value is None and optional:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                (isinstance(default, int) and not isinstance(value, int)):
            kind = "a whole number" if isinstance(default, int) else "a number"
            raise ValueError(f"link setting {name} must be {kind}{' or null' if optional else ''}, not {value!r}")
        if value < 0:
            raise ValueError(f"link setting {name} must not be negative, not {value!r}")
    return values
