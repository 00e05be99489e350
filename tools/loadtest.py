"""Load test: N concurrent users asking a bounded number of questions, through the web app and the API.

Phase 1 drives the *running* web app (`assistant serve` / `make run`) through `gradio_client`,
one Client per simulated user, on the endpoint the app documents (`/ask`). Phase 2 drives the
Python API (`Assistant.ask`) in this process with the same users and questions; it uses the same
settings as the app (ASSISTANT_*, CHROMA_HOST/CHROMA_PORT), so pointing both at a `chroma run`
server load-tests the shared store. Each phase prints throughput, p50/p95/p99 latency and errors.
Both phases are bounded: --questions in total and --max-seconds of wall time. Only ever talks to
the URL given (loopback by default). Exit status 1 when any question failed.

    python -m tools.loadtest [--users 16] [--questions 500] [--url http://127.0.0.1:7860/] [--api-only]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from assistant.config import PROJECT_ROOT, Settings

FALLBACK_QUESTIONS = [
    "Who gave the keynote at the Open Source and AI panel?",
    "Who sat on the youth panel?",
    "What is Zendis?",
    "Which sessions were on Day 2?",
    "What was said about trust in AI?",
    "What did the panel say about the Global South?",
    "Summarize the Open Source Networked Cities Panel",
    "How many people attended the conference?",
]
ENDPOINT = "/ask"


def questions(limit: int = 1000) -> list[str]:
    """Realistic questions: the golden evaluation set's when present, else a built-in list."""
    path = PROJECT_ROOT / "evals" / "golden.jsonl"
    qs: list[str] = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                q = json.loads(line).get("question")
            except (ValueError, AttributeError):
                continue
            if isinstance(q, str) and q.strip():
                qs.append(q)
    return (qs or FALLBACK_QUESTIONS)[:limit]


@dataclass
class Result:
    """Latencies (s) of the questions that succeeded, and the errors of those that did not."""

    name: str
    users: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0

    def pct(self, p: float) -> float:
        """The p-th percentile latency in seconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]

    def line(self) -> str:
        """One printable summary line."""
        n = len(self.latencies) + len(self.errors)
        return (
            f"{self.name:<8} users={self.users:<3} questions={n:<5} wall={self.wall:6.1f}s "
            f"throughput={n / self.wall if self.wall else 0:6.1f} q/s  "
            f"p50={1000 * self.pct(50):6.0f}ms p95={1000 * self.pct(95):6.0f}ms "
            f"p99={1000 * self.pct(99):6.0f}ms "
            f"mean={1000 * (statistics.fmean(self.latencies) if self.latencies else float('nan')):6.0f}ms "
            f"errors={len(self.errors)}"
        )


def run(name: str, users: int, total: int, max_seconds: float, make_user: Callable[[], Callable[[str], None]],
        qs: list[str]) -> Result:
    """Run `total` questions over `users` threads; each user calls its own ask(question)."""
    res = Result(name, users)
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + max_seconds

    def user(uid: int) -> None:
        try:
            ask = make_user()
        except Exception as exc:  # a user that cannot connect fails all of its share loudly
            with lock:
                res.errors.append(f"user {uid} could not start: {type(exc).__name__}: {exc}")
            return
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            q = qs[i % len(qs)]
            t = time.perf_counter()
            try:
                ask(q)
            except Exception as exc:
                with lock:
                    res.errors.append(f"{q!r}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            with lock:
                res.latencies.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users) as pool:
        list(pool.map(user, range(users)))
    res.wall = time.perf_counter() - t0
    return res


def web_user(url: str) -> Callable[[], Callable[[str], None]]:
    """A factory of web users: each has its own gradio Client on the app's /ask endpoint."""

    def make() -> Callable[[str], None]:
        from gradio_client import Client

        # gradio_client makes a new httpx client per request; loading the CA bundle for each costs
        # ~45 ms of CPU in the load generator. Plain-http URLs never use TLS, so skip it there.
        client = Client(url, verbose=False, download_files=False, ssl_verify=url.startswith("https:"))

        def ask(q: str) -> None:
            out = client.predict(q, api_name=ENDPOINT)
            # The app's /ask returns Answer.to_dict(); an older chat endpoint returned the text.
            text = out.get("text", "") if isinstance(out, dict) else str(out)
            if not text.strip() or text.lstrip().startswith("⚠️"):
                raise RuntimeError(f"the app answered with an error: {text[:200]}")

        return ask

    return make


def api_user(bot: object) -> Callable[[], Callable[[str], None]]:
    """A factory of API users sharing one Assistant (as the web app does)."""

    def make() -> Callable[[str], None]:
        def ask(q: str) -> None:
            ans = bot.ask(q)  # type: ignore[attr-defined]
            if not ans.text.strip():
                raise RuntimeError("empty answer")

        return ask

    return make


def check_url(url: str) -> str | None:
    """None when the app answers at url, else a message saying how to start it."""
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - the URL is the user's own app
            return None
    except Exception as exc:
        return (f"The web app at {url} did not answer ({type(exc).__name__}: {exc}); start it with "
                "'make run' (or '.venv/bin/assistant serve --port N' and pass --url), or use --api-only.")


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print one line per phase."""
    s = Settings.from_env()
    ap = argparse.ArgumentParser(prog="python -m tools.loadtest", description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=16, help="concurrent users (default 16)")
    ap.add_argument("--questions", type=int, default=500, help="questions per phase (default 500)")
    ap.add_argument("--url", default=f"http://{s.ui_host}:{s.ui_port}/", help="the running web app")
    ap.add_argument("--api-only", action="store_true", help="skip the web app; load the Python API only")
    ap.add_argument("--max-seconds", type=float, default=600.0, help="stop each phase after this long")
    args = ap.parse_args(argv)
    if not 1 <= args.users <= 256:
        ap.error("--users must be between 1 and 256")
    if not 1 <= args.questions <= 100_000:
        ap.error("--questions must be between 1 and 100000")
    qs = questions()
    where = (f"Chroma server {s.chroma_host}:{s.chroma_port}" if s.chroma_host
             else f"embedded index {s.index_dir}")
    print(f"load test: {args.users} users, {args.questions} questions per phase, {len(qs)} distinct; "
          f"API phase uses the {where}", flush=True)
    results = []
    if not args.api_only:
        problem = check_url(args.url)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        results.append(run("web", args.users, args.questions, args.max_seconds, web_user(args.url), qs))
        print(results[-1].line(), flush=True)
    from assistant.api import Assistant
    from assistant.errors import AssistantError

    bot = Assistant(settings=s)
    t = time.perf_counter()
    try:
        bot.index()
        bot.ask(qs[0])
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"(API: index opened and first answer in {time.perf_counter() - t:.1f} s)", flush=True)
    results.append(run("api", args.users, args.questions, args.max_seconds, api_user(bot), qs))
    print(results[-1].line(), flush=True)
    failed = [e for r in results for e in r.errors]
    for e in failed[:5]:
        print(f"  error: {e}", file=sys.stderr)
    short = [r for r in results if len(r.latencies) + len(r.errors) < args.questions]
    for r in short:
        print(f"  note: {r.name} stopped at --max-seconds={args.max_seconds:g} before all questions ran",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

