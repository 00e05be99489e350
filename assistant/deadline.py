"""One deadline per question, and a way to stop waiting on a blocking stream when it passes.

`Deadline` is a monotonic clock started when a question arrives (`elapsed`, `remaining`,
`expired`). `within(deadline, make)` runs the iterator that `make()` returns in a worker thread and
yields its items until the deadline passes, then raises `DeadlineExceeded`; the worker is told to
stop and closes its iterator at its next item (a read blocked in the worker ends with its own
timeout, which callers cap at `remaining()`). Knows nothing of LLMs, stores or answers.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")
_ITEM, _END, _ERROR = "item", "end", "error"


class DeadlineExceeded(Exception):
    """The deadline passed before the stream ended (internal: callers turn it into a notice)."""


@dataclass
class Deadline:
    """`seconds` from `start` (time.monotonic())."""

    seconds: float
    start: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        """Seconds since the start."""
        return time.monotonic() - self.start

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self.seconds - self.elapsed())

    @property
    def expired(self) -> bool:
        """True once no time is left."""
        return self.remaining() <= 0.0


def within(deadline: Deadline, make: Callable[[], Iterator[T]]) -> Iterator[T]:
    """The items of `make()`, as they come, until the deadline; then DeadlineExceeded."""
    box: queue.Queue[tuple[str, object]] = queue.Queue()
    stop = threading.Event()

    def work() -> None:
        it: Iterator[T] | None = None
        try:
            it = make()
            for item in it:
                if stop.is_set():
                    break
                box.put((_ITEM, item))
            box.put((_END, None))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread, which re-raises it
            box.put((_ERROR, exc))
        finally:
            close = getattr(it, "close", None)
            if close is not None:
                close()

    threading.Thread(target=work, name="deadline-worker", daemon=True).start()
    try:
        while True:
            try:
                kind, value = box.get(timeout=max(deadline.remaining(), 0.001))
            except queue.Empty:
                raise DeadlineExceeded() from None
            if kind == _END:
                return
            if kind == _ERROR:
                assert isinstance(value, BaseException)
                raise value
            if deadline.expired:  # a piece that came too late is not shown
                raise DeadlineExceeded()
            yield value  # type: ignore[misc]
    finally:
        stop.set()
