"""Ranking: fuse the signals' scores, add the column priors, drop repeated facts, cut at k.

Hybrid = Σ weight × min-max(signal) over the signals with a weight in
``Settings.fusion``, plus priors for the column a question is about (課題 rows for
questions about next year's challenges; 計画の概要 only for questions about plans,
since 主な取組状況 restates the plan with its results). ``lexical`` and ``dense``
modes fuse only their family's signals, without priors, so that each leg can be
measured on its own. Weights and priors are tuned on the eval ``tune`` split.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Mapping, Sequence

import numpy as np

from .chunk import Citation, Passage
from . import figures, periods
from .errors import QueryError
from .query import Query
from .report import CHALLENGE, PLAN, TARGET
from .settings import Settings
from .signals import Signal
from .text import match_key

MODES = ("hybrid", "lexical", "dense")


@dataclass(frozen=True)
class Hit:
    """One ranked passage with its citation and the score of every signal behind its rank."""

    rank: int
    score: float
    passage: Passage
    signals: Mapping[str, float] = field(default_factory=dict)  # raw score per signal, and "prior"

    @property
    def text(self) -> str:
        return self.passage.text

    @property
    def citation(self) -> Citation:
        return self.passage.citation

    @property
    def passage_id(self) -> str:
        return self.passage.id

    @property
    def kind(self) -> str:
        return self.passage.kind

    @property
    def report(self) -> str:
        return self.passage.report

    def to_dict(self) -> dict:
        """The passage's JSON form (``passages --json``) plus rank, score and per-signal scores."""
        return {"rank": self.rank, "score": round(self.score, 6),
                "signals": {k: round(v, 6) for k, v in self.signals.items()}, **self.passage.to_dict()}

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"Hit(#{self.rank} score={self.score:.3f} [{self.citation}] {text!r})"

    def _repr_html_(self) -> str:
        return (
            f"<div style='margin:4px 0'><b>#{self.rank}</b> <small>{html.escape(str(self.citation))}"
            f" · score {self.score:.3f}</small><br>{html.escape(self.text).replace(chr(10), '<br>')}</div>"
        )


def _states_figure(p: Passage) -> bool:
    """The passage states a figure: one with a unit (dates are never figures), or any number in a table row."""
    if not _DIGIT.search(p.text):
        return False  # most of what is not parsed at all: no digit, no figure
    if p.kind == "table":
        return any(_DIGIT.search(c.value) for c in p.cells) or bool(figures.parse(figures.mend(p.text)))
    return any(f.kind != "number" for f in figures.parse(figures.mend(p.text)))


_DIGIT = re.compile(r"\d")
#: a table row that counts a part of the row above it: 「うち、加入指導により適用した事業所数」
_PART_ROW = re.compile(r"^\s*(?:うち|内)\s*[、,]?")
#: a table's row of the total of its rows (合計, 計, 総計)
_TOTAL_ROW = re.compile(r"^\s*(?:合計|計|総計)\s*$")


def _minmax(x: np.ndarray) -> np.ndarray:
    lo, hi = float(x.min()), float(x.max())
    return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)


