"""Answers that gather the post's content: keynotes, summaries, action points, topics across sessions.

One function per intent, `fn(ctx) -> verdict | None` (None: fall back to evidence extraction).
Topic filtering uses the same ranking and answerability score as extraction (extract.py), so a
"what did X say about Y" keeps only remarks that are about Y. Whole bullets are quoted.
Does not answer structure questions (structure.py, counting.py), what people said (remarks.py) or
comparisons (compare.py).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import replace

from assistant.answering.compose import claim, join_names
from assistant.answering.evidence import Bullet, Scored
from assistant.answering.extract import (
    ON_TOPIC,
    PARTLY_KNOWN,
    affiliated,
    another_speaker,
    asked_phrase,
    known_topic,
    near_of,
    no_name_key,
    ranked,
    refuse,
    say_bullet,
    unknown_of,
    unknown_words,
    unnamed,
)
from assistant.answering.extract import verdict as verdict_of
from assistant.answering.holds import asked_thing
from assistant.answering.question import ANSWERED, REFUSED, Ctx
from assistant.answering.refs import tokens_of
from assistant.answering.remarks import person_said
from assistant.answering.structure import asks_of, say_keynote
from assistant.answering.verify import alternative_groups
from assistant.answering.vocab import AUXILIARIES
from assistant.ingest.corpus import Session
from assistant.ingest.knowledge import Unit
from assistant.text import STOP, content_stems, is_year, stem

PER_SECTION = 3  # bullets quoted per section for 'where did X come up' when each uses all of X
MORE_OF_TOPIC = 0.1  # a section's further bullet is quoted when it uses this much more of the topic than those shown
TOPIC_CLOSE = 0.9  # a section whose topic similarity is this share of the best one's discusses it too


def _on_topic(x: Ctx, bullets: list[Bullet], topic_min: float = ON_TOPIC) -> list[Scored]:
    """Bullets scored against the question's topic, those using enough of it, best first."""
    return [s for s in ranked(x, bullets) if s.syn >= topic_min]


def keynote_content(x: Ctx) -> str | None:
    """Who gave the named session's keynote (or the named person's keynotes) and its main points."""
    sessions = x.sessions() or [x.k.session(f.subject, f.source) for p in x.m.people
                                for f in x.facts.where("keynote_by", obj=p.name)]
    if not sessions:
        return None
    keynote_asked = any(stem(t) in x.v.keynote_stems for t in x.m.tokens)
    if not keynote_asked and known_topic(x, exclude={s.title for s in sessions}):
        return None  # "what did the youth panel say about careers?": the topic in the whole session, not its keynote
    for s in sessions[:2]:
        say_keynote(x, s)
        for f in x.facts.where("keynote_point", subject=s.title, source=s.source):
            u = x.evidence.bullet(f.unit).quote(x.evidence.texts[s.source])
            x.c.say("list_line", text=claim(u, x.k), cite=x.c.cite(u))
    had = any(x.facts.where("keynote_by", subject=s.title, source=s.source) for s in sessions[:2])
    # "what points did the keynote at the cities panel make?": it had none (not "is it true that it had one?")
    return REFUSED if not had and asks_of(x) else ANSWERED


def summary(x: Ctx) -> str | None:
    """A session's, a day's, an overview section's or the whole conference's summary."""
    if asked_thing(x.m):  # "which UN agencies presented case studies at the UN panel?" asks names, not a summary
        return None
    sessions = [s for s in x.sessions() if s.day]
    if sessions and "conclusion" in x.m.roles:
        return _conclusions(x, sessions[:2])
    if sessions and set(x.m.tokens) & _LISTED and not x.m.item:  # "list the key insights of the youth panel"
        for s in sessions[:2]:
            _insights(x, s)
        if x.c.lines:
            return ANSWERED
    if sessions:
        for s in sessions[:2]:
            _session_summary(x, s)
        return ANSWERED
    if x.m.days:
        return _day_summary(x)
    if x.m.roles == ["action_items"]:
        return action_points(x)
    event = {t for p in x.k.posts for t in content_stems(p.title)}  # "the whole summit": the event itself
    if not x.m.roles and [t for t in x.m.topic if t not in x.intent_words and t not in event]:
        return None  # "was the conference livestreamed?" is a question about one thing, not a summary
    roles = [r for r in x.m.roles if r != "action_items"] or ["summary", "conclusion"]
    for src in x.sources():
        for role in roles:
            for s in x.catalog.section(role, src):
                _section(x, s)
    return ANSWERED if x.c.lines else None


