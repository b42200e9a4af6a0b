"""Retrieval signals: each scores every passage for a :class:`~nenkin_search.query.Query`.

The protocol is one attribute and one method, so that a new signal (a reranker, a
new lexical field, a prior learned from clicks) is one class here plus one weight
in ``Settings.fusion``; search fuses whatever signals it is given.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol

import numpy as np

from . import periods as periods_mod
from .index import Index, LexicalIndex
from .query import Query
from .settings import Settings


class Signal(Protocol):
    """Scores over all passages of an index, higher = more relevant; ``family`` groups signals into modes."""

    name: str
    family: str  # "lexical" or "dense": `--mode lexical` uses the lexical family only

    def scores(self, query: Query) -> np.ndarray: ...


class BM25Signal:
    """BM25 over one lexical field (the field analysed the query when the Query was built)."""

    family = "lexical"

    def __init__(self, name: str, lexical: LexicalIndex) -> None:
        self.name, self.lexical = name, lexical

    def scores(self, query: Query) -> np.ndarray:
        return self.lexical.scores(query.terms.get(self.name, ()), query.weights.get(self.name))


class DenseSignal:
    """Cosine similarity of e5 embeddings (FAISS inner product over normalised vectors)."""

    name = "dense"
    family = "dense"

    #: query vectors kept (text → vector): ask() after search(), the eval's modes and a notebook's
    #: repeated questions encode once (encoding is ~13 ms of a ~14 ms query)
    CACHE = 256

    def __init__(self, index: Index, embedder, settings: Settings) -> None:
        self.dense, self.embedder, self.max_chars = index.dense, embedder, settings.dense_query_chars
        self.n = len(index)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vector(self, text: str) -> np.ndarray:
        with self._lock:
            vec = self._cache.get(text)
            if vec is not None:
                self._cache.move_to_end(text)
                return vec
        vec = self.embedder.encode_query(text).reshape(1, -1).astype(np.float32)
        with self._lock:
            self._cache[text] = vec
            while len(self._cache) > self.CACHE:
                self._cache.popitem(last=False)
        return vec

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def query_vector(self, query: Query) -> np.ndarray:
        """The question's vector (1, dim): what it searches with, and what answers compare sentences with."""
        return self.vector((query.dense_text or query.norm)[: self.max_chars])

    def scores(self, query: Query) -> np.ndarray:
        vec = self.query_vector(query)
        sims, ids = self.dense.search(vec, self.n)
        out = np.zeros(self.n, dtype=np.float32)
        out[ids[0]] = sims[0]
        return out


class PeriodSignal:
    """1 for a passage that names a period the question names (in either calendar), else 0.

    Why a signal of its own: a year-by-year table row is long and names its year once, so BM25's length
    normalisation buries the one token that decides it (平成28年度 in a row of thirteen years).
    A fiscal year also matches the month ends inside it (令和7年度 → 令和7年9月末).
    """

    name = "period"
    family = "lexical"

    def __init__(self, index: Index, inside: float = 1.0) -> None:
        self.inside = inside
        self.keys: list[frozenset[str]] = []  # the periods a passage names
        self.years: list[frozenset[str]] = []  # … and the fiscal years holding them (令和6年9月末 → 令和6年度)
        for p in index.passages:
            dated = [c.period for c in p.cells if c.period]
            if dated:
                # a table row's cells carry the periods its title, label and columns give it: a 昨年度 row under
                # a 「令和7年度(4月～9月)」 title is of 令和6年度's half, which the title's own period is not
                named = {k for key in dated for k in periods_mod.same_keys(key)}
                years = {periods_mod.year_key(key) for key in dated}
            else:
                named = {k for f in periods_mod.find(p.text) for k in f.same()}
                years = {f"FY{f.year}" for f in periods_mod.find(p.text) if f.fiscal}
            self.keys.append(frozenset(named))
            self.years.append(frozenset(years | named))

    def scores(self, query: Query) -> np.ndarray:
        wanted = {k for p in query.periods for k in p.same()}
        if not wanted:
            return np.zeros(len(self.keys), dtype=np.float32)
        # a past year asked is named by its own figures; a month of it scores ``inside`` (令和6年度 asked:
        # 令和6年9月末's half-year figure is not the year's). The report's own year is not over: its months are it
        current = {f"FY{y}" for y in query.editions}
        inside = 1.0 if wanted & current else self.inside
        return np.array([1.0 if wanted & k else inside if wanted & y else 0.0
                         for k, y in zip(self.keys, self.years)], dtype=np.float32)


def for_index(index: Index, embedder, settings: Settings) -> list[Signal]:
    """The signals an index supports: one BM25 signal per stored lexical field, the period match and the dense one."""
    out: list[Signal] = [BM25Signal(name, lx) for name, lx in index.lexical.items()]
    out.append(PeriodSignal(index, settings.period_inside))
    out.append(DenseSignal(index, embedder, settings))
    return out
