"""Judging whether an answer sentence is supported by the text it cites, offline and without an LLM.

Splits answer text into claims (sentences, cut after each inner `[n]` marker), normalises text for
matching, and decides support with these tests in order: the claim is a verbatim span of the cited
text; else its names and numbers must all occur in the cited text (or the citation's session, part,
speakers), and then it quotes the cited text with almost nothing added, or enough of its content
words occur there (lexical coverage), or its embedding is close enough to the cited text or one of
its sentences (cosine). Thresholds are calibrated in tests/test_metrics.py, documented in the README.

Does not understand negation, paraphrase across languages, or which claim a number belongs to:
it catches invented names, invented numbers and off-topic sentences, not subtle distortions.
The LLM judge (claims -> verdicts, RAGAS-style) lives here too, behind an injectable
`llm(prompt) -> str` callable, with its prompts in prompts/judge_*.txt; this module never opens a
network connection itself. It deliberately does not reuse assistant.text (the answerer's own
normaliser and sentence splitter): a scorer that shares code with what it scores shares its bugs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from evals.judge import render

LEXICAL_THRESHOLD = 0.75  # share of the sentence's content words found in the cited text
COSINE_THRESHOLD = 0.78  # max cosine between the sentence and one cited sentence (MiniLM, unit vectors)
QUOTE_REMAINDER_WORDS = 3  # a sentence that quotes its source may add this many content words of framing

MARKER = re.compile(r"\[(\d+)\]")
_BULLET = re.compile(r"^\s*(?:#{1,6}\s+|[-*+•]\s+|\d+[.)]\s+)")
_SENT_END = re.compile(r"[.!?]+[\"”’')]*((?:\s*\[\d+\])*)[.!?]?(?=\s|$)")
_ABBREV = {"e.g", "i.e", "vs", "dr", "mr", "ms", "mrs", "h.e", "etc", "st", "no", "u.s", "u.n"}
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_WORD = re.compile(r"[a-z0-9]+")
_RAW_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][\w’'.-]*")
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    both but by can could did do does doing down during each few for from further had has have having he her
    here hers him his how i if in into is it its itself just me more most my no nor not now of off on once
    only or other our out over own same she should so some such than that the their them then there these
    they this those through to too under until up very was we were what when where which while who whom why
    will with would you your post blog session panel conference said says say mentioned noted according
    discussed highlighted emphasized emphasised stressed pointed talked spoke shared
    le la les une des du de et en est sont qui que dans pour par sur au aux ce cette il elle ont ete
    el los las unos unas del al es son fue quien con su sus se lo como mas muy""".split()
)
_FRAMING = [
    re.compile(p, re.I)
    for p in (
        r"^(the|this) (blog )?(post|summary|article|text|source)s? (does not|doesn't|do not|don't|never) ",
        r"^(i|we) (could not|couldn't|cannot|can't|did not|didn't) find\b",
        r"^(there is|there's) no (mention|information|record)\b",
        r"^nothing (in the (blog )?post )?is (close|related)\b|\bthere is nothing to cite\b",
        r"^(here is|here are|in short|in summary|to summari[sz]e|sources?)\b[^.]{0,40}[:.]?$",
        r"^(sorry|unfortunately)\b",
        r"\bnot (covered|mentioned|stated|said|reported) (in|by) the (blog )?(post|summary)\b",
        r"\b(does not|doesn't|do not|don't) (record|say|mention|state|name|list|give|include)\b",
        r"^(le (post|texte|billet)|l'article) ne\b|^(el (post|texto|artículo|articulo)) no\b",
    )
]


@dataclass(frozen=True)
class Sentence:
    """One answer sentence: its text as written, the text without markers/markup, and its markers."""

    raw: str
    clean: str
    markers: tuple[int, ...]


@dataclass(frozen=True)
class Verdict:
    """Whether a sentence is supported by some evidence, by which test, and why."""

    supported: bool
    method: str  # verbatim | quote | entities | lexical | cosine | none
    score: float
    reason: str


