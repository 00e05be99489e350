"""The offline answerer: one understanding pipeline, stage by stage.

  (stages 1, 2 and 8, and a question's parts: understand.py)
  1 normalise   injection, language, typos                          normalise.py
  2 resolve     people, sessions, days, sections, items, topic      mentions.py (find_people.py, find_sessions.py,
                                                                    describe.py, catalog.py, refs.py)
  8 converse    fill unresolved references from earlier turns       conversation.py
  2 understand  intent by scored examples + slot fit                intents.py (intents.toml)
  3 correct     false premises against the facts                    premise.py
  4 facts       per-post (subject, relation, object, span) table    facts.py
  5 select      a query over the facts per intent, else bullets     structure.py, counting.py, content.py,
                                                                    remarks.py, compare.py, extract.py, evidence.py
  6 verify      one calibrated answerability score                  verify.py (verify.toml)
  7 render      language templates, [n] citations                   compose.py (prompts/offline/*.toml)

A question with several parts ("how many days … and where …?") is answered part by part; a later
part's pronoun refers to what the earlier part answered, and a later part that only repeats what an
earlier one answered ("who is X and what did he say") adds nothing and refuses nothing. The whole is
refused when every part is, or when one part finds that the posts lack the kind of answer it asks for
("…, and which city exactly?": no city named) or a bare refinement of the part before is refused (what
the question was for), and no part corrected a false premise. Low intent
confidence, or an intent that cannot answer the question as resolved, falls back to evidence
extraction, never to a refusal.
Deterministic; never calls a model beyond the packaged embedder. Does not retrieve.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import replace

from assistant.answering import premise
from assistant.answering.catalog import Catalog
from assistant.answering.compare import compare
from assistant.answering.compose import Composer
from assistant.answering.content import CONTENT
from assistant.answering.conversation import Context, answer_entities, fill, needs_context
from assistant.answering.counting import count
from assistant.answering.describe import Describer, PeopleDescriber
from assistant.answering.evidence import Evidence
from assistant.answering.extract import candidate, extract, known_topic, other_year, ranked, verdict
from assistant.answering.facts import Facts
from assistant.answering.intents import FILLERS, IntentModel
from assistant.answering.mentions import Mentions, Resolver
from assistant.answering.normalise import Normaliser
from assistant.answering.question import ANSWERED, REFUSED, Ctx, Question
from assistant.answering.refs import PersonRef
from assistant.answering.remarks import REMARKS, name_their_own
from assistant.answering.structure import STRUCTURE
from assistant.answering.understand import Understander, asks_sessions
from assistant.answering.vocab import QUESTION_WORDS, type_nouns, vocab
from assistant.ingest.knowledge import Knowledge
from assistant.store.vectors import VectorCache
from assistant.text import STOP, stem
from assistant.types import Answer, Passage

ROUTES: dict[str, Callable[[Ctx], str | None]] = {**STRUCTURE, **CONTENT, **REMARKS, "compare": compare,
                                                  "count": count}
WHOLE_ROLES = ("references",)  # overview sections that are lists of links: nothing in them to search a topic in
_LISTS = {"no_keynote", "list_sessions", "list_keynotes", "extreme"}  # intents that answer with sessions
_LINEUPS = {"session_day"}  # answered with the day of a session, whatever else the question asks
FACT_INTENTS = {*STRUCTURE, "count", "keynote_content", "summary"}  # answered from the facts, not by verify
# intents whose person / number asked can be of a relation no post has ("who moderated the seed data panel?")
_ASKED_RELATION = {"extract", "compare", "topic_sessions"}
# A part refused with one of these says the posts lack the very kind of answer it asks for ("which city
# exactly": no city named): the whole question is not answered, whatever its other parts found.
_FIRM = frozenset({"no_place", "no_name", "no_time", "no_org"})
SHORT_WORD = 5  # a section's name words this long or shorter are no target of a typo's mending
_FOUND_BY_TOPIC = ("extract", "topic_sessions")  # intents whose people are those the quotes name, best first
MAX_THEY = 6  # "they" in a later part stands for at most this many of the people the part before answered with


def _goes_on_refused(part: Question, typed: Mentions, prev: Question | None) -> bool:
    """A later part that points back to a refused one asks more of what the posts did not cover: "…, and what
    it means for …" (nobody, no session named), or a topic asked of "they" / "he" filled in with only the
    people the refused part asked about ("did X speak on the OSI definition? what draft are they on"; not
    "which panel was he on?", "what did he say then?": questions of their own)."""
    own = part.mentions
    if _points_back(own) and not (own.people or own.named_sessions):
        return True
    asked = {r.name for r in prev.mentions.people if r.how != "context"} if prev else set()
    return (not typed.people and bool(own.people) and _points_back(typed) and not typed.named_sessions
            and {r.name for r in own.people} <= asked and bool(own.topic) and part.intent.kind in _TOPIC_ASKS)


_TOPIC_ASKS = frozenset({"person_said", "extract", "topic_sessions"})  # intents asking a topic of someone


def _points_back(m: Mentions) -> bool:
    """A part that points back to the one before: "it", "that", "she", "they"."""
    return bool(m.references & {"thing", "person"} or set(m.tokens) & vocab().group_pronouns)


class OfflineAnswerer:
    """The pipeline over one Knowledge (all posts, or the part a filter admits)."""

    def __init__(self, knowledge: Knowledge, vectors: VectorCache, *,
                 is_common: Callable[[str], bool] = lambda w: False, is_name: Callable[[str], bool] = lambda w: False,
                 intents: IntentModel | None = None) -> None:
        self.k = knowledge
        self.vectors = vectors
        self.catalog = Catalog(knowledge, vocab().session_nouns)
        self.facts = Facts(knowledge)
        self.evidence = Evidence(knowledge, self.catalog, vectors, is_name)
        # (typos are mended towards the posts' words and the words that frame a question or name a section in one
        # word: "recomendations"; not the words of longer names, "dos" of "to dos", "further" of "further reading")
        roles = {p for _r, phrases in vocab().role_names for p in phrases if " " not in p and len(p) > SHORT_WORD}
        self.normaliser = Normaliser([p.text for p in knowledge.posts], is_common, extra_words=vocab().frame | roles)
        self.resolver = Resolver(self.catalog, vocab(), is_common, near=self.evidence.near,
                                 describe=Describer(knowledge, vectors, self.evidence.unit_vec),
                                 describe_person=PeopleDescriber(knowledge, self.catalog.idf, self.facts.pronouns))
        self.intents = intents or IntentModel(vectors)
        self.understander = Understander(self.catalog, self.facts, self.evidence, vectors, normaliser=self.normaliser,
                                         resolver=self.resolver, intents=self.intents, is_common=is_common)

    # ---- understanding (understand.py) -------------------------------------------------------------
    def understand(self, question: str, history: list[dict[str, str]] | None = None) -> Question:
        """Stages 1, 2 and 8: the question understood (several parts in `q.parts`)."""
        return self.understander.understand(question, history)

    def slots(self, m: Mentions) -> set[str]:
        """The slots a question fills, as intents.toml names them."""
        return self.understander.slots(m)

    def _compare_listed(self, x: Ctx, start: int) -> None:
        """After a list of two or three sessions, compare them (the list answered which; this answers how)."""
        sessions = answer_entities("\n".join(x.c.lines[start:]), self.resolver)[1]
        if 2 <= len(sessions) <= 3:
            m = replace(x.m, sessions=sessions, days=[], topic=list(x.m.topic), topic_words=list(x.m.topic_words))
            compare(replace(x, q=replace(x.q, mentions=m)))

    # ---- answering -------------------------------------------------------------------------------
    def answer(self, q: Question, passages: list[Passage]) -> Answer:
        """Stages 3–7 for an understood question: a cited Answer."""
        c = Composer(self.k, q.lang, q.original)
        if not q.norm.english.strip():
            c.say("refuse_detail", what="anything in reply to instructions inside a question; ask about the conference")
            return c.answer(refused=True)
        parts = _asked_parts(q)
        verdicts = []
        corrected = firm = False
        prev: Question | None = None
        people: list[str] = []
        for part in parts:
            typed = part.mentions  # (before "they" is filled in with the people the part before answered with)
            if prev is not None and people and _they(part.mentions):  # "…panel, and who do they work for?"
                at = tuple(i for i, t in enumerate(part.mentions.tokens) if t in vocab().group_pronouns)[:1]
                m = replace(part.mentions, people=[PersonRef(n, "context", at) for n in people[:MAX_THEY]])
                part = replace(part, mentions=m, intent=self.understander.classify(m))  # the people just answered with
            elif prev is not None and people and _subjectless(part.mentions):  # "¿… y de qué habló?"
                m = replace(part.mentions, people=[PersonRef(n, "context", ()) for n in people[:MAX_THEY]])
                part = replace(part, mentions=m, intent=self.understander.classify(m))  # the people just answered with
            bare = False
            if prev is not None and needs_context(part.mentions, vocab()):
                part = self._carry(part, prev, people)
            elif prev is not None and _bare(part.mentions):  # "…east africa? which city exactly": of that
                part, bare = self._bare_part(part, prev), True
            own = part.mentions
            if prev is not None and not bare and _unanchored(own) and self._anchored(prev.mentions):
                part = _inherit(part, prev)  # "Common Furrow Fund: how big, and what must governments put in?"
            if verdicts and verdicts[-1] == REFUSED and _goes_on_refused(part, typed, prev):
                verdicts.append(REFUSED)  # "…the EU Cyber Resilience Act, and what it means for …", "how many
                firm = True  # attended, and where were they from?": "it", "they" are what the post just did not cover
                continue
            start = len(c.lines)
            part, outside = self._within(part)
            if outside and not part.mentions.named_sessions:  # a filter leaves out what the question names
                c.say("outside_filter", what=", ".join(outside))
                verdicts.append(REFUSED)
                continue
            x = Ctx(part, c, self.k, self.facts, self.catalog, self.evidence, passages,
                    intent_words=self.intents.words.get(part.intent.kind, frozenset()))
            k0 = len(c.keys)
            verdicts.append(self._one(x))
            if verdicts[-1] == REFUSED and (set(c.keys[k0:]) & _FIRM or bare):
                firm = True  # the kind of answer asked is missing, or the refinement the question was for
            corrected = corrected or bool(x.extra.get("corrected"))
            people = answer_entities("\n".join(c.lines[start:]), self.resolver)[0] or people
            prev = part
        # Several parts: not answered when the posts do not cover one of them ("was there a hackathon, and
        # who won it?"), unless a part corrected a false premise (the correction is the answer).
        return c.answer(refused=all(v == REFUSED for v in verdicts) or firm and not corrected)

    def _within(self, part: Question) -> tuple[Question, list[str]]:
        """The question without the sessions and people this Knowledge (a filtered part of the posts)
        lacks; and the sessions it had to leave out."""
        m = part.mentions
        here = {(s.source, s.title) for s in self.k.sessions}
        titles = {s.title for s in self.k.sessions}
        keep = [r for r in m.sessions if (r.source, r.title) in here or (not r.source and r.title in titles)]
        gone = [r.title for r in m.sessions if r not in keep and not r.excluded]
        people = [p for p in m.people if p.name in self.k.people]
        if len(keep) == len(m.sessions) and len(people) == len(m.people):
            return part, []
        return replace(part, mentions=replace(m, sessions=keep, people=people)), list(dict.fromkeys(gone))

    def _anchored(self, m: Mentions) -> bool:
        """The part names a person, a session, or a thing by a word of the posts plain English lacks ("furrow")."""
        return bool(m.people or m.named_sessions) or self.resolver.names_known(m.topic_words)

    def _bare_part(self, part: Question, prev: Question) -> Question:
        """A bare later part about what the part before named (_inherit); a bare count of the things the part
        before asked for counts them: "which sessions were on day 1, and how many?" is the part before with "many"
        for its "which" ("many sessions were on day 1"), its people, sessions and days kept."""
        toks = prev.mentions.tokens
        counted = {w for _kind, words in vocab().count_objects for w in words}
        if part.mentions.answer_type != "number" or len(toks) < 3 or toks[0] not in ("which", "what") \
                or toks[1] not in counted:
            return _inherit(part, prev)
        # the part before, its people and sessions kept, with "many" for its "which" (positions stay in place)
        m = replace(prev.mentions, tokens=["many", *toks[1:]], answer_type="number")
        return replace(part, mentions=m, intent=self.understander.classify(m))

    def _carry(self, part: Question, prev: Question, people: list[str]) -> Question:
        """A later part's references resolved by the earlier part (its sessions, the people it answered)."""
        if prev.mentions.answer_type == "person" and prev.intent.kind in _FOUND_BY_TOPIC \
                and set(part.mentions.tokens) & vocab().person_pronouns:
            # "which panelist raised X, and what did she ask for?": the one the quotes answered with first, not
            # another woman they quote (a keynote's speakers, named by the facts, are chosen by the pronoun)
            people = people[:1]
        ctx = Context(mentions=prev.mentions, intent="", answer_people=people)
        m, _note = fill(part.mentions, ctx, vocab(), self.facts)
        return replace(part, mentions=m, intent=self.understander.classify(m))

    def extraction_features(self, q: Question, passages: list[Passage]) -> dict[str, float] | None:
        """The extraction path's verify features for a question, and (as "_text") what it would quote."""
        x = Ctx(q, Composer(self.k, q.lang, q.original), self.k, self.facts, self.catalog, self.evidence, passages)
        found = candidate(x)
        if found is None:
            return None
        feats, text = found
        return {**feats, "_text": text}  # type: ignore[dict-item]

    def _sessions_asked(self, x: Ctx, kind: str) -> str:
        """'Which panels identified resistance to change as a barrier?': an evidence question that asks for
        sessions is answered with every session that says it (topic_sessions), not with the best few bullets."""
        if kind == "extract" and x.m.topic and not (x.m.people or x.m.named_sessions) \
                and "asks_sessions" in self.slots(x.m):
            return "topic_sessions"
        return kind

    def _one(self, x: Ctx) -> str:
        kind = x.q.intent.kind
        if kind == "greeting":
            x.c.say("greeting", conference=", ".join(p.title for p in self.k.posts))
            return ANSWERED
        stop = premise.check(x)
        if stop is not None:
            return stop
        kind = self._sessions_asked(x, kind)
        route = ROUTES.get(kind)
        confident = x.q.intent.score >= self.intents.scoring.min_score
        words = self.intents.words[kind]
        strange = x.m.absent_people or (
            (_unnamed_names(x) or _unknown_relation(x, words)) if kind in FACT_INTENTS
            else _unnamed_speakers(x) or (_unknown_relation(x, words) if kind in _ASKED_RELATION else []))
        if named := _no_such_session(x, strange):  # "who was on the open source and health panel?", "the Drought
            x.c.say("no_such_session", what=named)  # and Water Rationing panel": no session is called or is about that
            return REFUSED
        if strange:  # "the Geneva panel", "who moderated it": what the posts never mention
            typed = [re.search(rf"\b{re.escape(w)}\b", x.q.cleaned, re.I) for w in strange]  # ("Geneva")
            x.c.say("not_mentioned", what=", ".join(t.group(0) if t else w
                                                    for t, w in zip(typed, strange, strict=True)))
            x.m.drop_topic_words({t.lower() for w in strange for t in w.split()})  # (the rest is looked for
            # without it: no "discusses moderated data")
        start, repeats, cited = len(x.c.lines), x.c.repeats, len(x.c.citations)
        if not strange and (placed := _place_of_session(x)) is not None:
            return placed
        if (other := other_year(x)) is not None:  # "when and where is the 2025 edition?": of no post
            return other
        if confident and kind in _LINEUPS and _beyond_lineup(x, words):  # "a contrast on day 1 between farmer
            confident = False  # varieties and …, what was it": a point made that day, not a session's day
        if (route is None or not confident) and _only_a_section(x):  # "what does the wrap-up at the end say?"
            route, confident = ROUTES["summary"], True
        verdict = route(x) if route is not None and confident else None
        said = verdict == ANSWERED and x.c.repeats > repeats  # it was all said already, by an earlier part
        if verdict == ANSWERED and len(x.c.lines) == start:
            verdict = None  # an answer with nothing in it (a filter left the route no rows): extract instead
        if verdict == ANSWERED and kind in _LISTS and "contrast" in self.slots(x.m):
            self._compare_listed(x, start)  # "the two panels without a keynote: how did they differ?"
        if verdict is None:
            before = x.c.mark()
            verdict = extract(x)
            if verdict == REFUSED and said:  # "who is X and what did he say": the first part's answer holds
                x.c.undo(before)
                verdict = ANSWERED
        if strange and verdict == ANSWERED:
            verdict = REFUSED
        if verdict == ANSWERED:
            name_their_own(x, cited)  # "which foundation …": whose "her foundation" the quote says
        return ANSWERED if verdict == REFUSED and x.extra.get("corrected") else verdict


