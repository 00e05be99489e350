"""Aggregating per-question checks into scores, comparing them with thresholds, and writing the report.

Writes evals/report/ (or --report-dir): report.json (every question with its answer, citations and
each check's verdict and reason), summary.md (the tables), scores.png (matplotlib, Agg backend), and
a .gitignore so the folder is never committed. Prints the console tables. Does not run the assistant.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import Answer
from evals.columns import KIND_COLUMNS, SHORT
from evals.metrics import METRICS, Check, GoldenItem, percentile
from evals.plot import plot


@dataclass
class Record:
    """One question's run: the answer (or the error), what was retrieved, how long it took, its checks."""

    item: GoldenItem
    answer: Answer
    retrieved: list[str] | None
    latency_s: float
    error: str = ""
    checks: list[Check] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        it = self.item
        return {
            "id": it.id,
            "kind": it.kind,
            "question": it.question,
            "history": list(it.history),
            "answerable": it.answerable,
            "sessions": list(it.sessions),
            "key_facts": list(it.key_facts),
            "answer": self.answer.to_dict(),
            "retrieved": self.retrieved,
            "latency_s": round(self.latency_s, 4),
            "error": self.error,
            "checks": {c.metric: c.to_dict() for c in self.checks},
        }


def aggregate(records: Sequence[Record]) -> dict[str, dict[str, float]]:
    """Per metric: score = sum(num) / sum(den) over the records where it applies."""
    num: dict[str, float] = defaultdict(float)
    den: dict[str, float] = defaultdict(float)
    items: Counter[str] = Counter()
    for r in records:
        for c in r.checks:
            if c.den:
                num[c.metric] += c.num
                den[c.metric] += c.den
                items[c.metric] += 1
    return {
        m: {"score": num[m] / den[m], "num": num[m], "den": den[m], "items": items[m]}
        for m in METRICS
        if den.get(m)
    }


def by_kind(records: Sequence[Record]) -> dict[str, dict[str, Any]]:
    """The same scores restricted to each question kind, plus the count of questions."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        groups[r.item.kind].append(r)
    return {
        k: {"n": len(rs), **{m: v["score"] for m, v in aggregate(rs).items()}}
        for k, rs in sorted(groups.items())
    }


def stats(records: Sequence[Record]) -> dict[str, Any]:
    """Latency (and time to first token) percentiles, errors, fallback notices and guard totals."""
    lat = [r.latency_s for r in records if not r.error]
    ttft = [float(r.answer.timings["first_token"]) for r in records if "first_token" in r.answer.timings]
    guard: Counter[str] = Counter()
    for r in records:
        for key, value in r.answer.guard.items():
            if isinstance(value, bool | int | float):
                guard[key] += value
            elif isinstance(value, list | tuple | dict):
                guard[key] += len(value)
    out: dict[str, Any] = {
        "questions": len(records),
        "errors": sum(bool(r.error) for r in records),
        "notices": sum(bool(r.answer.notice) for r in records),
        "latency_p50_s": percentile(lat, 50),
        "latency_p95_s": percentile(lat, 95),
        "guard": dict(guard),
    }
    if ttft:
        out["first_token_p50_s"] = percentile(ttft, 50)
        out["first_token_p95_s"] = percentile(ttft, 95)
    return out


def compare(
    scores: dict[str, dict[str, float]], st: dict[str, Any], thresholds: dict[str, dict[str, float]]
) -> list[dict[str, Any]]:
    """One row per threshold: the score, the bound, and ok (None when the metric did not apply).

    Rows with op "target" are goals reported beside the gate, never gating (a set's gate is the level it
    must not fall below; its target is where the work is heading)."""
    rows = []
    for op, bounds in (("min", thresholds.get("min", {})), ("max", thresholds.get("max", {})),
                       ("target", thresholds.get("target", {}))):
        for metric, bound in bounds.items():
            value = scores[metric]["score"] if metric in scores else st.get(metric)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                ok = None
            else:
                ok = value <= bound if op == "max" else value >= bound
            rows.append({"metric": metric, "op": op, "bound": bound, "score": value, "ok": ok})
    return rows


def _fmt(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    return f"{v:.2f}" if isinstance(v, float) else str(v)


def tables(result: dict[str, Any]) -> tuple[list[list[str]], list[list[str]]]:
    """(overall rows, per-kind rows) with headers, as strings; shared by console and summary.md."""
    base = (result.get("baseline") or {}).get("scores", {})
    bounds = {r["metric"]: r for r in result["thresholds"] if r["op"] != "target"}
    targets = {r["metric"]: r for r in result["thresholds"] if r["op"] == "target"}
    overall = [["metric", "assistant", "baseline", "threshold", "status", "target", "n"]]
    names = [*METRICS, "latency_p50_s", "latency_p95_s", "first_token_p50_s", "first_token_p95_s", "errors"]
    for m in names:
        s = result["scores"].get(m, {}).get("score", result["stats"].get(m))
        if s is None and m not in bounds and m not in targets:
            continue
        b = base.get(m, {}).get("score", (result.get("baseline") or {}).get("stats", {}).get(m))
        t = bounds.get(m)
        thr = f"{'>=' if t['op'] == 'min' else '<='} {t['bound']:g}" if t else ""
        status = "" if not t else {True: "ok", False: "FAIL", None: "skipped"}[t["ok"]]
        g = targets.get(m)
        goal = "" if not g else f">= {g['bound']:g} ({ {True: 'met', False: 'not met', None: 'n/a'}[g['ok']] })"
        n = result["scores"].get(m, {}).get("den", "")
        overall.append([m, _fmt(s), _fmt(b), thr, status, goal, f"{n:g}" if n != "" else ""])
    kinds = [["kind", "n", *(SHORT[m] for m in KIND_COLUMNS)]]
    for kind, row in result["by_kind"].items():
        kinds.append([kind, str(row["n"]), *(_fmt(row.get(m)) for m in KIND_COLUMNS)])
    return overall, kinds


SIDE_BY_SIDE = ("useful", "key_fact_accuracy", "false_refusal_rate", "refusal_accuracy", "citation_precision",
                "citation_validity", "grounding", "hit_at_k", "latency_p50_s", "latency_p95_s", "history_stability")


def side_by_side(results: Sequence[dict[str, Any]]) -> list[list[str]]:
    """One row per headline metric, one column per set (tune and check next to each other)."""
    rows = [["metric", *(f"{r['set']} ({r['stats']['questions']})" for r in results)]]
    for m in SIDE_BY_SIDE:
        vals = [r["scores"].get(m, {}).get("score", r["stats"].get(m)) for r in results]
        if any(v is not None for v in vals):
            rows.append([m, *(_fmt(v) for v in vals)])
    return rows


def write_overview(report_dir: Path, results: Sequence[dict[str, Any]]) -> None:
    """report_dir/summary.md: the side-by-side table and each set's verdict (details in each set's folder)."""
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / ".gitignore").write_text("# generated by evals.runner\n*\n", encoding="utf-8")
    lines = ["# Evaluation overview", "", md_table(side_by_side(results)), ""]
    for r in results:
        verdict = "PASS" if r["passed"] else "FAIL"
        lines.append(f"- `{r['set']}` ({r['section']}): **{verdict}** — see `{r['set']}/summary.md`")
    (report_dir / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def text_table(rows: list[list[str]]) -> str:
    """Fixed-width console table."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def md_table(rows: list[list[str]]) -> str:
    """Markdown table."""
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out)


