"""scores.png of one set's report: scores against thresholds, and a question-kind heat map (matplotlib,
imported only here). Does not compute scores (report.py, metrics.py).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from evals.columns import KIND_COLUMNS, SHORT
from evals.metrics import METRICS


def plot(result: dict[str, Any], path: Path) -> None:
    """scores.png: rate metrics vs thresholds (assistant and baseline), and a kind x metric heat map."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [m for m in METRICS if m in result["scores"]]
    base = (result.get("baseline") or {}).get("scores", {})
    bounds = {r["metric"]: r for r in result["thresholds"]}
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(15, 6), gridspec_kw={"width_ratios": [1, 1.3]})
    y = list(range(len(names)))
    ax1.barh([i + 0.2 for i in y], [result["scores"][m]["score"] for m in names], 0.4, label="assistant")
    ax1.barh([i - 0.2 for i in y], [base.get(m, {}).get("score", 0) for m in names], 0.4, label="baseline")
    for i, m in enumerate(names):
        if m in bounds:
            ax1.plot([bounds[m]["bound"]] * 2, [i - 0.45, i + 0.45], "r-", lw=2)
    ax1.plot([], [], "r-", label="threshold (a maximum for false_refusal_rate)")
    ax1.set_yticks(y, names)
    ax1.invert_yaxis()
    ax1.set_xlim(0, 1.05)
    ax1.set_title("Scores by metric")
    ax1.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=3, fontsize=8)
    kinds = list(result["by_kind"])
    # In the heat map green is always good: lower-is-better rates are shown as 1 - rate.
    flip = {m: not METRICS[m][0] for m in KIND_COLUMNS}
    grid = [[_good(result["by_kind"][k].get(m, math.nan), flip[m]) for m in KIND_COLUMNS] for k in kinds]
    im = ax2.imshow(grid, vmin=0, vmax=1, cmap="RdYlGn", aspect="auto")
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            ax2.text(j, i, "" if math.isnan(v) else f"{v:.2f}", ha="center", va="center", fontsize=7)
    labels = [("1 - " if flip[m] else "") + SHORT[m] for m in KIND_COLUMNS]
    ax2.set_xticks(range(len(KIND_COLUMNS)), labels, rotation=30, ha="right")
    ax2.set_yticks(range(len(kinds)), [f"{k} ({result['by_kind'][k]['n']})" for k in kinds])
    ax2.set_title("Scores by question kind (green is good; blank: does not apply)")
    fig.colorbar(im, ax=ax2, fraction=0.03)
    fig.suptitle(f"{result['set']} - backend {result['backend']} - {'PASS' if result['passed'] else 'FAIL'}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _good(value: float, flip: bool) -> float:
    return 1 - value if flip and not math.isnan(value) else value
