"""Stage 2a, sessions: which sessions a question names — by title, whole or without its kind noun, or
by distinctive title words ("the globl south panel"), by description ("the panel about open source in
developing regions", by meaning: describe.py), by kind ("both plenaries") or by programme order ("the
second panel on day 1"), and which it excludes ("apart from the keynote"). A mixin of Resolver
(mentions.py). Does not find people."""

from __future__ import annotations

from collections.abc import Callable

from assistant.answering.catalog import Catalog, TitleKeys
from assistant.answering.describe import MARGIN as DESCRIBE_MARGIN
from assistant.answering.describe import Describer
from assistant.answering.refs import _DETERMINERS, _LINKS, Mentions, SessionRef, _find_seq
from assistant.answering.vocab import _SOMEONE, AUXILIARIES, QUESTION_WORDS, SIDE_STEPS, Vocab, phrase_positions
from assistant.ingest.post import Session
from assistant.ingest.shape import shape
from assistant.text import STOP, content_stems, stem

_LEADS = frozenset("that which was were is focused focusing dedicated devoted discussed discussing covered dealt "
                   "dealing with to looking at into".split())
_PERSON_NOUNS = frozenset("guy guys person woman man lady fellow gentleman speaker rep representative panelist "
                          "panellist".split())
_ABOUT = frozenset("on about regarding concerning covering around discussing".split())
CONFIRM_LEAD = 0.4  # how far the phrase's session must lead the next, by meaning, to keep a word no session has
_DEVOTED = frozenset("devoted dedicated".split())  # "the panel devoted to …": its subject follows, as after "about"
_PLACED = frozenset("was is were came comes went ran held scheduled happened took".split())  # "which panel was first"
_ASKED = frozenset("any which what many other no every there some much".split())  # before a noun that is
# asked for, or said of talk in general ("was there talk of farmers …": no session named)
_SIDES = frozenset("vs versus".split())  # a comparison's two sides are named things: "flood warning vs …"
_SET_SIDE = frozenset("compare comparing contrast contrasting between".split())  # "compare X with …", "between X and"
_DIFFER = frozenset("differ differed differs".split())  # "how did X differ from …": two sides
_CLAUSE = frozenset("how what why to".split())  # opening a described clause: "about how to …", "on what …"
_ENDS = frozenset("who whom whose what which when where why how did does do was were is are had has have and but "
                  "said say says talk talked spoke speak mention mentioned".split())


