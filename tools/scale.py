"""Synthetic posts in the real post's shape, and the 100-post scale benchmark.

`synthetic_post(i)` writes a deterministic conference summary (front matter, Introduction,
`## Day N` / `### Session` / `#### Keynote by ...` / `#### Panel Discussion`, panelists, numbered
insights, a conclusion, Summary) with its own names and topics, so the index, retrieval and
citations can be exercised on many posts. `python -m tools.scale --posts 100` builds a fresh
index of the real post plus 99 synthetic ones in a temporary folder and prints build time and
retrieval / ask p50 beside the same numbers for the real post alone. Does not touch `corpus/`
or `.index/`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from assistant.config import PROJECT_ROOT, Settings

_SYL = ["ka", "lo", "mi", "ra", "ten", "vu", "sel", "dor", "an", "bri", "zu", "mak", "ol", "fen", "ri", "sa"]
_TOPICS = [
    ("Open Data", "data portals", "open licences for public datasets"),
    ("Digital Public Goods", "reusable registries", "shared identity and payment rails"),
    ("Climate Software", "emissions models", "open climate modelling toolkits"),
    ("Health Systems", "patient records", "interoperable open health standards"),
    ("Education Platforms", "learning management", "open courseware for rural schools"),
    ("Security Supply Chains", "package signing", "software bills of materials"),
    ("Funding Maintainers", "sovereign funds", "paying for critical infrastructure"),
    ("Local Languages", "speech corpora", "open models for minority languages"),
    ("Agriculture Tools", "crop sensors", "open hardware for smallholder farms"),
    ("Civic Technology", "participatory budgets", "open tools for city councils"),
    ("Research Software", "reproducible pipelines", "citation of research code"),
    ("Open Hardware", "fabrication labs", "certified open hardware designs"),
]


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def synthetic_post(i: int, *, seed: int = 2024, sessions_per_day: int = 3) -> str:
    """The markdown text of synthetic post number i (deterministic for a given seed)."""
    rng = random.Random(seed * 1_000 + i)
    event = f"Synthetic Summit {i:03d}"
    topics = rng.sample(_TOPICS, k=min(len(_TOPICS), 2 * sessions_per_day))
    out = [
        "---",
        f'title: "Summary of the {event} Conference"',
        f"date: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
        f'summary: "The {event} gathered maintainers and officials to discuss '
        f'{", ".join(t[0].lower() for t in topics[:3])}."',
        "tags:",
        "  - Open Source",
        f"  - {event}",
        "---",
        "",
        "## Introduction & Context",
        "",
        f"The {event} met for two days to ask how open source can serve the public. "
        f"Its agenda covered {', '.join(t[0].lower() for t in topics)}.",
        "",
    ]
    for day in (1, 2):
        out += [f"## Day {day}", ""]
        for topic, thing, goal in topics[(day - 1) * sessions_per_day : day * sessions_per_day]:
            speaker = _name(rng)
            panel = [_name(rng) for _ in range(rng.randint(2, 4))]
            out += [
                f"### {topic} Panel",
                "",
                f"#### Keynote by {speaker}",
                "",
                "**Main Points:**",
                "",
                f"- **{thing.capitalize()}:** {speaker} argued that {thing} at {event} need {goal}.",
                f"- **Community:** {speaker.split()[1]} asked funders to back those who maintain {thing}.",
                "",
                "#### Panel Discussion",
                "",
                f"**Panelists:** {', '.join(panel)}",
                "",
                "**Key Insights:**",
                "",
            ]
            for n, (label, who) in enumerate(
                [("Adoption", panel[0]), ("Sustainability", panel[1]), ("Policy", panel[-1])], start=1
            ):
                out += [
                    f"{n}. **{label}:**",
                    f"   - **{label} of {thing}:** {who} described how {thing} spread through {goal}.",
                    "",
                ]
            out += [f"**Conclusion:** The {topic.lower()} panel agreed that {goal} is the next step.", ""]
    out += ["## Summary", "", f"The {event} closed with a call for {topics[0][2]}.", ""]
    return "\n".join(out)


def write_corpus(folder: Path, n_posts: int, *, include_real: bool = True, seed: int = 2024) -> list[Path]:
    """Write n_posts posts into folder (the real post first when include_real); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    if include_real:
        for real in sorted((PROJECT_ROOT / "corpus").glob("*.md"))[:1]:
            paths.append(Path(shutil.copy(real, folder / real.name)))
    i = 0
    while len(paths) < n_posts:
        p = folder / f"synthetic-{i:03d}.md"
        p.write_text(synthetic_post(i, seed=seed), encoding="utf-8")
        paths.append(p)
        i += 1
    return paths


QUESTIONS = [
    "youth programs",
    "Who gave the keynote at the Open Source and AI panel?",
    "What was said about funding maintainers?",
    "open data portals and licences",
    "Which cities use open source?",
    "What did the panel say about digital public goods?",
    "software bills of materials",
    "What is Zendis?",
]


def measure(corpus: Path, index_dir: Path, *, repeats: int = 5) -> dict[str, float]:
    """Fresh index build time, chunk count, and warm retrieve / ask p50 (ms) on that corpus."""
    from assistant.api import Assistant

    settings = Settings.from_env().with_(corpus_dir=corpus, index_dir=index_dir, chroma_host="")
    bot = Assistant(settings=settings, backend="offline")
    t0 = time.perf_counter()
    report = bot.index()
    build = time.perf_counter() - t0
    from tools.bench import warm_latencies

    ret, ask = warm_latencies(bot, QUESTIONS, repeats)
    eng = bot._ready()
    return {
        "posts": len(eng.index.posts),
        "chunks": len(eng.index.chunks),
        "build_s": build,
        "embedded": report.embedded_chunks,
        "retrieve_p50_ms": 1000 * statistics.median(ret),
        "ask_p50_ms": 1000 * statistics.median(ask),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the scale benchmark: 1 post vs --posts posts."""
    ap = argparse.ArgumentParser(prog="python -m tools.scale", description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100, help="posts in the large corpus (default 100)")
    ap.add_argument("--repeats", type=int, default=5, help="passes over the question list (default 5)")
    args = ap.parse_args(argv)
    if not 1 <= args.posts <= 1000:
        ap.error("--posts must be between 1 and 1000")
    with tempfile.TemporaryDirectory(prefix="assistant-scale-") as tmp:
        rows = []
        for n in sorted({1, args.posts}):
            corpus = Path(tmp) / f"corpus-{n}"
            write_corpus(corpus, n)
            print(f"building a fresh index of {n} post(s)...", file=sys.stderr, flush=True)
            rows.append(measure(corpus, Path(tmp) / f"index-{n}", repeats=args.repeats))
    print(f"{'posts':>6} {'chunks':>7} {'build s':>8} {'retrieve p50 ms':>16} {'ask p50 ms':>11}")
    for r in rows:
        print(f"{r['posts']:>6} {r['chunks']:>7} {r['build_s']:>8.1f} {r['retrieve_p50_ms']:>16.1f} "
              f"{r['ask_p50_ms']:>11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
