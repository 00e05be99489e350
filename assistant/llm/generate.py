"""The generated-answer path: fact lines + numbered passages -> LLM -> citation guard -> Answer.

`LLMAnswerer` shows the model what the offline answerer would use: for structure questions the
facts themselves as numbered, cited lines (sources.py: the offline answer's structure lines and
cards of the people and sessions named), then the passages (the offline answer's cited chunks
first, then the search results), each numbered with session, day and part. It builds the chat
messages from prompts/system.txt and prompts/answer.txt, streams the model's reply through a
`ChatProvider`, and hands the whole reply to the `Guard`, whose Answer is final. It also rewrites
a follow-up into a standalone question (prompts/condense.txt; only when there is history; kept
only when it names no other session or person than the offline stages took from the history) and
answers greetings and thanks without a search. Both calls share the question's `Deadline`
(ASSISTANT_DEADLINE): a server that hangs or trickles is left when it passes. When the server
fails (after the provider's retries) or the deadline passes, it answers with the offline answerer
under a one-line notice stating the real wait, which the stream shows first, on its own line;
after a failure it does not wait on the same server again for `COOLDOWN` seconds. When the guard keeps
none of the model's claims (or the model declines) but the offline answer answers, that answer is
the reply, under a notice saying the model's answer could not be checked; when the kept answer
leaves out points of the offline answer, they are added, quoted (Guard.complete). Does not retrieve.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from assistant.answering.question import Question
from assistant.config import Settings
from assistant.deadline import Deadline, DeadlineExceeded, within
from assistant.ingest.knowledge import Knowledge
from assistant.llm.guard import Guard
from assistant.llm.providers import ChatProvider, LLMFault
from assistant.llm.sources import Source, fact_sources, format_sources, passage_source, quote_sources
from assistant.prompts import prompt, say
from assistant.text import is_smalltalk
from assistant.types import Answer, Passage

LANGUAGES = {"en": "English", "fr": "French", "es": "Spanish"}
COOLDOWN = 10.0  # seconds during which a server that just failed is not asked again
CONDENSE_TOKENS = 64
_MARK = re.compile(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]")


class LLMAnswerer:
    """Generated, guarded answers from one OpenAI-compatible server, with an offline fallback."""

    def __init__(self, settings: Settings, knowledge: Knowledge, offline: Any, *, embedder: Any = None,
                 provider: ChatProvider | None = None) -> None:
        self.settings = settings
        self.offline = offline
        self.provider = provider or ChatProvider(settings)
        self.provider.warm()  # importing langchain_openai takes seconds: pay it with the index
        self.knowledge = knowledge
        self.guard = Guard(knowledge, mode=settings.guard_mode, embedder=embedder, offline=offline)
        titles = list(dict.fromkeys(p.title for p in knowledge.posts if p.title))
        self.conference = " and ".join(titles) or "the conference"
        self._lock = threading.Lock()
        self._failed: tuple[float, LLMFault] | None = None

    # ---- faults --------------------------------------------------------------------------------
    def _recent_fault(self) -> LLMFault | None:
        with self._lock:
            if self._failed and time.monotonic() - self._failed[0] < COOLDOWN:
                return self._failed[1]
        return None

    def _note(self, fault: LLMFault) -> None:
        with self._lock:
            self._failed = (time.monotonic(), fault)

    # ---- follow-ups ----------------------------------------------------------------------------
    def condense(self, question: str, history: list[dict[str, str]], deadline: Deadline | None = None, *,
                 timings: dict[str, float] | None = None) -> str:
        """The follow-up as a standalone question, or "" when the server cannot say (in time).

        `timings` gets "condense_server": the server's part of the rewrite.
        """
        deadline = deadline or Deadline(self.settings.deadline)
        if self._recent_fault():
            return ""
        lines = []
        for turn in history[-6:]:
            text = _MARK.sub("", turn["content"]).strip().replace("\n", " ")
            lines.append(f"{'User' if turn['role'] == 'user' else 'Assistant'}: {text[:600]}")
        msg = prompt("condense", history="\n".join(lines), question=question)
        messages = [{"role": "user", "content": msg}]
        sent = time.perf_counter()
        try:
            out = "".join(within(deadline, lambda: self.provider.stream(
                messages, max_tokens=CONDENSE_TOKENS, deadline=deadline)))
        except DeadlineExceeded:
            self._note(self.provider.deadline_fault(deadline))
            return ""
        except LLMFault as fault:
            self._note(fault)
            return ""
        finally:
            if timings is not None:
                timings["condense_server"] = time.perf_counter() - sent
        line = next((ln.strip() for ln in out.splitlines() if ln.strip()), "")
        line = re.sub(r"^(?:standalone question|question)\s*:\s*", "", line, flags=re.I)
        line = line.strip().strip("\"'“”")
        return line if 3 <= len(line) <= 300 else ""

    def plan(self, question: str, history: list[dict[str, str]],
             understand: Callable[[str, list[dict[str, str]] | None], Question],
             deadline: Deadline | None = None, *, timings: dict[str, float] | None = None) -> Question:
        """Understand a follow-up: the model's standalone rewrite when the offline stages needed history.

        `timings` gets "understand", and "condense" / "condense_server" when the model was asked to rewrite.
        """
        t = time.perf_counter()
        base = understand(question, history)
        if timings is not None:
            timings["understand"] = time.perf_counter() - t
        if not history or is_smalltalk(question) or not base.context:
            return base
        t = time.perf_counter()
        standalone = self.condense(question, history, deadline, timings=timings)
        if timings is not None:
            timings["condense"] = time.perf_counter() - t
        if not standalone:
            return base
        p = understand(standalone, None)
        if _disagrees(base, p):  # the offline stages resolved "the third one" / "he" from the history, and the
            return base  # model's rewrite names someone or something else, or no one: a small model's guess loses
        return replace(p, norm=replace(p.norm, original=question, lang=base.lang), context="llm")

    # ---- answers -------------------------------------------------------------------------------
    def sources(self, plan: Question, passages: Sequence[Passage], offline: Any = None,
                answer: Answer | None = None) -> tuple[list[Source], Answer]:
        """What the model is shown, numbered: fact lines, then passages; and the offline answer they came from
        (`answer` when the caller has it already: the one the passages were chosen for)."""
        answerer = offline or self.offline
        ans = answer if answer is not None else answerer.answer(plan, list(passages))
        facts = fact_sources(plan, ans, answerer.facts, self.knowledge)
        stated = {(u.source, u.start) for f in facts for u in f.units}
        quotes = [q for q in quote_sources(ans, self.knowledge, shown={p.chunk_id for p in passages})
                  if (q.units[0].source, q.units[0].start) not in stated]
        return facts + quotes + [passage_source(p, self.knowledge) for p in passages], ans

    def messages(self, plan: Question, sources: Sequence[Source | Passage]) -> list[dict[str, str]]:
        """System and user messages for one question over numbered sources (fact lines and passages)."""
        srcs = [s if isinstance(s, Source) else passage_source(s, self.knowledge) for s in sources]
        user = prompt("answer", sources=format_sources(srcs), question=plan.original.strip(),
                      language=LANGUAGES.get(plan.lang, "the language of the question"))
        return [{"role": "system", "content": prompt("system", conference=self.conference)},
                {"role": "user", "content": user}]

    def smalltalk(self, plan: Question) -> Answer:
        """A one-line reply to a greeting or thanks: no search, no citations."""
        return Answer(text=prompt("smalltalk", conference=self.conference), question=plan.original,
                      backend="openai", guard={"smalltalk": 1})

    def stream(self, plan: Question, passages: Sequence[Passage], *, t0: float | None = None,
               timings: dict[str, float] | None = None, offline: Any = None,
               deadline: Deadline | None = None, offline_answer: Answer | None = None) -> Iterator[str | Answer]:
        """Yield the reply's text as generated, then the guarded (or offline fallback) Answer.

        `offline`: the offline answerer to read facts from and fall back on (one over the filtered
        part of the corpus, when filters are set); the full one by default. Nothing waits past
        `deadline` (ASSISTANT_DEADLINE from now when not given): then the answer is the offline one,
        with a notice saying how long the question waited. `offline_answer`: that answerer's answer
        to this question when the caller has computed it (it is not computed twice).
        """
        t0 = time.perf_counter() if t0 is None else t0
        deadline = deadline or Deadline(self.settings.deadline)
        timings = dict(timings or {})
        answerer = offline or self.offline
        if is_smalltalk(plan.original):
            ans = self.smalltalk(plan)
            yield ans.text
            yield replace(ans, timings=timings)
            return
        if not passages:  # nothing retrieved (e.g. filters exclude everything): nothing to generate from
            yield from self._offline(answerer.answer(plan, []), timings, t0, notice="")
            return
        t = time.perf_counter()
        sources, offline_answer = self.sources(plan, passages, answerer, offline_answer)
        messages = self.messages(plan, sources)
        timings["prompt"] = time.perf_counter() - t
        fault = self._recent_fault()
        if fault is not None:
            yield from self._offline(offline_answer, timings, t0, notice=fault.notice)
            return
        sent = time.perf_counter()
        pieces: list[str] = []
        try:
            for piece in within(deadline, lambda: self.provider.stream(
                    messages, max_tokens=self.settings.llm_max_tokens, deadline=deadline)):
                if not pieces:
                    now = time.perf_counter()
                    timings["first_token"] = now - t0
                    timings["server_first_token"] = now - sent
                pieces.append(piece)
                yield piece
        except (LLMFault, DeadlineExceeded) as exc:
            fault = exc if isinstance(exc, LLMFault) else self.provider.deadline_fault(deadline, answering=bool(pieces))
            self._note(fault)
            timings["llm"] = time.perf_counter() - sent
            yield from self._offline(offline_answer, timings, t0, notice=fault.after(deadline.elapsed()),
                                     after="".join(pieces))
            return
        timings["llm"] = time.perf_counter() - sent
        yield from self._checked(plan, "".join(pieces), sources, offline_answer, timings, t0)

    def _checked(self, plan: Question, text: str, sources: list[Source], offline_answer: Answer,
                 timings: dict[str, float], t0: float) -> Iterator[str | Answer]:
        """The generated text checked against the post: the guarded Answer, or the offline one when
        nothing the model wrote holds up and the post does answer."""
        t = time.perf_counter()
        topic = getattr(getattr(plan, "mentions", None), "topic", ())
        ans = self.guard.check(text, sources, question=plan.original, lang=plan.lang, topic=topic,
                               verified=offline_answer)
        timings["guard"] = time.perf_counter() - t
        if ans.refused and not offline_answer.refused:
            # Nothing the model wrote holds up against the post (or it declined), yet the post answers:
            # the offline answer, every sentence of it a verbatim quote, is the checked answer.
            yield from self._offline(replace(offline_answer, guard=ans.guard), timings, t0,
                                     notice=say(plan.lang, "llm_unchecked"), after=text)
            return
        ans = self.guard.complete(ans, offline_answer, question=plan.original, lang=plan.lang)
        yield replace(ans, backend="openai", timings=timings)

    def _offline(self, ans: Answer, timings: dict[str, float], t0: float, *, notice: str,
                 after: str = "") -> Iterator[str | Answer]:
        """The offline answer as the stream's rest: its notice first, on a line of its own (after any
        partial generated text), so a fallback is never glued to what the model had written."""
        timings.setdefault("first_token", time.perf_counter() - t0)
        if notice:
            gap = "" if not after else "\n" if after.endswith("\n") else "\n\n"
            yield f"{gap}({notice})\n\n"
        yield from ans.text.splitlines(keepends=True)
        yield replace(ans, backend="offline", notice=notice, timings=timings)


def _disagrees(base: Question, rewritten: Question) -> bool:
    """Whether the model's standalone rewrite leaves out the sessions or people the offline stages took
    from the history for the same follow-up: it names others, or none ("and the other person giving that
    keynote, what was her part?" rewritten as "Who was the other keynote speaker?" has lost who "her" is);
    or it picks one of several people the history offered ("what did the guy focus on?" after "Ruth Ikega
    and Mark Pereira": the offline answer gives both, the model's pick is a guess)."""
    picked = {r.name for r in rewritten.mentions.people}
    pairs = ((
        {r.title for r in base.mentions.named_sessions}, {r.title for r in rewritten.mentions.named_sessions}), (
        {r.name for r in base.mentions.people}, picked))
    offered = {r.name for r in base.mentions.people if r.how == "context"}
    return any(a and not a & b for a, b in pairs) or len(offered) > 1 and bool(picked) and picked < offered
