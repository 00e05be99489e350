"""Stage 8, Conversation: earlier turns are read only when the question cannot stand alone.

A question leans on the conversation when it has an unresolved reference (stage 2a: a person
pronoun with no person named, "that panel" / "there" with no session named, "they" with neither,
"it" with no topic, an elliptical "and on day 2?", "the second one" of a list just given, or an item
of no list it names: "what does number 3 say?").
Then, and only then, the previous user question is understood again (recursively, a few turns at
most) and its people, sessions, days and topic fill what is missing; an elliptical question also
takes the previous intent. A bare "they" ("what did they say about X?") is the session or people of
the turn before only when they say something of X (understand.py checks); otherwise it is anyone, and
the question stands alone. A self-contained question is answered exactly as in a fresh
conversation. Does not choose intents or answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant.answering.facts import PRONOUN_WORDS, Facts
from assistant.answering.mentions import Mentions, PersonRef, Resolver, SessionRef, tokens_of
from assistant.answering.vocab import NEIGHBOURS, Vocab
from assistant.text import STOP, stem

_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "they", "them", "their"}
MAX_MEMBERS = 12  # "any of them": at most this many of the people the previous answer named
_PEOPLE_WORDS = frozenset("who whom anyone anybody someone somebody everyone people person speaker speakers panelist "
                          "panelists".split())


@dataclass
class Context:
    """What the conversation offers to a question that needs it."""

    mentions: Mentions | None = None  # the previous question's (with its own context applied)
    text: str = ""  # the previous question, in English
    intent: str = ""
    answer_people: list[str] = field(default_factory=list)  # named in the previous answer, in order
    answer_list: list[str] = field(default_factory=list)  # the panelists a "who was on X?" turn listed, in order
    answer_sessions: list[SessionRef] = field(default_factory=list)
    earlier_sessions: list[SessionRef] = field(default_factory=list)  # the last session named before that turn


def needs_context(m: Mentions, v: Vocab) -> bool:
    """True when the question has a reference it cannot resolve by itself (and, unless by a person pronoun, does
    not open by announcing a new subject: "unrelated, but where was it held?")."""
    refs = set(m.references)
    if v.switch_positions(m.tokens) and "person" not in refs:  # ("totally different: what did she announce?":
        return False  # "she" still has the one she was)
    own = [t for t in m.topic if t not in v.keynote_stems]  # ("who closed it?": a word of speaking says of no thing)
    if "thing" in refs and (own or ((m.people or m.named_sessions) and not set(m.tokens) & v.sameness)):
        refs.discard("thing")
    return bool(refs) or bool(list_position(m, v)) or bool(m.item and not m.named_sessions and not m.roles)


def own_words(m: Mentions, v: Vocab) -> int:
    """How many words of its own an elliptical question has ("and on day 2?" has none, "and what did he say" 4)."""
    skip = {w for p in v.ellipsis_starts for w in p.split()} | v.filler | v.session_nouns | v.otherness \
        | set(NEIGHBOURS)  # ("and the next panel?" has none)
    taken = {i for p in m.people for i in p.at}  # "the other keynote speaker" stands for a person
    return sum(1 for i, t in enumerate(m.tokens) if i not in m.used and i not in taken and t not in skip)


def list_position(m: Mentions, v: Vocab) -> int:
    """'the second one', 'the last one' (of a list the previous answer gave): 2, -1; else 0. Not a word
    that named a session of the question itself, by its title ("the financing one or the closing one") or as
    the neighbour of one ("the last day-2 panel before the closing one": an ordinal reference with a word of
    its own beside the ordinal)."""
    titled = {i for s in m.sessions if s.how != "ordinal" or len(s.at) > 1 for i in s.at}
    for i, t in enumerate(m.tokens[:-1]):
        nxt = m.tokens[i + 1 : i + 3]
        if i in titled:
            continue
        if v.ordinal(t) and (nxt[0] in ("one", "ones", "person", "speaker", "panelist", "guy", "woman")
                             or nxt == ["of", "those"] or nxt == ["of", "them"] or nxt == ["of", "these"]):
            return v.ordinal(t)
    return 0


def answer_entities(text: str, resolver: Resolver, *, loose: bool = False) -> tuple[list[str], list[SessionRef]]:
    """People (full names) and sessions a previous answer named, in order of appearance; with `loose`, a
    short answer without a full title may name its session as a question would ("the financing panel")."""
    folded = f" {' '.join(tokens_of(text)[0])} "
    people = []
    for name, keys in resolver.c.people.items():
        at = folded.find(f" {' '.join(keys.full)} ") if keys.full else -1
        if at >= 0:
            people.append((at, name))
    titles = [(text.find(t.session.title), SessionRef(t.session.title, t.session.source, "context", 1.0, (), True))
              for t in resolver.c.titles if t.session.title in text]
    sessions = [r for _a, r in sorted(titles, key=lambda x: x[0])]
    if loose and not sessions and len(text) < 600:  # an answer in the history: "The financing panel discussed …"
        sessions = [replace(r, how="context", at=(), marked=True) for r in resolver(text).named_sessions
                    if r.how != "ordinal"]
    return [n for _a, n in sorted(people)], sessions


def fill(m: Mentions, ctx: Context, v: Vocab, facts: Facts | None = None) -> tuple[Mentions, str]:
    """The question's mentions with what the context supplies; and a note of what was taken."""
    out = replace(m, people=list(m.people), sessions=list(m.sessions), days=list(m.days), topic=list(m.topic),
                  topic_words=list(m.topic_words), topic_at=list(m.topic_at), roles=list(m.roles))
    taken: list[str] = []
    _position(out, m, ctx, v, taken)
    if "other" in m.references and facts is not None:
        _other_person(out, ctx, facts, taken, v)
    _person(out, m, ctx, taken, v, facts)
    _session(out, m, ctx, taken, v, facts)
    prev = ctx.mentions
    if m.item and not out.named_sessions and not out.roles and prev:  # "what does number 3 say?": of the list
        out.sessions = [replace(s, how="context", at=(), marked=True) for s in focus(ctx)[:1]]  # just talked about
        out.roles = [] if out.sessions else list(prev.roles)
        taken.append("list")
    _things(out, m, ctx, taken)
    if prev and "ellipsis" in m.references:
        out.days = out.days or list(prev.days)
        if not out.topic and not out.people and not out.named_sessions and not m.answer_type:
            # not "and who was it for?"; the topic keeps its places in the question it came from
            out.topic, out.topic_words, out.topic_at = list(prev.topic), list(prev.topic_words), list(prev.topic_at)
        if own_words(m, v) == 0:
            taken.append("intent")
    if prev and "thing" in m.references and "other" not in m.references and not out.days and prev.days \
            and not out.named_sessions:  # "which sessions were on day 1?" "which of those had the most panelists?"
        out.days = list(prev.days)
        taken.append("day")
    if prev and "thing" in m.references and "other" not in m.references and not out.topic:
        out.topic, out.topic_words, out.topic_at = list(prev.topic), list(prev.topic_words), list(prev.topic_at)
        if not out.topic and prev.item and facts is not None:  # "which sessions discussed that?" after item 3
            out.topic_words = _item_words(prev, facts)
            out.topic, out.topic_at = [stem(w) for w in out.topic_words], list(range(len(out.topic_words)))
        taken.append("topic")
    return out, ",".join(taken)


