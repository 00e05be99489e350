"""What one sentence claims, read for checking: its people, sessions, days, numbers, roles and polarity.

`read(text)` turns a sentence into a `Meaning`: the people and sessions it names and the days it
refers to (through the offline pipeline's resolver when one is given, else people by name only),
the numbers it states (digits and number words, so "two-day" and "2 days" agree), whether it
attributes words to someone ("said", "stressed"), which roles it asserts (keynote, panelist), its
content stems (hyphens split, number words as digits) and its negations with the stems they govern.
Pure reading: does not decide support (guard.py) and knows nothing about citations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.ingest.knowledge import Knowledge
from assistant.text import STOP, fold, stem

NUMBER_WORDS = {w: i for i, w in enumerate("""zero one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "dozen": 12})
# Ordinals from "second" up ("the third action point"); "first" is an adverb too often to count.
ORDINALS = {w: i for i, w in enumerate("""_ _ second third fourth fifth sixth seventh eighth ninth tenth eleventh
    twelfth thirteenth fourteenth fifteenth""".split()) if i >= 2}
# "one" is a pronoun as often as a number ("one of the panelists"): only its digit counts.
_COUNTED_WORDS = {w: n for w, n in NUMBER_WORDS.items() if w not in ("zero", "one")}
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|neither|nor|cannot|without|avoid(?:s|ed|ing)?|"
                       r"reject(?:s|ed|ing)?|oppos(?:e|es|ed|ing)|against|refus(?:e|es|ed|ing)|"
                       r"prevent(?:s|ed|ing)?|ban(?:s|ned|ning)?|abandon(?:s|ed|ing)?)\b|n't\b", re.I)
# Phrases with a negation word that assert rather than deny ("not just users but also owners", "no-code").
_NOT_NEGATION = re.compile(r"\b(?:not (?:just|only|merely|simply)|no[- ]code|no longer than|without doubt)\b", re.I)
_SPEECH = re.compile(r"\b(?:said|says|say|stated|states|argued|argues|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|"
                     r"highlighted|highlights|noted|notes|pointed out|points out|urged|urges|called for|"
                     r"discussed|discusses|spoke|speaks|talked|talks|mentioned|mentions|shared|shares|explained|"
                     r"introduced|presented|described|believes|believed|suggested|suggests|warned|insisted|"
                     r"advocated|underscored|recommended|proposed|raised|addressed|focused|echoed)\b", re.I)
_KEYNOTE = re.compile(r"\bkeynot(?:e|es|ed|ing)\b|\bopening (?:talk|address|speech)\b", re.I)
_PANELIST = re.compile(r"\bpanel+ists?\b|\bsat on\b|\bpanel members?\b|\bmember of the panel\b|"
                       r"\bon the (?:\w+ ){0,6}panel\b(?! discussion)", re.I)
_DIGITS = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?![\w])")
_TOKEN = re.compile(r"[a-z0-9]+")
SCOPE = 4  # content stems after a negation that it governs


@dataclass(frozen=True)
class Meaning:
    """What a sentence asserts, as far as checking it needs."""

    text: str
    stems: frozenset[str]  # content stems; number words as digits, hyphenated words split
    words: tuple[tuple[str, str], ...]  # (stem, word) of each content word, for looking up near words
    names: frozenset[str]  # folded words written with a capital inside a clause (names of things and places)
    people: tuple[tuple[str, ...], ...]  # each person named, as the names it could be (a first name: several)
    sessions: frozenset[str]  # session titles it names as sessions
    days: frozenset[str]  # "Day 1", ...
    numbers: frozenset[int]
    roles: frozenset[str]  # keynote | panelist
    speech: bool  # attributes words to someone
    negations: tuple[frozenset[str], ...]  # per negation, the stems it governs

    @property
    def negated(self) -> bool:
        """The sentence denies something."""
        return bool(self.negations)


def normal(text: str) -> str:
    """Folded text with hyphens and slashes as spaces and number words as digits ("two-day" -> "2 day")."""
    t = re.sub(r"[-/–—]", " ", fold(text))
    return re.sub(r"\b(" + "|".join(_COUNTED_WORDS) + r")\b", lambda m: str(_COUNTED_WORDS[m.group(1)]), t)


def stems_of(text: str) -> list[str]:
    """Content stems of normalised text, in order (numbers kept, stop words dropped)."""
    return [stem(w) for w in _TOKEN.findall(normal(text)) if (w not in STOP and len(w) > 1) or w.isdigit()]


_MAGNITUDE = {"hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000, "million": 10**6,
              "millions": 10**6, "billion": 10**9, "billions": 10**9}


def numbers_in(text: str, *, ordinals: bool = False) -> set[int]:
    """Numbers a text states: digits ("1,850" too), number words from two up, "hundreds"/"thousands" as
    magnitudes (and ordinals, if asked)."""
    t = normal(text)
    t = re.sub(r"\b(?<!\d )(" + "|".join(_MAGNITUDE) + r")\b", lambda m: str(_MAGNITUDE[m.group(1)]), t)
    if ordinals:
        t = re.sub(r"\b(" + "|".join(ORDINALS) + r")\b", lambda m: str(ORDINALS[m.group(1)]), t)
        t = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", t)
    return {int(m.group(1).replace(",", "")) for m in _DIGITS.finditer(t)}


