"""`make eval` / `assistant eval`: run a golden set through the public API, score it, report, gate.

Loads and validates the JSONL set, asks every question through `Assistant.ask` (and `retrieve` for
hit@k), scores each answer with evals.metrics, runs the same set through the LangChain BASELINE,
prints the tables, writes evals/report/, and returns 1 when a score misses its threshold in
evals/thresholds.toml (2 for bad arguments or input files). Does not define metrics or plots.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from assistant.config import PROJECT_ROOT, Settings
from assistant.errors import AssistantError
from assistant.types import Answer, Passage
from evals import report
from evals.metrics import METRICS, GoldenItem, score_item
from evals.report import Record

EVALS_DIR = Path(__file__).resolve().parent
SETS = {"golden": EVALS_DIR / "golden.jsonl", "heldout": EVALS_DIR / "heldout.jsonl"}
KINDS = {
    "fact",
    "list",
    "count",
    "multi_session",
    "comparison",
    "summary",
    "synthesis",
    "unanswerable",
    "false_premise",
    "injection",
    "followup",
    "typo",
    "french",
    "spanish",
}
STAT_METRICS = {"latency_p50_s", "latency_p95_s", "first_token_p50_s", "first_token_p95_s", "errors"}


class Answerer(Protocol):
    """What the runner needs: the public API's ask and retrieve."""

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> Answer: ...

    def retrieve(self, question: str, k: int = 4) -> list[Passage]: ...


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line (also used by `assistant eval`)."""
    p = argparse.ArgumentParser(prog="evals.runner", description="Score the assistant on a golden set.")
    p.add_argument("--set", default="golden", help="golden | heldout | PATH to a .jsonl file")
    p.add_argument("--backend", choices=["offline", "openai"], help="default: from the environment")
    p.add_argument("--limit", type=int, help="only the first N questions")
    p.add_argument("--k", type=int, default=4, help="retrieval depth for hit@k and recall@k (default 4)")
    p.add_argument("--no-baseline", action="store_true", help="skip the LangChain baseline row")
    p.add_argument("--judge", action="store_true", help="also score faithfulness with an LLM judge")
    p.add_argument("--report-dir", type=Path, default=EVALS_DIR / "report")
    p.add_argument("--thresholds", type=Path, default=EVALS_DIR / "thresholds.toml")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    argv = list(sys.argv[1:] if argv is None else argv)
    args = p.parse_args(argv[1:] if argv[:1] == ["--"] else argv)  # `assistant eval -- --limit 3`
    if args.limit is not None and args.limit < 1:
        p.error(f"--limit must be at least 1, not {args.limit}")
    if args.k < 1:
        p.error(f"--k must be at least 1, not {args.k}")
    return args


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
    """{'min': {metric: bound}, 'max': {metric: bound}} from [section] and [section.max]."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise AssistantError(f"Cannot read thresholds {path}: {e}; fix or restore the file.") from None
    table = dict(data.get(section, {}))
    out = {"max": dict(table.pop("max", {})), "min": table}
    known = set(METRICS) | STAT_METRICS
    for op, bounds in out.items():
        for metric, bound in bounds.items():
            if metric not in known or not isinstance(bound, int | float):
                raise AssistantError(
                    f"{path} [{section}{'.max' if op == 'max' else ''}] {metric} = {bound!r}: "
                    f"use a number for one of {sorted(known)}."
                )
    return out


def read_sources(records: Sequence[Record], root: Path) -> dict[str, str]:
    """Text of every cited source file that resolves inside the project root (others stay missing)."""
    texts: dict[str, str] = {}
    for src in {c.source for r in records for c in r.answer.citations}:
        path = (root / src).resolve()
        if path.is_relative_to(root.resolve()) and path.is_file():
            texts[src] = path.read_text(encoding="utf-8")
    return texts


def run(
    items: Sequence[GoldenItem], bot: Answerer, *, k: int, label: str, progress: bool = True
) -> list[Record]:
    """Ask (and retrieve) every question; an exception is recorded against its question, not raised."""
    from tqdm import tqdm

    records: list[Record] = []
    # Latency is of warm answers: opening the index and loading the model happen before the clock.
    warm = getattr(bot, "warm", None) or getattr(bot, "index", None)
    if callable(warm):
        try:
            warm()
        except Exception:  # a failing start-up shows up again, per question, as errors
            pass
    for item in tqdm(items, desc=label, unit="q", disable=not progress, file=sys.stderr):
        t0 = time.perf_counter()
        try:
            answer = bot.ask(item.question, history=[dict(h) for h in item.history] or None)
            error = ""
        except Exception as e:  # a crash is a result too: recorded, counted in `errors`, gated
            answer, error = Answer(text="", question=item.question), _describe(e)
        latency = time.perf_counter() - t0
        retrieved = None
        if item.answerable and item.sessions:
            try:
                retrieved = [p.session for p in _retrieve(bot, item, k)]
            except Exception as e:
                error = error or f"retrieve: {_describe(e)}"
        records.append(Record(item=item, answer=answer, retrieved=retrieved, latency_s=latency, error=error))
    return records