def _things(out: Mentions, m: Mentions, ctx: Context, taken: list[str]) -> None:
    """'how did they say to get past them?' after "what barriers came up in the UN panel?": with nobody in the
    turn before, "they"/"them" stand for what it asked about, whose words join the question's topic (at the
    pronoun)."""
    prev = ctx.mentions
    objects = [i for i, t in enumerate(m.tokens) if t in ("them", "those", "these")  # ("dealing with them";
               and m.tokens[i - 1 : i] != ["of"]]  # not "was money one of them": of a list, not a topic)
    if prev is None or not {"group", "thing"} & m.references or m.people or prev.people or not prev.topic \
            or not objects and ctx.answer_people:  # ("what did they say": the people the answer named)
        return
    at = (objects or [i for i, t in enumerate(m.tokens) if t == "they"] or [len(m.tokens) - 1])[0]
    new = [j for j, t in enumerate(prev.topic) if t not in out.topic]
    out.topic += [prev.topic[j] for j in new]
    out.topic_words += [prev.topic_words[j] for j in new]
    out.topic_at += [at] * len(new)
    taken.append("topic")


def _item_words(prev: Mentions, facts: Facts) -> list[str]:
    """The content words of the title of the item the previous question asked for ("action point 3":
    "Address Maintainer Burnout"), of the section it named (the action points when it named none)."""
    named = {s.title for s in prev.named_sessions}
    rows = [f for f in facts.where("item") if f.n == prev.item and (
        f.subject in named if named else f.unit.part_kind == "action_point")]
    title = rows[0].unit.part.split(":", 1)[-1] if rows else ""
    return [w for w in tokens_of(title)[0] if w not in STOP and len(w) > 2]


