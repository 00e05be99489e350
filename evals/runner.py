"""`make eval` / `assistant eval`: run a golden set through the public API, score it, report, gate.

Takes the sets from evals/questions.py, asks every question through `Assistant.ask` (and `retrieve` for
hit@k), scores each answer with evals.metrics, runs the same set through the LangChain BASELINE,
prints the tables, writes evals/report/, and returns 1 when a score misses its threshold in
evals/thresholds.toml (2 for bad arguments or input files). Does not define metrics or plots.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from assistant import Answer, AssistantError, Passage, Settings
from evals import report
from evals.metrics import GoldenItem, score_item
from evals.questions import DEFAULT_SETS, SETS, SetSpec, load_set, load_thresholds, resolve_set
from evals.report import Record

EVALS_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = EVALS_DIR.parent  # citations' `source` paths are relative to it


class Answerer(Protocol):
    """What the runner needs: the public API's ask and retrieve."""

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> Answer: ...

    def retrieve(self, question: str, k: int = 4) -> list[Passage]: ...


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line (also used by `assistant eval`)."""
    p = argparse.ArgumentParser(prog="evals.runner", description="Score the assistant on question sets.")
    p.add_argument("--set", default=DEFAULT_SETS,
                   help=f"comma-separated: {' | '.join(SETS)} | PATH to a .jsonl file (default {DEFAULT_SETS})")
    p.add_argument("--stability", type=int, default=40, metavar="N",
                   help="ask N self-contained questions again after 3 unrelated turns (check set; 0: skip)")
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
    args.sets = [x.strip() for x in args.set.split(",") if x.strip()]
    if not args.sets:
        p.error("--set names no set")
    return args


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


def judge_llm(*, max_tokens: int = 1024) -> Callable[[str], str]:
    """The LLM judge as `llm(prompt) -> str`: its own client (evals/judge.py), not the assistant's."""
    from evals.judge import JudgeError, client

    try:
        return client(max_tokens=max_tokens)
    except JudgeError as e:
        raise AssistantError(str(e)) from None


def bot_for(spec: SetSpec, settings: Settings, backend: str) -> Any:
    """The Assistant the set is asked of: over the set's own corpus (and its own index) when it has one."""
    from assistant import Assistant

    if spec.corpus is None:
        return Assistant(backend=backend, settings=settings)
    name = spec.corpus.name
    return Assistant(backend=backend, settings=settings.with_(
        corpus_dir=spec.corpus, index_dir=settings.cache_dir / f"index-{name}"))


def stability(records: Sequence[Record], bot: Answerer, n: int) -> tuple[float, list[str]]:
    """Share of n self-contained questions answered the same after 3 unrelated turns; and the ids that were not."""
    alone = [r for r in records if not r.item.history and r.item.kind not in ("followup",) and not r.error]
    changed: list[str] = []
    picked = alone[:n]
    for i, r in enumerate(picked):
        others = [alone[(i + j) % len(alone)] for j in (7, 13, 29)]
        history = [t for o in others for t in ({"role": "user", "content": o.item.question},
                                               {"role": "assistant", "content": o.answer.text})]
        again = bot.ask(r.item.question, history=history)
        if again.text != r.answer.text or again.refused != r.answer.refused:
            changed.append(r.item.id)
    return (1 - len(changed) / len(picked) if picked else math.nan), changed