_LISTED = frozenset({"insights", "takeaways"})  # a session's numbered items, asked for as such


def _insights(x: Ctx, s: Session) -> None:
    """A session's key insights, each numbered with its title and its bullet's first sentence, cited."""
    rows = x.facts.where("item", subject=s.title, source=s.source)
    if not rows:
        return
    x.c.say("count_items", count=len(rows), what=f"key insights in the {s.title}", cite=x.c.cite(rows[-1].unit))
    for f in rows:
        b = x.evidence.bullet(f.unit)
        if all(u.heading for u in b.units):  # the title stands alone: its text is the bullet after it
            b = x.evidence.beside(b, 1) or b
        body = [u for u in b.units if not u.heading and u.session == s.title][:1]
        text = f"{f.n}. {f.object}" + (f": {claim(body[0], x.k)}" if body else "")
        x.c.say("list_line", text=text, cite=" ".join(x.c.cite(u) for u in [f.unit, *body]))


def _session_summary(x: Ctx, s: Session) -> None:
    keynote = x.facts.where("keynote_by", subject=s.title, source=s.source)
    if keynote:
        say_keynote(x, s)
        for f in x.facts.where("keynote_point", subject=s.title, source=s.source):
            for u in [u for u in x.evidence.bullet(f.unit).units if not u.heading][:KEYNOTE_SENTENCES]:
                x.c.add(f"{claim(u, x.k)} {x.c.cite(u)}.")  # (the point, then what it goes on to give: "The
                # catalogue lists 11,400 varieties …")
    panel = x.facts.where("panelist_of", subject=s.title, source=s.source)
    if panel:
        names = join_names([f.object for f in panel])
        if keynote:
            x.c.say("summary_panel", names=names, cite=x.c.cite(panel[0].unit))
        else:
            x.c.say("summary_panel_only", session=s.title, day=s.day, names=names, cite=x.c.cite(panel[0].unit))
    for f in x.facts.where("item", subject=s.title, source=s.source):
        firsts = _whole_bullets(x.facts.body(f.unit), 2)
        if firsts:
            text = " ".join(f"{claim(u, x.k)} {x.c.cite(u)}." for u in firsts)
            x.c.add(f"- {f.object}: {text}")
    _conclusions(x, [s], key="summary_close")
    for sec, u in _overview_of(x, s):  # "The seed session highlighted …": what the post's Summary says of it
        x.c.say("summary_overview", section=sec, text=u.text.rstrip("."), cite=x.c.cite(u))


KEYNOTE_SENTENCES = 2  # of each keynote point in a session's summary, as of each key insight (_whole_bullets)


def _whole_bullets(units: list[Unit], n: int) -> list[Unit]:
    """Every sentence of the first n bullets among units (in post order)."""
    starts = [i for i, u in enumerate(units) if u.first_in_bullet]
    end = starts[n] if len(starts) > n else len(units)
    return units[starts[0] : end] if starts else []


def _overview_of(x: Ctx, s: Session) -> list[tuple[str, Unit]]:
    """The sentences of the post's summary sections that name this session by its title words and a session
    noun ("The seed session highlighted …", "the open source tools panel"), with their section's title."""
    days = x.catalog.day_sessions(s.source)
    return [(sec.title, u) for sec in x.catalog.section("summary", s.source)
            for u in x.k.units_of(sec.title, s.source)
            if not u.heading and s in named_in(u.text, days, x.v.session_nouns)]