class SessionFinder:
    """The sessions half of Resolver."""

    c: Catalog
    v: Vocab
    near: Callable[[list[str], list[str]], dict[str, frozenset[str]]] | None
    describe: Describer | None

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
        exact = {i for r in refs if r.how == "exact" for i in r.at}  # ("the Open Source Farm Tools panel": its
        refs = [r for r in refs if r.how == "exact" or not set(r.at) <= exact]  # "open" names no Open Seed panel)
        taken = {i for r in refs for i in r.at}
        titled = {st for tk in self.c.titles for st in content_stems(tk.session.title)}
        cand = [(i, st) for i, st in cand if i not in taken and st not in titled]  # (near: words no title uses)
        near = self.near([st for _i, st in cand], [toks[i] for i, _st in cand]) if self.near and cand else {}
        near_at = {i: near.get(st, frozenset()) for i, st in cand}
        if near_at:  # "the young people panel" for "Youth", on words no title uses as they are
            named = {r.title for r in refs}
            refs += [r for tk in self.c.titles if tk.session.title not in named
                     for r in [self._title_ref(tk, toks, ["" if i in taken else st for i, st in enumerate(stems)],
                                               text, near_at)] if r is not None]
        refs += self._ordinal(toks, m, titled={i for r in refs if r.marked for i in r.at})
        refs += self._by_speaker_label(toks, m, named={r.title for r in refs})
        if not any(r.marked or r.how in ("exact", "ordinal") for r in refs):
            refs += self._kind(toks, m)
        if any(r.marked or r.how in ("exact", "ordinal", "kind") for r in refs):
            # Named as sessions ("the youth panel"), other title words are topics ("… on governments").
            refs = [r for r in refs if r.marked or r.how in ("exact", "ordinal", "kind")]
        refs += self._other_side(toks, stems, text, refs)
        refs.sort(key=lambda r: -r.score)
        # a word names one session: the one it names more of ("the farm software session": Farm … Tools, not the
        # Farmer Advisory Services its "software" stands near too)
        refs = [r for j, r in enumerate(refs) if not (r.how == "words" and r.at and any(
            set(r.at) < set(o.at) and o.score > r.score for o in refs[:j] if o.how == "words"))]
        seen: set[tuple[str, str]] = set()
        refs = [r for r in refs if (r.source, r.title) not in seen and not seen.add((r.source, r.title))]
        for r in refs:
            if r.marked or r.how in ("exact", "ordinal"):
                m.used.update(r.at)
        out = [self._beside(toks, self._reread(toks, m, r)) for r in refs]
        once: set[tuple[str, str]] = set()  # (read again, two references may name one session: "the
        # developing-countries session")
        return [r for r in out if (r.source, r.title) not in once and not once.add((r.source, r.title))]

    def _reread(self, toks: list[str], m: Mentions, r: SessionRef) -> SessionRef:
        """'the developing-world session': title words ("World") right before the noun with words of no title
        before them name the session the whole phrase means (describe.py), when that is another one."""
        if r.how != "words" or not r.marked or not r.at or self.describe is None:
            return r
        start, end = min(r.at), max(r.at) + 1
        if end >= len(toks) or toks[end] not in self.v.session_nouns:
            return r
        while start > 0 and min(r.at) - start < PRE_WORDS and toks[start - 1] not in STOP and start - 1 not in m.used:
            start -= 1
        if start == min(r.at):
            return r
        ranked = self.describe.scores(" ".join(toks[start:end]), m.days[0] if m.days else "")
        if not ranked or ranked[0][1].title == r.title:
            return r
        s = ranked[0][1]
        return SessionRef(s.title, s.source, "description", r.score, tuple(range(start, end)), True)

    def _other_side(self, toks: list[str], stems: list[str], text: str, refs: list[SessionRef]) -> list[SessionRef]:
        """A comparison that names one session ("compare what held back open source in the Global South with
        the obstacles raised for city projects"): its other side may name a session by its title words alone,
        with no session noun beside them, as a named session may ("the city one")."""
        named = {r.title for r in refs if r.marked or r.how == "exact"}
        sides = [i for i, t in enumerate(toks) if t in _SET_SIDE | _SIDES | _DIFFER]
        if len(named) != 1 or not sides:
            return []
        taken = {i for r in refs if r.title in named for i in r.at}
        # after "compare", and not a topic ("how did the youth panel differ on education?", "… about the UN")
        free = ["" if i in taken or i < sides[0] or _opened(toks, i) else st for i, st in enumerate(stems)]
        return [r for tk in self.c.titles if tk.session.title not in named
                for r in [self._title_ref(tk, toks, free, text, {}, loose=True)] if r is not None]

    def _beside(self, toks: list[str], r: SessionRef) -> SessionRef:
        """'the session before the youth panel', 'the panel after the AI one': the neighbour of the session named,
        in programme order (across days), when a session noun and "before"/"after" stand right before it."""
        i = min(r.at) if r.at else 0
        while i > 0 and toks[i - 1] in ("the", "a"):
            i -= 1
        k = _noun_before_step(toks, i - 1)  # ("the panel that came right after the youth one")
        if k < 0 or toks[k] not in self.v.session_nouns or stem(toks[k]) in self.v.keynote_stems:
            return r  # (not "the keynote before the governments panel": its own)
        found = self.c.beside(r, SIDE_STEPS[toks[i - 1]])
        if found is None:
            return r
        return SessionRef(found.title, found.source, "ordinal", r.score, (*r.at, *range(k + 1, i)), True)

    def _by_speaker_label(self, toks: list[str], m: Mentions, named: set[str]) -> list[SessionRef]:
        """'the UNICEF keynote', 'the UNICEF rep': an unnamed keynote speaker's label, followed by a session
        or person noun, names the session they spoke at (the label's words are then not a topic)."""
        out = []
        for seq, s in self.c.speaker_labels.items():
            at = _find_seq(toks, seq)
            nxt = max(at) + 1 if at else 0
            if not at or set(at) & m.used or s.title in named or nxt >= len(toks):
                continue
            if toks[nxt] in _PERSON_NOUNS:
                out.append(SessionRef(s.title, s.source, "speaker", 2.0, (*at, nxt), True))
            elif toks[nxt] in self.v.session_nouns or any(  # "how does unicef back it, going by their keynote?"
                    stem(toks[j]) in self.v.keynote_stems and toks[j - 1] in _POSSESSIVES
                    for j in range(nxt, len(toks))):
                out.append(SessionRef(s.title, s.source, "speaker", 2.0, tuple(at), True))
        return out

    def _title_ref(self, tk: TitleKeys, toks: list[str], stems: list[str], text: str,
                   near_at: dict[int, frozenset[str]], *, loose: bool = False) -> SessionRef | None:
        s = tk.session
        if f" {tk.folded} " in text:
            at = _find_seq(toks, tuple(tk.folded.split()))
            return SessionRef(s.title, s.source, "exact", 3.0, at, True, self._excluded(toks, at))
        if tk.bare and f" {tk.bare} " in text and not any(  # "at open source at the un": title but kind noun,
                o is not tk and f" {tk.bare} " in f" {o.folded} " and f" {o.bare or o.folded} " in text
                for o in self.c.titles):  # and not the start of a longer title the question names
            at = _find_seq(toks, tuple(tk.bare.split()))
            return SessionRef(s.title, s.source, "exact", 2.5, at, True, self._excluded(toks, at))
        # "the opening panel" is not the "Open …" panel: an ordinal word counts only as the title writes it.
        at = tuple(i for i, st in enumerate(stems) if st in tk.distinctive and not _after_auxiliary(toks, i)
                   and (not self.v.ordinal(toks[i]) or toks[i] in tk.folded.split()))
        near: dict[int, str] = {}
        if tk.distinctive and near_at:  # "the young people panel" for "Youth": only right before the noun; with
            # a word of the title's own too ("the farm software session": "Farm" and "Tools")
            near = {i: min(ws & set(tk.distinctive)) for i, ws in near_at.items() if ws & set(tk.distinctive)
                    and i not in at and set(toks[i + 1 : i + 3]) & (self.v.session_nouns - {"one", "ones"})}
            if not at and (not near or not self._marked(toks, tuple(near))):
                return None
            at = tuple(sorted({*at, *near}))
        if not at or not tk.distinctive:
            return None
        found = {near.get(i, stems[i]) for i in at}
        weight = sum(tk.distinctive[st] for st in found) / sum(tk.distinctive.values())
        marked = self._marked(toks, at, tk.folded)
        if marked:  # only the words standing by the noun are the reference; the same word elsewhere is a topic
            at = tuple(i for i in at if self._marked(toks, (i,), tk.folded)) or at
        named = marked or loose  # (a comparison's other side counts as named without a session noun)
        if all(len(toks[i]) <= 2 for i in at) and not named:
            return None  # "UN", "AI" alone are topics, not a session's name (a comparison's other side may be)
        unique = max(tk.distinctive[st] for st in found) >= max(tk.distinctive.values()) - 1e-9
        if weight >= 0.99 or (named and (weight >= 0.5 or unique)):
            return SessionRef(s.title, s.source, "words", weight + named, at, named, self._excluded(toks, at))
        return None

    def _sessions_of(self, m: Mentions) -> list[SessionRef]:
        """The one session of each named person, when the question names a session by who was on it
        ("the panel X was on"), not when it asks which session that was ("which panel did X sit on") or
        how many there were ("how many sessions was X in")."""
        toks, nouns = m.tokens, self.v.session_nouns - {"one", "ones"}
        described = [i for i, t in enumerate(toks) if t in nouns
                     and (i == 0 or toks[i - 1] not in ("which", "what", "many", "of"))
                     and toks[i + 1 : i + 2] != [] and toks[i + 1] not in self.v.speaker_nouns  # ("the keynote
                     and any(p.at and min(p.at) > i and not set(toks[i + 1 : min(p.at)]) & QUESTION_WORDS
                             for p in m.people)]  # speakers, X and Y": people, no session; "the money panel - what
        # did the guy from the volta bank argue": the panel, then a question about the person)
        if not described:
            return []
        out: dict[tuple[str, str], SessionRef] = {}
        for p in m.people:
            own = [s for s in self.c.day_sessions() if p.name in s.speakers]
            if len(own) == 1:
                out.setdefault((own[0].source, own[0].title),
                               SessionRef(own[0].title, own[0].source, "person", 1.0, (), True))
        if out:
            m.people = []  # the person describes the session here; the question is about the session
        return list(out.values())

    def _kind(self, toks: list[str], m: Mentions) -> list[SessionRef]:
        """'the two workshops', 'both plenaries': every session of a kind there are only a few of;
        'the day 1 workshop', 'the workshop on day 3': the one session of that kind on that day."""
        dated = self._kind_on_day(toks, m)
        if dated:
            return dated
        for kind in shape().session_kinds:
            plural = kind[:-1] + "ies" if kind.endswith("y") else kind + "s"
            same = [s for s in self.c.day_sessions() if s.kind == kind]
            if plural in toks and 1 <= len(same) <= 3:  # ("list all the workshops" when there is one)
                i = toks.index(plural)
                return [SessionRef(s.title, s.source, "kind", 1.5, (i,), True) for s in same]
            at = [i for i, t in enumerate(toks) if t == kind and set(toks[max(0, i - 3) : i]) & _KIND_DETERMINERS]
            if at and len(same) == 1:  # "the workshop", "which session was a workshop", when the programme has one
                return [SessionRef(same[0].title, same[0].source, "kind", 1.5, (at[0],), True)]
        return []

    def _kind_on_day(self, toks: list[str], m: Mentions) -> list[SessionRef]:
        out = []
        for i, t in enumerate(toks):
            if t not in shape().session_kinds or i in m.used and not any(i in span for span in m.day_at):
                continue
            day = _day_beside(m, i, before=2, after=3)  # "the day 1 workshop", "the workshop on day 3"
            if not day:
                continue
            same = [s for s in self.c.day_sessions(day=day) if s.kind == t]
            if len(same) == 1:
                out.append(SessionRef(same[0].title, same[0].source, "kind", 1.5, (i,), True))
        return out

    def _marked(self, toks: list[str], at: tuple[int, ...], title: str = "") -> bool:
        # "the UN-internal open source panel": the title's own (non-noun) words may stand between.
        own = set(title.split()) - self.v.session_nouns
        places = [k for k in range(max(at) + 1, min(len(toks), max(at) + 7)) if toks[k] not in own][:3]
        after = [toks[k] for k in places]
        nouns = self.v.session_nouns
        if any(toks[k] in nouns and not _verb_of(toks, k) for k in places) or after[:1] and after[0] in \
                self.v.group_nouns | _SIDES:  # ("what did the Urban Observatory talk about": a verb)
            return True  # "the heat panel", "the weather people", "flood warning vs …"
        # "the panel on/about X" (nothing but small words and the title's own between), not "the sessions discussed X"
        for j in range(min(at) - 1, max(-1, min(at) - 7), -1):
            if toks[j] in nouns and toks[j] != "one" and not (j and toks[j - 1] in _ASKED):
                # (not "the youth panel works at GitHub": a verb right after the noun, taking an object)
                return j + 1 < min(at) or toks[max(at) + 1 : max(at) + 2] not in (["at"], ["for"], ["with"])
            if toks[j] in _SIDES | _SET_SIDE:
                return True  # "… vs emergency response", "compare flood warning with …"
            if toks[j] in nouns:  # "any discussion of farmers", "which panels on cities": asked for, not named
                return False
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
        return bool(at) and bool(phrase_positions(toks[max(0, min(at) - 5) : min(at)], self.v.exclusion))

    def _ordinal(self, toks: list[str], m: Mentions, titled: set[int] = frozenset()) -> list[SessionRef]:
        """'the last session', 'the second panel on day 1', 'the first day-two panel', 'who spoke last'.

        Not a word a named title uses ("the closing panel" is the Closing Plenary, not the last of a day)."""
        out = []
        for i, t in enumerate(toks):
            if i in m.used or i in titled:
                continue
            verb = 0 if m.people else self.v.event_ordinal(toks, i)
            if verb:
                out += self._opened_by(m, i, verb)
                continue
            if not self.v.ordinal(t) or _with_particle(toks, i, self.v):
                continue
            back = _to_last(toks, i, self.v)  # "second to last": counted from the end
            m.used.update(range(i + 1, i + 1 + back))
            rest = [w for j, w in zip(range(i + 1, i + 5), toks[i + 1 : i + 5], strict=False) if j not in m.used]
            nxt, prev = rest[:1], toks[max(0, i - 1) : i]
            nouns = self.v.session_nouns - {"one", "ones"}
            # "the first and last sessions": an ordinal joined to one that stands by the noun
            joined = rest[:1] in (["and"], ["or"], ["vs"], ["versus"]) and len(rest) > 2 and bool(
                self.v.ordinal(rest[1])) and rest[2] in nouns
            # "how was the closing different from the opening": the ordinal as the noun itself
            bare = prev == ["the"] and _bare_ordinal(nxt, self.v)
            # "the first panel of day 2 vs the last one of day 1": "one" stands for the session noun before it
            again = nxt[:1] == ["one"] and any(w in nouns for w in toks[:i])
            # "which session came first (on day 2)?", "what panel was last": the ordinal said of the asked noun
            said = prev[:1] and prev[0] in _PLACED and any(
                w in nouns and j and toks[j - 1] in ("which", "what") for j, w in enumerate(toks[:i]))
            if not (set(nxt) & (nouns | self.v.speak_verbs) or set(prev) & self.v.speak_verbs or joined or bare
                    or again or said):
                continue
            if set(toks[i + 1 : i + 3]) & self.v.item_nouns or _right_beside(toks, i, nouns, titled):
                continue
            keynote = bool(set(rest[:2]) & {"keynote", "keynotes"})
            # "the first panel of day 2 … the last one of day 1": each ordinal with the day beside it
            beside = _day_beside(m, i, before=3, after=4)
            day = beside or (m.days[0] if m.days else "")
            pool = [s for s in self.c.day_sessions(day=day) if not keynote or s.keynote_speakers]
            n = -self.v.ordinal(t) if back else self.v.ordinal(t)
            if pool and abs(n) <= len(pool):
                s = pool[n - 1 if n > 0 else n]
                m.used.add(i)  # (said of the asked noun, the ordinal keeps its word for the intent)
                out.append(SessionRef(s.title, s.source, "ordinal", 2.0, () if said else _with_day(m, i, beside), True))
        return out

    def _opened_by(self, m: Mentions, i: int, verb: int) -> list[SessionRef]:
        """'who opened the conference': its first session (-1 for "closed": its last); not "since X opened day 2",
        a premise to check (no person named)."""
        pool = self.c.day_sessions(day=_day_beside(m, i, before=0, after=4))
        if not pool:
            return []
        s = pool[0 if verb > 0 else -1]
        m.used.add(i)  # (not masked as a session: "who opened …" keeps its verb for the intent)
        return [SessionRef(s.title, s.source, "ordinal", 2.0, (), True)]

    def _strange(self, m: Mentions, span: list[int]) -> bool:
        """Topic words of the description that no post uses nor stands near ("quantum"), half of its topic words
        or more: "a panel on quantum computing" has no subject of the posts, whatever session it is nearest;
        "the session on drawing in and keeping volunteers and companies involved" is described, all but one word."""
        return _half_or_more(m, span, self._strange_at(m, span))

    def _strange_at(self, m: Mentions, span: list[int]) -> set[int]:
        """The positions of the description's topic words that no post uses nor stands near."""
        at_span = set(span)
        words = [(t, w, at) for t, w, at in zip(m.topic, m.topic_words, m.topic_at, strict=False) if at in at_span]
        near = self.near([t for t, _w, _at in words], [w for _t, w, _at in words]) if self.near and words else {}
        return {at for t, _w, at in words if not self.c.df(t) and not near.get(t)}

    def _described(self, m: Mentions) -> list[SessionRef]:
        """'the smart-city one', 'the panel about cities': the one session the description means (by
        meaning, describe.py), else the one session whose text has the topic."""
        toks = m.tokens
        asked = [i for i, t in enumerate(toks) if t in self.v.session_nouns and not _verb_use(toks, i, self.v)]
        # (a description in a lead-in is no topic, but it still names the session: "The keynote for the
        # session on developing countries — what were its main points?")
        if not asked or not (m.topic or any(i < m.framing for i in _description(m, self.v.session_nouns))):
            return []
        if all(i and toks[i - 1] in ("which", "what", "any", "many", "other") for i in asked):
            return []  # "which panels mentioned cities": the sessions are what is asked, not described
        span = _description(m, self.v.session_nouns)
        if span and all(m.tokens[i] in self.v.future_words for i in span):
            return []  # "where's the next one held?": the next edition, not a session of this one
        strange = self._strange_at(m, span)
        if _half_or_more(m, span, strange):  # "a panel on quantum computing": no post has the subject, whatever
            return self._phantom(m, span)  # session is nearest (and "the session on fish farming" is one no post has)
        found, span = self._describe_span(m, span)
        if found is not None:  # the description's words name the session; they are not the question's topic
            # (what no post has stays a topic: "… and quantum computing")
            keep = [j for j, at in enumerate(m.topic_at) if at not in span or at in strange]
            m.keep_topic(keep)
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
                return self._phantom(m, span)
            return [SessionRef(s.title, s.source, "description", scores[0][0], (), True)]
        return self._phantom(m, span)

    def misnamed(self, m: Mentions) -> None:
        """'the fish farming panel', 'the session on sharing trip data and scooter feeds': a session's title
        words ("Farmer", "Sharing", "Data") among topic words that neither its title nor its text has, as they
        are or near in meaning, unless the whole phrase names the session by far (`_confirmed`: "the extreme heat
        panel"); or a word taken for a title word by meaning while the posts use it elsewhere ("livestock" for
        "Farmer"). The words do not name that session: right before the noun, they name one no post has
        (m.phantom); after "the panel on", they are a description (`_described`, by meaning)."""
        toks, at_topic = m.tokens, dict(zip(m.topic_at, m.topic, strict=False))
        dropped = False
        for r in [r for r in m.sessions if r.how == "words" and r.marked and r.at]:
            s = next((o for o in self.c.day_sessions(r.source) if o.title == r.title), None)
            span = self._named_by(toks, r, at_topic)
            if s is None or span is None:
                continue
            own, title = self.c.session_stems(s), set(content_stems(s.title))
            extra = [i for i in span if i in at_topic and i not in r.at]
            near = self.near([at_topic[i] for i in extra], [toks[i] for i in extra]) if self.near and extra else {}
            nearly = [st for i in r.at if (st := stem(toks[i])) not in title and st not in own and self.c.df(st)]
            lacking = [i for i in extra if (t := at_topic[i]) not in own and not near.get(t, frozenset()) & own]
            # (a word the session lacks, unless the whole phrase means the session by far: "extreme" beside "heat")
            if nearly or lacking and not self._confirmed(m, span, r):
                m.sessions = [o for o in m.sessions if o is not r]
                if toks[span[-1]] in self.v.session_nouns:
                    m.phantom = " ".join(toks[span[0] : span[-1] + 1])
                else:
                    m.used.difference_update(r.at)
                    dropped = True
        if dropped:  # (its title words are the description's words again)
            m.keep_topic([])
            self._topic(m)

    def _confirmed(self, m: Mentions, span: list[int], r: SessionRef) -> bool:
        """Whether the whole phrase, by meaning, names r's session far ahead of any other (CONFIRM_LEAD):
        "the extreme heat panel" (the heat panel, whatever "extreme" adds), not "the irrigation and water rights
        session" (nearest the data rights panel, but not by far)."""
        if self.describe is None:
            return False
        words = " ".join(m.tokens[i] for i in span if m.tokens[i] not in self.v.session_nouns)
        best = self.describe.leader(words, m.days[0] if m.days else "")
        return best is not None and (best[1].source, best[1].title) == (r.source, r.title) and best[0] >= CONFIRM_LEAD

    def _named_by(self, toks: list[str], r: SessionRef, at_topic: dict[int, str]) -> list[int] | None:
        """The positions of the phrase that names r with a session noun: the topic words and r's words right
        before the noun, the noun last ("the irrigation and water rights session"); or the words after "the
        panel on" up to the next question word ("the panel on the next generation"); None when neither."""
        nouns = self.v.session_nouns - {"one", "ones"}
        end = max(r.at) + 1
        while end < len(toks) and end in at_topic:  # ("the livestock data panel")
            end += 1
        if end < len(toks) and toks[end] in nouns:
            start = min(r.at)
            while start > 0 and (start - 1 in at_topic or toks[start - 1] == "and" and start - 2 in at_topic):
                start -= 1
            return list(range(start, end + 1))
        j = min(r.at) - 1
        while j >= 0 and toks[j] not in nouns and (toks[j] in STOP or toks[j] in _ABOUT or toks[j] in _LEADS):
            j -= 1
        if j < 0 or toks[j] not in nouns or not set(toks[j + 1 : min(r.at)]) & _ABOUT:
            return None
        k = max(r.at) + 1
        while k < len(toks) and toks[k] not in _ENDS and toks[k] not in nouns and k - j <= 8:
            k += 1
        return list(range(j + 1, k))

    def _describe_span(self, m: Mentions, span: list[int]) -> tuple[Session | None, list[int]]:
        """The session the description means, and the words that describe it: all of them, or the two or more
        before its first "and" ("paying for shared software and keeping data systems alive": the first part names
        it alone), whichever names one session by the wider lead over the next."""
        day = m.days[0] if m.days else ""
        if not span or self.describe is None:
            return None, span
        cut = next((k for k, i in enumerate(span) if m.tokens[i] == "and"), 0)
        spans = [span, span[:cut]] if sum(m.tokens[i] not in STOP for i in span[:cut]) >= 2 else [span]
        best: tuple[float, Session | None, list[int]] = (-1.0, None, span)
        for words in spans:
            found = self.describe.leader(" ".join(m.tokens[i] for i in words), day)
            if found is not None and found[0] >= DESCRIBE_MARGIN and found[0] > best[0]:
                best = (found[0], found[1], words)
        return best[1], best[2]

    def _phantom(self, m: Mentions, span: list[int]) -> list[SessionRef]:
        """No session: when the description is the words right before a session noun ("the open source and health
        panel"), the question names a session the posts do not have (m.phantom)."""
        toks, end = m.tokens, max(span) + 1 if span else 0
        ranks = self.v.ranking_words | self.v.fewest_words | self.v.several  # ("the biggest panel": the extreme one)
        start = min(span) if span else 0
        if span and start >= 2 and toks[start - 1] in _ABOUT and toks[start - 2] in self.v.session_nouns - {
                "one", "ones"} and self._strange(m, span) and all(j in span for j in range(start, end)):
            m.phantom = " ".join(toks[start - 2 : end])  # "the session on fish farming", words no post has
            return []
        if span and end < len(toks) and toks[end] in self.v.session_nouns - {"one", "ones"} and all(
                j in span or toks[j] in STOP for j in range(min(span), end)) and not any(
                toks[j] in ranks or self.v.ordinal(toks[j]) for j in span) and not _verb_of(toks, end):
            m.phantom = " ".join(toks[min(span) : end + 1])
        return []


