"""Ranking: BM25 over MeCab tokens, dense e5 cosine via FAISS, and their fusion.

Hybrid scores are a convex blend of min-max-normalised lexical and dense scores
(``LEXICAL_WEIGHT``) plus small priors for the column a question is about
(``COLUMN_PRIOR``: 課題 rows for questions about next year's challenges;
``PLAN_PRIOR``: 計画の概要 only for questions about plans), all chosen on the
eval set's ``tune`` split (see README).
"""
from __future__ import annotations

import html
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import config
from .chunk import Citation, Passage
from .errors import QueryError
from .report import CHALLENGE, PLAN
from .text import match_key, normalize, tokenize

MODES = ("hybrid", "lexical", "dense")
MAX_QUERY_CHARS = 2000
DENSE_QUERY_CHARS = 512
#: weight of the lexical leg in hybrid fusion (tuned on the tune split; README has the sweep)
LEXICAL_WEIGHT = 0.4
#: hybrid priors by column (tuned on the tune split): questions about 課題 (来年度, 令和8年度, 今後)
#: favour 課題 rows and others the rest; questions about plans (計画, 目標, 予定) may use 計画の概要,
#: the rest want what was done (主な取組状況), which restates the plan with results
COLUMN_PRIOR = 0.1
PLAN_PRIOR = 0.2
#: words that show a question is about next year's challenges, or about plans (shared with answer.py)
CHALLENGE_CUE = re.compile(r"課題|来年度|令和8年度|今後")
PLAN_CUE = re.compile(r"計画|目標|予定|目指")


