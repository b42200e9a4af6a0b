"""The report's structure: sections, 施策 rows, columns, pages, and 参考資料 items.

The input is text extracted from the PDF: each section page starts with a header
line (``I – 5 年金給付``) and a column header (``施策⇥令和7年度計画の概要⇥…``),
then one line per 施策 row with HTML cells, each HTML table followed by a
tab-separated flattened copy of itself. 参考資料 is free text and tab-separated
tables under the titles of its own table of contents. :func:`parse` turns this
into :class:`Block` units (a bullet, a paragraph or a table) that know their
section, 施策, column, page and source line.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorpusError
from .tables import Table, clean, has_values, is_flattened_copy, parse_fragment, split_tsv_line, table_from_html, table_from_tsv
from .text import match_key

PLAN, PROGRESS, CHALLENGE = "計画の概要", "主な取組状況", "課題"
#: words of a target or a plan, not of a result (a plan's sentence, a target row: 標準的な処理期間の目標)
TARGET = re.compile(r"目指す|目指し|目標|以上を維持|以上とする|を図る|計画件数|見込")
REFERENCE = "参考資料"
#: the row of next year's challenges, named after the report's next fiscal year (令和8年度計画策定に向けた課題)
CHALLENGE_ROW = re.compile(r"^(?:令和|平成)\s*(?:\d+|元)\s*年度計画策定に向けた課題$")

_SECTION_HEADER = re.compile(r"^(III|II|I)\s*[–\-－—]\s*(\d)\s+(.+?)\s*$")
_TOC_ENTRY = re.compile(r"^(\d)\.\s*(.+?)\t(\d+)\s*$")
_TOC_PART = re.compile(r"^(III|II|I)\s+\S")
#: the column header line of every section page; its year is the report's edition (令和7年度)
_COLUMN_HEADER = re.compile(r"^施策\t((?:令和|平成)\s*(?:\d+|元)\s*年度)計画の概要\t")
_FOOTER = re.compile(r"^\s*\d{1,2}\s*$")  # a lone page number left by the PDF
_RULE = re.compile(r"^[\s\-–—\t]+$")  # "-----------------⇥--": a drawn line
_MARKER = re.compile(r"(?:^|\s)(?=[○●◆■□◇・【※])")
_BLOCK_TAGS = {"p", "ul", "ol", "li", "div", "br", "tr", "table"}


@dataclass(frozen=True)
class Block:
    """One unit of the report: a bullet/paragraph of text, or a table."""

    section: str  # "I-5" or "参考資料"
    section_title: str
    policy: str | None  # the 施策 (for 課題 rows: the 【…】 施策 it concerns; 参考資料: the item)
    column: str | None  # 計画の概要 / 主な取組状況 / 課題; None in 参考資料
    page: int
    line: int  # 1-based line of the corpus file
    text: str = ""  # displayed text of a text unit, in the report's wording
    table: Table | None = None
    heading: str | None = None  # the ○/【…】/sub-title this unit sits under (context only)
    lead: str | None = None  # for a table: the text right before it in its cell, which says what it counts

    @property
    def kind(self) -> str:
        return "table" if self.table is not None else "text"


@dataclass
class Section:
    id: str
    title: str
    page: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    """The parsed report: its title, sections in order (参考資料 last) and 参考資料's contents."""

    path: Path
    title: str
    sections: list[Section]
    reference_items: list[tuple[str, int]]  # (title, page) from 参考資料's own contents
    edition: str | None = None  # the fiscal year the report is about, as its column headers say (令和7年度)

    @property
    def name(self) -> str:
        """The report's short name: its file stem (what passages and citations carry as ``report``)."""
        return self.path.stem

    @property
    def blocks(self) -> list[Block]:
        return [b for s in self.sections for b in s.blocks]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)


