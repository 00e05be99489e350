"""Shared ground of the offline answerer: question-word lists, patterns and lookups over Knowledge.

Holds the constants (frame words, number/date/place patterns, thresholds) and AnswerBase (idf over
units, session and unit lookups, the topic words of a question). Decides nothing by itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from assistant.corpus import Session
from assistant.knowledge import Knowledge, Unit
from assistant.questions import Plan
from assistant.text import STOP, content_stems, stem, words

# Words that shape a question without naming its topic.
_FRAME = {stem(w) for w in """who what which when where why how whom whose did do does was were is are discuss discussed
    discussion mention mentioned talk talked speak spoke said say says highlight highlighted emphasize emphasized
    stress stressed point pointed address addressed cover covered raise raised share shared session sessions panel
    panels panelist panelists keynote keynotes speaker speakers conference post blog event main key takeaway
    takeaways important idea ideas topic topics theme themes summarize summarise summary overview recap tldr gist
    about anyone someone people person part role roles role also else other others again day days open source
    explain describe detail details give gave given present presented list name names tell according
    believe think view views opinion thought thoughts focus focused identify identified across appearance
    appearances actually actual come came up bring brought feature featured anything venue location held hold
    place took take really wait right correct true exactly precisely""".split()}
_PEOPLE_WORDS = {stem(w) for w in "people person member members participant participants young lineup line".split()}
COVER_MIN = 0.5  # share of the question's topic words (idf-weighted) a quoted sentence must contain
SIM_RESCUE = 0.7  # or: this cosine similarity with a quarter of the topic words (a paraphrase)
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}
_NUMBER = re.compile(r"\b(?:(?!(?:19|20)\d\d\b)\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"fifteen|twenty|"
                     r"hundred|hundreds|thousand|thousands|million|millions|dozens?)\b", re.I)
_PLACE = re.compile(r"\b(?:Headquarters|[A-Z][a-z]+ City|held (?:at|in) [A-Z]|in [A-Z][a-z]+(?: [A-Z][a-z]+)*,? "
                    r"(?:[A-Z][a-z]+)?)")
_DATE = re.compile(r"\b(?:(?:19|20)\d\d|january|february|march|april|may|june|july|august|september|october|"
                   r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


def _has(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


def _round_robin(units: list[Unit], n: int) -> list[Unit]:
    """Up to n units, taking one from each session in turn (so every appearance shows)."""
    groups: dict[str, list[Unit]] = {}
    for u in units:
        groups.setdefault(u.session, []).append(u)
    out: list[Unit] = []
    while len(out) < n and any(groups.values()):
        for g in groups.values():
            if g and len(out) < n:
                out.append(g.pop(0))
    order = {id(u): i for i, u in enumerate(units)}
    return sorted(out, key=lambda u: order[id(u)])


class AnswerBase:
    """Lookups shared by the answerer's handlers."""

    def __init__(self, knowledge: Knowledge, embedder: object | None = None) -> None:
        self.k = knowledge
        self.embedder = embedder
        self._vecs: dict[tuple[str, int], object] = {}
        self.last_debug: dict[str, float] = {}
        df: Counter[str] = Counter()
        for u in knowledge.units:
            df.update(u.stems)
        self.df = df
        self.vocab = {w.split("'")[0] for u in knowledge.units for w in words(u.text)} | STOP
        self.n_units = max(1, len(knowledge.units))

    def idf(self, s: str) -> float:
        """Inverse document frequency of a stem over units."""
        return math.log(1 + self.n_units / (1 + self.df.get(s, 0)))

    # ---- lookups --------------------------------------------------------------------------------
    def _sessions(self, plan: Plan) -> list[Session]:
        out = []
        for title in plan.sessions:
            for s in self.k.sessions:
                if s.title == title and s not in out:
                    out.append(s)
        return out

    def _day_sessions(self) -> list[Session]:
        return [s for s in self.k.sessions if s.day]

    def _panel_unit(self, s: Session) -> Unit:
        for u in self.k.units_of(s.title, s.source):
            if u.part_kind == "panelists" and not u.heading:
                return u
        return self.k.head(s)

    def _keynote_unit(self, s: Session) -> Unit | None:
        for u in self.k.units_of(s.title, s.source):
            if u.heading and u.text.lower().startswith("keynote"):
                return u
        return None

    @staticmethod
    def _names(names: list[str] | tuple[str, ...]) -> str:
        names = list(names)
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    # ---- handlers --------------------------------------------------------------------------------
    def _topic(self, f: str, plan: Plan) -> list[str]:
        stems = [s for s in content_stems(f) if s not in _FRAME and (len(s) > 3 or self.df.get(s, 0) > 0)]
        names = {w for n, _ in plan.people for w in content_stems(n)}
        return [s for s in stems if s not in names]

