"""Chunks stay in one session; the Chroma index reopens without re-embedding and updates per post."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.ingest.chunks import MAX_TOKENS, chunk_post
from assistant.ingest.corpus import read_post
from assistant.ingest.tokens import count_tokens
from assistant.store.chroma import embedding_function
from assistant.store.embeddings import get_embedder
from assistant.store.index import Index
from tests.conftest import CORPUS, POST


def test_chunks_are_verbatim_bounded_and_never_split_a_list_item(settings: Settings) -> None:
    post = read_post(POST, root=CORPUS.parent)
    chunks = chunk_post(post, settings.tiktoken_cache_dir)
    assert len(chunks) > 50
    for c in chunks:
        assert post.text[c.start:c.end] == c.text
        assert count_tokens(c.text, settings.tiktoken_cache_dir) <= MAX_TOKENS
        s = post.session(c.session)
        assert s.start <= c.start and c.end <= s.end
        assert not post.text[c.end:c.end + 1].isalnum()  # ends at a line end, not mid-item
    assert {c.session for c in chunks} == {s.title for s in post.sessions}


def test_embedder_is_normalised_and_offline() -> None:
    e = get_embedder()
    v = e.embed_array(["open source", "a completely different sentence about cities"])
    assert v.shape == (2, 384)
    assert abs(float((v[0] ** 2).sum()) - 1.0) < 1e-4
    assert len(e.embed_query("x")) == 384 and len(e.embed_documents(["a", "b"])) == 2
    assert len(embedding_function(e)(["a"])) == 1


@pytest.mark.slow
def test_reopen_does_not_reembed_and_changes_reindex_only_that_post(tmp_path: Path, tmp_corpus: Path) -> None:
    s = Settings.from_env({}).with_(index_dir=tmp_path / "idx", corpus_dir=tmp_corpus)
    e = get_embedder()
    _, first = Index.open(s, e)
    assert not first.reopened and first.embedded_chunks > 50
    _, again = Index.open(s, e)
    assert again.reopened and again.embedded_chunks == 0
    second = tmp_corpus / "second.md"
    second.write_text(POST.read_text(encoding="utf-8").replace("OSPOs for Good 2024", "OSPOs for Good 2025"))
    idx, added = Index.open(s, e)
    assert added.added == ["corpus/second.md"] and added.embedded_chunks == first.embedded_chunks
    assert idx.collection.count() == 2 * first.embedded_chunks
    second.unlink()
    idx, removed = Index.open(s, e)
    assert removed.removed == ["corpus/second.md"] and removed.embedded_chunks == 0
    assert idx.collection.count() == first.embedded_chunks


@pytest.mark.slow
def test_corrupted_index_is_moved_aside_and_rebuilt(tmp_path: Path, tmp_corpus: Path) -> None:
    from assistant.store.chroma import forget_client

    s = Settings.from_env({}).with_(index_dir=tmp_path / "idx", corpus_dir=tmp_corpus)
    Index.open(s, get_embedder())
    forget_client(s)
    db = s.index_dir / "chroma" / "chroma.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    idx, rep = Index.open(s, get_embedder())
    assert any("moved it to" in w for w in rep.warnings)
    assert idx.collection.count() == len(idx.chunks)
    assert list(tmp_path.glob("idx.corrupt-*"))


_EXACT_CHECK = """
import sys
from pathlib import Path
import numpy as np
from assistant.config import Settings
from assistant.store.embeddings import get_embedder
from assistant.store.index import Index
e = get_embedder()
s = Settings.from_env({}).with_(index_dir=Path(sys.argv[1]), corpus_dir=Path(sys.argv[2]))
idx, _ = Index.open(s, e)
stored = idx.collection.get(include=["embeddings"])
vecs = np.asarray(stored["embeddings"], dtype=np.float64)
vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
for q in ("money for maintainers", "who gave the keynote", "youth", "cities and their data"):
    v = np.asarray(e.embed_query(q), dtype=np.float64)
    exact = [stored["ids"][i] for i in np.argsort(-(vecs @ (v / np.linalg.norm(v))), kind="stable")]
    assert [c for c, _s in idx.dense(list(map(float, v)), 30)] == exact[:30], ("top 30", q)
    day2 = [c for c in exact if idx.by_id[c].day == "Day 2"][:30]
    assert [c for c, _s in idx.dense(list(map(float, v)), 30, lambda c: c.day == "Day 2")] == day2, ("Day 2", q)
print("exact")
"""


@pytest.mark.slow
def test_dense_search_is_exact_on_every_build(tmp_path: Path, tmp_corpus: Path) -> None:
    """Chroma's HNSW query left a reachable chunk out of its top 30 in about one fresh build in three
    (and one process start in eight on the same files), so the same question got another answer. The
    nearest-chunk search compares every stored vector: in four fresh processes, each building its own
    index, the top 30 is the exact cosine order, filtered or not."""
    import subprocess
    import sys

    for build in range(4):
        out = subprocess.run([sys.executable, "-c", _EXACT_CHECK, str(tmp_path / f"idx{build}"), str(tmp_corpus)],
                             capture_output=True, text=True, timeout=300)
        assert out.returncode == 0 and "exact" in out.stdout, out.stderr[-2000:]
