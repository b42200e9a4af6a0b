"""Answers: the smallest self-contained span of the top passages, or an honest "not in this report".

Everything shown is extracted from the report; nothing is generated. A span is a
sentence or bullet of a text passage, or one table cell with its row and column
headers (read from the passage's cells, never parsed back out of its text).
Abstention combines signals that separate answerable from unanswerable questions
better than the (narrow-band) e5 cosine alone: how much of the query's rare
vocabulary the best passages cover, the top lexical score, the top dense score, and
whether a figure of the unit asked for is there at all. Weights live in
:mod:`nenkin_search.settings`, calibrated on the eval set's ``tune`` split.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from . import figures
from .chunk import Citation
from .fields import LemmaField
from .query import Query
from .report import CHALLENGE, PROGRESS
from .search import Hit
from .settings import Settings
from .text import match_key

NOT_FOUND = "この報告書には該当する記載が見つかりませんでした"
#: joins the two spans (and their figures) of a two-year / two-thing answer
SEPARATOR = " ／ "

_LEMMA = LemmaField()


@dataclass(frozen=True)
class Answer:
    """The answer to a question, with the passage that proves it, or ``found=False`` with the nearest passages."""

    query: str
    text: str
    found: bool
    confidence: float
    citation: Citation | None  # None when not found
    hits: list[Hit] = field(default_factory=list)  # supporting passages (found) or the nearest ones (not found)
    figure: str | None = None
    figure_label: str | None = None
    passage_id: str | None = None
    mode: str = "hybrid"
    k: int = 5

    @property
    def figures(self) -> list[str]:
        """Each figure of the answer (two for a two-part question)."""
        return self.figure.split(SEPARATOR) if self.figure else []

    @property
    def message(self) -> str:
        return self.text if self.found else NOT_FOUND

    def to_dict(self) -> dict:
        hits = [h.to_dict() for h in self.hits]
        return {
            "query": self.query, "mode": self.mode, "k": self.k, "found": self.found,
            "answer": self.text if self.found else None, "message": self.message,
            "confidence": round(self.confidence, 4), "figure": self.figure, "figures": self.figures,
            "figure_label": self.figure_label,
            "citation": self.citation.to_dict() if self.found and self.citation else None,
            "passage_id": self.passage_id if self.found else None,
            "hits": hits if self.found else [], "nearest": [] if self.found else hits,
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


def spans_of(hit: Hit, units: tuple[str, ...] | None, long_bullet: int) -> list[Span]:
    """Candidate answer spans of a hit: table cells with their headers, or sentences/bullets."""
    if hit.passage.cells:
        out = []
        for c in hit.passage.cells:
            label = f"{c.row} {c.column}".strip()
            text = f"{label}: {c.value}" if label else c.value
            out.append(Span(text, hit, _pick_figure(c.value, units), label))
        return out
    out = []
    for line in hit.text.split("\n"):
        # a short bullet is one self-contained answer; a long one answers sentence by sentence
        pieces = [line] if len(line) <= long_bullet else re.split(r"(?<=。)", line)
        for piece in pieces:
            piece = piece.strip()
            if piece:
                out.append(Span(piece, hit, _pick_figure(piece, units), None))
    return out


def _pick_figure(text: str, units: tuple[str, ...] | None) -> str | None:
    """The figure a question asks for: the first of a fitting unit, else the first figure."""
    figs = [f.text for f in figures.parse(text)]
    if not figs:
        return None
    if units:
        fitting = [f for f in figs if any(f.endswith(u) for u in units)]
        if fitting:
            return fitting[0]
    return figs[0]


def _fits(span: Span, units: tuple[str, ...]) -> bool:
    return any(f.text.endswith(u) for f in figures.parse(span.text) for u in units)


# --- scoring ------------------------------------------------------------------------

Idf = Callable[[str], float]


def coverage(query_tokens: Sequence[str], tokens: set[str], idf: Idf) -> float:
    """IDF-weighted share of the query's tokens present in a passage (unknown words weigh most)."""
    total = sum(idf(t) for t in query_tokens)
    if total <= 0:
        return 0.0
    return sum(idf(t) for t in query_tokens if t in tokens) / total