def read_corpus_text(path: Path) -> str:
    """Read a corpus file as UTF-8, with errors that name the file and the line."""
    data = Path(path).read_bytes()
    if not data.strip():
        raise CorpusError(path, None, "the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(path, line, "not UTF-8 text (is it Shift_JIS? convert it with iconv -f SHIFT_JIS -t UTF-8)") from None
    return text


def parse(path: Path) -> Report:
    """Parse one report file into sections of :class:`Block` units."""
    path = Path(path)
    lines = read_corpus_text(path).splitlines()
    title = next((clean(line) for line in lines if line.strip()), "")
    toc = _section_toc(lines)
    if not toc:
        raise CorpusError(path, 1, "no table of contents (lines like '1. 国民年金の適用促進対策⇥2') found")
    ref_start = _reference_start(lines)
    sections = _parse_sections(path, lines[:ref_start], toc)
    ref_items, ref_section = _parse_reference(path, lines, ref_start)
    if ref_section is not None:
        sections.append(ref_section)
    edition = next((m.group(1) for line in lines if (m := _COLUMN_HEADER.match(line))), None)
    return Report(path=path, title=title, sections=sections, reference_items=ref_items, edition=edition)


# --- table of contents and section pages ------------------------------------------


def _section_toc(lines: list[str]) -> dict[str, tuple[str, int]]:
    """Section id → (TOC title, first page), from the contents on the first page."""
    toc: dict[str, tuple[str, int]] = {}
    part = None
    for line in lines[:80]:
        stripped = line.strip()
        if _TOC_PART.match(stripped) and "\t" not in stripped:
            part = _TOC_PART.match(stripped).group(1)
            continue
        m = _TOC_ENTRY.match(stripped)
        if m and part:
            toc[f"{part}-{m.group(1)}"] = (clean(m.group(2)), int(m.group(3)))
    return toc


def _reference_start(lines: list[str]) -> int:
    """Index of the 参考資料 title line (its own contents follow), or len(lines)."""
    for i, line in enumerate(lines):
        key = match_key(line)
        if key in {"参考資料", "参考资料"} and i > 40:
            return i
    return len(lines)


def _section_header(line: str) -> tuple[str, str] | None:
    m = _SECTION_HEADER.match(line.strip())
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2)}", clean(m.group(3))


# --- sections I-1 … III-4 ------------------------------------------------------------


@dataclass
class _State:
    path: Path | None = None
    section: Section | None = None
    page: int = 0
    policy: str | None = None
    last_tables: list[Table] = field(default_factory=list)
    last_column: str | None = None


def _parse_sections(path: Path, lines: list[str], toc: dict[str, tuple[str, int]]) -> list[Section]:
    sections: list[Section] = []
    st = _State(path=path)
    started = False
    plain: list[tuple[int, str]] = []  # plain-text lines of a page without a table (II-1's last page)
    for i, raw in enumerate(lines):
        lineno = i + 1
        header = _section_header(raw)
        if header:
            started = True
            _flush_plain(st, plain)
            sid, stitle = header
            if st.section is None or st.section.id != sid:
                if sid not in toc:
                    raise CorpusError(path, lineno, f"section {sid} is not in the table of contents")
                st.section = Section(id=sid, title=stitle, page=toc[sid][1])
                sections.append(st.section)
                st.page = toc[sid][1]
                st.policy = None
            else:
                st.page += 1  # each repeated header line starts a new page
            st.last_tables = []
            continue
        if not started or not raw.strip():
            continue
        if _COLUMN_HEADER.match(raw) or _RULE.match(raw) or _FOOTER.match(raw):
            continue
        if raw.startswith("※主な取組を下線で表示"):
            continue  # a layout note of the PDF (underlines mark the main items), not content
        fields = raw.split("\t")
        if _is_row(fields):
            _flush_plain(st, plain)
            _add_row(path, st, lineno, fields)
        elif "\t" in raw:
            if not is_flattened_copy([raw], st.last_tables):
                raise CorpusError(path, lineno, "a tab-separated line that matches no table of its 施策 row (a table cut in half?)")
        elif raw.lstrip().startswith(("○", "・")) and st.last_column:
            # a stray paragraph under a table: it continues the cell above (II-4)
            _add_cell(st, lineno, st.last_column, raw)
        else:
            plain.append((lineno, raw))
    _flush_plain(st, plain)
    return sections


def _is_row(fields: list[str]) -> bool:
    """A 施策 row line: a cell holding HTML, a ○ bullet or a 【…】 heading."""
    if len(fields) < 2:
        return False
    return any(f.strip().startswith(("<", "○", "【")) for f in fields[:3])


def _add_row(path: Path, st: _State, lineno: int, fields: list[str]) -> None:
    name = clean(fields[0])
    cells = fields[1:3]
    if name.startswith(("<", "○", "【")):
        # the 施策 column was dropped by the extraction: the row continues the one above
        name, cells = "", fields[0:2]
    if name:
        st.policy = name
    if st.policy is None:
        raise CorpusError(path, lineno, "a row without a 施策 name and no row above it")
    st.last_tables = []
    if CHALLENGE_ROW.match(st.policy):
        text = " ".join(c for c in cells if c.strip())
        _add_cell(st, lineno, CHALLENGE, text)
        return
    for column, cell in zip((PLAN, PROGRESS), cells):
        if cell.strip():
            _add_cell(st, lineno, column, cell)


