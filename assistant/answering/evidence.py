"""Stage 5, Select (free text): rank the post's bullets and paragraphs as evidence for a question.

A *bullet* is one list item or paragraph: its sentences are quoted together, so an answer whose
substance is in a bullet's second sentence is never cut to the first. Each candidate gets named
features: `cover` (idf-weighted share of the question's topic words it uses, its label, part and
session title counting half), `syn` (the same, with words the embedding model puts near a topic
word counting too), `sim` (cosine of question and sentence embeddings), `entity` (agreement with
the people, sessions and days the question names), `typed` (it holds the kind of answer asked: a number,
a place, a date, a name) and `rank` (where retrieval put its chunk). Does not decide answerability
(verify.py) or write text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from assistant.answering.catalog import Catalog
from assistant.answering.holds import asked_thing, holds, names_thing
from assistant.answering.mentions import Mentions
from assistant.answering.vocab import POLAR, vocab
from assistant.ingest.knowledge import Knowledge, Unit
from assistant.ingest.shape import shape
from assistant.store.vectors import VectorCache
from assistant.text import STOP, content_stems, stem, words

NEAR = 0.6  # word-embedding cosine above which a post word stands in for a question word
NEAR_CREDIT = 0.6
DAY_AGREEMENT = 0.5  # entity credit for a bullet of a day the question names, taken from one of another day
CONTEXT_CREDIT = 0.5
_DATES = frozenset({"date", "dates", "dated"})  # a question asking for a calendar date
# What a span of time answers ("how much quicker": "within ten days … compared with about four months").
_SPANS = frozenset(stem(w) for w in ("time", "long", "duration", "period", "quicker", "faster", "sooner", "slower",
                                     "longer", "shorter", "earlier", "later"))


_THEIR_OWN = re.compile(r"\b(?:her|his|their)\s+(?:own\s+)?([a-z][\w-]+)", re.I)  # "Her foundation has …"
_WHICH = frozenset({"which", "what", "whose"})  # the words before a noun asked which one of
_NAMED = re.compile(r"(?<=\s)[A-Z][a-z]")  # an affiliation with a name in it ("at the Nordhavn Foundation"; not
# "Founder" alone)
_AGENT = re.compile(r"\bby (?:the )?[A-Z][a-z]")  # "organised by the Open Harvest Alliance": who did it

# A sentence that opens by pointing back at what the bullet before it named: "The initiative …", "This fund …".
_POINTS_BACK = re.compile(r"(?:The|This|These|That|Those|Such) ([A-Za-z]+)\b")

@dataclass(frozen=True)
class Bullet:
    """The sentences of one list item or paragraph, in order."""

    units: tuple[Unit, ...]

    @property
    def first(self) -> Unit:
        """The bullet's first sentence (carries the label)."""
        return self.units[0]

    @property
    def stems(self) -> set[str]:
        """The content stems of all its sentences."""
        return set().union(*(u.stems for u in self.units))

    def quote(self, text: str) -> Unit:
        """The whole bullet as one verbatim unit (source text from first start to last end)."""
        a, b = self.units[0], self.units[-1]
        return replace(a, end=b.end, text=text[a.start : b.end])


@dataclass(frozen=True)
class Scored:
    """A candidate bullet with its features and ranking score."""

    bullet: Bullet
    cover: float
    syn: float
    known: float  # like syn, over only the topic words the posts use or stand near
    sim: float
    entity: float
    typed: float
    rank: int
    score: float
    tsim: float = 0.0  # cosine of the topic words alone ("quantum computing") and the bullet's closest sentence


