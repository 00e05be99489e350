"""Evaluation of the Conference Assistant: golden sets, scorers, the LangChain baseline, the report.

`python -m evals.runner` (make eval) and `assistant eval` run a golden set through the public API
and gate on evals/thresholds.toml; see evals/README.md for every metric's definition.
Modules: metrics (pure per-question scoring), support (offline support judge and LLM judge),
baseline (LangChain tutorial recipe), report (aggregation, files, plots), runner (CLI).
Nothing is loaded at import time.
"""
