"""Invariance: the same question typed two ways should get the same answer.

    python -m tools.invariance [--split tune|check|all] [--post main|third] [--show]

evals/invariance_pairs.jsonl holds 120 pairs, written by a helper who had not read the answerer: a
plain question about the post (`base`) and the same question as people type it (`variant`), in six
styles of 20: injection (the question wrapped in instructions), chatty (preambles and thanks), terse
(phone typing), reworded (other verbs and nouns), multilingual (French, Spanish, German) and indirect
(sessions and people by description). Each pair has a fixed `split` (tune / check, seeded, half of
each style), chosen before any tuning; only `tune` pairs were read while tuning. A pair counts as the
same answer when both are refused, or both are answered citing the same sessions with at least half
of their quotes in common. No key facts are needed: the base answer is the reference, so a wrong base
answer repeated counts as the same (this measures stability under rephrasing, not correctness).
`--post third`: evals/invariance_pairs_third.jsonl, 60 pairs (10 per style, all `check`) about the
fictional third post (evals/third_post), written by another such helper after this session's
mechanisms, asked of an assistant over that post alone: no mechanism was shaped to one post.
Does not call a model.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

EVALS = Path(__file__).resolve().parent.parent / "evals"
PAIRS = EVALS / "invariance_pairs.jsonl"
PAIRS_THIRD = EVALS / "invariance_pairs_third.jsonl"


def load(split: str = "all", path: Path = PAIRS) -> list[dict[str, Any]]:
    """The pairs of one split (or all)."""
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def same(a: Any, b: Any) -> bool:
    """Both refused, or both answered from the same sessions with at least half of their quotes shared."""
    if a.refused or b.refused:
        return a.refused == b.refused
    qa, qb = {c.quote for c in a.citations}, {c.quote for c in b.citations}
    return {c.session for c in a.citations} == {c.session for c in b.citations} and \
        len(qa & qb) >= 0.5 * max(1, len(qa | qb))


def run(bot: Any, pairs: list[dict[str, Any]], show: bool = False) -> dict[str, list[int]]:
    """{style: [same, total]}; with `show`, prints each pair whose answers differ."""
    by: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in pairs:
        a, b = bot.ask(p["base"]), bot.ask(p["variant"])
        ok = same(a, b)
        by[p["style"]][0] += ok
        by[p["style"]][1] += 1
        if show and not ok:
            print(f"--- {p['id']} [{p['style']}]\nbase:    {p['base']}\nvariant: {p['variant']}\n"
                  f"A: {a.text[:300]}\nB: {b.text[:300]}\n")
    return dict(by)


def line(split: str, by: dict[str, list[int]]) -> str:
    """One report line: the share of pairs answered the same, then per style."""
    n, d = sum(v[0] for v in by.values()), sum(v[1] for v in by.values())
    styles = " ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(by.items()))
    return f"{split}: same answer {n}/{d} = {n / max(1, d):.3f} ({styles})"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--split", default="all", choices=("tune", "check", "all"))
    p.add_argument("--post", default="main", choices=("main", "third"),
                   help="third: the pairs about the fictional third post, over that post alone")
    p.add_argument("--show", action="store_true", help="print each pair whose answers differ")
    args = p.parse_args(argv)
    from assistant import Assistant
    from assistant.config import Settings

    settings = Settings.from_env().with_(backend="offline")
    path = PAIRS
    if args.post == "third":
        path = PAIRS_THIRD
        settings = settings.with_(corpus_dir=EVALS / "third_post", index_dir=settings.cache_dir / "index-third_post")
    bot = Assistant(settings=settings)
    splits = ("tune", "check") if args.split == "all" else (args.split,)
    for split in splits:
        rows = load(split, path)
        if rows:
            print(line(f"{args.post} {split}", run(bot, rows, show=args.show)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
