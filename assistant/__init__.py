"""Conference Assistant: cited answers about a conference from its written summary.

Public face only: re-exports. Nothing is loaded at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.types import Answer, Citation, Passage

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.chain import OfflineEmbeddings

__all__ = ["Assistant", "Answer", "Citation", "Passage", "AssistantError", "Settings", "embedder"]


def embedder() -> OfflineEmbeddings:
    """The packaged offline embedding model (all-MiniLM-L6-v2, int8) as LangChain Embeddings; shared."""
    from assistant.chain import OfflineEmbeddings

    return OfflineEmbeddings()


def __getattr__(name: str) -> Any:
    # Lazy so that `import assistant` stays cheap (the CLI's --help, the eval scorers).
    if name == "Assistant":
        from assistant.api import Assistant

        return Assistant
    raise AttributeError(name)
