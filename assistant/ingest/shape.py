"""The shape of a conference-summary post, read from `shape.toml` (package data).

Owns what headings, labels and names *mean* (overview section roles, the day / keynote / panel
heading patterns, list labels, session kinds, role placeholders and honorifics in names; and, in
countries.txt, the country names a "which country" question needs; in regions.txt, the places larger
than a city that a "which city" question does not accept), so that
parsing and answering never carry one post's wording as string literals. Does not parse posts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import tomllib

SHAPE_FILE = Path(__file__).with_name("shape.toml")
COUNTRIES_FILE = Path(__file__).with_name("countries.txt")
REGIONS_FILE = Path(__file__).with_name("regions.txt")
ROLES = ("introduction", "summary", "action_items", "conclusion", "references")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip()


@dataclass(frozen=True)
class Shape:
    """The parsed shape description."""

    roles: dict[str, tuple[str, ...]]
    day: re.Pattern[str]
    keynote: re.Pattern[str]
    panel: re.Pattern[str]
    labels: dict[str, tuple[str, ...]]
    session_kinds: dict[str, tuple[str, ...]]
    role_words: frozenset[str]
    honorifics: frozenset[str]
    patterns: dict[str, str]

    def pattern(self, name: str) -> re.Pattern[str]:
        """A [patterns] regex (place | date | number), case-insensitive except place."""
        return re.compile(self.patterns[name], 0 if name == "place" else re.I)

    def overview_role(self, heading: str) -> str:
        """introduction | summary | action_items | conclusion | references | skip, or '' for an unknown section."""
        h = _fold(heading)
        for role, names in self.roles.items():
            if any(h.startswith(n) for n in names):
                return role
        return ""

    def is_label(self, label: str, kind: str) -> bool:
        """True when a bold label (e.g. 'Panelists') is of this kind (panelists | conclusion | generic)."""
        return _fold(label).rstrip(":") in self.labels.get(kind, ())

    def session_kind(self, title: str) -> str:
        """plenary | workshop | panel | keynote | session, from the title's words."""
        toks = set(re.findall(r"[a-z]+", _fold(title)))
        for kind, names in self.session_kinds.items():
            if toks & set(names):
                return kind
        return "session"

    def is_named_person(self, name: str) -> bool:
        """False for role placeholders such as 'UNICEF Representative'."""
        toks = re.findall(r"[a-z]+", _fold(name))
        return bool(toks) and not (self.role_words & set(toks))


@lru_cache(maxsize=1)
def regions() -> frozenset[str]:
    """Words of places larger than a city (regions.txt, package data): "East", "Africa", "Global South"."""
    lines = REGIONS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w for x in lines if x.strip() and not x.startswith("#") for w in x.split())


@lru_cache(maxsize=1)
def countries() -> re.Pattern[str]:
    """Country names (countries.txt, package data), as one case-sensitive whole-word pattern."""
    lines = COUNTRIES_FILE.read_text(encoding="utf-8").splitlines()
    names = sorted((x.strip() for x in lines if x.strip() and not x.startswith("#")), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


@lru_cache(maxsize=1)
def shape() -> Shape:
    """The shape description (read once)."""
    d = tomllib.loads(SHAPE_FILE.read_text(encoding="utf-8"))
    heads = d["headings"]
    return Shape(
        roles={k: tuple(_fold(n) for n in v) for k, v in d["overview_roles"].items()},
        day=re.compile(heads["day"], re.I),
        keynote=re.compile(heads["keynote"], re.I),
        panel=re.compile(heads["panel"], re.I),
        labels={k: tuple(_fold(n) for n in v) for k, v in d["labels"].items()},
        session_kinds={k: tuple(v) for k, v in d["session_kinds"].items()},
        role_words=frozenset(d["people"]["role_words"]),
        honorifics=frozenset(h.replace(".", "") if "." not in h else h for h in d["people"]["honorifics"])
        | frozenset(h.replace(".", "") for h in d["people"]["honorifics"]),
        patterns=dict(d["patterns"]),
    )
