"""Near-duplicate articles: MinHash signatures over word shingles, LSH bands as blocking keys.

A re-published or lightly edited copy shares most word 3-shingles of the
original's cleaned body. Each article's MinHash signature (datasketch) is cut
into LSH bands; the bands are index keys, so candidates are only articles
sharing a band, and a candidate is a duplicate when the estimated Jaccard
similarity reaches ``LinkConfig.duplicate_threshold`` and the two were
published within ``LinkConfig.duplicate_window_days`` of each other (a
template text years apart is not a copy). Identical bodies are caught by
content hash whatever their length and distance.

The copy's ``duplicate_of`` is the group's original: the earliest published
article, then the earliest ingested (``meta["ingested"]`` when the store
records it), then the smallest id, so the answer does not depend on the order
articles arrive in.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Iterable

import numpy as np

from ..document import content_hash
from ..records import Article
from .config import LinkConfig
from .index import LinkIndex, candidates

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 7  # fixed, so signatures are comparable across runs and machines
_SCHEME = "affine32"  # datasketch >= 2.0 names its hashing scheme; fixed so stored signatures stay comparable


def shingles(text: str, k: int) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


@lru_cache(maxsize=8)
def band_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) datasketch picks for this threshold (weighs false positives and negatives)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> object:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME).permutations


def signature(text: str, config: LinkConfig) -> np.ndarray | None:
    """MinHash hash values of the body, or None when it is too short to judge."""
    from datasketch import MinHash

    sh = shingles(text, config.shingle_words)
    if len(sh) < config.min_shingles:
        return None
    mh = MinHash(num_perm=config.num_perm, seed=_SEED, permutations=_permutations(config.num_perm),
                 scheme=_SCHEME)
    mh.update_batch(sorted(sh))
    return mh.hashvalues.copy()


def band_keys(sig: np.ndarray, config: LinkConfig) -> list[str]:
    b, r = band_shape(config.duplicate_threshold, config.num_perm)
    keys = []
    for i in range(b):
        digest = hashlib.blake2b(sig[i * r:(i + 1) * r].tobytes(), digest_size=8).hexdigest()
        keys.append(f"lsh|{i}|{digest}")
    return keys


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


class DuplicateFinder:
    """Files articles under their LSH bands and content hash; finds their near-copies."""

    def __init__(self, index: LinkIndex, config: LinkConfig) -> None:
        self.index = index
        self.config = config

    def keys(self, article: Article) -> list[str]:
        keys = [f"hash|{article.content_hash or content_hash(article.text)}"]
        sig = self.index.get("minhash", article.id)
        if sig is not None:
            keys.extend(band_keys(sig, self.config))
        return keys

    def add(self, article: Article) -> list[str]:
        """Index the article; return the ids of earlier-filed articles it duplicates."""
        sig = signature(article.text, self.config)
        if sig is not None:
            self.index.put("minhash", article.id, sig)
        keys = self.keys(article)
        found = candidates(self.index, keys, exclude=article.id)
        self.index.get_many("features", found)
        self.index.get_many("minhash", found)
        matches = [other for other in sorted(found) if self.same(article.id, other)]
        for key in keys:
            self.index.add_key(key, article.id)
        return matches

    def same(self, a: str, b: str) -> bool:
        fa, fb = self.index.get("features", a), self.index.get("features", b)
        if fa is not None and fb is not None and fa.content_hash and fa.content_hash == fb.content_hash:
            return True
        window = self.config.duplicate_window_days
        if window is not None and fa is not None and fb is not None and fa.published and fb.published \
                and abs((fa.published - fb.published).days) > window:
            return False
        sa, sb = self.index.get("minhash", a), self.index.get("minhash", b)
        if sa is None or sb is None:
            return False
        return estimated_jaccard(sa, sb) >= self.config.duplicate_threshold


def original_of(group: Iterable[str], order_key) -> str:
    """The article the others copy: earliest by ``order_key`` (published, ingested, id)."""
    return min(group, key=order_key)