def _retrieve(bot: Answerer, item: GoldenItem, k: int) -> list[Passage]:
    """retrieve(question, k), with the item's history when the answerer's retrieve accepts `history`."""
    import inspect

    hist = [dict(h) for h in item.history]
    if hist and "history" in inspect.signature(bot.retrieve).parameters:
        return bot.retrieve(item.question, k=k, history=hist)  # type: ignore[call-arg]
    return bot.retrieve(item.question, k=k)


def _describe(e: Exception) -> str:
    """The error and, for a crash (not an AssistantError), where it happened."""
    if isinstance(e, AssistantError) or e.__traceback__ is None:
        return f"{type(e).__name__}: {e}"
    import traceback

    frame = traceback.extract_tb(e.__traceback__)[-1]
    return f"{type(e).__name__}: {e} (at {Path(frame.filename).name}:{frame.lineno})"


def score(
    records: Sequence[Record], *, k: int, judge: Any, root: Path, llm: Callable[[str], str] | None
) -> None:
    """Fill each record's checks."""
    sources = read_sources(records, root)
    for r in records:
        r.checks = score_item(r.item, r.answer, r.retrieved, k=k, judge=judge, sources=sources, llm=llm)


def judge_llm(settings: Settings, *, max_tokens: int = 1024) -> Callable[[str], str]:
    """The LLM judge as `llm(prompt) -> str`, through the assistant's provider boundary."""
    from assistant.providers import ChatProvider

    try:
        provider = ChatProvider(settings)
    except AssistantError as e:
        raise AssistantError(f"--judge needs an LLM server. {e}") from None
    return lambda prompt: provider.complete([{"role": "user", "content": prompt}], max_tokens=max_tokens)


def main(
    argv: Sequence[str] | None = None, *, bot: Answerer | None = None, llm: Callable[[str], str] | None = None
) -> int:
    """Run the evaluation; 0 when every threshold holds, 1 when one does not, 2 on bad input.

    `bot` replaces the Assistant and `llm` the judge's server (both for tests and embedding).
    """
    args = parse_args(argv)
    try:
        items = load_golden(SETS.get(args.set, Path(args.set)))[: args.limit]
        settings = Settings.from_env()
        backend = args.backend or settings.backend
        thresholds = load_thresholds(args.thresholds, backend)
        llm = (llm or judge_llm(settings)) if args.judge else None
        if bot is None:
            from assistant import Assistant

            bot = Assistant(backend=backend)
    except AssistantError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    from assistant.embeddings import get_embedder
    from evals.support import SupportJudge

    judge = SupportJudge(embedder=get_embedder())
    progress = not args.no_progress
    records = run(items, bot, k=args.k, label=f"eval {backend}", progress=progress)
    score(records, k=args.k, judge=judge, root=PROJECT_ROOT, llm=llm)
    scores, st = report.aggregate(records), report.stats(records)
    rows = report.compare(scores, st, thresholds)
    result: dict[str, Any] = {
        "version": 1,
        "set": str(args.set),
        "backend": backend,
        "section": backend,
        "k": args.k,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "passed": all(r["ok"] is not False for r in rows),
        "scores": scores,
        "by_kind": report.by_kind(records),
        "stats": st,
        "thresholds": rows,
        "baseline": None,
    }
    if not args.no_baseline:
        from evals.baseline import BaselineAssistant

        posts = sorted(settings.corpus_dir.glob("*.md"))
        base = BaselineAssistant(
            root=PROJECT_ROOT, sources=[p.relative_to(PROJECT_ROOT).as_posix() for p in posts]
        )
        base.warm()
        brecs = run(items, base, k=args.k, label="baseline", progress=progress)
        score(brecs, k=args.k, judge=judge, root=PROJECT_ROOT, llm=None)
        result["baseline"] = {
            "scores": report.aggregate(brecs),
            "by_kind": report.by_kind(brecs),
            "stats": report.stats(brecs),
            "questions": [
                {
                    "id": r.item.id,
                    "retrieved": r.retrieved,
                    "checks": {c.metric: c.to_dict() for c in r.checks},
                }
                for r in brecs
            ],
        }
    report.write(args.report_dir, result, records)
    overall, kinds = report.tables(result)
    print(report.text_table(overall), report.text_table(kinds), sep="\n\n")
    verdict = (
        "PASS" if result["passed"] else "FAIL: " + ", ".join(r["metric"] for r in rows if r["ok"] is False)
    )
    print(f"\n{verdict}  (report: {args.report_dir})")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
