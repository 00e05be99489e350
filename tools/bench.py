"""`assistant bench` / `make bench`: prints speed, memory and retrieval numbers, with a baseline.

Measures, in one run on a fresh temporary index: index build time, reopen time (new client, no
re-embedding), warm retrieval and `ask` latency (p50/p95), cold `assistant ask` wall time (a new
process), peak memory (this process; the cold child), and retrieval hit@4 over the golden and
held-out questions beside LangChain's tutorial recipe (RecursiveCharacterTextSplitter 1000/200,
same embedder, Chroma, top 4) measured in the same process. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.config import PROJECT_ROOT, Settings


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def _items(name: str) -> list[dict]:
    path = PROJECT_ROOT / "evals" / f"{name}.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def warm_latencies(bot: object, questions: list[str], repeats: int) -> tuple[list[float], list[float]]:
    """Seconds per warm `retrieve(q, k=4)` and per `ask(q)`, over `repeats` passes of the questions."""
    for q in questions:  # caches (question vectors, unit vectors) filled once, outside the clock
        bot.retrieve(q, k=4)  # type: ignore[attr-defined]
    ret: list[float] = []
    ask: list[float] = []
    for _ in range(repeats):
        for q in questions:
            t = time.perf_counter()
            bot.retrieve(q, k=4)  # type: ignore[attr-defined]
            ret.append(time.perf_counter() - t)
            t = time.perf_counter()
            bot.ask(q)  # type: ignore[attr-defined]
            ask.append(time.perf_counter() - t)
    return ret, ask


def _hit(retrieve, items: list[dict], k: int = 4) -> float:
    scored = [it for it in items if it.get("answerable") and it.get("sessions")]
    hits = 0
    for it in scored:
        got = {p.session for p in retrieve(it["question"], k, it.get("history") or None)}
        hits += bool(got & set(it["sessions"]))
    return hits / max(1, len(scored))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    ap = argparse.ArgumentParser(prog="assistant bench")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the questions for latency")
    args = ap.parse_args(argv)

    from assistant.api import Assistant
    from assistant.store.chroma import forget_client
    from assistant.store.embeddings import get_embedder
    from assistant.store.index import Index

    rows: list[tuple[str, str]] = []
    tmp = Path(tempfile.mkdtemp(prefix="assistant-bench-"))
    # A cache folder of its own: the first build embeds every chunk, as on a new machine.
    settings = Settings.from_env().with_(index_dir=tmp / "index", cache_dir=tmp / "cache")
    emb = get_embedder()
    emb.embed_array(["warm up the model"])  # model load is not index build

    t = time.perf_counter()
    Index.open(settings, emb)
    build = time.perf_counter() - t
    forget_client(settings)
    shutil.rmtree(settings.index_dir)  # the store lost (or its schema changed): rebuilt, vectors kept
    t = time.perf_counter()
    Index.open(settings, emb)
    rebuild = time.perf_counter() - t
    forget_client(settings)
    t = time.perf_counter()
    _idx, rep = Index.open(settings, emb)
    reopen = time.perf_counter() - t
    assert rep.reopened and rep.embedded_chunks == 0
    rows += [("index build (s, 1 post, model loaded)", f"{build:.2f}"),
             ("index rebuild, chunk vectors kept (s)", f"{rebuild:.2f}"),
             ("index reopen (s, new client)", f"{reopen:.3f}")]

    bot = Assistant(settings=settings)
    golden, heldout = _items("golden"), _items("heldout")
    questions = [it["question"] for it in golden + heldout if not it.get("history")]
    bot.ask(questions[0])
    r_lat, a_lat = warm_latencies(bot, questions, args.repeat)
    rows += [
        (f"retrieve warm p50 / p95 (ms, n={len(r_lat)})",
         f"{1000 * _pct(r_lat, .5):.1f} / {1000 * _pct(r_lat, .95):.1f}"),
        (f"ask warm p50 / p95 (ms, n={len(a_lat)})", f"{1000 * _pct(a_lat, .5):.1f} / {1000 * _pct(a_lat, .95):.1f}"),
    ]

    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(settings.index_dir), "ASSISTANT_BACKEND": "offline"}
    # A user's Python keeps compiled bytecode (__pycache__); a sandbox's PYTHONDONTWRITEBYTECODE would make
    # every cold start compile the package again, which no user pays after their first run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    exe = Path(sys.executable).with_name("assistant")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "assistant"]),
           "ask", "--no-stream", "Who gave the keynote at the youth panel?"]
    colds = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        colds.append(time.perf_counter() - t)
    rows.append(("cold `assistant ask` wall (s, median of 3)", f"{statistics.median(colds):.2f}"))
    # A forked child inherits the parent's peak RSS in getrusage, so the child reports its own VmHWM.
    probe = ("import sys; from assistant.cli import main; rc = main(sys.argv[1:]); "
             "hwm = [x for x in open('/proc/self/status') if x.startswith('VmHWM')]; "
             "print('HWM', hwm[0].split()[1] if hwm else 0, file=sys.stderr); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd[-3:]], env=env, capture_output=True, text=True)
    hwm = [line.split()[1] for line in out.stderr.splitlines() if line.startswith("HWM ")]
    child_mb = int(hwm[0]) / 1024 if hwm else float("nan")

    from evals.baseline import BaselineAssistant

    t = time.perf_counter()
    base = BaselineAssistant(root=PROJECT_ROOT, sources=sorted(
        str(p.relative_to(PROJECT_ROOT)) for p in settings.corpus_dir.glob("*.md")), embedder=emb)
    base.warm()
    base_build = time.perf_counter() - t
    ours_r = lambda q, k, h: bot.retrieve(q, k=k, history=h)  # noqa: E731
    base_r = lambda q, k, h: base.retrieve(q, k=k)  # noqa: E731  (the recipe has no history)
    for name, items in (("golden", golden), ("heldout", heldout)):
        if items:
            o, b = _hit(ours_r, items), _hit(base_r, items)
            rows.append((f"hit@4 {name} ({sum(1 for i in items if i.get('answerable') and i.get('sessions'))} q): "
                         "ours / tutorial recipe", f"{o:.3f} / {b:.3f} (x{o / max(b, 1e-9):.2f})"))
    b_lat = []
    for q in questions:
        t = time.perf_counter()
        base.retrieve(q, k=4)
        b_lat.append(time.perf_counter() - t)
    rows.append(("tutorial recipe: build (s) / retrieve p50 (ms)", f"{base_build:.2f} / {1000 * _pct(b_lat, .5):.1f}"))
    rows.append(("retrieve p50 ratio ours / tutorial", f"x{_pct(r_lat, .5) / max(_pct(b_lat, .5), 1e-9):.2f}"))

    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak memory (MB): this process (incl. baseline) / cold ask process",
                 f"{self_mb:.0f} / {child_mb:.0f}"))

    width = max(len(k) for k, _ in rows)
    print(f"{'measure'.ljust(width)}  value")
    print(f"{'-' * width}  {'-' * 28}")
    for k, v in rows:
        print(f"{k.ljust(width)}  {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