def _verb_of(toks: list[str], at: int) -> bool:
    """'What did the woman from the Sovereign Tech Fund talk about?': the session noun is the verb that "did" asks
    with, right before "about" (not "the climate talk about farming": no auxiliary before it)."""
    return toks[at + 1 : at + 2] == ["about"] and bool(set(toks[:at]) & _DO)


_DO = frozenset({"do", "does", "did", "will", "would", "should", "can"})
# words between a session noun and "before"/"after" that keep them together ("the panel that came right after")
_BETWEEN = frozenset("that which came comes was is right just immediately directly straight held scheduled".split())
BETWEEN_WORDS = 3


def _noun_before_step(toks: list[str], step: int) -> int:
    """Where the session noun stands before the "before"/"after" at `step`, over up to BETWEEN_WORDS words of
    _BETWEEN ("the session just before …"); -1 when toks[step] is no such word or no noun is that close."""
    if step < 1 or toks[step] not in SIDE_STEPS:
        return -1
    k = step - 1
    while k > 0 and toks[k] in _BETWEEN and step - k <= BETWEEN_WORDS:
        k -= 1
    return k


def _right_beside(toks: list[str], i: int, nouns: frozenset[str], titled: set[int]) -> bool:
    """'the last panel before the closing one', 'the first session after the AI panel': the ordinal only says
    "right before (after)" a session named by title; _beside finds that neighbour."""
    k = next((j for j in range(i + 1, min(len(toks), i + 5)) if toks[j] in nouns), -1)
    step = next((j for j in range(k + 1, min(len(toks), k + 2 + BETWEEN_WORDS)) if toks[j] in SIDE_STEPS), -1) \
        if k >= 0 else -1
    if step < 0 or _noun_before_step(toks, step) != k:  # (the words between are those _beside reads)
        return False
    j = step + 1
    while j < len(toks) and toks[j] in ("the", "a"):
        j += 1
    return j in titled


