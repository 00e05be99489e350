"""The LangChain face of the pipeline: embeddings, a retriever and a runnable chain.

`OfflineEmbeddings` is the packaged embedding model as LangChain `Embeddings`.
`AssistantRetriever` is a `BaseRetriever` returning `Document`s (metadata: session, day, part,
start, end, source, score). `build_chain(steps)` is an LCEL runnable
`{"question", "history", "day", "session", "post"} -> Answer` made of the three public steps
`Assistant.ask` runs (plan, retrieve, answer), so `invoke`, `batch` and `stream` work and it
composes with other LangChain code. It is handed those steps and imports nothing above it.
Does not own retrieval or answering logic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough
from pydantic import ConfigDict

from assistant.types import Passage  # at run time: pydantic reads the field's type

if TYPE_CHECKING:
    import numpy as np

    from assistant.api import Steps
    from assistant.store.embeddings import OfflineEmbedder
    from assistant.types import Passage


class OfflineEmbeddings(Embeddings):
    """LangChain Embeddings over the packaged MiniLM model (the process-wide one unless given)."""

    def __init__(self, model: OfflineEmbedder | None = None) -> None:
        from assistant.store.embeddings import get_embedder

        self.model = model or get_embedder()
        self.model_id, self.dim = self.model.model_id, self.model.dim

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain: embed documents."""
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """LangChain: embed one query."""
        return self.model.embed_query(text)

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Unit vectors as a numpy array (n, dim)."""
        return self.model.embed_array(texts)

    def embed_query_array(self, text: str) -> np.ndarray:
        """One unit vector (cached)."""
        return self.model.embed_query_array(text)


class AssistantRetriever(BaseRetriever):
    """LangChain retriever over the assistant's hybrid, structure-aware search (`Assistant.retrieve`)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retrieve: Callable[..., list[Passage]]
    k: int = 4

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                k: int | None = None) -> list[Document]:
        """The `k` (per call, else the retriever's own) best passages as Documents."""
        return [
            Document(page_content=p.text, metadata={key: v for key, v in p.to_dict().items() if key != "text"})
            for p in self.retrieve(query, k=k if k is not None else self.k)
        ]


def build_chain(steps: Steps) -> Runnable:
    """plan -> evidence -> answer (the steps `Assistant.ask` runs), as one LCEL runnable returning an Answer."""
    return (
        RunnableLambda(steps.plan, name="plan")
        | RunnablePassthrough.assign(evidence=RunnableLambda(steps.evidence, name="retrieve"))
        | RunnableLambda(steps.answer, name="answer")
    ).with_config(run_name="conference_assistant")
