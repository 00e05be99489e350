"""The LLM judge's own small client and prompts: `llm(prompt) -> reply` for the faithfulness metric.

Talks to any OpenAI-compatible server with the `openai` package, configured by the same variables
people already set for the assistant (OPENAI_BASE_URL, OPENAI_API_KEY, ASSISTANT_MODEL), and renders
its prompts from evals/prompts/*.txt strictly (a missing or unexpected variable is an error). Keeps
the evaluation independent of the assistant's internals: the judge is not the answerer's client.
Does not score anything (metrics.py and support.py do).
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Callable
from pathlib import Path

PROMPTS = Path(__file__).resolve().parent / "prompts"


class JudgeError(RuntimeError):
    """The judge cannot run; the message says what to set."""


def render(name: str, **values: str) -> str:
    """evals/prompts/NAME.txt with exactly its declared variables (`# vars: a, b` on the first line)."""
    text = (PROMPTS / f"{name}.txt").read_text(encoding="utf-8")
    m = re.match(r"#\s*vars:\s*(.*)\n", text)
    declared = {v.strip() for v in m.group(1).split(",") if v.strip()} if m else set()
    body = text[m.end():] if m else text
    used = {f for _t, f, _s, _c in string.Formatter().parse(body) if f}
    if declared != used or set(values) != used:
        raise JudgeError(f"judge prompt {name}: declares {sorted(declared)}, uses {sorted(used)}, "
                         f"given {sorted(values)}; make them match.")
    return body.format(**values)


def client(*, max_tokens: int = 1024, timeout: float = 120.0) -> Callable[[str], str]:
    """`llm(prompt) -> reply` against OPENAI_BASE_URL / OPENAI_API_KEY, model ASSISTANT_MODEL."""
    base_url = os.environ.get("OPENAI_BASE_URL", "").strip() or None
    key = os.environ.get("OPENAI_API_KEY", "").strip() or ("x" if base_url else "")
    if not key:
        raise JudgeError("--judge needs an LLM server: set OPENAI_BASE_URL (any OpenAI-compatible server) "
                         "or OPENAI_API_KEY.")
    from openai import OpenAI

    api = OpenAI(base_url=base_url, api_key=key, timeout=timeout, max_retries=1)
    model = os.environ.get("ASSISTANT_MODEL", "").strip() or "gpt-4o-mini"

    def llm(prompt: str) -> str:
        out = api.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}],
                                          temperature=0, max_tokens=max_tokens)
        return out.choices[0].message.content or ""

    return llm
