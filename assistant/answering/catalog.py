"""The posts' entities as the resolver sees them: people's name keys, sessions' title words, order.

Built once per Knowledge. For every named person: the folded name words (honorifics and initials
dropped), surname and first name. For every day session: its distinctive title stems (words that
are not shared by most titles of its post) with an idf weight, and its place in the programme
(per post, per day). For every overview section: its role (shape.toml). For a keynote by an unnamed
speaker ("UNICEF Representative"): the label's words, which name that session. For every post: the event its
title names ("OSPOs for Good"), which a question names as it would say "the conference". Does not read questions.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from assistant.ingest.corpus import Session
from assistant.ingest.knowledge import Knowledge
from assistant.ingest.shape import shape
from assistant.text import STOP, content_stems, is_year, stem, surname_parts, words

LINKS = frozenset({"for", "of", "and", "on", "in", "de", "du", "des"})  # inside an event's name


@dataclass(frozen=True)
class NameKeys:
    """How a person can be referred to."""

    name: str
    full: tuple[str, ...]  # folded words, honorifics and single-letter initials dropped
    surname: str
    first: str
    surnames: tuple[str, ...] = ()  # every word after the first ("Castañeda" of "Hernán Castañeda Ortiz")


@dataclass(frozen=True)
class TitleKeys:
    """How a session can be referred to."""

    session: Session
    folded: str  # the title as folded words joined by spaces
    distinctive: dict[str, float]  # title stem -> weight (idf among the post's titles)
    bare: str  # the folded title without the kind words it ends with ("open source at the un"), or ""


def honorifics() -> frozenset[str]:
    """The honorifics of shape.toml as folded words ("dr", "he" for "H.E.")."""
    return frozenset(h.replace(".", "") for h in shape().honorifics)


def name_keys(name: str) -> NameKeys:
    """Full/surname/first keys of a name, as folded words."""
    toks = words(name)
    honor = honorifics()
    while toks and (toks[0] in honor or (len(toks[0]) == 1 and len(toks) > 2)):
        toks = toks[1:]
    if len(toks) > 2 and toks[0] == "h" and toks[1] == "e":
        toks = toks[2:]
    full = tuple(t for t in toks if len(t) > 1)
    return NameKeys(name=name, full=full, surname=full[-1] if full else "", first=full[0] if full else "",
                    surnames=tuple(surname_parts(full)))


def event_name(title: str) -> tuple[str, ...]:
    """The event a post's title names, as folded words: the capitalised run (short linking words
    allowed inside) that ends before the title's year or at its end. "Recap of the Open Harvest Summit
    2026" -> ("open", "harvest", "summit"); "Summary of the OSPOs for Good 2024 Conference" -> ("ospos",
    "for", "good"). () when the title has no such run of two or more words."""
    toks = re.findall(r"[^\W_]+(?:['’][^\W_]+)*", title)
    years = [i for i, t in enumerate(toks) if is_year(t)]
    end = years[0] if years else len(toks)
    start = end
    while start > 0 and (toks[start - 1][:1].isupper() or (toks[start - 1] in LINKS and start < end)):
        start -= 1
    while start < end and toks[start] in LINKS:
        start += 1
    run = tuple(w for t in toks[start:end] for w in words(t))
    return run if len(run) >= 2 else ()


class Titled(Protocol):
    """A session by its post and title: a Session, or a question's SessionRef to one."""

    source: str
    title: str



def label_words(label: str) -> list[str]:
    """The words of an unnamed speaker's label without its role word: "UNICEF Representative" -> ["unicef"]."""
    return [w for w in words(label) if w not in shape().role_words]