def named_in(text: str, sessions: list[Session], nouns: frozenset[str]) -> list[Session]:
    """The sessions a text names as "the <title words> <session noun>": the one or two words before the noun
    (up to a stop word) are all words of exactly one title, as written ("seed": not "Seeds of a Shared
    Future"), else as stems ("digital twin": "Digital Twins for Planning")."""
    toks = re.findall(r"[\w’'-]+", text.lower())
    titles = [(t, [w.lower() for w in re.findall(r"[\w’'-]+", t.title)]) for t in sessions]
    found: list[Session] = []
    for i, tok in enumerate(toks):
        if tok not in nouns:
            continue
        before = list(itertools.takewhile(lambda w: w not in STOP, reversed(toks[max(0, i - 2) : i])))
        if not before:
            continue
        for same in (lambda w, ws: w in ws, lambda w, ws: stem(w) in {stem(v) for v in ws}):
            hit = [t for t, ws in titles if all(same(w, ws) for w in before)]
            if len(hit) == 1:
                found += [h for h in hit if h not in found]
                break
    return found


def _conclusions(x: Ctx, sessions: list[Session], key: str = "summary_point") -> str | None:
    for s in sessions:
        for f in x.facts.where("conclusion", subject=s.title, source=s.source)[:2]:
            text = claim(f.unit, x.k) if key == "summary_point" else f.unit.text.rstrip(".")
            values = {"title": s.title} if key == "summary_point" else {}
            x.c.say(key, text=text, cite=x.c.cite(f.unit), **values)
    return ANSWERED if x.c.lines else None


def _day_summary(x: Ctx) -> str | None:
    from assistant.answering.structure import no_such_day

    src = x.sources()[0]
    if any(d not in x.catalog.days(src) for d in x.m.days):
        return no_such_day(x)
    say_days_overview(x)  # "what was day 1 about": what the introduction says of it, first
    for day in x.m.days:
        x.c.say("day_head", day=day, count=len(x.catalog.day_sessions(src, day)))
        _conclusions(x, x.catalog.day_sessions(src, day))
    return ANSWERED


def say_days_overview(x: Ctx) -> None:
    """Quote what the introduction says of the asked days (days_overview), each sentence as a line."""
    for u in days_overview(x):
        x.c.say("extract_line", session=u.session, day="", text=claim(u, x.k), cite=x.c.cite(u))


def days_overview(x: Ctx) -> list[Unit]:
    """The introduction's sentences that say what the compared days were about ("The first day focused on
    …", "… on the first day, through climate risks on the second"): a sentence with "day" and an ordinal
    of a compared day. [] unless every compared day has one."""
    wanted = {int(d.split()[-1]) for d in x.m.days if d.split()[-1].isdigit()}
    found: list[Unit] = []
    seen: set[int] = set()
    for s in (s for src in x.sources() for s in x.catalog.section("introduction", src)):
        for u in (u for u in x.k.units_of(s.title, s.source) if not u.heading):
            toks = tokens_of(u.text)[0]
            if "day" not in toks and "days" not in toks:
                continue
            hits = {n for n in map(x.v.ordinal, toks) if n in wanted}
            if hits:
                found.append(u)
                seen |= hits
    return found if seen == wanted else []


def _section(x: Ctx, s: Session) -> None:
    units = [u for u in x.k.units_of(s.title, s.source) if u.part_kind != "heading"]
    themes = x.facts.where("theme", subject=s.title, source=s.source)
    items = x.facts.where("item", subject=s.title, source=s.source)
    lead = next((u for u in units if not u.heading), None)
    if lead is not None:
        x.c.add(f"{claim(lead, x.k)} {x.c.cite(lead)}.")
    for f in themes or items:
        body = x.facts.body(f.unit)
        if body:
            x.c.say("summary_point", title=f.object, text=claim(body[0], x.k), cite=x.c.cite(body[0]))
    if not themes and not items:
        paragraphs = list(dict.fromkeys(u.chunk_id for u in units))
        first = [u for u in units if u.chunk_id == paragraphs[0] and not u.heading] if paragraphs else []
        for u in first[1:5]:  # the first paragraph whole (an introduction's framing, a conclusion)
            x.c.add(f"{claim(u, x.k)} {x.c.cite(u)}.")
        for cid in paragraphs[1:4]:
            u = next(u for u in units if u.chunk_id == cid)
            x.c.add(f"{claim(u, x.k)} {x.c.cite(u)}.")


