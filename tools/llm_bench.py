"""The LLM path against a real local model, side by side with the offline answerer (a developer benchmark).

    python -m tools.llm_bench                       # starts llama.cpp on loopback with ../models/qwen1.5b.gguf
    python -m tools.llm_bench --url http://127.0.0.1:8088/v1   # a server already running
    python -m tools.llm_bench --limit 5 --out /tmp/b.json
    python -m tools.llm_bench --replay evals/report/llm_bench.rows.jsonl   # no server: recorded replies

Asks the same questions (every 5th of evals/sets/tune.jsonl: 48; `--set check --every 6`: 41 questions
the LLM path was never tuned on) offline and through the OpenAI-compatible backend, and prints per
question and in total:
- **useful**: an answerable question gets every must-include string and no refusal; an unanswerable
  one a refusal (the calibration's definition, evals.calibrate.useful); also on answerable only;
- **key facts seen**: every must-include string is in what the model was given (its answer prompt);
- **citation precision**: evals.metrics' `citation_precision` with the offline support judge;
- **claim and deny**: answers with a "the post does not say …" sentence that denies what another of
  their sentences claims (evals.contradictions.claim_and_deny);
- **overhead**: the answer's total time minus the server's own time (the answer stream and the
  condensing call), p50 and p95: what the project adds around the model.
Skips (exit 0) when the model file is absent. Never run in CI; the model's provenance is anonymous
(see ../shared/NOTES-offline-stack.md), so it is used here and nowhere else. Writes a JSON report.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT, Settings
from evals.contradictions import claim_and_deny
from evals.metrics import GoldenItem, fact_found, key_facts_seen, percentile, sentence_checks
from evals.questions import load_golden

MODEL = PROJECT_ROOT.parent / "models" / "qwen1.5b.gguf"
SETS = PROJECT_ROOT / "evals" / "sets"
TARGETS = {"useful_gain": 0.15, "citation_precision": 0.95, "claim_and_deny": 0, "overhead_p50_s": 0.1}


class Recording:
    """A ChatProvider that passes every call to the real one and keeps the messages it was sent."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.sent: list[list[dict[str, str]]] = []
        self.replies: list[str] = []

    def __getattr__(self, name: str) -> Any:
        """Everything else (warm, deadline_fault, ...) as the real provider."""
        return getattr(self.inner, name)

    def stream(self, messages: list[dict[str, str]], **kw: Any) -> Iterator[str]:
        """Record, then stream from the real server (the reply is recorded as it arrives)."""
        self.sent.append(messages)
        self.replies.append("")
        for piece in self.inner.stream(messages, **kw):
            self.replies[-1] += piece
            yield piece

    def complete(self, messages: list[dict[str, str]], **kw: Any) -> str:
        """Record, then complete through the real server (via `stream`, as the real provider does)."""
        return "".join(self.stream(messages, **kw))


class Replay(Recording):
    """A ChatProvider that answers each question with the reply an earlier run recorded for it (no server):
    the project's part of the LLM path (evidence, prompt, guard, fallback, completion) re-run on the same
    model output, and its time measured alone. A follow-up's rewrite is not recorded: it gets none."""

    def __init__(self, inner: Any, replies: dict[str, str]) -> None:
        super().__init__(inner)
        self.by_question = replies

    def stream(self, messages: list[dict[str, str]], **kw: Any) -> Iterator[str]:
        """The recorded reply to the prompt's question ("" for anything else)."""
        found = re.search(r"^Question: (.*)$", messages[-1]["content"], re.M)
        reply = self.by_question.get(found.group(1).strip(), "") if found else ""
        self.sent.append(messages)
        self.replies.append(reply)
        yield reply


def useful(item: GoldenItem, ans: Any) -> bool:
    """Every must-include string and no refusal; for an unanswerable question, a refusal."""
    if not item.answerable:
        return bool(ans.refused)
    return not ans.refused and all(fact_found(ans.text, f) for f in item.key_facts if f.strip())


def own_useful(item: GoldenItem, ans: Any) -> bool:
    """Useful from the model's own checked sentences: a generated answer (no fallback) whose text before
    the quoted points the guard added ("The post also says:") is useful."""
    from assistant.prompts import say

    if ans.backend != "openai":
        return False
    text = ans.text
    for lang in ("en", "fr", "es"):
        text = text.split(say(lang, "also_head"))[0]
    return useful(item, replace(ans, text=text))


