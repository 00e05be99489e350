"""Comparisons: two or three named sessions, days or people (or one person's sessions) side by
side on the question's topic, or on their main points when no side mentions it; each side's best
point brings in its counterpart on the other sides (the bullet under a part of the same name). Does not decide
which sessions are compared (mentions.py, or the list an earlier step answered: pipeline.py).
"""

from __future__ import annotations

from collections import Counter

from assistant.answering.content import say_days_overview
from assistant.answering.evidence import Bullet, Scored
from assistant.answering.extract import bullets_of, known_topic, ranked, refuse, say_bullet, unknown_of, unknown_words
from assistant.answering.question import ANSWERED, REFUSED, Ctx
from assistant.answering.remarks import FEW_REMARKS, as_written, in_opened_phrase
from assistant.answering.structure import sizes
from assistant.ingest.corpus import Session
from assistant.text import content_stems, stem

SIDE_POINTS = 2  # main points quoted for a side that says nothing on the topic
UNKNOWN_MOST = 0.75  # share of the topic (idf-weighted) no post uses nor stands near: nothing to compare on


def compare(x: Ctx) -> str | None:
    """Two or more named sessions (or people, or one person's sessions) side by side on the topic (their sizes,
    when that is what the question compares: structure.sizes)."""
    if (sized := sizes(x)) is not None:
        return sized
    groups, people = _compare_groups(x)
    if len(groups) < 2 or not any(bullets for _label, bullets in groups):
        return None
    # "how did they differ on procurement rules for buying software?": most of it in no post (one odd
    # word alone may be the question's own: "what the post attributes to him")
    if unknown_of(x) >= UNKNOWN_MOST and len(set(unknown_words(x))) >= 2:
        return refuse(x, [])
    aspects = {t for t, w in zip(x.m.topic, x.m.topic_words, strict=True) if w in x.v.aspect_nouns}
    topic = [t for t in known_topic(x, near=True) if t not in aspects]  # "differ in their programme": in what
    hits = _side_hits(x, groups, topic, people)
    for label, bullets in groups:  # a keynote side ("the soil keynote"): its few points whole, on the topic first
        if hits[label] and len(bullets) <= FEW_REMARKS and all(b.first.part_kind == "keynote" for b in bullets):
            rest = [s for s in ranked(x, bullets) if s not in hits[label]]
            hits[label] = hits[label] + sorted(rest, key=lambda h: -(h.syn + h.tsim))
    if topic and not any(hits.values()):  # no side has the topic's words: compare their main points instead
        topic = []
    if _compares_days(x):  # "how was day 1 different from day 2": what the introduction says of each day, first
        say_days_overview(x)
    asked = _opened_topic(x)
    if asked and not topic and not people and not x.m.roles:  # "… differ on blockchain?": neither side has it
        x.c.say("refuse_detail", what=f"what {' or '.join(label for label, _b in groups)} said about {asked}")
        for _label, bullets in groups:
            for b in _focus(bullets)[:SIDE_POINTS]:
                say_bullet(x, b)
        return REFUSED
    for label, bullets in groups:
        if "conclusion" in x.m.roles:  # "how did they wrap up": each one's conclusion
            bullets = [b for b in bullets if b.first.part_kind == "conclusion"] or bullets
            for b in bullets[:2]:
                say_bullet(x, b)
            continue
        if not topic:  # "how did their focus differ": each one's main points
            for b in _focus(bullets):
                say_bullet(x, b)
            continue
        good = hits[label]
        if not good:  # that side's main points instead, so the two can still be set side by side
            x.c.say("refuse_detail", what=f"what {label} said about {' '.join(x.m.topic_words)}")
            for b in _focus(bullets)[:SIDE_POINTS]:
                say_bullet(x, b)
        for h in good:
            say_bullet(x, h.bullet)
    return ANSWERED


def _side_hits(x: Ctx, groups: list[tuple[str, list[Bullet]]], topic: list[str],
               people: bool) -> dict[str, list[Scored]]:
    """Each side's bullets closest to the topic: its words (syn) and its meaning (tsim) alike; for sessions,
    with the rest of the best one's key insight and its counterparts on the other sides."""
    ranks = {label: ranked(x, bullets) if bullets and topic else [] for label, bullets in groups}  # (once each)
    hits = {label: sorted((h for h in ranks[label] if h.syn > 0), key=lambda h: -(h.syn + h.tsim))[:3]
            for label, _bullets in groups}
    if people:  # people side by side: the little each one said, whole
        hits = {label: (sorted(ranks[label], key=lambda h: -(h.syn + h.tsim)) if hits[label] else [])
                if len(bullets) <= FEW_REMARKS else hits[label] for label, bullets in groups}
    if topic and not people:
        _siblings(ranks, hits)
        _counterparts(x, groups, ranks, hits)
    return hits


def _opened_topic(x: Ctx) -> str:
    """The noun phrase a topic opener begins, as typed ("differ on bus lines", "about quantum computing"): what
    the sides are compared on. "" when the topic is only the question's own words ("how did day 1 and day 2
    differ in focus, roughly", "which panel was bigger") or what they are compared in ("on their approach")."""
    toks, spots = x.m.tokens, set(x.m.topic_at)
    opened = [w for w, at in zip(x.m.topic_words, x.m.topic_at, strict=False)
              if 0 < at < len(toks) and toks[at] == w and in_opened_phrase(x, toks, at, spots)
              and w not in x.v.aspect_nouns]
    return as_written(x.q.cleaned, opened[0]) if opened else ""