def action_points(x: Ctx) -> str | None:
    """Every action point, or those on the question's topic."""
    if x.m.item:
        return numbered_item(x)
    if x.m.roles == ["references"] and not set(x.m.tokens) & {"with", "include", "including", "should", "must"}:
        return summary(x)  # "what are the references?" (not "what should funders do, with citations?")
    owners = [s for src in x.sources() for s in x.catalog.section("action_items", src)]
    rows = [f for s in owners for f in x.facts.where("item", subject=s.title, source=s.source)]
    if not rows:
        return None
    claimed = [n for n in _counted_items(x) if n != len(rows)]  # (not "one panelist was upbeat …")
    if claimed:
        x.c.say("premise_count", claimed=claimed[0], count=len(rows), what="action points",
                cite=x.c.cite(rows[-1].unit))
    topic = [t for t in known_topic(x, near=True) if not t.isdigit()]
    if not topic and x.m.topic:  # "are the recordings online?", "… de cryptomonnaie": nothing they could be about
        return None
    if topic and "action_items" not in x.m.roles:  # "list the challenges mentioned across the conference":
        return topic_sessions(x)  # every section on it (the action points among them), not the action points
    if not topic:
        x.c.say("count_items", count=len(rows), what="action points", cite=x.c.cite(rows[-1].unit))
        for f in rows:
            x.c.say("list_line", text=f"{f.n}. {f.object}", cite=x.c.cite(f.unit))
        return ANSWERED
    unknown = [w for t, w in zip(x.m.topic, x.m.topic_words, strict=True)
               if t not in topic and not t.isdigit() and w not in x.q.norm.kept]
    if unknown and "or" in x.m.tokens and any(all(x.m.topic[j] in topic for j in g)
                                              for g in alternative_groups(x.m, _or_text(x))):
        x.c.say("not_mentioned", what=", ".join(dict.fromkeys(unknown)))  # "rules, governance or data": the
        x, unknown = _without_unknown(x, topic), []  # alternatives the posts have answer; the one they lack is said
    if unknown:  # "action points on quantum computing": no post says "quantum"
        return refuse(x, [])  # which names the words no post uses
    heads = {x.evidence.bullet(b).first.start: f for f in rows for b in x.facts.body(f.unit)[:1]}
    bodies = [x.evidence.bullet(b) for f in rows for b in x.facts.body(f.unit)[:1]]
    floor = _alternative_share(x) if "or" in x.m.tokens else 0.5
    hits = _on_topic(x, bodies, floor) or _on_topic(x, bodies)
    if not hits:
        return refuse(x, ranked(x, bodies), key="no_action_point")
    counting = x.m.answer_type == "number"  # "how many action points mention youth": all of them, counted
    if counting:
        noun = "action point" if len(hits) == 1 else "action points"
        x.c.say("count_items", count=len(hits), cite="",
                what=f"{noun} (of {len(rows)}) about {', '.join(dict.fromkeys(_topic_words_of(x, topic)))}")
    for s in hits if counting else hits[:6]:
        f = heads[s.bullet.first.start]
        u = s.bullet.quote(x.evidence.texts[f.source])
        x.c.say("list_line", text=f"{f.n}. {f.object}: {claim(u, x.k)}", cite=x.c.cite(u))
    return ANSWERED


def _counted_items(x: Ctx) -> list[int]:
    """The numbers the question gives of the items a list holds: any, in a question about the action items
    ("the 20 action points"); else those a list noun follows ("the 16 things the post says to do", "12 goals"),
    not a number of something else ("one panelist was upbeat", "signed by 41 governments")."""
    if "action_items" in x.m.roles:
        return list(x.m.numbers)
    toks = x.m.tokens
    days = {i for at in x.m.day_at for i in at}  # ("whoever closed day 2 announced some commitments")
    return [n for i, t in enumerate(toks) if (n := x.v.number(t) or 0) > 1 and not is_year(t)
            and i not in days and set(toks[i + 1 : i + 1 + LIST_NOUN_REACH]) & (x.v.item_nouns | x.v.list_nouns)]


