"""Exceptions users can catch, each mapped to one documented CLI exit code."""
from __future__ import annotations


class NenkinError(Exception):
    """Base class of every error nenkin-search raises on purpose."""

    exit_code = 1


class QueryError(NenkinError, ValueError):
    """The query cannot be searched (empty, only symbols, too long, not text)."""

    exit_code = 2


class CorpusError(NenkinError):
    """A corpus file cannot be parsed; names the file and the line."""

    exit_code = 3

    def __init__(self, path, line: int | None, message: str):
        self.path, self.line = path, line
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")


class IndexError_(NenkinError):
    """The index is missing, corrupt or cannot be written."""

    exit_code = 4


class ModelError(NenkinError):
    """The embedding model cannot be loaded or converted."""

    exit_code = 5
