"""One exception tree; the CLI turns these into one-line `Error: ...` messages."""

from __future__ import annotations


class Article2AudioError(Exception):
    """Base of every error the tool raises on purpose; exit code 1 (runtime failure)."""

    exit_code = 1


class InputError(Article2AudioError, ValueError):
    """The article (or another input the user named) cannot be used; exit code 2."""

    exit_code = 2


class ParseError(InputError):
    """The article was read but has no usable content."""


class EngineError(Article2AudioError):
    """A speech engine failed or is not available."""


class AudioError(Article2AudioError):
    """Mixing, mastering or encoding failed (ffmpeg or a music file)."""


class OutputError(Article2AudioError):
    """An output file cannot be written, or would overwrite something."""


class NetworkError(EngineError):
    """A network engine gave up: no connection, timeouts, rate limits or server errors."""

    def __init__(self, message: str, kind: str = "network") -> None:
        super().__init__(message)
        self.kind = kind  # network | timeout | rate-limit | server


class FetchError(Article2AudioError):
    """An article URL could not be fetched (HTTP error, timeout, not a page); exit code 1."""


class BatchError(Article2AudioError):
    """Some articles of a batch build failed (each was reported); exit code 1."""
