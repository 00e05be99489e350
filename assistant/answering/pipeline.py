"""The offline answerer: one understanding pipeline, stage by stage.

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

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.answering import premise
from assistant.answering.catalog import Catalog
from assistant.answering.compare import compare
from assistant.answering.compose import Composer
from assistant.answering.content import CONTENT
from assistant.answering.conversation import Context, answer_entities, fill, focus, needs_context, replay
from assistant.answering.counting import count
from assistant.answering.describe import Describer, PeopleDescriber
from assistant.answering.evidence import Evidence
from assistant.answering.extract import candidate, extract, known_topic
from assistant.answering.facts import Facts
from assistant.answering.intents import Intent, IntentModel
from assistant.answering.mentions import Mentions, Resolver, SessionRef, tokens_of
from assistant.answering.normalise import Normalised, Normaliser
from assistant.answering.question import ANSWERED, REFUSED, Ctx, Question
from assistant.answering.refs import PersonRef
from assistant.answering.remarks import REMARKS
from assistant.answering.structure import STRUCTURE
from assistant.answering.vocab import AUXILIARIES, QUESTION_WORDS, type_nouns, vocab
from assistant.ingest.knowledge import Knowledge
from assistant.store.vectors import VectorCache
from assistant.text import STOP, is_smalltalk, stem
from assistant.types import Answer, Passage

ROUTES: dict[str, Callable[[Ctx], str | None]] = {**STRUCTURE, **CONTENT, **REMARKS, "compare": compare,
                                                  "count": count}
WHOLE_ROLES = ("references",)  # overview sections that are lists of links: nothing in them to search a topic in
_LISTS = {"no_keynote", "list_sessions", "list_keynotes", "extreme"}  # intents that answer with sessions
_WANTER = frozenset("i i'd i'm id im we we'd we're".split())  # who wants, when a statement asks: the asker
_EMBEDDED = frozenset("who whom whose what which how whether".split())  # a question inside a statement
FACT_INTENTS = {*STRUCTURE, "count", "keynote_content", "summary"}  # answered from the facts, not by verify
_ASKED_RELATION = {"extract", "compare"}  # intents whose person / number asked can be of a relation no post has
# A part refused with one of these says the posts lack the very kind of answer it asks for ("which city
# exactly": no city named): the whole question is not answered, whatever its other parts found.
_FIRM = frozenset({"no_place", "no_name", "no_time", "no_org"})
MAX_THEY = 6  # "they" in a later part stands for at most this many of the people the part before answered with
_REQUEST = re.compile(r"(?:please\s+)?(?:list|name|tell|summari[sz]e|give|describe|explain|show|compare|outline)\b",
                      re.I)


def _points_back(m: Mentions) -> bool:
    """A part that points back to the one before: "it", "that", "she", "they"."""
    return bool(m.references & {"thing", "person"} or set(m.tokens) & vocab().group_pronouns)


def _asks(text: str) -> bool:
    """A sentence that asks: it ends with "?"; or a clause of it opens (after lead-ins: "ok so", "hey") with
    a question word, an auxiliary or a request ("tell me", "list"): at its start, after a colon, a dash or
    a semicolon, or after a comma unless it is "which" there ("…, which looks silly" relates);
    or a question word follows a knowing word ("I'd love to know what they said", "not sure which panel";
    not "right when the panel was starting")."""
    if text.rstrip().endswith("?"):
        return True
    v = vocab()
    for sep, clause in _CLAUSES.findall(" " + text):
        toks = tokens_of(clause)[0]
        i = next((j for j, t in enumerate(toks) if t not in v.lead_ins), len(toks))
        if i == len(toks) or (sep == "," and toks[i] == "which"):
            continue
        if toks[i] in QUESTION_WORDS or toks[i] in AUXILIARIES or _REQUEST.match(" ".join(toks[i:])):
            return True
    toks = tokens_of(text)[0]
    return any(t in _EMBEDDED and set(toks[max(0, i - 2) : i]) & v.knowing for i, t in enumerate(toks[:-2]))


_CLAUSES = re.compile(r"(^|[,:;—–]|\s-\s)([^,:;—–]+)")


def _about_asker(text: str) -> bool:
    """A greeting, or a statement (one `_asks` says asks nothing) of the asker's own or to the assistant:
    "I missed the opening talk", "quick one, I promise", "hope you're well" (not "I need the list of
    panelists": a statement that wants something asks)."""
    v, toks = vocab(), tokens_of(text)[0]
    if is_smalltalk(text):
        return True
    start = next((j for j, t in enumerate(toks) if t not in v.lead_ins), len(toks))
    wants = any(t in v.wanting and (i == start or set(toks[max(0, i - 2) : i]) & _WANTER)  # "I'd love", "need …"
                for i, t in enumerate(toks))  # (not "my boss wants notes")
    return bool(set(toks) & v.first_person) and not wants


def _leans(text: str) -> bool:
    """A sentence that may point back at what came before it: a pronoun ("their", "that", "there"), a word
    of sameness or otherness, "both" or "each"."""
    v = vocab()
    back = v.person_pronouns | v.group_pronouns | v.thing_pronouns | v.otherness | {"same", "similar", "both", "each"}
    return bool(set(tokens_of(text)[0]) & back)


_SPLIT = re.compile(r"(?<=[?!;])\s+|(?<=[a-z0-9]{3}\.)\s+|,?\s+(?:and|also|plus)\s+(?=(?:who|what|which|when|where|"
                    r"how|did|does|do|was|were|is|are|has|have|can)\b)", re.I)


class OfflineAnswerer:
    """The pipeline over one Knowledge (all posts, or the part a filter admits)."""

    def __init__(self, knowledge: Knowledge, vectors: VectorCache, *,
                 is_common: Callable[[str], bool] = lambda w: False, intents: IntentModel | None = None) -> None:
        self.k = knowledge
        self.vectors = vectors
        self.is_common = is_common
        self.catalog = Catalog(knowledge, vocab().session_nouns)
        self.facts = Facts(knowledge)
        self.evidence = Evidence(knowledge, self.catalog, vectors)
        self.normaliser = Normaliser([p.text for p in knowledge.posts], is_common, extra_words=vocab().frame)
        self.resolver = Resolver(self.catalog, vocab(), is_common, near=self.evidence.near,
                                 describe=Describer(knowledge, vectors, self.evidence.unit_vec),
                                 describe_person=PeopleDescriber(knowledge, self.catalog.idf))
        self.intents = intents or IntentModel(vectors)

    # ---- understanding ---------------------------------------------------------------------------
    def understand(self, question: str, history: list[dict[str, str]] | None = None) -> Question:
        """Stages 1, 2 and 8: the question understood (several parts in `q.parts`)."""
        norm = self.normaliser(question)
        switched = any(f" {p} " in f" {' '.join(tokens_of(norm.english)[0])} " for p in vocab().switch)
        ctx = None if switched else self._context(history or [], 0)  # "new question: …" reads no history
        parts = [p for p in _SPLIT.split(norm.english) if p and len(p.split()) > 1] or [norm.english]
        # "Forget that. On day 1, …": a part of nothing but framing words asks nothing of its own.
        parts = [p for p in parts if not self._empty(p)] or parts[-1:]
        asking = [p for p in parts if _asks(p)]
        first = parts.index(asking[0]) if asking else 0
        if first and all(_about_asker(p) for p in parts[:first]) and self._stands_alone(asking[0]):
            # "Hi! I missed the opening talk. Do you know who gave the keynote at the governments panel?":
            # before a question that stands on its own, what the asker tells of themselves asks nothing. A
            # statement about the post stays a part: a premise to check ("X gave the keynote. What did X
            # say?"), or what the question leans on ("X and Y both talked about it. How did they differ?").
            parts = parts[first:]
        # Only the first part reads the conversation; a later part leans on the part before it (answer()).
        out = [self._part(norm, text, ctx if i == 0 else None) for i, text in enumerate(parts)]
        # "…? Full list please, I need the spellings.": a later remark that asks nothing the posts know
        out = [q for i, q in enumerate(out) if i == 0 or not self._aside(q)]
        return replace(out[0], parts=out)

    def _stands_alone(self, text: str) -> bool:
        """A question that points back at nothing and names what it asks about (a person, session, day,
        section, item or a word the posts use): "who spoke?" does not, "who spoke on the youth panel?" does."""
        if _leans(text):
            return False
        m = self.resolver(text, text)
        return bool(m.people or m.sessions or m.days or m.roles or m.item
                    or any(self.catalog.df(stem(w)) for w in m.topic_words))

    def _aside(self, q: Question) -> bool:
        """A part that is a remark, not a question: no question word, request verb or question mark, and
        nothing it names (person, session, day, section, item, uncommon topic word) is in the posts."""
        m, toks = q.mentions, tokens_of(q.text)[0]
        if q.text.rstrip().endswith("?") or set(toks) & QUESTION_WORDS or toks[:1] and toks[0] in AUXILIARIES:
            return False
        if _REQUEST.match(q.text.strip()) or m.answer_type or m.people or m.sessions or m.days or m.roles or m.item:
            return False
        return not any(self.catalog.df(stem(w)) and not self.is_common(w) for w in m.topic_words)

    @staticmethod
    def _empty(text: str) -> bool:
        """No question word, no answer type and no word but framing ("forget that.", "ok, new question")."""
        v, toks = vocab(), tokens_of(text)[0]
        if set(toks) & QUESTION_WORDS or v.answer_type(" ".join(toks)) or toks[:1] and toks[0] in AUXILIARIES:
            return False  # "did the same person keynote anywhere else?" asks, in framing words only
        return all(t in STOP or t in v.frame or stem(t) in v.frame_stems or t in v.filler for t in toks)

    def _part(self, norm: Normalised, text: str, ctx: Context | None) -> Question:
        # One model call for the question and the words whose near words are not known yet.
        toks = tokens_of(text)[0]
        words_ = self.evidence.unseen([(stem(t), t) for t in toks if t not in STOP and len(t) > 2])
        vecs = self.vectors.queries([text] + [w for _s, w in words_])
        self.evidence.prime(words_, vecs[1:])
        m = self.resolver(text, norm.cleaned if norm.lang == "en" else text)
        note = ""
        if ctx is not None and needs_context(m, vocab()):
            m, note = fill(m, ctx, vocab(), self.facts)
            if "intent" in note and ctx.mentions is not None:  # "and on day 2?": the last question again
                again = replay(ctx.mentions, m)
                return replace(self._part(norm, again, None), context="replay")
        if m.answer_type == "day" and not m.named_sessions:  # "when did the forum take place": a date
            m.answer_type = "time"
        masked = m.masked()
        if "topic" in note and m.topic_words:  # "who presented it?": what "it" stands for takes part
            masked = f"{masked} {' '.join(m.topic_words)}"
        masked_vec = vecs[0] if masked == " ".join(toks) else self.vectors.query(masked)
        intent = self.intents.classify(masked, masked_vec, self.slots(m))
        return Question(norm=norm, mentions=m, intent=intent, vec=vecs[0], text=text, context=note)

    def slots(self, m: Mentions) -> set[str]:
        """The slots a question fills, as intents.toml names them."""
        org = {stem(w) for w in vocab().organisation_words} if vocab().asks_org(m.tokens) else set()
        topic = [t for t in m.topic if t not in org]  # "the affiliations of its panelists": asked, not a topic
        slots = {k for k, v in (("person", m.people), ("session", m.named_sessions), ("day", m.days),
                                ("topic", topic), ("item", m.item)) if v}
        roles = ("keynote_by", "panelist_of")  # one person in several sessions (a keynote here, a panel there)
        several = any(len({f.subject for r in roles for f in self.facts.where(r, obj=p.name)}) > 1 for p in m.people)
        contrast = bool(set(m.tokens) & vocab().contrast)
        several = several and (contrast or not m.named_sessions)  # "the panel after Thigo's keynote" is one session
        if len({p.name for p in m.people}) > 1 or len(m.named_sessions) > 1 or len(m.days) > 1 or several:
            slots.add("two")
        if "action_items" in m.roles:
            slots.add("actions")
        if contrast:
            slots.add("contrast")
        if set(m.tokens) & vocab().several:
            slots.add("several")
        if set(m.tokens) & (vocab().several | vocab().fewest_words | vocab().ranking_words):
            slots.add("ranks")  # "the most panelists", "only two", "more than one keynote speaker"
        if vocab().asks_org(m.tokens):
            slots.add("asks_org")
        if m.answer_type:
            slots.add(f"asks_{m.answer_type}")
        if m.answer_type == "place" and {m.tokens[i] for i in vocab().type_positions(m.tokens, "place")} - {"where"}:
            slots.add("names_place")  # "which countries", "what venue": never "which session", as "where" can be
        if not topic:
            slots.add("plain")  # no topic word: the question is all entities and framing
        return slots

    def _context(self, history: list[dict[str, str]], depth: int) -> Context | None:
        users = [i for i, t in enumerate(history) if t.get("role") == "user"]
        if not users or depth >= 3:
            return None
        i = users[-1]
        answer = next((t["content"] for t in history[i + 1 :] if t.get("role") == "assistant"), "")
        norm = self.normaliser(history[i]["content"])
        earlier = self._context(history[:i], depth + 1)
        prev = self._part(norm, norm.english, earlier)
        people, sessions = answer_entities(answer, self.resolver, loose=True)
        who = people or [p.name for p in prev.mentions.people]
        if not sessions and who:  # "which panel was that?" after a question or answer naming one person
            own = {(f.source, f.subject) for f in self.facts.rows
                   if f.relation in ("keynote_by", "panelist_of") and f.object == who[0]}
            if len(own) == 1:
                src, title = own.pop()
                sessions = [SessionRef(title, src, "context", 1.0, (), True)]
        return Context(mentions=prev.mentions, text=prev.question, intent=prev.intent.kind, answer_people=people,
                       answer_sessions=sessions, earlier_sessions=focus(earlier))

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
        parts = [p for p in q.parts if p.intent.kind != "greeting"] or q.parts or [q]
        verdicts = []
        corrected = firm = False
        prev: Question | None = None
        people: list[str] = []
        for part in parts:
            if prev is not None and people and _they(part.mentions):  # "…panel, and who do they work for?"
                at = tuple(i for i, t in enumerate(part.mentions.tokens) if t in vocab().group_pronouns)[:1]
                m = replace(part.mentions, people=[PersonRef(n, "context", at) for n in people[:MAX_THEY]])
                part = replace(part, mentions=m, intent=self._classify(m))  # the people just answered with
            elif prev is not None and people and _subjectless(part.mentions):  # "¿… y de qué habló?"
                m = replace(part.mentions, people=[PersonRef(n, "context", ()) for n in people[:MAX_THEY]])
                part = replace(part, mentions=m, intent=self._classify(m))  # the people just answered with
            bare = False
            if prev is not None and needs_context(part.mentions, vocab()):
                part = self._carry(part, prev, people)
            elif prev is not None and _bare(part.mentions):  # "…east africa? which city exactly": of that
                part, bare = _inherit(part, prev), True
            if verdicts and verdicts[-1] == REFUSED and _points_back(part.mentions) \
                    and not (part.mentions.people or part.mentions.named_sessions):
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

    def _carry(self, part: Question, prev: Question, people: list[str]) -> Question:
        """A later part's references resolved by the earlier part (its sessions, the people it answered)."""
        ctx = Context(mentions=prev.mentions, intent="", answer_people=people)
        m, _note = fill(part.mentions, ctx, vocab(), self.facts)
        return replace(part, mentions=m, intent=self._classify(m))

    def _classify(self, m: Mentions) -> Intent:
        """The intent of a part whose mentions changed after understanding (filled from the part before)."""
        return self.intents.classify(m.masked(), self.vectors.query(m.masked()), self.slots(m))

    def extraction_features(self, q: Question, passages: list[Passage]) -> dict[str, float] | None:
        """The extraction path's verify features for a question, and (as "_text") what it would quote."""
        x = Ctx(q, Composer(self.k, q.lang, q.original), self.k, self.facts, self.catalog, self.evidence, passages)
        found = candidate(x)
        if found is None:
            return None
        feats, text = found
        return {**feats, "_text": text}  # type: ignore[dict-item]

    def _one(self, x: Ctx) -> str:
        kind = x.q.intent.kind
        if kind == "greeting":
            x.c.say("greeting", conference=", ".join(p.title for p in self.k.posts))
            return ANSWERED
        stop = premise.check(x)
        if stop is not None:
            return stop
        route = ROUTES.get(kind)
        confident = x.q.intent.score >= self.intents.scoring.min_score
        words = self.intents.words[kind]
        strange = ((_unnamed_names(x) or _unknown_relation(x, words)) if kind in FACT_INTENTS
                   else _unknown_relation(x, words) if kind in _ASKED_RELATION else [])
        if strange:  # "the Geneva panel", "who moderated it": what the posts never mention
            x.c.say("not_mentioned", what=", ".join(strange))
        start, repeats = len(x.c.lines), x.c.repeats
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
        return ANSWERED if verdict == REFUSED and x.extra.get("corrected") else verdict


def _only_a_section(x: Ctx) -> bool:
    """The question names an overview section (the conclusion, the summary) and nothing else to look for
    ("what does the wrap-up say?"), or names a list of links ("which outside article does the post cite
    as its reference?": the references, whatever else the words ask)."""
    m = x.q.mentions
    if not m.roles or m.people or m.named_sessions or m.days or m.item:
        return False
    return all(r in WHOLE_ROLES for r in m.roles) or not known_topic(x, near=True)


def _they(m: Mentions) -> bool:
    """A later part's "they"/"them" with nobody named: the people the part before it answered with (within
    one message; across turns only a discussion verb makes "they" the speakers, see vocab.references)."""
    return bool(set(m.tokens) & vocab().group_pronouns) and not (m.people or m.named_sessions)


def _subjectless(m: Mentions) -> bool:
    """A later part whose verb has no subject ("what did talk about …", a Spanish "¿y de qué habló?" word for
    word): an auxiliary right before a verb of speaking, with nobody named."""
    toks, v = m.tokens, vocab()
    verbs = v.discussion_verbs | v.person_context
    return not m.people and any(
        t in AUXILIARIES and toks[i + 1 : i + 2] and toks[i + 1] in verbs for i, t in enumerate(toks))


def _bare(m: Mentions) -> bool:
    """A part of a question that is only a question word and the kind of answer ("which city exactly",
    "and what year"; not "where was it held", a question of its own)."""
    nouns = set().union(*(type_nouns(phrases) for _kind, phrases in vocab().answer_types))
    own = [t for t in m.tokens if t not in vocab().bare_words | nouns]
    # "and what rate?": one word of its own, the attribute asked of what the part before named
    return len(own) <= (1 if len(m.tokens) <= 3 else 0) and not (m.people or m.sessions or m.days or m.item)


def _inherit(part: Question, prev: Question) -> Question:
    """A bare later part of one message about what the part before it named (its own intent kept; its
    own attribute word, if any, added to the topic)."""
    p, own = prev.mentions, part.mentions
    keep = [i for i, w in enumerate(own.topic_words) if w not in p.topic_words]
    gap = len(p.tokens) + 1  # its own words' places as if the part before came first (no word next to them)
    m = replace(part.mentions, topic=list(p.topic) + [own.topic[i] for i in keep],
                topic_words=list(p.topic_words) + [own.topic_words[i] for i in keep],
                topic_at=list(p.topic_at) + [own.topic_at[i] + gap for i in keep],
                people=[replace(r, at=()) for r in p.people], days=list(p.days),
                sessions=[replace(s, at=()) for s in p.sessions], roles=list(p.roles))
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
    if not topic:
        return []
    near = x.evidence.near(topic, [m.topic_words[m.topic.index(t)] for t in topic])
    if any(x.catalog.df(t) or near.get(t) or t in intent_words for t in topic):
        return []
    return [m.topic_words[m.topic.index(t)] for t in topic]


def _unnamed_names(x: Ctx) -> list[str]:
    """Capitalised words of an English question (not the first word) that no post uses: "Geneva", "Berlin"."""
    if x.q.lang != "en":
        return []
    written = re.findall(r"(?<=[a-z,;:] )[A-Z][a-zA-Z]{2,}\b", x.q.cleaned)
    named = {x.q.mentions.tokens[i] for p in x.q.mentions.people for i in p.at}
    named |= {w for p in x.q.mentions.people for w in p.name.lower().split()}
    kept = set(re.findall(r"[a-z]+", x.q.norm.english.lower()))  # a word stage 1 corrected ("Tawfk") is not absent
    absent = [w for w in written if w.lower() not in x.catalog.vocab and not x.catalog.df(stem(w.lower()))
              and w.lower() not in named and w.lower() in kept]
    return list(dict.fromkeys(absent))
