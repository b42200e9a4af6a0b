"""Answers: the smallest self-contained span of the top passages, or an honest "not in this report".

Everything shown is extracted from the report; nothing is generated. A span is a
sentence or bullet of a text passage, or one table cell with its row and column
headers. Abstention combines signals that separate answerable from unanswerable
questions better than the (narrow-band) e5 cosine alone: how much of the query's
rare vocabulary the best passages cover, the top lexical score, the top dense
score, and whether a figure of the unit asked for is there at all. Weights are
calibrated on the eval set's ``tune`` split (README, "How it works").
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

import numpy as np

from .chunk import Citation
from .errors import QueryError
from .report import CHALLENGE, PROGRESS
from .search import CHALLENGE_CUE, PLAN_CUE, Hit, Searcher, clean_query, get_searcher
from .text import FIGURE, content_words, match_key, normalize, tokenize

NOT_FOUND = "この報告書には該当する記載が見つかりませんでした"
#: joins the two spans (and their figures) of a two-year / two-thing answer
SEPARATOR = " ／ "

#: calibrated on the tune split (see README): minimum confidence to answer
THRESHOLD = 0.5

# What a question asks for → units that fit it.
_FIGURE_CUES = [
    (re.compile(r"何件|件数|件は|件\b"), ("件", "万件")),
    (re.compile(r"何人|人数|人は|者数"), ("人", "万人")),
    (re.compile(r"何%|何パーセント|割合|率|パーセント"), ("%", "pt", "ポイント")),
    (re.compile(r"何日|日数|所要"), ("日",)),
    (re.compile(r"いくら|金額|額|円"), ("円", "億円", "兆円", "万円")),
    (re.compile(r"何社|事業所数|社数|何事業所"), ("事業所", "万事業所", "社")),
    (re.compile(r"どれくらい|どのくらい|どの程度|何か月|何ヶ月|いくつ|何回|数は|数$"), ()),
]
_PERIOD = re.compile(r"(?:令和|平成)\s*[\d元]+\s*年度?(?:\s*\d+\s*月末?)?|[HR]\d+|\d+月末")


@dataclass(frozen=True)
class Answer:
    """The answer to a question, with the passage that proves it, or ``found=False``."""

    query: str
    text: str
    found: bool
    confidence: float
    citation: Citation | None
    hits: list[Hit] = field(default_factory=list)
    figure: str | None = None
    figure_label: str | None = None
    passage_id: str | None = None

    @property
    def figures(self) -> list[str]:
        """Each figure of the answer (two for a two-part question)."""
        return self.figure.split(SEPARATOR) if self.figure else []

    @property
    def message(self) -> str:
        return self.text if self.found else NOT_FOUND

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "found": self.found,
            "answer": self.text,
            "message": self.message,
            "confidence": round(self.confidence, 4),
            "figure": self.figure,
            "figure_label": self.figure_label,
            "citation": str(self.citation) if self.citation else None,
            "citation_fields": self.citation.to_dict() if self.citation else None,
            "passage_id": self.passage_id,
            "hits": [h.to_dict() for h in self.hits],
        }

    def __repr__(self) -> str:
        if not self.found:
            return f"Answer(not found: {NOT_FOUND}; nearest: {self.hits[0].citation if self.hits else '-'})"
        fig = f" figure={self.figure!r}" if self.figure else ""
        return f"Answer({self.text!r}{fig} [{self.citation}] confidence={self.confidence:.2f})"

    def _repr_html_(self) -> str:
        if not self.found:
            body = f"<p><b>{NOT_FOUND}</b></p><p><small>最も近い記載（回答ではありません）:</small></p>"
            return body + "".join(h._repr_html_() for h in self.hits[:3])
        text = html.escape(self.text)
        for fig in self.figures:
            text = text.replace(html.escape(fig), f"<mark><b>{html.escape(fig)}</b></mark>")
        return (
            f"<div><p style='font-size:1.1em'>{text}</p>"
            f"<p><small>出典: {html.escape(str(self.citation))} · 確信度 {self.confidence:.2f}</small></p></div>"
        )


# --- spans --------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    text: str
    hit: Hit
    figure: str | None = None
    label: str | None = None


def spans_of(hit: Hit, units: tuple[str, ...] | None = None) -> list[Span]:
    """Candidate answer spans of a hit: table cells with headers, or sentences/bullets."""
    if hit.kind == "table" and " — " in hit.text:
        head, body = hit.text.split(" — ", 1)
        label = hit.citation.row or re.sub(r"^【[^】]*】\s*", "", head)
        out = []
        for cell in body.split(", "):
            header, _, value = cell.rpartition(": ")
            text = f"{label} {header}: {value}".strip() if header else f"{label}: {value}"
            out.append(Span(text, hit, _pick_figure(value, units), f"{label} {header}".strip()))
        return out
    out = []
    for line in hit.text.split("\n"):
        # a short bullet is one self-contained answer; a long one answers sentence by sentence
        pieces = [line] if len(line) <= 180 else re.split(r"(?<=。)", line)
        for piece in pieces:
            piece = piece.strip()
            if piece:
                out.append(Span(piece, hit, _pick_figure(piece, units), None))
    return out


def _pick_figure(text: str, units: tuple[str, ...] | None) -> str | None:
    """The figure a question asks for: the first of a fitting unit, else the first figure."""
    figs = _figures(text)
    if not figs:
        return None
    if units:
        fitting = [f for f in figs if any(f.endswith(u) for u in units)]
        if fitting:
            return fitting[0]
    return figs[0]


def _figures(text: str) -> list[str]:
    return [m.group(0).strip() for m in FIGURE.finditer(text) if m.group(3) or "," in m.group(0) or "." in m.group(0)]


def query_terms(query: str, text: str) -> list[str]:
    """The query's words (two characters or more) and figures that occur in ``text``, for highlighting."""
    return sorted({w for w in content_words(query) if len(w) >= 2 and w in text})


