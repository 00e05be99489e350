"""Fit the understanding pipeline's numbers on the `tune` split, and only there.

    python -m tools.calibrate            # prints the fitted numbers and the tune scores they give
    python -m tools.calibrate --write    # also writes them into intents.toml [scoring] and verify.toml

Two fits, each a small search over a few named numbers:
- **intent scoring** (intents.toml [scoring]): for every single-part tune question the answer is
  computed once under each of its five best intents (and under evidence extraction); a grid over
  the weights then picks, per question, the intent those weights rank first, and keeps the weights
  under which most questions get a useful answer (every must-include string, not refused; for an
  unanswerable question, refused).
- **answerability** (verify.toml): for the questions the extraction path answers, the best
  candidate's features and whether answering with it would be right; a logistic regression, then
  the threshold that makes the most right verdicts.
A developer tool: it reads the pipeline's internals and the tune split; the product never imports it,
and neither `check` nor the second post ever reaches it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from evals.metrics import fact_found

# The tune sets as `make eval` knows them (evals/questions.py): every tune half on the post, and the
# third, fictional post's tune-only questions. Read from the registry, so a set added there is fitted on.
TUNE_SET, THIRD_SET = "tune", "third"
MISS_WEIGHT = 0.25  # weight of (near-miss quote, "refuse") pairs in the answerability fit
GRID = {
    "lexical": (0.2, 0.35, 0.5, 0.75, 1.0, 1.5),
    "prefer": (0.0, 0.04, 0.08, 0.15, 0.25),
    "avoid": (0.04, 0.08, 0.15, 0.25, 0.4, 0.6, 0.9),
    "min_score": (0.0, 0.2, 0.3, 0.4, 0.5),
}


@dataclass
class Row:
    """One tune question: its intent score parts, and whether each intent's answer is useful."""

    id: str
    parts: dict[str, tuple[float, ...]]
    useful: dict[str, bool]


def useful(item: dict[str, Any], ans: Any) -> bool:
    """The `useful` metric for one answer (refusal for an unanswerable question)."""
    if not item["answerable"]:
        return bool(ans.refused)
    return not ans.refused and all(fact_found(ans.text, f) for f in item["must_include"])


def collect(bot: Any, items: list[dict[str, Any]]) -> tuple[list[Row], list[tuple[dict[str, float], bool, float]]]:
    """Intent rows (single-part questions) and (features, label) pairs of the extraction path."""
    from assistant.answering.intents import rank

    eng = bot._ready()
    pipe = eng.pipeline
    rows, pairs = [], []
    for it in items:
        q = pipe.understand(it["question"], it.get("history") or None)
        if len(q.parts) > 1 or q.context == "replay":
            continue
        m = q.mentions
        parts = pipe.intents.components(m.masked(), pipe.vectors.query(m.masked()), pipe.slots(m))
        passages = eng.search(q, None, bot.settings.top_k)  # what answering searches
        kinds = [k for k, _s in rank(parts, pipe.intents.scoring).ranked[:5]] + ["extract"]
        answers = {}
        for kind in dict.fromkeys(kinds):
            forced = replace(q, intent=replace(q.intent, kind=kind, score=9.0), parts=[])
            answers[kind] = useful(it, pipe.answer(forced, passages))
        rows.append(Row(it["id"], parts, answers))
        feats = pipe.extraction_features(q, passages)
        # Fitted where it decides: questions the extraction path answers, and every unanswerable one.
        routed = rank(parts, pipe.intents.scoring).kind in ("extract", "topic_sessions", "person_said")
        if feats is not None and (routed or not it["answerable"]):
            ans_text = feats.pop("_text")
            right = it["answerable"] and all(fact_found(ans_text, f) for f in it["must_include"])
            # An answerable question whose best quote misses still teaches "this quote does not answer",
            # at half weight: refusing it is no better for the user than quoting the near miss.
            pairs.append((feats, right, 1.0 if right or not it["answerable"] else MISS_WEIGHT))
    return rows, pairs


def _score(rows: list[Row], w: Any) -> int:
    from assistant.answering.intents import rank

    total = 0
    for r in rows:
        intent = rank(r.parts, w)
        kind = intent.kind if intent.score >= w.min_score else "extract"
        total += r.useful.get(kind, r.useful["extract"])
    return total


def fit_intents(rows: list[Row]) -> tuple[dict[str, float], dict[str, float], float]:
    """The grid point with the most useful answers, then per-intent biases by coordinate ascent
    (steps of 0.05 within ±0.3, kept only when they add a useful answer)."""
    from assistant.answering.intents import Scoring

    scores = {values: _score(rows, Scoring(**dict(zip(GRID, values, strict=True))))
              for values in itertools.product(*GRID.values())}
    top = max(scores.values())

    def robustness(values: tuple[float, ...]) -> float:  # mean score of the point and its grid neighbours
        near = [scores.get(values[:i] + (GRID[k][j],) + values[i + 1 :], 0)
                for i, k in enumerate(GRID) for j in (GRID[k].index(values[i]) - 1, GRID[k].index(values[i]) + 1)
                if 0 <= j < len(GRID[k])]
        return (scores[values] + sum(near)) / (1 + len(near))

    # Among the points within one answer of the best, the one whose neighbours score best: a flat
    # optimum, not a lucky corner that one more tune question would move.
    chosen = max((v for v, sc in scores.items() if sc >= top - 1), key=robustness)
    weights = dict(zip(GRID, chosen, strict=True))
    best = (scores[chosen], weights)
    kinds = sorted({k for r in rows for k in r.parts})
    bias = dict.fromkeys(kinds, 0.0)
    current = best[0]
    for _round in range(3):
        for k in kinds:
            for step in (0.05, -0.05):
                while abs(bias[k] + step) <= 0.3 + 1e-9:
                    trial = {**bias, k: round(bias[k] + step, 2)}
                    score = _score(rows, Scoring(**weights, bias=tuple(trial.items())))
                    if score <= current:
                        break
                    bias, current = trial, score
    return weights, {k: v for k, v in bias.items() if v}, current / max(1, len(rows))


