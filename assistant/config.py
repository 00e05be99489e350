"""Settings: one frozen dataclass, and the only place that reads environment variables.

Does not validate network reachability or load anything; `Settings.from_env()` only reads
and checks the shape of values, raising ConfigError with the variable to fix.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A source checkout keeps its index and caches beside the code. An installed package (site-packages)
# reads the post it ships with (corpus/ beside assistant/) and keeps its index and caches in the
# user's cache folder: site-packages may be read-only and is no place for data.
CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file()
MAX_QUESTION_CHARS = 2000
MAX_BODY_BYTES = 64 * 1024  # a request body the web app reads at most (a question is <= 2,000 characters)
BACKENDS = ("offline", "openai")
REBUILD = ("auto", "never")


def _number(env: Mapping[str, str], name: str, default: float, lo: float, hi: float, kind: type = int) -> Any:
    """The variable as an int (or float) within [lo, hi]; ConfigError naming it otherwise."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{name}={raw!r} is not {what}; set it to one between {lo} and {hi}.") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name}={value} is out of range; set it to a number between {lo} and {hi}.")
    return value


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    return int(_number(env, name, default, lo, hi, int))


def _state_dir(env: Mapping[str, str]) -> Path:
    """Where the index and caches live by default: the checkout, or the user's cache folder."""
    if CHECKOUT:
        return PROJECT_ROOT
    xdg = env.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path(env.get("HOME") or Path.home()) / ".cache"
    return base / "conference-assistant"  # (a relative XDG_CACHE_HOME is ignored, as the XDG spec says)


def _float(env: Mapping[str, str], name: str, default: float, lo: float, hi: float) -> float:
    return float(_number(env, name, default, lo, hi, float))


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Build with `Settings.from_env()`; override with `.with_(...)`."""

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / ".index"
    cache_dir: Path = PROJECT_ROOT / ".cache"
    tiktoken_cache_dir: Path = PROJECT_ROOT / ".cache" / "tiktoken"
    chroma_host: str = ""  # set CHROMA_HOST to use a `chroma run` server instead of the embedded store
    chroma_port: int = 8000
    backend: str = "offline"
    openai_api_key: str = field(default="", repr=False)  # never printed
    openai_base_url: str = ""
    model: str = "gpt-4o-mini"
    llm_timeout: float = 30.0
    llm_retries: int = 2
    deadline: float = 20.0  # seconds for a whole LLM answer (retries and streaming); then offline
    store_deadline: float = 5.0  # seconds for one call to a Chroma server; then IndexError_
    rebuild: str = "auto"  # auto: a running app rebuilds or repairs a lost index itself | never: it reports it
    llm_max_tokens: int = 512  # reply length cap (sent as max_tokens too: llama.cpp ignores the newer name)
    guard_mode: str = "drop"  # drop | flag: what the citation guard does with unsupported sentences
    top_k: int = 4
    llm_top_k: int = 8  # passages the LLM backend is shown (the offline answer still reads top_k)
    ui_host: str = "127.0.0.1"
    ui_port: int = 7860
    ui_concurrency: int = 4
    max_question_chars: int = MAX_QUESTION_CHARS
    max_body_bytes: int = MAX_BODY_BYTES

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read every ASSISTANT_*, OPENAI_* and CHROMA_* variable once."""
        env = os.environ if env is None else env
        key = env.get("OPENAI_API_KEY", "").strip()
        base_url = env.get("OPENAI_BASE_URL", "").strip()
        backend = env.get("ASSISTANT_BACKEND", "").strip().lower()
        if not backend:
            backend = "openai" if (key or base_url) else "offline"
        if backend not in BACKENDS:
            raise ConfigError(f"ASSISTANT_BACKEND={backend!r} is not known; use one of: {', '.join(BACKENDS)}.")
        guard = env.get("ASSISTANT_GUARD", "drop").strip().lower() or "drop"
        if guard not in ("drop", "flag"):
            raise ConfigError(f"ASSISTANT_GUARD={guard!r} is not known; use 'drop' or 'flag'.")
        rebuild = env.get("ASSISTANT_REBUILD", "auto").strip().lower() or "auto"
        if rebuild not in REBUILD:
            raise ConfigError(f"ASSISTANT_REBUILD={rebuild!r} is not known; use 'auto' or 'never'.")
        d = cls()
        state = _state_dir(env)
        cache = Path(env.get("ASSISTANT_CACHE_DIR") or state / d.cache_dir.name)
        return cls(
            corpus_dir=Path(env.get("ASSISTANT_CORPUS_DIR") or d.corpus_dir),
            index_dir=Path(env.get("ASSISTANT_INDEX_DIR") or state / d.index_dir.name),
            cache_dir=cache,
            tiktoken_cache_dir=Path(env.get("TIKTOKEN_CACHE_DIR") or cache / "tiktoken"),
            chroma_host=env.get("CHROMA_HOST", "").strip(),
            chroma_port=_int(env, "CHROMA_PORT", 8000, 1, 65535),
            backend=backend,
            openai_api_key=key,
            openai_base_url=base_url,
            model=env.get("ASSISTANT_MODEL", "").strip() or d.model,
            llm_timeout=_float(env, "ASSISTANT_LLM_TIMEOUT", d.llm_timeout, 0.1, 600.0),
            llm_retries=_int(env, "ASSISTANT_LLM_RETRIES", d.llm_retries, 0, 10),
            deadline=_float(env, "ASSISTANT_DEADLINE", d.deadline, 1.0, 3600.0),
            store_deadline=_float(env, "ASSISTANT_STORE_DEADLINE", d.store_deadline, 0.5, 600.0),
            rebuild=rebuild,
            llm_max_tokens=_int(env, "ASSISTANT_LLM_MAX_TOKENS", d.llm_max_tokens, 16, 8192),
            guard_mode=guard,
            top_k=_int(env, "ASSISTANT_TOP_K", d.top_k, 1, 50),
            llm_top_k=_int(env, "ASSISTANT_LLM_TOP_K", d.llm_top_k, 1, 50),
            ui_host=env.get("ASSISTANT_HOST", "").strip() or d.ui_host,
            ui_port=_int(env, "ASSISTANT_PORT", d.ui_port, 1, 65535),
            ui_concurrency=_int(env, "ASSISTANT_CONCURRENCY", d.ui_concurrency, 1, 256),
            max_body_bytes=_int(env, "ASSISTANT_MAX_BODY_BYTES", d.max_body_bytes, 4096, 64 * 1024 * 1024),
        )

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]
