"""Time to answer under each LLM and vector-store fault, with the default settings (a measurement, not a test).

    .venv/bin/python -m tests.fault_figures [--skip-llm] [--skip-store]

Uses the same real parts as the tests: scripted loopback OpenAI-compatible servers
(tests/llm_server.py), the real llama.cpp server when installed, a real `chroma run` server
(tests/test_chroma_server.py) and the embedded store. For each fault it prints what the question
got (an answer, the offline answer with its notice, or the error), the seconds it took, and whether
the index was whole afterwards (nothing lost). Prints a Markdown table at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant import Assistant, AssistantError
from assistant.config import Settings
from assistant.store.chroma import forget_client
from assistant.store.embeddings import get_embedder
from assistant.store.index import Index

Q = "Who gave the keynote at the Open Source and AI panel?"
ROWS: list[tuple[str, str, str, str]] = []  # fault, outcome, seconds, data lost


def timed(fault: str, call: Callable[[], Any], whole: Callable[[], bool] | None = None) -> None:
    t = time.perf_counter()
    try:
        ans = call()
        if hasattr(ans, "notice"):
            outcome = f"answered ({ans.backend})" + (f"; notice: {ans.notice}" if ans.notice else "")
        else:
            outcome = str(ans)
    except AssistantError as exc:
        outcome = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - t
    lost = "—" if whole is None else ("none" if whole() else "YES")
    ROWS.append((fault, outcome, f"{seconds:.1f}", lost))
    print(f"{fault:55s} {seconds:6.1f} s  lost: {lost:4s}  {outcome[:160]}", flush=True)


def _whole(bot: Assistant) -> bool:
    index = bot._ready().index
    return sorted(index.collection.get(include=[])["ids"]) == sorted(c.id for c in index.chunks)


def llm_faults(base: Settings) -> None:
    from tests.llm_server import LlamaServer, ScriptedServer, free_port, gguf_path

    def bot(url: str, **changes: Any) -> Assistant:
        b = Assistant(settings=base.with_(backend="openai", openai_base_url=url, openai_api_key="", model="t",
                                          **changes))
        b._ready()  # loading the client is start-up, not part of a fault's time
        return b

    bot(f"http://127.0.0.1:{free_port()}/v1").ask(Q)  # the first request's one-time imports are not a fault's time
    timed("LLM: nothing listening on the port", lambda: bot(f"http://127.0.0.1:{free_port()}/v1").ask(Q))
    for name, script in [
        ("LLM: HTTP 500 on every try", [("status", 500)]),
        ("LLM: HTTP 429 on every try", [("status", 429)]),
        ("LLM: 401 (bad key)", [("status", 401)]),
        ("LLM: unreadable (garbage) stream", [("garbage",)]),
        ("LLM: stream cut mid-answer", [("cut", "Philip Thigo gave the keynote on trust and AI systems [1].")]),
        ("LLM: hangs (never answers)", [("stall", 120)]),
        ("LLM: trickles a word every 5 s", [("trickle", " ".join(["word"] * 40) + " [1].", 5.0)]),
    ]:
        with ScriptedServer(script) as srv:
            b = bot(srv.url)
            timed(name, lambda b=b: b.ask(Q))
            if name.startswith("LLM: hangs"):
                timed("LLM: next question within 10 s of a fault", lambda b=b: b.ask("Who sat on the youth panel?"))
    model = gguf_path()
    if model is not None:
        own = LlamaServer(model).start()
        try:
            bot(own.url, llm_timeout=120.0, deadline=600.0).ask("warm up")  # the model's first load
            b = bot(own.url, llm_max_tokens=400, top_k=2)

            def killed_mid_stream() -> Any:
                final = None
                for i, piece in enumerate(b.stream("Summarize every session of the conference in detail.")):
                    if i == 0:
                        own.kill()
                    final = piece
                return final

            timed("LLM: llama.cpp killed mid-stream", killed_mid_stream)
        finally:
            own.stop()


def store_faults(base: Settings, tmp: Path) -> None:
    from tests.test_chroma_server import ChromaServer
    from tests.test_faults import DAMAGE, _corpus

    srv = ChromaServer(tmp / "chroma-data")
    srv.start()
    try:
        s = srv.settings(base, tmp / "cache")
        bot = Assistant(settings=s)
        bot.index()
        bot.ask(Q)
        assert srv.proc is not None
        os.kill(srv.proc.pid, signal.SIGSTOP)
        try:
            timed("Chroma server frozen (kill -STOP)", lambda: bot.ask(Q))
        finally:
            os.kill(srv.proc.pid, signal.SIGCONT)
        timed("Chroma server resumed (kill -CONT)", lambda: bot.ask(Q), lambda: _whole(bot))
        srv.stop()
        timed("Chroma server stopped", lambda: bot.ask(Q))
        srv.start()
        timed("Chroma server back", lambda: bot.ask(Q), lambda: _whole(bot))
        srv.stop()
        shutil.rmtree(srv.path)
        srv.path.mkdir()
        srv.start()
        timed("Chroma server restarted with an empty data folder", lambda: bot.ask(Q), lambda: _whole(bot))
        srv.stop()
        shutil.rmtree(srv.path)
        srv.path.mkdir()
        srv.start()
        forget_client(s)
        Assistant(settings=s).index()
        timed("Chroma collection rebuilt by another replica", lambda: bot.ask(Q), lambda: _whole(bot))
        col = bot._ready().index.collection
        col.delete(ids=sorted(col.get(include=[])["ids"])[::2])
        forget_client(s)
        fresh = Assistant(settings=s)
        timed("Chroma server: half the vectors deleted (then opened)", lambda: fresh.ask(Q), lambda: _whole(fresh))
    finally:
        srv.stop()

    for i, damage in enumerate(DAMAGE):
        d = tmp / f"damage-{i}"
        d.mkdir()
        es = base.with_(index_dir=d / "idx", corpus_dir=_corpus(d, 1, 2))
        Index.open(es, get_embedder())
        forget_client(es)
        damage(es)
        b = Assistant(settings=es)
        timed(f"embedded store: {damage.__name__.strip('_').replace('_', ' ')}", lambda b=b: b.ask(Q),
              lambda b=b: _whole(b))
        forget_client(es)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--skip-llm", action="store_true")
    p.add_argument("--skip-store", action="store_true")
    args = p.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="fault-figures-"))
    base = Settings.from_env({}).with_(index_dir=tmp / "idx", backend="offline")
    Assistant(settings=base).ask(Q)  # the process's one-time warm-up is not a fault's time
    try:
        if not args.skip_llm:
            llm_faults(base)
        if not args.skip_store:
            store_faults(base, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\n| fault | outcome | seconds | data lost |\n|---|---|---|---|")
    for fault, outcome, seconds, lost in ROWS:
        print(f"| {fault} | {outcome.replace('|', '/')} | {seconds} | {lost} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
