"""Readers of the public NER gold sets for ``dyadwatch eval ner`` (formats: each folder's README).

factRuEval-2016 (name spans of objects), NEREL (brat standoff, nested),
UNER-PUD (IOB2 on the sentences' text, one newdoc one text) and GUM news
(the entity layer of CoNLL-U: the proper name at the head of each person /
organization / place phrase, flat like UNER). See eval/ner.py for what each
reader keeps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

TYPES = ("PER", "ORG", "LOC")
Span3 = tuple[int, int, str]


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str
    lang: str
    gold: tuple[Span3, ...]


FRE_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
FRE_NAME_SPANS = {"name", "surname", "patronymic", "nickname", "org_name", "loc_name"}


def read_factrueval(folder: Path, limit: int = 0) -> Iterator[GoldDoc]:
    books = sorted(folder.glob("*.objects"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    for n, obj_path in enumerate(books):
        if limit and n >= limit:
            return
        stem = obj_path.with_suffix("")
        text = stem.with_suffix(".txt").read_text(encoding="utf-8")
        spans: dict[str, tuple[str, int, int]] = {}
        for line in stem.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            parts = line.split("#")[0].split()
            if len(parts) >= 4:
                spans[parts[0]] = (parts[1], int(parts[2]), int(parts[2]) + int(parts[3]))
        gold = set()
        for line in obj_path.read_text(encoding="utf-8").splitlines():
            parts = line.split("#")[0].split()
            if len(parts) < 3 or parts[1] not in FRE_TYPES:
                continue
            named = [spans[s] for s in parts[2:] if s in spans and spans[s][0] in FRE_NAME_SPANS]
            if named:
                gold.add((min(s[1] for s in named), max(s[2] for s in named), FRE_TYPES[parts[1]]))
        yield GoldDoc(stem.name, text, "ru", tuple(sorted(gold)))


NEREL_TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC", "STATE_OR_PROV": "LOC",
               "DISTRICT": "LOC", "LOCATION": "LOC"}


def read_nerel(folder: Path, limit: int = 0) -> Iterator[GoldDoc]:
    for n, ann in enumerate(sorted(folder.glob("*.ann"))):
        if limit and n >= limit:
            return
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        gold = set()
        for line in ann.read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            fields = line.split("\t")
            head = fields[1].split(" ", 1) if len(fields) > 1 else []
            if len(head) < 2 or head[0] not in NEREL_TYPES or ";" in head[1]:
                continue
            start, end = (int(x) for x in head[1].split())
            gold.add((start, end, NEREL_TYPES[head[0]]))
        yield GoldDoc(ann.stem, text, "ru", tuple(sorted(gold)))


def read_uner(path: Path, lang: str, limit: int = 0) -> Iterator[GoldDoc]:
    """Documents of UNER sentences (``# newdoc id``), sentences joined by a space.

    The sentences of one newdoc are consecutive parts of one article; scoring
    them as one text gives both systems the context a real article has (a
    surname named in full two sentences earlier). ``limit`` counts sentences.
    """
    doc_id, texts, golds, offset = "", [], [], 0
    for sent, new_doc in _uner_sentences(path, lang, limit):
        if new_doc and texts:
            yield GoldDoc(doc_id, " ".join(texts), lang, tuple(golds))
            texts, golds, offset = [], [], 0
        if not texts:
            doc_id = sent.id
        golds.extend((s + offset, e + offset, t) for s, e, t in sent.gold)
        texts.append(sent.text)
        offset += len(sent.text) + 1
    if texts:
        yield GoldDoc(doc_id, " ".join(texts), lang, tuple(golds))


def _uner_sentences(path: Path, lang: str, limit: int = 0) -> Iterator[tuple[GoldDoc, bool]]:
    sent_id, text, rows = "", "", []
    count, pending_new_doc = 0, False

    def flush() -> GoldDoc | None:
        if not text or not rows:
            return None
        pos, offsets = 0, []
        for tok, _ in rows:
            at = text.find(tok, pos)
            if at < 0:
                return None  # a token the text does not hold: skip the sentence rather than guess
            offsets.append((at, at + len(tok)))
            pos = at + len(tok)
        gold, cur = [], None
        for (tok_start, tok_end), (_, tag) in zip(offsets, rows):
            if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[2] != tag[2:])):
                if cur:
                    gold.append(cur)
                cur = (tok_start, tok_end, tag[2:])
            elif tag.startswith("I-") and cur:
                cur = (cur[0], tok_end, cur[2])
            else:
                if cur:
                    gold.append(cur)
                cur = None
        if cur:
            gold.append(cur)
        return GoldDoc(sent_id, text, lang, tuple(g for g in gold if g[2] in TYPES))

    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# newdoc"):
                pending_new_doc = True
            elif line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
            elif line.startswith("# text"):
                text = line.split("=", 1)[1].strip()
            elif line.startswith("#"):
                continue
            elif not line.strip():
                doc = flush()
                if doc:
                    count += 1
                    yield doc, pending_new_doc
                    pending_new_doc = False
                    if limit and count >= limit:
                        return
                sent_id, text, rows = "", "", []
            else:
                cols = line.split("\t")
                if len(cols) >= 3 and cols[0].isdigit():
                    rows.append((cols[1], cols[2]))
    doc = flush()
    if doc and not (limit and count >= limit):
        yield doc, pending_new_doc


GUM_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}
_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING_POSS = re.compile(r"\s*['’]s$")


def _gum_entity_events(misc: str) -> list[tuple[str, str, str]]:
    """('open'|'single'|'close', id, etype) events of one token's Entity= value, in order."""
    m = re.search(r"Entity=([^|]*)", misc)
    if not m:
        return []
    value, events, i = m.group(1), [], 0
    while i < len(value):
        if value[i] == "(":
            j = i + 1
            while j < len(value) and value[j] not in "()":
                j += 1
            body = value[i + 1:j]
            eid, _, rest = body.partition("-")
            etype = rest.split("-", 1)[0]
            if j < len(value) and value[j] == ")":
                events.append(("single", eid, etype))
                i = j + 1
            else:
                events.append(("open", eid, etype))
                i = j
        else:
            j = i
            while j < len(value) and value[j].isdigit():
                j += 1
            if j > i and j < len(value) and value[j] == ")":
                events.append(("close", value[i:j], ""))
                i = j + 1
            else:
                i += 1
    return events


def read_gum(folder: Path, limit: int = 0) -> Iterator[GoldDoc]:
    for n, path in enumerate(sorted(folder.glob("GUM_news_*.conllu"))):
        if limit and n >= limit:
            return
        yield _read_gum_file(path)


def _read_gum_file(path: Path) -> GoldDoc:
    parts: list[str] = []
    pos = 0
    gold = set()
    sentence: list[dict] = []
    mwt_end, mwt_form, mwt_start, mwt_space = 0, "", 0, True

    def close_sentence() -> None:
        open_: dict[str, list[tuple[int, str]]] = {}
        for w in sentence:
            for kind, eid, etype in w["events"]:
                if kind in ("open", "single"):
                    open_.setdefault(eid, []).append((w["idx"], etype))
                if kind in ("single", "close") and open_.get(eid):
                    first_idx, et = open_[eid].pop()
                    _gum_mention(sentence, first_idx, w["idx"], et, gold)

    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if sentence:
                    close_sentence()
                    sentence = []
                    parts.append("\n")
                    pos += 1
                mwt_end = 0  # word numbers restart in the next sentence
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0]:
                a, b = (int(x) for x in cols[0].split("-"))
                mwt_end, mwt_form, mwt_start = b, cols[1], pos
                mwt_space = "SpaceAfter=No" not in cols[9]
                parts.append(mwt_form + (" " if mwt_space else ""))
                pos += len(mwt_form) + (1 if mwt_space else 0)
                continue
            if "." in cols[0]:
                continue
            idx = int(cols[0])
            form = cols[1]
            if idx <= mwt_end:
                at = mwt_form.find(form)
                start = mwt_start + (at if at >= 0 else 0)
                end = start + (len(form) if at >= 0 else len(mwt_form))
            else:
                start, end = pos, pos + len(form)
                space = "SpaceAfter=No" not in cols[9]
                parts.append(form + (" " if space else ""))
                pos = end + (1 if space else 0)
            proper = cols[4] in ("NNP", "NNPS")  # GUM tags "United" ADJ but NNP: the Penn tag marks names
            sentence.append({"idx": idx, "start": start, "end": end, "upos": "PROPN" if proper else cols[3],
                             "form": form, "deprel": cols[7].split(":")[0],
                             "head": int(cols[6]) if cols[6].isdigit() else 0, "events": _gum_entity_events(cols[9])})
    if sentence:
        close_sentence()
    text = "".join(parts)
    trimmed = set()
    for s, e, t in gold:
        piece = text[s:e]
        lead = _LEADING_DET.match(piece)
        s2 = s + (lead.end() if lead else 0)
        tail = _TRAILING_POSS.search(text[s2:e])
        e2 = s2 + tail.start() if tail else e
        if e2 > s2:
            trimmed.add((s2, e2, t))
    # GUM nests names ("Texas" in "University of Texas"); the flat convention of UNER keeps the outer one
    return GoldDoc(path.stem, text, "en", tuple(sorted(outermost(trimmed))))