def _beyond_lineup(x: Ctx, intent_words: frozenset[str]) -> bool:
    """The question asks about content beyond a programme: a topic word the posts use (or a near one) that is
    not how the intent is asked, nor a word of a session's title, and a bullet the evidence ranks answers it
    (verify's verdict); not when it asks a time or a day, which the programme gives."""
    if x.m.answer_type in ("time", "day"):  # "was the flood panel in the morning or the afternoon?": when, asked
        return False
    titled = {w for s in x.sessions() for w in x.catalog.session_words(s.title)}
    topic = [t for t in dict.fromkeys(x.m.topic) if t not in intent_words and t not in titled]
    if not topic:
        return False
    near = x.evidence.near(topic, [x.m.topic_words[x.m.topic.index(t)] for t in topic])
    return any(x.catalog.df(t) or near.get(t) for t in topic) and verdict(x, ranked(x))[0]


def _place_of_session(x: Ctx) -> str | None:
    """'Where was the AI panel held?', 'where did the heat panel take place?': the posts place conferences,
    not sessions; say so, then what they say of where the conference was (evidence extraction with the
    session left out). None when the question asks anything else, or names no session itself."""
    m = x.m
    typed = [r for r in m.named_sessions if r.how != "context"]  # (not one the conversation carried over)
    if m.answer_type != "place" or m.topic or m.people or m.days or not typed or not x.v.of_event(m.tokens):
        return None
    if set(m.tokens) & (x.v.person_nouns | x.v.people_nouns | x.v.future_words | x.v.describing_words):
        return None  # "where were its speakers from?", "where's the next one held?" (the next edition)
    x.c.say("refuse_detail", what="where a single session was held, only where the conference was")
    kept, m.sessions = m.sessions, [r for r in m.sessions if r not in m.named_sessions]
    try:
        return extract(x)
    finally:
        m.sessions = kept