def normalize(text: str) -> str:
    """Casefold, strip accents, straighten quotes and dashes, collapse whitespace."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))
    return re.sub(r"\s+", " ", text.casefold()).strip()


def strip_markup(text: str) -> str:
    """Plain text: no `[n]` markers, links, bullets, headings or emphasis; lines joined; outer quotes off."""
    lines = (_BULLET.sub("", ln) for ln in text.splitlines())
    text = _LINK.sub(r"\1", " ".join(lines))
    text = MARKER.sub("", text).replace("**", "").replace("__", "").replace("`", "")
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip().strip("\"“”'‘’ ")


def split_sentences(text: str) -> list[Sentence]:
    """Split answer text into sentences; a marker right after a sentence's end belongs to it."""
    out: list[Sentence] = []
    for line in text.splitlines():
        start = 0
        for m in _SENT_END.finditer(line):
            before = line[start : m.start()].rsplit(" ", 1)[-1].casefold()
            if before in _ABBREV or (len(before) == 1 and before.isalpha()):
                continue  # "H.E. Bayissa", "Lindsay J. Thompson"
            _add(out, line[start : m.end()])
            start = m.end()
        _add(out, line[start:])
    return out


def _add(out: list[Sentence], raw: str) -> None:
    # A marker closes the clause it follows: "A [1]; and B [2]." is two claims, each with its citation.
    cut = 0
    for m in re.finditer(r"(?:\s*\[\d+\])+", raw):
        if _WORD.search(normalize(MARKER.sub("", raw[m.end() :]))):
            _add_one(out, raw[cut : m.end()])
            cut = m.end()
    _add_one(out, raw[cut:])


def _add_one(out: list[Sentence], raw: str) -> None:
    clean = strip_markup(raw)
    markers = tuple(dict.fromkeys(int(n) for n in MARKER.findall(raw)))
    if _WORD.search(normalize(clean)):
        out.append(Sentence(raw=raw.strip(), clean=clean, markers=markers))
    elif markers and out:  # a stray "[2]." after the sentence it belongs to
        prev = out.pop()
        merged = tuple(dict.fromkeys(prev.markers + markers))
        out.append(Sentence(prev.raw + " " + raw.strip(), prev.clean, merged))


def is_framing(sentence: Sentence) -> bool:
    """True for uncited framing: "The post does not say ...", or a lead-in ending with ':' before a list."""
    if sentence.markers:
        return False
    lead_in = sentence.clean.endswith(":")
    return lead_in or any(p.search(sentence.clean) for p in _FRAMING) or not content_words(sentence.clean)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def content_words(text: str) -> set[str]:
    """Stemmed, accent-free content words (stopwords and 1-letter tokens dropped)."""
    words = _WORD.findall(normalize(text))
    return {_stem(w) for w in words if w not in _STOP and (len(w) > 1 or w.isdigit())}


def entities(sentence: str) -> set[str]:
    """Names and numbers in a sentence: digits, and capitalised words other than the first."""
    found: set[str] = set()
    # Each clause ("Name: Text", "a - B") may start with a capital that is not a name.
    for clause in re.split(r"[:;(]\s*|\s[-–—]\s", strip_markup(sentence)):
        for i, tok in enumerate(_RAW_TOKEN.findall(clause)):
            tok = tok.rstrip(".'’-").removesuffix("’s").removesuffix("'s")
            if any(ch.isdigit() for ch in tok) or (i > 0 and tok[:1].isupper()):
                found.update(w for w in _WORD.findall(normalize(tok)) if w not in _STOP)
    return found


def lexical_coverage(sentence: str, evidence: str) -> float:
    """Share of the sentence's content words that occur in the evidence (1.0 if it has none)."""
    words = content_words(sentence)
    return len(words & content_words(evidence)) / len(words) if words else 1.0


