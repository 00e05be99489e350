"""A self-contained question gets the same answer in a fresh conversation and after three unrelated turns.

Questions from the tune split (self-contained kinds, no history of their own); the unrelated turns
are other tune questions with the assistant's own answers, as a user who keeps one conversation
going would have them. Follow-ups that need the history are tested in test_understanding.py.
"""

from __future__ import annotations

import json

import pytest

from assistant import Assistant
from assistant.config import PROJECT_ROOT

TUNE = PROJECT_ROOT / "evals" / "sets" / "tune.jsonl"


def _questions() -> list[str]:
    items = [json.loads(line) for line in TUNE.read_text(encoding="utf-8").splitlines() if line.strip()]
    alone = [i["question"] for i in items if not i["history"] and i["kind"] not in ("followup", "topic_switch")]
    return alone[::5][:36]


@pytest.mark.slow
def test_the_same_question_gets_the_same_answer_after_unrelated_turns(bot: Assistant) -> None:
    qs = _questions()
    assert len(qs) >= 30
    fresh = {q: bot.ask(q) for q in qs}
    changed = []
    for i, q in enumerate(qs):
        others = [qs[(i + j) % len(qs)] for j in (7, 13, 29)]
        history = [t for o in others for t in ({"role": "user", "content": o},
                                               {"role": "assistant", "content": fresh[o].text})]
        again = bot.ask(q, history=history)
        if again.text != fresh[q].text or again.refused != fresh[q].refused:
            changed.append(q)
    assert not changed, changed
