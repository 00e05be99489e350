"""The one documented error type, AssistantError, and its few subclasses.

Every message names what was wrong and what to do about it. Nothing here logs or exits;
the CLI and the web UI decide how to show these.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the assistant raises on purpose; the message says the fix."""


class InvalidQuestion(AssistantError, ValueError):
    """The question is empty, too long, or not a string."""


class CorpusError(AssistantError):
    """A corpus file is missing, unreadable, or not a post of the expected shape."""


class IndexError_(AssistantError):
    """The index is missing, corrupted, locked, or its store cannot be reached."""


class BackendError(AssistantError):
    """The configured LLM backend is misconfigured or unreachable."""


class ConfigError(AssistantError):
    """A setting (environment variable or argument) has a value that cannot be used."""