def _only_a_section(x: Ctx) -> bool:
    """The question names an overview section (the conclusion, the summary) and nothing else to look for
    ("what does the wrap-up say?"), or names a list of links ("which outside article does the post cite
    as its reference?": the references, whatever else the words ask)."""
    m = x.q.mentions
    if not m.roles or m.people or m.named_sessions or m.days or m.item:
        return False
    return all(r in WHOLE_ROLES for r in m.roles) or not known_topic(x, near=True)


def _asked_parts(q: Question) -> list[Question]:
    """The parts that ask something: not a greeting ("hi! who …"), unless a later part only reads like one until
    its pronoun is the person the part before named: it asks with a question word ("…, and what did she ask
    for?"; not "… Is that all?", "Thanks, how about that?")."""
    return [p for i, p in enumerate(q.parts) if p.intent.kind != "greeting" or i and needs_context(
        p.mentions, vocab()) and set(p.mentions.tokens) & _ASKING_WORDS] or q.parts or [q]


_ASKING_WORDS = QUESTION_WORDS - {"how"}


def _they(m: Mentions) -> bool:
    """A later part's "they"/"them" with nobody named: the people the part before it answered with (within
    one message; across turns only a discussion verb makes "they" the speakers, see vocab.references)."""
    return bool(set(m.tokens) & vocab().group_pronouns) and not (m.people or m.named_sessions)


