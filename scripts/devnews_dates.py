"""Event dates on dev-news, one line per matched gold meeting/visit/call that has a date: gold date, system
date, its date_source, and the system event's evidence sentence - the cases behind event_date_acc.

    PYTHONPATH=src python scripts/devnews_dates.py [dev|held|all] [-v]

Matching is ../shared/tools/score.py's own (greedy, by actors). -v lists the correct ones too. Develop on
"dev" only: the held half is measured once, at the end.
"""
from __future__ import annotations

import sys

from dyadwatch.api import extract
from dyadwatch.eval.common import default_shared
from dyadwatch.eval.devgold import DEVNEWS_HALVES, load_gold
from dyadwatch.link import link_all
from dyadwatch.records import Article


def main(half: str = "dev", verbose: bool = False) -> None:
    shared = default_shared()
    sys.path.insert(0, str(shared / "tools"))
    import score as S  # the judging script's matching, not a copy of it

    root = shared / "eval" / "dev-news"
    gold = {k: v for k, v in load_gold(root / "gold").items() if DEVNEWS_HALVES[half].match(k)}
    arts = [a for a in extract([root / "articles" / f"{g}.txt" for g in gold]) if isinstance(a, Article)]
    rows = {a.id: a.to_dict() for a in link_all(arts).articles}
    ok = n = 0
    for gid, g in gold.items():
        s = rows.get(gid, {})
        gev = [e for e in g.get("events") or [] if e.get("type") in ("meeting", "visit", "phone_call")]
        sev = [e for e in s.get("events") or [] if S.coarse_type(e) in ("meeting", "phone_call")]
        used: set[int] = set()
        for ge in gev:
            need = min(2, len(ge["actors"]))
            for i, se in enumerate(sev):
                if i in used or sum(any(S.same_name(a, ga) for a in S.actor_names(se)) for ga in ge["actors"]) < need:
                    continue
                used.add(i)
                if ge.get("date"):
                    n += 1
                    got = str(se.get("date") or "")[:10] or None
                    good = got == ge["date"]
                    ok += good
                    if verbose or not good:
                        ev = se.get("evidence")
                        ev = ev.get("text") if isinstance(ev, dict) else ev
                        print(f"{'ok ' if good else 'BAD'} {gid} published={s.get('published')} gold={ge['date']} "
                              f"system={got} source={se.get('date_source')} ({ge['type']})")
                        print("     ", " ".join((ev or "").split())[:300])
                break
    print(f"{ok}/{n} matched dated events with the gold date")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    main(args[0] if args else "dev", "-v" in sys.argv)
