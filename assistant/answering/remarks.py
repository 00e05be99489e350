"""What people said: a person's remarks (on the question's topic), who a person is with what they
said, and the correction when a remark belongs to someone else. One function per intent,
`fn(ctx) -> verdict | None` (None: evidence extraction instead). Does not answer structure
questions (structure.py) or summaries (content.py).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from assistant.answering.compose import claim, join_names
from assistant.answering.evidence import Bullet, Scored
from assistant.answering.extract import (
    asked_phrase,
    bullets_of,
    known_topic,
    labelled,
    near_of,
    no_name_key,
    ranked,
    say_bullet,
    say_refusal,
    unnamed,
)
from assistant.answering.holds import asked_thing, holds
from assistant.answering.question import ANSWERED, REFUSED, Ctx
from assistant.answering.structure import asks_day_roles, say_roles
from assistant.answering.structure import person_role as structure_person_role
from assistant.answering.verify import unknown_terms
from assistant.answering.vocab import POLAR, ends_phrase
from assistant.ingest.shape import shape
from assistant.text import STOP, content_stems, fold, stem

MAX_REMARKS = 6
PROFILE_REMARKS = 2  # remarks shown after who a person is
ATTRIBUTION_MARGIN = 0.05  # how much closer to the topic another's remark must be to correct the speaker
FEW_REMARKS = 3  # a person with at most this many remarks: all of them, those on the topic first
RARE_IDF = 4.0  # a word this rare in the posts (in about one sentence in 55) is distinctive of a topic
ATTRIBUTION_FLOOR = 0.35  # and how close at least: "what results did X report" names no topic to attribute
ELSEWHERE_TSIM = 0.3  # how close in meaning a passage using every topic word must be to hold the topic ("help" is not)
CLEARLY_CLOSER = 0.2  # how much closer to the topic, with half its words, another's remark must be than
# anything the person said for "what did X say about Y" to be unanswered (not said by X in other words)
ELSEWHERE_SYN = 0.6  # or this share of it with near words ("young people involved": "Youth Involvement")


def person_said(x: Ctx) -> str | None:
    """What the post records the named people saying (on the question's topic, if it has one).

    None (evidence extraction instead) when no remark of theirs is on the topic: the answer may be
    elsewhere ("which company did X found" is on the panelists line).
    """
    people = x.m.people[:3]
    if not people:
        return None
    premised = bool(x.extra.get("corrected"))  # (a premise of the question corrected already)
    names = [p.name for p in people]
    own = [s for p in people for s in ranked(x, bullets_of(x, [f.unit for f in x.facts.where("said", subject=p.name)]))]
    closest = [s.bullet for s in sorted(own, key=lambda s: -s.tsim)]  # their remarks, closest to the topic first
    if len(people) == 1 and not premised and (silent := _silent_there(x, names[0], closest)) is not None:
        return silent
    found = [(p.name, _remarks(x, p.name)) for p in people]
    own_sessions = {r.session for p in people for r in x.k.people[p.name].roles} if all(
        p.name in x.k.people for p in people) else set()
    if all(bullets == [] for _n, bullets in found) and known_topic(x, exclude=own_sessions):
        # "what did X say about fertiliser costs?", X recorded saying nothing: whose remark it is, if anyone's
        # (not "X's take on satellite data" on the Satellite Data panel: that names X's panel, not a remark)
        for name in names:
            _said(x, name, [], False)
        credited = _said_by_someone_else(x, names)
        return _unless_open(x, ANSWERED, premised) if credited is not None else REFUSED
    if all(bullets is None for _n, bullets in found):
        credited = _said_by_someone_else(x, names, own)
        if credited is None:
            if own and known_topic(x):  # nobody else has it either: their remarks, closest first
                absent = _missing_topic(x)
                return _said(x, names[0], closest[:3], False, not (absent or _elsewhere(x, own, names)), absent)
            return None
        if len(people) == 1 and closest:  # and what they did say, closest first
            _say_remarks(x, names[0], closest[:PROFILE_REMARKS])
        return _unless_open(x, ANSWERED, premised)
    if known_topic(x) and own and max(s.cover for s in own) < 0.5 \
            and (other := _said_by_someone_else(x, names, own)) is not None:  # "… about the fund Y presented"
        # the little they said, whole (FEW_REMARKS); else the closest
        _say_remarks(x, names[0], closest if len(own) <= FEW_REMARKS else closest[:1])
        theirs = other.cover >= 0.5 and other.tsim - max(s.tsim for s in own) >= CLEARLY_CLOSER
        return _unless_open(x, ANSWERED, premised or not theirs)  # (what they said may be it in other words)
    if len(people) > 1 and len({p.name.split()[0] for p in people}) == 1 and people[0].how == "first":
        x.c.say("ambiguous_person", first=people[0].name.split()[0], names=join_names([p.name for p in people]))
    absent = _missing_topic(x) if x.m.topic and own else []
    if absent:  # "did X talk about the apache foundation's funding model?"
        return _said(x, names[0], closest[:3], False, False, absent)
    verdicts = [_said(x, name, bullets, len(people) > 1) for name, bullets in found]
    return ANSWERED if ANSWERED in verdicts else REFUSED


def _silent_there(x: Ctx, name: str, closest: list[Bullet]) -> str | None:
    """'What did X say on the governments panel?' when the post lists X there but records X saying something
    only in another session: say so, then what X said elsewhere (`closest`: their remarks, closest to the
    topic first). A yes/no question ("did X say anything there?") is answered by that; an open one ("what
    did X say on the governments panel?") is not: the same lines, as a refusal."""
    named = {s.title for s in x.sessions()}
    rows = x.facts.where("said", subject=name)
    listed = [f for f in x.facts.where("panelist_of", obj=name) if f.subject in named]
    if not named or not rows or not listed or any(f.unit.session in named for f in rows):
        return None
    x.c.say("no_remarks", name=name, session=listed[0].subject, cite=x.c.cite(listed[0].unit))
    _say_remarks(x, name, closest[:PROFILE_REMARKS], "person_said_elsewhere")
    return ANSWERED if x.m.tokens[x.m.framing : x.m.framing + 1] and x.m.tokens[x.m.framing] in POLAR else REFUSED


def _unless_open(x: Ctx, corrected: str | None, premised: bool) -> str | None:
    """A correction of the speaker answers a question that takes the remark as made (or whose premise was
    corrected already: `premised`, "… All in Africa, the GitHub initiative he runs?"); an open question
    ("what did X say about Y?", "X's take on Y?") whose answer is someone else's remark is not answered by
    the post: the same lines, as a refusal."""
    if corrected != ANSWERED or premised or _takes_as_made(x):
        return corrected
    x.extra.pop("corrected", None)
    return REFUSED


def _takes_as_made(x: Ctx) -> bool:
    """The question takes the person's remark as made: it asks why ("why did X insist on …"), states it ("X
    said fertiliser costs fell — for which crop?": a remark verb right after the name, no "did" before it), or
    places them where they spoke (a day, a session, a keynote: "in her day 1 keynote"). Not a question that
    opens with "did"/"does": it asks whether the remark was made."""
    m, v = x.m, x.v
    toks = m.tokens
    verbs = v.person_context | v.speak_verbs | v.discussion_verbs
    said = f" {' '.join(toks)} "
    if any(f" {frame} " in said for frame in v.asserting_frames):
        return True  # "I read that X runs the Sovereign Tech Fund — what did he say about it?"
    if toks[:1] and toks[0] in v.asserting_auxiliaries:
        return False  # "did X talk about security on the governments panel?" asks whether, wherever it places them
    if set(toks) & v.asserting_words or m.days or m.named_sessions or any(
            stem(t) in v.keynote_stems and t not in verbs for t in toks):  # ("did X address …" asks)
        return True
    for p in m.people:
        if not p.at:
            continue
        nxt = toks[p.at[-1] + 1] if p.at[-1] + 1 < len(toks) else ""
        if (nxt in verbs or nxt.endswith("ed")) and not set(toks[: p.at[0]]) & v.asserting_auxiliaries:
            return True
    return False


def _elsewhere(x: Ctx, own: list[Scored], names: list[str]) -> bool:
    """The post says the topic, every word of it and close in meaning, somewhere that is not about them ("the
    Global Digital Compact" in the introduction, "young people" on the youth panel): they did not speak of it."""
    theirs = {s.bullet for s in own}
    pool = [b for b in x.evidence.bullets if b not in theirs and b.first.source in x.sources()
            and not all(u.heading for u in b.units) and not set(names) & set(b.first.mentions)]
    return any((s.cover >= 0.99 or s.syn >= ELSEWHERE_SYN) and s.tsim >= ELSEWHERE_TSIM for s in ranked(x, pool))


def _missing_topic(x: Ctx) -> list[str]:
    """The words of a topic no post records, so that no remark of the person answers the question:
    "what did X say about quantum computing", "did X get into the EU Cyber Resilience Act". Otherwise the
    topic is taken as said in other words ("what was X pushing for", "what did he tie that to").

    That is: a topic word no post uses nor stands near, written as a name (capitalised inside the sentence) or
    inside the noun phrase that a topic opener begins ("about the apache foundation's funding model", "an
    update on the OSI definition"). Those words as written ("M-Pesa"), or [] when the topic is the posts'."""
    if x.q.norm.lang != "en":  # a word the lexicon does not translate is absent from the posts, not from the world
        return []
    absent = unknown_terms(x.m, x.catalog, near_of(x))[0]
    written = {part for w in re.findall(r"(?<![.?!:]\s)(?<!^)\b[A-Z][\w'’-]+", x.q.cleaned)
               for part in w.lower().split("-")}  # ("M-Pesa": its parts are the words)
    toks = x.m.tokens
    spots = set(x.m.topic_at)
    for t, w, at in zip(x.m.topic, x.m.topic_words, x.m.topic_at, strict=False):
        here = 0 < at < len(toks) and toks[at] == w  # (a topic carried from an earlier turn has its places there)
        if t in absent and (w in written or here and in_opened_phrase(x, toks, at, spots)):
            return [as_written(x.q.cleaned, w)]
    return []


def as_written(text: str, word: str) -> str:
    """The phrase of the question that `word` begins, as typed: "pesa" -> "M-Pesa", "quantum" -> "quantum
    computing" (with the words after it up to a stop word or a punctuation mark, at most PHRASE_TAIL)."""
    m = re.search(rf"[\w'’-]*{re.escape(word)}[\w'’-]*((?: [\w'’-]+){{0,{PHRASE_TAIL}}})", text, re.IGNORECASE)
    if not m:
        return word
    tail = list(itertools.takewhile(lambda w: fold(w) not in STOP, m.group(1).split()))
    return re.sub(r"['’]s$", "", " ".join([m.group(0)[: m.start(1) - m.start()], *tail]))


PHRASE_TAIL = 4


def in_opened_phrase(x: Ctx, toks: list[str], at: int, spots: set[int]) -> bool:
    """Whether the word at `at` opens the noun phrase right after a topic opener: going left over at most
    one other topic word and any determiners ("the", "their own"), the first other word is "about", "on"
    or the like, or a verb taking the topic as its object ("mention", "bring up"). (Further on, a verb may
    follow: "about contributions that deserve recognition".)"""
    i, words = at - 1, 0
    while i >= 0 and (i in spots and words < PHRASE_HEAD or toks[i] in x.v.phrase_openers or len(toks[i]) == 1):
        words += i in spots  # (a letter is part of the name it is hyphenated to: "M-Pesa")
        i -= 1
    return i >= 0 and (toks[i] in x.v.topic_prepositions or ends_phrase(toks, i, x.v.topic_verbs))


PHRASE_HEAD = 1  # topic words allowed before the absent one in that phrase ("the OSI definition": "definition")


def _remarks(x: Ctx, name: str) -> list[Bullet] | None:
    """The person's recorded remarks (in the named sessions), on the topic if the question has one (all
    of them, those on the topic first, when they are few), each with the remark that goes on with it;
    [] when the post records none at all, None when none is on the topic."""
    named = {s.title for s in x.sessions()}
    rows = x.facts.where("said", subject=name)
    if named:
        rows = [f for f in rows if f.unit.session in named] or rows
    bullets = bullets_of(x, [f.unit for f in rows])
    if bullets and known_topic(x, exclude=named):
        scored = [s for s in ranked(x, bullets) if s.syn > 0]
        if not scored:
            return None
        chosen = [s.bullet for s in scored if s.syn >= 0.5 * scored[0].syn]
        if len(bullets) <= FEW_REMARKS:  # the little they said is quoted whole: a point may be worded apart
            chosen += [b for b in bullets if b not in chosen]
        return _with_next(x, chosen, bullets, _going_on(x, chosen[0]))
    if bullets and x.m.answer_type == "number":  # "how many have they churned out?": what is counted goes unsaid;
        return _with_next(x, bullets, bullets, _going_on(x, bullets[0]))  # a figure may be where a remark goes on
    return bullets


def _going_on(x: Ctx, b: Bullet) -> Bullet | None:
    """The bullet right after the person's remark b, in the same part, that credits no one and says topic words b
    lacks (or, for a "how many", a figure), and opens by pointing back to a thing of b ("The initiative …"): how the
    remark goes on ("Ruth Ikega discussed … the All in Africa initiative" / "The initiative has graduated over 250
    participants …", for "… graduated 500 people, right?"); else None."""
    nxt = x.evidence.beside(b, 1)
    if nxt is None or (nxt.first.source, nxt.first.session, nxt.first.part) != (b.first.source, b.first.session,
                                                                                 b.first.part):
        return None
    if any(u.mentions or x.k.spoken_by(u) for u in nxt.units) or all(u.heading for u in nxt.units):
        return None
    back = re.match(r"(?:The|This|These) ([\w-]+)", nxt.first.text)  # it points back to b's thing
    if back is None or stem(back.group(1).lower()) not in b.stems:  # ("The panel highlighted …": the panel's)
        return None
    topic = set(known_topic(x))
    figure = x.m.answer_type == "number" and shape().pattern("number").search(nxt.first.text) is not None
    return nxt if (topic & nxt.stems) - b.stems or figure else None


def _with_next(x: Ctx, chosen: list[Bullet], theirs: list[Bullet], going_on: Bullet | None = None) -> list[Bullet]:
    """The chosen remarks, each with the person's remark right after it in the post, if any: a point
    one bullet goes on with ("Kamau-Otieno added that …") is part of it; and `going_on` after the first."""
    mine = set(theirs) | ({going_on} if going_on is not None else set())
    out: list[Bullet] = []
    for b in chosen:
        nxt = x.evidence.beside(b, 1)
        for c in (b, nxt if nxt in mine else None):  # each remark, then the one that goes on with it
            if c is not None and c not in out and (c.first.session, c.first.source) == (b.first.session,
                                                                                       b.first.source):
                out.append(c)
    return out


def _said_by_someone_else(x: Ctx, names: list[str], own: list[Scored] = ()) -> Scored | None:
    """'What did X say about Y?' when the post records Y from someone else: say who (a correction), and
    return that remark, scored. Only when it has all of Y the posts know and means it more than anything X
    said (`own`); else None. Of a question that places them on a session they sat on, as _placed says."""
    others = [f.unit for f in x.facts.where("said") if f.subject not in names]
    mine = max((s.tsim for s in own), default=0.0)
    sat = _sat_on(x, names)
    best = [s for s in ranked(x, bullets_of(x, others)) if s.known >= 0.5
            and s.tsim >= max(ATTRIBUTION_FLOOR, mine + ATTRIBUTION_MARGIN) and _placed(x, s, sat)]
    if not best:
        return None  # nobody's remark has all of it: evidence extraction decides
    b = best[0].bullet
    rare = {t for t in x.m.topic if x.catalog.df(t) and x.catalog.idf(t) >= RARE_IDF}
    if rare & b.stems & {t for s in own for t in s.bullet.stems}:
        return None  # "underrepresented groups": theirs says "underrepresented" too, so they did speak of it
    speaker = next((n for n in [*b.first.mentions, *x.k.spoken_by(b.first)] if n not in names), "")  # ("She": the
    # keynote's sole speaker)
    speaker = f"the {speaker}" if speaker in x.catalog.unnamed else speaker  # ("the UNICEF Representative")
    x.c.say("premise_attribution", name=" and ".join(names), other=speaker or "someone else",
            topic=asked_phrase(x))
    say_bullet(x, b)
    x.extra["corrected"] = True
    return best[0]


def _sat_on(x: Ctx, names: list[str]) -> set[str]:
    """The sessions the question names that the people sat on ("what did X say about Y on the city panel?")."""
    named = {r.title for r in x.m.named_sessions if not r.excluded}
    return named & {f.subject for n in names for rel in ("panelist_of", "keynote_by")
                    for f in x.facts.where(rel, obj=n)}


def _placed(x: Ctx, s: Scored, sat: set[str]) -> bool:
    """Whether someone else's remark `s` may correct a question that places the person on sessions they sat on
    (`sat`): one made there, or one elsewhere that has every word of a topic of two or more ("mobile money"), not
    one word many remarks share ("contribution", "security")."""
    if not sat or s.bullet.first.session in sat:
        return True
    return s.cover >= 0.99 and len({t for t in x.m.topic if x.catalog.df(t)}) >= 2


def _said(x: Ctx, name: str, bullets: list[Bullet] | None, several: bool, on_topic: bool = True,
          absent: list[str] = ()) -> str:
    """What the post records the person saying (`bullets`), or that it records nothing on the topic
    (None) or nothing at all ([]). Remarks off a topic no post records (`on_topic`
    False) are shown after saying so, and the answer is a refusal; `absent` names the words of the topic no
    post has (all of it when empty)."""
    if bullets is None or not on_topic:
        x.c.say("no_remarks_topic", name=name, topic=" ".join(absent) or asked_phrase(x))
        if bullets:  # off the topic: what they did say, after saying so
            _say_remarks(x, name, bullets)
        return REFUSED
    if not bullets:
        say_roles(x, name)
        role = x.facts.one("panelist_of", obj=name) or x.facts.one("keynote_by", obj=name)
        if role is not None:
            x.c.say("no_remarks", name=name, session=role.subject, cite=x.c.cite(role.unit))
        return REFUSED
    if x.m.answer_type in ("name", "place"):  # "what is her network called": a remark without one is no answer
        scored = ranked(x, bullets)
        if scored and not any(s.typed for s in scored):
            best = max(scored, key=lambda s: s.tsim).bullet.quote(x.evidence.texts[bullets[0].first.source])
            x.c.say(f"no_{x.m.answer_type}")
            x.c.say("nearest", text=best.text, cite=x.c.cite(best))
            return REFUSED
    if unnamed(x, bullets):
        if _in_affiliation(x, name):  # "which program was X running?": her role names it ("Program Lead for …")
            say_roles(x, name)
            return ANSWERED
        say_refusal(x, key=no_name_key(x))  # (the words no post mentions, when it mentions no such thing)
        _say_remarks(x, name, bullets)
        return REFUSED
    if several or len({b.first.session for b in bullets}) > 1:
        say_roles(x, name)
    _say_remarks(x, name, _round_robin(bullets, MAX_REMARKS))
    return ANSWERED


def _in_affiliation(x: Ctx, name: str) -> bool:
    """The one thing the question asks which of ("which program", "what initiative") is what the person's
    affiliation on the panelists line names, or names the role the question gives them ("which federation was
    X treasurer of?": "Treasurer of the Federación …")."""
    thing = asked_thing(x.m)
    aff = x.facts.one("affiliation", subject=name)
    own = set(content_stems(aff.object)) if aff is not None else set()
    return bool(thing and own and (thing[0] in own or (set(x.m.topic) - set(thing)) & own))


def _say_remarks(x: Ctx, name: str, bullets: list[Bullet], head: str = "person_said_head") -> None:
    """'What the post records X saying:' (or `head`), then each remark quoted with its session."""
    x.c.say(head, name=name)
    for b in bullets:
        u = b.quote(x.evidence.texts[b.first.source])
        x.c.say("said_line", session=u.session + labelled(u), text=claim(u, x.k), cite=x.c.cite(u))


def _round_robin(bullets: list[Bullet], n: int) -> list[Bullet]:
    """Up to n bullets taking one from each session in turn, kept in their order."""
    groups: dict[str, list[Bullet]] = {}
    for b in bullets:
        groups.setdefault(b.first.session, []).append(b)
    out: list[Bullet] = []
    while len(out) < n and any(groups.values()):
        for g in groups.values():
            if g and len(out) < n:
                out.append(g.pop(0))
    return sorted(out, key=bullets.index)


def person_role(x: Ctx) -> str | None:
    """Who the named people are (roles, sessions, affiliations), then what the post records them
    saying, the remarks closest to the question first: "Jacob Green's angle on the cities panel",
    "her part in that keynote" ask for both."""
    verdict = structure_person_role(x)
    if verdict != ANSWERED or asks_day_roles(x.m):  # ("which of them spoke on day 1": who, not what)
        return verdict
    asks_org = x.v.asks_org(x.m.tokens)  # "where does X work": an organisation answers it
    if x.m.answer_type in ("name", "place") and not asks_org and not _typed_anywhere(x):  # "where is X from?":
        x.c.say(f"no_{x.m.answer_type}")  # who X is, and that the post does not say it
        return REFUSED
    theirs = {p.name: _remarks(x, p.name) for p in x.m.people[:2]}
    if not any(theirs.values()) and set(x.m.tokens) & x.v.remark_words:  # "what was her argument": none recorded
        for name in theirs:
            role = x.facts.one("panelist_of", obj=name) or x.facts.one("keynote_by", obj=name)
            if role is not None:
                x.c.say("no_remarks", name=name, session=role.subject, cite=x.c.cite(role.unit))
        return REFUSED
    for p in x.m.people[:2]:
        bullets = theirs[p.name]
        if not bullets:
            continue
        _say_remarks(x, p.name, [s.bullet for s in ranked(x, bullets)[:PROFILE_REMARKS]])
    return ANSWERED


def _typed_anywhere(x: Ctx) -> bool:
    """Whether anything the post says of the named people (their roles, titles, remarks) holds the kind
    of answer asked (a place, a name) that the question does not already give."""
    titles = [r.affiliation for p in x.m.people if p.name in x.k.people for r in x.k.people[p.name].roles]
    said = [f.unit for p in x.m.people for f in x.facts.where("said", subject=p.name)]
    if any(holds(x.m.answer_type, t, x.m) for t in titles if t):
        return True
    return any(s.typed for s in ranked(x, bullets_of(x, said)))


REMARKS: dict[str, Callable[[Ctx], str | None]] = {"person_role": person_role, "person_said": person_said}


def name_their_own(x: Ctx, since: int) -> None:
    """'Which foundation set money aside?': a quote saying "Her foundation has set aside …" answers it only
    with whose foundation that is. For each bullet cited since citation `since` that says so
    (Evidence.their_own), says who the speaker is: roles and the affiliation that names it, cited."""
    cited = [u for c in x.c.citations[since:] if (u := x.k.unit_at(c.source, c.start)) is not None]
    for b in dict.fromkeys(x.evidence.bullet(u) for u in cited):
        for name in x.evidence.their_own(b, x.m):
            say_roles(x, name)
