"""The same question gets the same answer in every process.

Python orders a set of strings differently from one process to the next (PYTHONHASHSEED). An answer that
followed such an order (a tie between two typo corrections broken by a frame-word set's order) changed
between two runs of the same question. Here two real processes with different hash seeds answer the same
questions over the same index, and every answer must be identical, text and citations.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]

QUESTIONS = [
    "sovreign tech fund who talkd abt it",  # a typo two words are equally close to
    "who talked about interoperability?",
    "compare the youth panel and the cities panel on education",
    "what did Ruth Ikega say about the private sector?",
    "how many action points are there?",
    "Qui a parlé des villes intelligentes ?",
    "did anyone mention quantum computing?",
    "which speakers appeared in more than one session?",
]

_CHILD = """
import json, sys
from assistant import Assistant
bot = Assistant(backend="offline")
out = []
for q in json.loads(sys.argv[1]):
    a = bot.ask(q)
    out.append([a.text, a.refused, [(c.n, c.session, c.start, c.end) for c in a.citations]])
print(json.dumps(out))
"""


def _answers(seed: str, index_dir: Path) -> list:
    env = {**os.environ, "PYTHONHASHSEED": seed, "ASSISTANT_INDEX_DIR": str(index_dir),
           "ASSISTANT_CORPUS_DIR": str(PROJECT_ROOT / "corpus")}
    done = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(QUESTIONS)], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # (two processes, each loading the embedder and building or opening an index)
def test_two_processes_with_different_hash_seeds_answer_alike(tmp_path: Path) -> None:
    first, second = _answers("1", tmp_path / "index"), _answers("2", tmp_path / "index")
    assert len(first) == len(QUESTIONS)
    for q, a, b in zip(QUESTIONS, first, second, strict=True):
        assert a == b, (q, a[0][:300], b[0][:300])
