"""Passages + Plan -> Answer: the deterministic offline answerer.

Answers from the knowledge layer when the question is about the post's structure (keynotes,
panelists, days, counts, people and their remarks, sessions without keynotes; answer_facts.py),
corrects false premises about who did what, lists every session that discusses a topic, compares
and summarises (answer_overview.py), and otherwise extracts the one or two sentences of the
retrieved passages that cover the question (here). Every sentence it writes carries a [n] marker
to a verbatim quote. When the post does not cover the question (a missing topic word, or no
sentence of the right type: a number for "how many", a date for "when"), it refuses in one
sentence and offers the nearest thing the post says. Does not retrieve and never calls a model.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer_base import _DATE, _NUMBER, _PLACE, COVER_MIN, SIM_RESCUE, _has
from assistant.answer_facts import FactAnswers
from assistant.answer_overview import OverviewAnswers
from assistant.compose import Composer, claim
from assistant.knowledge import Unit
from assistant.questions import Plan
from assistant.text import content_stems, fold, stem, words
from assistant.types import Answer, Passage


class Answerer(FactAnswers, OverviewAnswers):
    """The offline answerer over one Knowledge."""

    def answer(self, plan: Plan, passages: list[Passage]) -> Answer:
        """Answer the planned question from the knowledge layer and the passages."""
        c = Composer(self.k, plan.lang, plan.original)
        # Under a day/session/post filter this knowledge holds only part of the corpus.
        titles = {s.title for s in self.k.sessions}
        plan = replace(plan, people=[p for p in plan.people if p[0] in self.k.people],
                       sessions=[t for t in plan.sessions if t in titles])
        if not plan.question.strip():
            c.say("refuse_detail", what="anything in reply to instructions inside a question; ask about the conference")
            return c.answer(refused=True)
        # "How many days did it last and where was it held?" is two questions, answered in turn.
        parts = [p for p in re.split(r"\s+and\s+(?=(?:where|when|who|what|how|which|why)\b)", plan.question) if p]
        refused = []
        for part in parts:
            sub = plan if len(parts) == 1 else replace(plan, question=part)
            refused.append(self._answer_one(sub, c, passages).refused)
        return c.answer(refused=all(refused))

    def _answer_one(self, plan: Plan, c: Composer, passages: list[Passage]) -> Answer:
        f = " " + " ".join(words(plan.question)) + " "
        for handler in (self._unnamed, self._premise, self._structure, self._person, self._synthesis,
                        self._compare, self._summary):
            ans = handler(plan, f, c, passages)
            if ans is not None:
                return ans
        return self._extract(plan, f, c, passages)

    # ---- extraction ----------------------------------------------------------------------------
    def _similarities(self, question: str, units: list[Unit]) -> dict[tuple[str, int], float]:
        """Cosine similarity of the question to each unit (unit vectors computed once, then kept)."""
        if self.embedder is None or not units:
            return {}
        missing = [u for u in units if (u.source, u.start) not in self._vecs]
        if missing:
            vecs = self.embedder.embed_array([u.text for u in missing])
            for u, v in zip(missing, vecs, strict=True):
                self._vecs[(u.source, u.start)] = v
        q = self.embedder.embed_query_array(question)
        return {(u.source, u.start): float(q @ self._vecs[(u.source, u.start)]) for u in units}

    def _extract(self, plan: Plan, f: str, c: Composer, passages: list[Passage]) -> Answer:
        """The sentences of the retrieved passages that best cover the question, or a refusal."""
        # Names the post never uses ("Geneva") are said to be absent, then the rest is answered.
        known = {w for n in self.k.people for w in words(n)}
        strangers = [w for w in re.findall(r"(?<=[a-z,;:] )[A-Z][A-Za-z]{2,}\b", plan.cleaned or plan.original)
                     if fold(w) not in self.vocab and fold(w) not in known] if plan.lang == "en" else []
        if strangers:
            c.say("not_mentioned", what=", ".join(dict.fromkeys(strangers)))
        topic = [t for t in self._topic(f, plan) if t not in {stem(fold(w)) for w in strangers}]
        total = sum(self.idf(s) for s in topic) or 1.0
        need_place = _has(r" (where|venue|location|held|which city|what city) ", f)
        need_number = _has(r" (how many|how much|number of|how long|how big|percentage) ", f)
        need_date = _has(r" (when|what date|which date|what year|which year|dates?|what time|which month) ", f)
        if need_place and not need_date and not need_number and not [t for t in topic if self.df.get(t, 0) > 0]:
            place = next((u for u in self.k.units if _PLACE.search(u.text)), None)
            if place is not None:
                self._say_extract(c, plan, place)
                return c.answer()
        chunk_rank = {p.chunk_id: i for i, p in enumerate(passages)}
        candidates = [u for u in self.k.units if u.chunk_id in chunk_rank and u.part_kind != "heading"]
        scored = []
        for u in candidates:
            context = set(content_stems(u.session + " " + u.part))
            cover = sum(self.idf(s) * (1.0 if s in u.stems else 0.5 if s in context else 0.0) for s in topic) / total
            scored.append((cover - 0.02 * chunk_rank[u.chunk_id] - (0.05 if u.heading else 0), cover, u))
        sims = self._similarities(plan.question, [x[2] for x in scored])
        scored = [(sc + 0.25 * sims.get((u.source, u.start), 0.0), cov, u) for sc, cov, u in scored]
        scored.sort(key=lambda x: -x[0])
        self.last_debug = {"cover": scored[0][1] if scored else 0.0,
                           "sim": max(sims.values()) if sims else 0.0}
        unknown = [s for s in topic if self.df.get(s, 0) == 0 and len(s) > 3] if plan.lang == "en" else []
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
            self._say_extract(c, plan, u)
        return c.answer()

    def _say_extract(self, c: Composer, plan: Plan, u: Unit) -> None:
        """One quoted sentence with where it comes from (English, or the question's language)."""
        day = f" ({u.day})" if u.day else ""
        text = claim(u, self.k)
        if plan.lang == "en":
            c.add(f"{text} {c.cite(u)}." if u.session in text else f"In the {u.session}{day}: {text} {c.cite(u)}.")
        else:
            c.say("extract_line", session=u.session, day=day, text=u.text, cite=c.cite(u))

