"""The `assistant` command: index | ask | chat | serve | eval | bench.

Parses arguments, shows progress and prints results; every AssistantError becomes a one-line
message on stderr and exit status 2 (no traceback). Holds no logic of its own.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from typing import Any

from assistant.errors import AssistantError


def _progress() -> Any:
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(done: int, total: int, what: str) -> None:
        if bar.get("what") != what:  # a new step (embedding, re-embedding missing chunks): a new bar
            bar["what"] = what
            bar["bar"] = tqdm(total=total, desc=what, unit="chunk", file=sys.stderr)
        bar["bar"].n = done
        bar["bar"].refresh()
        if done >= total:
            bar["bar"].close()

    return update


def _print_answer(ans: Any, *, as_json: bool, streamed: bool = False) -> None:
    if as_json:
        print(json.dumps(ans.to_dict(), ensure_ascii=False, indent=2))
        return
    if not streamed:
        print(ans.text)
        if ans.notice:
            print(f"\n({ans.notice})")
    if ans.citations:
        print("\nSources:")
        for c in ans.citations:
            day = f", {c.day}" if c.day else ""
            print(f"  [{c.n}] {c.session}{day} — “{c.quote}” ({c.source}:{c.start}-{c.end})")


def _bot(args: argparse.Namespace, *, opened: bool = False) -> Any:
    """The Assistant; with `opened`, its index opened now and what that repaired said on stderr."""
    from assistant.api import Assistant

    bot = Assistant(backend=getattr(args, "backend", None))
    if opened:
        for w in bot.index().warnings:
            print(f"warning: {w}", file=sys.stderr)
    return bot


def cmd_index(args: argparse.Namespace) -> int:
    bot = _bot(args)
    rep = bot.index(progress=_progress())
    for w in rep.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if rep.reopened:
        state = "reopened (nothing changed)"
    elif rep.repaired and not (rep.added or rep.changed or rep.removed or rep.rebuilt_reason):
        state = f"repaired: {rep.repaired} chunks re-embedded"
    else:
        state = (
            f"built: {rep.embedded_chunks} chunks embedded"
            + (f"; added {', '.join(rep.added)}" if rep.added else "")
            + (f"; changed {', '.join(rep.changed)}" if rep.changed else "")
            + (f"; removed {', '.join(rep.removed)}" if rep.removed else "")
            + (f"; repaired {rep.repaired} missing chunks" if rep.repaired else "")
        )
    print(f"Index {state} in {rep.seconds:.2f} s.")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    bot = _bot(args, opened=True)
    kw = {"day": args.day or "", "session": args.session or "", "post": args.post or ""}
    if args.json or args.no_stream:
        _print_answer(bot.ask(args.question, **kw), as_json=args.json)
        return 0
    final = None
    streamed = ""
    for piece in bot.stream(args.question, **kw):
        if isinstance(piece, str):
            streamed += piece
            print(piece, end="", flush=True)
        else:
            final = piece
    print()
    if final is not None:
        _show_checked(streamed, final)
        _print_answer(final, as_json=False, streamed=True)
    return 0


def _show_checked(streamed: str, final: Any) -> None:
    """After a streamed answer: the guarded text in place of the stream on a terminal, else only what changed.

    A fallback answer (offline, under its notice) was streamed as it is final: nothing to add, and it is
    not labelled as checked, because no generated text was.
    """
    import shutil

    from assistant.llm.changes import changes, rows

    if final.backend != "openai" or final.notice:
        return
    diff = changes(streamed, final.text)
    if not diff:
        return
    size = shutil.get_terminal_size((0, 0))
    used = rows(streamed.rstrip("\n"), size.columns)
    if sys.stdout.isatty() and 0 < used < size.lines:
        # Move up over the streamed rows, clear to the end of the screen, print the checked answer there.
        print(f"\x1b[{used}F\x1b[J{final.text}")
        print(f"(checked against the post: {len(diff)} change{'s' if len(diff) > 1 else ''})")
        return
    print("\nChecked against the post:")
    print("\n".join(diff))


def cmd_chat(args: argparse.Namespace) -> int:
    bot = _bot(args, opened=True)
    history: list[dict[str, str]] = []
    print("Ask about the conference (empty line or Ctrl-D to quit).")
    while True:
        try:
            q = input("> ").strip()
        except EOFError:
            break
        if not q:
            break
        try:
            ans = bot.ask(q, history)
        except AssistantError as exc:
            print(f"error: {exc}")
            continue
        _print_answer(ans, as_json=False)
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": ans.text}]
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from assistant.ui.app import serve

    serve(host=args.host, port=args.port, backend=getattr(args, "backend", None))
    return 0


def _command(name: str):
    """The `eval`/`bench` code, registered as an entry point (pyproject.toml); the library never imports it."""
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group="conference_assistant.commands") if ep.name == name]
    if not found:
        raise AssistantError(f"'assistant {name}' is not installed here. It ships with the source checkout: "
                             "run `make setup` (pip install -e '.[dev]') in the repository.")
    return found[0].load()


def cmd_eval(args: argparse.Namespace) -> int:
    return int(_command("eval")(args.rest))


def cmd_bench(args: argparse.Namespace) -> int:
    return int(_command("bench")(args.rest))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="assistant", description="Cited answers about the OSPOs for Good 2024 conference.")
    p.add_argument("--backend", choices=["offline", "openai"], default=None,
                   help="answer offline (default) or through an OpenAI-compatible server")
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("index", help="build or update the index").set_defaults(fn=cmd_index)
    a = sub.add_parser("ask", help="answer one question with numbered sources")
    a.add_argument("question")
    a.add_argument("--json", action="store_true", help="print the Answer as JSON")
    a.add_argument("--no-stream", action="store_true", help="print the answer at once")
    a.add_argument("--day", help="only this day, e.g. 'Day 1'")
    a.add_argument("--session", help="only this session (exact heading)")
    a.add_argument("--post", help="only this post (source path)")
    a.set_defaults(fn=cmd_ask)
    sub.add_parser("chat", help="a conversation in the terminal").set_defaults(fn=cmd_chat)
    s = sub.add_parser("serve", help="start the web UI")
    s.add_argument("--host", default=None, help="address to bind (default 127.0.0.1, or ASSISTANT_HOST)")
    s.add_argument("--port", type=int, default=None, help="port (default 7860, or ASSISTANT_PORT)")
    s.set_defaults(fn=cmd_serve)
    sub.add_parser("eval", help="run the eval suite (options: see 'assistant eval --help')", add_help=False
                   ).set_defaults(fn=cmd_eval, rest=[])
    sub.add_parser("bench", help="run the benchmark (options: see 'assistant bench --help')", add_help=False
                   ).set_defaults(fn=cmd_bench, rest=[])
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `assistant` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    sub = next((i for i, a in enumerate(argv) if a in ("eval", "bench")), -1)
    if sub >= 0 and sub <= 2:
        # Everything after `eval`/`bench` belongs to evals.runner / tools.bench, verbatim.
        args = parser.parse_args(argv[: sub + 1])
        args.rest = [a for a in argv[sub + 1 :] if a != "--"]
        if args.cmd == "eval" and args.backend and "--backend" not in args.rest:
            args.rest += ["--backend", args.backend]
    else:
        args = parser.parse_args(argv)
    try:
        return int(args.fn(args))
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug, not bad input: one line, no traceback, and how to report it
        print(f"error: unexpected {type(exc).__name__}: {exc}. This is a bug in the assistant; "
              "please report it with the command you ran.", file=sys.stderr)
        return 1


def run() -> None:
    """The console script: main(), then exit without a last garbage-collector walk over every object
    of chromadb's module graph (the operating system frees them anyway; 0.4 s of a cold ask)."""
    rc = main()
    gc.freeze()
    sys.exit(rc)


if __name__ == "__main__":
    run()