def _subjectless(m: Mentions) -> bool:
    """A later part whose verb has no subject ("what did talk about …", a Spanish "¿y de qué habló?" word for
    word): "do" / "did" right before a verb of speaking, with nobody named (not a passive: "what was said there
    about security?" has its subject)."""
    toks, v = m.tokens, vocab()
    verbs = v.discussion_verbs | v.person_context
    return not m.people and any(
        t in _DO and toks[i + 1 : i + 2] and toks[i + 1] in verbs for i, t in enumerate(toks))


_DO = frozenset({"do", "does", "did"})


def _unanchored(m: Mentions) -> bool:
    """A later part that names nothing of its own: no person, session, day, section or item."""
    return not (m.people or m.sessions or m.days or m.roles or m.item)


def _bare(m: Mentions) -> bool:
    """A part of a question that is only a question word and the kind of answer ("which city exactly",
    "and what year"; not "where was it held", a question of its own)."""
    nouns = set().union(*(type_nouns(phrases) for _kind, phrases in vocab().answer_types))
    own = [t for t in m.tokens if t not in vocab().bare_words | nouns]
    # "and what rate?": one word of its own, the attribute asked of what the part before named
    return len(own) <= (1 if len(m.tokens) <= 3 else 0) and not (m.people or m.sessions or m.days or m.item)


