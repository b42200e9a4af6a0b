"""Report → passages of at most 400 characters, each with a precise :class:`Citation`.

Text cells split at their natural units (○ bullets with their ・ sub-bullets,
【…】 headings, sentences at 。); every table row is one passage that stands alone
(table title, row label, ``column header: value`` pairs), split across several
passages only when too wide, each part keeping the title and the row label.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .report import REFERENCE, Block, Report, parse
from .tables import Table, TableRow
from .text import sentences, tokenize

MAX_CHARS = 400


@dataclass(frozen=True)
class Citation:
    """Where a passage stands in the report, precise enough to quote."""

    section: str  # "I-5" (ASCII hyphen) or "参考資料"
    section_title: str
    policy: str | None  # 施策; for 課題 the 施策 it concerns; in 参考資料 the item title
    column: str | None  # 計画の概要 / 主な取組状況 / 課題; None in 参考資料
    page: int  # page of the report (参考資料 has its own numbering)
    table: str | None = None  # table title for a table row
    row: str | None = None  # row header path for a table row
    columns: tuple[str, ...] = ()  # column header paths covered by this passage
    line: int = 0  # line of the corpus file the passage comes from

    def __str__(self) -> str:
        parts = [self.section if self.section == REFERENCE else f"{self.section} {self.section_title}"]
        parts += [p for p in (self.policy, self.column) if p]
        if self.table or self.row:
            parts.append(" ".join(p for p in (self.table, self.row) if p))
        page = f"参考資料 p.{self.page}" if self.section == REFERENCE else f"p.{self.page}"
        return " › ".join(parts) + f" ({page})"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["columns"] = list(self.columns)
        return d


@dataclass(frozen=True)
class Passage:
    """A searchable unit: displayed text in the report's wording, its citation and tokens."""

    id: str
    text: str
    citation: Citation
    kind: str  # "text" | "table"
    context: str  # section › 施策 › column › heading: prepended for indexing, never displayed
    tokens: tuple[str, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "context": self.context,
            "citation": self.citation.to_dict(),
            "tokens": list(self.tokens),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Passage":
        c = dict(d["citation"])
        c["columns"] = tuple(c.get("columns", ()))
        return cls(d["id"], d["text"], Citation(**c), d["kind"], d["context"], tuple(d.get("tokens", ())))


def passages(report: Report) -> list[Passage]:
    """All passages of a report, in report order, with stable unique ids."""
    out: list[Passage] = []
    group: list[Block] = []

    def flush() -> None:
        if group:
            out.extend(_text_passages(group))
            group.clear()

    for block in report.blocks:
        if block.table is not None:
            flush()
            out.extend(_table_passages(block, block.table))
            continue
        if group and (_starts_group(block) or _cell_key(block) != _cell_key(group[0])):
            flush()
        group.append(block)
    flush()
    return _with_unique_ids(_merge_small(out))


MIN_CHARS = 60


def _merge_small(items: list[Passage]) -> list[Passage]:
    """Fold a tiny text passage (a lone heading, a one-line box) into its neighbour in the same cell."""
    out: list[Passage] = []
    for p in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and p.kind == prev.kind == "text"
            and _same_cell(prev.citation, p.citation)
            and (len(prev.text) < MIN_CHARS or len(p.text) < MIN_CHARS)
            and len(prev.text) + 1 + len(p.text) <= MAX_CHARS
        ):
            text = f"{prev.text}\n{p.text}"
            out[-1] = Passage(prev.id, text, prev.citation, "text", prev.context)
        else:
            out.append(p)
    return out


def _same_cell(a: Citation, b: Citation) -> bool:
    return (a.section, a.policy, a.column, a.page) == (b.section, b.policy, b.column, b.page)


def passages_from_corpus(corpus_dir: Path) -> list[Passage]:
    """Parse every ``*.txt`` report in a folder (sorted) and return their passages."""
    files = sorted(Path(corpus_dir).glob("*.txt"))
    result: list[Passage] = []
    for f in files:
        result.extend(passages(parse(f)))
    return result


# --- text ---------------------------------------------------------------------------


def _cell_key(b: Block) -> tuple:
    return (b.section, b.policy, b.column, b.page, b.heading if b.section == REFERENCE else None)


def _starts_group(b: Block) -> bool:
    """A ○ bullet or 【…】 heading opens a new group; ・ bullets and plain paragraphs continue it."""
    return b.text.startswith(("○", "●", "【", "◆", "■")) or (b.section == REFERENCE and b.heading == b.text)


