"""How tune.jsonl and check.jsonl were made (kept for the record; run once, never re-run to move items).

The three question sets were written by helpers who never read the answerer (personas: A phone
and student, B journalist and researcher, C conversation, other languages and limits) following
/work/shared/QUESTION-SETS.md. They were split before any tuning by a seeded random split
stratified by kind: within each kind, shuffled with SEED, the first half (rounded down) is `tune`.

`tune-d.jsonl` came later: 164 questions by a fourth helper (organiser, student, skeptical reader)
who never read the answerer or the other sets, added to tune only. Before any tuning on it, it
scored 0.74 (useful or correctly refused), the same as `check` at that time, against 0.80 on the
tuned `tune` split: the size of the overfit it was added to shrink.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20261201


def split(paths: list[Path]) -> tuple[list[dict], list[dict]]:
    """(tune, check) items."""
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for p in paths:
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                by_kind[item["kind"]].append(item)
    rng = random.Random(SEED)
    tune, check = [], []
    for kind in sorted(by_kind):
        items = sorted(by_kind[kind], key=lambda d: d["id"])
        rng.shuffle(items)
        half = len(items) // 2
        tune += items[:half]
        check += items[half:]
    return sorted(tune, key=lambda d: d["id"]), sorted(check, key=lambda d: d["id"])


if __name__ == "__main__":
    out = Path(__file__).resolve().parent
    tune, check = split([Path(a) for a in sys.argv[1:]])
    for name, items in (("tune", tune), ("check", check)):
        (out / f"{name}.jsonl").write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
                                           encoding="utf-8")
        print(name, len(items))