def _add_cell(st: _State, lineno: int, column: str, cell_html: str) -> None:
    """Split one cell into text units and tables, each a :class:`Block`."""
    if "<table" in cell_html and cell_html.count("<table") != cell_html.count("</table>"):
        raise CorpusError(st.path, lineno, "an HTML table is cut in half (<table> without </table>)")
    section = st.section
    assert section is not None
    heading: str | None = None
    topic = st.policy
    lead: str | None = None
    for kind, value in cell_units(cell_html):
        if kind == "table":
            st.last_tables.append(value)
            section.blocks.append(Block(section.id, section.title, topic, column, st.page, lineno, table=value,
                                        heading=heading, lead=lead))
            continue
        text: str = value
        lead = text
        if text.startswith("【") and text.endswith("】"):
            heading = text
            if column == CHALLENGE:
                topic = text.strip("【】")  # 課題 rows name the 施策 they concern
            continue
        if text.startswith(("○", "●")) and len(text) <= 40:
            heading = text  # a short ○ line heads the ・ bullets below it
        section.blocks.append(Block(section.id, section.title, topic, column, st.page, lineno, text=text, heading=heading))
    st.last_column = column


_CAPTION = re.compile(r"^(【[^】]+】)\s*(※.*)?$", re.S)


def _caption(out: list[tuple[str, object]]) -> str | None:
    """The 【…】 title of the table about to be added, taken off ``out``; None if the last unit is no title.

    A title may carry its ※ note in the same unit (「【納付方法別の納付月数】※括弧内は…（単位：万月）」):
    the title goes to the table's rows, the note stays text.
    """
    m = _CAPTION.match(str(out[-1][1]).strip())
    if not m:
        return None
    out.pop()
    if m.group(2):
        out.append(("text", m.group(2).strip()))
    return m.group(1)


def cell_units(cell_html: str) -> list[tuple[str, object]]:
    """A cell's content in order: ("text", unit) and ("table", Table).

    Units are split at ○/・/【/※ markers and block tags. A 【…】 line right before a
    table is its title.
    """
    root = parse_fragment(cell_html)
    out: list[tuple[str, object]] = []
    buf: list[str] = []

    def flush() -> None:
        for unit in _split_units("".join(buf)):
            out.append(("text", unit))
        buf.clear()

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table":
            flush()
            title = None
            if out and out[-1][0] == "text":
                title = _caption(out)
            out.append(("table", table_from_html(el, title)))
            return
        if tag in _BLOCK_TAGS:
            buf.append("\n")
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if tag in _BLOCK_TAGS:
            buf.append("\n")

    walk(root)
    flush()
    return out


def _split_units(text: str) -> list[str]:
    units: list[str] = []
    for para in text.split("\n"):
        for piece in _MARKER.split(para):
            piece = clean(piece)
            if piece:
                units.append(piece)
    return units


def _flush_plain(st: _State, plain: list[tuple[int, str]]) -> None:
    """A page with no table (II-1's last page): a next-year 課題 list with 【施策】 headings."""
    if not plain or st.section is None:
        plain.clear()
        return
    joined = "".join(clean(t) for _, t in plain[:2])
    is_challenge = "計画策定に向けた課題" in joined
    topic = _challenge_row_name(plain) if is_challenge else st.policy
    heading = None
    for lineno, raw in plain:
        text = clean(raw.lstrip("-").strip())
        if is_challenge and ("計画策定に向けた課題" in text or _YEAR_ONLY.match(text) or text == "度計画策定に向けた課題"):
            continue
        if text.startswith("【") and text.endswith("】"):
            heading = text
            topic = text.strip("【】") if is_challenge else topic
            continue
        column = CHALLENGE if is_challenge else st.last_column
        st.section.blocks.append(
            Block(st.section.id, st.section.title, topic, column, st.page, lineno, text=text, heading=heading)
        )
    plain.clear()


_YEAR_ONLY = re.compile(r"^(?:令和|平成)\s*(?:\d+|元)\s*年度$")


def _challenge_row_name(plain: list[tuple[int, str]]) -> str:
    """The challenge row's name from a plain page's first lines, which the PDF broke in two."""
    joined = "".join(clean(t) for _, t in plain[:2]).replace(" ", "")
    m = re.search(r"(?:令和|平成)(?:\d+|元)年度計画策定に向けた課題", joined)
    return m.group(0) if m else "計画策定に向けた課題"


# --- 参考資料 ----------------------------------------------------------------------------