LIST_NOUN_REACH = 3  # words after a number within which the noun it counts stands ("the 20 key actions")


def _topic_words_of(x: Ctx, topic: list[str]) -> list[str]:
    return [w for t, w in zip(x.m.topic, x.m.topic_words, strict=True) if t in topic]


def numbered_item(x: Ctx) -> str | None:
    """The n-th (or last) numbered item of a named session or of the action points."""
    owners = x.sessions()[:1] or [s for src in x.sources() for s in x.catalog.section("action_items", src)]
    for s in owners:
        rows = x.facts.where("item", subject=s.title, source=s.source) or x.facts.where(
            "theme", subject=s.title, source=s.source)
        n = len(rows) if x.m.item < 0 else x.m.item
        if rows and n > len(rows):  # "is there an action point number 13?": there are 12
            what = "action points" if s.role == "action_items" else f"numbered items in the {s.title}"
            x.c.say("premise_count", claimed=n, count=len(rows), what=what, cite=x.c.cite(rows[-1].unit))
            return ANSWERED
        if not rows or not 1 <= n <= len(rows):
            continue
        f = rows[n - 1]
        x.c.say("nth_item", n=n, count=len(rows), session=s.title, title=f.object, cite=x.c.cite(f.unit))
        body = x.facts.body(f.unit)
        if body:
            u = x.evidence.bullet(body[0]).quote(x.evidence.texts[s.source])
            x.c.add(f"{claim(u, x.k)} {x.c.cite(u)}.")
        return ANSWERED
    return None


def topic_sessions(x: Ctx) -> str | None:
    """Every section that discusses the topic, each with its best bullet."""
    found = affiliated(x)  # "which speaker came from the development bank": a person, not a topic
    if found is not None:
        return found
    excluded = {r.title for r in x.m.sessions if r.excluded}
    day = x.m.days[0] if x.m.days else ""
    within = {s.title for s in x.sessions()} | {s.title for r in x.m.roles for s in x.catalog.section(r)}
    pool = [b for b in x.evidence.bullets if not all(u.heading for u in b.units) and b.first.session not in excluded
            and (not day or b.first.day == day) and b.first.source in x.sources()
            and (not within or b.first.session in within)]
    scored = ranked(x, pool)
    hits, extra = _topic_hits(x, scored)
    if hits and not any(s.cover > 0 for s in hits) and (names := _names_by_kind(x)):  # "did anybody mention
        x.c.say("not_mentioned", what=", ".join(dict.fromkeys([*unknown_words(x), *names])))  # linux": "platforms"
        x.c.say("nothing_near")  # are its kind, not it
        return REFUSED
    if "or" in x.m.tokens:  # "disease tracking or vaccination data": one alternative, not a word of each
        hits = _one_alternative(x, hits)
    best = _by_section(x, hits)
    if not best:  # no section discusses it: the nearest quote is offered only when it is on the topic
        return refuse(x, scored)
    if _not_theirs(x, hits):  # "X on procurement rules?": what X said, not who else did
        return person_said(x)
    if (unknown := unknown_of(x)) and not verdict_of(x, [next(iter(best.values()))[0]])[0]:  # "a session on
        # quantum computing?": the part no post mentions decides; unless that part is small and a bullet in other
        # words answers the whole ("internal teams to coordinate …": "corporate open source program offices")
        return None if unknown <= 1 - PARTLY_KNOWN and verdict_of(x, scored)[0] else refuse(x, scored)
    quoted = [s for group in best.values() for s in group]
    if x.m.answer_type == "name" and not any(s.typed for s in quoted) or unnamed(x, [s.bullet for s in quoted]):
        return refuse(x, scored, key=no_name_key(x))  # "what were the programmes called?", "which app was it?"
    best = _by_section(x, hits + [extra]) if extra is not None else best  # (shown beside; decided nothing)
    sessions = [s for s in x.k.sessions if (s.source, s.title) in best]
    topic = _asked_topic(x) or "it"
    if len(sessions) == 1:
        x.c.say("topic_one", session=sessions[0].title, topic=topic)
    else:
        x.c.say("topic_head", count=len(sessions), topic=topic)
    for s in sessions:
        for hit in best[(s.source, s.title)]:
            say_bullet(x, hit.bullet)
    return ANSWERED


