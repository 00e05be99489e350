"""Stage 2a, Resolve: find what a question names — people, sessions, days, sections, items, numbers.

Works on the normalised English question and the Catalog of the posts. People are found by full
name, surname or first name (a name part that is also a common English word counts only when it
is written as a name or stands where a name stands), with small typos tolerated. Sessions are found
by their distinctive title words ("the globl south panel"), by a description ("the smart-city one",
matched against what each session says), or by programme order ("the last session", "the second
panel on day 1"). Also reads the answer type wanted (person, number, day, time, place), the topic
words left over, and unresolved references (pronouns, "that panel", "and on day 2?").
Does not choose the intent or look at the conversation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant.answering.catalog import Catalog, TitleKeys
from assistant.answering.describe import Describer, PeopleDescriber
from assistant.answering.vocab import Vocab
from assistant.ingest.shape import shape
from assistant.text import STOP, edit_distance, fold, stem

_LINKS = frozenset("on about for of the a an regarding around into in with at from inside within".split())
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


@dataclass(frozen=True)
class PersonRef:
    """A person the question names."""

    name: str
    how: str  # full | surname | first | fuzzy | context
    at: tuple[int, ...] = ()  # token positions


@dataclass(frozen=True)
class SessionRef:
    """A session the question refers to."""

    title: str
    source: str
    how: str  # exact | words | description | ordinal | context
    score: float
    at: tuple[int, ...] = ()
    marked: bool = False  # stands by a session noun ("the youth panel"), so it is a reference, not a topic
    excluded: bool = False  # "apart from the X panel"


@dataclass
class Mentions:
    """Everything stage 2a found in one question."""

    tokens: list[str]
    people: list[PersonRef] = field(default_factory=list)
    sessions: list[SessionRef] = field(default_factory=list)
    days: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    item: int = 0  # 1-based item ordinal, -1 = last, 0 = none
    numbers: list[int] = field(default_factory=list)
    answer_type: str = ""  # person | number | day | time | place | ""
    topic: list[str] = field(default_factory=list)  # content stems
    topic_words: list[str] = field(default_factory=list)
    references: set[str] = field(default_factory=set)  # person | group | session | thing | ellipsis | ordinal
    used: set[int] = field(default_factory=set)
    framing: int = 0  # tokens before this index are a preamble ("For my article: …"), not the topic
    counted: frozenset[str] = frozenset()
    excluded_people: list[str] = field(default_factory=list)  # "the other one, not Groh"
    dropped: set[int] = field(default_factory=set)  # "not counting the keynote speakers": not in the request
    day_at: list[tuple[int, ...]] = field(default_factory=list)  # token positions of each day mention
    topic_at: list[int] = field(default_factory=list)  # token positions of the topic words

    @property
    def named_sessions(self) -> list[SessionRef]:
        """Sessions named as sessions (by title words or description or order), not only as topic words."""
        return [s for s in self.sessions if s.marked or s.how in ("exact", "ordinal", "context", "description")]

    def masked(self) -> str:
        """The question with entities replaced by fixed fillers (and "not counting the keynote" left out),
        for intent scoring."""
        out: list[str] = []
        person_at = {i for p in self.people for i in p.at} | set(self.dropped)
        session_at = {i for s in self.sessions if s.marked or s.how == "exact" for i in s.at}
        for i, t in enumerate(self.tokens):
            if i in self.dropped:
                continue
            fill = "maria" if i in person_at else "alpha" if i in session_at else t
            if fill in ("maria", "alpha") and out and out[-1] == fill:
                continue
            out.append(fill)
        return " ".join(out)


def tokens_of(text: str) -> tuple[list[str], list[str]]:
    """(folded tokens, tokens as written); "'s" dropped, so "Kramer's" is "kramer"."""
    raw, folded = [], []
    for m in _TOKEN.finditer(text.replace("\u2019", "'")):
        t = m.group(0)
        if t.lower().endswith("'s"):
            t = t[:-2]
        for part in fold(t).split("-"):
            if part:
                folded.append(part)
                raw.append(t)
    return folded, raw


class Resolver:
    """Finds mentions against one Catalog."""

    def __init__(self, catalog: Catalog, vocab: Vocab, is_common: Callable[[str], bool] = lambda w: False,
                 near: Callable[[list[str], list[str]], dict[str, frozenset[str]]] | None = None,
                 describe: Describer | None = None, describe_person: PeopleDescriber | None = None) -> None:
        self.c = catalog
        self.v = vocab
        self.is_common = is_common
        self.near = near  # topic stems -> the posts' stems the embedding model puts near them
        self.describe = describe  # a descriptive phrase -> the one session it describes (describe.py)
        self.describe_person = describe_person  # "the development bank guy" -> the one person it fits

    def __call__(self, english: str, written: str = "") -> Mentions:
        """Stage 2a for one question (`written`: the user's text, for capitalisation cues)."""
        toks, raw = tokens_of(english)
        m = Mentions(tokens=toks, framing=_preamble(english, toks))
        self._days(m)
        self._items(m)
        m.people = self._people(toks, raw, written or english, m.used) or self._described_people(toks, m.used)
        for p in m.people:
            m.used.update(p.at)
        m.excluded_people = [p.name for p in m.people if p.at and min(p.at) > 0 and toks[min(p.at) - 1] in (
            "not", "except", "besides", "excluding")]
        m.people = [p for p in m.people if p.name not in m.excluded_people]
        m.sessions = self._sessions(toks, m)
        if not m.named_sessions and m.people:
            m.sessions += self._sessions_of(m)  # "the panel Demetris Cheatham was on"
        m.roles = self.v.roles_in(" ".join(toks))
        m.used.update(self.v.role_positions(toks))
        self._numbers(m)
        m.answer_type = self.v.answer_type(" ".join(toks))
        m.counted = self._counted(toks) if m.answer_type == "number" else frozenset()
        self._topic(m)
        if not m.named_sessions:
            m.sessions += self._described(m)
        m.references = self.v.references(toks, has_person=bool(m.people), has_session=bool(m.named_sessions))
        m.dropped = self._excluded_span(toks)
        return m

    # ---- days, items, numbers ---------------------------------------------------------------------
    def _days(self, m: Mentions) -> None:
        toks, nums = m.tokens, self.v.numbers
        last = self.c.days()[-1] if self.c.days() else ""
        for i, t in enumerate(toks):
            n, span = 0, ()
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            if t == "day" and (nxt.isdigit() or nxt in nums):
                n, span = int(nxt) if nxt.isdigit() else nums[nxt], (i, i + 1)
            elif re.fullmatch(r"day\d", t):
                n, span = int(t[3:]), (i,)
            elif t == "day" and i > 0 and self.v.ordinal(toks[i - 1]):
                n, span = self.v.ordinal(toks[i - 1]), (i - 1, i)
            if n:
                m.days.append(last if n < 0 else f"Day {n}")
                m.day_at.append(span)
                m.used.update(span)

    def _items(self, m: Mentions) -> None:
        toks = m.tokens
        for i, t in enumerate(toks):
            if i in m.used:
                continue
            nxt = toks[i + 1 : i + 3]
            if self.v.ordinal(t) and any(x in self.v.item_nouns for x in nxt):
                m.item = self.v.ordinal(t)
                m.used.add(i)
            elif t in self.v.item_nouns and i + 1 < len(toks) and toks[i + 1].isdigit():
                m.item = int(toks[i + 1])
                m.used.update((i + 1,))

    def _counted(self, toks: list[str]) -> frozenset[str]:
        """Stems of the first content word after 'how many' / 'number of' (any people word for "people")."""
        for i, t in enumerate(toks):
            if t in ("many", "number") or (t == "much" and i > 0 and toks[i - 1] == "how"):
                for w in toks[i + 1 : i + 5]:
                    if w not in STOP and w not in self.v.frame and not w.isdigit():
                        people = w in self.v.people_nouns
                        return frozenset(stem(p) for p in self.v.people_nouns) if people else frozenset({stem(w)})
        return frozenset()

    def _numbers(self, m: Mentions) -> None:
        for i, t in enumerate(m.tokens):
            if i not in m.used and (t.isdigit() or t in self.v.numbers) and not re.fullmatch(r"(19|20)\d\d", t):
                m.numbers.append(int(t) if t.isdigit() else self.v.numbers[t])

    # ---- people -------------------------------------------------------------------------------------
    def _people(self, toks: list[str], raw: list[str], written: str, used: set[int]) -> list[PersonRef]:
        hits: dict[str, PersonRef] = {}
        lower = written == written.lower()
        for name, keys in self.c.people.items():
            at = _find_seq(toks, keys.full)
            if at and len(keys.full) > 1:
                hits[name] = PersonRef(name, "full", at)
                continue
            for i, t in enumerate(toks):
                if i in used:
                    continue
                how = "surname" if t == keys.surname and len(t) > 3 else "first" if (
                    t == keys.first and len(t) > 2 and len(keys.full) > 1) else ""
                if how and t not in STOP and self._name_like(i, toks, raw, lower):
                    hits.setdefault(name, PersonRef(name, how, (i,)))
        if not hits:
            hits = self._fuzzy_people(toks, raw)
        return [self._extend(r, toks, used) for r in _drop_contained(list(hits.values()))]

    def _described_people(self, toks: list[str], used: set[int]) -> list[PersonRef]:
        """'the development bank guy and the foundation person', 'the minister': people by what they are."""
        if self.describe_person is None:
            return []
        out: list[PersonRef] = []
        for i, t in enumerate(toks):
            if i in used or not i or toks[i - 1] not in _DETERMINERS and not set(toks[max(0, i - 4) : i]) & {"the"}:
                continue
            start = max(j for j in range(max(0, i - 4), i) if toks[j] in _DETERMINERS | {"the"}) + 1
            span = [j for j in range(start, i) if j not in used and toks[j] not in STOP
                    and toks[j] not in self.v.session_nouns and toks[j] not in self.v.frame]
            if t in _PERSON_NOUNS and span:
                name = self.describe_person([stem(toks[j]) for j in span])
            elif toks[i - 1] == "the" and t not in STOP and t not in self.v.session_nouns and t not in self.v.frame \
                    and (toks[i + 1 : i + 2] and toks[i + 1] in self.v.person_context
                         or i == len(toks) - 1 and toks[0] in ("who", "whom")):
                name, span = self.describe_person([stem(t)], titles_only=True), []  # "what did the minister say"
            else:
                continue
            if name and name not in {r.name for r in out} and name not in self.c.unnamed:
                out.append(PersonRef(name, "description", tuple(span) + (i,)))
        return out

    def _extend(self, ref: PersonRef, toks: list[str], used: set[int]) -> PersonRef:
        """Take in the neighbouring misspelt parts of the same name ("amandeep sing gil")."""
        keys = self.c.people[ref.name].full
        at = set(ref.at)
        for i in (min(ref.at) - 1, max(ref.at) + 1, max(ref.at) + 2):
            if 0 <= i < len(toks) and i not in used and i not in at and len(toks[i]) >= 3 and any(
                    k.startswith(toks[i]) or edit_distance(toks[i], k, 1) <= 1 for k in keys):
                at.add(i)
        return replace(ref, at=tuple(sorted(at)))

    def _name_like(self, i: int, toks: list[str], raw: list[str], lower: bool) -> bool:
        """A name part that is also an everyday word ("black", "mark") counts only where a name stands."""
        t = toks[i]
        if not self.is_common(t):
            return True
        if raw[i][:1].isupper() and i > 0:
            return True
        near = set(toks[max(0, i - 1) : i]) | set(toks[i + 1 : i + 2])
        return lower and bool(near & self.v.person_context)

    def _fuzzy_people(self, toks: list[str], raw: list[str]) -> dict[str, PersonRef]:
        out: dict[str, PersonRef] = {}
        for name, keys in self.c.people.items():
            at = []
            for i, t in enumerate(toks):
                if len(t) < 4 or t in self.c.vocab or t in STOP:
                    continue
                for k in keys.full:
                    if len(k) >= 5 and k[0] == t[0] and edit_distance(t, k, 2) <= (1 if len(k) < 7 else 2):
                        at.append(i)
            if at and (len(at) > 1 or not self.is_common(toks[at[0]]) or raw[at[0]][:1].isupper()):
                out[name] = PersonRef(name, "fuzzy", tuple(at))
        return out

    # ---- sessions -----------------------------------------------------------------------------------
    def _sessions(self, toks: list[str], m: Mentions) -> list[SessionRef]:
        stems = [stem(t) if i not in m.used else "" for i, t in enumerate(toks)]
        for seq, acronym in self.c.aliases.items():  # "united nations" stands for a title's "UN"
            at = _find_seq(toks, seq)
            if at and not set(at) & m.used:
                stems[at[0]] = acronym
                for i in at[1:]:
                    stems[i] = ""
        text = f" {' '.join(toks)} "
        refs = []
        cand = [(i, st) for i, st in enumerate(stems) if st and st not in STOP and st not in self.v.frame
                and st not in self.v.session_nouns]
        for tk in self.c.titles:
            ref = self._title_ref(tk, toks, stems, text, {})
            if ref is not None:
                refs.append(ref)
        taken = {i for r in refs for i in r.at}
        cand = [(i, st) for i, st in cand if i not in taken]
        near = self.near([st for _i, st in cand], [toks[i] for i, _st in cand]) if self.near and cand else {}
        near_at = {i: near.get(st, frozenset()) for i, st in cand}
        if near_at:  # "the young people panel" for "Youth", on words no title uses as they are
            named = {r.title for r in refs}
            refs += [r for tk in self.c.titles if tk.session.title not in named
                     for r in [self._title_ref(tk, toks, ["" if i in taken else st for i, st in enumerate(stems)],
                                               text, near_at)] if r is not None]
        refs += self._ordinal(toks, m, titled={i for r in refs if r.marked for i in r.at})
        if not any(r.marked or r.how in ("exact", "ordinal") for r in refs):
            refs += self._kind(toks)
        if any(r.marked or r.how in ("exact", "ordinal", "kind") for r in refs):
            # Named as sessions ("the youth panel"), other title words are topics ("… on governments").
            refs = [r for r in refs if r.marked or r.how in ("exact", "ordinal", "kind")]
        refs.sort(key=lambda r: -r.score)
        seen: set[tuple[str, str]] = set()
        refs = [r for r in refs if (r.source, r.title) not in seen and not seen.add((r.source, r.title))]
        for r in refs:
            if r.marked or r.how in ("exact", "ordinal"):
                m.used.update(r.at)
        return refs

    def _title_ref(self, tk: TitleKeys, toks: list[str], stems: list[str], text: str,
                   near_at: dict[int, frozenset[str]]) -> SessionRef | None:
        s = tk.session
        if f" {tk.folded} " in text:
            at = _find_seq(toks, tuple(tk.folded.split()))
            return SessionRef(s.title, s.source, "exact", 3.0, at, True, self._excluded(toks, at))
        # "the opening panel" is not the "Open …" panel: an ordinal word counts only as the title writes it.
        at = tuple(i for i, st in enumerate(stems) if st in tk.distinctive
                   and (not self.v.ordinal(toks[i]) or toks[i] in tk.folded.split()))
        near: dict[int, str] = {}
        if not at and tk.distinctive:  # "the young people panel" for "Youth": only right before the noun
            near = {i: min(ws & set(tk.distinctive)) for i, ws in near_at.items() if ws & set(tk.distinctive)
                    and set(toks[i + 1 : i + 3]) & (self.v.session_nouns - {"one", "ones"})}
            at = tuple(near)
            if not at or not self._marked(toks, at):
                return None
        if not at or not tk.distinctive:
            return None
        found = {near.get(i, stems[i]) for i in at}
        weight = sum(tk.distinctive[st] for st in found) / sum(tk.distinctive.values())
        marked = self._marked(toks, at, tk.folded)
        if marked:  # only the words standing by the noun are the reference; the same word elsewhere is a topic
            at = tuple(i for i in at if self._marked(toks, (i,), tk.folded)) or at
        if all(len(toks[i]) <= 2 for i in at) and not marked:
            return None  # "UN", "AI" alone are topics, not a session's name
        unique = max(tk.distinctive[st] for st in found) >= max(tk.distinctive.values()) - 1e-9
        if weight >= 0.99 or (marked and (weight >= 0.5 or unique)):
            return SessionRef(s.title, s.source, "words", weight + marked, at, marked, self._excluded(toks, at))
        return None

    def _sessions_of(self, m: Mentions) -> list[SessionRef]:
        """The one session of each named person, when the question names a session by who was on it
        ("the panel X was on"), not when it asks which session that was ("which panel did X sit on")."""
        toks, nouns = m.tokens, self.v.session_nouns - {"one", "ones"}
        described = [i for i, t in enumerate(toks) if t in nouns and (i == 0 or toks[i - 1] not in ("which", "what"))
                     and any(p.at and min(p.at) > i for p in m.people)]
        if not described:
            return []
        out = []
        for p in m.people:
            own = [s for s in self.c.day_sessions() if p.name in s.speakers]
            if len(own) == 1:
                out.append(SessionRef(own[0].title, own[0].source, "person", 1.0, (), True))
        if out:
            m.people = []  # the person describes the session here; the question is about the session
        return out

    def _kind(self, toks: list[str]) -> list[SessionRef]:
        """'the two workshops', 'both plenaries': every session of a kind there are only a few of."""
        for kind in shape().session_kinds:
            plural = kind[:-1] + "ies" if kind.endswith("y") else kind + "s"
            same = [s for s in self.c.day_sessions() if s.kind == kind]
            if plural in toks and 2 <= len(same) <= 3:
                i = toks.index(plural)
                return [SessionRef(s.title, s.source, "kind", 1.5, (i,), True) for s in same]
            at = [i for i, t in enumerate(toks) if t == kind and set(toks[max(0, i - 3) : i]) & {"the", "that", "this"}]
            if at and len(same) == 1:  # "the workshop", when the programme has one
                return [SessionRef(same[0].title, same[0].source, "kind", 1.5, (at[0],), True)]
        return []

    def _marked(self, toks: list[str], at: tuple[int, ...], title: str = "") -> bool:
        # "the UN-internal open source panel": the title's own (non-noun) words may stand between.
        own = set(title.split()) - self.v.session_nouns
        after = [t for t in toks[max(at) + 1 : max(at) + 7] if t not in own][:3]
        nouns = self.v.session_nouns
        if any(t in nouns for t in after):
            return True
        # "the panel on/about X" (nothing but small words and the title's own between), not "the sessions discussed X"
        for j in range(min(at) - 1, max(-1, min(at) - 7), -1):
            if toks[j] in nouns and toks[j] != "one":
                return True
            if toks[j] not in _LINKS and toks[j] not in own and not _variant(toks[j], own):
                return False
        return False

    def _excluded_span(self, toks: list[str]) -> set[int]:
        """Positions of 'not counting the keynote speakers', 'except the keynote': an exclusion and its words."""
        text = " ".join(toks)
        for p in sorted(self.v.exclusion, key=len, reverse=True):
            if p == "not" or f" {p} " not in f" {text} ":
                continue
            start = len(f" {text} ".split(f" {p} ")[0].split())
            return set(range(start, min(len(toks), start + len(p.split()) + 3)))
        return set()

    def _excluded(self, toks: list[str], at: tuple[int, ...]) -> bool:
        before = " ".join(toks[max(0, min(at) - 5) : min(at)]) if at else ""
        return any(f" {p} " in f" {before} " for p in self.v.exclusion)

    def _ordinal(self, toks: list[str], m: Mentions, titled: set[int] = frozenset()) -> list[SessionRef]:
        """'the last session', 'the second panel on day 1', 'the first day-two panel', 'who spoke last'.

        Not a word a named title uses ("the closing panel" is the Closing Plenary, not the last of a day)."""
        out = []
        for i, t in enumerate(toks):
            if not self.v.ordinal(t) or i in m.used or i in titled:
                continue
            rest = [w for j, w in zip(range(i + 1, i + 5), toks[i + 1 : i + 5], strict=False) if j not in m.used]
            nxt, prev = rest[:1], toks[max(0, i - 1) : i]
            nouns = self.v.session_nouns - {"one", "ones"}
            if not (set(nxt) & (nouns | self.v.speak_verbs) or set(prev) & self.v.speak_verbs):
                continue
            if set(toks[i + 1 : i + 3]) & self.v.item_nouns:
                continue
            keynote = bool(set(rest[:2]) & {"keynote", "keynotes"})
            pool = [s for s in self.c.day_sessions(day=m.days[0] if m.days else "")
                    if not keynote or s.keynote_speakers]
            n = self.v.ordinal(t)
            if pool and abs(n) <= len(pool):
                s = pool[n - 1 if n > 0 else n]
                m.used.add(i)
                out.append(SessionRef(s.title, s.source, "ordinal", 2.0, (i,), True))
        return out

    def _described(self, m: Mentions) -> list[SessionRef]:
        """'the smart-city one', 'the panel about cities': the one session the description means (by
        meaning, describe.py), else the one session whose text has the topic."""
        if not (set(m.tokens) & self.v.session_nouns) or not m.topic:
            return []
        span = _description(m, self.v.session_nouns)
        found = self.describe(" ".join(m.tokens[i] for i in span), m.days[0] if m.days else "") \
            if span and self.describe else None
        if found is not None:  # the description's words name the session; they are not the question's topic
            keep = [j for j, at in enumerate(m.topic_at) if at not in span]
            m.topic, m.topic_words, m.topic_at = ([xs[j] for j in keep] for xs in (m.topic, m.topic_words, m.topic_at))
            m.used.update(span)
            return [SessionRef(found.title, found.source, "description", 1.0, tuple(span), True)]
        scores = []
        for s in self.c.day_sessions(day=m.days[0] if m.days else ""):
            stems = self.c.session_stems(s)
            total = sum(self.c.idf(t) for t in m.topic)
            scores.append((sum(self.c.idf(t) for t in m.topic if t in stems) / (total or 1), s))
        scores.sort(key=lambda x: -x[0])
        if scores and scores[0][0] >= 0.6 and (len(scores) < 2 or scores[0][0] - scores[1][0] >= 0.25):
            s = scores[0][1]
            words = " ".join(m.tokens[i] for i in span) if span else " ".join(m.topic_words)
            ranked = self.describe.scores(words, m.days[0] if m.days else "") if self.describe else []
            if ranked and ranked[0][1] is not s:  # the only session using the word, but another means it more
                return []
            return [SessionRef(s.title, s.source, "description", scores[0][0], (), True)]
        return []

    # ---- topic --------------------------------------------------------------------------------------
    def _topic(self, m: Mentions) -> None:
        form = self.v.type_positions(m.tokens, m.answer_type) if m.answer_type in ("place", "person") else set()
        for i, t in enumerate(m.tokens):
            if i in form or t.endswith("n't"):  # "which city": the kind of answer; "isn't": a negation
                continue
            if stem(t) in self.v.frame_stems:  # "named" as "name", "discusses" as "discuss"
                continue
            if i in m.used or t in STOP or t in self.v.frame or t in self.v.session_nouns or len(t) < 2 \
                    or t in self.v.several:
                continue
            if t.isdigit() or t in self.v.numbers or self.v.ordinal(t) or i < m.framing:
                continue
            m.topic.append(stem(t))
            m.topic_words.append(t)
            m.topic_at.append(i)


_LEADS = frozenset("that which was were is focused focusing dedicated devoted discussed discussing covered dealt "
                   "dealing with to looking at into".split())
_DETERMINERS = frozenset("the a that this".split())
_PERSON_NOUNS = frozenset("guy guys person woman man lady fellow gentleman speaker rep representative panelist "
                          "panellist".split())
_ABOUT = frozenset("on about regarding concerning covering around discussing".split())
_ENDS = frozenset("who whom whose what which when where why how did does do was were is are had has have and but "
                  "said say says talk talked spoke speak mention mentioned".split())


def _variant(tok: str, own: set[str]) -> bool:
    """'farmers' beside a title's 'Farm': a longer form of one of the title's words."""
    return len(tok) > 4 and any(len(w) >= 4 and tok.startswith(w) for w in own)


def _description(m: Mentions, nouns: frozenset[str]) -> list[int]:
    """Positions of the words describing a session: after "the panel (that was) about …" up to the next
    question word, or right before the noun ("the smart-city one"). Empty when the question has none."""
    toks = m.tokens
    for i, t in enumerate(toks):
        if t not in nouns or i in m.used or not set(toks[max(0, i - 3) : i]) & _DETERMINERS:
            continue  # "the panel about …", "a session on …"; not "talk about …"
        j, linked = i + 1, False
        while j < len(toks) and j - i <= 4 and (toks[j] in _LEADS or toks[j] in _ABOUT):
            linked = linked or toks[j] in _ABOUT
            j += 1
        span = []
        while linked and j < len(toks) and len(span) < 6 and toks[j] not in _ENDS and toks[j] not in nouns:
            if j not in m.used:
                span.append(j)
            j += 1
        if not span and t in ("one", "panel", "session", "talk", "discussion") and i >= 2:
            span = [j for j in range(max(0, i - 3), i) if j not in m.used and toks[j] not in STOP]
            if span and (toks[span[0] - 1] if span[0] else "") not in ("the", "that", "this"):
                span = []
        if any(toks[j] not in STOP for j in span):
            return span
    return []


def _preamble(text: str, toks: list[str]) -> int:
    """Tokens of a preamble before ':' or a dash ("For a piece on X: who …?"), when a question follows."""
    m = re.search(r"[:\u2014\u2013]|\s-\s", text)
    if not m:
        return 0
    before, _raw = tokens_of(text[: m.start()])
    after = toks[len(before) :]
    asks = {"who", "what", "which", "when", "where", "how", "why", "did", "does", "was", "were", "is", "are"}
    return len(before) if len(after) >= 3 and set(after) & asks else 0


def _find_seq(toks: list[str], seq: tuple[str, ...]) -> tuple[int, ...]:
    """Positions of `seq` in `toks` (ignoring one-letter tokens such as initials), or ()."""
    if not seq:
        return ()
    idx = [i for i, t in enumerate(toks) if len(t) > 1]
    flat = [toks[i] for i in idx]
    for j in range(len(flat) - len(seq) + 1):
        if tuple(flat[j : j + len(seq)]) == seq:
            return tuple(idx[j : j + len(seq)])
    return ()


def _drop_contained(refs: list[PersonRef]) -> list[PersonRef]:
    """A full-name hit hides partial hits inside it ("Mark Anthony Thomas" vs "Mark Pereira")."""
    full_at = {i for r in refs if r.how == "full" for i in r.at}
    return [r for r in refs if r.how == "full" or not set(r.at) & full_at]
