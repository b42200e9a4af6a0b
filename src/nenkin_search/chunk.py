"""Report → passages, each with a precise :class:`Citation`; table rows keep their cells as data.

Text cells split at their natural units (○ bullets with their ・ sub-bullets,
【…】 headings, sentences at 。) packed to at most ``max_chars``; every table row is
one passage that stands alone (table title, row label, ``column header: value``
pairs), split across several passages only when too wide, each part keeping the
title and the row label. A table-row passage carries its :class:`Cell` values
(row header path, column header path, value, unit, period) so that answers pick a
cell by its coordinates; the displayed text is rendered from those cells.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

from . import figures, periods
from .report import REFERENCE, Block, Report
from .settings import DEFAULT, Settings
from .tables import Table, TableRow
from .text import sentences


@dataclass(frozen=True)
class Citation:
    """Where a passage stands, precise enough to quote: report, section, 施策, column, table row, page."""

    report: str  # the report file's stem
    section: str  # "I-5" (ASCII hyphen) or "参考資料"
    section_title: str
    policy: str | None  # 施策; for 課題 the 施策 it concerns; in 参考資料 the item title
    column: str | None  # 計画の概要 / 主な取組状況 / 課題; None in 参考資料
    page: int | None  # page in the report's own numbering; None in 参考資料 (see reference_page)
    reference_page: int | None = None  # page in 参考資料's own numbering
    table: str | None = None  # table title for a table row
    row: str | None = None  # row header path for a table row
    columns: tuple[str, ...] = ()  # column header paths covered by this passage
    line: int = 0  # line of the corpus file the passage comes from
    part: str | None = None  # of a 参考資料 entry naming several things, the one a table row counts (Table.of)
    #: name the report in ``str()``: set when the corpus holds more than one report
    qualified: bool = field(default=False, compare=False)

    @property
    def table_key(self) -> tuple:
        """Which table a row is of: its place and title, and the line its block starts at — tables without a title
        (I-4's 滞納事業所数 / 差押執行事業所数 and 参考資料's 厚生年金保険適用・徴収業務の状況) are not one table."""
        return self.report, self.section, self.policy, self.column, self.table, self.line

    @property
    def page_label(self) -> str:
        """``p.12`` or ``参考資料 p.8``: the two numberings never mix."""
        return f"参考資料 p.{self.reference_page}" if self.page is None else f"p.{self.page}"

    def __str__(self) -> str:
        parts = [self.section if self.section == REFERENCE else f"{self.section} {self.section_title}"]
        parts += [p for p in (self.policy, self.column) if p]
        if self.table or self.row:
            parts.append(" ".join(p for p in (self.table, self.row) if p))
        head = f"[{self.report}] " if self.qualified else ""
        return head + " › ".join(parts) + f" ({self.page_label})"

    def to_dict(self) -> dict:
        return {
            "label": str(self), "report": self.report, "section": self.section, "section_title": self.section_title,
            "policy": self.policy, "column": self.column, "page": self.page, "reference_page": self.reference_page,
            "page_label": self.page_label, "table": self.table, "row": self.row, "columns": list(self.columns),
            "line": self.line, **({"part": self.part} if self.part else {}),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Citation":
        keys = ("report", "section", "section_title", "policy", "column", "page", "reference_page", "table", "row",
                "line", "part")
        return cls(**{k: d.get(k) for k in keys if k in d}, columns=tuple(d.get("columns", ())),
                   qualified=bool(d.get("qualified", False)))


@dataclass(frozen=True)
class Cell:
    """One value of a table row, by its coordinates."""

    row: str  # row header path ("" when the row has no label)
    column: str  # column header path ("" when the table has none)
    value: str  # as printed, PDF number spacing mended: "95.8%", "18兆6,617億円", "81.7% [+4.0pt]"
    unit: str | None = None  # base unit of the value's main figure (%, 件, 円, …), None when it holds no figure
    period: str | None = None  # canonical key of the period the column (or row) names: "FY2025-09", "FY2016"

    def to_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "unit": self.unit, "period": self.period}

    @classmethod
    def from_dict(cls, d: dict) -> "Cell":
        return cls(d["row"], d["column"], d["value"], d.get("unit"), d.get("period"))


@dataclass(frozen=True)
class Passage:
    """A searchable unit: displayed text in the report's wording, its citation, and cells for a table row."""

    id: str
    text: str
    citation: Citation
    kind: str  # "text" | "table"
    context: str  # section › 施策 › column › heading: what the passage is about, indexed but never displayed
    cells: tuple[Cell, ...] = ()

    @property
    def report(self) -> str:
        return self.citation.report

    @property
    def index_text(self) -> str:
        """What the lexical fields index: the context, then the text."""
        return f"{self.context} {self.text}"

    def to_dict(self) -> dict:
        return {"id": self.id, "report": self.report, "kind": self.kind, "text": self.text, "context": self.context,
                "citation": self.citation.to_dict(), "cells": [c.to_dict() for c in self.cells]}

    @classmethod
    def from_dict(cls, d: dict) -> "Passage":
        return cls(d["id"], d["text"], Citation.from_dict(d["citation"]), d["kind"], d["context"],
                   tuple(Cell.from_dict(c) for c in d.get("cells", ())))


