"""Stage 2a, people: who a question names — by full name, surname or first name (a name part that
is also a common English word counts only when written as a name or where a name stands), with
small typos tolerated, or by description ("the development bank guy", "the minister"). A mixin of
Resolver (mentions.py), reading its catalog, vocabulary and describers. Does not find sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from assistant.answering.catalog import Catalog
from assistant.answering.describe import PeopleDescriber
from assistant.answering.refs import _DETERMINERS, Mentions, PersonRef, _find_seq
from assistant.answering.vocab import QUESTION_WORDS, Vocab
from assistant.text import STOP, edit_distance, stem

_PERSON_NOUNS = frozenset("guy guys person woman man lady fellow gentleman speaker rep representative panelist "
                          "panellist".split())


# Words that pair two people ("ruth vs mark", "ruth and mark"): an everyday word beside one of them is a name
_PAIRING = frozenset("and or vs versus than with".split())

# Words that end a relative clause describing a person: the question proper starts ("…, what did she find")
_CLAUSE_ENDS = frozenset("what which how did does do was were is are where when why whose can could tell and".split())

# "the minister from the data session": a description's place in the programme, at most PLACE_WORDS words long
_FROM = frozenset("from at on of in".split())
PLACE_WORDS = 5

# "where on the programme did …": a word after a preposition of place is where, not who
_WHERE = frozenset("on in at across throughout during into onto within".split())


class PeopleFinder:
    """The people half of Resolver."""

    c: Catalog
    v: Vocab
    is_common: Callable[[str], bool]
    describe_person: PeopleDescriber | None

    def _people(self, toks: list[str], raw: list[str], written: str, used: set[int]) -> list[PersonRef]:
        hits: dict[str, PersonRef] = {}
        lower = written == written.lower()
        for name, keys in self.c.people.items():
            at = _find_seq(toks, keys.full)
            if at and len(keys.full) > 1:
                hits[name] = PersonRef(name, "full", at)
                continue
            for i, t in enumerate(toks):
                if i in used:
                    continue
                short = len(t) <= 3 and (self.is_common(t) or len(t) < 2) and not raw[i][:1].isupper()
                how = "surname" if (t == keys.surname or t in keys.surnames) and not short else "first" if (
                    t == keys.first and len(t) > 2 and len(keys.full) > 1) else ""
                if how and t not in STOP and self._name_like(i, toks, raw, lower) \
                        and not (how == "first" and self._other_surname(i, toks, raw, keys.full)):
                    hits.setdefault(name, PersonRef(name, how, (i,)))
        if not hits:
            hits = self._fuzzy_people(toks, raw)
        found = [self._extend(r, toks, used) for r in _drop_contained(list(hits.values()))]
        return sorted(found, key=lambda r: min(r.at, default=0))  # in the order the question names them

    def absent_people(self, m: Mentions, raw: list[str]) -> list[str]:
        """Names no post has, standing where a speaker stands: between "did" and a verb of speaking ("what
        did Linus Torvalds say", "did jimena okonkwo speak at …"), before one at the start ("Bill Gates said
        …"), or after "according to". Every word of the span is one no post uses and looks like a name
        (written capitalised, or no everyday word). As written ("Linus Torvalds"); [] once a person is found."""
        toks = m.tokens
        if m.people:
            return []
        verbs = self.v.person_context | self.v.remark_words | self.v.speak_verbs
        spans = [range(i + 1, j) for i, t in enumerate(toks) if t in ("did", "does", "do", "has", "had")
                 for j in range(i + 2, min(i + 5, len(toks))) if toks[j] in verbs]
        spans += [range(0, j) for j in range(1, min(4, len(toks))) if toks[j] in verbs and toks[j].endswith(("d", "s"))]
        spans += [range(i + 2, min(i + 5, len(toks))) for i, t in enumerate(toks[:-2]) if (t, toks[i + 1]) == (
            "according", "to")]
        for span in spans:
            words = [j for j in span if not (toks[j] in STOP and j == span[-1])]
            if words and all(self._absent_name(j, toks, raw, m.used) for j in words):
                return [" ".join(raw[j] for j in words)]
        return []

    def _absent_name(self, i: int, toks: list[str], raw: list[str], used: set[int]) -> bool:
        """Token i is a word no post uses that looks like a name: written capitalised (the first word only when
        the next is too: "Delegates said …" is no name), or no everyday word."""
        t = toks[i]
        written = raw[i][:1].isupper() and (i > 0 or bool(raw[1:2]) and raw[1][:1].isupper())
        return (i not in used and len(t) > 2 and t.isalpha() and t not in STOP and t not in self.v.frame
                and not self.c.uses(t) and (written or not self.is_common(t)))

    def _described_people(self, toks: list[str], used: set[int]) -> list[PersonRef]:
        """'the development bank guy and the foundation person', 'the minister': people by what they are;
        'the guy who talked about burnout': by what the post records them saying."""
        if self.describe_person is None:
            return []
        out: list[PersonRef] = self._by_remark(toks, used)
        for i, t in enumerate(toks):
            if i in used or not i or toks[i - 1] not in _DETERMINERS and not set(toks[max(0, i - 4) : i]) & {"the"}:
                continue
            start = max(j for j in range(max(0, i - 4), i) if toks[j] in _DETERMINERS | {"the"}) + 1
            span = [j for j in range(start, i) if j not in used and toks[j] not in STOP
                    and toks[j] not in self.v.session_nouns and toks[j] not in self.v.frame]
            if t in _PERSON_NOUNS and span and not {"keynote", "keynotes"} & set(toks[start:i]):
                # (not "the youth panel keynote speaker": a session's keynote speaker, read from the facts)
                # ("the coffee guy": not the woman who spoke of cocoa and coffee; the post calls her "she")
                name = self.describe_person([stem(toks[j]) for j in span], pronoun=self.v.pronoun_of([t]))
            elif t not in STOP and t not in self.v.session_nouns and t not in self.v.frame \
                    and (toks[i - 1] == "the" or len(span) <= 2) and toks[max(0, start - 2)] not in _WHERE \
                    and (toks[i + 1 : i + 2] and toks[i + 1] in self.v.person_context
                         or i == len(toks) - 1 and toks[0] in ("who", "whom")
                         or (k := self._past_session(toks, i + 1)) < len(toks) and toks[k] in QUESTION_WORDS
                         and set(toks[k + 1 :]) & (self.v.person_pronouns | self.v.group_pronouns)):
                # "the Zlabs founder — what was his thing?", "the minister from the data session — what did she
                # announce?", "… what was their angle?": whom "his" (or a singular "their") means
                # "what did the minister say", "what did the imao director say": by title (and organisation)
                words_ = [stem(toks[j]) for j in span] + [stem(t)] if toks[i - 1] != "the" else [stem(t)]
                name = self.describe_person(words_, titles_only=True)
                span = span if toks[i - 1] != "the" else []
            else:
                continue
            if name and name not in {r.name for r in out} and name not in self.c.unnamed:
                out.append(PersonRef(name, "description", tuple(span) + (i,)))
        return out

    def _past_session(self, toks: list[str], i: int) -> int:
        """Where the question goes on after a description's place in the programme ("from the data session",
        "on the youth panel": a preposition, then words up to a session noun); i itself when none follows."""
        if toks[i : i + 1] and toks[i] in _FROM:
            nouns = self.v.session_nouns
            end = next((j for j in range(i + 1, min(len(toks), i + 1 + PLACE_WORDS)) if toks[j] in nouns), None)
            if end is not None:
                return end + 1
        return i

    def _by_remark(self, toks: list[str], used: set[int]) -> list[PersonRef]:
        """'the one who went through the terms of service, what did she find': the person noun, "who" or
        "that", and the clause up to the next question word; the one person whose recorded remarks have the
        clause's words (describe.py). The clause is the person's, not a topic of the question."""
        assert self.describe_person is not None
        for i, t in enumerate(toks[:-2]):
            if t not in _PERSON_NOUNS | {"one"} or toks[i + 1] not in ("who", "that") or not i \
                    or toks[i - 1] not in _DETERMINERS | {"the"} or i in used:
                continue
            end = next((j for j in range(i + 2, len(toks)) if toks[j] in _CLAUSE_ENDS), len(toks))
            saying = self.v.speak_verbs | self.v.discussion_verbs | self.v.person_context | self.v.remark_words
            clause = [j for j in range(i + 2, end) if j not in used and toks[j] not in STOP  # (the words no post
                      and toks[j] not in self.v.frame and toks[j] not in saying and self.c.uses(toks[j])]  # uses: none)
            name = self.describe_person.by_remark([stem(toks[j]) for j in clause], self.v.pronoun_of([t])) \
                if clause else None
            if name and name not in self.c.unnamed:
                return [PersonRef(name, "description", (i - 1, i, i + 1, *clause))]
        return []

    def _extend(self, ref: PersonRef, toks: list[str], used: set[int]) -> PersonRef:
        """Take in the neighbouring misspelt parts of the same name ("amandeep sing gil")."""
        keys = self.c.people[ref.name].full
        at = set(ref.at)
        for i in (min(ref.at) - 1, max(ref.at) + 1, max(ref.at) + 2):
            if 0 <= i < len(toks) and i not in used and i not in at and len(toks[i]) >= 3 and any(
                    k.startswith(toks[i]) or edit_distance(toks[i], k, 1) <= 1 for k in keys):
                at.add(i)
        return replace(ref, at=tuple(sorted(at)))

    def _other_surname(self, i: int, toks: list[str], raw: list[str], full: tuple[str, ...]) -> bool:
        """The first name at i is followed by a capitalised word that is no part of this person's name and no
        word of the posts: "Greta Thunberg" is not the post's Greta Solberg."""
        j = i + 1
        return j < len(toks) and raw[j][:1].isupper() and toks[j] not in full and not self.c.uses(toks[j])

    def _name_like(self, i: int, toks: list[str], raw: list[str], lower: bool) -> bool:
        """A name part that is also an everyday word ("black", "mark") counts only where a name stands."""
        t = toks[i]
        if not self.is_common(t):
            return True
        if raw[i][:1].isupper() and i > 0:
            return True
        near = set(toks[max(0, i - 1) : i]) | set(toks[i + 1 : i + 2])
        paired = (i > 1 and toks[i - 1] in _PAIRING and any(self._plain_name(x) for x in toks[max(0, i - 6) : i - 1])
                  or i + 2 < len(toks) and toks[i + 1] in _PAIRING and self._plain_name(toks[i + 2]))
        return lower and bool(near & self.v.person_context) or paired  # "what did ruth focus on vs mark"

    def _plain_name(self, t: str) -> bool:
        """A name part of someone in the posts ("ruth", "pereira")."""
        return len(t) > 2 and any(t in (k.first, k.surname) or t in k.surnames for k in self.c.people.values())

    def _fuzzy_people(self, toks: list[str], raw: list[str]) -> dict[str, PersonRef]:
        out: dict[str, PersonRef] = {}
        for name, keys in self.c.people.items():
            at = []
            for i, t in enumerate(toks):
                if len(t) < 4 or t in self.c.vocab or t in STOP:
                    continue
                for k in keys.full:
                    if len(k) >= 5 and k[0] == t[0] and edit_distance(t, k, 2) <= (1 if len(k) < 7 else 2):
                        at.append(i)
            if at and (len(at) > 1 or not self.is_common(toks[at[0]]) or raw[at[0]][:1].isupper()):
                out[name] = PersonRef(name, "fuzzy", tuple(at))
        return out


def _drop_contained(refs: list[PersonRef]) -> list[PersonRef]:
    """A full-name hit hides partial hits inside it ("Mark Anthony Thomas" vs "Mark Pereira")."""
    full_at = {i for r in refs if r.how == "full" for i in r.at}
    return [r for r in refs if r.how == "full" or not set(r.at) & full_at]
