"""The per-question deadline: a blocking stream is left when it passes, errors and endings pass through."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from assistant.deadline import Deadline, DeadlineExceeded, within


def test_a_deadline_counts_down() -> None:
    d = Deadline(0.2)
    assert not d.expired and 0.0 < d.remaining() <= 0.2
    time.sleep(0.25)
    assert d.expired and d.remaining() == 0.0 and d.elapsed() >= 0.25


def test_a_quick_stream_passes_through_whole() -> None:
    assert list(within(Deadline(5), lambda: iter(range(5)))) == [0, 1, 2, 3, 4]


def test_a_slow_stream_is_left_at_the_deadline_and_then_closed() -> None:
    closed = threading.Event()

    def slow() -> Iterator[str]:
        try:
            yield "first"
            time.sleep(1.0)  # a server that sends its next token too late
            yield "second"
            yield "third"
        finally:
            closed.set()

    got = []
    t = time.perf_counter()
    with pytest.raises(DeadlineExceeded):
        for piece in within(Deadline(0.4), slow):
            got.append(piece)
    assert got == ["first"] and time.perf_counter() - t < 0.9
    assert closed.wait(3.0)  # the worker stopped at its next item instead of reading on


def test_errors_of_the_stream_reach_the_caller() -> None:
    def broken() -> Iterator[int]:
        yield 1
        raise ValueError("the stream broke")

    with pytest.raises(ValueError, match="the stream broke"):
        list(within(Deadline(5), broken))