def _to_last(toks: list[str], i: int, v: Vocab) -> int:
    """How many words after a counting ordinal make it count from the end: 2 for "second to last", 1 for
    "second last"; else 0."""
    if v.ordinal(toks[i]) <= 1:
        return 0
    after = toks[i + 1 : i + 3]
    return 2 if after == ["to", "last"] else 1 if after[:1] == ["last"] else 0


def _bare_ordinal(nxt: list[str], v: Vocab) -> bool:
    """After "the", an ordinal stands for a session when nothing or a small word follows it ("the closing was …"),
    not a word of speaking ("who gets the final say": a noun), nor "one" ("what did the first one say": a person
    in a list)."""
    if nxt[:1] in (["one"], ["ones"]):
        return False
    return not nxt or nxt[0] in STOP and nxt[0] not in v.person_context or nxt[0] in v.contrast


def _with_particle(toks: list[str], i: int, v: Vocab) -> bool:
    """An -ing ordinal word with a particle after it is a verb: "how did they approach opening up seed info"
    names no opening session ("up" is also a word of speaking: "who spoke up"). Not before a day or the event:
    "the keynote opening up day 2", "the panel closing out the forum" are its first and last sessions."""
    nxt = toks[i + 2 : i + 3] or [""]
    return toks[i].endswith("ing") and toks[i + 1 : i + 2] in (["up"], ["down"], ["out"], ["off"]) \
        and nxt[0] not in v.event_nouns and nxt[0] not in ("the", "this", "that", "its")


