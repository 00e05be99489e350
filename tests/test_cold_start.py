"""What a cold start reuses instead of recomputing gives exactly what recomputing gives, and a damaged
copy is recomputed, never trusted: saved token counts, the one-token word list, the graph-optimised
model, the lexicon reader."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np

from assistant.answering import normalise
from assistant.ingest import tokens
from assistant.ingest.chunks import chunk_post
from assistant.ingest.corpus import read_post
from assistant.store.embeddings import OfflineEmbedder
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
