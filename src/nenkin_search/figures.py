"""The one figure parser: what counts as a figure in the report, whole, with its value and unit.

Used by passages (a table cell's unit), answers (the 数値 line), the lexical
tokens (whole figures as tokens) and the eval (figure accuracy), so a figure is
read the same way everywhere. Why a parser and not a regex per use: the report
prints amounts as ``18兆6,617億円`` (one figure, not ``6,617億円``), the PDF text
splits numbers (``1, 629万人``), durations come in two parts (``13時間34分``),
and dates look like figures (``令和7年11月28日``, ``9月``) but never are one.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from .glyphs import modern

# "2, 123万件" / "1, 629万人": a thousands separator followed by PDF spacing.
_PDF_NUM_SPACE = re.compile(r"(?<=\d),\s+(?=\d{3}(?!\d))")

#: unit → (kind, base unit); longest first when matching
_UNITS: dict[str, tuple[str, str]] = {
    "事業所": ("count", "事業所"), "団体": ("count", "団体"), "拠点": ("count", "拠点"), "ブース": ("count", "ブース"),
    "ポイント": ("rate", "pt"), "pt": ("rate", "pt"), "%": ("rate", "%"),
    "件": ("count", "件"), "人": ("count", "人"), "名": ("count", "人"), "社": ("count", "社"), "回": ("count", "回"),
    "項目": ("count", "項目"), "通": ("count", "通"), "台": ("count", "台"), "カ所": ("count", "か所"),
    "か所": ("count", "か所"), "箇所": ("count", "か所"), "ヵ所": ("count", "か所"), "機関": ("count", "機関"),
    "事務所": ("count", "事務所"), "契約": ("count", "契約"), "部署": ("count", "部署"), "種類": ("count", "種類"),
    "枚": ("count", "枚"), "市区町村": ("count", "市区町村"), "帳票": ("count", "帳票"),
    "倍": ("ratio", "倍"), "円": ("amount", "円"),
    "時間": ("duration", "分"), "分": ("duration", "分"), "日": ("duration", "日"),
    "か月": ("duration", "か月"), "ヶ月": ("duration", "か月"), "カ月": ("duration", "か月"), "ヵ月": ("duration", "か月"),
    "週間": ("duration", "週間"), "年間": ("duration", "年間"), "年連続": ("count", "年連続"),
    "年目": ("count", "年目"), "つ": ("count", "つ"),
}
_MULT = {"万": 1e4, "億": 1e8, "兆": 1e12, "千": 1e3, "百万": 1e6, "千万": 1e7}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT_RE = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
# a number with 兆/億/万 parts (18兆6,617億) or in 百万 (6,800百万円), then an optional unit; or X時間Y分
_FIGURE = re.compile(
    # a sign: +, ▲ / △ (the report's minus), or a hyphen-minus not after a digit or letter, where it is no
    # range's dash (「1,330万人 (-1.2%)」: minus 1.2 %; 「4-9月」: a range)
    rf"(?P<approx>約|およそ|概ね)?(?P<sign>(?:[+▲△]|(?<![\dA-Za-z.,])[-−])(?=\d))?"
    rf"(?P<num>(?:(?:{_NUM})[兆億](?:{_NUM})?(?:[億万千])?|(?:{_NUM})(?:百万|千万|[万千])?))"
    rf"(?P<unit>{_UNIT_RE})?"
    rf"(?P<min>(?<=時間)\d+分)?"
)
_ERA_BEFORE = re.compile(r"(?:令和|平成|昭和|[RHS])\s*$")
_PART = re.compile(rf"({_NUM})(百万|千万|[兆億万千]?)")


@dataclass(frozen=True)
class Figure:
    """One figure as printed (PDF spacing mended), with its value in the base unit and its kind."""

    text: str  # "18兆6,617億円", "約1,660万件", "13時間34分", "97.7%"
    value: float  # 18661700000000.0, 16600000.0, 814.0 (minutes), 97.7
    unit: str  # base unit: 円, 件, 人, %, pt, 分 (durations in minutes), 日, か月, 事業所, …; "" when none printed
    kind: str  # amount | count | rate | duration | ratio | number
    start: int = 0  # position in the mended text (see :func:`mend`)
    end: int = 0

    def same_as(self, other: "Figure") -> bool:
        """Equal value and unit (``約1,660万件`` = ``16,600,000件``); the eval's figure accuracy."""
        return self.unit == other.unit and abs(self.value - other.value) <= 1e-9 * max(1.0, abs(self.value))


# "339,149 億円" in tab-separated tables: a space between a number and its unit
_UNIT_SPACE = re.compile(rf"(?<=\d) (?=(?:百万|千万|[兆億万千])?(?:{_UNIT_RE}))")


#: the WAVE DASH that Japanese keyboards type for a range (41〜50人), which NFKC keeps, read as the FULLWIDTH TILDE
#: the report prints (41人～50人, NFKC ~): one character for one, so positions are unchanged
_WAVE_DASH = str.maketrans({"\u301c": "~"})