def _opened(toks: list[str], i: int) -> bool:
    """The word at i follows a topic opener ("on", "about"), articles between ("about the UN")."""
    j = i - 1
    while j >= 0 and toks[j] in ("the", "a", "an"):
        j -= 1
    return j >= 0 and toks[j] in _ABOUT


def _verb_use(toks: list[str], i: int, v: Vocab) -> bool:
    """'where did people talk about X', 'did anyone talk about X', 'I want to talk about X': a session noun
    after an auxiliary, a person word, a pronoun or "to" is a verb, not a session to be described."""
    before = toks[i - 1] if i else ""
    doers = _SOMEONE | v.people_nouns | v.group_nouns | v.person_pronouns | v.group_pronouns | {"i", "we", "you"}
    return before in AUXILIARIES or before == "to" or before in doers


_KIND_DETERMINERS = _DETERMINERS | {"an"}  # "the workshop", "which session was an online workshop"
_POSSESSIVES = frozenset({"their", "its", "his", "her"})  # "going by their keynote": the keynote of whom was named


def _after_auxiliary(toks: list[str], i: int) -> bool:
    """'which sessions didn't open with a keynote': a word right after an auxiliary (or its "not") is a verb,
    not a word of the "Open …" session's title."""
    before = toks[i - 1] if i else ""
    return before in AUXILIARIES or before.endswith("n't") or before == "not" and i > 1 and toks[i - 2] in AUXILIARIES