def _context(b: Block) -> str:
    parts = [b.section_title if b.section != REFERENCE else REFERENCE, b.policy, b.column]
    if b.heading and b.heading != b.text:
        parts.append(b.heading)
    return " › ".join(p for p in parts if p)


def _text_passages(group: list[Block]) -> list[Passage]:
    first = group[0]
    pieces: list[str] = []
    for b in group:
        pieces.extend(_fit(b.text))
    texts = _pack(pieces)
    cit = Citation(first.section, first.section_title, first.policy, first.column, first.page, line=first.line)
    ctx = _context(first)
    return [_passage(t, cit, "text", ctx) for t in texts]


def _fit(text: str) -> list[str]:
    """A unit as pieces of at most MAX_CHARS: whole if it fits, else by sentence, else by length."""
    if len(text) <= MAX_CHARS:
        return [text]
    pieces: list[str] = []
    for sent in sentences(text):
        while len(sent) > MAX_CHARS:
            cut = sent.rfind("、", 0, MAX_CHARS) + 1 or MAX_CHARS
            pieces.append(sent[:cut])
            sent = sent[cut:]
        if sent:
            pieces.append(sent)
    return pieces


def _pack(pieces: list[str], sep: str = "\n") -> list[str]:
    """Greedy packing of consecutive pieces into texts of at most MAX_CHARS."""
    texts: list[str] = []
    cur = ""
    for p in pieces:
        if cur and len(cur) + len(sep) + len(p) > MAX_CHARS:
            texts.append(cur)
            cur = p
        else:
            cur = f"{cur}{sep}{p}" if cur else p
    if cur:
        texts.append(cur)
    return texts


# --- tables -----------------------------------------------------------------------


def _table_passages(block: Block, table: Table) -> list[Passage]:
    title = table.title if table.title and table.title != block.policy else None  # no "item › item" twice
    ctx = _context(block)
    out: list[Passage] = []
    for row in table.rows:
        out.extend(_row_passages(block, title, row, ctx))
    return out


def row_text(title: str | None, row: TableRow, cells: tuple[tuple[str, str], ...]) -> str:
    """``【title】 label — header: value, header: value``."""
    head = " ".join(p for p in (title, row.label) if p)
    body = ", ".join(f"{h}: {v}" if h else v for h, v in cells)
    return f"{head} — {body}" if head else body


def _row_passages(block: Block, title: str | None, row: TableRow, ctx: str) -> list[Passage]:
    parts: list[tuple[tuple[str, str], ...]] = []
    cur: list[tuple[str, str]] = []
    for cell in row.cells:
        trial = tuple(cur + [cell])
        if cur and len(row_text(title, row, trial)) > MAX_CHARS:
            parts.append(tuple(cur))
            cur = [cell]
        else:
            cur.append(cell)
    if cur or not parts:
        parts.append(tuple(cur))
    out = []
    for cells in parts:
        text = row_text(title, row, cells)
        if len(text) > MAX_CHARS:  # a single enormous cell: cut its value
            text = text[:MAX_CHARS]
        cit = Citation(
            block.section, block.section_title, block.policy, block.column, block.page,
            table=title, row=row.label or None, columns=tuple(h for h, _ in cells if h),
            line=block.line,
        )
        out.append(_passage(text, cit, "table", ctx))
    return out


# --- ids ----------------------------------------------------------------------------


def _passage(text: str, cit: Citation, kind: str, ctx: str) -> Passage:
    return Passage(id="", text=text, citation=cit, kind=kind, context=ctx)


def _with_unique_ids(items: list[Passage]) -> list[Passage]:
    """Ids from content (section, 施策, column, text), the same on every run and machine; and tokens, once
    passages are final (context + text: the context helps BM25 but is never displayed)."""
    seen: dict[str, int] = {}
    out = []
    for p in items:
        c = p.citation
        key = "\x1f".join(str(x) for x in (c.section, c.policy, c.column, c.table, c.row, p.text))
        base = f"{c.section}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        pid = base if n == 0 else f"{base}-{n}"
        out.append(Passage(pid, p.text, c, p.kind, p.context, tuple(tokenize(f"{p.context} {p.text}"))))
    return out


__all__ = ["Citation", "Passage", "passages", "passages_from_corpus", "MAX_CHARS"]