class Searcher:
    """Passages, their signals and the settings that weigh them; thread-safe, built once per loaded index."""

    def __init__(self, passages: Sequence[Passage], signals: Sequence[Signal], settings: Settings) -> None:
        self.passages = list(passages)
        self.signals = {s.name: s for s in signals}
        self.settings = settings
        # the same fact twice is shown once within a report; two reports saying it are two sources
        self._keys = [(p.report, match_key(p.text)) for p in self.passages]
        self._is_challenge = np.array([p.citation.column == CHALLENGE for p in self.passages], dtype=bool)
        # a plan: the 計画の概要 column, or a table row of targets in another column (標準的な処理期間の目標
        # beside 令和7年4月の実績): a result asked is not there
        self._is_plan = np.array([p.citation.column == PLAN or p.kind == "table" and bool(TARGET.search(
            p.citation.row or "")) for p in self.passages], dtype=bool)
        # a table row of one month (8月単月): a question that names no month wants the year's row
        self._one_month = np.array([p.kind == "table" and periods.one_month(p.citation.row or "") for p in self.passages],
                                   dtype=bool)
        self._past_row = self._past_rows()
        self._id_of = {p.id: i for i, p in enumerate(self.passages)}
        self._table_of = [(p.report, p.citation.section, p.citation.policy, p.citation.column, p.citation.table,
                           p.context) if p.kind == "table" else None for p in self.passages]
        # a table row counting a part of the row above it (「うち、加入指導により適用した事業所数」)
        self._part_row = np.array([p.kind == "table" and bool(_PART_ROW.match(p.citation.row or ""))
                                   for p in self.passages], dtype=bool)
        self._total_row = np.array([p.kind == "table" and bool(_TOTAL_ROW.match(p.citation.row or ""))
                                    for p in self.passages], dtype=bool)

    def _past_rows(self) -> np.ndarray:
        """Table rows all of whose cells are of periods before the latest of their table (年度実績 R1 beside R7):
        a question that names no period wants the latest."""
        ends: list[tuple | None] = []
        latest: dict[tuple, tuple] = {}
        for p in self.passages:
            found = [period.end for c in p.cells if c.period and (period := periods.Period.from_key(c.period))]
            end = max(found) if p.kind == "table" and found else None
            ends.append(end)
            if end is not None:
                key = (p.report, p.citation.section, p.citation.policy, p.citation.table)
                latest[key] = max(latest.get(key, end), end)
        return np.array([e is not None and e < latest[(p.report, p.citation.section, p.citation.policy, p.citation.table)]
                         for p, e in zip(self.passages, ends)], dtype=bool)

    @cached_property
    def _answer_settings(self) -> Settings:
        """The settings of the ranking answers read: the kind prior and the restating bullet's margin theirs
        (``Settings.answer_kind_prior``, ``Settings.answer_restate_margin``), no past-row prior (answers choose
        the latest cell themselves, :func:`~nenkin_search.candidates.mark_latest`)."""
        return self.settings.with_(kind_prior=self.settings.answer_kind_prior, past_prior=0.0,
                                   restate_margin=self.settings.answer_restate_margin)

    @cached_property
    def _no_figure(self) -> np.ndarray:
        """Passages that state no figure (a table row's bare numbers count): a figure asked is not in them. Parsed on
        the first figure question (~10 ms for the report), not at load."""
        return np.array([not _states_figure(p) for p in self.passages], dtype=bool)

    @cached_property
    def _figures(self) -> list[tuple[figures.Figure, ...]]:
        """Each passage's figures (a table row's cells read as cells, so bare numbers count), parsed once on the
        first question asking a kind of figure."""
        out = []
        for p in self.passages:
            if not _DIGIT.search(p.text):
                out.append(())
            elif p.kind == "table":
                out.append(tuple(figures.in_cell(f, f"{c.row} {c.column}") for c in p.cells
                                 for f in figures.parse(c.value, cell=True)))
            else:
                out.append(tuple(figures.parse(figures.mend(p.text))))
        return out

    def _other_kind(self, query: Query) -> np.ndarray:
        """Passages that state figures, none of the kind asked (何社 asked: a bullet's 4.8% and a row's 1,423件 of
        差押え; not 30,693事業所): the words asked are there, the figure is not."""
        if query.answer_type not in ("count", "rate", "amount", "duration"):
            return np.zeros(len(self.passages), dtype=bool)
        return np.array([bool(fs) and not any(figures.could_answer(f, query.answer_type, query.unit or "") for f in fs)
                         for fs in self._figures], dtype=bool)

    def passage(self, passage_id: str) -> Passage:
        return self.passages[self._id_of[passage_id]]

    def weights(self, mode: str) -> dict[str, float]:
        """The signals a mode fuses, with their weights (hybrid: all weighted ones; else one family)."""
        if mode not in MODES:
            raise QueryError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        w = {n: v for n, v in self.settings.fusion.items() if v > 0 and n in self.signals}
        if mode != "hybrid":
            w = {n: v for n, v in w.items() if self.signals[n].family == mode}
        if not w:
            raise QueryError(f"no {mode} signal is available in this index")
        return w

    def scores(self, query: Query, mode: str = "hybrid", *, for_answer: bool = False
               ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """(fused scores, raw scores per signal and "prior") over all passages; ``for_answer``: the ranking
        answers read (``Settings.answer_kind_prior``), not the one search shows."""
        weights = self.weights(mode)
        if mode == "hybrid" and query.figure_only:
            # a figure looked up (8,375件): where it is printed is a lexical fact; meaning adds only noise
            weights = {n: w for n, w in weights.items() if self.signals[n].family == "lexical"} or weights
        parts = {name: self.signals[name].scores(query) for name in weights}
        fused, prior = self.fuse(query, parts, weights, priors=mode == "hybrid",
                                 settings=self._answer_settings if for_answer else None)
        if mode == "hybrid":
            parts["prior"] = prior
        return fused, parts

    def fuse(self, query: Query, parts: Mapping[str, np.ndarray], weights: Mapping[str, float], *,
             priors: bool = True, settings: Settings | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Σ weight × min-max(score) over the weighted signals, plus the priors: (fused, the priors). One
        place for search and for eval/tune.py, which fuses stored signal scores under other ``settings``."""
        w = {n: v for n, v in weights.items() if v > 0 and n in parts}
        if len(w) == 1:
            fused = next(iter(parts[n] for n in w)).astype(np.float32)
        else:
            total = sum(w.values())
            fused = sum((v / total) * _minmax(parts[n]) for n, v in w.items()).astype(np.float32)
        extra = self.prior(query, settings) if priors else np.zeros(len(self.passages), dtype=np.float32)
        return (fused + extra).astype(np.float32), extra

    def prior(self, query: Query, settings: Settings | None = None) -> np.ndarray:
        """Column priors: 課題 for a challenge question, 計画の概要 for a plan question; one-month table rows
        (8月単月) fall back when no month is asked, passages stating no figure when a figure is asked, and those
        stating only figures of another kind when a kind is asked (``settings``: other values than the
        searcher's, for tuning)."""
        s = settings or self.settings
        out = np.where(self._is_challenge == query.challenge, s.challenge_prior, -s.challenge_prior)
        out = out + np.where(self._is_plan, s.plan_prior if query.plan else -s.plan_prior, 0.0)
        if not query.month:
            out = out - np.where(self._one_month, s.month_prior, 0.0)
        if s.past_prior and not (query.periods or query.moved or query.change or query.earlier or query.extreme):
            out = out - np.where(self._past_row, s.past_prior, 0.0)
        if query.wants_figure:
            out = out - np.where(self._no_figure, s.figure_prior, 0.0)
            if s.kind_prior:
                out = out - np.where(self._other_kind(query), s.kind_prior, 0.0)
        return out.astype(np.float32)

    @cached_property
    def _restated(self) -> dict[int, tuple[int, str | None]]:
        """Table rows whose current figures a bullet of the same 施策 and column says in a sentence: row position →
        (the bullet's position, the key of the row's latest period). The row 新規適用事業所数 (…, 令和7年9月末
        4.1万事業所) and the bullet 「…加入指導を行った結果、合計で約4.1万事業所、約8.5万人を適用」 give one
        fact; the bullet says what it is and how it came about. Current figures: the cells of the row's latest
        period and those of no period (対前年同期比); a row any of whose current figures the bullet lacks (a
        change it does not state, a sub-item's count) is its own fact. Built on the first search (~20 ms)."""
        prose: dict[tuple, list[int]] = {}
        for j, p in enumerate(self.passages):
            if p.kind != "table" and _DIGIT.search(p.text):
                prose.setdefault((p.report, p.citation.section, p.citation.policy, p.citation.column), []).append(j)
        out: dict[int, tuple[int, str | None]] = {}
        said: dict[int, list[figures.Figure]] = {}
        for i, p in enumerate(self.passages):
            bullets = prose.get((p.report, p.citation.section, p.citation.policy, p.citation.column))
            cells = [(c, f[0]) for c in p.cells for f in [figures.parse(c.value, cell=True)] if f] \
                if bullets and p.kind == "table" else []
            if not cells:
                continue
            ends = [periods.Period.from_key(c.period).end if c.period and periods.Period.from_key(c.period)
                    else None for c, _ in cells]
            latest = max((e for e in ends if e is not None), default=None)
            current = [f for (c, f), e in zip(cells, ends) if e is None or e == latest]
            key = next((c.period for (c, _), e in zip(cells, ends) if e is not None and e == latest), None)
            for j in bullets:
                if j not in said:
                    said[j] = [f for f in figures.parse(figures.mend(self.passages[j].text)) if f.unit]
                if all(any(g.same_as(f) for g in said[j]) for f in current):
                    out[i] = (j, key)
                    break
        return out

    def _restate_first(self, chosen: list[int], fused: np.ndarray, query: Query | None, margin: float) -> list[int]:
        """Each chosen table row that a bullet restates (:attr:`_restated`) gets the bullet just above it, when
        the bullet scored within ``margin`` of the row and the question asks no other period than the row's
        latest (令和7年度 or 上半期 asked: the 令和7年9月末 column is it; 令和5年9月末 asked: the row alone has it).
        The bullet comes from further down or from outside the top ``k``."""
        if not margin or query is None:
            return chosen
        out = list(chosen)
        for i in chosen:
            if i not in out or i not in self._restated:
                continue
            j, key = self._restated[i]
            if key and query.periods and not any(
                    p.key in periods.same_keys(key) or p.key == periods.year_key(key) for p in query.periods):
                continue
            at = out.index(i)
            if fused[i] - fused[j] > margin or (j in out and out.index(j) < at):
                continue
            if j in out:
                out.remove(j)
            out.insert(out.index(i), j)
        return out[:len(chosen)]

    def select(self, fused: np.ndarray, k: int, query: Query | None = None, *, for_answer: bool = False) -> list[int]:
        """The top ``k`` passage positions: by score (then report order), each fact once, and at most
        ``max_rows_per_table`` rows of one table before other passages (the rest of them follow after). Of a
        table's rows, one stating a figure of the kind ``query`` asks (今年度応答率 for 何割) takes the place of
        one stating only figures of another kind (今年度応答呼数) that scored above it: the cap keeps alike rows
        from filling the page, not the row asked for off it. Likewise, when a total is asked (全部で), a row of a
        whole takes the place of a part row of its table (うち、加入指導により適用した事業所数)."""
        order = np.lexsort((np.arange(len(fused)), -fused))  # score desc, then report order: deterministic
        cap = self.settings.max_rows_per_table
        margin = (self._answer_settings if for_answer else self.settings).restate_margin
        other = self._other_kind(query) if query is not None and query.wants_figure else None
        chosen: list[int] = []
        deferred: list[int] = []
        seen: list[tuple[str, str]] = []
        per_table: dict[tuple, int] = {}
        for i in order:
            report, key = self._keys[i]
            if any(r == report and (key == s or (len(key) > 20 and key in s)) for r, s in seen):
                continue  # the same fact twice (a repeated row or paragraph) is shown once
            seen.append((report, key))
            table = self._table_of[i]
            if cap and table is not None:
                per_table[table] = per_table.get(table, 0) + 1
                if per_table[table] > cap:
                    unfit = None if other is None or other[i] else next(
                        (j for j in chosen if self._table_of[j] == table and other[j]), None)
                    if unfit is None and query is not None and query.total and not self._part_row[i]:
                        # a total asked (全部で): the row of the whole before a part of it (うち、…) the cap let in
                        unfit = next((j for j in chosen if self._table_of[j] == table and self._part_row[j]), None)
                    if unfit is None and query is not None and query.together and self._total_row[i]:
                        # things asked together (口座振替とクレジットカード納付を合わせた): their 合計 row before the
                        # lower of two of them the cap let in
                        unfit = next((j for j in reversed(chosen) if self._table_of[j] == table
                                      and not self._total_row[j]), None)
                    if unfit is None:
                        deferred.append(i)  # rows of one table that all look alike must not fill the page
                        continue
                    chosen.remove(unfit)
                    deferred.insert(0, unfit)
            chosen.append(int(i))
            if len(chosen) == k:
                return self._restate_first(chosen, fused, query, margin)
        return self._restate_first((chosen + deferred)[:k], fused, query, margin)

    def search(self, query: Query, k: int = 5, mode: str = "hybrid", *, for_answer: bool = False) -> list[Hit]:
        """The top ``k`` passages; ``for_answer``: ranked as answers read them (see :meth:`scores`)."""
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise QueryError("k must be a positive whole number")
        fused, parts = self.scores(query, mode, for_answer=for_answer)
        order = self.select(fused, k, query, for_answer=for_answer)
        hits: list[Hit] = []
        for at, i in enumerate(order):
            signals = MappingProxyType({name: float(v[i]) for name, v in parts.items()})
            score = float(fused[i])
            row = order[at + 1] if at + 1 < len(order) else None
            if row is not None and self._restated.get(row, (None,))[0] == i:
                score = max(score, float(fused[row]))  # a bullet placed above the row it restates shares its score
            hits.append(Hit(len(hits) + 1, score, self.passages[i], signals))
        return hits
