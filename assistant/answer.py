"""Passages + Plan -> Answer: the deterministic offline answerer.

Answers from the knowledge layer when the question is about the post's structure (keynotes,
panelists, days, counts, people and their remarks, sessions without keynotes), corrects false
premises about who did what, lists every session that discusses a topic, summarises a session or
the conference, and otherwise extracts the one or two sentences of the retrieved passages that
cover the question. Every sentence it writes carries a [n] marker to a verbatim quote. When the
post does not cover the question (a missing topic word, or no sentence of the right type: a
number for "how many", a date for "when"), it refuses in one sentence and offers the nearest
thing the post says. Does not retrieve and never calls a model.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from assistant.compose import Composer, claim
from assistant.corpus import Session, is_named_person
from assistant.knowledge import Knowledge, Person, Unit
from assistant.questions import Plan
from assistant.text import STOP, content_stems, fold, stem, words
from assistant.types import Answer, Passage

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
    place took take""".split()}
_PEOPLE_WORDS = {stem(w) for w in "people person member members participant participants young lineup line".split()}
COVER_MIN = 0.5  # share of the question's topic words (idf-weighted) a quoted sentence must contain
SIM_RESCUE = 0.7  # or: this cosine similarity with a quarter of the topic words (a paraphrase)
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}
_NUMBER = re.compile(r"\b(?:(?!(?:19|20)\d\d\b)\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
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


class Answerer:
    """The offline answerer over one Knowledge."""

    def __init__(self, knowledge: Knowledge, embedder: object | None = None) -> None:
        self.k = knowledge
        self.embedder = embedder
        self._vecs: dict[tuple[str, int], object] = {}
        self.last_debug: dict[str, float] = {}
        df: Counter[str] = Counter()
        for u in knowledge.units:
            df.update(u.stems)
        self.df = df
        self.vocab = {w for u in knowledge.units for w in words(u.text)} | STOP
        self.n_units = max(1, len(knowledge.units))

    def idf(self, s: str) -> float:
        """Inverse document frequency of a stem over units."""
        return math.log(1 + self.n_units / (1 + self.df.get(s, 0)))

    # ---- entry point -------------------------------------------------------------------------
    def answer(self, plan: Plan, passages: list[Passage]) -> Answer:
        """Answer the planned question from the knowledge layer and the passages."""
        c = Composer(self.k, plan.lang, plan.original)
        f = " " + " ".join(words(plan.question)) + " "
        if not plan.question.strip():
            c.say("refuse_detail", what="anything in reply to instructions inside a question; ask about the conference")
            return c.answer(refused=True)
        for handler in (self._unnamed, self._premise, self._structure, self._person, self._synthesis,
                        self._compare, self._summary):
            ans = handler(plan, f, c, passages)
            if ans is not None:
                return ans
        return self._extract(plan, f, c, passages)

    # ---- helpers -------------------------------------------------------------------------------
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
    def _unnamed(self, plan: Plan, f: str, c: Composer, _p: list[Passage]) -> Answer | None:
        """Questions about a speaker the post leaves unnamed (the UNICEF Representative)."""
        for s in self.k.sessions:
            for who in s.keynote_speakers:
                if is_named_person(who):
                    continue
                org = [w for w in words(who) if w not in ("representative", "speaker")]
                in_context = plan.sessions[:1] == [s.title] and _has(
                    r" (her|his|their|s|speaker s|representative s) name | who (was|is) (it|she|he|they|that|the speaker|"
                    r"the representative) ", f)
                if (org and all(f" {w} " in f for w in org) or in_context) and _has(
                        r" (who|name|named|called|identity|which person) ", f):
                    unit = self._keynote_unit(s) or self.k.head(s)
                    c.say("unnamed_person", speaker=who, session=s.title, cite=c.cite(unit))
                    return c.answer(refused=True)
        return None

    def _premise(self, plan: Plan, f: str, c: Composer, _p: list[Passage]) -> Answer | None:
        """'Why did X give the closing keynote?' when X did not: correct it, cited."""
        if not plan.people or not _has(r" (why|what|how|when|did|does|was|were|in (his|her|their) keynote)", f):
            return None
        surnames = [words(n)[-1] for n, _ in plan.people]
        keynote_claim = _has(r" keynote", f) and (_has(
            r"(give|gave|giving|deliver|present|his keynote|her keynote|their keynote|keynote by|s keynote|keynote speech)", f
        ) or any(f" {w} keynote" in f for w in surnames))
        targets = self._sessions(plan)
        if _has(r" closing ", f):
            targets = [s for s in self._day_sessions() if "clos" in fold(s.title)] or targets
        for name, _how in plan.people[:1]:
            person = self.k.people[name]
            keynotes = [r for r in person.roles if r.role == "keynote"]
            if keynote_claim and (not keynotes or (targets and not any(r.session == targets[0].title for r in keynotes))):
                what = f"the keynote at the {targets[0].title}" if targets else "a keynote"
                c.say("premise_keynote", name=name, what=what, cite=c.cite(person.roles[0].unit))
                if not targets:
                    targets = [self.k.session(r.session, r.source) for r in person.roles]
                for s in targets[:2]:
                    if s.keynote_speakers:
                        unit = self._keynote_unit(s) or self.k.head(s)
                        who = self._names(s.keynote_speakers)
                        c.say("keynote_by", speakers=who, session=s.title, day=s.day, cite=c.cite(unit))
                    else:
                        c.say("no_keynote", session=s.title, day=s.day, cite=c.cite(self.k.head(s)))
                self._roles(person, c)
                return c.answer()
            if targets and not keynote_claim and _has(r" (at|in|on|during) the ", f) and not any(
                r.session == targets[0].title for r in person.roles
            ) and len(plan.sessions) == 1 and _has(r" (say|said|talk|discuss|speak|spoke|present)", f):
                c.say("premise_session", name=name, session=targets[0].title, cite=c.cite(self._panel_unit(targets[0])))
                self._roles(person, c)
                return c.answer()
        return None

    def _roles(self, person: Person, c: Composer) -> None:
        parts = []
        for r in person.roles:
            key = "role_keynote" if r.role == "keynote" else "role_panelist"
            parts.append(self._render(c, key, session=r.session, day=r.day, cite=c.cite(r.unit)))
        joined = parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + "; and " + parts[-1]
        aff = next((r.affiliation for r in person.roles if r.affiliation), "")
        c.say("person_roles", name=f"{person.name} ({aff})" if aff else person.name, roles=joined)

    @staticmethod
    def _render(c: Composer, key: str, **values: object) -> str:
        from assistant.prompts import say

        return say(c.lang, key, **values)

    def _structure(self, plan: Plan, f: str, c: Composer, _p: list[Passage]) -> Answer | None:
        """Keynotes, panelists, days, counts, sessions without keynotes, people in several sessions."""
        sessions = self._sessions(plan)
        day_sessions = self._day_sessions()
        nums = {"one": 1, "two": 2, "three": 3, "first": 1, "second": 2, "third": 3}
        days_named = [f"Day {m.group(1) if m.group(1).isdigit() else nums[m.group(1)]}" for m in
                      re.finditer(r" day (\d+|one|two|three)\b", f)]
        days_named += [f"Day {nums[m.group(1)]}" for m in re.finditer(r" (first|second|third) day\b", f)]
        day = days_named[0] if len(set(days_named)) == 1 else ""
        known_days = sorted({s.day for s in day_sessions})
        if day and day not in known_days:
            proof = next((u for u in self.k.units if re.search(
                rf"\b({len(known_days)}|{_WORDS.get(len(known_days), '-')})[- ]days?\b", u.text, re.I)), None)
            c.say("no_such_day", day=day, count=len(known_days), days=", ".join(known_days),
                  cite=c.cite(proof) if proof else "")
            if proof:
                c.say("nearest", text=proof.text, cite=c.cite(proof))
            return c.answer()
        if len(set(days_named)) > 1 and _has(r" (session|panel|more|fewer|how many)", f):
            for d in dict.fromkeys(days_named):
                chosen = [s for s in day_sessions if s.day == d]
                titles = ", ".join(f"{s.title} {c.cite(self.k.head(s))}" for s in chosen)
                c.say("sessions_on_day", day=d, count=len(chosen), titles=titles)
            return c.answer()
        if _has(r" closing ", f) and not sessions:
            sessions = [s for s in day_sessions if "clos" in fold(s.title)]
        many = _has(r" (more than one|several|multiple|both days|twice|two sessions|two panels|2 sessions) ", f)
        if plan.people and not many:
            return None
        if _has(r" (no|without|did not have|didn t have|lacked|lack) (a )?keynote", f):
            none = [s for s in day_sessions if not s.keynote_speakers]
            titles = ", ".join(f"{s.title} ({s.day}) {c.cite(self.k.head(s))}" for s in none)
            c.say("no_keynote_sessions", count=len(none), titles=titles)
            return c.answer()
        if _has(r" (most|largest|biggest|fewest|smallest|least) ", f) and _has(r" panelist| speaker| people", f):
            panels = [s for s in day_sessions if s.panelists]
            most = not _has(r" (fewest|smallest|least) ", f)
            pick = (max if most else min)(panels, key=lambda s: len(s.panelists))
            c.say("most_panelists" if most else "fewest_panelists", session=pick.title, count=len(pick.panelists),
                  names=self._names(pick.panelists), cite=c.cite(self._panel_unit(pick)))
            return c.answer()
        if many and _has(r" keynote", f) and _has(r" (speaker|speakers|people|person)", f) and not plan.people:
            if _has(r" (session|panel) ", f):
                for s in day_sessions:
                    if len(s.keynote_speakers) > 1:
                        c.say("multi_keynote", session=s.title, names=self._names(s.keynote_speakers),
                              cite=c.cite(self._keynote_unit(s) or self.k.head(s)))
                return c.answer() if c.lines else None
        if many and _has(r" (who|which people|which speakers|anyone|anybody|people|speakers|person) ", f):
            people = [p for p in self.k.people.values() if len(p.sessions) > 1 and is_named_person(p.name)]
            if plan.people:
                people = [p for p in people if p.name in {n for n, _ in plan.people}] or people
            c.say("multi_head")
            for p in people:
                roles = "; ".join(
                    self._render(c, "role_keynote" if r.role == "keynote" else "role_panelist", session=r.session,
                                 day=r.day, cite=c.cite(r.unit)) for r in p.roles
                )
                c.say("multi_line", name=p.name, roles=roles)
            return c.answer()
        if _has(r" how many ", f) or _has(r" number of ", f):
            return self._count(f, c, sessions, day)
        session_words = {w for t in sessions[:2] for w in content_stems(t.title)}
        rest = [t for t in self._topic(f, plan) if t not in session_words and t not in _PEOPLE_WORDS]
        if _has(r" keynote", f) and sessions and _has(r" what ", f) and _has(
                r" (say|said|focus|discuss|talk|emphasi|highlight|cover|about|main points?) ", f):
            s = sessions[0]
            if s.keynote_speakers:
                c.say("keynote_by", speakers=self._names(s.keynote_speakers), session=s.title, day=s.day,
                      cite=c.cite(self._keynote_unit(s) or self.k.head(s)))
                for u in self.k.units_of(s.title, s.source):
                    if u.part_kind == "keynote" and not u.heading and u.first_in_bullet:
                        c.say("list_line", text=claim(u, self.k), cite=c.cite(u))
                return c.answer()
        if _has(r" keynote", f) and sessions and len(rest) <= 1 and _has(
                r" (who|whom|speaker|gave|give|deliver|present|by) ", f):
            s = sessions[0]
            if not s.keynote_speakers:
                c.say("no_keynote", session=s.title, day=s.day, cite=c.cite(self.k.head(s)))
                return c.answer()
            unit = self._keynote_unit(s) or self.k.head(s)
            named = [n for n in s.keynote_speakers if is_named_person(n)]
            if not named:
                c.say("keynote_unnamed", session=s.title, day=s.day, speaker=s.keynote_speakers[0], cite=c.cite(unit))
            else:
                c.say("keynote_by", speakers=self._names(s.keynote_speakers), session=s.title, day=s.day,
                      cite=c.cite(unit))
            return c.answer()
        if sessions and len(rest) <= 1 and _has(r" (panelist|panelists|panel members|on the panel|sat on|who spoke|who was on|"
                             r"who were on|who participated|participants|speakers|who else|people|members|line ?up|"
                             r"who (was|were) (on|in|part))", f):
            s = sessions[0]
            if not s.panelists:
                return None
            c.say("panelists", session=s.title, day=s.day, names=self._names(s.panelists),
                  cite=c.cite(self._panel_unit(s)))
            return c.answer()
        if sessions and _has(r" (which|what) day | when was | when did | on which day ", f) and sessions[0].day:
            s = sessions[0]
            c.say("day_of_session", session=s.title, day=s.day, cite=c.cite(self.k.head(s)))
            return c.answer()
        if (day or _has(r" (all|list|which|what) (the )?sessions ", f)) and _has(
                r" session| panel| agenda| schedule| program| lineup| line up| happen| on day| took place", f) \
                and not _has(r" (discuss\w*|mention\w*|talk\w*|address\w*|cover\w*|about) ", f):
            chosen = [s for s in day_sessions if not day or s.day == day]
            titles = ", ".join(f"{s.title} {c.cite(self.k.head(s))}" for s in chosen)
            if day:
                c.say("sessions_on_day", day=day, count=len(chosen), titles=titles)
            else:
                c.say("sessions_all", count=len(chosen), titles=titles)
            return c.answer()
        rest = [t for t in self._topic(f, plan) if t not in {"action", "point", "list", "outline", "all", "say"}]
        if _has(r" action points? ", f) and _has(r" (what|list|which|all|are) ", f) and not rest:
            return self._list_action_points(c)
        return None

    def _count(self, f: str, c: Composer, sessions: list[Session], day: str) -> Answer | None:
        if _has(r" action points? ", f):
            items = [u for u in self.k.units if u.part_kind == "action_point" and u.heading]
            intro = next((u for u in self.k.units if u.session == "Action points" and not u.heading), None)
            c.say("count_items", count=len(items), what="action points", cite=c.cite(intro or items[0]))
            for u in items:
                c.say("list_line", text=u.text, cite=c.cite(u))
            return c.answer()
        if _has(r" days? ", f) and not sessions and _has(r" (how many|number of) days", f):
            days = sorted({s.day for s in self._day_sessions()})
            proof = next((u for u in self.k.units if re.search(rf"\b({len(days)}|{_WORDS.get(len(days), '-')})[- ]days?\b",
                                                                u.text, re.I)), None)
            cite = c.cite(proof) if proof else " ".join(c.cite(self.k.head(next(s for s in self._day_sessions()
                                                                                 if s.day == d))) for d in days)
            c.say("count_items", count=len(days), what=f"days ({', '.join(days)})", cite=cite)
            return c.answer()
        if _has(r" (panelists?|people|speakers|members|participants) ", f) and sessions:
            s = sessions[0]
            c.say("panelists", session=s.title, day=s.day, names=f"{len(s.panelists)}: {self._names(s.panelists)}",
                  cite=c.cite(self._panel_unit(s)))
            return c.answer()
        if _has(r" (sessions|panels) ", f):
            chosen = [s for s in self._day_sessions() if not day or s.day == day]
            titles = ", ".join(f"{s.title} {c.cite(self.k.head(s))}" for s in chosen)
            if day:
                c.say("sessions_on_day", day=day, count=len(chosen), titles=titles)
            else:
                c.say("sessions_all", count=len(chosen), titles=titles)
            return c.answer()
        if _has(r" keynotes? ", f) and not _has(r" people| attend", f):
            ks = [s for s in self._day_sessions() if s.keynote_speakers]
            c.say("count_items", count=len(ks), what="sessions with a keynote", cite="")
            for s in ks:
                c.say("list_line", text=f"{s.title}: {self._names(s.keynote_speakers)}",
                      cite=c.cite(self._keynote_unit(s) or self.k.head(s)))
            return c.answer()
        return None

    def _list_action_points(self, c: Composer) -> Answer:
        items = [u for u in self.k.units if u.part_kind == "action_point" and u.heading]
        intro = next((u for u in self.k.units if u.session == "Action points" and not u.heading), None)
        c.say("count_items", count=len(items), what="action points", cite=c.cite(intro or items[0]))
        for u in items:
            c.say("list_line", text=u.text, cite=c.cite(u))
        return c.answer()

    def _topic(self, f: str, plan: Plan) -> list[str]:
        stems = [s for s in content_stems(f) if s not in _FRAME and (len(s) > 3 or self.df.get(s, 0) > 0)]
        names = {w for n, _ in plan.people for w in content_stems(n)}
        return [s for s in stems if s not in names]

    def _person(self, plan: Plan, f: str, c: Composer, _p: list[Passage]) -> Answer | None:
        """Roles and recorded remarks of the people the question names."""
        if not plan.people:
            return None
        people = [self.k.people[n] for n, _ in plan.people]
        firsts = {fold(p.name).split()[0] for p in people}
        if len(people) > 1 and len(firsts) == 1 and all(h == "first" for _, h in plan.people):
            named = [p for p in people if any(r.session in plan.sessions for r in p.roles)]
            if len(named) == 1:
                people = named
            else:
                c.say("ambiguous_person", first=plan.people[0][0].split()[0], names=self._names([p.name for p in people]))
        named_words = {w for t in plan.sessions[:2] for w in content_stems(t)}
        topic = [t for t in self._topic(f, plan) if t not in named_words and self.df.get(t, 0) > 0]
        if _has(r" (job|title|position|employer|works? for|organi[sz]ation|affiliat|company|role|found(ed|er)?|"
                r"who is|who s|who are) ", f):
            for person in people[:3]:
                self._roles(person, c)
            if not any(r.affiliation for p in people[:3] for r in p.roles) and _has(
                    r" (job|title|position|employer|works? for|organi[sz]ation|affiliat|company|found) ", f):
                c.say("refuse_detail", what="more about their position or organisation than the above")
                return c.answer(refused=True)
            return c.answer()
        if _has(r" (which|what) (panels?|sessions?|days?) ", f) or _has(r" where did \w+", f) \
                or _has(r" (was|were|is) \w+ \w* ?(on|in|at) (a|the|which|what) ", f):
            for person in people[:3]:
                self._roles(person, c)
            return c.answer()
        wants_words = _has(r" (say|said|says|talk|talked|discuss|discussed|speak|spoke|highlight|emphasi|stress|"
                           r"point|share|argue|think|view|mention|remark|do|did|contribut|about)", f)
        for person in people[:3]:
            if not _has(r" (say|said|talk|discuss|speak|spoke|highlight|emphasi|stress) ", f) or len(people) > 1 \
                    or len(person.sessions) > 1:
                self._roles(person, c)
            remarks = person.remarks
            if topic:
                scored = [(sum(self.idf(s) for s in topic if s in u.stems), u) for u in remarks]
                hits = [u for sc, u in sorted(scored, key=lambda x: -x[0]) if sc > 0]
                if wants_words and not hits and remarks:
                    c.say("no_remarks_topic", name=person.name, topic=" ".join(words(" ".join(
                        w for w in f.split() if stem(w) in topic))))
                    return c.answer(refused=True)
                remarks = hits or remarks
            if not remarks and wants_words:
                r = person.roles[0]
                c.say("no_remarks", name=person.name, session=r.session, cite=c.cite(r.unit))
                return c.answer(refused=len(people) == 1)
            if remarks and (wants_words or len(person.roles) == 1):
                c.say("person_said_head", name=person.name)
                for u in _round_robin(remarks, 6):
                    c.say("said_line", session=u.session, text=claim(u, self.k), cite=c.cite(u))
        return c.answer()

    def _synthesis(self, plan: Plan, f: str, c: Composer, _p: list[Passage]) -> Answer | None:
        """'Which sessions discussed X?': every section with a passage on X, each cited."""
        if not (_has(r" (which|what) (sessions?|panels?|parts?|sections?|speakers?|talks?|keynotes?) ", f)
                or _has(r" where (was|were|did|is) ", f) or _has(r" (any|other) (sessions?|panels?) ", f)
                or _has(r" (did|does|was|were) (anyone|anybody|someone|somebody|any \w+) ", f)
                or _has(r" what (was|were) (said|discussed|mentioned) ", f)
                or _has(r" what did (they|speakers|panelists|people|participants|the speakers|the panelists) ", f)):
            return None
        if not _has(r" (discuss|mention|talk|address|cover|rais|bring|brought|touch|focus|deal|about|feature|"
                    r"highlight|emphasi|includ|explor|come up|came up|identif|appear|stress|call|said|say|speak|spoke)", f):
            return None
        named_words = {w for t in plan.sessions[:1] for w in content_stems(t)} if _has(
            r" (apart from|besides|other than|except|outside|beyond) ", f) else set()
        topic = [t for t in self._topic(f, plan) if t not in named_words and self.df.get(t, 0) > 0]
        if not topic:
            return None
        by_chunk: dict[str, list[Unit]] = {}
        for u in self.k.units:
            if u.part_kind != "heading":
                by_chunk.setdefault(u.chunk_id, []).append(u)
        def matches(need: list[str]) -> dict[str, Unit]:
            found: dict[str, tuple[float, Unit]] = {}
            for units in by_chunk.values():
                stems = set().union(*(u.stems for u in units))
                if all(t in stems for t in need):
                    best = max(units, key=lambda u: (sum(self.idf(t) for t in need if t in u.stems), not u.heading))
                    score = sum(self.idf(t) for t in need if t in best.stems)
                    if best.session not in found or score > found[best.session][0]:
                        found[best.session] = (score, best)
            return {k: v[1] for k, v in found.items()}
        hits = matches(topic)
        if not hits and len(topic) > 1:
            hits = matches(sorted(topic, key=lambda t: self.df.get(t, 0))[:1])
        exclude = {s.title for s in self._sessions(plan)[:1]} if named_words else set()
        sessions = [s for s in self.k.sessions if s.title in hits and s.title not in exclude]
        if not sessions:
            return None
        topic_words = " ".join(w for w in f.split() if stem(w) in topic and w not in STOP) or "it"
        if len(sessions) == 1:
            c.say("topic_one", session=sessions[0].title, topic=topic_words)
        else:
            c.say("topic_head", count=len(sessions), topic=topic_words)
        for s in sessions:
            best = hits[s.title]
            day = f" ({s.day})" if s.day else ""
            c.say("extract_line", session=s.title, day=day, text=claim(best, self.k), cite=c.cite(best))
        return c.answer()

    def _compare(self, plan: Plan, f: str, c: Composer, _p: list[Passage]) -> Answer | None:
        """Two or more sessions named with a comparison: the best-covering sentence of each, cited."""
        sessions = self._sessions(plan)[:3]
        if len(sessions) < 2 or not _has(r" (differ|different|differently|compare|comparison|versus|vs|both|each|"
                                         r"similar|same|contrast|and the) ", f):
            return None
        named_words = {w for t in sessions for w in content_stems(t.title)}
        topic = [t for t in self._topic(f, plan) if t not in named_words]
        keynote = _has(r" keynotes? ", f)
        for s in sessions:
            units = [u for u in self.k.units_of(s.title, s.source) if not u.heading]
            if keynote:
                units = [u for u in units if u.part_kind == "keynote"] or units
                if s.keynote_speakers:
                    c.say("keynote_by", speakers=self._names(s.keynote_speakers), session=s.title, day=s.day,
                          cite=c.cite(self._keynote_unit(s) or self.k.head(s)))
            if not units:
                continue
            best = max(units, key=lambda u: (sum(self.idf(t) for t in topic if t in u.stems), -units.index(u)))
            day = f" ({s.day})" if s.day else ""
            c.say("extract_line", session=s.title, day=day, text=claim(best, self.k), cite=c.cite(best))
        return c.answer() if c.lines else None

    def _summary(self, plan: Plan, f: str, c: Composer, _p: list[Passage]) -> Answer | None:
        """A short cited summary of one session, or of the conference (Summary, Conclusion, Introduction)."""
        if not _has(r" (summar|tl ?dr|overview|recap|gist|in short|in a nutshell|main takeaways?|key takeaways?|"
                    r"what (was|were) (the )?(\w+ ){0,5}(panel|session|plenary|keynote|conference|event|day \d) about|"
                    r"what happened (at|in|on|during) (the )?(\w+ ){0,5}(panel|session|plenary|conference|event|day)|"
                    r"highlights|sum up|brief|how does the post (conclude|end)|conclusion of|background|"
                    r"purpose|context|introduc|aim of|goal of|why was)", f):
            return None
        sessions = [s for s in self._sessions(plan) if s.day]
        if sessions and not _has(r" (whole|entire|overall) ", f):
            s = sessions[0]
            units = self.k.units_of(s.title, s.source)
            if s.keynote_speakers:
                speakers = self._names(s.keynote_speakers)
                if not any(is_named_person(n) for n in s.keynote_speakers):
                    speakers = f"a {speakers}"
                c.say("summary_keynote", session=s.title, day=s.day, speakers=speakers,
                      cite=c.cite(self._keynote_unit(s) or self.k.head(s)))
                first = next((u for u in units if u.part_kind == "keynote" and not u.heading), None)
                if first:
                    c.add(f"{claim(first, self.k)} {c.cite(first)}.")
                c.say("summary_panel", names=self._names(s.panelists) if s.panelists else s.title,
                      cite=c.cite(self._panel_unit(s)))
            else:
                c.say("summary_panel_only", session=s.title, day=s.day, names=self._names(s.panelists),
                      cite=c.cite(self._panel_unit(s)))
            for u in units:
                if u.part_kind == "insight" and u.heading:
                    body = next((v for v in units if v.chunk_id == u.chunk_id and not v.heading), None)
                    if body:
                        c.say("summary_point", title=u.text, text=claim(body, self.k), cite=c.cite(body))
            close = next((u for u in units if u.part_kind == "conclusion" and not u.heading), None)
            if close:
                c.say("summary_close", text=close.text.rstrip("."), cite=c.cite(close))
            return c.answer()
        if plan.sessions and plan.sessions[0] in ("Introduction & Context", "Summary", "Conclusion", "Action points") \
                and plan.sessions[0] != "Summary":
            wanted = [plan.sessions[0]]
        elif _has(r" (conclude|conclusion|end|ends|wrap) ", f):
            wanted = ["Conclusion"]
        elif _has(r" (background|purpose|context|introduc|aim of|goal of|why was) ", f):
            wanted = ["Introduction & Context"]
        else:
            wanted = ["Summary", "Conclusion"]
        for title in wanted:
            s = next((x for x in self.k.sessions if x.title == title), None)
            if s is None:
                continue
            units = [u for u in self.k.units_of(s.title, s.source) if u.part_kind != "heading"]
            if title == "Summary":
                lead = next((u for u in units if not u.heading), None)
                if lead:
                    c.add(f"{claim(lead, self.k)} {c.cite(lead)}.")
                for u in units:
                    if u.heading and u.part_kind == "theme":
                        body = next((v for v in units if v.chunk_id == u.chunk_id and not v.heading), None)
                        if body:
                            c.say("summary_point", title=u.text, text=claim(body, self.k), cite=c.cite(body))
            elif title == "Introduction & Context":
                firsts: dict[str, list[Unit]] = {}
                for u in units:
                    firsts.setdefault(u.chunk_id, []).append(u)
                for i, group in enumerate(list(firsts.values())[:4]):
                    for u in group[: 2 if i == 0 else 1]:
                        c.add(f"{claim(u, self.k)} {c.cite(u)}.")
            else:
                for u in units[:5]:
                    c.add(f"{claim(u, self.k)} {c.cite(u)}.")
        return c.answer() if c.lines else None

    # ---- extraction ----------------------------------------------------------------------------
    def _similarities(self, question: str, units: list[Unit]) -> dict[tuple[str, int], float]:
        """Cosine similarity of the question to each unit (unit vectors computed once, then kept)."""
        if self.embedder is None or not units:
            return {}
        missing = [u for u in units if (u.source, u.start) not in self._vecs]
        if missing:
            vecs = self.embedder.embed_array([u.text for u in missing])
            for u, v in zip(missing, vecs):
                self._vecs[(u.source, u.start)] = v
        q = self.embedder.embed_query_array(question)
        return {(u.source, u.start): float(q @ self._vecs[(u.source, u.start)]) for u in units}

    def _extract(self, plan: Plan, f: str, c: Composer, passages: list[Passage]) -> Answer:
        """The sentences of the retrieved passages that best cover the question, or a refusal."""
        # Names the post never uses ("Geneva") are said to be absent, then the rest is answered.
        known = {w for n in self.k.people for w in words(n)}
        strangers = [w for w in re.findall(r"(?<=[a-z,;:] )[A-Z][a-z]{2,}", plan.original)
                     if fold(w) not in self.vocab and fold(w) not in known] if plan.lang == "en" else []
        if strangers:
            c.say("not_mentioned", what=", ".join(dict.fromkeys(strangers)))
        topic = [t for t in self._topic(f, plan) if t not in {stem(fold(w)) for w in strangers}]
        total = sum(self.idf(s) for s in topic) or 1.0
        need_place = _has(r" (where|venue|location|held|which city|what city) ", f)
        if need_place and not [t for t in topic if self.df.get(t, 0) > 0]:
            place = next((u for u in self.k.units if _PLACE.search(u.text)), None)
            if place is not None:
                day = f" ({place.day})" if place.day else ""
                c.add(f"In the {place.session}{day}: {claim(place, self.k)} {c.cite(place)}.")
                return c.answer()
        chunk_rank = {p.chunk_id: i for i, p in enumerate(passages)}
        candidates = [u for u in self.k.units if u.chunk_id in chunk_rank and u.part_kind != "heading"]
        scored = []
        for u in candidates:
            context = set(content_stems(u.session + " " + u.part))
            cover = sum(self.idf(s) * (1.0 if s in u.stems else 0.5 if s in context else 0.0) for s in topic) / total
            scored.append((cover - 0.02 * chunk_rank[u.chunk_id] + (0.01 if not u.heading else 0), cover, u))
        sims = self._similarities(plan.question, [x[2] for x in scored])
        scored = [(sc + 0.25 * sims.get((u.source, u.start), 0.0), cov, u) for sc, cov, u in scored]
        scored.sort(key=lambda x: -x[0])
        self.last_debug = {"cover": scored[0][1] if scored else 0.0,
                           "sim": max(sims.values()) if sims else 0.0}
        unknown = [s for s in topic if self.df.get(s, 0) == 0 and len(s) > 3] if plan.lang == "en" else []
        need_number = _has(r" (how many|how much|number of|how long|how big|percentage) ", f)
        need_date = _has(r" (when|what date|which date|what year|which year|dates?|what time|which month) ", f)
        def typed(u: Unit) -> bool:
            if need_place and not need_number and not need_date:
                return bool(_PLACE.search(u.text))
            if need_number:
                return bool(_NUMBER.search(u.text))
            if need_date:
                return bool(_DATE.search(u.text))
            return True
        # Lexical coverage decides; embedding similarity rescues a paraphrase (high similarity, partial
        # coverage) and vetoes a lone shared word (full coverage of one word, low similarity).
        def sim(u: Unit) -> float:
            return sims.get((u.source, u.start), 0.5)
        good = [x for x in scored if typed(x[2]) and (
            (x[1] >= COVER_MIN and sim(x[2]) >= 0.38) or (x[1] >= 0.25 and sim(x[2]) >= SIM_RESCUE))]
        unknown_weight = sum(self.idf(s) for s in unknown) / total if topic else 0.0
        confident = bool(good) and good[0][1] >= 0.5 and sim(good[0][2]) >= 0.7
        if not good or (unknown_weight >= 0.34 and not confident) or not topic:
            c.say("refuse")
            near = next((x for x in scored if x[1] > 0), scored[0] if scored else None)
            if near is not None and (topic or not plan.question.strip()):
                c.say("nearest", text=near[2].text, cite=c.cite(near[2]))
            return c.answer(refused=True)
        chosen = [good[0]]
        for x in good[1:4]:
            if x[2].heading:
                continue
            if x[2].session != chosen[0][2].session and x[1] < good[0][1]:
                continue
            if x[1] >= 0.75 * good[0][1] and len(chosen) < 2 and x[2].text != chosen[0][2].text:
                chosen.append(x)
        for _s, _cov, u in chosen:
            day = f" ({u.day})" if u.day else ""
            text = claim(u, self.k)
            if plan.lang == "en":
                c.add(f"{text} {c.cite(u)}." if u.session in text else f"In the {u.session}{day}: {text} {c.cite(u)}.")
            else:
                c.say("extract_line", session=u.session, day=day, text=u.text, cite=c.cite(u))
        return c.answer()