def wanted_units(query: str) -> tuple[str, ...] | None:
    """Units of the figure the question asks for; () for "some figure"; None if no figure is asked."""
    q = normalize(query)
    for pattern, units in _FIGURE_CUES:
        if pattern.search(q):
            return units
    return None


# --- scoring ------------------------------------------------------------------------


class _Stats:
    """Document frequencies of index tokens (read off the BM25 matrix), for IDF-weighted coverage."""

    def __init__(self, searcher: Searcher) -> None:
        lexical = searcher.index.lexical
        self.n = len(searcher.passages)
        self.vocab = lexical.vocab_dict
        self.df_by_id = np.diff(lexical.indptr)

    def idf(self, token: str) -> float:
        t = self.vocab.get(token)
        df = int(self.df_by_id[t]) if t is not None and t < len(self.df_by_id) else 0
        return math.log((self.n + 1) / (df + 0.5))


def _stats_for(searcher: Searcher) -> _Stats:
    s = getattr(searcher, "_answer_stats", None)
    if s is None:
        s = searcher._answer_stats = _Stats(searcher)
    return s


def _unigrams(query: str) -> list[str]:
    """The query's own words (not the pair compounds), for coverage."""
    return [t for t in dict.fromkeys(tokenize(query)) if len(t) >= 1]


def coverage(query_tokens: list[str], tokens: set[str], stats: _Stats) -> float:
    """IDF-weighted share of the query's tokens present in a passage (unknown words weigh most)."""
    total = sum(stats.idf(t) for t in query_tokens)
    if total <= 0:
        return 0.0
    return sum(stats.idf(t) for t in query_tokens if t in tokens) / total


#: span ranking: weight of the passage's retrieval score and penalty per rank below the first (tuned on tune)
_W_HIT, _W_RANK = 2.0, 2.0
_WHEN_CUE = re.compile(r"いつ|時期|何月")
_DATE = re.compile(r"(令和|平成)[\d元]+年\d+月|\d+月[～~]|\d+年\d+月")