def _parse_reference(path: Path, lines: list[str], start: int) -> tuple[list[tuple[str, int]], Section | None]:
    if start >= len(lines):
        return [], None
    items: list[tuple[str, int]] = []
    i = start + 1
    toc_end = i
    for j in range(start + 1, min(start + 60, len(lines))):
        cells = split_tsv_line(lines[j])
        if len(cells) == 2 and cells[1].isdigit():
            items.append((cells[0], int(cells[1])))
            toc_end = j + 1
    if not items:
        raise CorpusError(path, start + 1, "参考資料 has no table of contents")
    section = Section(id=REFERENCE, title=REFERENCE, page=items[0][1])
    # find each item's title line in order after the contents
    starts: list[int] = []
    pos = toc_end
    for title, _ in items:
        found = _find_title(lines, pos, title)
        if found is None:
            raise CorpusError(path, pos + 1, f"参考資料 item not found: {title}")
        starts.append(found)
        pos = found + 1
    for k, (title, page) in enumerate(items):
        end = starts[k + 1] if k + 1 < len(items) else len(lines)
        _parse_reference_item(section, title, page, lines, starts[k] + 1, end, _part_printed(title, lines[starts[k]]))
    return items, section


def _find_title(lines: list[str], start: int, title: str) -> int | None:
    key = match_key(title)
    best, best_score = None, 0.0
    for j in range(start, len(lines)):
        line = lines[j].strip()
        if not line or "\t" in line or len(line) > 140 or line.startswith("-"):
            continue
        lk = re.sub(r"^\d+\.", "", match_key(line))
        prefix = len(os.path.commonprefix([lk, key]))
        if lk == key or (len(lk) >= 8 and lk in key) or (len(key) >= 8 and key in lk) or prefix >= 10:
            return j
        score = difflib.SequenceMatcher(None, lk, key).ratio()
        if score > best_score:
            best, best_score = j, score
        if j - start > 400:
            break
    return best if best_score >= 0.75 else None


def _part_printed(item: str, line: str) -> str | None:
    """The part of a contents entry naming several things (年金事務所の来訪相談件数・予約件数) that its title line in
    the body names alone (年金事務所の来訪相談件数): the tables under it are that part's; None otherwise."""
    printed = clean(line.strip())
    if "・" not in item or match_key(printed) == match_key(item) or match_key(printed) not in match_key(item):
        return None
    return printed


def _parse_reference_item(section: Section, item: str, page: int, lines: list[str], start: int, end: int,
                          part: str | None = None) -> None:
    """The blocks of one 参考資料 item; ``part``: the one thing of several its entry names that its title line
    names alone (:func:`_part_printed`), which its tables count (``Table.of``) until a heading names another of
    them (年金事務所の予約件数（月別）): a table of 来訪相談件数 is not one of 予約件数, though the entry names both."""
    others = [x for x in item.split("・") if part and match_key(x) not in match_key(part)]
    heading: str | None = None
    j = start
    while j < end:
        raw = lines[j]
        text = raw.strip()
        if not text:
            j += 1
            continue
        if "\t" in raw and len(split_tsv_line(raw)) >= 2:
            k = j
            while k < end and "\t" in lines[k] and len(split_tsv_line(lines[k])) >= 2:
                k += 1
            if has_values(lines[j:k]):
                table = table_from_tsv(lines[j:k], heading or item)
                table.of = part
                last = section.blocks[-1] if section.blocks else None
                if last is not None and last.table is None and heading and last.text == heading:
                    section.blocks.pop()  # the heading line is the table's title, not a passage
                section.blocks.append(Block(REFERENCE, REFERENCE, item, None, page, j + 1, table=table, heading=heading))
            else:  # text laid out in columns (boxes of a leaflet): one unit per cell
                for n in range(j, k):
                    for cell in split_tsv_line(lines[n]):
                        if cell:
                            section.blocks.append(Block(REFERENCE, REFERENCE, item, None, page, n + 1, text=cell, heading=heading))
            j = k
            continue
        text = _unmark(clean(re.sub(r"^[-|]\s*", "", text)))
        if text and not _RULE.match(text):
            is_heading = _looks_like_heading(text)
            if is_heading:
                heading = text
                if any(match_key(x) in match_key(text) for x in others):
                    part = None  # the entry's other thing is headed now: its tables are not the first's
            section.blocks.append(Block(REFERENCE, REFERENCE, item, None, page, j + 1, text=text, heading=heading))
        j += 1


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _unmark(text: str) -> str:
    """Drop the Markdown the PDF extraction added (``**bold**``, ``[label](#)``), keep the words."""
    return _MD_LINK.sub(r"\1", text).replace("**", "")


def _looks_like_heading(text: str) -> bool:
    """Short titles such as 【過年度累計】, (1) 年金事務所の進捗状況, 年度実績."""
    if len(text) > 60 or text.endswith("。") or text.startswith(("※", "(注", "・")):
        return False
    return bool(re.match(r"^(【.+】|\(\d\)|（\d）|\d\.|<.+>|＜.+＞)", text)) or len(text) <= 30