class Catalog:
    """People, sessions and overview sections of the posts in one Knowledge."""

    def __init__(self, knowledge: Knowledge, session_nouns: frozenset[str]) -> None:
        self.knowledge = knowledge
        self.people = {n: name_keys(n) for n in knowledge.people if shape().is_named_person(n)}
        self.unnamed = [n for n in knowledge.people if not shape().is_named_person(n)]
        self.titles: list[TitleKeys] = []
        for post in knowledge.posts:
            day_sessions = [s for s in post.sessions if s.day]
            df = Counter(st for s in day_sessions for st in set(content_stems(s.title)))
            n = max(1, len(day_sessions))
            for s in day_sessions:
                stems = [st for st in content_stems(s.title) if st not in session_nouns and st not in STOP]
                common = {st for st in stems if df[st] > max(1, n // 4)}
                weights = {st: math.log(1 + n / df[st]) for st in stems if st not in common}
                folded = words(s.title)
                bare = list(folded)
                while bare and bare[-1] in session_nouns:
                    bare.pop()
                self.titles.append(TitleKeys(s, " ".join(folded), weights,
                                             " ".join(bare) if 3 <= len(bare) < len(folded) else ""))
        self.aliases = self._acronyms()
        self.event_names = {n for post in knowledge.posts if (n := event_name(post.title))}
        self.speaker_labels = self._speaker_labels()
        self.stems = {st for u in knowledge.units for st in u.stems}
        self._session_stems: dict[tuple[str, str], set[str]] = {}
        for u in knowledge.units:
            self._session_stems.setdefault((u.source, u.session), set()).update(u.stems)
        n_units = max(1, len(knowledge.units))
        self._idf = {st: math.log(1 + n_units / (1 + c)) for st, c in knowledge.stem_df.items()}
        self._idf_unknown = math.log(1 + n_units)
        self.vocab = {w for u in knowledge.units for w in words(u.text)} | {
            w for s in knowledge.sessions for w in words(s.title)}
        self._names = sorted({w.lower() for u in knowledge.units  # (capitalised inside a sentence: a name)
                              for w in re.findall(r"(?<=[a-z,;:] )[A-Z][a-z]{4,}", u.text)})

    def _acronyms(self) -> dict[tuple[str, ...], str]:
        """Spelled-out forms the posts give for an acronym in a title: ("united", "nations") -> "un".

        A form defined as "artificial intelligence (AI)" always counts; otherwise the most frequent
        capitalised word sequence with those initials ("United Nations") does.
        """
        out: dict[tuple[str, ...], str] = {}
        for tk in self.titles:
            for word in re.findall(r"\b[A-Z]{2,5}\b", tk.session.title):
                caps = r"\b" + r"\s+".join(rf"{c}[a-z]+" for c in word) + r"\b"
                defined = r"\b" + r"\s+".join(rf"{c}[a-z]+" for c in word) + rf"\s*\({word}\)"
                seen: Counter[tuple[str, ...]] = Counter()
                found = False
                for post in self.knowledge.posts:
                    for m in re.finditer(defined, post.text, re.I):
                        out[tuple(words(m.group(0)))[: len(word)]] = stem(word.lower())
                        found = True
                    seen.update(tuple(words(m.group(0))) for m in re.finditer(caps, post.text))
                if seen and not found:
                    out.setdefault(seen.most_common(1)[0][0], stem(word.lower()))
        return out

    def _speaker_labels(self) -> dict[tuple[str, ...], Session]:
        """An unnamed keynote speaker's label without its role word, as a way to name the one session
        they spoke at: ("unicef",) -> the session whose keynote was by "UNICEF Representative"."""
        found: dict[tuple[str, ...], list[Session]] = {}
        for s in self.knowledge.sessions:
            for label in s.keynote_speakers:
                if label in self.unnamed:
                    seq = tuple(label_words(label))
                    if seq:
                        found.setdefault(seq, []).append(s)
        return {seq: ss[0] for seq, ss in found.items() if len(ss) == 1}

    def day_sessions(self, source: str | None = None, day: str = "") -> list[Session]:
        """Day sessions in programme order (of one post, of one day)."""
        return [s for s in self.knowledge.sessions if s.day and (source is None or s.source == source)
                and (not day or s.day == day)]

    def beside(self, s: Titled, step: int) -> Session | None:
        """The day session `step` places after s (a Session, or a SessionRef to one) in its post's programme
        (across days; -1: the one before), or None when there is none on that side."""
        order = self.day_sessions(s.source)
        i = next((j for j, o in enumerate(order) if o.title == s.title), None)
        return order[i + step] if i is not None and 0 <= i + step < len(order) else None

    def days(self, source: str | None = None) -> list[str]:
        """'Day 1', 'Day 2', ... in order."""
        seen = dict.fromkeys(s.day for s in self.day_sessions(source))
        return sorted(seen, key=lambda d: int(d.split()[-1]) if d.split()[-1].isdigit() else 0)

    def section(self, role: str, source: str | None = None) -> list[Session]:
        """Overview sections with this role (introduction | summary | action_items | conclusion | references)."""
        return [s for s in self.knowledge.sessions if s.role == role and (source is None or s.source == source)]

    def session_stems(self, s: Session) -> set[str]:
        """Every stem the session's text and title use."""
        return self._session_stems.get((s.source, s.title), set()) | set(content_stems(s.title))

    def idf(self, st: str) -> float:
        """Inverse document frequency of a stem over the posts' sentences (unknown stems weigh most)."""
        return self._idf.get(st, self._idf_unknown)

    def df(self, st: str) -> bool:
        """True when some sentence of the posts uses the stem."""
        return st in self._idf

    def uses(self, word: str) -> bool:
        """Whether some post writes the (folded) word, as it is or by its stem."""
        return word in self.vocab or self.df(stem(word))

    def name_form(self, word: str) -> bool:
        """Whether a word is a form of a name the posts use: "African" of "Africa", "Kenyan" of "Kenya",
        "German" of "Germany" (a name of 5 letters or more, less its last letter, begins the word, which adds
        at most 3 letters)."""
        w = word.lower()
        i = bisect.bisect_left(self._names, w[:3])
        for n in itertools.takewhile(lambda n: n[:3] == w[:3], self._names[i:]):
            if w.startswith(n[:-1]) and len(n) - 1 <= len(w) <= len(n) + 3:
                return True
        return False

    def session_words(self, title: str) -> set[str]:
        """Stems of a session title (for removing them from a topic)."""
        return set(content_stems(title))