def _position(out: Mentions, m: Mentions, ctx: Context, v: Vocab, taken: list[str]) -> None:
    """'the second one', 'the last one': of the items, people or sessions the previous turn was about."""
    pos = list_position(m, v)
    prev = ctx.mentions
    if not pos:
        return
    if prev is not None and (prev.item or "action_items" in prev.roles) and not ctx.answer_people:
        out.item, out.roles = pos, list(prev.roles)
        taken.append("item")
    elif ctx.answer_people and abs(pos) <= len(ctx.answer_people):
        at = tuple(i for i, t in enumerate(m.tokens) if v.ordinal(t) or t in ("one", "person", "speaker", "panelist"))
        # ("the last one" of the panelists listed, not the keynote speaker the line after them names)
        listed = ctx.answer_list if abs(pos) <= len(ctx.answer_list) else ctx.answer_people
        out.people = [PersonRef(listed[pos - 1 if pos > 0 else pos], "context", at[:2])]
        taken.append("person")
    elif ctx.answer_sessions and abs(pos) <= len(ctx.answer_sessions):
        out.sessions = [ctx.answer_sessions[pos - 1 if pos > 0 else pos]] + out.sessions
        taken.append("session")


def _other_person(out: Mentions, ctx: Context, facts: Facts, taken: list[str], v: Vocab) -> None:
    """'the other keynote speaker': the context session's other people in that role."""
    prev = ctx.mentions
    toks = out.tokens
    person_nouns = {"speaker", "speakers", "panelist", "panelists", "person", "one", "keynote", "guy", "woman", "man"}
    partner = v.partner_at(toks)  # "the guy who spoke alongside her": the one who shared her role
    if prev is None or out.people or not partner and not any(t in {"other", "another"} and toks[i + 1 : i + 3] and set(
            toks[i + 1 : i + 3]) & person_nouns for i, t in enumerate(toks)):
        return  # "any other panel" is about sessions, not "the other speaker"
    named = {p.name for p in prev.people} | set(out.excluded_people)
    if not named and ctx.answer_people:
        named = {ctx.answer_people[0]}
    at = tuple(i for i, t in enumerate(toks) if t in {"other", "another"} | person_nouns or i in partner)
    rest = [n for n in ctx.answer_people if n not in named]
    if rest and not {"keynote", "panelist", "panelists"} & set(toks):  # "the other one, not Groh"
        out.people = [PersonRef(rest[0], "context", at)]
        taken.append("person")
        return
    rel = "keynote_by" if "keynote" in toks else "panelist_of" if set(toks) & {"panelist", "panelists"} else ""
    if partner and not rel:  # the role they shared: a keynote given together first, else a panel
        shared = [f for f in facts.rows if f.relation == "keynote_by" and f.object in named
                  and len(facts.where("keynote_by", subject=f.subject, source=f.source)) > 1]
        rel = "keynote_by" if shared else "panelist_of"
    sessions = [s.title for s in prev.named_sessions] or [
        f.subject for n in named for f in facts.rows if f.object == n and f.relation in ("keynote_by", "panelist_of")]
    if not rel:  # "the other guy on that panel": the role the one just named held there
        rel = next((f.relation for f in facts.rows if f.object in named and f.subject in sessions
                    and f.relation in ("keynote_by", "panelist_of")), "")
    rels = (rel,) if rel else ("keynote_by", "panelist_of")
    others = [f.object for f in facts.rows if f.relation in rels and f.subject in sessions and f.object not in named]
    if others and rel:  # the one other; of a panel, each of the others ("her colleague on that panel": any of them)
        out.people = [PersonRef(o, "context", at) for o in others[: MAX_MEMBERS if rel == "panelist_of" else 1]]
        taken.append("person")


