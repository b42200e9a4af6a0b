"""Tables: HTML (with rowspan/colspan) and tab-separated copies → rows with header paths.

A row becomes a :class:`TableRow`: its row label (the header path down the
left) and ``(column header path, value)`` pairs, so that it can stand alone as a
passage: ``収納率 — 厚生年金保険料 令和7年9月末: 97.7%``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import match_key

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class TableRow:
    """One body row: ``label`` (row header path) and ``cells`` as (column header path, value)."""

    label: str
    cells: tuple[tuple[str, str], ...]


@dataclass
class Table:
    """A table with its title (the 【…】 caption before it, if any) and its body rows."""

    title: str | None
    header: list[str]  # one header path per column ("" where none)
    rows: list[TableRow] = field(default_factory=list)
    #: of a 参考資料 entry naming several things (来訪相談件数・予約件数), the one this table counts (report._part_printed)
    of: str | None = None

    def cell_texts(self) -> list[str]:
        """Every non-empty text of the table (headers, labels, values), for dedup checks."""
        texts = [h for h in self.header if h]
        for row in self.rows:
            texts.append(row.label)
            texts.extend(v for _, v in row.cells)
        return [t for t in texts if t]


def clean(text: str) -> str:
    """Collapse whitespace the PDF extraction left inside a cell."""
    return _WS.sub(" ", text).strip()


def _join_path(parts: list[str]) -> str:
    """Join header levels, dropping empties and immediate repeats (a rowspan seen twice)."""
    out: list[str] = []
    for part in parts:
        if part and (not out or out[-1] != part):
            out.append(part)
    return " ".join(out)


# --- HTML tables -----------------------------------------------------------------


def _html_grid(table_el) -> tuple[list[list[str]], int]:
    """Expand rowspan/colspan into a rectangular grid; also flag <th> cells and count <thead> rows."""
    rows = table_el.xpath(".//tr")
    n_head = len(table_el.xpath("./thead//tr"))
    grid: list[list[str | None]] = []
    is_th: list[list[bool]] = []
    for r, tr in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
            is_th.append([])
        c = 0
        for cell in tr.xpath("./th|./td"):
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            text = clean(cell.text_content())
            rowspan = int(cell.get("rowspan", "1") or 1)
            colspan = int(cell.get("colspan", "1") or 1)
            for dr in range(rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                    is_th.append([])
                row, flags = grid[r + dr], is_th[r + dr]
                for dc in range(colspan):
                    while len(row) <= c + dc:
                        row.append(None)
                        flags.append(False)
                    row[c + dc] = text
                    flags[c + dc] = cell.tag == "th"
            c += colspan
    width = max((len(r) for r in grid), default=0)
    out = [[(v or "") for v in row] + [""] * (width - len(row)) for row in grid]
    flags = [f + [False] * (width - len(f)) for f in is_th]
    if n_head == 0:  # no <thead>: leading all-<th> rows are the header
        while n_head < len(flags) and all(flags[n_head][: len(out[n_head])]):
            n_head += 1
    return out, n_head


def table_from_html(table_el, title: str | None) -> Table:
    """A :class:`Table` from an lxml ``<table>`` element (<thead> rows are the header)."""
    grid, n_head = _html_grid(table_el)
    return table_from_grid(grid, n_head or _leading_header_rows(grid), title)


def _leading_header_rows(rows: list[list[str]]) -> int:
    """How many leading rows hold no data value in their value columns: the header, when nothing marks it."""
    n = 0
    while n < len(rows) - 1 and not any(_is_value(c) for c in rows[n][1:]):
        n += 1
    return n


def table_from_grid(grid: list[list[str]], n_head: int, title: str | None) -> Table:
    """Rows with header paths from a rectangular grid whose first ``n_head`` rows are headers.

    The PDF text often loses cells, so values are aligned to the leaf headers (the
    named cells of the last header row) rather than by raw position: a row's leading
    non-value cells are its label (an empty one inherits the label above, as a
    rowspan does), its remaining cells are matched to the leaves in order, skipping
    leaves that extra label cells stand under.
    """
    if not grid:
        return Table(title=title, header=[])
    width = max(len(r) for r in grid)
    grid = [r + [""] * (width - len(r)) for r in grid]
    head = [list(r) for r in grid[:n_head]]
    for r in head[:-1]:  # a flattened colspan: a header cell followed by empties spans them
        for c in range(1, width):
            if not r[c] and r[c - 1] and c - 1 > 0:
                r[c] = r[c - 1]
    paths = [_join_path([r[c] for r in head]) for c in range(width)]
    last = head[-1] if head else [""] * width
    table = Table(title=title, header=paths)
    parent = ""
    # the first column labels the rows unless its header is itself a period (a row of values only)
    has_label_col = not (head and _is_period(last[0]))
    for row in grid[n_head:]:
        k = 1 if has_label_col and row[0] != "" or (has_label_col and any(row[1:])) else 0
        while k < width and not _is_value(row[k]) and any(row[k + 1 :]):
            k += 1
        label_cells = row[:k]
        if label_cells and not label_cells[0]:
            label_cells = [parent] + label_cells[1:]
        elif label_cells:
            parent = label_cells[0]
        label = _join_path(label_cells)
        values = row[k:]
        while values and not values[-1]:
            values.pop()
        first = 1 if k > 0 else 0
        leaves = [c for c in range(first, width) if last[c]] if head else []
        extra = max(0, len([x for x in row[:k] if x]) - 1)
        # empty cells between the label and the values, in a row whose last column holds a value (its values
        # run to the grid's right edge), stand where they are: columns with no value (令和7年度分保険料's row
        # of 【納付率の推移】 has 72.7% under 令和7年9月末 only, not under the first column)
        blank = sum(1 for x in row[1:k] if not x) if row[-1] else 0
        skip = max(0, min(extra + blank, len(leaves) - len(values)))
        leaves = leaves[skip:]
        cells = []
        for i, value in enumerate(values):
            if not value:
                continue
            col = leaves[i] if i < len(leaves) else k + i
            cells.append((paths[col] if col < width else "", value))
        if label or cells:
            table.rows.append(TableRow(label=label, cells=tuple(cells)))
    return table


def parse_fragment(fragment: str):
    """Parse a cell's HTML (often with unclosed tags) into one element."""
    from lxml import html as lxml_html  # only the parser needs it, not the query path

    return lxml_html.fragment_fromstring(fragment or "<div></div>", create_parent="div")