_GUM_BRIDGE = frozenset({"of", "the", "for", "on", "&"})  # inside organisation and place names only


def _gum_mention(sentence: list[dict], first: int, last: int, etype: str, gold: set) -> None:
    """The proper name a GUM noun phrase is headed by, or nothing.

    GUM mentions are whole noun phrases ("Facebook creator Mark Zuckerberg",
    "the University of North Carolina", "Ann Chiang of DAB", "Teams from
    Morocco and Iran"). The name is the run of proper nouns (Penn NNP/NNPS)
    around the phrase's syntactic head (its word whose head lies outside the
    phrase), or a name the head noun takes as flat / appos ("team member
    Rodaba Noori"): a phrase headed by a common noun alone ("teams", "office")
    is not a name, and a name inside a modifier ("of DAB", "from Irving, Texas") is its
    own GUM mention, not part of this one. Organisation and place names may
    bridge "of", "the", "for", "on", "&" between proper nouns ("Bank of
    America"), and a place its region after a comma when that ends the phrase
    ("Irving, Texas", one name as in UNER); person names only a hyphen ("Kwok-kin"). Leading titles are
    dropped ("President Donald Trump" -> "Donald Trump"); a title alone
    ("the President") is not a name.
    """
    if etype not in GUM_TYPES:
        return
    words = [w for w in sentence if first <= w["idx"] <= last]
    inside = {w["idx"] for w in words}
    heads = [k for k, w in enumerate(words) if w["head"] not in inside]
    if not heads:
        return
    anchor = heads[0]
    titles = _english_titles() if etype == "person" else frozenset()
    # "team member Rodaba Noori", "Facebook creator Mark Zuckerberg", "Ambassador Hamdullah Mohib",
    # "Undersecretary for Education Mr. Toccafondi": GUM attaches the name to the head noun or title
    # as flat / appos
    head_idx = words[anchor]["idx"]
    named = [k for k, w in enumerate(words) if k > anchor and w["head"] == head_idx
             and w["deprel"] in ("flat", "appos") and w["upos"] == "PROPN"]
    if words[anchor]["upos"] != "PROPN":
        if not named:
            return
        anchor = named[0]
    elif named and etype == "person" and (words[anchor]["form"].lower() in titles
                                          or words[named[0]]["deprel"] == "appos"):
        anchor = named[0]
    elif words[anchor]["form"].lower() in titles:
        return  # "an Ottawa New Democrat MP", "NASA Administrator": a title alone is not a name
    bridge = etype != "person"

    def joins(k: int) -> bool:  # a word that may stand between two proper nouns of one name
        w = words[k]
        return w["form"] == "-" or (bridge and w["form"].lower() in _GUM_BRIDGE)

    i = j = anchor
    while True:
        if i > 0 and words[i - 1]["upos"] == "PROPN" and (bridge or words[i - 1]["head"] in {
                w["idx"] for w in words[i:j + 1]}):
            i -= 1  # a person's name takes only its own parts ("Ambassador to the United States Hamdullah Mohib")
        elif i > 1 and joins(i - 1) and (words[i - 2]["upos"] == "PROPN" or (
                i > 2 and joins(i - 2) and words[i - 3]["upos"] == "PROPN")):
            i -= 2 if words[i - 2]["upos"] == "PROPN" else 3
        else:
            break
    while True:
        if j + 1 < len(words) and words[j + 1]["upos"] == "PROPN":
            j += 1
        elif etype == "place" and j + 2 < len(words) and words[j + 1]["form"] == "," and all(
                w["upos"] == "PROPN" for w in words[j + 2:]):
            j = len(words) - 1  # "Irving, Texas": a place and the region it lies in are one name (as in UNER)
        elif j + 2 < len(words) and joins(j + 1) and (words[j + 2]["upos"] == "PROPN" or (
                j + 3 < len(words) and joins(j + 2) and words[j + 3]["upos"] == "PROPN")):
            j += 2 if words[j + 2]["upos"] == "PROPN" else 3
        else:
            break
    while i <= j:  # "President Donald Trump" -> "Donald Trump": titles are not names (as in UNER)
        lead = next((t for t in titles if _starts_with_words([w["form"].lower() for w in words[i:j + 1]], t)), "")
        if not lead and words[i]["form"].lower() not in _GUM_BRIDGE:
            break
        i += len(lead.split()) if lead else 1
    inner = [k for k in range(i, j) if words[k]["form"].lower().rstrip(".") in {t.rstrip(".") for t in titles}]
    if inner:  # "Undersecretary for Education Mr. Toccafondi": the name starts after the last title
        i = inner[-1] + 1
    if i <= j:
        gold.add((words[i]["start"], words[j]["end"], GUM_TYPES[etype]))


def _starts_with_words(forms: list[str], title: str) -> bool:
    """Whether the words ``forms`` begin with the (possibly multi-word) ``title``."""
    parts = title.split()
    return len(parts) <= len(forms) and forms[:len(parts)] == parts


def _english_titles() -> frozenset[str]:
    from ..knowledge import load_yaml

    data = load_yaml("gazetteer/titles.yaml")
    return frozenset(w.lower() for key in ("titles", "honorifics") for w in (data.get(key) or {}).get("en", ()))


def outermost(spans: set[Span3]) -> set[Span3]:
    """Drop mentions nested inside a longer one (for gold sets that are flat)."""
    return {x for x in spans if not any(y != x and y[0] <= x[0] and x[1] <= y[1] and y[1] - y[0] > x[1] - x[0]
                                        for y in spans)}
