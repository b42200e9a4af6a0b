"""The lowest or highest of a series: 「障害年金のサービススタンダード達成率が一番落ち込んだのはどの年度」 is
answered by the smallest of the table's yearly cells of that measure (令和2年度 75.4%), which no single passage
says (the report never writes 最も低い). Only a superlative over periods is answered so: the report's
tables run over years and months, never over 都道府県 or 年代, so any other ranking stays a form the span
must say (:func:`nenkin_search.asks.needs`).

Why a module of its own: the other candidates are read from the ranked passages; a series is read from every
row of a table, most of which no search ranks, and compared, not matched.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from . import periods
from .asks import Extreme
from .candidates import Candidate, candidates
from .chunk import Passage
from .measures import TOTAL, Measures, key
from .query import Query
from .search import Hit

#: a range the question bounds the series by: from a year on (令和元年度以降), up to a year (令和4年度まで)
_FROM = re.compile(r"以降|以後|から")
_UNTIL = re.compile(r"以前|まで")
#: a series shorter than this is no series to rank
MIN_MEMBERS = 3


def _of_grain(c: Candidate, grain: str) -> periods.Period | None:
    """The cell's period, when it is one year (grain "年度") or one month (grain "月") and not a total."""
    period = periods.Period.from_key(c.cell.period or "")
    if period is None or period.half or TOTAL.search(c.cell.row) or TOTAL.search(c.cell.column):
        return None
    if grain == "月":
        return period if period.month is not None else None
    return period if period.month is None else None


def _bounded(members: list[tuple[periods.Period, Candidate]], q: Query) -> list[tuple[periods.Period, Candidate]]:
    """The members within the periods the question bounds the series by: its years (H26～R6, 令和元年度以降,
    令和4年度まで) for a series of years, its fiscal year (令和7年度上半期の…月) for one of months."""
    named = sorted({p.year for p in q.periods})
    if not named:
        return members
    if members and members[0][0].month is not None:
        return [(p, c) for p, c in members if p.year in named]
    if len(named) >= 2:
        return [(p, c) for p, c in members if named[0] <= p.year <= named[-1]]
    if _FROM.search(q.norm):
        return [(p, c) for p, c in members if p.year >= named[0]]
    if _UNTIL.search(q.norm):
        return [(p, c) for p, c in members if p.year <= named[0]]
    return members


def series(seed: Candidate, pool: Sequence[Passage], grain: str, long_bullet: int,
           ) -> list[tuple[periods.Period, Candidate]]:
    """Every cell of ``seed``'s measure in its report's 施策 or item, one per period of the grain, oldest first.
    Each is a candidate of its own passage, ranked where ``seed``'s passage was (the series as a whole was
    found there)."""
    cit, measure = seed.hit.citation, key(seed)
    out: dict[str, tuple[periods.Period, Candidate]] = {}
    for p in pool:
        if not p.cells or p.citation.report != cit.report or p.citation.policy != cit.policy:
            continue
        hit = Hit(seed.hit.rank, seed.hit.score, p, seed.hit.signals)
        for c in candidates(hit, long_bullet):
            if c.cell is None or not c.figures or key(c) != measure:
                continue
            period = _of_grain(c, grain)
            if period is not None:
                out.setdefault(period.key, (period, c))
    return sorted(out.values(), key=lambda pc: pc[0].end)


def extreme(q: Query, ranked: list[tuple[float, Candidate]], measures: Measures | None, long_bullet: int,
            depth: int) -> Candidate | None:
    """The lowest or highest cell of the series the best of the first ``depth`` ranked cells belongs to, its
    text saying over which periods it is the lowest or highest; None when the question asks no superlative
    over periods or no such series is found."""
    how: Extreme | None = q.extreme
    if how is None or measures is None:
        return None
    for _, seed in ranked[:depth]:
        if seed.cell is None or not seed.figures:
            continue
        grains = (how.grain,) if how.grain else ("年度", "月")
        for grain in grains:
            members = _bounded(series(seed, measures.passages, grain, long_bullet), q)
            if len(members) < MIN_MEMBERS:
                continue
            pick = (min if how.lowest else max)(members, key=lambda pc: pc[1].figures[0].value)
            first, last = members[0][0], members[-1][0]
            word = "低い" if how.lowest else "高い"
            note = f"（{first.wareki()}〜{last.wareki()}の{len(members)}{'か月' if grain == '月' else '年度'}で最も{word}）"
            return replace(pick[1], text=pick[1].text + note)
    return None


def also_asked(q: Query, named: Candidate) -> bool:
    """A cell of a period named after the superlative is asked as well (「どの年度がピークで、R6にはどこまで
    減ったか」: R6's cell); one named before it bounds the series (「令和元年度以降で最も低かった」)."""
    if q.extreme is None or named.cell is None or not named.cell.period:
        return False
    after = {p.key for start, _, p in periods.spans(q.norm) if start > q.extreme.at}
    return named.cell.period in after
