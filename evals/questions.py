"""The question sets `make eval` knows: their files and corpora, loading and validating a JSONL set,
and the thresholds a set is gated by. Does not ask, score or report (runner.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

import json

from assistant import AssistantError
from evals.metrics import METRICS, GoldenItem

EVALS_DIR = Path(__file__).resolve().parent

@dataclass(frozen=True)
class SetSpec:
    """A named question set: its files, and the corpus it is about (None: the configured corpus)."""

    files: tuple[Path, ...]
    corpus: Path | None = None
    gated: bool = True  # thresholds apply (the tune split is reported, never gated)


SETS = {
    "golden": SetSpec((EVALS_DIR / "golden.jsonl",)),
    "heldout": SetSpec((EVALS_DIR / "heldout.jsonl",)),
    # -e: 140 questions by a later helper, split by kind (sets/split.py) before any was answered; -f: 80 more
    # by another (26 hard unanswerables: details the post only gestures at), split the same way
    "tune": SetSpec((EVALS_DIR / "sets" / "tune.jsonl", EVALS_DIR / "sets" / "tune-d.jsonl",
                     EVALS_DIR / "sets" / "tune-e.jsonl", EVALS_DIR / "sets" / "tune-f.jsonl",
                     EVALS_DIR / "sets" / "tune-g.jsonl", EVALS_DIR / "sets" / "tune-h.jsonl",
                     EVALS_DIR / "sets" / "tune-i.jsonl", EVALS_DIR / "sets" / "tune-j.jsonl",
                     EVALS_DIR / "sets" / "tune-k.jsonl", EVALS_DIR / "sets" / "tune-l.jsonl",
                     EVALS_DIR / "sets" / "tune-m.jsonl", EVALS_DIR / "sets" / "tune-n.jsonl",
                     EVALS_DIR / "sets" / "tune-o.jsonl", EVALS_DIR / "sets" / "tune-p.jsonl",
                     EVALS_DIR / "sets" / "tune-q.jsonl", EVALS_DIR / "sets" / "tune-r.jsonl",
                     EVALS_DIR / "sets" / "tune-s.jsonl", EVALS_DIR / "sets" / "tune-t.jsonl",
                     EVALS_DIR / "sets" / "tune-u.jsonl", EVALS_DIR / "sets" / "tune-v.jsonl",
                     EVALS_DIR / "sets" / "tune-w.jsonl", EVALS_DIR / "sets" / "tune-x.jsonl",
                     EVALS_DIR / "sets" / "tune-y.jsonl", EVALS_DIR / "sets" / "tune-z.jsonl",
                     EVALS_DIR / "sets" / "tune-aa.jsonl", EVALS_DIR / "sets" / "tune-ab.jsonl"), gated=False),
    "check": SetSpec((EVALS_DIR / "sets" / "check.jsonl", EVALS_DIR / "heldout.jsonl",
                      EVALS_DIR / "sets" / "check-e.jsonl")),
    # check-f, the never-read half of the -f questions: a set of its own, gated at its own level (a third
    # of it is hard unanswerables, so it would move `check`'s gates, which were set on the other files)
    "check-hard": SetSpec((EVALS_DIR / "sets" / "check-f.jsonl",)),
    # check-g, the never-read half of the -g questions (a seventh helper, 2026-12-02): its own gated set,
    # first measured before any tuning on its tune half
    "check-g": SetSpec((EVALS_DIR / "sets" / "check-g.jsonl",)),
    # check-h, the never-read half of the -h questions (an eighth helper, 2026-12-03), the same way
    "check-h": SetSpec((EVALS_DIR / "sets" / "check-h.jsonl",)),
    # check-i, the never-read half of the -i questions (a ninth helper, 2026-12-03: limits of what a post
    # says, half unanswerable and half answerable look-alikes), the same way
    "check-i": SetSpec((EVALS_DIR / "sets" / "check-i.jsonl",)),
    # check-j, the never-read half of the -j questions (a tenth helper, 2026-12-03: people, what the post
    # records them saying and not, and details it leaves out; half unanswerable), the same way
    "check-j": SetSpec((EVALS_DIR / "sets" / "check-j.jsonl",)),
    # check-k, the never-read half of the -k questions (an eleventh helper, 2026-12-03: the boundary between
    # what a post says and what it does not, 45% unanswerable), the same way
    "check-k": SetSpec((EVALS_DIR / "sets" / "check-k.jsonl",)),
    # check-l, the never-read half of the -l questions (a twelfth helper, 2026-12-04: people as they type,
    # 30% unanswerable, half of those close to what the post says), the same way
    "check-l": SetSpec((EVALS_DIR / "sets" / "check-l.jsonl",)),
    # check-m, the never-read half of the -m questions (a thirteenth helper, 2026-12-04: in the middle of
    # real use, 35% unanswerable, half of those look-alikes of answerable ones), the same way
    "check-m": SetSpec((EVALS_DIR / "sets" / "check-m.jsonl",)),
    # check-n, the never-read half of the -n questions (a fourteenth helper, 2026-12-04: people who half-remember
    # the event, 40% unanswerable, most of those look-alikes), the same way
    "check-n": SetSpec((EVALS_DIR / "sets" / "check-n.jsonl",)),
    # check-o, the never-read half of the -o questions (a fifteenth helper, 2026-12-04: a UN staffer's briefing,
    # a maintainer, a funder, a teacher, a long chat; 40% unanswerable), the same way
    "check-o": SetSpec((EVALS_DIR / "sets" / "check-o.jsonl",)),
    # check-p, the never-read half of the -p questions (a sixteenth helper, 2026-12-04: instructions hidden in
    # questions, unanswerables and look-alikes, comparisons; 30% unanswerable), the same way
    "check-p": SetSpec((EVALS_DIR / "sets" / "check-p.jsonl",)),
    # check-q, the never-read half of the -q questions (a seventeenth helper, 2026-12-05: unanswerables and
    # look-alikes, false premises, comparisons, topics, hidden instructions; 35% unanswerable), the same way
    "check-q": SetSpec((EVALS_DIR / "sets" / "check-q.jsonl",)),
    # check-r, the never-read half of the -r questions (an eighteenth helper, 2026-12-05: unanswerables, look-alikes
    # and people asked about what they did not say, false premises, comparisons, topics in other words), the same way
    "check-r": SetSpec((EVALS_DIR / "sets" / "check-r.jsonl",)),
    # check-s, the never-read half of the -s questions (a nineteenth helper, 2026-12-05: 40% unanswerables,
    # people asked about what they are not recorded saying and look-alikes; false premises, facts, follow-ups)
    "check-s": SetSpec((EVALS_DIR / "sets" / "check-s.jsonl",)),
    # check-t, the never-read half of the -t questions (a twentieth helper, 2026-12-05: unanswerables, look-alikes,
    # false premises, yes/no questions, topics in other words, comparisons, follow-ups), the same way
    "check-t": SetSpec((EVALS_DIR / "sets" / "check-t.jsonl",)),
    # check-u, the never-read half of the -u questions (a twenty-first helper, 2026-12-05: conversations only:
    # follow-ups leaning on one to two earlier turns, topic switches that must not inherit them, hidden instructions)
    "check-u": SetSpec((EVALS_DIR / "sets" / "check-u.jsonl",)),
    # check-v, the never-read half of the -v questions (a twenty-second helper, 2026-12-05: people as they type
    # into a chat box; 20% unanswerable, false premises, follow-ups and topic switches, other languages), the same way
    "check-v": SetSpec((EVALS_DIR / "sets" / "check-v.jsonl",)),
    # check-w, the never-read half of the -w questions (a twenty-third helper, 2026-12-05: instructions hidden in
    # questions in many forms, summaries, follow-ups, lists and counts, unanswerables), the same way
    "check-w": SetSpec((EVALS_DIR / "sets" / "check-w.jsonl",)),
    # check-x, the never-read half of the -x questions (a twenty-fourth helper, 2026-12-05: a quarter of the
    # topics in words the post does not use, syntheses without trigger words, 20% unanswerable), the same way
    "check-x": SetSpec((EVALS_DIR / "sets" / "check-x.jsonl",)),
    # check-y, the never-read half of the -y questions (a twenty-fifth helper, 2026-12-05: 85% answerable, asked in
    # the user's own words; syntheses without trigger words; details in a bullet's second sentence), the same way
    "check-y": SetSpec((EVALS_DIR / "sets" / "check-y.jsonl",)),
    # check-z, the never-read half of the -z questions (a twenty-sixth helper, 2026-12-05: three in four share no
    # distinctive word with the sentence that answers them; people and sessions described, not named), the same way
    "check-z": SetSpec((EVALS_DIR / "sets" / "check-z.jsonl",)),
    # check-aa, the never-read half of the -aa questions (a twenty-seventh helper, 2026-12-07: a week of real
    # traffic, every kind, 20% unanswerable), split before any was answered; first measured before any tuning on it
    "check-aa": SetSpec((EVALS_DIR / "sets" / "check-aa.jsonl",)),
    # check-ab, the never-read half of the -ab questions (a twenty-eighth helper, 2026-12-07: the user's own words
    # and unanswerables that look answerable, 30% of them), split before any was answered; measured before tuning
    "check-ab": SetSpec((EVALS_DIR / "sets" / "check-ab.jsonl",)),
    "second": SetSpec((EVALS_DIR / "sets" / "second.jsonl",), corpus=EVALS_DIR / "second_post"),
    # A third fictional post, tune-only: what the answerer is tuned on must include a post it was not built on.
    "third": SetSpec((EVALS_DIR / "sets" / "third.jsonl", EVALS_DIR / "sets" / "third-b.jsonl",
                      EVALS_DIR / "sets" / "third-e.jsonl", EVALS_DIR / "sets" / "third-f.jsonl",
                      EVALS_DIR / "sets" / "third-g.jsonl", EVALS_DIR / "sets" / "third-h.jsonl",
                      EVALS_DIR / "sets" / "third-i.jsonl", EVALS_DIR / "sets" / "third-j.jsonl",
                      EVALS_DIR / "sets" / "third-k.jsonl", EVALS_DIR / "sets" / "third-l.jsonl",
                      EVALS_DIR / "sets" / "third-m.jsonl", EVALS_DIR / "sets" / "third-n.jsonl",
                      EVALS_DIR / "sets" / "third-o.jsonl", EVALS_DIR / "sets" / "third-p.jsonl",
                      EVALS_DIR / "sets" / "third-q.jsonl", EVALS_DIR / "sets" / "third-r.jsonl",
                      EVALS_DIR / "sets" / "third-s.jsonl", EVALS_DIR / "sets" / "third-t.jsonl",
                      EVALS_DIR / "sets" / "third-u.jsonl", EVALS_DIR / "sets" / "third-v.jsonl",
                      EVALS_DIR / "sets" / "third-w.jsonl", EVALS_DIR / "sets" / "third-x.jsonl",
                      EVALS_DIR / "sets" / "third-y.jsonl", EVALS_DIR / "sets" / "third-z.jsonl",
                      EVALS_DIR / "sets" / "third-aa.jsonl", EVALS_DIR / "sets" / "third-ab.jsonl"),
                     corpus=EVALS_DIR / "third_post", gated=False),
    # Questions on the third post written later by helpers, split before any was answered (third-check:
    # by id, odd ones to third-b; -e: 100 more, split by kind as sets/split.py does, half to third-e);
    # -f: 70 more, most of them hard unanswerables, split the same way); never read while tuning.
    # Gated at its measured level since 2026-12-02 ([offline.third-check] in thresholds.toml).
    "third-check": SetSpec((EVALS_DIR / "sets" / "third-check.jsonl", EVALS_DIR / "sets" / "third-check-e.jsonl",
                            EVALS_DIR / "sets" / "third-check-f.jsonl", EVALS_DIR / "sets" / "third-check-g.jsonl",
                            EVALS_DIR / "sets" / "third-check-h.jsonl"),
                           corpus=EVALS_DIR / "third_post"),
    # the -i questions' never-read half on the third post: its own set, like check-i
    "third-check-i": SetSpec((EVALS_DIR / "sets" / "third-check-i.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-j": SetSpec((EVALS_DIR / "sets" / "third-check-j.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-k": SetSpec((EVALS_DIR / "sets" / "third-check-k.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-l": SetSpec((EVALS_DIR / "sets" / "third-check-l.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-m": SetSpec((EVALS_DIR / "sets" / "third-check-m.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-n": SetSpec((EVALS_DIR / "sets" / "third-check-n.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-o": SetSpec((EVALS_DIR / "sets" / "third-check-o.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-p": SetSpec((EVALS_DIR / "sets" / "third-check-p.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-q": SetSpec((EVALS_DIR / "sets" / "third-check-q.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-r": SetSpec((EVALS_DIR / "sets" / "third-check-r.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-s": SetSpec((EVALS_DIR / "sets" / "third-check-s.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-t": SetSpec((EVALS_DIR / "sets" / "third-check-t.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-u": SetSpec((EVALS_DIR / "sets" / "third-check-u.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-v": SetSpec((EVALS_DIR / "sets" / "third-check-v.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-w": SetSpec((EVALS_DIR / "sets" / "third-check-w.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-x": SetSpec((EVALS_DIR / "sets" / "third-check-x.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-y": SetSpec((EVALS_DIR / "sets" / "third-check-y.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-z": SetSpec((EVALS_DIR / "sets" / "third-check-z.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-aa": SetSpec((EVALS_DIR / "sets" / "third-check-aa.jsonl",), corpus=EVALS_DIR / "third_post"),
    "third-check-ab": SetSpec((EVALS_DIR / "sets" / "third-check-ab.jsonl",), corpus=EVALS_DIR / "third_post"),
    # the tune halves of the -j questions alone (also inside tune and third), to report them on their own
    "tune-j": SetSpec((EVALS_DIR / "sets" / "tune-j.jsonl",), gated=False),
    "third-j": SetSpec((EVALS_DIR / "sets" / "third-j.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-k": SetSpec((EVALS_DIR / "sets" / "tune-k.jsonl",), gated=False),
    "tune-l": SetSpec((EVALS_DIR / "sets" / "tune-l.jsonl",), gated=False),
    "third-l": SetSpec((EVALS_DIR / "sets" / "third-l.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-m": SetSpec((EVALS_DIR / "sets" / "tune-m.jsonl",), gated=False),
    "third-m": SetSpec((EVALS_DIR / "sets" / "third-m.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-n": SetSpec((EVALS_DIR / "sets" / "tune-n.jsonl",), gated=False),
    "third-n": SetSpec((EVALS_DIR / "sets" / "third-n.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-o": SetSpec((EVALS_DIR / "sets" / "tune-o.jsonl",), gated=False),
    "third-o": SetSpec((EVALS_DIR / "sets" / "third-o.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-p": SetSpec((EVALS_DIR / "sets" / "tune-p.jsonl",), gated=False),
    "third-p": SetSpec((EVALS_DIR / "sets" / "third-p.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-q": SetSpec((EVALS_DIR / "sets" / "tune-q.jsonl",), gated=False),
    "third-q": SetSpec((EVALS_DIR / "sets" / "third-q.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-r": SetSpec((EVALS_DIR / "sets" / "tune-r.jsonl",), gated=False),
    "third-r": SetSpec((EVALS_DIR / "sets" / "third-r.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-s": SetSpec((EVALS_DIR / "sets" / "tune-s.jsonl",), gated=False),
    "third-s": SetSpec((EVALS_DIR / "sets" / "third-s.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-t": SetSpec((EVALS_DIR / "sets" / "tune-t.jsonl",), gated=False),
    "third-t": SetSpec((EVALS_DIR / "sets" / "third-t.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-u": SetSpec((EVALS_DIR / "sets" / "tune-u.jsonl",), gated=False),
    "third-u": SetSpec((EVALS_DIR / "sets" / "third-u.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-v": SetSpec((EVALS_DIR / "sets" / "tune-v.jsonl",), gated=False),
    "third-v": SetSpec((EVALS_DIR / "sets" / "third-v.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-w": SetSpec((EVALS_DIR / "sets" / "tune-w.jsonl",), gated=False),
    "third-w": SetSpec((EVALS_DIR / "sets" / "third-w.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-x": SetSpec((EVALS_DIR / "sets" / "tune-x.jsonl",), gated=False),
    "third-x": SetSpec((EVALS_DIR / "sets" / "third-x.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-y": SetSpec((EVALS_DIR / "sets" / "tune-y.jsonl",), gated=False),
    "third-y": SetSpec((EVALS_DIR / "sets" / "third-y.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-z": SetSpec((EVALS_DIR / "sets" / "tune-z.jsonl",), gated=False),
    "third-z": SetSpec((EVALS_DIR / "sets" / "third-z.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-aa": SetSpec((EVALS_DIR / "sets" / "tune-aa.jsonl",), gated=False),
    "third-aa": SetSpec((EVALS_DIR / "sets" / "third-aa.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "tune-ab": SetSpec((EVALS_DIR / "sets" / "tune-ab.jsonl",), gated=False),
    "third-ab": SetSpec((EVALS_DIR / "sets" / "third-ab.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
    "third-k": SetSpec((EVALS_DIR / "sets" / "third-k.jsonl",), corpus=EVALS_DIR / "third_post", gated=False),
}
DEFAULT_SETS = ("golden,tune,third,check,check-hard,check-g,check-h,check-i,check-j,check-k,check-l,check-m,"
                "check-n,check-o,check-p,check-q,check-r,check-s,check-t,check-u,check-v,check-w,check-x,check-y,check-z,check-aa,check-ab,second,third-check,third-check-i,third-check-j,third-check-k,"
                "third-check-l,third-check-m,third-check-n,third-check-o,third-check-p,third-check-q,"
                "third-check-r,third-check-s,third-check-t,third-check-u,third-check-v,third-check-w,third-check-x,third-check-y,"
                "third-check-z,third-check-aa,third-check-ab")
KINDS = {
    "fact", "list", "count", "multi_session", "comparison", "summary", "synthesis", "unanswerable",
    "false_premise", "injection", "followup", "typo", "french", "spanish",
    # the kinds of the question sets written for generalisation (evals/sets)
    "people", "person_said", "topic", "topic_switch", "multilingual", "near_miss", "number", "multi_part",
    "person_missing", "who_said", "detail", "detail_missing", "indirect", "yes_no",
}
STAT_METRICS = {"latency_p50_s", "latency_p95_s", "first_token_p50_s", "first_token_p95_s", "errors",
                "history_stability"}


def load_golden(path: Path) -> list[GoldenItem]:
    """Parse and validate a golden JSONL file; errors name the line and the field to fix."""
    if not path.is_file():
        raise AssistantError(f"Golden set {path} not found; pass --set golden|heldout|PATH to a .jsonl file.")
    items: list[GoldenItem] = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{no}"
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            raise AssistantError(f"{where} is not valid JSON ({e.msg}); fix that line.") from None
        for key, typ in (("id", str), ("question", str), ("kind", str), ("answerable", bool)):
            if not isinstance(d.get(key), typ):
                raise AssistantError(f"{where}: field {key!r} must be a {typ.__name__}; got {d.get(key)!r}.")
        if d["kind"] not in KINDS:
            raise AssistantError(f"{where}: kind {d['kind']!r} is not one of {sorted(KINDS)}.")
        # The generalisation sets name gold sessions and key facts as in ../shared/QUESTION-SETS.md.
        d.setdefault("sessions", d.get("gold_sections", []))
        d.setdefault("key_facts", d.get("must_include", []))
        for key in ("sessions", "key_facts", "evidence", "history"):
            if not isinstance(d.get(key, []), list):
                raise AssistantError(f"{where}: field {key!r} must be a list.")
        history = tuple(d.get("history") or ())
        if any(not isinstance(h, dict) or {"role", "content"} - set(h) for h in history):
            raise AssistantError(f"{where}: each history turn must be an object with 'role' and 'content'.")
        items.append(
            GoldenItem(
                id=d["id"],
                question=d["question"],
                kind=d["kind"],
                answerable=d["answerable"],
                sessions=tuple(d.get("sessions") or ()),
                key_facts=tuple(d.get("key_facts") or ()),
                evidence=tuple(d.get("evidence") or ()),
                history=history,
            )
        )
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise AssistantError(f"{path}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}.")
    if not items:
        raise AssistantError(f"{path} has no questions.")
    return items


def load_thresholds(path: Path, section: str) -> dict[str, dict[str, float]]:
    """{'min': {metric: bound}, 'max': {metric: bound}} from [section] and [section.max].

    `section` is "backend" or "backend.set": a set with a table of its own ([offline.check]) uses
    it; any other set uses the backend's own bounds ([offline], [offline.max]).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise AssistantError(f"Cannot read thresholds {path}: {e}; fix or restore the file.") from None
    backend, _, name = section.partition(".")
    table = dict(data.get(backend, {}))
    own = table.get(name) if name else None
    if isinstance(own, dict) and any(not isinstance(v, dict) for v in own.values()):
        table, section = dict(own), section
    else:
        section = backend
    out = {"max": dict(table.pop("max", {})), "target": dict(table.pop("target", {})),
           "min": {k: v for k, v in table.items() if not isinstance(v, dict)}}
    known = set(METRICS) | STAT_METRICS
    for op, bounds in out.items():
        for metric, bound in bounds.items():
            if metric not in known or not isinstance(bound, int | float):
                raise AssistantError(
                    f"{path} [{section}{'' if op == 'min' else '.' + op}] {metric} = {bound!r}: "
                    f"use a number for one of {sorted(known)}."
                )
    return out


def resolve_set(name: str) -> tuple[str, SetSpec]:
    """A set name (or a path to a .jsonl file) as (label, spec)."""
    if name in SETS:
        return name, SETS[name]
    path = Path(name)
    if path.suffix != ".jsonl" and not path.is_file():
        raise AssistantError(f"--set {name!r} is not one of {', '.join(SETS)} nor a .jsonl file.")
    return path.name, SetSpec((path,))


def load_set(spec: SetSpec, limit: int | None) -> list[GoldenItem]:
    """Every item of the set's files (ids unique across them), the first `limit` if given."""
    items = [it for f in spec.files for it in load_golden(f)]
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise AssistantError(f"{[str(f) for f in spec.files]}: duplicate ids across files.")
    return items[:limit]
