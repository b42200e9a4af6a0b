"""What the report's tables measure. A cell's measure is its row and column labels without their periods,
months or totals: every year's cell of 新規適用事業所数 has the one measure 新規適用事業所数, whether the periods
run down the rows or across the columns.

Why a module of its own: two answers read it. A superlative over periods compares the cells of one measure
(:mod:`nenkin_search.extremes`); and a narrower measure (新規適用事業所数) does not answer a question asking the
bare one (適用事業所数) that the report measures too (:meth:`Measures.narrower`). Both need every table row of
the corpus, which no search ranks.
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import Sequence

from . import periods
from .candidates import Candidate
from .chunk import Passage
from .query import Query

#: a total or cumulative row or column (計, 累計, 年度計): the sum of its series, not a member of it
TOTAL = re.compile(r"合計|計$|累計|年度計|^計")
#: a month named bare, as a fiscal year's table heads its columns or rows (4月, 9月単月)
_MONTH = re.compile(r"(?<![\d.])(?:1[0-2]|[1-9])\s*月(?:単月|分)?")
#: a qualifier that narrows a measure to its new members (新規適用事業所数 of 適用事業所数), and the bare measure
_NARROWED = re.compile(r"新規(?P<bare>[\u4e00-\u9fff\u30a1-\u30ff]{2,}数)")
#: a question asking about new members: the narrower measure is what it asks
#: (… or by the act that makes them: 適用した, 加入させた, 加入した are the new ones, not all members)
_ASKS_NEW = re.compile(r"新規|新た|新し|新設|加わ|増え|適用(?:し|され|させ|に(?:な|し))|加入(?:し|させ)")


def stem(label: str | None) -> str:
    """A label without its period, bare month or total word, spaces folded (令和7年9月末 差押事業所数 → 差押事業所数)."""
    label = _MONTH.sub("", TOTAL.sub("", periods.remove(label or "")))
    return re.sub(r"[\s()（）]+", " ", label).strip()


def key(c: Candidate) -> tuple:
    """A cell's measure within its report's 施策 or item, and the unit of its figure."""
    cit = c.hit.citation
    return (cit.report, cit.section, cit.policy, stem(c.cell.row), stem(c.cell.column),
            c.figures[0].unit if c.figures else None)


class Measures:
    """Every indexed passage, and the measures its table cells name."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = passages

    @cached_property
    def names(self) -> frozenset[str]:
        """Every measure a cell's row or column names, spaces removed; read on first need (a 新規 cell)."""
        return frozenset(re.sub(r"\s+", "", stem(part)) for p in self.passages for c in p.cells
                         for part in (c.row, c.column) if part)

    def narrower(self, c: Candidate, q: Query) -> bool:
        """The cell is of a narrower measure than the question asks (新規適用事業所数 for 「適用事業所数は」), one
        the report measures bare elsewhere (1 適用事業所数): its figure is of the new members only."""
        if c.cell is None or _ASKS_NEW.search(q.norm):
            return False
        # … in the question's words or in the report's words the bridge read them as (加入者数 → 被保険者数)
        asked = re.sub(r"\s+", "", " ".join((q.norm, *q.expansions)))
        for m in _NARROWED.finditer(re.sub(r"\s+", "", c.label or "")):
            # the measure bare, or its head (新規適用被保険者数: 適用被保険者数, 被保険者数), asked and measured bare
            bare = m.group("bare")
            for part in (bare[i:] for i in range(len(bare) - 2)):
                if part[:-1] in asked and any(part in n and "新規" not in n for n in self.names):
                    return True
        return False
