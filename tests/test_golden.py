"""Validity checks for the golden evaluation set (evals/golden.jsonl).

Standard library only: these tests must not depend on the assistant package or any model.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "evals" / "golden.jsonl"
CORPUS = ROOT / "corpus" / "ospos-for-good-2024.md"

KIND_MINIMUMS = {
    "fact": 14,
    "list": 8,
    "count": 5,
    "multi_session": 6,
    "comparison": 5,
    "summary": 6,
    "synthesis": 6,
    "unanswerable": 12,
    "false_premise": 6,
    "injection": 6,
    "followup": 8,
    "typo": 5,
    "french": 5,
    "spanish": 5,
}
OVERVIEW_SECTIONS = {"Introduction & Context", "Summary", "Action points", "Conclusion"}
REQUIRED_FIELDS = {"id", "question", "kind", "answerable", "sessions", "key_facts", "evidence"}
ALLOWED_FIELDS = REQUIRED_FIELDS | {"history", "notes"}
MIN_ITEMS = 80

HEADING_RE = re.compile(r"^(#{2,3}) (.+?)\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def corpus_text() -> str:
    return CORPUS.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def headings() -> dict[str, str]:
    """Map heading text -> level ('##' or '###') for every ## / ### heading in the corpus."""
    return {m.group(2): m.group(1) for m in HEADING_RE.finditer(corpus_text())}


def session_headings() -> set[str]:
    return {text for text, level in headings().items() if level == "###"}


@lru_cache(maxsize=1)
def load_items() -> list[dict]:
    items = []
    with GOLDEN.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:  # pragma: no cover - reported via assertion
                pytest.fail(f"line {lineno}: invalid JSON: {exc}")
            assert isinstance(obj, dict), f"line {lineno}: not a JSON object"
            items.append(obj)
    return items


def _ids(items):
    return [item.get("id", "?") for item in items]


def test_file_exists_and_parses():
    assert GOLDEN.is_file(), f"missing {GOLDEN}"
    assert load_items(), "golden set is empty"


def test_corpus_headings_parse():
    # Sanity check on the heading parser itself: nine sessions plus the overview sections.
    assert len(session_headings()) == 9, sorted(session_headings())
    assert OVERVIEW_SECTIONS <= set(headings()), sorted(headings())


def test_minimum_size():
    assert len(load_items()) >= MIN_ITEMS


def test_ids_unique_and_well_formed():
    ids = _ids(load_items())
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    bad = [i for i in ids if not (isinstance(i, str) and re.fullmatch(r"g\d{3,}", i))]
    assert not bad, f"malformed ids: {bad}"


def test_fields_and_types():
    problems = []
    for item in load_items():
        iid = item.get("id", "?")
        missing = REQUIRED_FIELDS - item.keys()
        extra = item.keys() - ALLOWED_FIELDS
        if missing:
            problems.append(f"{iid}: missing {sorted(missing)}")
        if extra:
            problems.append(f"{iid}: unexpected fields {sorted(extra)}")
        if not (isinstance(item.get("question"), str) and item["question"].strip()):
            problems.append(f"{iid}: empty question")
        if item.get("kind") not in KIND_MINIMUMS:
            problems.append(f"{iid}: unknown kind {item.get('kind')!r}")
        if not isinstance(item.get("answerable"), bool):
            problems.append(f"{iid}: answerable must be a bool")
        for field in ("sessions", "key_facts", "evidence"):
            value = item.get(field)
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(f"{iid}: {field} must be a list of non-empty strings")
        for fact in item.get("key_facts") or []:
            if isinstance(fact, str) and any(not alt.strip() for alt in fact.split("|")):
                problems.append(f"{iid}: empty alternative in key fact {fact!r}")
        if "notes" in item and not isinstance(item["notes"], str):
            problems.append(f"{iid}: notes must be a string")
    assert not problems, "\n".join(problems)


def test_kind_minimums():
    counts = Counter(item.get("kind") for item in load_items())
    short = {k: (counts.get(k, 0), n) for k, n in KIND_MINIMUMS.items() if counts.get(k, 0) < n}
    assert not short, f"kinds below minimum (have, need): {short}"


def test_evidence_is_verbatim():
    text = corpus_text()
    missing = [
        f"{item['id']}: {quote!r}"
        for item in load_items()
        for quote in item.get("evidence", [])
        if quote not in text
    ]
    assert not missing, "evidence not found verbatim in corpus:\n" + "\n".join(missing)


def test_sessions_are_real_headings():
    valid = set(headings())
    bad = [
        f"{item['id']}: {s!r}" for item in load_items() for s in item.get("sessions", []) if s not in valid
    ]
    assert not bad, "unknown session headings:\n" + "\n".join(bad)


def test_answerable_items_have_evidence_and_key_facts():
    bad = [
        item["id"]
        for item in load_items()
        if item.get("answerable") and (not item.get("evidence") or not item.get("key_facts"))
    ]
    assert not bad, f"answerable items lacking evidence or key facts: {bad}"


def test_unanswerable_items_have_no_key_facts():
    bad = [item["id"] for item in load_items() if item.get("answerable") is False and item.get("key_facts")]
    assert not bad, f"unanswerable items with key facts: {bad}"


def test_kind_unanswerable_is_not_answerable():
    bad = [
        item["id"] for item in load_items() if item.get("kind") == "unanswerable" and item.get("answerable")
    ]
    assert not bad, f"kind 'unanswerable' marked answerable: {bad}"


def test_false_premise_items_carry_corrections():
    bad = [
        item["id"]
        for item in load_items()
        if item.get("kind") == "false_premise" and not (item.get("answerable") and item.get("key_facts"))
    ]
    assert not bad, f"false-premise items need correcting key facts: {bad}"


def test_history_shape():
    problems = []
    for item in load_items():
        iid = item["id"]
        history = item.get("history", [])
        if item.get("kind") == "followup" and not history:
            problems.append(f"{iid}: followup without history")
        if not isinstance(history, list):
            problems.append(f"{iid}: history must be a list")
            continue
        for turn in history:
            if not isinstance(turn, dict) or set(turn) != {"role", "content"}:
                problems.append(f"{iid}: malformed turn {turn!r}")
                continue
            if turn["role"] not in {"user", "assistant"}:
                problems.append(f"{iid}: invalid role {turn['role']!r}")
            if not (isinstance(turn["content"], str) and turn["content"].strip()):
                problems.append(f"{iid}: empty turn content")
        if history and isinstance(history[0], dict) and history[0].get("role") != "user":
            problems.append(f"{iid}: history must start with a user turn")
    assert not problems, "\n".join(problems)


def test_coverage_of_every_session_and_overview_section():
    used = {s for item in load_items() for s in item.get("sessions", [])}
    uncovered = (session_headings() | OVERVIEW_SECTIONS) - used
    assert not uncovered, f"sections never referenced: {sorted(uncovered)}"
