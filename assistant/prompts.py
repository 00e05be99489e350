"""Prompts and answer templates as files, rendered strictly.

Prompt files live in the project's `prompts/` folder (a wheel installs it beside `assistant/`, so an
installed copy finds them the same way): `NAME.txt` for LLM prompts (the first
lines `# vars: a, b` name the variables), `offline/LANG.toml` for the offline answerer's
sentence templates per language. Rendering fails with AssistantError naming any missing or
unexpected variable. Does not call models or decide what to say.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

import tomllib

from assistant.config import PROJECT_ROOT
from assistant.errors import AssistantError

PROMPTS_DIR = PROJECT_ROOT / "prompts"  # the source tree's prompts/, or the copy a wheel installs beside assistant/
_FIELD = string.Formatter()


def _fields(template: str) -> set[str]:
    return {f for _t, f, _s, _c in _FIELD.parse(template) if f}


def render(template: str, label: str, /, **values: object) -> str:
    """Fill `{var}` fields; every field must be given and every value used."""
    need = _fields(template)
    missing = sorted(need - set(values))
    extra = sorted(set(values) - need)
    if missing or extra:
        raise AssistantError(
            f"Prompt {label!r}: missing variables {missing} / unexpected variables {extra}; "
            f"fix the call or the file under {PROMPTS_DIR}."
        )
    return template.format(**values)


@lru_cache(maxsize=32)
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> tuple[str, tuple[str, ...]]:
    """(template, declared variables) of prompts/NAME.txt; the header must match the fields used."""
    path = directory / f"{name}.txt"
    if not path.is_file():
        raise AssistantError(f"Prompt file {path} is missing; restore it from the repository.")
    text = path.read_text(encoding="utf-8")
    declared: tuple[str, ...] = ()
    m = re.match(r"#\s*vars:\s*(.*)\n", text)
    if m:
        declared = tuple(v.strip() for v in m.group(1).split(",") if v.strip())
        text = text[m.end() :]
    if set(declared) != _fields(text):
        raise AssistantError(
            f"Prompt file {path}: header declares {sorted(declared)} but uses {sorted(_fields(text))}; make them match."
        )
    return text, declared


def prompt(name: str, **values: object) -> str:
    """Render prompts/NAME.txt with exactly its declared variables."""
    template, _ = load_prompt(name)
    return render(template, name, **values)


@lru_cache(maxsize=8)
def templates(lang: str, directory: Path = PROMPTS_DIR / "offline") -> dict[str, str]:
    """The offline answerer's sentence templates for a language (falls back to English per key)."""
    base = tomllib.loads((directory / "en.toml").read_text(encoding="utf-8"))
    path = directory / f"{lang}.toml"
    if lang != "en" and path.is_file():
        base = {**base, **tomllib.loads(path.read_text(encoding="utf-8"))}
    return base


def say(lang: str, key: str, **values: object) -> str:
    """One offline template, rendered strictly."""
    t = templates(lang)
    if key not in t:
        raise AssistantError(f"No offline template {key!r}; add it to prompts/offline/en.toml.")
    terms = t.get("terms", {})  # English words put into a sentence ("action points"), in this language
    if isinstance(terms, dict) and terms:
        values = {k: terms.get(v, v) if isinstance(v, str) else v for k, v in values.items()}
    return render(t[key], f"offline/{lang}:{key}", **values)
