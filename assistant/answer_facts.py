"""Answers read off the post's structure: keynotes, panelists, days, counts, people, false premises.

Each handler returns an Answer when the question is of its kind, else None. Every fact it states
cites the heading, panelists line or sentence that states it. Does not extract free text.
"""

from __future__ import annotations

import re

from assistant.answer_base import _PEOPLE_WORDS, _WORDS, AnswerBase, _has, _round_robin
from assistant.compose import Composer, claim
from assistant.corpus import Session, is_named_person
from assistant.knowledge import Person, Unit
from assistant.questions import Plan
from assistant.text import content_stems, fold, stem, words
from assistant.types import Answer, Passage


class FactAnswers(AnswerBase):
    """Structure and people questions."""

    def _unnamed(self, plan: Plan, f: str, c: Composer, _p: list[Passage]) -> Answer | None:
        """Questions about a speaker the post leaves unnamed (the UNICEF Representative)."""
        for s in self.k.sessions:
            for who in s.keynote_speakers:
                if is_named_person(who):
                    continue
                org = [w for w in words(who) if w not in ("representative", "speaker")]
                in_context = plan.sessions[:1] == [s.title] and _has(
                    r" (her|his|their|s|speaker s|representative s) name | "
                    r"who (was|is) (it|she|he|they|that|the speaker|"
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
            r"(give|gave|giving|deliver|present|his keynote|her keynote|their keynote|keynote by|s keynote|"
            r"keynote speech)", f
        ) or any(f" {w} keynote" in f for w in surnames))
        targets = self._sessions(plan)
        if _has(r" closing ", f):
            targets = [s for s in self._day_sessions() if "clos" in fold(s.title)] or targets
        for name, _how in plan.people[:1]:
            person = self.k.people[name]
            keynotes = [r for r in person.roles if r.role == "keynote"]
            elsewhere = targets and not any(r.session == targets[0].title for r in keynotes)
            if keynote_claim and (not keynotes or elsewhere):
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
            proof = self._days_said(len(known_days))
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
        if not sessions and _has(r" keynote (speakers?|talks?|speeches)| keynotes ", f) and _has(
                r" (list|all|who (were|gave|delivered)|which|name|every) ", f):
            for s in day_sessions:
                if s.keynote_speakers:
                    c.say("list_line", text=f"{s.title} ({s.day}): {self._names(s.keynote_speakers)}",
                          cite=c.cite(self._keynote_unit(s) or self.k.head(s)))
            return c.answer() if c.lines else None
        if _has(r" how many ", f) or _has(r" number of ", f):
            return self._count(f, c, sessions, day)
        session_words = {w for t in sessions[:2] for w in content_stems(t.title)}
        rest = [t for t in self._topic(f, plan) if t not in session_words and t not in _PEOPLE_WORDS]
        if _has(r" keynote", f) and sessions and _has(r" what ", f) and _has(
                r" (say|said|focus|discuss|talk|emphasi|highlight|cover|about|main points?) ", f):
            s = sessions[0]
            if not s.keynote_speakers and s.day:
                c.say("no_keynote", session=s.title, day=s.day, cite=c.cite(self.k.head(s)))
                return c.answer()
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
        if sessions and len(rest) <= 1 and _has(r" (panelist|panelists|panel members|on the panel|sat on|who spoke|"
                                                r"who was on|"
                             r"who were on|who participated|participants|speakers|who else|people|members|line ?up|"
                             r"who (\w+ )?(was|were) (on|in|part))", f):
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
            return self._list_sessions(c, day)
        ordinal = re.search(r" (first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)"
                            r"(?= (one|action point|insight|point|item|theme)\b| ?$| \()", f)
        if ordinal and sessions:
            return self._nth_item(c, sessions[0], ordinal.group(1))
        if _has(r" action points? ", f):
            return self._action_points(plan, f, c)
        return None

    def _days_said(self, n: int) -> Unit | None:
        """The sentence that states the event's length ("two-day event", "Over two days")."""
        said = re.compile(rf"\b({n}|{_WORDS.get(n, '-')})[- ]days?\b", re.I)
        return next((u for u in self.k.units if said.search(u.text)), None)

    def _nth_item(self, c: Composer, s: Session, which: str) -> Answer | None:
        """'What was the last one?' about a session's numbered items (action points, insights)."""
        items = [u for u in self.k.units_of(s.title, s.source)
                 if u.heading and u.part_kind in ("action_point", "insight")]
        order = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
        n = len(items) if which in ("last", "final") else order.index(which) + 1
        if not items or n > len(items):
            return None
        head = items[n - 1]
        body = next((u for u in self.k.units if u.chunk_id == head.chunk_id and not u.heading), None)
        c.say("nth_item", n=n, count=len(items), session=s.title, title=head.text, cite=c.cite(head))
        if body:
            c.add(f"{claim(body, self.k)} {c.cite(body)}.")
        return c.answer()

    def _action_points(self, plan: Plan, f: str, c: Composer) -> Answer | None:
        """The action points (all, or those on a topic), correcting a wrong count in the question."""
        items = [u for u in self.k.units if u.part_kind == "action_point" and u.heading]
        if not items:
            return None
        claimed = [int(n) for n in re.findall(r" (\d+) (?:action )?points? ", f)]
        if claimed and claimed[0] != len(items):
            c.say("premise_count", claimed=claimed[0], count=len(items), what="action points", cite=c.cite(items[-1]))
        rest = [t for t in self._topic(f, plan) if t not in {"action", "point", "list", "outline", "all", "deal"}
                and not t.isdigit() and self.df.get(t, 0) > 0]
        if not rest:
            return self._list_action_points(c) if _has(r" (what|list|which|all|are|name) ", f) or claimed else None
        picked = []
        for u in items:
            stems = set().union(*(v.stems for v in self.k.units if v.chunk_id == u.chunk_id))
            if any(t in stems for t in rest):
                picked.append(u)
        for u in picked:
            body = next((v for v in self.k.units if v.chunk_id == u.chunk_id and not v.heading), None)
            c.say("list_line", text=f"{u.text}: {claim(body, self.k)}" if body else u.text, cite=c.cite(body or u))
        return c.answer() if picked else None

    def _count(self, f: str, c: Composer, sessions: list[Session], day: str) -> Answer | None:
        if _has(r" action points? ", f):
            return self._list_action_points(c)
        if _has(r" days? ", f) and not sessions and _has(r" (how many|number of) days", f):
            days = sorted({s.day for s in self._day_sessions()})
            proof = self._days_said(len(days))
            firsts = {s.day: s for s in reversed(self._day_sessions())}  # each day's first session
            cite = c.cite(proof) if proof else " ".join(c.cite(self.k.head(firsts[d])) for d in days)
            c.say("count_items", count=len(days), what=f"days ({', '.join(days)})", cite=cite)
            return c.answer()
        if _has(r" (panelists?|people|speakers|members|participants) ", f) and sessions:
            s = sessions[0]
            c.say("panelists", session=s.title, day=s.day, names=f"{len(s.panelists)}: {self._names(s.panelists)}",
                  cite=c.cite(self._panel_unit(s)))
            return c.answer()
        if _has(r" (sessions|panels) ", f):
            return self._list_sessions(c, day)
        if _has(r" keynotes? ", f) and not _has(r" people| attend", f):
            ks = [s for s in self._day_sessions() if s.keynote_speakers]
            c.say("count_items", count=len(ks), what="sessions with a keynote", cite="")
            for s in ks:
                c.say("list_line", text=f"{s.title}: {self._names(s.keynote_speakers)}",
                      cite=c.cite(self._keynote_unit(s) or self.k.head(s)))
            return c.answer()
        return None

    def _list_action_points(self, c: Composer) -> Answer | None:
        items = [u for u in self.k.units if u.part_kind == "action_point" and u.heading]
        if not items:
            return None
        intro = next((u for u in self.k.units if u.part_kind == "action_point" and not u.heading
                      and u.chunk_id == items[0].chunk_id and u.start < items[0].start), None)
        c.say("count_items", count=len(items), what="action points", cite=c.cite(intro or items[0]))
        for u in items:
            c.say("list_line", text=u.text, cite=c.cite(u))
        return c.answer()

    def _list_sessions(self, c: Composer, day: str) -> Answer:
        chosen = [s for s in self._day_sessions() if not day or s.day == day]
        titles = ", ".join(f"{s.title} {c.cite(self.k.head(s))}" for s in chosen)
        if day:
            c.say("sessions_on_day", day=day, count=len(chosen), titles=titles)
        else:
            c.say("sessions_all", count=len(chosen), titles=titles)
        return c.answer()

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
                c.say("ambiguous_person", first=plan.people[0][0].split()[0],
                      names=self._names([p.name for p in people]))
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