def _topic_hits(x: Ctx, scored: list[Scored]) -> tuple[list[Scored], Scored | None]:
    """The bullets on the topic: in the posts' own words where some are (or in other words nearer the question in
    meaning, or covering more of the topic with near words), in other words only where none is; and the bullet
    nearest the whole question in meaning, to show beside them ("businesses setting up in-house open source
    teams": corporate OSPOs), or None. That one never decides whether the question is answered."""
    top = scored[0].syn if scored else 0.0
    floor = _alternative_share(x) if "or" in x.m.tokens else 0.75 * top
    # A section on the topic in other words ("maintainers burning out" / "burnout") stands as close to
    # the topic's meaning as the best one, though it shares fewer of its words.
    close = (max(s.tsim for s in scored) if scored else 1.0) * TOPIC_CLOSE
    hits = [s for s in scored if s.syn >= max(floor, ON_TOPIC * 0.5) or (s.tsim >= close and s.syn >= ON_TOPIC * 0.5)]
    scene = {(s.source, s.title) for s in x.catalog.section("introduction")}  # (scene-setting: near everything)
    nearest = max((s for s in scored if (s.bullet.first.source, s.bullet.first.session) not in scene),
                  key=lambda s: s.sim, default=None)
    extra = nearest if hits and nearest is not None and nearest not in hits and nearest.syn >= ON_TOPIC * 0.5 \
        else None
    lexical = [s for s in hits if s.cover > 0]
    if not lexical:
        return hits, extra
    sim, syn = max(s.sim for s in lexical), max(s.syn for s in lexical)

    def kept(s: Scored) -> bool:
        return s.cover > 0 or s.sim > sim or s.syn > syn

    return [s for s in hits if kept(s)], extra if extra is not None and kept(extra) else None


def _by_section(x: Ctx, hits: list[Scored]) -> dict[tuple[str, str], list[Scored]]:
    """Each section's best bullet, and its other bullets that use every topic word as well (or more of the
    topic's own words than those before them, or, for "who talked about …", another speaker's)."""
    best: dict[tuple[str, str], list[Scored]] = {}
    for s in hits:
        group = best.setdefault((s.bullet.first.source, s.bullet.first.session), [])
        if not group or (len(group) < PER_SECTION and s.cover >= 0.99 and s.cover >= group[0].cover):
            group.append(s)
        elif len(group) < PER_SECTION and s.cover >= max(g.cover for g in group) + MORE_OF_TOPIC:
            group.append(s)  # closer in meaning ranked first, but this one uses more of the topic's own words
        elif len(group) < PER_SECTION and x.m.answer_type == "person" and another_speaker(x, s, group):
            group.append(s)  # "who talked about …": everyone in the section who did
    return best


def _names_by_kind(x: Ctx) -> list[str]:
    """The topic's words that no post uses and that stand near post words only as names stand near their kind:
    words people write capitalised ("linux", "microsoft": Evidence.is_name) whose near words are not their
    own other forms ("kenyan"). [] when a word that is no name stands near a post word too (a synonym)."""
    near = near_of(x)
    stood = [(t, w) for t, w in zip(x.m.topic, x.m.topic_words, strict=True) if not x.catalog.df(t) and near.get(t)]
    named = [w for t, w in stood if x.evidence.is_name(w) and not any(n[:SAME_ROOT] == t[:SAME_ROOT] for n in near[t])]
    return list(dict.fromkeys(named)) if len(named) == len(stood) else []


SAME_ROOT = 4  # letters a name's near word must share with it to be its own other form ("kenya", "kenyan")


def _not_theirs(x: Ctx, hits: list[Scored]) -> bool:
    """The question names someone as the speaker ("X on procurement rules?", not "who besides X …") and no
    bullet on the topic is theirs: the answer is about what X said, and the others' remarks do not give it."""
    names = {p.name for p in x.m.people}
    if not names or x.m.answer_type == "person":
        return False
    return not any(names & x.evidence.speakers(s.bullet) for s in hits)