def server_seconds(ans: Any) -> float:
    """Time spent waiting on the model server for one answer (answer stream + condensing call)."""
    t = ans.timings
    return float(t.get("llm", 0.0)) + float(t.get("condense_server", 0.0))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(prog="tools.llm_bench", description=__doc__.split("\n")[0])
    p.add_argument("--model", type=Path, default=MODEL, help=f"GGUF file to serve (default {MODEL})")
    p.add_argument("--url", default="", help="use this running OpenAI-compatible server instead of starting one")
    p.add_argument("--set", default="tune", help="question set in evals/sets (default tune; 'check' was never "
                   "used to tune the LLM path)")
    p.add_argument("--every", type=int, default=5, help="take every N-th question of the set (default 5: 48 of tune)")
    p.add_argument("--limit", type=int, default=0, help="only the first N of those")
    p.add_argument("--ids", default="", help="comma-separated question ids instead")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--ctx", type=int, default=4096)
    p.add_argument("--max-tokens", type=int, default=400)
    p.add_argument("--top-k", type=int, default=0, help="passages the LLM path is given (default: the setting's, "
                   "ASSISTANT_TOP_K); the offline column keeps the default")
    p.add_argument("--replay", type=Path, default=None, help="no server: answer with the replies a finished "
                   "run's .rows.jsonl recorded (re-checks them with the current guard; times the project alone)")
    p.add_argument("--summarise", type=Path, default=None, help="print the totals of a finished run's .rows.jsonl")
    p.add_argument("--out", type=Path, default=PROJECT_ROOT / "evals" / "report" / "llm_bench.json")
    return p.parse_args(argv)


def questions(args: argparse.Namespace) -> list[GoldenItem]:
    """The benchmark's questions."""
    items = load_golden(SETS / f"{args.set}.jsonl")
    if args.ids:
        want = [x.strip() for x in args.ids.split(",") if x.strip()]
        return [i for w in want for i in items if i.id == w]
    picked = items[:: max(1, args.every)]
    return picked[: args.limit] if args.limit else picked


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when it ran (targets are reported, not gated), 2 on bad input."""
    args = parse_args(argv)
    if args.summarise:
        rows = [json.loads(x) for x in args.summarise.read_text(encoding="utf-8").splitlines() if x.strip()]
        print_summary(summarise(rows), args.summarise)
        return 0
    server = None
    if args.replay:
        return run(args, "http://127.0.0.1:9/v1")  # never contacted: the replies are recorded
    if not args.url:
        if not args.model.is_file():
            print(f"skipped: no model file at {args.model} (see ../shared/NOTES-offline-stack.md, "
                  "'A 1.5B-class local model for measuring')")
            return 0
        from tests.llm_server import LlamaServer  # a developer tool: the tests' own server launcher

        t = time.perf_counter()
        server = LlamaServer(args.model, n_ctx=args.ctx, threads=args.threads, chat_format="chatml").start(600)
        print(f"llama.cpp server on {server.url} ready in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    url = args.url or server.url  # type: ignore[union-attr]
    try:
        return run(args, url)
    finally:
        if server is not None:
            server.stop()


def run(args: argparse.Namespace, url: str) -> int:
    """Ask every question offline and through the server at `url`; print and write the report."""
    from assistant import Assistant
    from assistant.store.embeddings import get_embedder
    from evals.support import SupportJudge

    items = questions(args)
    base = Settings.from_env({})
    offline = Assistant(settings=base.with_(backend="offline"))
    llm_bot = Assistant(settings=base.with_(backend="openai", openai_base_url=url, model="local",
                                            llm_timeout=300.0, deadline=900.0, llm_retries=1,
                                            llm_max_tokens=args.max_tokens,  # a 1.5B model here: ~100 s an answer
                                            llm_top_k=args.top_k or base.llm_top_k))
    offline.warm()
    llm = llm_bot._ready().llm  # a developer tool: records what the model is sent
    if args.replay:
        recorded = [json.loads(x) for x in args.replay.read_text(encoding="utf-8").splitlines() if x.strip()]
        llm.provider = rec = Replay(llm.provider, {r["question"]: r["llm"]["raw"] for r in recorded})
        wanted = {r["id"] for r in recorded}
        items = [i for i in load_golden(SETS / f"{args.set}.jsonl") if i.id in wanted]
        if not items:
            print(f"error: none of the {len(wanted)} recorded questions is in evals/sets/{args.set}.jsonl; "
                  "pass the --set the recorded run used (e.g. --set check)", file=sys.stderr)
            return 2
    else:
        llm.provider = rec = Recording(llm.provider)
    judge = SupportJudge(embedder=get_embedder())
    rows: list[dict[str, Any]] = []
    args.out.parent.mkdir(parents=True, exist_ok=True)
    print(f"{len(items)} questions; server {url}", file=sys.stderr)
    for n, item in enumerate(items, 1):
        hist = [dict(h) for h in item.history] or None
        off = offline.ask(item.question, hist)
        rec.sent.clear()
        rec.replies.clear()
        t = time.perf_counter()
        gen = llm_bot.ask(item.question, hist)
        wall = time.perf_counter() - t
        prompts = [m for m in rec.sent if "Question:" in m[-1]["content"]]
        raw = next((r for m, r in zip(rec.sent, rec.replies, strict=False) if "Question:" in m[-1]["content"]), "")
        seen = "\n".join(msg["content"] for msg in prompts[-1]) if prompts else ""
        checks = {c.metric: c for c in sentence_checks(item, gen, judge)}
        cp = checks["citation_precision"]
        row = {
            "id": item.id, "kind": item.kind, "question": item.question, "answerable": item.answerable,
            "offline": {"useful": useful(item, off), "refused": off.refused, "text": off.text},
            "llm": {"useful": useful(item, gen), "refused": gen.refused, "useful_own": own_useful(item, gen),
                    "text": gen.text, "raw": raw,
                    "notice": gen.notice, "backend": gen.backend, "guard": gen.guard, "timings": gen.timings,
                    "wall_s": wall,
                    "citation_precision": [cp.num, cp.den], "cp_reason": cp.reason,
                    "claim_and_deny": claim_and_deny(gen.text, refused=gen.refused),
                    "seen": key_facts_seen(item, seen).to_dict(), "prompt_chars": len(seen),
                    "overhead_s": gen.timings.get("total", wall) - server_seconds(gen) if gen.backend == "openai"
                    else None},
        }
        rows.append(row)
        with open(args.out.with_suffix(".rows.jsonl"), "a" if n > 1 else "w", encoding="utf-8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")  # readable while the run goes on
        r = row["llm"]
        print(f"[{n:2}/{len(items)}] {item.id} {item.kind:13} off={'Y' if row['offline']['useful'] else '-'} "
              f"llm={'Y' if r['useful'] else '-'} seen={r['seen']['verdict']:4} cp={cp.num:g}/{cp.den:g} "
              f"deny={len(r['claim_and_deny'])} {wall:5.1f}s {gen.backend}", file=sys.stderr, flush=True)
    summary = summarise(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "rows": rows}, ensure_ascii=False, indent=1),
                        encoding="utf-8")
    print_summary(summary, args.out)
    return 0


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals of the per-question rows."""
    n = len(rows)
    ans = [r for r in rows if r["answerable"]]
    seen = [r for r in rows if r["llm"]["seen"]["den"]]
    cp_num = sum(r["llm"]["citation_precision"][0] for r in rows)
    cp_den = sum(r["llm"]["citation_precision"][1] for r in rows)
    over = [r["llm"]["overhead_s"] for r in rows if r["llm"]["overhead_s"] is not None]
    server = [server_seconds_row(r) for r in rows if r["llm"]["backend"] == "openai"]
    return {
        "questions": n,
        "useful_offline": sum(r["offline"]["useful"] for r in rows) / n,
        "useful_llm": sum(r["llm"]["useful"] for r in rows) / n,
        "useful_answerable_offline": sum(r["offline"]["useful"] for r in ans) / max(1, len(ans)),
        "useful_answerable_llm": sum(r["llm"]["useful"] for r in ans) / max(1, len(ans)),
        "key_facts_seen": sum(r["llm"]["seen"]["num"] for r in seen) / max(1, len(seen)),
        "citation_precision": cp_num / cp_den if cp_den else float("nan"),
        "citations": cp_den,
        "claim_and_deny": sum(bool(r["llm"]["claim_and_deny"]) for r in rows),
        "refused_llm": sum(r["llm"]["refused"] for r in rows),
        "fallbacks": sum(r["llm"]["backend"] != "openai" for r in rows),
        "useful_own": sum(r["llm"].get("useful_own", False) for r in rows) / n,
        "completed": sum(bool((r["llm"]["guard"] or {}).get("points_added")) for r in rows),
        "overhead_p50_s": percentile(over, 50),
        "overhead_p95_s": percentile(over, 95),
        "server_p50_s": percentile(server, 50),
    }


