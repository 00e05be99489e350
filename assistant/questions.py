"""Question analysis before retrieval: injection stripping, language, typos, follow-ups.

Turns what the user typed (plus the conversation so far) into a Plan: the English, standalone
question the answerer works on, the language to answer in, the people and sessions it names,
and what was removed as an attempt to override instructions. Deterministic, offline, no model.
Does not retrieve or answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tomllib

from assistant.knowledge import Knowledge
from assistant.text import STOP, edit_distance, fold, words

_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,60}?\b(?:instruction|prompt|rule|above|previous|prior|"
    r"context|system|guideline|everything)|\byou are now\b|\bact as\b|\bpretend\b|\bsystem prompt\b|"
    r"\b(?:must|should|always|never|will|to)\s+(?:tell|say|answer|respond|reply|claim|state|write|print|output)\b|"
    r"\b(?:do not|don't|dont|never|stop|no more)\s+(?:cite|use citations|include citations|quote|mention sources)|"
    r"\bwithout (?:any )?(?:citations|sources|quotes)\b|\b(?:respond|reply|answer)\s+(?:only\s+)?(?:with|in)\b|"
    r"\bnew instructions?\b|\bdeveloper mode\b|\bjailbreak\b|\bhidden (?:note|instruction|message)\b|"
    r"\badmin(?:istrator)? (?:override|mode|note)\b|\bmake up\b|\bauthori[sz]e you\b|\bas (?:the|an|your) (?:site )?"
    r"(?:admin|administrator|developer|owner)\b|\b(?:invent|fabricate|guess)\b|\bplausible (?:number|answer|figure)\b|"
    r"</?\s*(?:system|assistant|instructions?)\s*>|^\s*(?:system|assistant)\s*:",
    re.I,
)
_QUESTION_CUE = re.compile(r"\b(?:who|what|which|when|where|why|how|did|does|was|were|is|are|list|name|tell me|"
                           r"summari[sz]e|give me)\b", re.I)
_PERSON_PRONOUN = re.compile(r"\b(he|she|him|her|his|hers)\b", re.I)
_SESSION_ANAPHORA = re.compile(
    r"\b(?:that|this|the same|the)\s+(?:panel|session|talk|keynote|discussion|plenary)\b|\bthere\b|\bit\b", re.I
)
_FRAME_WORDS = """who what which when where why how keynote keynotes panel panelist panelists speaker speakers
session sessions day summarize summary takeaway takeaways discussed mention mentioned talked said say presented
present gave give introduced introduce did does was were the one""".split()


@dataclass
class Plan:
    """What the answerer works on."""

    original: str
    question: str  # English, standalone, injection removed
    cleaned: str = ""  # what the user typed, injection removed, before translation
    lang: str = "en"
    injection: bool = False
    rewritten_from_history: bool = False
    people: list[tuple[str, str]] = field(default_factory=list)  # (name, how matched)
    sessions: list[str] = field(default_factory=list)  # sessions named, best first
    context_person: str = ""
    context_session: str = ""


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, dict[str, dict[str, str]]]:
    return tomllib.loads(Path(__file__).with_name("lexicon.toml").read_text(encoding="utf-8"))


_ROLE_TURN = re.compile(r"(?:^|\s)(user|human|assistant|ai|system|bot)\s*:", re.I)


def strip_injection(question: str) -> tuple[str, bool]:
    """Remove sentences or clauses that try to change instructions; keep the real question."""
    turns = list(_ROLE_TURN.finditer(question))
    users = [m for m in turns if m.group(1).lower() in ("user", "human")]
    if users and any(m.group(1).lower() in ("assistant", "ai", "system", "bot") for m in turns):
        # A scripted dialogue pasted into the question: only the last user turn is the user's question.
        clean, _ = strip_injection(question[users[-1].end():])
        return clean, True
    segments = [s for s in re.split(r"(?<=[.!?;\n])\s+|(?<=[.!?]['\"’”])\s+|\n+", question) if s.strip()]
    kept: list[str] = []
    hit = False
    for seg in segments:
        if not _INJECTION.search(seg):
            kept.append(seg)
            continue
        hit = True
        # Keep a clause of the same sentence that is a question ("ignore the rules and tell me who ...").
        for clause in re.split(r",|\band then\b|\bthen\b|\band\b|:", seg):
            if clause.strip() and not _INJECTION.search(clause) and _QUESTION_CUE.search(clause):
                kept.append(clause.strip())
    return " ".join(kept).strip(), hit


def detect_language(question: str) -> str:
    """'fr', 'es' or 'en' from function words and punctuation."""
    toks = words(question)
    fr = sum(t in {"qui", "quel", "quelle", "quels", "quelles", "est", "les", "des", "du", "le", "la", "ont", "sont",
                   "etait", "etaient", "dans", "pour", "avec", "combien", "pourquoi", "a-t-il", "d'ouverture",
                   "qu'a", "l'open", "au", "aux", "sur", "qu'est", "s'est", "ou", "ce", "que", "conference"}
             for t in toks)
    es = sum(t in {"quien", "quienes", "cual", "cuales", "los", "las", "del", "el", "fue", "fueron", "cuantos",
                   "cuantas", "para", "con", "dijo", "hubo", "sobre", "por", "una", "hablo"} for t in toks)
    en = sum(t in {"the", "who", "what", "which", "was", "were", "did", "how", "is", "are", "of", "about", "and"}
             for t in toks)
    if "¿" in question or "¡" in question:
        es += 2
    best = max((fr, "fr"), (es, "es"))
    return best[1] if best[0] >= 2 and best[0] > en else "en"


def translate(question: str, lang: str) -> str:
    """Word-for-word English for French/Spanish questions (names kept)."""
    if lang == "en":
        return question
    lex = _lexicon().get(lang, {})
    text = " " + fold(question).replace("?", " ?").replace("¿", " ") + " "
    for src, dst in sorted(lex.get("phrases", {}).items(), key=lambda kv: -len(kv[0])):
        text = text.replace(f" {src} ", f" {dst} ").replace(f"'{src} ", f" {dst} ")
    out = []
    for tok in re.split(r"(\s+)", text):
        bare = tok.strip(".,;:!?")
        if bare.startswith(("l'", "d'", "qu'")):
            bare = bare.split("'", 1)[1]
        out.append(lex.get("words", {}).get(bare, bare) if bare else tok)
    return re.sub(r"\s+", " ", "".join(out)).strip()


class Analyzer:
    """Builds Plans against one Knowledge (its vocabulary, people and sessions)."""

    def __init__(self, knowledge: Knowledge, session_finder, is_common=lambda w: False) -> None:
        self.knowledge = knowledge
        self.is_common = is_common  # word -> True for common English words (never "corrected")
        self.session_finder = session_finder  # question -> sessions named (Retriever.sessions_named)
        vocab: dict[str, int] = {}
        for p in knowledge.posts:
            for w in words(p.text):
                vocab[w] = vocab.get(w, 0) + 1
        for w in _FRAME_WORDS:
            vocab.setdefault(w, 1)
        self.vocab = vocab

    def fix_typos(self, question: str) -> str:
        """Replace words absent from the posts by the closest word they use (names included)."""
        def fix(m: re.Match[str]) -> str:
            w = m.group(0)
            f = fold(w)
            if f in self.vocab or f in STOP or len(f) < 4 or not f.isalpha() or self.is_common(f):
                return w  # a word of the post, or a common English word: not a typo
            limit = 1 if len(f) < 7 else 2
            best = None
            for v, n in self.vocab.items():
                if abs(len(v) - len(f)) <= limit and v[0] == f[0]:
                    d = edit_distance(f, v, limit)
                    if d <= limit and (best is None or (d, -n) < (best[0], -best[1])):
                        best = (d, n, v)
            if best is not None:
                return best[2]
            for i in range(3, len(f) - 2):  # "opensource" -> "open source"
                if f[:i] in self.vocab and f[i:] in self.vocab and self.vocab[f[:i]] > 3 and self.vocab[f[i:]] > 3:
                    return f"{f[:i]} {f[i:]}"
            return w
        return re.sub(r"[A-Za-zÀ-ÿ']+", fix, question)

    def _context(self, history: list[dict[str, str]]) -> tuple[str, str]:
        """Most recent person and session under discussion in the history."""
        person = session = ""
        for turn in reversed(history[-6:]):
            content = str(turn.get("content", ""))
            if not person:
                found = self.knowledge.find_people(content)
                if found:
                    if turn.get("role") == "user" or len(found) == 1:
                        person = found[0][0]
                    else:  # in an answer, the first person named is the subject
                        person = min(found, key=lambda x: fold(content).find(fold(x[0]).split()[-1]))[0]
            if not session:
                exact = [s.title for s in self.knowledge.sessions if s.title in content]
                named = exact or self.session_finder(content)
                if named:
                    session = named[0]
            if person and session:
                break
        return person, session

    def plan(self, question: str, history: list[dict[str, str]] | None = None) -> Plan:
        """Analyse one question in its conversation."""
        clean, injected = strip_injection(question)
        lang = detect_language(clean or question)
        english = self.fix_typos(translate(clean, lang))
        plan = Plan(original=question, question=english, lang=lang, injection=injected, cleaned=clean)
        plan.people = self.knowledge.find_people(english)
        plan.sessions = self.session_finder(english)
        if history:
            person, session = self._context(history)
            plan.context_person, plan.context_session = person, session
            last_user = next((t["content"] for t in reversed(history) if t.get("role") == "user"), "")
            q = english
            if person and not plan.people and _PERSON_PRONOUN.search(q):
                q = _PERSON_PRONOUN.sub(lambda m: person + ("'s" if m.group(1).lower() in ("his", "her", "hers")
                                                               and not q.lower().startswith(m.group(1).lower())
                                                               else ""), q, count=1)
            if session and not plan.sessions:
                same_session = "keynote" in last_user.lower() and "panel" in q.lower()  # the panel after its keynote
                if re.search(r"\b(?:after|next|following)\b", q, re.I) and not same_session:
                    session = self._neighbour(session, +1)
                elif re.search(r"\b(?:before|previous|preceding)\b", q, re.I) and not same_session:
                    session = self._neighbour(session, -1)
                if _SESSION_ANAPHORA.search(q) or not plan.people or len(words(q)) <= 8:
                    q = f"{q.rstrip('?').rstrip()} (at the {session})?"
            topical = [w for w in words(q) if w not in STOP and w not in _FRAME_WORDS and len(w) > 2]
            if re.search(r"\b(?:it|that|this|them|those)\b", q, re.I) and not topical and not plan.people:
                carried = [w for w in words(last_user) if w not in STOP and w not in _FRAME_WORDS and len(w) > 2]
                if carried:  # "Who presented it?" after "What is the Sovereign Tech Fund?"
                    q = f"{q.rstrip('?').rstrip()} ({' '.join(carried)})?"
            if q != english:
                plan.question = q
                plan.rewritten_from_history = True
                plan.people = self.knowledge.find_people(q)
                plan.sessions = self.session_finder(q)
                if session and session not in plan.sessions:
                    plan.sessions.insert(0, session)
        return plan

    def _neighbour(self, title: str, step: int) -> str:
        titles = [s.title for s in self.knowledge.sessions if s.day]
        if title in titles:
            i = titles.index(title) + step
            if 0 <= i < len(titles):
                return titles[i]
        return title