def _inherit(part: Question, prev: Question) -> Question:
    """A bare later part of one message about what the part before it named (its own intent kept; its
    own attribute word, if any, added to the topic); not its sessions when the part asks which sessions ("who gave
    the opening talk on day 2? which sessions had keynotes?": those of the day, not the one just named)."""
    p, own = prev.mentions, part.mentions
    sessions = [] if asks_sessions(own.tokens) else [replace(s, at=()) for s in p.sessions]
    keep = [i for i, w in enumerate(own.topic_words) if w not in p.topic_words]
    gap = len(p.tokens) + 1  # its own words' places as if the part before came first (no word next to them)
    m = replace(part.mentions, topic=list(p.topic) + [own.topic[i] for i in keep],
                topic_words=list(p.topic_words) + [own.topic_words[i] for i in keep],
                topic_at=list(p.topic_at) + [own.topic_at[i] + gap for i in keep],
                people=[replace(r, at=()) for r in p.people], days=list(p.days),
                sessions=sessions, roles=list(p.roles))
    return replace(part, mentions=m)


def _unknown_relation(x: Ctx, intent_words: frozenset[str]) -> list[str]:
    """'Who moderated …?', 'how many attended …?': the person or number asked for is of a relation the
    posts never use (the word is not theirs, stands near none of theirs, and is not how the intent is asked)."""
    m = x.q.mentions
    # A list of sessions answers no topic at all: "list the sessions on quantum computing" asks what no post has.
    if (m.answer_type not in ("person", "name", "number", "time") and x.q.intent.kind not in _LISTS) or not m.topic:
        return []
    # In a translated question, a word left as typed may be English or may be untranslated: it decides nothing.
    topic = [t for t in dict.fromkeys(m.topic) if m.topic_words[m.topic.index(t)] not in x.q.norm.kept]
    titled = {w for s in x.sessions() for w in x.catalog.session_words(s.title)}  # ("who moderated the seed
    topic = [t for t in topic if t not in titled]  # data panel": "data" names the panel, it is not what is asked)
    # "how many keynotes did X deliver": a word of keynotes or speaking names a relation the facts hold
    topic = [t for t in topic if t not in x.v.keynote_stems]
    if not topic:
        return []
    near = x.evidence.near(topic, [m.topic_words[m.topic.index(t)] for t in topic])
    if any(x.catalog.df(t) or near.get(t) or t in intent_words for t in topic):
        return []
    if x.q.intent.kind in FACT_INTENTS and _relation_of(m) & intent_words:  # "for my contacts sheet, who exactly
        return []  # sat on that panel": the intent's own relation ("sat") is asked; the other words frame it
    return [m.topic_words[m.topic.index(t)] for t in topic]


