"""Faults survived with nothing lost: damaged or half-written index, concurrent builders, bad corpus files,
and more than one post (citations name the post, post= limits a question, changes re-index one post).

Most cases use small synthetic posts in the real post's shape (tools/scale.py), so each build
takes a second or two; the multi-post case indexes the real post beside a synthetic one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant import Assistant, AssistantError
from assistant.config import PROJECT_ROOT, Settings
from assistant.ingest.chunks import chunk_post
from assistant.ingest.corpus import load_corpus, read_post
from assistant.store.chroma import forget_client
from assistant.store.embeddings import get_embedder
from assistant.store.index import Index
from tests.conftest import POST
from tools.scale import synthetic_post

pytestmark = pytest.mark.slow  # each builds, damages or races a real index: end-to-end, run by `make test`


def _corpus(tmp_path: Path, *numbers: int) -> Path:
    d = tmp_path / "corpus"
    d.mkdir(exist_ok=True)
    for i in numbers:
        (d / f"summit-{i:03d}.md").write_text(synthetic_post(i), encoding="utf-8")
    return d


def _settings(tmp_path: Path, corpus: Path) -> Settings:
    return Settings.from_env({}).with_(index_dir=tmp_path / "idx", corpus_dir=corpus, backend="offline")


def _assert_whole(idx: Index) -> None:
    """Every chunk of every post is in the store exactly once, and search works."""
    got = idx.collection.get(include=[])["ids"]
    assert sorted(got) == sorted(c.id for c in idx.chunks)
    vec = get_embedder().embed_query_array("open licences for public datasets").tolist()
    assert len(idx.dense(vec, 4)) == 4


# ---- damaged or half-written index ------------------------------------------------------------------


def _truncate_sqlite(s: Settings) -> None:
    db = s.index_dir / "chroma" / "chroma.sqlite3"
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])


def _garbage_sqlite(s: Settings) -> None:
    (s.index_dir / "chroma" / "chroma.sqlite3").write_bytes(os.urandom(64 * 1024))


def _empty_sqlite(s: Settings) -> None:
    (s.index_dir / "chroma" / "chroma.sqlite3").write_bytes(b"")


def _garbage_segments(s: Settings) -> None:
    for p in (s.index_dir / "chroma").rglob("*.bin"):
        p.write_bytes(os.urandom(max(64, p.stat().st_size)))


def _store_deleted(s: Settings) -> None:
    for p in (s.index_dir / "chroma").iterdir():
        if p.is_file():
            p.unlink()


def _index_dir_is_a_file(s: Settings) -> None:
    import shutil

    shutil.rmtree(s.index_dir)
    s.index_dir.write_text("not a directory")


DAMAGE = [_truncate_sqlite, _garbage_sqlite, _empty_sqlite, _garbage_segments, _store_deleted,
          _index_dir_is_a_file]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__.strip("_"))
def test_damaged_index_is_detected_and_rebuilt(damage, tmp_path: Path) -> None:
    s = _settings(tmp_path, _corpus(tmp_path, 1, 2))
    Index.open(s, get_embedder())
    forget_client(s)  # as after a restart: the damage happened while nothing had the store open
    damage(s)
    idx, rep = Index.open(s, get_embedder())
    _assert_whole(idx)
    if not rep.reopened:
        assert rep.rebuilt_reason or rep.warnings
    if any("moved it to" in w for w in rep.warnings):
        assert list(tmp_path.glob("idx.corrupt-*")), "the damaged store is kept aside, not deleted"
    forget_client(s)
    again, rep2 = Index.open(s, get_embedder())  # and the rebuilt store reopens cleanly
    assert rep2.reopened and rep2.embedded_chunks == 0
    _assert_whole(again)


def _damaged_store_for_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, posts: int) -> Settings:
    """An index of `posts` posts whose store was then damaged, and the CLI's environment pointing at it."""
    s = _settings(tmp_path, _corpus(tmp_path, posts))
    Index.open(s, get_embedder())
    forget_client(s)
    _garbage_sqlite(s)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(s.index_dir))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(s.corpus_dir))
    return s