def _counterparts(x: Ctx, groups: list[tuple[str, list[Bullet]]], ranks: dict[str, list[Scored]],
                  hits: dict[str, list[Scored]]) -> None:
    """Like with like: each side's best bullet brings in its counterpart on every other side, the bullet
    there under a part of the same name ("Challenges in Adoption" / "Challenges and Solutions") most like
    it, so "the obstacles each stressed" sets one panel's challenges beside the other's. `ranks`: each
    side's bullets as compare() scored them."""
    scored = {label: {s.bullet: s for s in ranks[label]} for label, _bullets in groups}
    parts = {b.first.part for _label, bullets in groups for b in bullets}
    counts = Counter(t for p in parts for t in set(content_stems(p)))
    # words every part has ("Key insight 3: …") and the question's own do not make two parts alike
    common = set(x.m.topic) | {t for t, n in counts.items() if n * 2 > len(parts)}
    for label, _bullets in groups:
        for h in hits[label][:1]:
            part = set(content_stems(h.bullet.first.part)) - common
            for other, theirs in groups:
                if other == label:
                    continue
                alike = [b for b in theirs if b.first.part_kind == h.bullet.first.part_kind
                         and part & set(content_stems(b.first.part))]
                if not alike or set(alike) & {g.bullet for g in hits[other]}:
                    continue
                best = max(alike, key=lambda b: x.evidence.likeness(h.bullet, b))
                hits[other].append(scored[other][best])


def _siblings(ranks: dict[str, list[Scored]], hits: dict[str, list[Scored]]) -> None:
    """A side's best point whole: the other bullets of the key insight its best bullet is under ("Challenges in
    Adoption": resistance to change, and technical expertise), right after it."""
    for label, good in hits.items():
        if not good or good[0].bullet.first.part_kind != "insight":
            continue
        top = good[0].bullet.first
        same = [s for s in ranks[label] if s.bullet.first.part == top.part and s.bullet.first.session == top.session
                and s not in good]
        hits[label] = good[:1] + same + good[1:]


def _compares_days(x: Ctx) -> bool:
    """Days are the sides: two or more named, with no person (whose own sessions those days would be) and
    fewer than two sessions (which would be the sides instead)."""
    return len(x.m.days) >= 2 and not x.m.people and len(x.sessions()) < 2


def _focus(bullets: list[Bullet]) -> list[Bullet]:
    """A session's (or person's) main points: keynote bullets, else the first bullet of each insight."""
    keynote = [b for b in bullets if b.first.part_kind == "keynote" and not b.first.heading]
    seen: set[str] = set()
    firsts = []
    for b in bullets:
        if b.first.part_kind == "insight" and b.first.part not in seen and not b.first.heading:
            seen.add(b.first.part)
            firsts.append(b)
    return (keynote or firsts or bullets)[:4]


def _keynote_named(x: Ctx, s: Session) -> bool:
    """The question names the session's keynote, not the whole session: "the soil keynote and the weather
    keynote", "the financing keynote and the closing panel" (a keynote word right after the words naming it)."""
    toks = x.m.tokens
    for r in x.m.named_sessions:
        if (r.title, r.source) == (s.title, s.source) and r.at:
            after = max(r.at) + 1
            if after < len(toks) and stem(toks[after]) in x.v.keynote_stems:
                return True
    return False


def _compare_groups(x: Ctx) -> tuple[list[tuple[str, list[Bullet]]], bool]:
    """(label, candidate bullets) per compared entity; and whether the entities are people."""
    def of_session(s: Session, only: set[str] | None = None) -> list[Bullet]:
        return [b for b in x.evidence.bullets if b.first.session == s.title and b.first.source == s.source
                and not all(u.heading for u in b.units) and (only is None or b.first.start in only)]
    at = {r.title: min(r.at, default=99) for r in x.m.named_sessions}
    sessions = sorted(x.sessions(), key=lambda s: at.get(s.title, 99))  # in the order the question names them
    if len(sessions) >= 2:
        sides = []
        for s in sessions[:3]:
            bullets = of_session(s)
            keynote = [b for b in bullets if b.first.part_kind == "keynote"] if _keynote_named(x, s) else []
            sides.append((f"the keynote at the {s.title}", keynote) if keynote else (f"the {s.title}", bullets))
        return sides, False
    if _compares_days(x):  # "how did day 1 and day 3 differ": each day's sessions, by how
        # they concluded (not "what did X say on day 1 vs day 2": X's own sessions, below)
        return [(f"the sessions of {d}", [b for s in x.catalog.day_sessions(day=d) for b in of_session(s)
                     if b.first.part_kind == "conclusion"]) for d in x.m.days[:3]], False
    if len(x.m.people) >= 2:
        return [(p.name, bullets_of(x, [f.unit for f in x.facts.where("said", subject=p.name)]))
                for p in x.m.people[:3]], True
    for p in x.m.people[:1]:
        said = {f.unit.start for f in x.facts.where("said", subject=p.name)}
        rows = [f for f in x.facts.rows if f.relation in ("keynote_by", "panelist_of") and f.object == p.name]
        own = [x.k.session(t, src) for src, t in dict.fromkeys((f.source, f.subject) for f in rows)]
        if len(x.m.days) >= 2:  # "on day 2 compared with day 1": only those days' sessions (not "his day-one
            own = [s for s in own if s.day in x.m.days]  # keynote with the closing panel", one day named)
        return [(f"{p.name} at the {s.title}", of_session(s, {x.evidence.bullet(u).first.start for u in x.k.units
                 if u.start in said and u.session == s.title})) for s in own], False
    return [], False
