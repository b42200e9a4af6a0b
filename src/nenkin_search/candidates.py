"""Answer candidates of a ranked passage: its table cells (by their coordinates: row, column, period, unit;
never parsed back out of text) or its bullets, sentences and pairs of adjacent sentences, a lead-in with the
items it introduces, and a bullet's result without its target's sentence.

Why a module of its own: what may be an answer is one question (here), which of them answers best another
(:mod:`nenkin_search.answer`); the two grew apart in size and reasons to change.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Callable
from functools import cached_property

from . import figures, periods
from .chunk import Cell
from .report import TARGET
from .search import Hit
from .text import sentences



@dataclass(frozen=True)
class Candidate:
    text: str  # what is shown
    hit: Hit
    cell: Cell | None = None
    label: str | None = None  # a cell's "row column"
    periods: tuple[str, ...] = ()  # period keys the candidate is about
    latest: bool = False  # a cell of the latest period among its row's cells of the same measure
    listing: bool = False  # a lead-in sentence with the items it introduces (「以下の取組を実施。」 + ・ lines)
    headed: bool = False  # (part of) such a lead-in or head, without its items
    unasked: bool = False  # a cell of one of several sibling rows whose own words the question never says

    @property
    def keys(self) -> str:
        """What the candidate says, for matching the question: a cell's row, column and value only; its
        table's title and context are shared by every cell of the row and so cannot choose between them."""
        return self.text

    @cached_property
    def figures(self) -> list[figures.Figure]:
        """The figures of the cell's value (or the text): read once, scoring asks several times."""
        return figures.parse(self.cell.value, cell=True) if self.cell is not None else figures.parse(self.text)

    @cached_property
    def mended(self) -> str:
        """The text as figures are read from it (:func:`figures.mend`): positions of clauses and figures."""
        return figures.mend(self.text)

    @property
    def said(self) -> str:
        """What the candidate itself says, mended: a cell's value (its row and column only label it), else the
        text. Its figures and dates are read from this."""
        return figures.mend(self.cell.value) if self.cell is not None else self.mended


def _stem(column: str) -> str:
    """A column header without its period or footnote marks: the measure it is about (厚生年金保険料 令和7年9月末 →
    厚生年金保険料; 件数（割合） 令和7年9月* is of one measure with 件数（割合） 令和6年度; 令和6年度末 with 令和7年9月末)."""
    return re.sub(r"[\s()（）]+", " ", _FOOTNOTE.sub("", _PERIOD_END.sub("", periods.remove(column, " ")))).strip()


#: what is left of a period's end once the period is removed (令和6年度末 → 末)
_PERIOD_END = re.compile(r"(?:(?<=\s)|^)(?:末|時点|現在)(?=[\s()（）]|$)")
#: a footnote mark on a header (令和7年9月*, 取組開始年度※1, 定期便^{※3})
_FOOTNOTE = re.compile(r"\^\{[^}]*\}|[*＊†]+|※\s*\d*")


def candidates(hit: Hit, long_bullet: int) -> list[Candidate]:
    """Answer candidates of one hit: its cells, or its bullets, sentences and adjacent sentence pairs."""
    p = hit.passage
    if p.cells:
        out = []
        for c in p.cells:
            label = f"{c.row} {c.column}".strip()
            month = periods.in_year(c.row, c.period) or periods.in_year(c.column, c.period)
            if month:
                c = replace(c, period=month)  # 9月単月 of a 【令和7年度】 table: FY2025-09, not the year
            # a cell is about its column's period and its row's (令和5年度分保険料 × 令和7年9月末)
            keys = [c.period] if c.period else []
            keys += [f.key for f in periods.find(c.row)]
            if not keys:  # 「令和7年度上半期の行動計画の進捗状況」: a cell without a period is of its table's
                keys = [k for f in periods.find(f"{p.citation.table or ''} {p.context}") for k in f.same()]
            out.append(Candidate(f"{label}: {c.value}" if label else c.value, hit, c, label, tuple(dict.fromkeys(keys))))
        return out
    out = []
    lines = [x.strip() for x in p.text.split("\n") if x.strip()]
    for i, line in enumerate(lines):
        if _REFERENCE.match(line):
            continue  # 「※1 具体的な取組内容は…を参照」 says where an answer is, not one
        items = []
        if _LEAD_IN.search(line) or line.startswith(_HEAD_MARKS):
            items = list(itertools.takewhile(lambda x: x.startswith(_ITEM_MARKS), lines[i + 1:]))
            if items:
                out.append(replace(_text_candidate("\n".join([line, *items]), hit), listing=True))
        said = sentences(line)
        if len(line) <= long_bullet:
            own = [line]
            # a target's sentence and a result's in one bullet (…を目標として計画を策定。9月末までに6.9万事業所
            # …を実施し、2.9万人を新たに適用。): the result alone is a candidate too, without the target's words
            # (every sentence on its own was tried: a result's sentence without its subject (その結果、335件が
            # 支給) then loses to the sentence before it; tune −2)
            result = [x for x in said if not TARGET.search(x)]
            if 0 < len(result) < len(said):
                own.append("".join(result))
        else:
            own = said + [a + b for a, b in zip(said, said[1:])]
        # a head with items under it is said in full only with them (for a question that asks no figure)
        out.extend(replace(_text_candidate(x, hit), headed=bool(items)) for x in own)
    return out