class SupportJudge:
    """Decides support of a sentence by cited texts; embeds with `embedder` when given (cached)."""

    def __init__(
        self,
        *,
        embedder: Any = None,
        lexical: float = LEXICAL_THRESHOLD,
        cosine: float = COSINE_THRESHOLD,
    ) -> None:
        self.embedder = embedder
        self.lexical = lexical
        self.cosine = cosine
        self._vectors: dict[str, np.ndarray] = {}

    def judge(self, sentence: str, evidence: Sequence[str], *, context: Sequence[str] = ()) -> Verdict:
        """Is `sentence` (markers allowed) supported by the cited `evidence` texts?

        `context` is what the citation states besides its text (session, part, speakers, day): it
        counts for names and word coverage, never for the verbatim or cosine tests.
        """
        clean = normalize(strip_markup(sentence))
        ev = [e for e in evidence if e and e.strip()]
        if not ev:
            return Verdict(False, "none", 0.0, "no cited text")
        joined = normalize(" ".join(strip_markup(e) for e in ev))
        known = normalize(" ".join([joined, *context]))
        if len(content_words(clean)) >= 2 and clean.rstrip(".!?") in joined:
            return Verdict(True, "verbatim", 1.0, "the sentence is a verbatim span of the cited text")
        missing = entities(sentence) - set(_WORD.findall(known))
        if missing:
            return Verdict(False, "entities", 0.0, f"not in the cited text: {', '.join(sorted(missing))}")
        for quote in (normalize(strip_markup(e)) for e in ev):
            if len(quote) >= 20 and quote.rstrip(".!?") in clean:
                rest = content_words(clean.replace(quote.rstrip(".!?"), " "))
                if len(rest - content_words(known)) <= QUOTE_REMAINDER_WORDS:
                    return Verdict(True, "quote", 1.0, "the sentence quotes its cited text")
        cov = lexical_coverage(clean, known)
        if cov >= self.lexical:
            return Verdict(True, "lexical", cov, f"content-word coverage {cov:.2f} >= {self.lexical}")
        if self.embedder is None:
            return Verdict(False, "lexical", cov, f"content-word coverage {cov:.2f} < {self.lexical}")
        cos = self.max_cosine(strip_markup(sentence), ev)
        if cos >= self.cosine:
            return Verdict(True, "cosine", cos, f"cosine {cos:.2f} >= {self.cosine} (coverage {cov:.2f})")
        why = f"coverage {cov:.2f} < {self.lexical} and cosine {cos:.2f} < {self.cosine}"
        return Verdict(False, "cosine", cos, why)

    def max_cosine(self, sentence: str, evidence: Sequence[str]) -> float:
        """Highest cosine between the sentence and any evidence text or sentence of it."""
        pieces = list(dict.fromkeys([*evidence, *(s.clean for e in evidence for s in split_sentences(e))]))
        vecs = self._embed([sentence, *pieces])
        return float(np.max(vecs[1:] @ vecs[0]))

    def _embed(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if todo:
            for t, v in zip(todo, self.embedder.embed_array(todo), strict=True):
                self._vectors[t] = v
        return np.stack([self._vectors[t] for t in texts])


# --- LLM judge (RAGAS-style faithfulness): claims from the answer, a verdict per claim ---------------


def extract_claims(answer: str, llm: Callable[[str], str], *, question: str = "") -> list[str]:
    """Ask the LLM to split an answer into standalone claims (one `- claim` line each)."""
    reply = llm(render("judge_claims", question=question, answer=re.sub(r"\s*\[\d+\]", "", answer)))
    claims = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", ln).strip() for ln in reply.splitlines()]
    return [c for c in claims if c and c.upper() != "NONE"]


def verify_claims(claims: Sequence[str], context: str, llm: Callable[[str], str]) -> list[bool]:
    """Ask the LLM for a yes/no verdict per claim against the context; a missing verdict counts as no."""
    if not claims:
        return []
    listing = "\n".join(f"{i}. {c}" for i, c in enumerate(claims, 1))
    reply = llm(render("judge_verify", context=context, claims=listing))
    verdicts: dict[int, bool] = {}
    for m in re.finditer(r"^\s*(\d+)\s*[.):-]\s*(yes|no)\b", reply, re.I | re.M):
        verdicts.setdefault(int(m.group(1)), m.group(2).lower() == "yes")
    return [verdicts.get(i, False) for i in range(1, len(claims) + 1)]
