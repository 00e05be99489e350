"""Conference Assistant: cited answers about a conference from its written summary.

Public face only: re-exports. Nothing is loaded at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.types import Answer, Citation, Passage

if TYPE_CHECKING:
    from assistant.api import Assistant

__all__ = ["Assistant", "Answer", "Citation", "Passage", "AssistantError"]


def __getattr__(name: str) -> Any:
    # Lazy so that `import assistant` stays cheap (the CLI's --help, the eval scorers).
    if name == "Assistant":
        from assistant.api import Assistant

        return Assistant
    raise AttributeError(name)
