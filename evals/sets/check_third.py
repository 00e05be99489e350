#!/usr/bin/env python3
"""Check evals/sets/third.jsonl against evals/third_post/open-harvest-summit-2026.md.

- every evidence quote occurs verbatim in the post
- every must_include alternative (split on " | ") occurs in the post, case-insensitively
- every gold_sections entry is a heading (## or ###) of the post
- field set, id sequence, kinds, langs, answerable/must_include consistency
"""
import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
POST = HERE.parent / "third_post" / "open-harvest-summit-2026.md"
SET = HERE / "third.jsonl"
FIELDS = ["id", "question", "kind", "gold_sections", "answer", "must_include",
          "evidence", "history", "answerable", "lang"]
KINDS = {"fact", "people", "person_said", "topic", "list", "count", "summary", "comparison",
         "followup", "topic_switch", "typo", "multilingual", "false_premise", "unanswerable",
         "injection"}

post = POST.read_text(encoding="utf-8")
low = post.lower()
headings = {m.group(2).strip() for m in re.finditer(r"^(##|###) (.+)$", post, re.M)}

errors = []
kinds = collections.Counter()
rows = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]
for n, r in enumerate(rows, 1):
    rid = r.get("id", f"line{n}")
    if list(r) != FIELDS:
        errors.append(f"{rid}: fields {list(r)}")
    if rid != f"T{n:03d}":
        errors.append(f"{rid}: expected id T{n:03d}")
    kinds[r["kind"]] += 1
    if r["kind"] not in KINDS:
        errors.append(f"{rid}: unknown kind {r['kind']}")
    if r["lang"] not in {"en", "fr", "es", "de"}:
        errors.append(f"{rid}: bad lang {r['lang']}")
    for q in r["evidence"]:
        if q not in post:
            errors.append(f"{rid}: evidence not verbatim: {q!r}")
    if not 0 <= len(r["must_include"]) <= 4:
        errors.append(f"{rid}: must_include has {len(r['must_include'])} entries")
    for m in r["must_include"]:
        for alt in m.split(" | "):
            if alt.strip().lower() not in low:
                errors.append(f"{rid}: must_include alternative not in post: {alt!r}")
    for g in r["gold_sections"]:
        if g not in headings:
            errors.append(f"{rid}: gold section is not a heading: {g!r}")
    if r["answerable"] != bool(r["must_include"]):
        errors.append(f"{rid}: answerable={r['answerable']} but must_include={r['must_include']}")
    if (r["kind"] == "unanswerable") == r["answerable"]:
        errors.append(f"{rid}: kind/answerable mismatch")
    for t in r["history"]:
        if set(t) != {"role", "content"} or t["role"] not in {"user", "assistant"}:
            errors.append(f"{rid}: bad history turn {t}")
    if r["kind"] in {"followup", "topic_switch"} and not r["history"]:
        errors.append(f"{rid}: {r['kind']} without history")

print(f"post: {POST.name}, {len(post.split())} words, {len(headings)} ##/### headings")
print(f"items: {len(rows)}")
for k, v in sorted(kinds.items()):
    print(f"  {k:14s} {v}")
print("langs:", dict(collections.Counter(r["lang"] for r in rows)))
if errors:
    print(f"FAIL: {len(errors)} problem(s)")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("OK: all evidence verbatim, all must_include alternatives found, all gold_sections are headings")