def run_set(label: str, spec: SetSpec, args: argparse.Namespace, settings: Settings, backend: str, judge: Any,
            llm: Callable[[str], str] | None, bot: Answerer | None) -> dict[str, Any]:
    """Ask, score, compare with thresholds and write the report of one set."""
    items = load_set(spec, args.limit)
    section = f"{backend}.{label}" if label in SETS else backend
    thresholds = load_thresholds(args.thresholds, section) if spec.gated else {"min": {}, "max": {}}
    bot = bot or bot_for(spec, settings, backend)
    progress = not args.no_progress
    records = run(items, bot, k=args.k, label=f"{label} {backend}", progress=progress)
    score(records, k=args.k, judge=judge, root=PROJECT_ROOT, llm=llm)
    scores, st = report.aggregate(records), report.stats(records)
    if label == "check" and args.stability:
        st["history_stability"], st["history_changed"] = stability(records, bot, args.stability)
    rows = report.compare(scores, st, thresholds)
    result: dict[str, Any] = {
        "version": 1, "set": label, "backend": backend, "section": section if spec.gated else "(not gated)",
        "k": args.k, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        # (a missed target is reported beside the gate, never a failure: report.compare)
        "passed": all(r["ok"] is not False for r in rows if r["op"] != "target"), "scores": scores,
        "by_kind": report.by_kind(records),
        "stats": st, "thresholds": rows, "baseline": None,
    }
    if not args.no_baseline and label not in ("golden", "tune"):  # the baseline row where it informs the gate
        result["baseline"] = baseline_result(items, spec, settings, args, judge)
    out = args.report_dir / label if len(args.sets) > 1 else args.report_dir
    report.write(out, result, records)
    return result


def baseline_result(items: Sequence[GoldenItem], spec: SetSpec, settings: Settings, args: argparse.Namespace,
                    judge: Any) -> dict[str, Any]:
    """The LangChain tutorial recipe on the same questions."""
    from evals.baseline import BaselineAssistant

    corpus = spec.corpus or settings.corpus_dir
    posts = sorted(corpus.glob("*.md"))
    base = BaselineAssistant(root=PROJECT_ROOT, sources=[p.resolve().relative_to(PROJECT_ROOT).as_posix()
                                                         for p in posts])
    base.warm()
    brecs = run(items, base, k=args.k, label="baseline", progress=not args.no_progress)
    score(brecs, k=args.k, judge=judge, root=PROJECT_ROOT, llm=None)
    return {
        "scores": report.aggregate(brecs), "by_kind": report.by_kind(brecs), "stats": report.stats(brecs),
        "questions": [{"id": r.item.id, "retrieved": r.retrieved, "checks": {c.metric: c.to_dict() for c in r.checks}}
                      for r in brecs],
    }


def main(
    argv: Sequence[str] | None = None, *, bot: Answerer | None = None, llm: Callable[[str], str] | None = None
) -> int:
    """Run the evaluation; 0 when every threshold holds, 1 when one does not, 2 on bad input.

    `bot` replaces the Assistant and `llm` the judge's server (both for tests and embedding).
    """
    args = parse_args(argv)
    try:
        sets = [resolve_set(n) for n in args.sets]
        for _label, spec in sets:
            load_set(spec, args.limit)  # every file valid before anything runs
        settings = Settings.from_env()
        backend = args.backend or settings.backend
        for label, spec in sets:
            if spec.gated:
                load_thresholds(args.thresholds, f"{backend}.{label}" if label in SETS else backend)
        llm = (llm or judge_llm()) if args.judge else None
    except AssistantError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    from assistant import embedder
    from evals.support import SupportJudge

    judge = SupportJudge(embedder=embedder())
    results = []
    for label, spec in sets:
        try:
            results.append(run_set(label, spec, args, settings, backend, judge, llm, bot))
        except AssistantError as e:
            print(f"error: {label}: {e}", file=sys.stderr)
            return 2
        overall, kinds = report.tables(results[-1])
        print(f"\n== {label} ({results[-1]['section']}) ==", report.text_table(overall), report.text_table(kinds),
              sep="\n\n")
    if len(results) > 1:
        print("\n== side by side ==\n" + report.text_table(report.side_by_side(results)))
        report.write_overview(args.report_dir, results)
    failed = [f"{r['set']}: {t['metric']}" if len(results) > 1 else t["metric"]
              for r in results for t in r["thresholds"] if t["ok"] is False and t["op"] != "target"]
    missed = [f"{r['set']}: {t['metric']} {t['score']:.2f} < {t['bound']:g}"
              for r in results for t in r["thresholds"] if t["ok"] is False and t["op"] == "target"]
    if missed:
        print("\ntargets not met (reported, not gated): " + "; ".join(missed))
    print(f"\n{'PASS' if not failed else 'FAIL: ' + ', '.join(failed)}  (report: {args.report_dir})")
    return 0 if not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