def server_seconds_row(row: dict[str, Any]) -> float:
    """`server_seconds` of a stored row."""
    t = row["llm"]["timings"]
    return float(t.get("llm", 0.0)) + float(t.get("condense_server", 0.0))


def print_summary(s: dict[str, Any], out: Path) -> None:
    """The totals against the issue's targets."""
    gain = s["useful_llm"] - s["useful_offline"]
    lines = [
        f"questions                       {s['questions']}",
        f"useful offline / LLM            {s['useful_offline']:.2f} / {s['useful_llm']:.2f}  "
        f"(gain {gain:+.2f}; target >= +{TARGETS['useful_gain']:.2f})",
        f"  answerable only               {s['useful_answerable_offline']:.2f} / {s['useful_answerable_llm']:.2f}",
        f"key facts seen by the model     {s['key_facts_seen']:.2f}",
        f"citation precision (LLM)        {s['citation_precision']:.2f} of {s['citations']} "
        f"(target >= {TARGETS['citation_precision']})",
        f"answers that claim and deny     {s['claim_and_deny']} (target 0)",
        f"refusals / fallbacks (LLM)      {s['refused_llm']} / {s['fallbacks']} (a fallback: nothing the model wrote "
        "held up, and the offline answer is shown)",
        f"useful from the model's own sentences {s['useful_own']:.2f}; answers completed with quoted points "
        f"{s['completed']}",
        f"overhead p50 / p95              {s['overhead_p50_s']:.3f} / {s['overhead_p95_s']:.3f} s "
        f"(target p50 <= {TARGETS['overhead_p50_s']}; server p50 {s['server_p50_s']:.1f} s)",
        f"report: {out}",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