def _with_day(m: Mentions, i: int, day: str) -> tuple[int, ...]:
    """The positions of an ordinal at i and of the day beside it ("the final session of the first day"):
    the day is part of the reference, and masked with it for the intent, so "how did it wrap up" is not
    read as "which day"."""
    span = [j for d, at in zip(m.days, m.day_at, strict=True) if d == day for j in at]
    return tuple(range(min(i, *span), max(i, *span) + 1)) if span else (i,)


def _day_beside(m: Mentions, i: int, before: int, after: int) -> str:
    """The day named nearest to position i, within `before` words before it or `after` words after."""
    near = [(min(abs(i - max(span)), abs(min(span) - i)), d) for d, span in zip(m.days, m.day_at, strict=True)
            if span and (0 < i - max(span) <= before or 0 < min(span) - i <= after)]
    return min(near)[1] if near else ""


def _variant(tok: str, own: set[str]) -> bool:
    """'farmers' beside a title's 'Farm': a longer form of one of the title's words."""
    return len(tok) > 4 and any(len(w) >= 4 and tok.startswith(w) for w in own)


PRE_WORDS = 2  # words of no title before a title's words that _reread reads with them
PRE_NOUN = 6  # words between "the" and a session noun that may describe it ("the open source and health panel")


def _half_or_more(m: Mentions, span: list[int], strange: set[int]) -> bool:
    """Whether the strange positions are half of the span's topic words or more (and there is one)."""
    at_span = set(span)
    return bool(strange) and 2 * len(strange) >= sum(1 for at in m.topic_at if at in at_span)


