"""Settings: the backend chosen from the environment, and bad values named with their fix."""

from __future__ import annotations

from pathlib import Path

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
    ({"ASSISTANT_TOP_K": "0"}, "ASSISTANT_TOP_K"), ({"ASSISTANT_LLM_TOP_K": "x"}, "ASSISTANT_LLM_TOP_K"),
    ({"ASSISTANT_BACKEND": "gpt"}, "ASSISTANT_BACKEND"),
    ({"ASSISTANT_GUARD": "maybe"}, "ASSISTANT_GUARD"), ({"ASSISTANT_DEADLINE": "0"}, "ASSISTANT_DEADLINE"),
    ({"ASSISTANT_STORE_DEADLINE": "soon"}, "ASSISTANT_STORE_DEADLINE"),
    ({"ASSISTANT_REBUILD": "yes"}, "ASSISTANT_REBUILD"),
    ({"ASSISTANT_MAX_BODY_BYTES": "10"}, "ASSISTANT_MAX_BODY_BYTES"),
])
def test_bad_values_name_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        Settings.from_env(env)


def test_numbers_are_read() -> None:
    s = Settings.from_env({"ASSISTANT_LLM_TIMEOUT": "2.5", "CHROMA_PORT": "9000", "ASSISTANT_HOST": "0.0.0.0"})
    assert (s.llm_timeout, s.chroma_port, s.ui_host) == (2.5, 9000, "0.0.0.0")
    assert Settings.from_env({}).ui_host == "127.0.0.1"
    assert (Settings.from_env({}).llm_top_k, Settings.from_env({"ASSISTANT_LLM_TOP_K": "5"}).llm_top_k) == (8, 5)


def test_deadlines_rebuild_and_body_limit_are_read() -> None:
    d = Settings.from_env({})
    assert (d.deadline, d.store_deadline, d.rebuild, d.max_body_bytes) == (20.0, 5.0, "auto", 65536)
    s = Settings.from_env({"ASSISTANT_DEADLINE": "8", "ASSISTANT_STORE_DEADLINE": "1.5", "ASSISTANT_REBUILD": "never",
                           "ASSISTANT_MAX_BODY_BYTES": "8192"})
    assert (s.deadline, s.store_deadline, s.rebuild, s.max_body_bytes) == (8.0, 1.5, "never", 8192)


def test_an_installed_package_keeps_its_index_in_the_users_cache(monkeypatch, tmp_path) -> None:
    # A checkout keeps .index/.cache beside the code; an install (no pyproject.toml beside it) keeps them
    # under $XDG_CACHE_HOME (absolute only, as the XDG spec says) or ~/.cache, never in site-packages.
    from assistant import config

    assert config.Settings.from_env({}).index_dir == config.PROJECT_ROOT / ".index"
    monkeypatch.setattr(config, "CHECKOUT", False)
    s = config.Settings.from_env({"XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)})
    assert s.index_dir == tmp_path / "xdg" / "conference-assistant" / ".index"
    assert s.cache_dir == tmp_path / "xdg" / "conference-assistant" / ".cache"
    s = config.Settings.from_env({"XDG_CACHE_HOME": "relative/xdg", "HOME": str(tmp_path)})
    assert s.index_dir == tmp_path / ".cache" / "conference-assistant" / ".index"
    s = config.Settings.from_env({"ASSISTANT_INDEX_DIR": "/x/idx", "HOME": str(tmp_path)})
    assert s.index_dir == Path("/x/idx")
