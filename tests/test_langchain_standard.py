"""LangChain's own standard test suites, run against our classes (langchain-tests).

`RetrieversIntegrationTests` on `Assistant().retriever()` (the `k` constructor parameter and the
per-call `k` keyword included), `EmbeddingsIntegrationTests` on the offline embedder. A real
Assistant over a temporary index: no fakes.
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_tests.integration_tests import EmbeddingsIntegrationTests, RetrieversIntegrationTests

from assistant.chain import AssistantRetriever, OfflineEmbeddings
from assistant.config import Settings


@lru_cache(maxsize=1)
def _assistant() -> Any:
    from assistant import Assistant

    index = Path(tempfile.mkdtemp(prefix="ca-lc-index-"))
    bot = Assistant(settings=Settings.from_env({}).with_(index_dir=index, backend="offline"))
    bot.index()
    return bot


class TestAssistantRetriever(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self) -> type[AssistantRetriever]:
        return AssistantRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"retrieve": _assistant().retrieve}

    @property
    def retriever_query_example(self) -> str:
        return "What did the youth panel say about bootcamps?"


class TestOfflineEmbeddings(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[OfflineEmbeddings]:
        return OfflineEmbeddings
