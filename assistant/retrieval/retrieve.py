"""Question -> ranked Passages: dense (Chroma) and keyword (BM25) search fused, structure aware.

Dense similarity from the Chroma collection and BM25 over the same chunks are fused by
reciprocal rank; then the post's structure adds evidence: a session named in the question
(by distinctive title words) or a person named in it (full name, surname, first name, typo
tolerant) lifts that session's chunks. Filters (day, session, post) apply to every signal.
Does not decide whether the post answers the question; that is answer.py's job.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from assistant.ingest.chunks import Chunk
from assistant.ingest.knowledge import Knowledge
from assistant.store.embeddings import OfflineEmbedder
from assistant.store.index import Index
from assistant.text import content_stems, fold, words
from assistant.types import Passage

RRF_K = 60


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to a day, a session (exact heading) and/or a post (source path)."""

    day: str = ""
    session: str = ""
    source: str = ""

    def admits(self, c: Chunk) -> bool:
        """True when the chunk passes every filter that is set."""
        return (not self.day or c.day == self.day) and (not self.session or c.session == self.session) and (
            not self.source or c.source == self.source
        )


class BM25:
    """Okapi BM25 over stemmed content words."""

    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.tf = [Counter(d) for d in docs]
        self.len = [len(d) for d in docs]
        self.avg = sum(self.len) / max(1, len(docs))
        df: Counter[str] = Counter()
        for d in docs:
            df.update(set(d))
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: list[str]) -> list[float]:
        """A score per document."""
        out = []
        for tf, ln in zip(self.tf, self.len, strict=True):
            s = 0.0
            for t in query:
                f = tf.get(t, 0)
                if f:
                    s += self.idf[t] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * ln / self.avg))
            out.append(s)
        return out


class Retriever:
    """Hybrid, structure-aware retrieval over one Index."""

    def __init__(self, index: Index, knowledge: Knowledge, embedder: OfflineEmbedder) -> None:
        self.index = index
        self.knowledge = knowledge
        self.embedder = embedder
        self.chunks = index.chunks
        self.bm25 = BM25([content_stems(f"{c.session} {c.part} {c.text}") for c in self.chunks])
        # Distinctive words of each session title (not shared by most titles: "open", "source", "panel").
        titles = {c.session for c in self.chunks}
        df = Counter(s for t in titles for s in set(content_stems(t)))
        self.title_words = {
            t: {s for s in content_stems(t) if df[s] <= max(1, len(titles) // 4)} for t in titles
        }

    def sessions_named(self, question: str, stems: list[str] | None = None) -> list[str]:
        """Sessions the question names (exact title, or distinctive title words), best first.

        A title word right before "panel", "session", "plenary" or "keynote" ("the youth panel") counts
        more than the same word used as a topic ("youth programs").
        """
        qs = set(stems if stems is not None else content_stems(question))
        folded = " ".join(words(question))
        toks = folded.split()
        marks = ("panel", "panels", "session", "plenary", "keynote", "panel's")
        near = {content_stems(toks[i])[0] for i in range(len(toks)) if content_stems(toks[i]) and (
            any(t in marks for t in toks[i + 1 : i + 3]) or any(t in marks for t in toks[max(0, i - 5) : i]))}
        found = []
        for title, ws in self.title_words.items():
            if fold(title) in fold(question):
                found.append((3.0, title))
            elif ws and qs & ws:
                if all(len(w) <= 2 for w in qs & ws) and not ws & near:
                    continue  # "UN", "AI" alone are topics, not a session's name
                score = len(qs & ws) / len(ws) + (1.0 if ws & near else 0.0)
                if score >= 0.99:  # every distinctive word, or one right by "panel"/"session"/"keynote"
                    found.append((score, title))
        found.sort(key=lambda x: -x[0])
        return [t for _s, t in found]

    def search(
        self, question: str, k: int = 4, *, filters: Filters | None = None, boost_sessions: list[str] | None = None,
        boost_people: list[str] | None = None,
    ) -> list[Passage]:
        """The k best passages for the question."""
        filters = filters or Filters()
        pool = [i for i, c in enumerate(self.chunks) if filters.admits(c)]
        if not pool:
            return []
        stems = content_stems(question)
        fused: dict[int, float] = {i: 0.0 for i in pool}
        pos = {c.id: i for i, c in enumerate(self.chunks)}
        vec = self.embedder.embed_query_array(question).tolist()
        dense = self.index.dense(vec, min(len(pool), 30), filters.admits)
        dense_sim = {}
        for rank, (cid, sim) in enumerate(dense):
            i = pos.get(cid)
            if i is not None and i in fused:
                fused[i] += 1.0 / (RRF_K + rank)
                dense_sim[i] = sim
        if stems:
            bm = self.bm25.scores(stems)
            ranked = sorted(pool, key=lambda i: -bm[i])
            for rank, i in enumerate(ranked[:30]):
                if bm[i] > 0:
                    fused[i] += 1.0 / (RRF_K + rank)
        named = boost_sessions if boost_sessions is not None else self.sessions_named(question, stems)
        people = boost_people if boost_people is not None else [n for n, _h in self.knowledge.find_people(question)]
        bonus = 1.0 / RRF_K
        for i in pool:
            c = self.chunks[i]
            if c.session in named[:2]:
                fused[i] += bonus * (1.0 if c.session == named[0] else 0.5)
            if people:
                text = fold(c.text)
                for who in people:
                    if who in c.speakers:
                        fused[i] += bonus * 0.5
                    last = words(who)[-1]
                    if last in text:
                        fused[i] += bonus * 0.75
        order = sorted(pool, key=lambda i: (-fused[i], self.chunks[i].order))
        return [self.passage(self.chunks[i], fused[i]) for i in order[:k]]

    @staticmethod
    def passage(c: Chunk, score: float) -> Passage:
        """A chunk as a Passage."""
        return Passage(
            session=c.session, day=c.day, text=c.text, score=round(score, 6), start=c.start, end=c.end,
            source=c.source, part=c.part, kind=c.kind, speakers=c.speakers, post=c.post, chunk_id=c.id,
        )