def _without_unknown(x: Ctx, known: list[str]) -> Ctx:
    """The question with only the topic words in `known` (the alternatives a post has)."""
    m = replace(x.m)  # (a copy: keep_topic assigns new lists, the question's own stay as they were)
    m.keep_topic([j for j, t in enumerate(x.m.topic) if t in known])
    return replace(x, q=replace(x.q, mentions=m))


def _alternative_share(x: Ctx) -> float:
    """'privacy, security or trust': one alternative is enough (its share of the topic, at least)."""
    topic = [t for t in dict.fromkeys(x.m.topic) if x.catalog.df(t)]
    total = sum(x.catalog.idf(t) for t in topic) or 1.0
    return max(ON_TOPIC * 0.5, min(x.catalog.idf(t) for t in topic) / total - 1e-9) if topic else ON_TOPIC


def _asked_topic(x: Ctx) -> str:
    """The topic as asked ("handling fights between contributors"), not its content words run together; without
    a word of saying it opens with ("suggest about smart city privacy") nor a hyphenated word twice."""
    if "or" in x.m.tokens:
        return _topic_phrase(x)
    said = x.v.discussion_verbs | x.v.person_context
    asked = asked_phrase(x).split()
    words_ = [w for i, w in enumerate(asked) if i == 0 or w != asked[i - 1]]
    while words_ and (words_[0].lower() in said or words_[0].lower() in STOP):
        words_ = words_[1:]
    words_ = _after_saying(x, words_)
    return " ".join(words_) or _topic_phrase(x)


def _after_saying(x: Ctx, words_: list[str]) -> list[str]:
    """A phrase that runs over who said it ("smart city folks talk about public transport apps"): what they
    spoke about ("public transport apps", "limits" of "… propose limits"), or what came up before the verb
    ("public-private partnerships" of "… come up as a solution", "mentoring programmes" of "… did the youth
    panel say need more visibility"). "Come" speaks of a topic only with "up" ("should come from")."""
    low = [w.lower() for w in words_]
    at = next((i for i, w in enumerate(low) if i and w in x.v.discussion_verbs
               and (w not in x.v.arrival_verbs or low[i + 1 : i + 2] == ["up"])), None)
    if at is None:
        return words_
    rest = at + 1 + (low[at + 1 : at + 2] == ["up"])
    if rest < len(low) and low[rest] in x.v.topic_prepositions:
        rest += 1
    elif low[at] not in x.v.topic_verbs | x.v.proposing_verbs:
        rest = len(low)  # ("talk", "say", "come up": what follows is no object)
    if rest < len(low):
        return words_[rest:]
    end = at
    while end and low[end - 1] in STOP:  # (the auxiliaries too)
        end -= 1
    aux = next((i for i in range(end) if low[i] in AUXILIARIES), None)  # "… did the youth panel"
    return words_[: aux if aux else end]


def _topic_phrase(x: Ctx) -> str:
    """The topic's words as asked, its alternatives joined by "or" ("procurement clauses or heat insurance")."""
    parts = [" ".join(dict.fromkeys(x.m.topic_words[j] for j in g)) for g in alternative_groups(x.m, _or_text(x))]
    return " or ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 2 else parts)


def _or_text(x: Ctx) -> str:
    """The question's text when it asks with "or" (its commas then part alternatives too), else ""."""
    return x.q.norm.english if "or" in x.m.tokens else ""


def _one_alternative(x: Ctx, hits: list[Scored]) -> list[Scored]:
    """The hits that use at least half of one of the question's alternatives (all of a one-word one)."""
    groups = [[x.m.topic[j] for j in g] for g in alternative_groups(x.m, _or_text(x))]
    if len(groups) < 2:
        return hits
    near = near_of(x)
    return [s for s in hits if any(x.evidence.share(s.bullet, g, near) >= 0.5 for g in groups)]


CONTENT: dict[str, Callable[[Ctx], str | None]] = {
    "keynote_content": keynote_content, "summary": summary, "action_points": action_points,
    "numbered_item": numbered_item, "topic_sessions": topic_sessions,
}