def continued(c: Candidate) -> Candidate:
    """The span with the next sentence of its bullet when that one goes on with the same measure (「…周知・広報を
    実施。さらに、…「氏名変更のお知らせ」を送付するとともに、…注意喚起を実施。」): for a question asking what was
    done or how, the second sentence is the rest of the answer, not another one. A cell, a span that ends its
    line, or a next sentence that starts anew, is returned as it is."""
    if c.cell is not None:
        return c
    text = c.hit.passage.text
    at = text.find(c.text)
    if at < 0:
        return c
    rest = text[at + len(c.text):].split("\n", 1)[0]
    nxt = sentences(rest)[:1]
    if not nxt or not _GOES_ON.match(nxt[0]) or not rest.startswith(nxt[0]):
        return c
    return replace(c, text=c.text + nxt[0])


#: a sentence that goes on with the measure of the one before it (さらに、 加えて、 あわせて、)
_GOES_ON = re.compile(r"(?:さらに|更に|加えて|あわせて|併せて)[、,]")


#: a note that only refers the reader elsewhere (※1 具体的な取組内容は「…」を参照)
_REFERENCE = re.compile(r"※\s*\d*\s*[^。]*を参照(?:のこと)?。?$")
#: a sentence that introduces the items below it (「以下の取組を実施。」): it says what was done only with them
_LEAD_IN = re.compile(r"(?:以下|次|下記)の.{0,30}[。:：]$|以下のとおり|次のとおり")
#: a top-level bullet: with ・ items under it, they say what it did (施行された改正事項について…を実施。・…の延長)
_HEAD_MARKS = ("○", "〇", "◯")
_ITEM_MARKS = ("・", "-", "‐", "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨")


def mark_latest(cands: list[Candidate], eligible: Callable[[Candidate], bool] | None = None) -> list[Candidate]:
    """Cells of the latest period among the candidates' cells of the same table and measure, holding a figure:
    the one a question that names no period wants (令和7年9月末 over 令和6年9月末; 今年度 over 昨年度). With
    ``eligible`` (a period asked: the cells of it), the latest of those only: 令和7年9月末 is not the latest
    of the 令和6年度 asked."""
    def group(c: Candidate) -> tuple:
        return (*c.hit.citation.table_key, _stem(c.cell.column))

    ends = {i: _period_end(c.cell.period) for i, c in enumerate(cands)
            if c.cell is not None and c.cell.period and c.figures and (eligible is None or eligible(c))}
    latest: dict[tuple, tuple] = {}
    for i, end in ends.items():
        latest[group(cands[i])] = max(latest.get(group(cands[i]), end), end)
    return [replace(c, latest=True) if i in ends and latest[group(c)] == ends[i] else c
            for i, c in enumerate(cands)]


#: after a period, an event it dates in a clause that names a thing (「令和6年10月に運用を開始した電子入札システム」):
#: the date of the thing's start, not the period a figure beside it is of
_DATES_A_THING = re.compile(r"\s*(?:に|から|より)[^、。]{0,12}?(?:開始|導入|施行|稼働|開設|設置|創設)(?:した|された)(?=[^\s、。])")


def _text_candidate(text: str, hit: Hit) -> Candidate:
    keys = []
    norm = unicodedata.normalize("NFKC", text)
    found = periods.spans(norm)
    # a period that only dates a thing's start is none of the sentence's figures' (令和6年度 asked of 「令和6年10月
    # に運用を開始した電子入札システムの…令和7年度（4～9月）の電子応札率は88.9%」: not of 令和6年度)
    named = [p for _, b, p in found if not _DATES_A_THING.match(norm, b)] or [p for _, _, p in found]
    for f in named + periods.dated_month_ends(text):
        keys.append(f.key)
        if f.month is not None:
            keys.append(f"FY{f.year}")
    return Candidate(text, hit, periods=tuple(dict.fromkeys(keys)))


def _period_end(key: str) -> tuple:
    period = periods.Period.from_key(key)
    return period.end if period else (0, 0)