def passages(report: Report, settings: Settings = DEFAULT) -> list[Passage]:
    """All passages of one report, in report order, with ids stable across runs and unique across reports."""
    chunker = _Chunker(report.name, settings)
    out: list[Passage] = []
    group: list[Block] = []

    def flush() -> None:
        if group:
            out.extend(chunker.text_passages(group))
            group.clear()

    for block in report.blocks:
        if block.table is not None:
            flush()
            out.extend(chunker.table_passages(block, block.table))
            continue
        if group and (_starts_group(block) or _cell_key(block) != _cell_key(group[0])):
            flush()
        group.append(block)
    flush()
    return _with_ids(chunker.merge_small(out))


def corpus_passages(reports: list[Report], settings: Settings = DEFAULT) -> list[Passage]:
    """Passages of every report; citations name their report when there is more than one."""
    out = [p for r in reports for p in passages(r, settings)]
    if len(reports) > 1:
        out = [replace(p, citation=replace(p.citation, qualified=True)) for p in out]
    return out


# --- text ---------------------------------------------------------------------------


def _cell_key(b: Block) -> tuple:
    return (b.section, b.policy, b.column, b.page, b.heading if b.section == REFERENCE else None)


def _starts_group(b: Block) -> bool:
    """A ○ bullet or 【…】 heading opens a new group; ・ bullets and plain paragraphs continue it."""
    return b.text.startswith(("○", "●", "【", "◆", "■")) or (b.section == REFERENCE and b.heading == b.text)


#: characters of a table's lead-in sentence kept in its rows' context
LEAD_CHARS = 80


def _context(b: Block) -> str:
    """Where a unit stands and what it is about: section › 施策 › column › heading (› a table's lead-in)."""
    parts = [b.section_title if b.section != REFERENCE else REFERENCE, b.policy, b.column]
    if b.heading and b.heading != b.text:
        parts.append(b.heading)
    if b.table is not None and b.lead and b.lead != b.heading:
        parts.append(b.lead[:LEAD_CHARS])
    return " › ".join(p for p in parts if p)


def _same_cell(a: Citation, b: Citation) -> bool:
    return (a.section, a.policy, a.column, a.page, a.reference_page) == (b.section, b.policy, b.column, b.page,
                                                                         b.reference_page)


@dataclass
class _Chunker:
    report: str
    settings: Settings

    def citation(self, b: Block, **extra) -> Citation:
        ref = b.section == REFERENCE
        return Citation(self.report, b.section, b.section_title, b.policy, b.column,
                        None if ref else b.page, b.page if ref else None, line=b.line, **extra)

    def text_passages(self, group: list[Block]) -> list[Passage]:
        first = group[0]
        pieces: list[str] = []
        for b in group:
            pieces.extend(self.fit(b.text))
        cit, ctx = self.citation(first), _context(first)
        return [Passage("", t, cit, "text", ctx) for t in self.pack(pieces)]

    def fit(self, text: str) -> list[str]:
        """A unit as pieces of at most max_chars: whole if it fits, else by sentence, else by length."""
        limit = self.settings.max_chars
        if len(text) <= limit:
            return [text]
        pieces: list[str] = []
        for sent in sentences(text):
            while len(sent) > limit:
                cut = sent.rfind("、", 0, limit) + 1 or limit
                pieces.append(sent[:cut])
                sent = sent[cut:]
            if sent:
                pieces.append(sent)
        return pieces

    def pack(self, pieces: list[str], sep: str = "\n") -> list[str]:
        """Greedy packing of consecutive pieces into texts of at most max_chars."""
        texts: list[str] = []
        cur = ""
        for p in pieces:
            if cur and len(cur) + len(sep) + len(p) > self.settings.max_chars:
                texts.append(cur)
                cur = p
            else:
                cur = f"{cur}{sep}{p}" if cur else p
        if cur:
            texts.append(cur)
        return texts

    def merge_small(self, items: list[Passage]) -> list[Passage]:
        """Fold a tiny text passage (a lone heading, a one-line box) into its neighbour in the same cell."""
        out: list[Passage] = []
        s = self.settings
        for p in items:
            prev = out[-1] if out else None
            if (
                prev is not None
                and p.kind == prev.kind == "text"
                and _same_cell(prev.citation, p.citation)
                and (len(prev.text) < s.min_chars or len(p.text) < s.min_chars)
                and len(prev.text) + 1 + len(p.text) <= s.max_chars
            ):
                out[-1] = replace(prev, text=f"{prev.text}\n{p.text}")
            else:
                out.append(p)
        return out

    # --- tables -------------------------------------------------------------------

    def table_passages(self, block: Block, table: Table) -> list[Passage]:
        title = table.title if table.title and table.title != block.policy else None  # no "item › item" twice
        ctx = _context(block)
        out: list[Passage] = []
        for row in table.rows:
            out.extend(self.row_passages(block, title, row, ctx, table.of))
        return out

    def row_passages(self, block: Block, title: str | None, row: TableRow, ctx: str,
                     part: str | None = None) -> list[Passage]:
        cells = _dated_changes([_cell(row.label, header, value, title) for header, value in row.cells])
        parts: list[list[Cell]] = []
        cur: list[Cell] = []
        for cell in cells:
            if cur and len(render_row(title, row.label, [*cur, cell])) > self.settings.max_chars:
                parts.append(cur)
                cur = [cell]
            else:
                cur.append(cell)
        if cur or not parts:
            parts.append(cur)
        out = []
        for piece in parts:
            text = render_row(title, row.label, piece)[: self.settings.max_chars]  # a single enormous cell: cut
            cit = self.citation(block, table=title, row=row.label or None,
                                columns=tuple(c.column for c in piece if c.column), part=part)
            out.append(Passage("", text, cit, "table", ctx, tuple(piece)))
        return out


