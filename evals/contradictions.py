"""Answers that claim and deny the same thing ("The post does not say who gave the keynote." next to
"Thigo gave the keynote [1]."): the denial sentences of an answer, and the claims they contradict.
Used by the LLM benchmark. Does not judge whether a claim is supported (metrics.py, support.py).
"""

from __future__ import annotations

import re

from evals.support import normalize, split_sentences, strip_markup

_DENIAL = re.compile(
    r"\b(?:does not|doesn't|do not|did not|don't|never) (?:say|mention|state|specify|record|name|list|give|"
    r"provide|include|detail|indicate|reveal)s?\b|\bthere is no (?:mention|information|record)\b|"
    r"\bnot (?:mentioned|stated|specified|said|given|named|recorded)\b|"
    r"\bne (?:dit|mentionne|précise|donne) pas\b|\bno (?:dice|menciona|especifica|indica)\b", re.I)
# Words that frame a denial ("what exactly the post says about …") rather than say what is denied.
_DENIAL_FRAME = frozenset("""a an the of in on at to for about from by with and or any anything whether if
    what which who whom whose when where why how exactly specifically details detail information more further
    post blog summary article text source passage passages it this that there is are was were be been
    its their his her they he she does do did not no""".split())


def denied_words(sentence: str) -> set[str] | None:
    """What a "the post does not say X" sentence denies, as stemmed words of X; None when it is no denial."""
    clean = normalize(strip_markup(sentence))
    m = _DENIAL.search(clean)
    if not m:
        return None
    rest = re.findall(r"[a-z0-9]+", clean[m.end():])
    return {_stem_word(w) for w in rest if w not in _DENIAL_FRAME and len(w) > 1}


def _stem_word(w: str) -> str:
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def claim_and_deny(text: str, *, refused: bool = False) -> list[tuple[str, str]]:
    """(denial, claim) pairs of one answer that deny what the answer also claims.

    A denial conflicts with the answer when it denies nothing in particular ("The post does not say.")
    while another sentence makes a claim, or when every word of what it denies stands in one claim
    sentence ("does not say who gave the keynote" next to "Thigo gave the keynote [1]"). A denial of
    something narrower ("does not say what Baker said", next to "Baker was a panelist") is no conflict,
    nor is a refusal's "The post does not say." next to the nearest thing it cites (`refused`).
    """
    sents = split_sentences(text)
    denials = [(s, w) for s in sents if (w := denied_words(s.clean)) is not None]
    claims = [s for s in sents if denied_words(s.clean) is None and s.markers]
    out: list[tuple[str, str]] = []
    for d, words in denials:
        for c in claims:
            have = {_stem_word(w) for w in re.findall(r"[a-z0-9]+", normalize(c.clean))}
            if (not words and not refused) or (words and words <= have):
                out.append((d.clean, c.clean))
                break
    return out