def _joins(toks: list[str], j: int) -> bool:
    """'… keeping volunteers and companies involved': an "and" between two words of one description, not
    before a new question ("the panel about cities and what did it say")."""
    nxt = toks[j + 1] if j + 1 < len(toks) else ""
    return toks[j] == "and" and bool(nxt) and nxt not in _ENDS and nxt not in QUESTION_WORDS and nxt not in AUXILIARIES


def _past_clause(toks: list[str], j: int) -> int:
    """The first position from j on that opens no described clause ("how", "to": "about how to involve …")."""
    while j < len(toks) and toks[j] in _CLAUSE:
        j += 1
    return j


def _description(m: Mentions, nouns: frozenset[str]) -> list[int]:
    """Positions of the words describing a session: after "the panel (that was) about …" up to the next
    question word, or right before the noun ("the smart-city one"). Empty when the question has none."""
    toks = m.tokens
    days = {k for span in m.day_at for k in span}
    for i, t in enumerate(toks):
        if t not in nouns or i in m.used or not set(toks[max(0, i - PRE_NOUN) : i]) & _DETERMINERS:
            continue  # "the panel about …", "a session on …"; not "talk about …"
        j, linked = i + 1, False
        close = bool(set(toks[max(0, i - 3) : i]) & _DETERMINERS)  # "the panel about …" (a long description before
        while close and j < len(toks) and j - i <= 4 and (toks[j] in _LEADS or toks[j] in _ABOUT):  # the noun: below)
            linked = linked or toks[j] in _ABOUT or toks[j] in _DEVOTED
            j += 1
        j = _past_clause(toks, j) if linked else j  # "the panel about how to involve …"
        if linked and j in days:  # "the money session on day two": "on" leads to the day, not to a subject; one
            while j in days:  # may follow it ("the one on day 1 about the UN")
                j += 1
            linked = j < len(toks) and toks[j] in _ABOUT
            j = _past_clause(toks, j + 1) if linked else j
        span = []
        while linked and j < len(toks) and sum(toks[k] not in STOP for k in span) < 6 and toks[j] not in nouns and (
                toks[j] not in _ENDS or _joins(toks, j)):
            if j not in m.used:
                span.append(j)
            j += 1
        if not span and t in ("one", "panel", "session", "talk", "discussion") and i >= 2:
            # the words between "the" (or "that", "this") and the noun: "list the money panel speakers"
            start = next((j for j in range(i - 1, max(-1, i - PRE_NOUN - 1), -1) if toks[j] in ("the", "that", "this")),
                         -1)
            span = [j for j in range(start + 1, i) if j not in m.used and toks[j] not in STOP] if start >= 0 else []
        if any(toks[j] not in STOP for j in span):
            return span
    return []
