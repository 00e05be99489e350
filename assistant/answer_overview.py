"""Answers that gather across the post: every session on a topic, comparisons, summaries.

Does not answer structure questions (answer_facts.py) or extract single sentences (answer.py).
"""

from __future__ import annotations

import re

from assistant.answer_base import AnswerBase, _has
from assistant.compose import Composer, claim
from assistant.corpus import is_named_person
from assistant.knowledge import Unit
from assistant.questions import Plan
from assistant.text import STOP, content_stems, stem
from assistant.types import Answer, Passage


class OverviewAnswers(AnswerBase):
    """Synthesis, comparison and summary questions."""

    def _synthesis(self, plan: Plan, f: str, c: Composer, _p: list[Passage]) -> Answer | None:
        """'Which sessions discussed X?': every section with a passage on X, each cited."""
        if not (_has(r" (which|what) (sessions?|panels?|parts?|sections?|speakers?|talks?|keynotes?) ", f)
                or _has(r" where (was|were|did|is|are|in the post|in the conference) ", f)
                or _has(r" (any|other) (sessions?|panels?) ", f)
                or _has(r" (did|does|was|were) (anyone|anybody|someone|somebody|any \w+) ", f)
                or _has(r" what (was|were) (said|discussed|mentioned) ", f)
                or _has(r" what did (they|speakers|panelists|people|participants|the speakers|the panelists) ", f)):
            return None
        if not _has(r" (discuss|mention|talk|address|cover|rais|bring|brought|touch|focus|deal|about|feature|"
                    r"highlight|emphasi|includ|explor|come up|came up|identif|appear|stress|call|said|say|speak|"
                    r"spoke)", f):
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
        def matches(need: list[str], share: float = 1.0) -> dict[str, Unit]:
            found: dict[str, tuple[float, Unit]] = {}
            total = sum(self.idf(t) for t in need)
            for units in by_chunk.values():
                stems = set().union(*(u.stems for u in units))
                if sum(self.idf(t) for t in need if t in stems) >= share * total - 1e-9:
                    best = max(units, key=lambda u: (sum(self.idf(t) for t in need if t in u.stems), not u.heading))
                    score = sum(self.idf(t) for t in need if t in best.stems)
                    if best.session not in found or score > found[best.session][0]:
                        found[best.session] = (score, best)
            return {k: v[1] for k, v in found.items()}
        hits = matches(topic)
        if not hits and len(topic) > 1:  # no passage has every topic word: the ones that have most of them
            hits = matches(topic, share=0.6)
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
        day = re.search(r" day (\d+) ", f)
        if day and not sessions:
            chosen = [s for s in self.k.sessions if s.day == f"Day {day.group(1)}"]
            for s in chosen:
                close = next((u for u in self.k.units_of(s.title, s.source)
                              if u.part_kind == "conclusion" and not u.heading), None)
                if close:
                    c.say("summary_point", title=f"{s.title}", text=claim(close, self.k), cite=c.cite(close))
            return c.answer() if c.lines else None
        if sessions and _has(r" (conclusion|conclude|concluded|end|ended|wrap up) ", f) and not _has(
                r" (summar|overview|recap|gist) ", f):
            s = sessions[0]
            for u in self.k.units_of(s.title, s.source):
                if u.part_kind == "conclusion" and not u.heading:
                    c.add(f"{claim(u, self.k)} {c.cite(u)}.")
            return c.answer() if c.lines else None
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