def summary_md(result: dict[str, Any], records: Sequence[Record]) -> str:
    """The readable report: verdict, score tables, stats, and every failed check with its reason."""
    overall, kinds = tables(result)
    st = result["stats"]
    head = [
        "# Evaluation report",
        "",
        f"- set: `{result['set']}` ({st['questions']} questions), backend: `{result['backend']}`, "
        f"thresholds: `[{result['section']}]`, k = {result['k']}, created {result['created']}",
        f"- verdict: **{'PASS' if result['passed'] else 'FAIL'}**",
        f"- guard totals: {st['guard'] or 'none'}; fallback notices: {st['notices']}; errors: {st['errors']}",
        "",
        "## Scores",
        "",
        md_table(overall),
        "",
        "## By question kind",
        "",
        md_table(kinds),
        "",
        "## Failed checks",
        "",
    ]
    fails = []
    for r in records:
        bad = [c for c in r.checks if c.verdict == "fail"]
        if bad or r.error:
            fails.append(f"- **{r.item.id}** ({r.item.kind}) {r.item.question[:90]!r}")
            fails += [f"  - error: {r.error}"] if r.error else []
            fails += [f"  - {c.metric}: {c.reason[:300]}" for c in bad]
    return "\n".join(head + (fails or ["none"])) + "\n"


def write(report_dir: Path, result: dict[str, Any], records: Sequence[Record]) -> None:
    """Write report.json, summary.md, scores.png and a .gitignore into report_dir."""
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / ".gitignore").write_text("# generated by evals.runner\n*\n", encoding="utf-8")
    payload = {**result, "questions": [r.to_dict() for r in records]}
    text = json.dumps(_finite(payload), ensure_ascii=False, indent=1, default=str)
    (report_dir / "report.json").write_text(text + "\n", encoding="utf-8")
    (report_dir / "summary.md").write_text(summary_md(result, records), encoding="utf-8")
    plot(result, report_dir / "scores.png")


def _finite(value: Any) -> Any:
    """NaN (a metric with no data) becomes null: json.dumps would write the invalid token NaN."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
