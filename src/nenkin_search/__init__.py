"""nenkin-search: cited search and answers over 日本年金機構「日本年金機構の令和7年度の取組状況について」(令和7年12月).

    >>> from nenkin_search import search, ask
    >>> ask("障害年金の不支給点検件数は")

Heavy modules load lazily, so ``import nenkin_search`` stays cheap.
"""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

__version__ = "0.1.0"
__all__ = ["search", "ask", "Hit", "Answer", "Citation", "Passage", "QueryError", "NenkinError", "__version__"]

_LAZY = {
    "search": ("search", "search"),
    "Hit": ("search", "Hit"),
    "ask": ("answer", "ask"),
    "Answer": ("answer", "Answer"),
    "Citation": ("chunk", "Citation"),
    "Passage": ("chunk", "Passage"),
    "QueryError": ("errors", "QueryError"),
    "NenkinError": ("errors", "NenkinError"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