def _relation_of(m: Mentions) -> set[str]:
    """The stems of a question's own words that are no topic, name, session or people noun or question word:
    the relation it asks when the intent's examples use it ("sat" in "who sat on that panel"; "moderated", a word
    no post uses, is a topic, so never among them)."""
    v, fillers = vocab(), {st for f in FILLERS.values() for st in map(stem, f.split())}
    nouns = v.session_nouns | v.people_nouns  # ("which people moderated it": no relation)
    return {st for i, t in enumerate(m.tokens) if i not in m.used and t not in STOP and t not in QUESTION_WORDS
            and t not in nouns and not t.isdigit() and not v.ordinal(t) and (st := stem(t)) not in m.topic
            and st not in fillers}


def _no_such_session(x: Ctx, strange: list[str]) -> str:
    """The words that name a session no post has, as typed, or "": a description no session answers to
    (m.phantom), or a capitalised title with a name no post uses right before a session noun ("the Drought and
    Water Rationing panel"), whatever session its other words stand near ("water": the flood panel)."""
    m = x.m
    if not strange and m.phantom and not m.named_sessions and not m.people:
        return m.phantom
    absent = set(_unnamed_names(x)) if not any(r.how == "exact" for r in m.named_sessions) else set()
    toks = [re.sub(r"[^\w’'&-]", "", t) for t in x.q.cleaned.split()]
    for i, w in enumerate(toks):
        if i and w.lower() in vocab().session_nouns - {"one", "ones"}:
            run = _title_before(toks, i)
            if set(run) & absent:
                return " ".join([*run, w]).strip()
    return ""