class Evidence:
    """Bullets of one Knowledge, with sentence and word vectors for ranking."""

    def __init__(self, knowledge: Knowledge, catalog: Catalog, vectors: VectorCache,
                 is_name: Callable[[str], bool] = lambda w: False) -> None:
        self.k = knowledge
        self.is_name = is_name  # a word people write capitalised: a particular thing ("linux"), no kind of one
        self.c = catalog
        self.vectors = vectors
        self.texts = {p.source: p.text for p in knowledge.posts}
        self.bullets: list[Bullet] = []
        self.bullet_of: dict[tuple[str, int], Bullet] = {}
        self._at: dict[Bullet, int] = {}  # a bullet's place in self.bullets
        self._group()
        vecs = vectors.texts([u.text for u in knowledge.units], "units")
        self.unit_mat = vecs  # row i: knowledge.units[i] (closest() searches it whole)
        self.unit_vec = {(u.source, u.start): vecs[i] for i, u in enumerate(knowledge.units)}
        vocab = sorted({w for u in knowledge.units for w in words(u.text) if w not in STOP and len(w) > 2})
        self.word_stems = [stem(w) for w in vocab]
        self.word_vecs = vectors.texts(vocab, "words")
        # near words by the word as asked (not its stem: "put" and "putting" stand near different words,
        # and a stem-keyed cache made an answer depend on which form an earlier question used)
        self._near: dict[str, frozenset[str]] = {}
        self.acronyms = acronyms(self.texts.values())  # "sdgs": the stems of "Sustainable Development Goals"

    def _group(self) -> None:
        current: list[Unit] = []
        for u in self.k.units:
            starts = u.first_in_bullet or u.heading or not current or current[-1].chunk_id != u.chunk_id \
                or current[-1].heading
            if starts and current:
                self._add(current)
                current = []
            current.append(u)
        if current:
            self._add(current)

    def _add(self, units: list[Unit]) -> None:
        b = Bullet(tuple(units))
        self._at[b] = len(self.bullets)
        self.bullets.append(b)
        for u in units:
            self.bullet_of[(u.source, u.start)] = b

    def leans_on(self, b: Bullet) -> Bullet | None:
        """The bullet just before b in the same part when b opens by pointing back to it ("The initiative
        has graduated 250 …" after "… the All in Africa initiative aims …"); else None."""
        back = _POINTS_BACK.match(b.first.text)
        prev = self.beside(b, -1) if back else None
        if prev is None or (prev.first.source, prev.first.session, prev.first.part) != (
                b.first.source, b.first.session, b.first.part) or all(u.heading for u in prev.units):
            return None
        noun = stem(back.group(1).lower())
        post = next((p.title for p in self.k.posts if p.source == b.first.source), "")
        if noun in content_stems(f"{b.first.session} {b.first.part} {post}") or noun in shape().role_words:
            return None  # "The panel agreed …", "The speaker presented …": the session's own, not the bullet before
        return prev if noun in prev.stems else None

    def beside(self, b: Bullet, step: int) -> Bullet | None:
        """The bullet `step` places after b in the posts (-1: the one before), or None."""
        i = self._at.get(b)
        return self.bullets[i + step] if i is not None and 0 <= i + step < len(self.bullets) else None

    def likeness(self, a: Bullet, b: Bullet) -> float:
        """How alike two bullets are: the cosine of their closest pair of sentences."""
        va = [self.unit_vec[(u.source, u.start)] for u in a.units if (u.source, u.start) in self.unit_vec]
        vb = [self.unit_vec[(u.source, u.start)] for u in b.units if (u.source, u.start) in self.unit_vec]
        return float((np.stack(va) @ np.stack(vb).T).max()) if va and vb else 0.0

    def bullet(self, u: Unit) -> Bullet:
        """The bullet a unit belongs to."""
        return self.bullet_of.get((u.source, u.start), Bullet((u,)))

    def near(self, topic: list[str], topic_words: list[str]) -> dict[str, frozenset[str]]:
        """For each topic stem, the post's stems whose words the embedding model puts near it."""
        missing = [(s, w) for s, w in zip(topic, topic_words, strict=True) if w not in self._near]
        if missing:
            self.prime(missing, self.vectors.queries([w for _s, w in missing]))
        return {s: self._near.get(w, frozenset()) for s, w in zip(topic, topic_words, strict=True)}

    def unseen(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The (stem, word) pairs whose near words are not known yet."""
        return [(s, w) for s, w in dict.fromkeys(pairs) if w not in self._near]

    def prime(self, pairs: list[tuple[str, str]], vecs: list[np.ndarray]) -> None:
        """Learn the near words of (stem, word) pairs from their vectors (computed by the caller in one batch)."""
        if not pairs:
            return
        sims = np.stack(vecs) @ self.word_vecs.T
        for (s, w), row in zip(pairs, sims, strict=True):
            self._near[w] = frozenset(self.word_stems[i] for i in np.flatnonzero(row >= NEAR)) - {s}

    def closest(self, qvec: np.ndarray, n: int, sources: list[str]) -> list[Bullet]:
        """The n bullets of these posts whose closest sentence is most like the question (dense, no headings):
        what chunk retrieval misses when the question words its topic otherwise ("internal teams" for
        "program offices")."""
        out: list[Bullet] = []
        for i in np.argsort(-(self.unit_mat @ qvec)):
            u = self.k.units[i]
            b = None if u.heading else self.bullet_of.get((u.source, u.start))
            if b is not None and b.first.source in sources and b not in out:
                out.append(b)
                if len(out) >= n:
                    break
        return out

    def candidates(self, chunk_ids: list[str], *, sessions: list[str] = ()) -> list[Bullet]:
        """Bullets of the retrieved chunks, then every bullet of the named sessions (no headings)."""
        keep = set(chunk_ids)
        named = set(sessions)
        # Title-only bullets ("Policy and Governance") say nothing by themselves; a keynote heading names its speaker.
        return [b for b in self.bullets if (b.first.chunk_id in keep or b.first.session in named)
                and (not all(u.heading for u in b.units) or b.first.part_kind == "keynote")]

    def rank(self, m: Mentions, qvec: np.ndarray, bullets: list[Bullet], chunk_rank: dict[str, int]) -> list[Scored]:
        """Candidates scored and sorted, best first."""
        every = list(dict.fromkeys(m.topic))
        near = self.near(every, [m.topic_words[m.topic.index(t)] for t in every]) if every else {}
        # A topic word no post uses (nor a synonym of it) counts half: it may be a missing topic
        # ("quantum") or chatter; verify.py weighs it again as `unknown`.
        topic = every
        total = sum(self._weight(t, near) for t in topic) or 1.0
        words_ = list(dict.fromkeys(m.topic_words))
        tvec = self.vectors.query(" ".join(words_)) if words_ else qvec
        # "Which programmes were named …?": where some bullet names one, a bullet that only mentions them
        # ("educational programs") or mentions none is no answer to which.
        thing = asked_thing(m, plural=True)
        named = {b: names_thing(" ".join(u.text for u in b.units), thing, m) for b in bullets} if thing else {}
        nameless = True in named.values()
        out = []
        for b in bullets:
            cover, syn, known = self._cover(b, topic, near, total)
            sim = max(float(qvec @ self.unit_vec[(u.source, u.start)]) for u in b.units
                      if (u.source, u.start) in self.unit_vec) if b.units else 0.0
            tsim = max(float(tvec @ self.unit_vec[(u.source, u.start)]) for u in b.units
                       if (u.source, u.start) in self.unit_vec) if b.units else 0.0
            entity = self._entity(b, m)
            typed = self._typed(b, m)
            rank = chunk_rank.get(b.first.chunk_id, 10)
            typed_weight = 0.6 if m.answer_type in ("number", "time", "place") else 0.3
            score = syn + 0.8 * sim + 1.5 * tsim + 0.3 * entity + typed_weight * typed - 0.01 * rank
            score -= UNNAMED_PENALTY if nameless and named.get(b) is not True else 0.0
            out.append(Scored(b, cover, syn, known, sim, entity, typed, rank, score, tsim))
        out.sort(key=lambda s: -s.score)
        return out

    def share(self, b: Bullet, topic: list[str], near: dict[str, frozenset[str]]) -> float:
        """The weighted share of `topic` (stems) the bullet uses, in its own words or near ones."""
        total = sum(self._weight(t, near) for t in topic) or 1.0
        return self._cover(b, topic, near, total)[1]

    def _cover(self, b: Bullet, topic: list[str], near: dict[str, frozenset[str]],
               total: float) -> tuple[float, float, float]:
        own = b.stems | set(content_stems(b.first.label))
        part = set(content_stems(b.first.part))
        context = set(content_stems(b.first.session)) | part
        cover = syn = known = known_total = 0.0
        for t in topic:
            w = self._weight(t, near)
            spelled = self.acronyms.get(t)  # "SDGs" where the bullet writes "Sustainable Development Goals"
            hit = 1.0 if t in own or (spelled and spelled <= own) else CONTEXT_CREDIT if t in context else 0.0
            cover += w * hit
            if not hit and near.get(t, frozenset()) & own:
                hit = NEAR_CREDIT
            elif not hit and near.get(t, frozenset()) & part:  # "involved" for an item headed "… Youth Involvement"
                hit = NEAR_CREDIT * CONTEXT_CREDIT
            syn += w * hit
            if self.c.df(t) or near.get(t):
                known += w * hit
                known_total += w
        return cover / total, syn / total, known / known_total if known_total else 0.0

    def _counted(self, text: str, m: Mentions) -> float:
        """1 when a number stands within three words of what is counted ("1,850 volunteers") or, for "how
        much" or "how big", when an amount of money or a share stands anywhere ("2 million euros"); 0.5 when
        a number stands elsewhere, 0 when there is none."""
        numbers = shape().pattern("number")
        if set(m.tokens) & vocab().exact_words:  # "how many exactly": "thousands of young people" gives none
            text = shape().pattern("rough_number").sub(" ", text)
        if not numbers.search(text):
            return 0.0
        if m.counted & _SPANS and shape().pattern("duration").search(text):  # "how much time": "seven months"
            return 1.0
        if {"much", "big", "large"} & set(m.tokens) and shape().pattern("amount").search(text):
            return 1.0  # "how much has the foundation put aside", "how big is the fund": "2 million euros", anywhere
        wanted = set(m.topic)
        if vocab().counted(m.tokens) == "attendance" and not m.people:  # "how many people attended": a number
            wanted = set(vocab().attendance_stems)  # of attendees, not "thousands of young people" at a festival
            # somebody organises (unless that is what is asked: "the festival the GitHub lady organises, how many")
        elif m.counted:
            asked = {stem(t): t for t in reversed(m.tokens)}  # each counted stem as the question first words it
            wanted = set(m.counted).union(*(self._near.get(asked.get(c, c), frozenset()) for c in m.counted))
        toks = [(w, stem(w)) for w in words(text)]
        for i, (w, _s) in enumerate(toks):
            if numbers.fullmatch(w) and any(st in wanted for _w, st in toks[max(0, i - 3) : i + 4]
                                            + _phrase_after(toks, i)):
                return 1.0
        return 0.5

    def _weight(self, t: str, near: dict[str, frozenset[str]]) -> float:
        """A topic stem's weight: its idf; for a word the posts only have synonyms of, theirs; half for neither."""
        if self.c.df(t):
            return self.c.idf(t)
        if near.get(t):
            return min(self.c.idf(n) for n in near[t])
        return 0.5 * self.c.idf(t)

    def _entity(self, b: Bullet, m: Mentions) -> float:
        score = 0.0
        sessions = [s.title for s in m.named_sessions if not s.excluded]
        if sessions:
            score += 1.0 if b.first.session in sessions else -1.0
        if any(s.excluded and s.title == b.first.session for s in m.sessions):
            score -= 1.0
        if m.roles and not sessions and not m.people:  # "the wrap-up at the end of the post": that section
            score += 1.0 if any(s.title == b.first.session and s.source == b.first.source
                                for r in m.roles for s in self.c.section(r)) else -1.0
        if m.people:
            names = {p.name for p in m.people}
            said = self.speakers(b)
            session = self.k.session(b.first.session, b.first.source)
            score += 1.0 if names & said else 0.3 if names & set(session.speakers) else -0.5
        if set(m.excluded_people) & self.speakers(b):  # "apart from X, who …": X's own remarks are not asked for
            score -= 1.0
        if m.days and not sessions and not m.people and m.tokens[:1] and m.tokens[0] not in POLAR:
            # "what happened on day 2 about communities": that day's bullets (overview sections have none); not
            # "were the commitments signed on day 1?", whose day is a claim to check against the others
            day = self.k.session(b.first.session, b.first.source).day
            score += DAY_AGREEMENT if day in m.days else -DAY_AGREEMENT if day else 0.0
        return score

    def speakers(self, b: Bullet) -> set[str]:
        """The people a bullet credits: those its sentences name, and the person it is about."""
        return set().union(*(u.mentions for u in b.units)) | {self.k.bullet_subject(b.first)}

    def their_own(self, b: Bullet, m: Mentions) -> list[str]:
        """Whose "her foundation" the bullet says, when the question asks with that noun ("which foundation
        …?", "what company …?") and the speaker's affiliation on the panelists line names one ("Senior
        Programme Officer at the Nordhavn Foundation"): those speakers, whose affiliation is the answer. The
        sentence, or the speaker's role, must share another word of the question's topic ("Her foundation has
        set aside … endowment"; "the founder … her company" of a "Founder of Sowline"; not "her company builds
        paid services" for "which company sponsored the coffee breaks")."""
        toks = m.tokens  # the noun the question asks which one of: "which foundation", "what company …"
        asked = set(asked_thing(m)[:1]) | {stem(w) for i, t in enumerate(toks) if t in _WHICH
                                           for w in toks[i + 1 : i + 3] if w not in STOP}
        out: list[str] = []
        for u in b.units:
            own = {stem(w.lower()) for w in _THEIR_OWN.findall(u.text)} & asked
            rest = set(m.topic) - own
            if not own or not rest:
                continue
            session = self.k.session(u.session, u.source)
            out += [n for n in self.k.spoken_by(u) if _NAMED.search(aff := session.affiliations.get(n, ""))
                    and n not in out and rest & (u.stems | set(content_stems(aff)))]
        return out

    def _typed(self, b: Bullet, m: Mentions) -> float:
        kind = m.answer_type
        text = " ".join(u.text for u in b.units)
        if kind == "number":
            return self._counted(text, m)
        if kind in ("place", "name"):
            return 1.0 if holds(kind, text, m) or kind == "name" and self.their_own(b, m) else 0.0
        if kind == "time":  # a date, an hour, or a span ("how long did it take": "seven months")
            if _DATES & set(m.tokens):  # "the exact dates": a calendar date, not "the end of March"
                return 1.0 if shape().pattern("calendar").search(text) else 0.0
            return 1.0 if shape().pattern("time").search(text) or shape().pattern("duration").search(text) else 0.0
        if kind == "day":  # "what day was the talk about …": a bullet of a session held on a day says which
            return 1.0 if b.first.day else 0.0
        if kind == "person":  # a named person, a keynote's speaker, or a named agent ("organised by the X Alliance")
            named = any(u.mentions for u in b.units) or b.first.part_kind == "keynote" or _AGENT.search(text)
            return 1.0 if named else 0.5
        return 1.0


PHRASE_MAX = 8  # words of the noun phrase after a number that are read for the thing it counts
UNNAMED_PENALTY = 1.0  # rank score a bullet loses for mentioning the asked things without naming any


def _phrase_after(toks: list[tuple[str, str]], i: int) -> list[tuple[str, str]]:
    """The noun phrase after the number at i, up to the first stop word but "and"/"or" ("312 low-cost air
    quality and temperature sensors | on balconies"): the thing counted may stand past its modifiers."""
    out = []
    for w, st in toks[i + 1 : i + 1 + PHRASE_MAX]:
        if w in STOP and w not in ("and", "or"):
            break
        out.append((w, st))
    return out


_ACRONYM = re.compile(r"\(([A-Z]{2,6})(s?)\)")


def acronyms(texts: object) -> dict[str, frozenset[str]]:
    """Acronyms the posts define, folded, to the stems of what they stand for: "Sustainable Development Goals
    (SDGs)" gives "sdgs" and "sdg". Only where the words before the brackets begin with its letters."""
    out: dict[str, frozenset[str]] = {}
    for text in texts:
        for hit in _ACRONYM.finditer(str(text)):
            letters = hit.group(1).lower()
            before = re.findall(r"[A-Za-z][\w’'-]*", str(text)[max(0, hit.start() - 120) : hit.start()])
            long = before[-len(letters):]
            if len(long) == len(letters) and all(w[0].lower() == c for w, c in zip(long, letters, strict=True)):
                stems = frozenset(content_stems(" ".join(long)))
                for form in (letters, letters + "s"):
                    out[form] = out.get(form, frozenset()) | stems
    return out
