"""What a cold start or a rebuild reuses instead of recomputing gives exactly what recomputing gives, and
a damaged copy is recomputed, never trusted: saved token counts, the one-token word list, the
graph-optimised model, the lexicon reader, the chunk vectors of a rebuilt index."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import tomllib

from assistant.answering import normalise
from assistant.config import Settings
from assistant.ingest import tokens
from assistant.ingest.chunks import chunk_post
from assistant.ingest.corpus import read_post
from assistant.store.chroma import forget_client
from assistant.store.embeddings import OfflineEmbedder
from assistant.store.index import Index
from tests.conftest import CORPUS, POST


def _forget(cache: Path) -> None:
    """As a new process would start: no counts in memory, no encoding loaded."""
    tokens._memos.pop(cache, None)
    tokens.encoding.cache_clear()


def test_reopening_a_post_counts_from_saved_counts_and_a_damaged_file_is_counted_again(tmp_path: Path) -> None:
    post = read_post(POST, root=CORPUS.parent)
    cache = tmp_path / "tiktoken"
    _forget(cache)
    first = chunk_post(post, cache)
    assert tokens.encoding.cache_info().currsize == 1  # counted with the encoding
    assert (cache / f"counts-{tokens.ENCODING}.json").exists()

    _forget(cache)
    again = chunk_post(post, cache)
    assert again == first
    assert tokens.encoding.cache_info().currsize == 0  # every count came from the saved file

    (cache / f"counts-{tokens.ENCODING}.json").write_text("{not json", encoding="utf-8")
    _forget(cache)
    assert chunk_post(post, cache) == first
    assert tokens.encoding.cache_info().currsize == 1


def test_one_token_words_agree_with_the_encoder(tmp_path: Path) -> None:
    cache = tmp_path / "tiktoken"
    enc = tokens.encoding(cache)
    text = POST.read_text(encoding="utf-8")
    sample = sorted({w for w in text.replace("\n", " ").split(" ") if w})[:3000]
    sample += ["the", "keynote", "panel", "Geneva", "xqzvv", "don't", "co-ops", "2024", "über", "naïve"]
    for _round in (1, 2):  # the second reads the word list the first wrote
        is_common = tokens.common_words(cache)
        wrong = [w for w in sample if is_common(w) != (len(enc.encode(" " + w, disallowed_special=())) == 1)]
        assert wrong == []
    assert (cache / f"words-{tokens.ENCODING}.txt").exists()


def test_name_words_are_those_the_encoder_ranks_first_capitalised(tmp_path: Path) -> None:
    cache = tmp_path / "tiktoken"
    enc = tokens.encoding(cache)

    def rank(w: str) -> int | None:
        ids = enc.encode(" " + w, disallowed_special=())
        return ids[0] if len(ids) == 1 else None

    sample = ["linux", "microsoft", "kenya", "google", "platform", "software", "burnout", "children", "xqzvv"]
    for _round in (1, 2):  # the second reads the word list the first wrote
        is_name = tokens.name_words(cache)
        for w in sample:
            cap, low = rank(w.capitalize()), rank(w)
            assert is_name(w) == (cap is not None and (low is None or cap < low)), w
    assert [w for w in sample if is_name(w)] == ["linux", "microsoft", "kenya", "google"]
    assert (cache / f"names-{tokens.ENCODING}.txt").exists()


def test_the_compiled_model_gives_the_same_vectors_and_a_damaged_copy_is_rebuilt(tmp_path: Path) -> None:
    texts = ["Who gave the keynote on day 2?", "open source program offices at the United Nations"]
    plain = OfflineEmbedder()
    want = plain.embed_array(texts)
    built = OfflineEmbedder()
    built.compile_into(tmp_path)
    assert np.array_equal(built.embed_array(texts), want)
    [saved] = list(tmp_path.glob("minilm-*.onnx"))
    reused = OfflineEmbedder()
    reused.compile_into(tmp_path)
    assert np.array_equal(reused.embed_array(texts), want)

    saved.write_bytes(saved.read_bytes()[:1000])  # a half-written or foreign file
    healed = OfflineEmbedder()
    healed.compile_into(tmp_path)
    assert np.array_equal(healed.embed_array(texts), want)
    assert saved.stat().st_size > 1_000_000


def test_the_lexicon_reader_reads_what_tomllib_reads() -> None:
    path = Path(normalise.__file__).with_name("lexicon.toml")
    normalise._lexicon.cache_clear()
    assert normalise._lexicon() == tomllib.loads(path.read_text(encoding="utf-8"))


class _Counting(OfflineEmbedder):
    """The real model, counting the texts it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded = 0

    def embed_array(self, texts: list[str]) -> np.ndarray:
        self.embedded += len(texts)
        return super().embed_array(texts)


@pytest.mark.slow
def test_a_rebuilt_index_reuses_the_chunk_vectors_of_unchanged_posts(tmp_path: Path, tmp_corpus: Path) -> None:
    s = Settings.from_env({}).with_(index_dir=tmp_path / "idx", corpus_dir=tmp_corpus, cache_dir=tmp_path / "cache")
    e = _Counting()
    first, report = Index.open(s, e)
    assert e.embedded == report.embedded_chunks > 50  # a new corpus is embedded
    probe = e.embed_query_array("who spoke about digital public goods").tolist()
    want = first.dense(probe, 5)
    shutil.rmtree(s.index_dir)  # the store is gone (or its schema changed): rebuilt from the corpus
    forget_client(s)  # as a new process would open it
    before = e.embedded
    again, report2 = Index.open(s, e)
    assert not report2.reopened and report2.embedded_chunks == report.embedded_chunks
    assert e.embedded == before  # nothing embedded twice
    assert again.dense(probe, 5) == want
    other = tmp_corpus / "other.md"  # a new post is embedded, the old one still reused
    other.write_text(POST.read_text(encoding="utf-8").replace("OSPOs for Good 2024", "OSPOs for Good 2030"))
    shutil.rmtree(s.index_dir)
    forget_client(s)
    Index.open(s, e)
    assert e.embedded == before + report.embedded_chunks


@pytest.mark.slow
def test_a_process_that_ends_while_the_model_warms_up_exits_cleanly(tmp_path: Path) -> None:
    # The warm-up thread loads onnxruntime while a cold start goes on; a process that ends first
    # (a CLI error, a script that only builds an Assistant) must not abort in the runtime's teardown
    # ("terminate called without an active exception", exit 134): exit waits for the load.
    import subprocess
    import sys

    code = "from assistant.store.embeddings import get_embedder; get_embedder().warm_in_background()"
    for _ in range(12):  # it aborted in about one run of four with a daemon thread
        p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert p.returncode == 0 and "terminate" not in p.stderr, p.stderr