def _span_score(span: Span, query: str, qtokens: set[str], units, periods: list[str], stats: _Stats) -> float:
    toks = set(tokenize(span.text))
    overlap = sum(stats.idf(t) for t in qtokens if t in toks)
    score = overlap + _W_HIT * span.hit.score - _W_RANK * (span.hit.rank - 1)
    if units is not None:
        if span.figure and (not units or any(span.figure.endswith(u) for u in units)):
            score += 3.0
        elif span.figure:
            score += 1.0
        else:
            score -= 2.0
    key = match_key(span.text)
    score += sum(2.0 for p in periods if p in key)
    column = span.hit.citation.column
    if column == PROGRESS and not PLAN_CUE.search(query):
        score += 1.5  # "what was done" is in 主な取組状況, not in the plan
    if column == CHALLENGE and CHALLENGE_CUE.search(query):
        score += 1.5
    if _WHEN_CUE.search(query) and _DATE.search(key):
        score += 2.0
    return score


def answer_from(searcher: Searcher, query: str, k: int = 5, mode: str = "hybrid") -> Answer:
    """Answer ``query`` from ``searcher``'s index (see :func:`ask`)."""
    query = clean_query(query)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise QueryError("k must be a positive whole number")
    hits = searcher.search(query, k=max(k, 5), mode=mode)
    shown = hits[:k]
    if not hits:
        return Answer(query, "", False, 0.0, None, shown)
    stats = _stats_for(searcher)
    qtok = _unigrams(query)
    lex_top = max((h.lexical_score for h in hits), default=0.0) if mode != "dense" else 0.0
    cover = max(coverage(qtok, set(searcher.passage(h.passage_id).tokens), stats) for h in hits[:3])
    dense_top = max((h.dense_score for h in hits), default=0.0)
    units = wanted_units(query)
    periods = [match_key(p) for p in _PERIOD.findall(normalize(query))]
    candidates = [s for h in hits[:3] for s in spans_of(h, units)]
    # a question asking for an amount, a count or a rate that no top passage states in that unit
    unit_miss = bool(units) and not any(
        s.figure and any(f.endswith(u) for f in _figures(s.text) for u in units) for s in candidates
    )
    confidence = _confidence(cover, lex_top, dense_top, unit_miss)
    qset = set(qtok)
    scored = sorted(
        ((_span_score(s, query, qset, units, periods, stats), i, s) for i, s in enumerate(candidates)),
        key=lambda t: (-t[0], t[1]),
    )
    best = scored[0][2]
    chosen = [best]
    # Two years or two things asked: add the best span that covers what the first does not.
    if len(set(periods)) >= 2 or re.search(r"と.+(の|は)|及び|それぞれ|両方", normalize(query)):
        covered = set(tokenize(best.text))
        for _, _, s in scored[1:6]:
            extra = set(tokenize(s.text)) - covered
            if s.text != best.text and (extra & qset or any(p in match_key(s.text) and p not in match_key(best.text) for p in periods)):
                chosen.append(s)
                break
    # a one-character query ("b") matches by accident, however high the scores
    substantive = sum(ch.isalnum() for ch in normalize(query)) >= 2
    found = confidence >= THRESHOLD and substantive
    with_figures = [s for s in chosen if s.figure]
    return Answer(
        query=query,
        text=SEPARATOR.join(s.text for s in chosen) if found else "",
        found=found,
        confidence=confidence,
        citation=best.hit.citation,
        hits=shown,
        figure=SEPARATOR.join(s.figure for s in with_figures) if found and with_figures else None,
        figure_label=SEPARATOR.join(s.label or "" for s in with_figures) if found and with_figures else None,
        passage_id=best.hit.passage_id,
    )


# Calibrated on the tune split (see README "Answers"): weights of the abstention signals.
_W_COVER, _W_LEX, _W_DENSE, _W_UNIT, _BIAS = 2.0, 0.05, 20.0, 2.0, -18.0


def _confidence(cover: float, lex_top: float, dense_top: float, unit_miss: bool = False) -> float:
    z = _W_COVER * cover + _W_LEX * lex_top + _W_DENSE * dense_top - _W_UNIT * unit_miss + _BIAS
    return 1.0 / (1.0 + math.exp(-z))


def ask(query: str, k: int = 5, mode: str = "hybrid") -> Answer:
    """The answer to ``query`` with its citation, or ``found=False`` when the report has none.

    Raises :class:`~nenkin_search.errors.QueryError` (a ``ValueError``) for unusable queries.
    """
    clean_query(query)
    return answer_from(get_searcher(), query, k=k, mode=mode)