def _person(out: Mentions, m: Mentions, ctx: Context, taken: list[str], v: Vocab, facts: Facts | None = None) -> None:
    prev = ctx.mentions
    if out.people or not ({"person", "group"} & m.references):
        return
    if _members(m) and ctx.answer_people:  # "did any of them … on day 2": every person just named
        at = tuple(i for i, t in enumerate(m.tokens) if t in _PRONOUNS)[:1]
        out.people = [PersonRef(n, "context", at) for n in ctx.answer_people[:MAX_MEMBERS]]
        taken.append("person")
        return
    # "whats their job title" after an answer naming several people: each of them ("their" of one person: that one;
    # "what did the guy say about them": one person, on them)
    noun_at = v.person_at(m.tokens)  # "the guy", "that speaker"
    many = MAX_MEMBERS if {"their", "theirs", "they", "them"} & set(m.tokens) and not noun_at else 1
    named = bool(prev and prev.people)
    who = prev.people if prev and named else [PersonRef(n, "context") for n in ctx.answer_people[:MAX_MEMBERS]]
    noun = bool(noun_at) and not set(m.tokens) & v.person_pronouns
    if noun and facts is not None:
        who = _of_noun(who, v.pronoun_of(m.tokens), facts, bool(out.topic))
    elif facts is not None and many == 1:
        who = _of_pronoun(who, m.tokens, facts)  # ("he" of two: his)
    who = who if named or noun else who[:many]
    if who and ("person" in m.references or not (prev and prev.named_sessions)):
        # The pronoun stands for the person: masked as a name, so "what did she say" reads like "what did maria say";
        # so does "the guy" ("what did the guy focus on?"), whose noun is then no topic word.
        at = tuple(i for i, t in enumerate(m.tokens) if t in _PRONOUNS)[:1] or tuple(noun_at)
        out.people = [replace(p, how="context", at=at) for p in who[:max(2, many)]]
        out.keep_topic([j for j, i in enumerate(out.topic_at) if i not in at])
        taken.append("person")


def _of_noun(who: list[PersonRef], pronoun: str, facts: Facts, topic: bool) -> list[PersonRef]:
    """'what did the guy say about the levy?' after several people: the one of them the post does not call "she"
    (nor, for "the woman", "he"); where that leaves several, the first of them for a question with no topic of its
    own ("what did the guy focus on?": each one's remarks), none for one with a topic (the topic finds who said
    it)."""
    said = facts.pronouns
    fits = [p for p in who if not pronoun or said.get(p.name, pronoun) == pronoun]  # (not whom it calls the other)
    return fits if len(fits) == 1 else [] if topic else fits[:MAX_NOUN_PEOPLE]


MAX_NOUN_PEOPLE = 2  # "what did the guy focus on?" when the post does not say which of them: the first two


def _of_pronoun(who: list[PersonRef], toks: list[str], facts: Facts) -> list[PersonRef]:
    """'did he show up again later?' after two people: the one the post calls "he" (facts: pronoun), or the
    ones it does not call "she"; all of them when it says nothing either way."""
    asked = {p for t in toks for p, ws in PRONOUN_WORDS.items() if t in ws}
    if len(who) < 2 or len(asked) != 1:
        return who
    said = facts.pronouns
    same = [p for p in who if said.get(p.name) in asked]
    return same or [p for p in who if p.name not in said] or who


def _members(m: Mentions) -> bool:
    """'did any of them come back on day 2?': of the people just named, asked about a day (without one, "what
    did each of them say" is about the session they were named for)."""
    return "members" in m.references and bool(m.days)