def fit_verify(pairs: list[tuple[dict[str, float], bool, float]],
               l2: float = 0.01) -> tuple[dict[str, float], float, float, float]:
    """Logistic regression (features standardised while fitting, weights given back on the raw scale);
    (weights, bias, threshold, accuracy at that threshold)."""
    from assistant.answering.verify import FEATURES

    x = np.array([[f[k] for k in FEATURES] for f, _y, _w in pairs], dtype=np.float64)
    y = np.array([1.0 if lab else 0.0 for _f, lab, _w in pairs])
    sw = np.array([w for _f, _y, w in pairs])
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mu) / sd
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(20000):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= 0.1 * ((z.T @ (sw * (p - y))) / sw.sum() + l2 * w)
        b -= 0.1 * float(np.sum(sw * (p - y)) / sw.sum())
    raw_w = w / sd
    raw_b = b - float(np.sum(w * mu / sd))
    p = 1 / (1 + np.exp(-(x @ raw_w + raw_b)))
    thresholds = np.linspace(0.05, 0.95, 91)
    acc = [float(np.sum(sw * ((p >= t) == (y == 1))) / sw.sum()) for t in thresholds]
    i = int(np.argmax(acc))
    return dict(zip(FEATURES, (round(float(v), 3) for v in raw_w), strict=True)), round(raw_b, 3), round(
        float(thresholds[i]), 2), acc[i]


def write(intent_w: dict[str, float], bias: dict[str, float], verify: tuple[dict[str, float], float, float, float],
          n: tuple[int, int], only: str | None = None) -> None:
    """Put the fitted numbers into intents.toml [scoring.weights] / [scoring.bias] and verify.toml
    (only one of them when `only` names it)."""
    from assistant.answering.verify import VERIFY_FILE, calibration
    from assistant.answering.vocab import INTENTS_FILE

    if only != "verify":
        text = INTENTS_FILE.read_text(encoding="utf-8")
        block = "[scoring.weights]\n" + "".join(f"{k} = {v}\n" for k, v in intent_w.items())
        block += "\n[scoring.bias]\n" + "".join(f"{k} = {v}\n" for k, v in bias.items())
        rows = r"(?:[a-z_]+ = [-0-9.]+\n)"
        text = re.sub(rf"\[scoring\.weights\]\n{rows}+(?:\n\[scoring\.bias\]\n{rows}*)?", block, text)
        INTENTS_FILE.write_text(text, encoding="utf-8")
    if only == "intents":
        return
    weights, bias, threshold, acc = verify
    VERIFY_FILE.write_text(
        "# The answerability score of free-text evidence: p = sigmoid(bias + sum(weight * feature)).\n"
        "# Fitted by `python -m tools.calibrate --write` on the tune sets only (the `tune` and `third` sets\n"
        "# of evals/questions.py);\n"
        "# the `check` split and the second post never inform these numbers. Features are defined in\n"
        "# assistant/answering/evidence.py and verify.py.\n"
        f'fitted = "logistic regression on {n[1]} tune questions answered by extraction; verdict accuracy {acc:.2f}"\n'
        f"bias = {bias}\nthreshold = {threshold}\n"
        f"# partial answers (extract.py): chosen on tune + third by useful answers over 1.0 (off), 0.4, 0.25, 0.1\n"
        f"partly = {calibration().partly}\n\n[weights]\n" + "".join(f"{k} = {v}\n" for k, v in weights.items()),
        encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Fit on the tune split; print; write with --write."""
    ap = argparse.ArgumentParser(prog="tools.calibrate", description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write the fitted numbers into the data files")
    ap.add_argument("--only", choices=("intents", "verify"),
                    help="write only one of the two fits (the other file is left as it is)")
    args = ap.parse_args(argv)
    from assistant import Assistant
    from evals.questions import SETS

    bot = Assistant(backend="offline")
    rows, pairs = collect(bot, _items(SETS[TUNE_SET].files))
    # The third post (fictional, tune-only): numbers fitted on one post's questions alone bend to its words.
    with tempfile.TemporaryDirectory() as tmp:
        spec = SETS[THIRD_SET]
        settings = bot.settings.with_(corpus_dir=spec.corpus, index_dir=Path(tmp) / "index")
        rows3, pairs3 = collect(Assistant(settings=settings), _items(spec.files))
    rows, pairs = rows + rows3, pairs + pairs3
    intent_w, bias, intent_score = fit_intents(rows)
    verify = fit_verify(pairs) if pairs else ({}, 0.0, 0.5, 0.0)
    ceiling = sum(max(r.useful.values()) for r in rows) / max(1, len(rows))
    print(json.dumps({"intent_weights": intent_w, "intent_bias": bias, "intent_useful_on_tune": round(intent_score, 3),
                      "best_possible_by_intent_choice": round(ceiling, 3),
                      "single_part_questions": len(rows), "verify": verify[:3], "verify_accuracy": verify[3],
                      "extraction_questions": len(pairs)}, indent=1))
    if args.write:
        write(intent_w, bias, verify, (len(rows), len(pairs)), only=args.only)
    return 0


def _items(files: tuple[Path, ...]) -> list[dict[str, Any]]:
    return [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


if __name__ == "__main__":
    raise SystemExit(main())
