"""The same question typed two ways gets the same answer (tools/invariance.py, evals/invariance_pairs.jsonl)."""

from __future__ import annotations

from collections import Counter

from assistant import Assistant
from tools.invariance import PAIRS_THIRD, load, run

# The check split's level when the pairs were first measured with the mechanisms they drove (42 of 60),
# less one pair: a change that makes answers depend more on how a question is typed fails here.
CHECK_MIN = 41 / 60
THIRD_MIN = 38 / 60  # the third post's 60 pairs (all check): 39 when first measured, less one


def test_the_pairs_are_as_written() -> None:
    rows = load()
    assert len(rows) == 120 and len({r["id"] for r in rows}) == 120
    assert Counter(r["split"] for r in rows) == {"tune": 60, "check": 60}
    assert all(n == 20 for n in Counter(r["style"] for r in rows).values())


def test_check_pairs_are_answered_alike(bot: Assistant) -> None:
    by = run(bot, load("check"))
    same, total = sum(v[0] for v in by.values()), sum(v[1] for v in by.values())
    assert same / total >= CHECK_MIN, by


def test_pairs_about_the_third_post_are_answered_alike(third: Assistant) -> None:
    rows = load("check", PAIRS_THIRD)
    assert len(rows) == 60 and all(n == 10 for n in Counter(r["style"] for r in rows).values())
    by = run(third, rows)
    assert sum(v[0] for v in by.values()) / len(rows) >= THIRD_MIN, by