def _session(out: Mentions, m: Mentions, ctx: Context, taken: list[str], v: Vocab, facts: Facts | None) -> None:
    prev = ctx.mentions
    if out.named_sessions or not ({"session", "group", "ellipsis", "thing", "other"} & m.references) \
            or _members(m) and "person" in taken:
        return  # "did he appear again later?", "did any of them …" ask about the people, not their session
    sessions = named_of(prev)
    if sessions and m.days and "ellipsis" in m.references and "session" not in m.references and facts is not None \
            and not any(facts.day(s.source, s.title) in m.days for s in sessions):
        return  # "who keynoted the soil panel on day 1?" "and on day 2?": that day's sessions, not that panel
    if not sessions and prev and prev.people and facts is not None:  # "what did X present?" "who on that same
        sessions = one_session_of([p.name for p in prev.people], facts)  # panel …?": X's panel (when X sat on
        # one only)
    if not sessions and len(ctx.answer_sessions) == 1 and ("person" not in taken or "session" in m.references):
        # (with "her" taken, "that panel with her" still names the one session the answer was about)
        sessions = ctx.answer_sessions[:1]
    if not sessions and "person" not in taken and "session" in m.references:  # "keynote at the AI panel?"
        sessions = ctx.earlier_sessions[:1]  # "what did he say?" "who else was on that panel?": that panel
    if sessions and not (out.people and "person" not in taken):
        # "did the same person keynote anywhere else?": the session just talked about is the one left out
        # ("who else was on that panel with her?": other people, in the same session)
        other = "other" in m.references and "person" in taken and not _other_people(m.tokens, v)
        out.sessions = [replace(s, how="context", at=(), marked=True, excluded=other or s.excluded)
                        for s in sessions[:2]] + out.sessions
        taken.append("session")


def one_session_of(names: list[str], facts: Facts) -> list[SessionRef]:
    """The one session the people spoke at or sat on, as a reference; [] when they were in several or none."""
    rows = {(f.subject, f.source) for name in names for rel in ("keynote_by", "panelist_of")
            for f in facts.where(rel, obj=name)}
    return [SessionRef(t, src, "context", 1.0, (), True) for t, src in rows] if len(rows) == 1 else []


def _other_people(toks: list[str], v: Vocab) -> bool:
    """'who else', 'anyone else', 'the other panelists': otherness said of people, not of a session."""
    return any(t in v.otherness and (i and toks[i - 1] in _PEOPLE_WORDS or toks[i + 1 : i + 2] and toks[i + 1] in
                                     _PEOPLE_WORDS) for i, t in enumerate(toks))


def named_of(m: Mentions | None) -> list[SessionRef]:
    """The sessions a question named (not those it left out)."""
    return [s for s in (m.named_sessions if m else []) if not s.excluded]


def focus(c: Context | None) -> list[SessionRef]:
    """The session a turn was about: the one its question named, else the one its answer named, else the
    one the turn before it was about."""
    if c is None:
        return []
    return named_of(c.mentions)[:1] or (c.answer_sessions if len(c.answer_sessions) == 1 else []) or c.earlier_sessions


def replay(prev: Mentions, cur: Mentions, day_of: Callable[[SessionRef], str] = lambda s: "") -> str:
    """An elliptical follow-up as the previous question with the new entity put in ("and on day 2?").

    Each day, session or person the follow-up names replaces the previous question's mention of the
    same kind (or is appended to it); a follow-up that names only a topic replaces the previous topic.
    A day replaces a session held on another day (`day_of`): "who keynoted the soil panel on day 1?" "and
    on day 2?" asks of day 2's sessions ("who keynoted the session on day 2").
    """
    toks = list(prev.tokens)
    swaps: list[tuple[tuple[int, ...], str]] = []
    if cur.days and not cur.named_sessions:
        swaps += [(s.at, "") for s in prev.named_sessions if s.at and day_of(s) and day_of(s) not in cur.days]
    add: list[str] = []
    kinds = (([a for a in prev.day_at], [d.lower() for d in cur.days], "on"),
             ([s.at for s in prev.named_sessions if s.at], [s.title for s in cur.named_sessions], "at the"),
             ([p.at for p in prev.people if p.at], [p.name for p in cur.people], "by"))
    for old, new, lead in kinds:
        if not new:
            continue
        if old:
            swaps.append((old[0], new[0]))
        else:
            add.append(f"{lead} {new[0]}")
    if not swaps and not add and cur.topic_words:
        if prev.topic_at:
            swaps.append((tuple(range(min(prev.topic_at), max(prev.topic_at) + 1)), " ".join(cur.topic_words)))
        else:
            add.append("about " + " ".join(cur.topic_words))
    for at, text in sorted(swaps, key=lambda x: -min(x[0])):
        toks[min(at) : max(at) + 1] = [text] if text else []
    return " ".join(toks + add)