# --- Tab-separated tables (参考資料, and the flattened copies in sections) ---------

# A period label (令和6年9月末, 平成28年度, R1, 4月～10月分, 令和6年度 (令和6年9月末)) is a header, not a value.
_DATE_TOKENS = re.compile(r"令和|平成|昭和|年度|上期累計|上半期|単月|時点|現在|年|月末|月|分|末|[HR元\d～〜\-\s()（）.]")
_DATE_WORD = re.compile(r"令和|平成|年|月|[HR]\d|元")


def _is_period(cell: str) -> bool:
    return not _DATE_TOKENS.sub("", cell) and bool(_DATE_WORD.search(cell))


_NUMBER = re.compile(r"\d[\d,]*\d|\d\.\d|\d\s*(?:%|日|件|人|回|社|円|事業所|団体|拠点|ブース)")


def _is_value(cell: str) -> bool:
    """A data value rather than a header: a number (two digits, a decimal, a % or one digit with its unit: the
    目標 row's 1日 2日 4日 are values, not more of its label), not a period."""
    return bool(cell) and bool(_NUMBER.search(cell)) and not _is_period(cell)


def has_values(lines: list[str]) -> bool:
    """Whether tab-separated lines hold any data value (else they are text laid out in columns)."""
    return any(_is_value(c) for line in lines for c in split_tsv_line(line))


def split_tsv_line(line: str) -> list[str]:
    """Cells of a tab-separated line with trailing empties removed."""
    cells = [clean(c) for c in line.rstrip("\n").split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def table_from_tsv(lines: list[str], title: str | None) -> Table:
    """A :class:`Table` from tab-separated rows (the form 参考資料 tables exist in).

    Header rows are the leading rows with no data values in them.
    """
    rows = [r for r in (split_tsv_line(line) for line in lines) if any(r)]
    return table_from_grid(rows, _leading_header_rows(rows), title)


def is_flattened_copy(lines: list[str], tables: list[Table]) -> bool:
    """True when every cell of these tab-separated lines appears in the given HTML tables.

    The PDF text repeats each HTML table as a flattened tab-separated copy; such
    lines must not be indexed a second time.
    """
    if not tables:
        return False
    known = {match_key(t) for table in tables for t in table.cell_texts()}
    known |= {match_key(t) for table in tables for h in table.header for t in h.split(" ")}
    cells = [match_key(c) for line in lines for c in split_tsv_line(line) if c.strip()]
    return bool(cells) and all(c in known or any(c in k for k in known) for c in cells)
