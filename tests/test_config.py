"""Settings: the backend chosen from the environment, and bad values named with their fix."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.errors import ConfigError


@pytest.mark.parametrize("env,backend", [
    ({}, "offline"), ({"OPENAI_API_KEY": "k"}, "openai"), ({"OPENAI_BASE_URL": "http://127.0.0.1:1/v1"}, "openai"),
    ({"OPENAI_API_KEY": "k", "ASSISTANT_BACKEND": "offline"}, "offline"),
])
def test_backend_follows_the_environment(env: dict[str, str], backend: str) -> None:
    assert Settings.from_env(env).backend == backend


@pytest.mark.parametrize("env,named", [
    ({"CHROMA_PORT": "x"}, "CHROMA_PORT"), ({"ASSISTANT_LLM_TIMEOUT": "fast"}, "ASSISTANT_LLM_TIMEOUT"),
    ({"ASSISTANT_TOP_K": "0"}, "ASSISTANT_TOP_K"), ({"ASSISTANT_BACKEND": "gpt"}, "ASSISTANT_BACKEND"),
    ({"ASSISTANT_GUARD": "maybe"}, "ASSISTANT_GUARD"),
])
def test_bad_values_name_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        Settings.from_env(env)


def test_numbers_are_read() -> None:
    s = Settings.from_env({"ASSISTANT_LLM_TIMEOUT": "2.5", "CHROMA_PORT": "9000", "ASSISTANT_HOST": "0.0.0.0"})
    assert (s.llm_timeout, s.chroma_port, s.ui_host) == (2.5, 9000, "0.0.0.0")
    assert Settings.from_env({}).ui_host == "127.0.0.1"