_DATE = re.compile(r"(令和|平成)[\d元]+年\d+月|\d+月[～~]|\d+年\d+月")


def _span_score(span: Span, q: Query, qtokens: set[str], idf: Idf, s: Settings) -> float:
    toks = set(_LEMMA.analyze(span.text))
    score = sum(idf(t) for t in qtokens if t in toks)
    score += s.span_hit_weight * span.hit.score - s.span_rank_penalty * (span.hit.rank - 1)
    if q.units is not None:
        if span.figure and (not q.units or any(span.figure.endswith(u) for u in q.units)):
            score += s.span_unit_fit
        elif span.figure:
            score += s.span_unit_other
        else:
            score += s.span_unit_none
    key = match_key(span.text)
    score += sum(s.span_period for p in q.period_texts if match_key(p) in key)
    column = span.hit.citation.column
    if column == PROGRESS and not q.plan:
        score += s.span_progress_column  # "what was done" is in 主な取組状況, not in the plan
    if column == CHALLENGE and q.challenge:
        score += s.span_challenge_column
    if q.when and _DATE.search(key):
        score += s.span_date_for_when
    return score


def confidence(cover: float, lex_top: float, dense_top: float, unit_miss: bool, s: Settings) -> float:
    z = (s.abstain_cover * cover + s.abstain_lex * lex_top + s.abstain_dense * dense_top
         - s.abstain_unit * unit_miss + s.abstain_bias)
    return 1.0 / (1.0 + math.exp(-z))


def answer(query: Query, hits: list[Hit], idf: Idf, settings: Settings, *, k: int = 5, mode: str = "hybrid") -> Answer:
    """Answer ``query`` from its ranked ``hits`` (at least five; the first ``k`` are shown)."""
    shown = hits[:k]
    if not hits:
        return Answer(query.text, "", False, 0.0, None, shown, mode=mode, k=k)
    s = settings
    qtok = list(dict.fromkeys(query.terms.get("lemma") or _LEMMA.analyze(query.text)))
    lex_top = max((h.signals.get("lemma", 0.0) for h in hits), default=0.0)
    dense_top = max((h.signals.get("dense", 0.0) for h in hits), default=0.0)
    top = hits[: s.span_hits]
    cover = max(coverage(qtok, set(_LEMMA.analyze(h.passage.index_text)), idf) for h in top)
    candidates = [sp for h in top for sp in spans_of(h, query.units, s.span_long_bullet)]
    # a question asking for an amount, a count or a rate that no top passage states in that unit
    unit_miss = bool(query.units) and not any(sp.figure and _fits(sp, query.units) for sp in candidates)
    conf = confidence(cover, lex_top, dense_top, unit_miss, s)
    qset = set(qtok)
    scored = sorted(((_span_score(sp, query, qset, idf, s), i, sp) for i, sp in enumerate(candidates)),
                    key=lambda t: (-t[0], t[1]))
    best = scored[0][2]
    chosen = [best]
    # Two years or two things asked: add the best span that covers what the first does not.
    keys = [match_key(p) for p in query.period_texts]
    if len(set(keys)) >= 2 or query.two_part:
        covered = set(_LEMMA.analyze(best.text))
        for _, _, sp in scored[1:6]:
            extra = set(_LEMMA.analyze(sp.text)) - covered
            new_period = any(p in match_key(sp.text) and p not in match_key(best.text) for p in keys)
            if sp.text != best.text and (extra & qset or new_period):
                chosen.append(sp)
                break
    found = conf >= s.threshold and query.substantive
    with_figures = [sp for sp in chosen if sp.figure]
    return Answer(
        query=query.text,
        text=SEPARATOR.join(sp.text for sp in chosen) if found else "",
        found=found,
        confidence=conf,
        citation=best.hit.citation if found else None,
        hits=shown,
        figure=SEPARATOR.join(sp.figure for sp in with_figures) if found and with_figures else None,
        figure_label=SEPARATOR.join(sp.label or "" for sp in with_figures) if found and with_figures else None,
        passage_id=best.hit.passage_id if found else None,
        mode=mode,
        k=k,
    )