#: a column of the change between a row's dated columns (対前年同月比, 前年度比, 伸び幅, 増減)
_CHANGE_COLUMN = re.compile(r"対前年|前年[度同]?[期月]?比|伸び幅|増減")


def _dated_changes(cells: list[Cell]) -> list[Cell]:
    """A row's change column that names no period (「口座振替納付 — 令和6年9月末: 32.2%, 令和7年9月末: 31.8%,
    対前年同月比: ▲0.4pt」) is of the latest period of the row's other cells: the change up to then."""
    dated = [c.period for c in cells if c.period]
    if not dated:
        return cells
    latest = max(dated, key=_period_end)
    return [replace(c, period=latest) if c.period is None and _CHANGE_COLUMN.search(c.column or "") else c
            for c in cells]


def _period_end(key: str) -> tuple[int, int]:
    period = periods.Period.from_key(key)
    return period.end if period else (0, 0)


_MONTH_ONLY = re.compile(r"(?<![\d年])(1[0-2]|[1-9])月(?:末|分)?$")
#: a month's end in a column (「8月末 4月～7月分」): the time its figure is of, before the months it covers
_MONTH_END = re.compile(r"(?<![\d年])(1[0-2]|[1-9])月末")


def _cell(row: str, column: str, value: str, title: str | None = None) -> Cell:
    value = figures.mend_spacing(value)
    fig = figures.first(value)
    return Cell(row, column, value, fig.unit if fig else None, _cell_period(row, column, title or ""))


_LAST_YEAR = re.compile(r"昨年度|前年度|昨年同期|前年同期")


def _cell_period(row: str, column: str, title: str = "") -> str | None:
    """The period a cell is about: its column's, else its row's, else its table title's; a month column in a
    fiscal year's row (R7 × 7月, R7 × 8月末 4月～7月分) is that month of that year; a 昨年度 row is the year before
    the title's."""
    found = periods.find(column) or periods.find(row)
    if not found:
        found = periods.find(title)
        if not found:
            return None
        if _LAST_YEAR.search(row):
            found = [periods.Period(found[-1].year - 1, True, found[-1].month, found[-1].half)]
    p = found[-1]
    # 「8月末 4月～7月分」 is of August's end (the 納付率 as of then), not of July, the last month it covers
    month = _MONTH_END.search(column) or _MONTH_ONLY.search(column.strip())
    if p.month is None and p.fiscal and month and not periods.find(column):
        m = int(month.group(1))
        return periods.Period(p.year, True, m).key
    return p.key


def render_row(title: str | None, label: str, cells: list[Cell] | tuple[Cell, ...]) -> str:
    """``【title】 label — header: value, header: value``: the displayed text of a table row."""
    head = " ".join(p for p in (title, label) if p)
    body = ", ".join(f"{c.column}: {c.value}" if c.column else c.value for c in cells)
    return f"{head} — {body}" if head else body


# --- ids ----------------------------------------------------------------------------


def _with_ids(items: list[Passage]) -> list[Passage]:
    """Ids from content (report, section, 施策, column, text): the same on every run and machine, unique
    across reports (the report's name is hashed in)."""
    seen: dict[str, int] = {}
    out = []
    for p in items:
        c = p.citation
        key = "\x1f".join(str(x) for x in (c.report, c.section, c.policy, c.column, c.table, c.row, p.text))
        base = f"{c.section}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(replace(p, id=base if n == 0 else f"{base}-{n}"))
    return out


__all__ = ["Citation", "Cell", "Passage", "passages", "corpus_passages", "render_row"]
