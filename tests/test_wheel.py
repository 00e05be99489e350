"""The package as users install it: `pip install .` into a fresh venv, run from another folder.

The wheel must carry everything the assistant reads at run time (prompts, offline templates, the
shape and intents data, the tokenizer, the UI's static files). The fresh venv gets the built wheel
itself, and this checkout's installed dependencies through a path file (no download, no source tree
on the path). It then answers offline, and through a real OpenAI-compatible server on loopback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from tests.llm_server import ScriptedServer

pytestmark = pytest.mark.slow

ASK = """
import json, sys
from assistant import Assistant
import assistant, prompts
ans = Assistant().ask("Who gave the keynote at the Open Source and AI panel?")
print(json.dumps({"module": assistant.__file__, "prompts": list(prompts.__path__)[0], "text": ans.text,
                  "backend": ans.backend, "refused": ans.refused, "quote": ans.citations[0].quote}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel of this checkout installed; returns its python."""
    tmp = tmp_path_factory.mktemp("wheel")
    # Built from a copy of the tracked tree: a build/ folder left by an earlier build keeps files that
    # have since moved or changed, and setuptools would pack them.
    src = tmp / "src"
    shutil.copytree(PROJECT_ROOT, src, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "dist", "*.egg-info", ".index*", ".cache", "__pycache__", "report", "artifacts",
        ".hypothesis", ".pytest_cache", ".ruff_cache"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp / "dist"),
                    str(src)], check=True, capture_output=True)
    wheel = next((tmp / "dist").glob("*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True)
    py = tmp / "venv" / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True)
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # The dependencies this checkout has installed, without its own source tree (a .pth in a directory
    # added by another .pth is not processed, so the editable install's path stays out).
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return py


def _ask(py: Path, tmp: Path, *, defaults: bool = False, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("OPENAI_", "ASSISTANT_", "PYTHON", "XDG_", "TIKTOKEN_"))}
    if defaults:  # as a user runs it: the post the wheel ships, the index in the user's cache folder
        clean.update(HOME=str(tmp / "home"), **env)
    else:
        corpus = tmp / "corpus"
        corpus.mkdir(exist_ok=True)
        shutil.copy(PROJECT_ROOT / "corpus" / "ospos-for-good-2024.md", corpus)
        clean.update(ASSISTANT_CORPUS_DIR=str(corpus), ASSISTANT_INDEX_DIR=str(tmp / "index"),
                     ASSISTANT_CACHE_DIR=str(tmp / "cache"), **env)
    out = subprocess.run([str(py), "-c", ASK], cwd=tmp, env=clean, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def test_installed_wheel_answers_offline_from_another_folder(installed: Path, tmp_path: Path) -> None:
    got = _ask(installed, tmp_path)
    assert str(PROJECT_ROOT) not in got["module"] and "site-packages" in got["module"]
    assert "site-packages" in got["prompts"]
    assert "Philip Thigo" in got["text"] and got["backend"] == "offline" and not got["refused"]
    assert got["quote"] == "Keynote by Philip Thigo"


def test_installed_wheel_answers_with_no_settings_at_all(installed: Path, tmp_path: Path) -> None:
    # No corpus, index or cache folder named: the post shipped in the wheel, the index under ~/.cache.
    got = _ask(installed, tmp_path, defaults=True)
    assert "Philip Thigo" in got["text"] and not got["refused"]
    assert (tmp_path / "home" / ".cache" / "conference-assistant" / ".index").is_dir()
    site = Path(got["module"]).parent.parent
    assert not (site / ".index").exists() and not (site / ".cache").exists()  # nothing written into site-packages


def test_installed_wheel_answers_through_an_openai_compatible_server(installed: Path, tmp_path: Path) -> None:
    def script(body: dict) -> tuple:
        return ("text", "Philip Thigo gave the keynote at the Open Source and AI Panel [1].")

    with ScriptedServer(script) as srv:
        got = _ask(installed, tmp_path, OPENAI_BASE_URL=srv.url, OPENAI_API_KEY="test",
                   ASSISTANT_MODEL="scripted")
        assert srv.requests, f"the installed package never called the server: {got}"
    assert got["backend"] == "openai" and "Philip Thigo" in got["text"] and not got["refused"]
