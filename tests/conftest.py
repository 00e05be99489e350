"""Shared fixtures: a real Assistant (real embedder, real embedded Chroma) on a temporary index."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
POST = CORPUS / "ospos-for-good-2024.md"


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the offline backend with an index of our own."""
    base = Settings.from_env({})
    return base.with_(index_dir=tmp_path_factory.mktemp("index"), backend="offline")


def post_bot(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path, name: str):
    """An offline Assistant over another corpus folder (a fictional post), with its index built."""
    from assistant import Assistant

    settings = Settings.from_env({}).with_(corpus_dir=corpus_dir, index_dir=tmp_path_factory.mktemp(name),
                                           backend="offline")
    b = Assistant(settings=settings)
    b.index()
    return b


@pytest.fixture(scope="session")
def second(tmp_path_factory: pytest.TempPathFactory):
    """An offline Assistant over the fictional second post (evals/second_post, a check-only post), built once."""
    return post_bot(tmp_path_factory, PROJECT_ROOT / "evals" / "second_post", "index2")


@pytest.fixture(scope="session")
def third(tmp_path_factory: pytest.TempPathFactory):
    """An offline Assistant over the fictional third post (evals/third_post, a tune-only post), built once."""
    return post_bot(tmp_path_factory, PROJECT_ROOT / "evals" / "third_post", "index3")


@pytest.fixture(scope="session")
def bot(settings: Settings):
    """One shared offline Assistant (index built once per test session)."""
    from assistant import Assistant

    b = Assistant(settings=settings)
    b.index()
    return b


@pytest.fixture(scope="session")
def post_text() -> str:
    """The post as the citations' offsets index it."""
    return POST.read_text(encoding="utf-8")


def source_text(source: str) -> str:
    """Text of a citation's source file."""
    return (PROJECT_ROOT / source).read_text(encoding="utf-8")


@pytest.fixture
def tmp_corpus(tmp_path: Path) -> Path:
    """A writable corpus folder with a copy of the post."""
    d = tmp_path / "corpus"
    d.mkdir()
    (d / POST.name).write_text(POST.read_text(encoding="utf-8"), encoding="utf-8")
    return d
