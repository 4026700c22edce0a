"""The same unknown person across articles and languages, as one entity.

The resolve stage already gives one id to one spelling. Unknown persons whose
names differ only by transliteration or a typo (Tursunbaev / Tursunbayev,
«Жамсуев» rendered Zhamsuev or Jamsuev) get different ids; this module joins
them when the folded names are close (rapidfuzz), the countries agree, and the
two articles share another entity that is not a country and that they do not
share by chance, as they would the capital or the president in a large archive
(the guard against two namesakes; ``_co_occur``). The corpus-wide id of a
group is its smallest known (gazetteer) id, else the id of its
earliest-reported spelling (the one named by the group's first article: published,
ingested, article id), else the smallest id; so it does not depend on ingest
order, and a spelling that turns up late is renamed to the established one,
not the other way round (which would rewrite every stored article naming the
established spelling).
Two different known entities are never joined. Candidates come from name keys:
the first initial and the surname with each letter left out in turn, so names
one typo or transliteration step apart meet, and a key holds only names that
close (a 4-letter surname prefix or suffix such as "-baev" held thousands).
A surname of eight letters or more is also filed under its first and last four
letters together, so edits in between meet as well. What ``names_match`` would
accept and these keys miss: two edits, one of them in the first or last four
letters, in a surname of nine letters or more. A key is read up to
``name_bucket_cap`` ids (see "Bounded blocking" in ``index.py``): past it, a
spelling meets only the key's first ids.

Unknown persons' keys also carry an era (``LinkConfig.name_era_days``, from the
article's publication date; ``*`` for an undated article), and a spelling is
looked for in its own era, the two next to it and the undated: the keys hold
the names of a few years of news, not of the whole archive. An id is filed
under each era it is named in (the entity record keeps which). An undated
article's person is looked for among the undated only; a dated article later
finds it.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Iterable

from .config import LinkConfig
from .features import ArticleFeatures, EntityInfo, read_cards
from .index import DisjointSets, LinkIndex, candidates
from .lexicon import name_folding

_NON_LETTER = re.compile(r"[^a-z ]+")
CONTEXT_CAP = 200  # articles read per side by the namesake guard
COUNT_KIND = "entity:count"  # index records: how many articles name each non-country entity id
ALL_ARTICLES = "*"  # the COUNT_KIND record counting every article
_CONTEXT_CHUNK = 25  # the larger side's articles are read this many at a time, until one shares an entity


@lru_cache(maxsize=1 << 16)  # a candidate's name is folded each time it is compared: dozens a probe in a dense archive
def folded_name(name: str, paths: tuple[str, ...] = ()) -> str:
    """Latin, lower-case, transliteration variants folded: the comparison key of a person name."""
    cyr, folds = name_folding(paths)
    s = "".join(cyr.get(ch, ch) for ch in name.casefold())
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _NON_LETTER.sub(" ", s.replace("-", " "))
    for a, b in folds:
        s = s.replace(a, b)
    return " ".join(s.split())


_INITIALS = "abcdefghijklmnopqrstuvwxyz"  # folded names are Latin letters only


def _surname_variants(surname: str) -> list[str]:
    """The surname and each of its one-letter deletions (surnames of four letters or more).

    Two surnames one typo apart (a letter changed, added, dropped, or two
    neighbours swapped) always share one of these; a bucket holds only
    surnames that close, so it does not grow with the corpus as a prefix does.
    Surnames of eight letters or more add their two ends (four letters each).
    """
    if len(surname) < 4:
        return [surname]
    variants = {surname} | {surname[:i] + surname[i + 1:] for i in range(len(surname))}
    if len(surname) >= 8:  # and its two ends: edits anywhere in between (a syllable added) still meet
        variants.add(f"ends:{surname[:4]}-{surname[-4:]}")
    return sorted(variants)


UNDATED = "*"  # the era of an article without a publication date


def era_of(day: date | None, era_days: int) -> str:
    """The era an unknown person's name is filed under for an article of ``day``."""
    return UNDATED if day is None else str(day.toordinal() // era_days)


def probe_eras(era: str) -> list[str]:
    """The eras a spelling of ``era`` is looked for in: its own, the two next to it, the undated."""
    if era == UNDATED:
        return [UNDATED]
    e = int(era)
    return [str(e - 1), era, str(e + 1), UNDATED]


def name_keys(folded: str, known: bool, era: str = UNDATED) -> list[str]:
    """Blocking keys a person name is filed under: its first initial and surname variants, and for
    an unknown person the era of the article.

    Known and unknown persons are filed apart: two known persons are never
    compared, so a known one only looks among the unknown. A name without a
    first name is filed under "-" in place of an initial.
    """
    parts = folded.split()
    if not parts:
        return []
    initial = parts[0][0] if len(parts) > 1 else "-"
    if known:
        return [f"pname|k|{initial}|{v}" for v in _surname_variants(parts[-1])]
    return [f"pname|u|{initial}|{v}|{era}" for v in _surname_variants(parts[-1])]


def name_probe_keys(folded: str, known: bool, era: str = UNDATED) -> list[str]:
    """Keys to look up for names that may be this person (see ``names_match``), for an article of ``era``.

    A full name looks under its own initial and under surname-only names; a
    surname alone under every initial. A known person looks among the unknown only;
    the unknown are looked for in ``probe_eras(era)``.
    """
    parts = folded.split()
    if not parts:
        return []
    initials = [parts[0][0], "-"] if len(parts) > 1 else ["-", *_INITIALS]
    variants = _surname_variants(parts[-1])
    keys = [f"pname|u|{i}|{v}|{e}" for e in probe_eras(era) for i in initials for v in variants]
    if not known:
        keys += [f"pname|k|{i}|{v}" for i in initials for v in variants]
    return keys


def names_match(a: str, b: str, threshold: float) -> bool:
    from rapidfuzz import fuzz

    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return False
    if fuzz.ratio(ta[-1], tb[-1]) < threshold:
        return False
    if len(ta) > 1 and len(tb) > 1:
        if ta[0][0] != tb[0][0]:
            return False
        return fuzz.token_sort_ratio(a, b) >= threshold
    return True  # surname alone on one side: the co-occurrence guard decides


def filed_eras(record: tuple | None) -> frozenset[str]:
    """The eras an entity record's name is filed under (a record stored before eras has none)."""
    return record[2] if record is not None and len(record) > 2 else frozenset()


def counted_ids(feats: ArticleFeatures) -> list[str]:
    """The entity ids an article is counted under (``COUNT_KIND``): every one but the countries, which
    a dyad's every article names. Linking and migration 0009 count through this, so they agree."""
    return sorted({e.id for e in feats.entities if not e.is_country})


class EntityLinker:
    def __init__(self, index: LinkIndex, config: LinkConfig) -> None:
        self.index = index
        self.config = config
        self.sets = DisjointSets(index, "entity")
        self.new_ids: set[str] = set()

    # ------------------------------------------------------------ queries
    def canonical(self, entity_id: str) -> str:
        if entity_id not in self.sets:
            return entity_id
        cached = self.index.get("entity:canonical", self.sets.find(entity_id))
        return cached or entity_id

    def prefetch(self, entity_ids: Iterable[str]) -> None:
        """Read the groups and corpus-wide ids of many entities together, before comparing candidates."""
        self.index.get_many("entity:canonical", self.sets.prefetch(entity_ids))

    def _choose_canonical(self, members: tuple[str, ...]) -> str:
        if len(members) == 1:
            return members[0]
        self.index.get_many("entity", members)
        known = sorted(m for m in members if (self.index.get("entity", m) or (None, False))[1])
        if known:
            return known[0]
        self.index.get_many("entity:first", members)
        return min(members, key=lambda m: (self._first_seen(m), m))

    def _first_seen(self, entity_id: str) -> tuple:
        """Order key of the first article naming the id (kept per id; a store linked before it was kept
        works it out once from the id's articles)."""
        got = self.index.get("entity:first", entity_id)
        if got is None:
            arts = list(self.index.members(f"ent|{entity_id}"))
            feats = self.index.get_many("features", arts)
            got = min((f.order_key for f in feats.values()), default=("9999",))
            self.index.put("entity:first", entity_id, got)
        return got

    # ------------------------------------------------------------ adding
    def add(self, feats: ArticleFeatures) -> list[tuple[str, str]]:
        """File the article's entities; return (entity id, corpus id) for ids that changed group."""
        changed: list[tuple[str, str]] = []
        self.new_ids = set()  # ids never seen before this article (for spans.DaySpans.note)
        era = era_of(feats.published, self.config.name_era_days)
        self._count(feats)
        for ent in feats.entities:
            if ent.type != "PERSON":  # only persons are joined; a country's article list would be every article
                continue
            self.index.add_key(f"ent|{ent.id}", feats.id)
            folded = folded_name(ent.name, self.config.knowledge_paths)
            seen = self.index.get("entity", ent.id)
            if seen is None:
                self.new_ids.add(ent.id)
                self.index.put("entity:first", ent.id, feats.order_key)
            elif (first := self.index.get("entity:first", ent.id)) is not None and feats.order_key < first:
                self.index.put("entity:first", ent.id, feats.order_key)
            # keys depend on the name and, for the unknown, the era: file each (name, era) once. The
            # record keeps the first name (an id named in two scripts would otherwise flip it)
            eras = filed_eras(seen)
            new_era = not ent.known and era not in eras
            if seen is None or new_era:
                self.index.put("entity", ent.id, (seen[0] if seen else ent, ent.known,
                                                  eras | {era} if not ent.known else eras))
            other_name = seen is not None and seen[0].name != ent.name
            names = {folded}
            if new_era and other_name:  # the record's name is compared: file it in this era too
                names.add(folded_name(seen[0].name, self.config.knowledge_paths))
            if seen is None or new_era or other_name:
                for name in names:
                    for k in name_keys(name, ent.known, era):
                        self.index.add_key(k, ent.id)
            self.sets.add(ent.id)
            root = self.sets.find(ent.id)
            before = self.index.get("entity:canonical", root)
            # a group holds at most one known person (two never join), and once it names the group it
            # stays: the members (dozens for a busy known person) need not be read again
            known_before = before is not None and (self.index.get("entity", before) or (None, False))[1]
            group = self.sets.members(ent.id)
            canon = before if known_before else self._choose_canonical(group)
            if before != canon:
                self.index.put("entity:canonical", root, canon)
                if before is not None:  # an earlier article of another spelling came in: the group is renamed
                    changed.extend((m, canon) for m in group)
            found = candidates(self.index, name_probe_keys(folded, ent.known, era), exclude=ent.id,
                               limit=self.config.name_bucket_cap)
            self.index.get_many("entity", found)
            # the checks of the candidates' own records first: only the groups of those that may be this
            # person are read (a dense archive's name keys are full of namesakes; see _may_be_same)
            similar = [other for other in sorted(found) if self._may_be_same(ent, folded, other)]
            self.sets.prefetch(similar)
            for other in similar:
                if self.sets.find(other) != self.sets.find(ent.id) and self._co_occur(ent.id, other):
                    changed.extend(self._join(ent.id, other))
        return changed

    def _may_be_same(self, ent: EntityInfo, folded: str, other_id: str) -> bool:
        """What makes two ids one person that their records alone tell: not two known persons, no two
        countries, names that match. The namesake guard (``_co_occur``) is asked of those that pass and
        are not in one group already. Joins change groups, not records, so this may be asked first."""
        rec = self.index.get("entity", other_id)
        if rec is None:
            return False
        other: EntityInfo = rec[0]
        if ent.known and other.known:
            return False
        if ent.country and other.country and ent.country != other.country:
            return False
        return names_match(folded, folded_name(other.name, self.config.knowledge_paths), self.config.name_similarity)

    def _count(self, feats: ArticleFeatures) -> None:
        """Count the article under each entity it names (``counted_ids``), and in all (the namesake
        guard's shares of the archive)."""
        ids = counted_ids(feats)
        counts = self.index.get_many(COUNT_KIND, [*ids, ALL_ARTICLES])
        for i in [*ids, ALL_ARTICLES]:
            self.index.put(COUNT_KIND, i, counts.get(i, 0) + 1)

    def _chances(self, context: set[str], n_other: int) -> dict[str, float]:
        """For each entity of one side's context, the chance that ``n_other`` articles unrelated to it
        name it (from its share of the archive's articles): 0 for an entity not common (see LinkConfig)."""
        floor = self.config.namesake_common_articles
        if floor is None or not context:
            return dict.fromkeys(context, 0.0)
        counts = self.index.get_many(COUNT_KIND, [*sorted(context), ALL_ARTICLES])
        total = counts.get(ALL_ARTICLES, 0)
        out = {}
        for x in context:
            share = counts.get(x, 0) / total if counts.get(x, 0) >= floor else 0.0
            out[x] = 1.0 - (1.0 - share) ** n_other
        return out

    def _articles(self, entity_id: str, limit: int) -> list[str]:
        """The first ``limit`` articles (by id) naming the entity's group; a known person may have thousands."""
        found = self.index.members_many([f"ent|{m}" for m in self.sets.members(entity_id)], limit=limit)
        return sorted(found)[:limit]

    def _co_occur(self, a: str, b: str) -> bool:
        """The guard against namesakes: the two ids' articles share another non-country entity, one
        that is not shared by chance.

        The side with fewer articles gives the context; the other side's
        articles are read up to ``CONTEXT_CAP`` (a known person may have
        thousands), so the cost per article stays flat. A common entity of
        the context (the capital, the president) corroborates only while the
        chance that the other side's articles name it anyway is small
        (``_chances``): at most ``LinkConfig.namesake_chance`` over the common
        entities the context names (a Bonferroni bound, so unrelated articles
        pass the guard at most that often). Two people one letter apart both
        appear beside the president, the more so the more articles they have.
        """
        exclude = set(self.sets.members(a)) | set(self.sets.members(b))
        # one more than the cap, to tell a side past the cap from one at it
        arts_a, arts_b = self._articles(a, CONTEXT_CAP + 1), self._articles(b, CONTEXT_CAP + 1)
        if len(arts_a) > len(arts_b):
            arts_a, arts_b = arts_b, arts_a
        ctx_a: set[str] = set()
        for card in read_cards(self.index, arts_a[:CONTEXT_CAP]).values():
            ctx_a |= card.entities - exclude
        side_b = arts_b[:CONTEXT_CAP]
        chances = self._chances(ctx_a, len(side_b))
        bar = self.config.namesake_chance / max(1, sum(1 for c in chances.values() if c > 0))
        ctx_a = {x for x, c in chances.items() if c <= bar}  # what may corroborate
        if not ctx_a:
            return False
        for i in range(0, len(side_b), _CONTEXT_CHUNK):  # a shared entity is usually found in the first few
            chunk = side_b[i:i + _CONTEXT_CHUNK]
            cards = read_cards(self.index, chunk)
            for y in chunk:
                if y in arts_a and len(arts_a) == 1 and len(arts_b) == 1:
                    continue  # one article alone is not corroboration
                if y in cards and ctx_a & cards[y].entities:  # ctx_a holds no excluded id
                    return True
        return False

    def _join(self, a: str, b: str) -> list[tuple[str, str]]:
        ma, mb = self.sets.members(a), self.sets.members(b)
        # a known person's group may hold dozens of spellings: their records in a few reads, not one each
        self.index.get_many("entity", ma + mb)
        self.prefetch(ma + mb)
        known_a = [m for m in ma if self.index.get("entity", m)[1]]
        known_b = [m for m in mb if self.index.get("entity", m)[1]]
        if known_a and known_b:
            return []  # two different known people never become one
        before = {m: self.canonical(m) for m in ma + mb}
        self.sets.union(a, b)
        root = self.sets.find(a)
        canon = self._choose_canonical(self.sets.members(a))
        self.index.put("entity:canonical", root, canon)
        return [(m, canon) for m, old in before.items() if old != canon]