def mend(text: str) -> str:
    """NFKC, old character forms as today's (客觀 → 客観, :mod:`glyphs`), the wave dash as a tilde and PDF number
    spacing mended (``1, 629万人`` → ``1,629万人``): the form figures are read from, and every text is analysed in."""
    return _UNIT_SPACE.sub("", _PDF_NUM_SPACE.sub(",", modern(unicodedata.normalize("NFKC", text)).translate(_WAVE_DASH)))


def mend_spacing(text: str) -> str:
    """Only the PDF number spacing mended, the report's characters otherwise kept (for displayed text)."""
    return re.sub(r"(?<=\d)[,，]\s+(?=\d{3}(?!\d))", lambda m: m.group(0)[0], text)


def _number(num: str) -> float:
    total, rest = 0.0, num
    for part, mult in _PART.findall(rest):
        total += float(part.replace(",", "")) * _MULT.get(mult, 1.0)
    return total


def _is_date(text: str, m: re.Match) -> bool:
    """Years, months and days are periods and dates, never figures."""
    after = text[m.end("num"): m.end("num") + 2]
    before = text[max(0, m.start("num") - 4): m.start("num")]
    num = m.group("num")
    if after.startswith(("年", "月")) and not text.startswith(("年連続", "年間", "年目"), m.end("num")):
        return True  # 令和7年, 2025年, 9月, 7年度 (but 3年間, 2年連続, 10年目 are figures)
    if m.group("unit") == "日" and re.search(r"\d月\s*$", before):
        return True  # 11月28日
    if _ERA_BEFORE.search(before) or re.search(r"FY\s*$", before, re.I):
        return True  # R7, H26, FY2024
    if not m.group("unit") and re.fullmatch(r"(19|20)\d\d", num) and not after.startswith(("万", "億")):
        return m.group("approx") is None  # a bare 2025 is a year
    return False


def parse(text: str, cell: bool = False) -> list[Figure]:
    """Every figure of ``text`` in order. A bare number counts only with a comma or decimals (``185,856``), or
    as the value of a table ``cell`` (「不適事項件数: 3※」, 「178」), where it cannot be a list marker."""
    norm = mend(text)
    out: list[Figure] = []
    for m in _FIGURE.finditer(norm):
        num, unit = m.group("num"), m.group("unit") or ""
        if m.start("num") > 0 and norm[m.start("num") - 1] in ".,":
            continue  # the tail of another number
        if _is_date(norm, m):
            continue
        if not unit and not re.search(r"[,.兆億万千]", num) and not cell:
            continue  # "第3号", "1." list markers, "(1)"
        value = _number(num) * (-1 if m.group("sign") in ("▲", "△", "-", "−") else 1)
        kind, base = _UNITS.get(unit, ("number", ""))
        if unit == "時間":
            value *= 60
            if m.group("min"):
                value += float(m.group("min")[:-1])
        start = m.start()
        out.append(Figure(norm[start: m.end()], value, base, kind, start, m.end()))
    return out


#: a table label that gives a bare number its kind (平均所要日数: 23.6 is a duration; 収納済額 an amount)
LABEL_KINDS = {"duration": re.compile(r"日数|時間|期間"), "amount": re.compile(r"額|円"), "rate": re.compile(r"率|割合")}


#: units that count the same things in this report's words
SAME_UNITS: dict[str, tuple[str, ...]] = {
    "社": ("社", "事業所"), "事業所": ("事業所", "社", "か所"), "か所": ("か所", "拠点", "事務所", "事業所"),
    "拠点": ("拠点", "か所", "事務所"),
    # documents sent are counted in 件 (特別催告状の送付件数), never in 社 or 人
    "通": ("通", "件"),
    # 何件 counts cases of anything countable that is not a person (委任した件数は何件: 12事業所), where the
    # figure's clause says what was counted (fit._cases)
    "件": ("件", "事業所", "社", "契約", "団体")}


def in_cell(f: Figure, label: str) -> Figure:
    """A cell's figure with the kind its row or column label gives a bare number (応答率: 74.4 a rate; 応答呼数:
    556,698 a count; 平均所要日数: 23.6 a duration); printed units keep theirs."""
    if f.kind != "number":
        return f
    kind = next((k for k, said in LABEL_KINDS.items() if said.search(label)), "count" if "数" in label else "number")
    return replace(f, kind=kind)


def could_answer(f: Figure, answer_type: str | None, unit: str = "") -> bool:
    """Whether ``f`` could answer a question asking a figure of ``answer_type`` (and ``unit``): by kind, or for a
    count by a unit that counts the same things (何社: 事業所). A bare number could answer anything (its unit is in
    a table's header); a question asking no figure kind (どれくらい) is answered by any. Passage-level: the
    answer's own fit (its clause, its cell's label) is :mod:`nenkin_search.fit`'s."""
    if answer_type not in ("count", "rate", "amount", "duration") or f.kind == "number":
        return True
    if answer_type == "count" and unit:
        # a count whose unit a header gives (応答呼数), one in the unit asked or its kin; any count for 何件
        return f.kind == "count" and (not f.unit or unit == "件" or f.unit in SAME_UNITS.get(unit, (unit,)))
    return f.kind == answer_type


def first(text: str, kinds: tuple[str, ...] | None = None) -> Figure | None:
    """The first figure (of one of ``kinds``, when given)."""
    return next((f for f in parse(text) if kinds is None or f.kind in kinds), None)