def _unnamed_speakers(x: Ctx) -> list[str]:
    """Capitalised words no post uses (_unnamed_names) that say who spoke or which session: right before a speaker
    noun ("the FAO representative", "Microsoft's team", "the Mozilla folks"), right after "from" ("anyone from
    Mozilla"), in a capitalised title right before a session noun ("the Open Source Security and Supply Chain
    panel"), or the name "did" asks about (_did_name). Whatever else the question asks, it asks it of someone or
    something the posts do not have. Or the whole of a did-name of two words or more that no post writes, before a
    verb of speaking or presenting ("what did the Open Source Initiative present?": each word is the posts', never
    the name); not a person the post has ("CEO Hans Vestberg") nor people described by a plural ("Kenyan Farmers")."""
    toks = [re.sub(r"[’']s$", "", re.sub(r"[^\w’'-]", "", t)) for t in x.q.cleaned.split()]
    v = vocab()
    run, after = _did_name(toks) if x.q.lang == "en" else ([], "")
    if any(p.how != "description" for p in x.m.people):
        run = []  # ("what did CEO Hans Vestberg say": a person the post has, whatever the title before the name)
    phrase = " ".join(run)
    last = run[-1].lower() if run else ""  # ("Kenyan Farmers": a plural of a word written in lower case)
    plural = last.endswith("s") and not last.endswith("ss") and not x.evidence.is_name(last)
    if len(run) > 1 and not plural and after in v.person_context | v.remark_words | v.presenting_verbs and not any(
            re.search(rf"\b{re.escape(phrase)}\b", x.evidence.texts[src], re.I) for src in x.sources()):
        return [phrase]  # (not "did West African seed banks publish", "Kenyan Farmers": descriptions of people)
    absent = _unnamed_names(x)  # ([] for a question not in English)
    if not absent:
        return []
    said = {w for i, w in enumerate(toks) if toks[i + 1 : i + 2] and toks[i + 1].lower() in v.speaker_nouns
            or i and toks[i - 1].lower() == "from"} | set(run)
    for i, w in enumerate(toks):  # "the Open Source Security and Supply Chain panel": a session no post has
        if w.lower() in v.session_nouns and i:
            said |= set(_title_before(toks, i))
    return [w for w in absent if w in said]


def _title_before(toks: list[str], i: int) -> list[str]:
    """The capitalised words (with "and", "of", "&" between them) right before position i, in order: the title a
    session noun there closes ("the Drought and Water Rationing panel")."""
    run = list(itertools.takewhile(lambda t: t[:1].isupper() or t in ("and", "of", "&"), reversed(toks[:i])))
    return run[::-1]


def _did_name(toks: list[str]) -> tuple[list[str], str]:
    """'what did the Linux Foundation announce', 'what did Mozilla say': the capitalised name that "did" asks about,
    who spoke: two capitalised words or more, or one before a verb of speaking (not "the Nordic foundation");
    and the word after it, in lower case ("panel": the name is a session's)."""
    v = vocab()
    for i, w in enumerate(toks[:-1]):
        if w.lower() in ("did", "does", "do", "has", "had"):
            start = i + 1 + (toks[i + 1] == "the")
            run = list(itertools.takewhile(lambda t: t[:1].isupper(), toks[start:]))
            after = toks[start + len(run) :][:1]
            if run and after and after[0][:1].islower() and (
                    len(run) > 1 or after[0].lower() in v.person_context | v.remark_words | v.discussion_verbs):
                return run, after[0].lower()
    return [], ""


def _unnamed_names(x: Ctx) -> list[str]:
    """Capitalised words of an English question (not the first word) that no post uses: "Geneva", "Berlin"."""
    if x.q.lang != "en":
        return []
    written = re.findall(r"(?<=[a-z,;:] )[A-Z][a-zA-Z]{2,}\b", x.q.cleaned)
    named = {x.q.mentions.tokens[i] for p in x.q.mentions.people for i in p.at}
    named |= {w for p in x.q.mentions.people for w in p.name.lower().split()}
    kept = set(re.findall(r"[a-z]+", x.q.norm.english.lower()))  # a word stage 1 corrected ("Tawfk") is not absent
    absent = [w for w in written if not x.catalog.uses(w.lower())
              and w.lower() not in named and w.lower() in kept and not x.catalog.name_form(w)]  # ("African")
    return list(dict.fromkeys(absent))
