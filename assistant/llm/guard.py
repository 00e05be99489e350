"""The citation guard: a generated answer -> an Answer whose every [n] points at a verbatim quote that supports it.

Runs on every generated answer before it is final. Sentence by sentence it
1. repairs markers used as nouns ("As stated in [1], X" -> "As stated in the post, X [1]"; a sentence
   that cannot be repaired is dropped rather than left with a hole),
2. removes markers that point at no source,
3. asks the Judge (judge.py) whether the cited sources support the claim — words, entities, roles
   and polarity; words repeating the question need no support from a sentence the offline answer
   verified as answering it — and resolves each supporting source to the sentence (or bullet) it quotes; an
   unmarked or wrongly marked sentence that one source clearly supports gets that citation,
4. drops (or, in `flag` mode, marks) what is not supported,
5. checks "the post does not say …" sentences like claims: one is dropped when a kept sentence
   says what it denies, when the sources say it, or when it denies nothing in particular next to
   supported claims; at most one is kept, after the claims.
An answer with a supported claim is never a refusal; one with none becomes an honest refusal that
cites the nearest passage only when it is on the question's topic (otherwise it says there is
nothing close to cite). `complete` adds, quoted, the points of the offline answer that a kept
answer left out. Counts of every change go to `Answer.guard`. Does not call a model or retrieve.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from assistant.answering.compose import Composer
from assistant.answering.normalise import translate
from assistant.ingest.knowledge import Knowledge, Unit
from assistant.llm.asked import Asked, nameless
from assistant.llm.claims import stems_of
from assistant.llm.judge import Judge
from assistant.llm.markers import bare, denial, denied, numbers, repair, split_sentences
from assistant.llm.sources import Candidate, Source, as_sources, unit_of
from assistant.types import Answer, Passage

UNMARKED_MIN = 0.75  # stricter bar to attach a citation the model did not give
DENIAL_SAID = 0.75  # a denial is dropped when a source supports what it denies this clearly
TOPIC_MIN = 0.5  # a refusal cites the nearest sentence only when it covers this share of the question's topic
TOPIC_COS = 0.35  # ... and is this close to the question (with an embedder)
TOPIC_COS_ALONE = 0.55  # or is this close to it, in other words ("non-programmers" for "non-technical users")
CONVEYED = 0.4  # idf-weighted share of a cited sentence's own stems an answer uses to carry it (complete)
MAX_ADDED = 12  # points of the offline answer added to a generated answer that left them out
FLAG = " (not supported by the post)"
_QUESTION_FRAME = frozenset(stems_of("""what which who whom whose when where why how did does do was were is are
    tell about exactly anything something someone anyone people person talk talked say said speak spoke
    discuss discussed mention mentioned give gave name names happen happened"""))

__all__ = ["Guard", "split_sentences"]


def _counts() -> dict[str, int]:
    keys = ("sentences", "sentences_kept", "sentences_dropped", "sentences_flagged", "sentences_repaired",
            "markers_removed", "markers_unsupported", "markers_added", "markers_repointed", "quotes_resolved",
            "denials_kept", "denials_dropped", "model_refused", "became_refusal", "nearest_cited", "points_added")
    return dict.fromkeys(keys, 0)


class Guard:
    """Checks generated answers against the sources (fact lines and passages) they were given."""

    def __init__(self, knowledge: Knowledge, *, mode: str = "drop", embedder: Any = None, offline: Any = None) -> None:
        if mode not in ("drop", "flag"):
            raise ValueError(f"guard mode must be 'drop' or 'flag', not {mode!r}")
        self.k = knowledge
        self.mode = mode
        self.judge = Judge(knowledge, embedder=embedder, offline=offline)
        n = max(1, len(knowledge.units))
        self._idf = {t: math.log(n / c) for t, c in knowledge.stem_df.items()}  # "open" little; "ECOSOC" much
        self._idf_unknown = math.log(n)

    def check(self, text: str, sources: Sequence[Source | Passage], *, question: str, lang: str = "en",
              topic: Sequence[str] = (), verified: Answer | None = None) -> Answer:
        """The guarded Answer for a generated `text` whose [n] refer to `sources` (1-based).

        `topic`: the question's topic stems (the offline understanding's), for choosing what a refusal cites.
        `verified`: the offline answer to the same question; when it answers, the spans it cites are known
        to answer the question, so a claim restating the question over one of them is judged on what it adds.
        """
        srcs = as_sources(sources, self.k)
        asked = self.asked(question, lang, verified)
        counts = _counts()
        c = Composer(self.k, lang, question)
        todo, denials = self._sorted(text, srcs, c, counts)
        kept = self._judged(todo, srcs, c, counts, asked, lang)
        said = self._denials(denials, kept, srcs, counts)
        if kept:
            if said:
                c.add(said)
            return replace(c.answer(), guard=counts)
        counts["model_refused"] = int(bool(said))
        counts["became_refusal"] = int(not said)
        refusal = self.refusal(question, srcs, lang, first=said, topic=topic)
        counts["nearest_cited"] = len(refusal.citations)
        return replace(refusal, guard=counts)

    def _sorted(self, text: str, srcs: list[Source], c: Composer, counts: dict[str, int]
                ) -> tuple[list[tuple[str, str, list[int]]], list[str]]:
        """The generated sentences repaired and sorted: (prefix, claim, valid markers) to judge, and the
        denials ("The post does not say …"); sentences that carry no claim are added to `c` as they are."""
        sents = split_sentences(_without_headers(text, srcs))
        counts["sentences"] = len(sents)
        if sents and not sents[-1][0] and not numbers(sents[-1][1]) and not re.search(r"[.!?:\"”)]$", sents[-1][1]):
            sents.pop()  # cut off mid-sentence (the token limit): "…, ensuring that young"
            counts["sentences_dropped"] += 1
        todo: list[tuple[str, str, list[int]]] = []
        denials: list[str] = []
        for prefix, raw in sents:
            fixed = repair(raw)
            if fixed is None:
                counts["sentences_dropped"] += 1
                counts["markers_removed"] += len(numbers(raw))
                continue
            counts["sentences_repaired"] += fixed != raw
            marks = numbers(fixed)
            valid = list(dict.fromkeys(n for n in marks if 1 <= n <= len(srcs)))
            counts["markers_removed"] += len([n for n in marks if not 1 <= n <= len(srcs)])
            claim = bare(fixed)
            if denial(claim) is not None:
                denials.append(claim)
                counts["markers_removed"] += len(valid)
            elif not stems_of(claim):  # "Sure." / "Here is what the post says:" carry no claim
                counts["markers_removed"] += len(valid)
                if claim and not claim.endswith(":"):
                    c.add(prefix + claim)
                    counts["sentences_kept"] += 1
            else:
                todo.append((prefix, claim, valid))
        return todo, denials

    def _judged(self, todo: list[tuple[str, str, list[int]]], srcs: list[Source], c: Composer,
                counts: dict[str, int], asked: Asked | None, lang: str) -> list[frozenset[str]]:
        """Each claim kept with the markers of the sources that support it (or flagged, or dropped);
        the stems of the kept claims."""
        # A claim in French or Spanish is judged in word-for-word English (the evidence is English).
        judged = [translate(t, lang) for _p, t, _v in todo]
        cores = [self.judge.core(t) for t in judged]
        more = [nameless(self.judge.reader.read(t)) for t in cores] if asked is not None else []
        vecs = self.judge.vectors(cores + more)[: len(cores)]  # one model call; the rest are memoised for later
        self.judge.prime(judged)  # near words of every claim's specific words: one model call
        kept: list[frozenset[str]] = []
        for (prefix, claim, valid), english, qvec in zip(todo, judged, vecs, strict=True):
            cites = self._supported(english, valid, srcs, qvec, counts, asked)
            if cites:
                counts["quotes_resolved"] += len(cites)
                markers = "".join(dict.fromkeys(c.cite(x.unit) for x in cites))
                c.add(prefix + _with_markers(claim, markers))
                counts["sentences_kept"] += 1
                kept.append(frozenset(stems_of(claim)))
            elif self.mode == "flag":
                c.add(prefix + _with_markers(claim, FLAG.strip()))
                counts["sentences_flagged"] += 1
            else:
                counts["sentences_dropped"] += 1
        return kept

    def asked(self, question: str, lang: str, verified: Answer | None) -> Asked | None:
        """The question and the spans the offline answer cites for it, when it answers (else None)."""
        if verified is None or verified.refused or not verified.citations:
            return None
        english = translate(question, lang)
        return Asked(frozenset(stems_of(question)) | frozenset(stems_of(english)),
                     tuple(dict.fromkeys((c.source, c.start, c.end) for c in verified.citations)),
                     negated=self.judge.reader.read(english).negated)

    def _supported(self, claim: str, valid: list[int], srcs: list[Source], qvec: Any,
                   counts: dict[str, int], asked: Asked | None) -> tuple[Candidate, ...]:
        """The quotes supporting a claim: from its own markers, else from one source that clearly supports it."""
        if valid:
            v = self.judge.support(claim, [srcs[n - 1] for n in valid], qvec=qvec, asked=asked)
            if v.supported:
                counts["markers_unsupported"] += len(valid) - len({x.source for x in v.cites})
                return v.cites
            counts["markers_unsupported"] += len(valid)
        v = self.judge.support(claim, srcs, threshold=UNMARKED_MIN, together=False, qvec=qvec, asked=asked)
        if not v.supported and asked is not None:
            # A sentence joining several verified points ("a keynote by A and B, who discussed X and
            # introduced Y") is supported by those points together, at the same stricter bar.
            verified = [s for s in srcs if asked.answers(s)]
            if verified:
                v = self.judge.support(claim, verified, threshold=UNMARKED_MIN, qvec=qvec, asked=asked, parts=True)
        if v.supported:
            counts["markers_repointed" if valid else "markers_added"] += 1
            return v.cites
        return ()

    def _denials(self, denials: list[str], kept: list[frozenset[str]], srcs: list[Source],
                 counts: dict[str, int]) -> str:
        """The one "the post does not say …" sentence worth keeping, or ""."""
        out = ""
        for d in denials:
            words = denial(d) or frozenset()
            contradicts = any(words <= k for k in kept) if words else bool(kept)
            if contradicts or out or (words and self._said(d, srcs)):
                counts["denials_dropped"] += 1
                continue
            out = d
            counts["denials_kept"] += 1
        return out

    def _said(self, sentence: str, srcs: list[Source]) -> bool:
        """The sources state what a "the post does not say X" sentence denies."""
        what = denied(sentence)
        return bool(stems_of(what)) and self.judge.support(what, srcs, threshold=DENIAL_SAID, together=False).supported

    # ---- completeness ---------------------------------------------------------------------------
    def complete(self, ans: Answer, verified: Answer, *, question: str, lang: str = "en") -> Answer:
        """A guarded answer plus, quoted under "The post also says:", the points of the verified (offline)
        answer to the same question that none of its citations covers, and the sentences of the points it
        cites that its words do not convey (at most MAX_ADDED). A small model often answers part of a
        question ("the keynotes he gave", not what he said in them), or cites a bullet for its first sentence
        when the answer is in its second."""
        if ans.refused or verified.refused:
            return ans
        missing = self._left_out(ans, verified, question, lang)[:MAX_ADDED]
        if not missing:
            return ans
        said = set().union(*(stems_of(f"{u.text} {u.session} {' '.join(u.mentions)}") for u in missing))
        c = Composer(self.k, lang, question)
        for cit in ans.citations:  # the same numbers, in the same order
            unit = unit_of(cit, self.k)
            if unit is not None:
                c.cite(unit)
        counts = dict(ans.guard or {})
        for line in ans.text.splitlines():
            words = denial(line)
            if words is not None and words <= said:  # "the post does not say X", and an added point says X
                counts["denials_dropped"] = counts.get("denials_dropped", 0) + 1
                counts["denials_kept"] = max(0, counts.get("denials_kept", 0) - 1)
                continue
            c.add(line)
        c.say("also_head")
        for unit in missing:
            where = f"{unit.session} ({unit.day})" if unit.day else unit.session
            c.add(c.render("also_line", where=where, text=unit.text, cite=c.cite(unit)))
            counts["points_added"] = counts.get("points_added", 0) + 1
        return replace(c.answer(), guard=counts, backend=ans.backend)

    def _left_out(self, ans: Answer, verified: Answer, question: str, lang: str) -> list[Unit]:
        """The verified answer's quoted points the answer leaves out: a point none of its citations overlaps,
        whole; of a point it cites, each sentence the verified answer shows whose own words (those the
        question does not give) it mostly does not use (CONVEYED; English only: a French answer's words
        are not the quote's)."""
        have = [(c.source, c.start, c.end) for c in ans.citations]
        told, asked = set(stems_of(ans.text)), set(stems_of(question))
        out: list[Unit] = []
        for cit in verified.citations:
            unit = unit_of(cit, self.k) if cit.quote.strip() else None
            if unit is None:
                continue
            if not any(src == cit.source and start < cit.end and cit.start < end for src, start, end in have):
                out.append(unit)
            elif lang == "en":
                out += [u for u in self.k.units_in(cit.source, cit.start, cit.end) if u.text.rstrip(". ") in
                        verified.text and not self._conveyed(u.text, told, asked)]
        return out

    def _conveyed(self, sentence: str, told: set[str], asked: set[str]) -> bool:
        """Whether an answer whose words are `told` carries a sentence: at least CONVEYED of the idf weight of
        its content stems that the question (`asked`) does not already give."""
        own = set(stems_of(sentence)) - asked
        weight = {t: self._idf.get(t, self._idf_unknown) for t in own}
        return sum(weight[t] for t in own & told) >= CONVEYED * sum(weight.values())

    # ---- refusals ------------------------------------------------------------------------------
    def refusal(self, question: str, sources: Sequence[Source | Passage], lang: str, *, first: str = "",
                topic: Sequence[str] = ()) -> Answer:
        """'The post does not say', citing the sentence closest to the question only when it is on its topic."""
        srcs = as_sources(sources, self.k)
        c = Composer(self.k, lang, question)
        if first:
            c.add(first)
        else:
            c.say("refuse")
        unit = self.nearest(question, srcs, topic=topic)
        if unit is not None:
            c.say("nearest", text=unit.text, cite=c.cite(unit))
        else:
            c.say("nothing_near")
        return c.answer(refused=True)

    def nearest(self, question: str, srcs: Sequence[Source], *, topic: Sequence[str] = ()) -> Unit | None:
        """The sentence of the sources that is on the question's topic and closest to it, or None."""
        want = frozenset(topic) if topic else frozenset(stems_of(question)) - _QUESTION_FRAME
        if not want:
            return None
        j = self.judge
        qvec = j.vectors([question])[0]
        best: tuple[float, Unit | None] = (0.0, None)
        for s in srcs:
            for cand in j.candidates(s):
                if len(cand.units) > 1:
                    continue
                u = cand.unit
                cover = j.coverage(want, set(j.stems(u)), set(stems_of(f"{u.session} {u.part}")))
                cos = j.cosine(qvec, cand) if qvec is not None else 1.0
                near = (cover >= TOPIC_MIN and cos >= TOPIC_COS) or (qvec is not None and cos >= TOPIC_COS_ALONE)
                if near and cover + cos > best[0]:
                    best = (cover + cos, u)
        return best[1]


def _without_headers(text: str, srcs: Sequence[Source]) -> str:
    """The text without the sources' headings a model copies after a marker or as a line of its own
    ("[12] Open Source at the UN Panel, Day 1, Key insight 2: Policy and Governance, where …")."""
    for i, s in enumerate(srcs, 1):
        if s.kind == "fact" or not s.header:
            continue
        part = s.header.split(", ")[-1]
        for head in dict.fromkeys((s.header, part)):
            if len(head) < 12 or head not in text:  # (most are absent: no pattern to compile)
                continue
            text = re.sub(r"(\[" + str(i) + r"\])\s*" + re.escape(head) + r"[,:]?", r"\1", text)
            text = re.sub(r"(?m)^\s*" + re.escape(head) + r"\s*[,:]\s*", "", text)
    return text


def _with_markers(sentence: str, markers: str) -> str:
    """'claim.' + '[1]' -> 'claim [1].'"""
    m = re.search(r"[.!?]+[\"”’)]*$", sentence)
    if m:
        return f"{sentence[:m.start()].rstrip()} {markers}{sentence[m.start():]}"
    return f"{sentence} {markers}"