def test_cli_reports_the_rebuild(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cli import main

    s = _damaged_store_for_the_cli(tmp_path, monkeypatch, posts=3)
    assert main(["index"]) == 0
    out = capsys.readouterr()
    assert "could not be read" in out.err and "moved it to" in out.err and "rebuilt it" in out.err
    assert "built:" in out.out
    forget_client(s)


_CHILD = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from assistant.config import Settings
    from assistant.store.embeddings import get_embedder
    from assistant.store.index import Index
    s = Settings.from_env({}).with_(index_dir=Path(sys.argv[1]), corpus_dir=Path(sys.argv[2]))
    kill_after = int(sys.argv[3])
    def progress(done, total, what):
        if kill_after and done >= kill_after:
            os._exit(9)  # die mid-build, as a power cut or SIGKILL would
    idx, rep = Index.open(s, get_embedder(), progress=progress)
    print(json.dumps({"embedded": rep.embedded_chunks, "reopened": rep.reopened,
                      "count": idx.collection.count(), "chunks": len(idx.chunks)}))
    """
)


def _child(s: Settings, kill_after: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(s.index_dir), str(s.corpus_dir), str(kill_after)],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_build_killed_half_way_resumes_without_loss(tmp_path: Path) -> None:
    s = _settings(tmp_path, _corpus(tmp_path, 1, 2, 3, 4))
    proc = _child(s, kill_after=64)
    proc.communicate(timeout=180)
    assert proc.returncode == 9
    idx, rep = Index.open(s, get_embedder())
    assert not rep.reopened
    _assert_whole(idx)


def test_two_processes_building_at_once_do_not_corrupt_it(tmp_path: Path) -> None:
    s = _settings(tmp_path, _corpus(tmp_path, 1, 2, 3, 4))
    procs = [_child(s), _child(s)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    chunks = results[0]["chunks"]
    # The lock makes one of them build while the other waits, then finds the index current.
    assert sorted(r["embedded"] for r in results) == [0, chunks]
    idx, rep = Index.open(s, get_embedder())
    assert rep.reopened and rep.embedded_chunks == 0
    _assert_whole(idx)


# ---- bad corpus files ---------------------------------------------------------------------------------

BAD_FILES: dict[str, bytes] = {
    "empty.md": b"",
    "blank.md": b"  \n\n\t\n",
    "binary.md": bytes(range(256)) * 8,
    "latin1.md": "## Day 1\n\n### Café Panel\n\nDéjà vu.\n".encode("latin-1"),
    "no-sessions.md": b"# Just a title\n\nSome text without any day or session headings.\n",
    "unclosed-front-matter.md": b"---\ntitle: x\n\n## Day 1\n\n### A Panel\n\ntext\n",
    "broken-markdown.md": b"## Day\n### \n#### Keynote by\n**Panelists:**\n1. **\n```\nunclosed fence\n",
}


def test_bad_corpus_files_are_reported_with_their_path_and_skipped(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path, 5)
    for name, data in BAD_FILES.items():
        (corpus / name).write_bytes(data)
    (corpus / "a-folder.md").mkdir()
    (corpus / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    posts, problems = load_corpus(corpus, root=tmp_path)
    assert [p.source for p in posts] == ["corpus/summit-005.md"]
    skipped = set(BAD_FILES) | {"a-folder.md", "dangling.md"}
    for name in skipped:
        assert sum(f"corpus/{name}" in m for m in problems) == 1, (name, problems)
    assert len(problems) == len(skipped)

    s = _settings(tmp_path, corpus)
    bot = Assistant(settings=s)
    rep = bot.index()
    assert len(rep.warnings) == len(skipped)
    assert bot.info()["posts"][0]["source"] == "corpus/summit-005.md"
    post = bot._ready().index.posts[0]
    session = next(x for x in post.sessions if x.keynote_speakers)
    assert session.keynote_speakers[0] in bot.ask(f"Who gave the keynote at the {session.title}?").text

    from assistant.cli import main

    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(s.index_dir))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    assert main(["index"]) == 0
    err = capsys.readouterr().err
    warned = [line for line in err.splitlines() if line.startswith("warning: skipped ")]
    for name in skipped:
        assert sum(f"corpus/{name}" in line for line in warned) == 1, (name, err)


def test_a_corpus_of_only_bad_files_is_a_clear_error(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, data in BAD_FILES.items():
        (corpus / name).write_bytes(data)
    with pytest.raises(AssistantError, match="no usable post") as exc:
        Assistant(settings=_settings(tmp_path, corpus)).ask("Who spoke?")
    assert "corpus/empty.md" in str(exc.value) and "binary file" in str(exc.value)


# ---- more than one post ------------------------------------------------------------------------------

SECOND = 7


@pytest.fixture(scope="module")
def two_posts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assistant, Path]:
    base = tmp_path_factory.mktemp("two")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / POST.name).write_text(POST.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / f"summit-{SECOND:03d}.md").write_text(synthetic_post(SECOND), encoding="utf-8")
    bot = Assistant(settings=_settings(base, corpus))
    bot.index()
    return bot, base


def _verbatim(base: Path, ans_or_passages) -> None:
    items = ans_or_passages.citations if hasattr(ans_or_passages, "citations") else ans_or_passages
    for c in items:
        text = getattr(c, "quote", None) or c.text
        assert (base / c.source).read_text(encoding="utf-8")[c.start:c.end] == text


def test_every_post_is_indexed_and_citations_name_the_post(two_posts: tuple[Assistant, Path]) -> None:
    bot, base = two_posts
    info = bot.info()
    assert sorted(p["source"] for p in info["posts"]) == [f"corpus/{POST.name}",
                                                          f"corpus/summit-{SECOND:03d}.md"]
    second = read_post(base / "corpus" / f"summit-{SECOND:03d}.md", root=base)
    session = next(s for s in second.sessions if s.day and s.keynote_speakers)
    ans = bot.ask(f"Who gave the keynote at the {session.title}?")
    assert not ans.refused and session.keynote_speakers[0] in ans.text
    assert ans.citations and all(c.source == second.source for c in ans.citations)
    assert all(c.post == second.title for c in ans.citations)
    _verbatim(base, ans)
    # The real post still answers for itself.
    ans = bot.ask("Who gave the keynote at the Open Source and AI panel?")
    assert "Philip Thigo" in ans.text and ans.citations[0].source == f"corpus/{POST.name}"
    assert ans.citations[0].post == "Summary of the OSPOs for Good 2024 Conference"


def test_a_question_can_be_limited_to_one_post(two_posts: tuple[Assistant, Path]) -> None:
    bot, base = two_posts
    real, synth = f"corpus/{POST.name}", f"corpus/summit-{SECOND:03d}.md"
    for post in (real, synth):
        ps = bot.retrieve("open source funding and sustainability", k=6, post=post)
        assert ps and all(p.source == post for p in ps)
        _verbatim(base, ps)
        ans = bot.ask("What was said about sustainability?", post=post)
        assert all(c.source == post for c in ans.citations)
        _verbatim(base, ans)
    ans = bot.ask("Who gave the keynote at the Open Source and AI panel?", post=synth)
    assert "Philip Thigo" not in ans.text and all(c.source == synth for c in ans.citations)
    with pytest.raises(AssistantError, match="not an indexed post"):
        bot.ask("What is Zendis?", post="corpus/no-such-post.md")


def test_adding_changing_removing_a_post_reindexes_only_that_post(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 10)
    s = _settings(tmp_path, corpus)
    e = get_embedder()
    idx, first = Index.open(s, e)
    a_src = "corpus/summit-010.md"
    a_ids = sorted(idx.collection.get(where={"source": a_src}, include=[])["ids"])

    b = corpus / "summit-011.md"
    b.write_text(synthetic_post(11), encoding="utf-8")
    idx, rep = Index.open(s, e)
    b_chunks = len(chunk_post(read_post(b, root=tmp_path), s.tiktoken_cache_dir))
    assert (rep.added, rep.changed, rep.removed) == (["corpus/summit-011.md"], [], [])
    assert rep.embedded_chunks == b_chunks
    _assert_whole(idx)

    changed = synthetic_post(11).replace("Synthetic Summit 011", "Synthetic Summit Eleven")
    b.write_text(changed, encoding="utf-8")
    idx, rep = Index.open(s, e)
    assert (rep.added, rep.changed, rep.removed) == ([], ["corpus/summit-011.md"], [])
    assert rep.embedded_chunks == len(chunk_post(read_post(b, root=tmp_path), s.tiktoken_cache_dir))
    _assert_whole(idx)
    docs = idx.collection.get(where={"source": "corpus/summit-011.md"})["documents"]
    assert any("Eleven" in (d or "") for d in docs)

    b.unlink()
    idx, rep = Index.open(s, e)
    assert (rep.added, rep.changed, rep.removed) == ([], [], ["corpus/summit-011.md"])
    assert rep.embedded_chunks == 0
    _assert_whole(idx)
    # The untouched post kept the very same chunks throughout.
    assert sorted(idx.collection.get(where={"source": a_src}, include=[])["ids"]) == a_ids
    assert idx.collection.count() == first.embedded_chunks


# ---- partial vector loss -----------------------------------------------------------------------------


def test_lost_vectors_are_noticed_on_open_and_repaired_by_assistant_index(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cli import main

    s = _settings(tmp_path, _corpus(tmp_path, 1, 2))
    idx, _ = Index.open(s, get_embedder())
    ids = sorted(idx.collection.get(include=[])["ids"])
    lost = ids[::2]
    idx.collection.delete(ids=lost)  # half the vectors gone; the collection's manifest is untouched
    assert idx.collection.count() == len(ids) - len(lost)
    forget_client(s)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(s.index_dir))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(s.corpus_dir))
    assert main(["index"]) == 0
    out = capsys.readouterr()
    assert f"{len(lost)} of {len(ids)} chunks were missing" in out.err, out.err
    assert "nothing changed" not in out.out and f"repaired: {len(lost)} chunks re-embedded" in out.out
    forget_client(s)
    again, rep = Index.open(s, get_embedder())
    assert rep.reopened and rep.embedded_chunks == 0 and not rep.warnings
    _assert_whole(again)


def test_same_count_but_other_ids_is_caught_by_the_checksum(tmp_path: Path) -> None:
    s = _settings(tmp_path, _corpus(tmp_path, 3))
    idx, _ = Index.open(s, get_embedder())
    col = idx.collection
    victim = sorted(col.get(include=[])["ids"])[5]
    stray = col.get(ids=[victim], include=["embeddings", "documents", "metadatas"])
    col.delete(ids=[victim])
    col.add(ids=["not-a-chunk-of-this-corpus"], embeddings=[list(stray["embeddings"][0])],
            documents=stray["documents"], metadatas=stray["metadatas"])
    assert col.count() == len(idx.chunks)  # a count alone would not notice
    forget_client(s)
    idx, rep = Index.open(s, get_embedder())
    assert rep.embedded_chunks == 1 and any("1 of" in w and "missing" in w for w in rep.warnings), rep
    _assert_whole(idx)


# ---- small ones: a folder for a lock, a repair said on stderr, damaged copies pruned, no library warnings


def test_a_folder_where_the_build_lock_belongs_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cli import main

    s = _settings(tmp_path, _corpus(tmp_path, 4))
    (s.index_dir / ".build.lock").mkdir(parents=True)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(s.index_dir))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(s.corpus_dir))
    for argv in (["index"], ["ask", "--no-stream", "Who spoke?"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "This is a bug" not in err and str(s.index_dir / ".build.lock") in err and "rm -r" in err, err
    assert not list(tmp_path.glob("idx.corrupt-*"))  # a lock problem is not a damaged store: nothing moved


def test_assistant_ask_says_on_stderr_that_it_repaired_the_store(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cli import main

    s = _damaged_store_for_the_cli(tmp_path, monkeypatch, posts=6)
    assert main(["ask", "--no-stream", "Who gave the keynote?"]) == 0
    out = capsys.readouterr()
    assert "could not be read" in out.err and "rebuilt it from the corpus" in out.err
    assert out.out.strip()  # and then the answer
    forget_client(s)


def test_only_the_newest_damaged_copies_are_kept(tmp_path: Path) -> None:
    s = _settings(tmp_path, _corpus(tmp_path, 7))
    Index.open(s, get_embedder())
    old = [tmp_path / f"idx.corrupt-{n}" for n in (1000, 2000, 3000, 4000)]
    for d in old:
        d.mkdir()
        (d / "chroma.sqlite3").write_bytes(b"old damaged copy")
    forget_client(s)
    _garbage_sqlite(s)
    idx, rep = Index.open(s, get_embedder())
    _assert_whole(idx)
    kept = sorted(p.name for p in tmp_path.glob("idx.corrupt-*"))
    assert len(kept) == 3 and "idx.corrupt-3000" in kept and "idx.corrupt-4000" in kept, kept
    assert any("removed 2 older" in w for w in rep.warnings), rep.warnings
    forget_client(s)


def test_no_library_warning_after_an_interrupted_build(tmp_path: Path) -> None:
    s = _settings(tmp_path, _corpus(tmp_path, 1, 2, 3))
    proc = _child(s, kill_after=64)
    proc.communicate(timeout=180)
    assert proc.returncode == 9
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(s.index_dir), "ASSISTANT_CORPUS_DIR": str(s.corpus_dir)}
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", "--no-stream", "Who gave the keynote?"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Warning" not in done.stderr and "site-packages" not in done.stderr, done.stderr[-2000:]