def negations(text: str, *, before: int = 0) -> tuple[frozenset[str], ...]:
    """For each real negation in a text, the content stems it governs: the next few (and `before` preceding)."""
    t = _NOT_NEGATION.sub(" ", text)
    out = []
    for m in _NEGATION.finditer(t):
        ahead = stems_of(t[m.end():])[:SCOPE]
        behind = stems_of(re.split(r"[,;:.]", t[:m.start()])[-1])[-before:] if before else []
        out.append(frozenset(ahead + behind))
    return tuple(out)


def capitalised(text: str) -> frozenset[str]:
    """Folded words that start with a capital letter and do not start a clause: names of people, things, places."""
    out: set[str] = set()
    for clause in re.split(r"[:;(\"“”]\s*|\s[-–—]\s|(?<=[.!?])\s+", text):
        for i, tok in enumerate(re.findall(r"[^\W\d_][\w’'-]*", clause)):
            if i > 0 and tok[:1].isupper():
                out.update(w for w in _TOKEN.findall(normal(tok.removesuffix("’s").removesuffix("'s")))
                           if w not in STOP)
    return frozenset(out)


class Reader:
    """Reads sentences against one Knowledge (and, when given, the offline pipeline's resolver)."""

    def __init__(self, knowledge: Knowledge, resolver: Callable[[str, str], Any] | None = None) -> None:
        self.k = knowledge
        self.resolver = resolver
        self._cache: dict[str, Meaning] = {}

    def read(self, text: str) -> Meaning:
        """The Meaning of one sentence (markers and markdown already removed)."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        people, sessions, days = self._entities(text)
        day_free = re.sub(r"\bday[\s-]*(?:\d+|one|two|three)\b|\b(?:first|second|third|final|last) day\b", " ",
                          text, flags=re.I)
        words = tuple(dict.fromkeys((stem(w), w) for w in _TOKEN.findall(normal(text))
                                    if w not in STOP and len(w) > 1 and not w.isdigit()))
        m = Meaning(
            text=text, stems=frozenset(stems_of(text)), words=words, names=capitalised(text),
            people=people, sessions=sessions, days=days, numbers=frozenset(numbers_in(day_free, ordinals=True)),
            roles=frozenset(r for r, p in (("keynote", _KEYNOTE), ("panelist", _PANELIST)) if p.search(text)),
            speech=bool(_SPEECH.search(text)), negations=negations(text),
        )
        if len(self._cache) < 4096:
            self._cache[text] = m
        return m

    def _entities(self, text: str) -> tuple[tuple[tuple[str, ...], ...], frozenset[str], frozenset[str]]:
        found: list[tuple[str, str]] = []
        sessions: set[str] = set()
        days: set[str] = set()
        if self.resolver is not None:
            m = self.resolver(text, text)
            found = [(p.name, p.how) for p in m.people]
            sessions = {s.title for s in m.sessions if not s.excluded and (
                s.how in ("exact", "ordinal") or (s.marked and _by_session_noun(m.tokens, s.at)))}
            days = set(m.days)
        else:
            found = self.k.find_people(text)
        groups: dict[str, list[str]] = {}
        for name, how in found:
            if how == "fuzzy":
                continue  # a generated sentence spells names as it read them; a near-miss is another word
            if how in ("surname", "first") and not _capitalised(text, name, how):
                continue  # "green energy" is not Jacob Green
            key = name.split()[0].lower() if how == "first" else name
            groups.setdefault(key, []).append(name)
        return tuple(tuple(v) for v in groups.values()), frozenset(sessions), frozenset(days)


_SESSION_NOUNS = frozenset("panel panels session sessions plenary keynote keynotes discussion talk".split())


def _by_session_noun(tokens: list[str], at: tuple[int, ...]) -> bool:
    """A session named by its words stands by a session noun ("the Global South panel", "the panel on cities"),
    so "community mapping projects" does not name the community panel, nor "engaging youth" the youth panel."""
    if not at:
        return False
    if max(at) + 1 < len(tokens) and tokens[max(at) + 1] in _SESSION_NOUNS:
        return True  # "the cities panel"
    before = tokens[max(0, min(at) - 3):min(at)]  # "the panel on cities", not "the plenary stressed engaging youth"
    return bool(_SESSION_NOUNS & set(before)) and bool({"on", "about", "of", "for"} & set(before))


def _capitalised(text: str, name: str, how: str) -> bool:
    """The surname (or first name) stands capitalised in the text, as a name does ("Green", not "green")."""
    part = fold(name.split()[-1] if how == "surname" else name.split()[0])
    folded = fold(text)
    if len(folded) != len(text):  # folding changed lengths (rare ligatures): do not second-guess the resolver
        return True
    return any(text[m.start()].isupper() for m in re.finditer(r"\b" + re.escape(part) + r"\b", folded))