@dataclass(frozen=True)
class Hit:
    """One ranked passage with its citation and the scores behind its rank."""

    rank: int
    score: float
    text: str
    passage_id: str
    citation: Citation
    kind: str = "text"
    lexical_score: float = 0.0
    dense_score: float = 0.0

    def to_dict(self) -> dict:
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "text": self.text,
            "passage_id": self.passage_id,
            "kind": self.kind,
            "citation": str(self.citation),
            "section": self.citation.section,
            "section_title": self.citation.section_title,
            "policy": self.citation.policy,
            "column": self.citation.column,
            "table": self.citation.table,
            "row": self.citation.row,
            "page": self.citation.page,
            "lexical_score": round(self.lexical_score, 6),
            "dense_score": round(self.dense_score, 6),
        }

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"Hit(#{self.rank} {self.score:.3f} [{self.citation}] {text!r})"

    def _repr_html_(self) -> str:
        return (
            f"<div style='margin:4px 0'><b>#{self.rank}</b> <small>{html.escape(str(self.citation))}"
            f" · score {self.score:.3f}</small><br>{html.escape(self.text).replace(chr(10), '<br>')}</div>"
        )


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def clean_query(query: object) -> str:
    """The searchable form of a user's query, or :class:`QueryError` saying why there is none."""
    if not isinstance(query, str):
        raise QueryError(f"the query must be text, not {type(query).__name__}")
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError("the query is not valid text (undecodable bytes: is the terminal UTF-8?)") from None
    text = _CONTROL.sub(" ", query).strip()
    if not text:
        raise QueryError("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    if not any(unicodedata.category(ch)[0] in "LN" for ch in unicodedata.normalize("NFKC", text)):
        raise QueryError("the query has no letters or digits to search for")
    return text


class Searcher:
    """An index plus the embedder that encodes queries for it; thread-safe, loaded once per process."""

    def __init__(self, index, embedder) -> None:
        self.index = index
        self.embedder = embedder
        self._id_of = {p.id: i for i, p in enumerate(index.passages)}
        self._keys = [match_key(p.text) for p in index.passages]
        self._is_challenge = np.array([p.citation.column == CHALLENGE for p in index.passages], dtype=bool)
        self._is_plan = np.array([p.citation.column == PLAN for p in index.passages], dtype=bool)

    @property
    def passages(self) -> list[Passage]:
        return self.index.passages

    def passage(self, passage_id: str) -> Passage:
        return self.index.passages[self._id_of[passage_id]]

    def lexical_scores(self, query: str) -> np.ndarray:
        tokens = [t for t in tokenize(query) if t in self.index.lexical.vocab_dict]
        if not tokens:
            return np.zeros(len(self.passages), dtype=np.float32)
        return np.asarray(self.index.lexical.get_scores(tokens), dtype=np.float32)

    def dense_scores(self, query: str) -> np.ndarray:
        # e5 reads at most 512 tokens; a longer query only costs time
        vec = self.embedder.encode_query(normalize(query)[:DENSE_QUERY_CHARS]).reshape(1, -1).astype(np.float32)
        n = len(self.passages)
        scores, ids = self.index.dense.search(vec, n)
        out = np.zeros(n, dtype=np.float32)
        out[ids[0]] = scores[0]
        return out

    def scores(self, query: str, mode: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(fused, lexical, dense) score arrays over all passages."""
        n = len(self.passages)
        lex = self.lexical_scores(query) if mode in ("hybrid", "lexical") else np.zeros(n, np.float32)
        den = self.dense_scores(query) if mode in ("hybrid", "dense") else np.zeros(n, np.float32)
        if mode == "lexical":
            return lex, lex, den
        if mode == "dense":
            return den, lex, den
        fused = LEXICAL_WEIGHT * _minmax(lex) + (1 - LEXICAL_WEIGHT) * _minmax(den)
        q = normalize(query)
        wants_challenge = bool(CHALLENGE_CUE.search(q))
        fused += np.where(self._is_challenge == wants_challenge, COLUMN_PRIOR, -COLUMN_PRIOR).astype(np.float32)
        fused += np.where(self._is_plan, PLAN_PRIOR if PLAN_CUE.search(q) else -PLAN_PRIOR, 0.0).astype(np.float32)
        return fused, lex, den

    def search(self, query: str, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        query = clean_query(query)
        if mode not in MODES:
            raise QueryError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        if not isinstance(k, int) or k < 1:
            raise QueryError("k must be a positive whole number")
        fused, lex, den = self.scores(query, mode)
        order = np.lexsort((np.arange(len(fused)), -fused))  # score desc, then report order: deterministic
        hits: list[Hit] = []
        seen: list[str] = []
        for i in order:
            key = self._keys[i]
            if any(key == s or (len(key) > 20 and key in s) for s in seen):
                continue  # the same fact twice (a repeated row or paragraph) is shown once
            p = self.passages[i]
            seen.append(key)
            hits.append(Hit(len(hits) + 1, float(fused[i]), p.text, p.id, p.citation, p.kind, float(lex[i]), float(den[i])))
            if len(hits) == k:
                break
        return hits


def _minmax(x: np.ndarray) -> np.ndarray:
    lo, hi = float(x.min()), float(x.max())
    return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)


_searchers: dict[tuple, Searcher] = {}
_lock = threading.Lock()


def get_searcher(corpus_dir: Path | None = None, index_dir: Path | None = None, model: Path | None = None,
                 build_if_needed: bool = True) -> Searcher:
    """The process-wide searcher for these locations (loaded, or built, on first use)."""
    from .embed import Embedder
    from .index import load

    corpus_dir = Path(corpus_dir or config.corpus_dir()).resolve()
    index_dir = Path(index_dir or config.index_dir()).resolve()
    model = model or config.model_override()
    key = (corpus_dir, index_dir, str(model) if model else None)
    with _lock:
        searcher = _searchers.get(key)
        if searcher is None:
            embedder = Embedder(Path(model)) if model else Embedder()
            index = load(corpus_dir, index_dir, embedder, build_if_needed=build_if_needed)
            searcher = _searchers[key] = Searcher(index, embedder)
        return searcher


def reset() -> None:
    """Forget loaded indexes (after a rebuild, or in tests)."""
    with _lock:
        _searchers.clear()


def search(query: str, k: int = 5, mode: str = "hybrid", *, corpus_dir: Path | None = None,
           index_dir: Path | None = None, model: Path | None = None) -> list[Hit]:
    """Ranked passages for ``query`` with their citations (``mode``: hybrid, lexical or dense).

    Raises :class:`~nenkin_search.errors.QueryError` (a ``ValueError``) for unusable queries.
    """
    clean_query(query)
    return get_searcher(corpus_dir, index_dir, model).search(query, k=k, mode=mode)
