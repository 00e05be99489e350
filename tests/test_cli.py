"""The `assistant ask` command's streamed output: the stream, then only what the guard changed; fallbacks apart."""

from __future__ import annotations

import re

import pytest

from assistant.cli import main
from assistant.config import Settings
from assistant.llm.changes import changes, rows
from tests.llm_server import ScriptedServer

Q = "Who gave the keynote at the Open Source and AI panel?"


@pytest.fixture
def llm_env(settings: Settings, monkeypatch: pytest.MonkeyPatch):
    """Environment for an openai-backend CLI on the session's index."""
    def point(url: str) -> None:
        env = {"OPENAI_BASE_URL": url, "ASSISTANT_BACKEND": "openai", "ASSISTANT_INDEX_DIR": str(settings.index_dir),
               "ASSISTANT_LLM_RETRIES": "0", "ASSISTANT_LLM_TIMEOUT": "5", "OPENAI_API_KEY": ""}
        for k, v in env.items():
            monkeypatch.setenv(k, v)
    return point


def _keynote(body: dict) -> int:
    user = body["messages"][-1]["content"]
    return int(re.search(r"^\[(\d+)\] Open Source and AI Panel, Day 1, Keynote by Philip Thigo$", user, re.M).group(1))


def test_changes_lists_only_what_differs() -> None:
    streamed = "Thigo gave the keynote [5]. The moon is cheese [7].\n"
    final = "Thigo gave the keynote [1]."
    assert changes(streamed, final) == ["  removed: “The moon is cheese.”", "  sources renumbered: [5]→[1]"]
    assert changes("Same [1].", "Same [1].\n") == []
    assert rows("abc\n\nabcdefghij", 4) == 1 + 1 + 3


def test_streamed_answer_then_only_what_changed(llm_env, capsys: pytest.CaptureFixture[str]) -> None:
    def script(body):
        k = _keynote(body)
        return ("text", f"Philip Thigo gave the keynote at the Open Source and AI Panel [{k}]. "
                        f"The conference was held on the Moon [{k}].")

    with ScriptedServer(script) as srv:
        llm_env(srv.url)
        assert main(["ask", Q]) == 0
    out = capsys.readouterr().out
    assert out.count("Philip Thigo gave the keynote at the Open Source and AI Panel") == 1  # printed once
    assert "Checked against the post:\n  removed: “The conference was held on the Moon.”" in out
    assert "— checked against the post —" not in out and "\nSources:\n  [1] Open Source and AI Panel" in out


def test_a_fallback_mid_answer_starts_on_a_new_line_under_its_notice(llm_env, capsys) -> None:
    text = "Philip Thigo spoke about trust and transparency in AI systems at great length today [1]."
    with ScriptedServer([("cut", text)]) as srv:
        llm_env(srv.url)
        assert main(["ask", Q]) == 0
    out = capsys.readouterr().out
    partial, rest = out.split("\n\n(The LLM server", 1)
    assert partial.strip() and text.startswith(partial.strip())  # the model's partial text, then a gap
    notice, answer = rest.split(")\n\n", 1)
    assert "answered offline instead" in notice
    assert answer.startswith("Philip Thigo gave the keynote")  # the offline answer, on its own lines
    assert "Checked against the post" not in out and out.count("answered offline instead") == 1
