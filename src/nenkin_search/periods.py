"""Periods: 和暦 and 西暦 years, fiscal years, month ends and half years, read the same way in
questions, passages and table headers.

The report writes 令和7年度, 令和7年9月末, 令和元年度, H26/R7 (参考資料's year columns) and
R7.9末; people ask about 2023年度, FY2024, R1 or 令和元年, and write dates in kanji (令和六年度, 二〇二三年)
or kana (れいわななねん くがつまつ): :func:`arabic` and :func:`kana_dates` read those first. A :class:`Period`
is one canonical value for all of these, so that:

* lexical tokens of a question and of a passage meet whichever calendar each uses
  (:func:`tokens` gives both the 和暦 and the 西暦 form of every period);
* a question's period selects the table cell of that period, and a question with
  none selects the latest (:attr:`Period.end`, the month the period ends in).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988, "S": 1925}
_ERA_NAMES = (("令和", 2019), ("平成", 1989), ("昭和", 1926))

_Y = r"(?:\d{1,2}|元)"
_PATTERN = re.compile(
    r"(?P<era>令和|平成|昭和)\s*(?P<ey>" + _Y + r")\s*年(?P<fy>度)?"
    r"|(?<![A-Za-z0-9])(?P<abbr>[RHS])\s?(?P<ay>" + _Y + r")(?:年度|(?![\d年A-Za-z]))"
    r"|(?<![A-Za-z0-9])FY\s?(?P<fyy>(?:19|20)?\d\d)(?!\d)"
    r"|(?<![\d,.])(?P<wy>(?:19|20)\d\d)\s*年(?P<wfy>度)?"
)
# after a year: a month (9月末, 9月, .9末) and a half (上期, 上半期, 下期)
_MONTH = re.compile(r"\s*(?:\.|/)?\s*(?P<m>1[0-2]|0?[1-9])\s*(?:月)?(?P<end>末)?(?:(?<=月)|(?<=末))")
#: after a year, months from one to another: 令和7年4月から9月, 2025年4～9月
_MONTH_SPAN = re.compile(r"\s*(?P<m1>1[0-2]|[1-9])\s*月?\s*(?:から|~|～|〜|-)\s*(?P<m2>1[0-2]|[1-9])\s*月(?:まで)?")
#: what joins a fiscal year to a month of it: 令和7年度の6月, 今年度（令和7年度）の6月, 昨年度6月 (nothing between;
#: not a space: 「令和7年度 9月末」 is a table's row and column, whose words the question's 「…（9月末時点）」 must
#: still meet)
_OF_FISCAL = re.compile(r"(?:\s*[)）]?\s*の\s*|(?=\d))(?=(?:1[0-2]|[1-9])\s*月)")
#: what joins a calendar year to a month of it: 令和7年の4月
_OF_YEAR = re.compile(r"\s*の\s*(?=(?:1[0-2]|[1-9])\s*月(?!\s*(?:から|~|～|〜|-)))")
#: a fiscal year's months in brackets after it: 令和7年度（4～9月）, 2025年度(4月～9月)
_BRACKETED_SPAN = re.compile(r"\s*[（(]\s*(?P<m1>1[0-2]|[1-9])\s*月?\s*(?:から|~|～|〜|-)\s*(?P<m2>1[0-2]|[1-9])\s*月(?:まで)?\s*[)）]")
#: months from one to another that make a half of a fiscal year
_HALVES = {(4, 9): "上期", (10, 3): "下期"}
_KEY = re.compile(r"(FY|CY)(\d{4})(?:-(\d{2}))?(H[12])?$")  # Period.key's form
#: after a year, a half of it (令和7年度上半期, 2025年度（上期）, 令和7年度の上半期; 「今年度も上半期だけで」,
#: 「令和7年度は上期で」: the year's half as much)
_HALF = re.compile(r"\s*(?:[のもは]\s*)?[（(]?(?P<half>上期|上半期|下期|下半期|第[1-4１-４]四半期)[）)]?")


@dataclass(frozen=True)
class Period:
    """A fiscal year (``fiscal``: April–March), a calendar year, or a month of one, in 西暦."""

    year: int
    fiscal: bool = True
    month: int | None = None
    half: str | None = None  # 上期 / 下期
    text: str = ""  # as written

    @property
    def end(self) -> tuple[int, int]:
        """(year, month) the period ends in: orders periods from oldest to latest."""
        if self.month is not None:
            return (self.year + (1 if self.fiscal and self.month <= 3 else 0), self.month)
        if self.half in ("上期", "上半期"):
            return (self.year, 9)
        return (self.year + 1, 3) if self.fiscal else (self.year, 12)

    @property
    def key(self) -> str:
        """A canonical label: ``FY2025``, ``FY2025-09``, ``FY2025H1``, ``CY2025``."""
        head = f"FY{self.year}" if self.fiscal else f"CY{self.year}"
        if self.month is not None:
            return f"{head}-{self.month:02d}"
        return head + ("H1" if self.half in ("上期", "上半期") else "H2" if self.half in ("下期", "下半期") else "")

    @classmethod
    def from_key(cls, key: str) -> Period | None:
        """The period a :attr:`key` names (``FY2025-09``), or None for anything else: table cells store
        their period as its key."""
        m = _KEY.match(key)
        if not m:
            return None
        kind, year, month, half = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        return cls(year, kind == "FY", int(month) if month else None, {"H1": "上期", "H2": "下期"}.get(half or ""))

    def same(self) -> set[str]:
        """Keys that name the same figures: a first half (上期, 上半期) is what the report reports as of its
        last month (令和7年度上期 = 令和7年9月末), and a fiscal year as of its March end (令和6年度 =
        令和7年3月末), so each stands for the other."""
        if self.fiscal and self.month is None and self.half in ("上期", "上半期"):
            return {self.key, f"FY{self.year}-09"}
        if self.fiscal and self.month == 9:
            return {self.key, f"FY{self.year}H1"}
        if self.fiscal and self.month == 3:  # 令和7年3月末 closes 令和6年度: the year's figure
            return {self.key, f"FY{self.year}"}
        if self.fiscal and self.month is None and self.half is None:
            return {self.key, f"FY{self.year}-03"}
        return {self.key}

    @property
    def calendar_year(self) -> int:
        """The calendar year a month is in (令和8年2月 of 令和7年度: 2026); a year's own otherwise."""
        return self.year + (1 if self.fiscal and self.month is not None and self.month <= 3 else 0)

    def wareki(self) -> str:
        """The 和暦 label: 令和7年度, 令和7年9月, 令和元年度."""
        cal_year = self.calendar_year
        era, first = next(((n, f) for n, f in _ERA_NAMES if cal_year >= f), _ERA_NAMES[-1])
        n = cal_year - first + 1
        y = f"{era}{'元' if n == 1 else n}年"
        if self.month is not None:
            return f"{y}{self.month}月"
        return y + ("度" if self.fiscal else "") + (self.half or "")

    def seireki(self) -> str:
        cal_year = self.calendar_year
        if self.month is not None:
            return f"{cal_year}年{self.month}月"
        return f"{self.year}年" + ("度" if self.fiscal else "") + (self.half or "")


_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_NUM = "[〇零一二三四五六七八九十]+"
#: kanji numerals of a date, as 質問主意書 and older pages write them: 令和六年度, 平成三十年, 二〇二三年, 十二月末
_KANJI_DATE = re.compile(rf"(?P<era>令和|平成|昭和)(?P<ey>{_KANJI_NUM})(?=年)|(?P<y>[〇零一二三四五六七八九]{{4}})(?=年)"
                         rf"|(?<=年)(?P<m>{_KANJI_NUM})(?=月)|(?<![\u4e00-\u9fff])(?P<m2>十[一二]?|[一二三四五六七八九])(?=月末|月分|月時点)")


def _kanji_number(text: str) -> int | None:
    """一 … 九十九 (十二, 三十, 二十五) or a digit-by-digit 二〇二三; None for anything else."""
    if "十" not in text:
        return int("".join(str(_KANJI_DIGITS[c]) for c in text)) if all(c in _KANJI_DIGITS for c in text) else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + (_KANJI_DIGITS.get(ones, 0) if ones else 0)


def arabic(text: str) -> str:
    """Kanji numerals of dates in Arabic digits (令和六年度 → 令和6年度, 令和六年九月末 → 令和6年9月末, 二〇二三年
    → 2023年, 十二月末 → 12月末), so that a question written in them names its period; other kanji numerals
    (一部, 第三号) are left alone."""
    def repl(m: re.Match) -> str:
        if m.group("era"):
            n = _kanji_number(m.group("ey"))
            return m.group(0) if n is None else f"{m.group('era')}{n}"
        raw = m.group("y") or m.group("m") or m.group("m2")
        n = _kanji_number(raw)
        if n is None or (m.group("m") or m.group("m2")) and not 1 <= n <= 12:
            return m.group(0)
        return str(n)
    return _KANJI_DATE.sub(repl, text)


_KANA_DIGITS = {"いち": 1, "に": 2, "さん": 3, "よん": 4, "し": 4, "ご": 5, "ろく": 6, "なな": 7, "しち": 7,
                "はち": 8, "きゅう": 9, "く": 9}
_KD = "|".join(sorted(_KANA_DIGITS, key=len, reverse=True))
_KANA_NUMBER = rf"(?:(?:{_KD})?じゅう(?:{_KD})?|(?:{_KD}))"
#: the powers of ten a kana number says, as sounded after a digit (さんびゃく, ろっぴゃく, さんぜん, はっせん)
_KANA_POWERS = {"せん": 1000, "ぜん": 1000, "ひゃく": 100, "びゃく": 100, "ぴゃく": 100, "じゅう": 10}
#: a digit's sound before a power (ろっぴゃく, はっせん, いっせん)
_KANA_GEMINATE = {"いっ": 1, "ろっ": 6, "はっ": 8}
_KP = "|".join(sorted(_KANA_POWERS, key=len, reverse=True))
_KDX = "|".join(sorted([*_KANA_DIGITS, *_KANA_GEMINATE], key=len, reverse=True))
#: a kana number below a hundred million (さんじゅうよん, にせんさんびゃく, ごまんろくせん): a sequence of digits each
#: before a power, a last digit, and まん after the part it multiplies
KANA_NUMBER = rf"(?:(?:(?:{_KDX})?(?:{_KP}))+(?:{_KD})?(?:まん(?:(?:(?:{_KDX})?(?:{_KP}))*(?:{_KD})?))?" \
              rf"|(?:{_KD})まん(?:(?:(?:{_KDX})?(?:{_KP}))*(?:{_KD})?)|(?:{_KD}))"
_KANA_PART = re.compile(rf"({_KDX})?({_KP})|({_KD})$")


def kana_value(text: str) -> int | None:
    """The value of a kana number (:data:`KANA_NUMBER`: さんじゅうよん → 34, にせんさんびゃく → 2300, ごまん → 50000),
    or None when ``text`` is not one."""
    if not re.fullmatch(KANA_NUMBER, text):
        return None
    high, _, low = text.rpartition("まん") if "まん" in text else ("", "", text)
    total = 0
    for part, scale in ((high, 10000), (low, 1)):
        value, i = 0, 0
        while i < len(part):
            m = _KANA_PART.match(part, i)
            if not m:
                return None
            if m.group(3):
                value += _KANA_DIGITS[m.group(3)]
            else:
                digit = m.group(1)
                value += (_KANA_DIGITS.get(digit) or _KANA_GEMINATE.get(digit) or 1 if digit else 1) * _KANA_POWERS[m.group(2)]
            i = m.end()
        total += value * scale
    return total
#: a date typed in kana: れいわななねんど, へいせいにじゅうろくねん, がんねん, くがつまつ, じゅうにがつ
#: … or in digits with kana around them, as a phone types them (れいわ7ねんど, 5がつまつ)
_KANA_DATE = re.compile(rf"(?P<era>れいわ|へいせい)\s?(?P<y>{_KANA_NUMBER}|がん|\d{{1,2}})\s?ねん(?P<fy>ど)?"
                        rf"|(?P<m>{_KANA_NUMBER}|(?<!\d)(?:1[0-2]|[1-9]))\s?がつ(?P<end>\s?まつ)?")


def _kana_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    tens, sep, ones = text.partition("じゅう")
    if not sep:
        return _KANA_DIGITS[text]
    return (_KANA_DIGITS[tens] if tens else 1) * 10 + (_KANA_DIGITS[ones] if ones else 0)


def kana_dates(text: str) -> str:
    """Dates typed in kana in digits (れいわななねん くがつまつ → 令和7年 9月末, れいわがんねんど → 令和元年度), so a
    kana question names its period; read before the words are (the lexicon has no numbers)."""
    def repl(m: re.Match) -> str:
        if m.group("era"):
            y = "元" if m.group("y") == "がん" else str(_kana_number(m.group("y")))
            return f"{'令和' if m.group('era') == 'れいわ' else '平成'}{y}年" + ("度" if m.group("fy") else "")
        month = _kana_number(m.group("m"))
        return f"{month}月" + ("末" if m.group("end") else "") if 1 <= month <= 12 else m.group(0)
    return _KANA_DATE.sub(repl, text)


def _year(era: str, y: str) -> int:
    return _ERAS[era] + (1 if y == "元" else int(y))


def find(text: str) -> list[Period]:
    """Every period named in ``text``, in order (NFKC first, so ２０２３年度 counts)."""
    return [p for _, _, p in spans(unicodedata.normalize("NFKC", text))]


def spans(text: str) -> list[tuple[int, int, Period]]:
    """(start, end, period) of every period in an already normalised ``text``."""
    out: list[tuple[int, int, Period]] = []
    for m in _PATTERN.finditer(text):
        if m.group("era"):
            year, fiscal = _year(m.group("era"), m.group("ey")), bool(m.group("fy"))
        elif m.group("abbr"):
            year, fiscal = _year(m.group("abbr"), m.group("ay")), True
        elif m.group("fyy"):
            y = int(m.group("fyy"))
            year, fiscal = (y if y > 100 else 2000 + y), True
        else:
            year, fiscal = int(m.group("wy")), bool(m.group("wfy"))
        rest = text[m.end():]
        month = half = None
        mm = _MONTH.match(rest) if not fiscal or m.group("abbr") else None
        if not fiscal and (of := _OF_YEAR.match(rest)) and (one := _MONTH.match(rest, of.end())) and "月" in one.group(0):
            mm = one  # a month of a calendar year: 令和7年の4月, 2025年の4月
        span = _MONTH_SPAN.match(rest) if not fiscal else None
        if fiscal and (within := _BRACKETED_SPAN.match(rest)):
            # a fiscal year's months in brackets after it (令和7年度（4～9月）): that half, the year unchanged
            half = _HALVES.get((int(within.group("m1")), int(within.group("m2"))))
            if half:
                end = m.end() + within.end()
                out.append((m.start(), end, Period(year, True, None, half, text[m.start(): end])))
                continue
        if fiscal and (of := _OF_FISCAL.match(rest)):
            # a month of a fiscal year (令和7年度の6月, 2025年度の4～9月): its month or half, the year unchanged
            if (within := _MONTH_SPAN.match(rest, of.end())):
                first, last = int(within.group("m1")), int(within.group("m2"))
                half = _HALVES.get((first, last))
                end = m.end() + within.end()
                out.append((m.start(), end, Period(year, True, None, half, text[m.start(): end])))
                continue
            if (one := _MONTH.match(rest, of.end())) and "月" in one.group(0):
                end = m.end() + one.end()
                out.append((m.start(), end, Period(year, True, int(one.group("m")), None, text[m.start(): end])))
                continue
        if span:
            # months from one to another: 4～9月 is the first half, 10～3月 the second, else the fiscal year
            first, last = int(span.group("m1")), int(span.group("m2"))
            if first <= 3 < last:
                # across the fiscal year's start (令和7年3月から9月まで): two months of two fiscal years, the ends
                # of a change, not one year's business
                mid = m.end() + span.start("m2")
                out.append((m.start(), mid, Period(year - 1, True, first, None, text[m.start(): mid])))
                out.append((mid, m.end() + span.end(), Period(year, True, last, None, text[mid: m.end() + span.end()])))
                continue
            year -= 1 if first <= 3 else 0
            half = _HALVES.get((first, last))
            out.append((m.start(), m.end() + span.end(), Period(year, True, None, half, text[m.start(): m.end() + span.end()])))
            continue
        if mm and (mm.group(0).strip().startswith((".", "/")) or "月" in mm.group(0) or mm.group("end")):
            month = int(mm.group("m"))
            # a month names a fiscal year's part: 令和7年9月 is in 令和7年度, 令和8年2月 in 令和7年度
            fiscal, year = True, year - (1 if month <= 3 else 0)
            consumed = mm.end()
        else:
            hm = _HALF.match(rest)
            half = hm.group("half") if hm else None
            consumed = hm.end() if hm else 0
        out.append((m.start(), m.end() + consumed, Period(year, fiscal, month, half, text[m.start(): m.end() + consumed])))
    return _with_ranges(text, _month_ranges(text, out))


#: what joins the two ends of a range of dated months (2025年4月～2026年3月, 令和7年4月から令和7年9月まで)
_TO = re.compile(r"\s*(?:～|〜|~|-|から)\s*")


def _month_ranges(text: str, found: list[tuple[int, int, Period]]) -> list[tuple[int, int, Period]]:
    """``found`` with each range of two dated months of one fiscal year read as the whole it spans: April to
    March is the year (「FY2025（2025年4月～2026年3月）通期」 asks 令和7年度, not its April and its March), April to
    September the first half and October to March the second; other ranges stay two months."""
    out: list[tuple[int, int, Period]] = []
    i = 0
    while i < len(found):
        a, b, p = found[i]
        if i + 1 < len(found):
            c, d, r = found[i + 1]
            joined = _TO.fullmatch(text[b:c])
            span = (p.month, r.month)
            if (joined and p.fiscal and r.fiscal and p.year == r.year
                    and (span == (4, 3) or span in _HALVES)):
                whole = Period(p.year, True, None, _HALVES.get(span), text[a:d])
                out.append((a, d, whole))
                i += 2
                continue
        out.append((a, b, p))
        i += 1
    return out


#: a month's end named without its year (（9月末時点）, 9月末現在): a snapshot, of the year the sentence is about
_BARE_MONTH_END = re.compile(r"(?<![\d年度～〜~\-])(?P<m>1[0-2]|[1-9])\s*月末")


def dated_month_ends(text: str) -> list[Period]:
    """The months' ends ``text`` names without a year, dated by the one fiscal year it names (「令和7年度の事務処理
    誤り発生件数は198件（9月末時点）」 → 令和7年9月末): a report states its year once and the snapshot after it. None
    when it names no fiscal year, several (whose month would be a guess) or a year's end."""
    norm = unicodedata.normalize("NFKC", text)
    found = spans(norm)
    # a year's end named (令和6年度末の4.9%から9月末は4.8%): the month's end after it is of the next year
    if any(norm[b: b + 1] == "末" for _, b, _ in found):
        return []
    years = {p.year for _, _, p in found if p.fiscal and p.month is None and p.half is None}
    if len(years) != 1 or any(p.month is not None for _, _, p in found):
        return []
    year = years.pop()
    taken = [(a, b) for a, b, _ in found]
    return [Period(year, True, int(m.group("m")), None, m.group(0)) for m in _BARE_MONTH_END.finditer(norm)
            if not any(a <= m.start() < b for a, b in taken)]


#: a range of years: 令和11～15年度 (the era once), 2029～2033年度 — both ends are periods
_RANGE = re.compile(r"(?:(?P<era>令和|平成)\s*(?P<a>\d{1,2}|元)|(?<![\d,.])(?P<wa>(?:19|20)\d\d))\s*(?:年度?)?\s*"
                    r"(?P<tilde>[～〜~])\s*(?:令和|平成)?\s*(?P<b>\d{1,4})\s*年(?P<fy>度)?")


def _with_ranges(text: str, found: list[tuple[int, int, Period]]) -> list[tuple[int, int, Period]]:
    """``found`` plus both ends of each range of years, where no period was read (令和11～15年度 names 令和11年度
    and 令和15年度; the pattern above reads neither)."""
    out = list(found)
    for m in _RANGE.finditer(text):
        fiscal = bool(m.group("fy"))
        if m.group("era"):
            first, last = _year(m.group("era"), m.group("a")), int(m.group("b"))
            last = _ERAS[m.group("era")] + last if last < 100 else last
        else:
            first, last = int(m.group("wa")), int(m.group("b"))
            if last < 100:
                last = first // 100 * 100 + last
        ends = ((m.start(), m.end("tilde"), first), (m.start("b"), m.end(), last))
        for start, end, year in ends:
            if not any(a < end and start < b for a, b, _ in out):
                out.append((start, end, Period(year, fiscal, text=text[start:end])))
    return sorted(out, key=lambda t: t[0])


def year_key(key: str) -> str:
    """The fiscal year of a period key (FY2025-09, FY2025H1 → FY2025); other keys unchanged."""
    return re.sub(r"(?:-\d\d|H[12])$", "", key)


def is_half_key(key: str) -> bool:
    """The key names a half year (FY2025H1)."""
    return bool(re.search(r"H[12]$", key))


def same_keys(key: str) -> set[str]:
    """:meth:`Period.same` of a stored key (a table cell's period); a key that is not a period stands alone."""
    period = Period.from_key(key)
    return period.same() if period else {key}


def remove(text: str, sep: str = "") -> str:
    """``text`` with each period in it replaced by ``sep`` (``text`` already normalised)."""
    for start, end, _ in sorted(spans(text), reverse=True):
        text = text[:start] + sep + text[end:]
    return text


def tokens(period: Period) -> list[str]:
    """Lexical tokens of a period in both calendars, so 2023年度 meets 令和5年度 and R5; a month also
    names its fiscal year (令和7年9月 is in 令和7年度)."""
    if period.month is not None:
        fy = Period(period.year, True)
        return [period.wareki(), period.seireki(), fy.wareki(), fy.seireki()]
    if period.fiscal and period.half in ("上期", "上半期"):
        end = Period(period.year, True, 9)  # 上期 is reported as of 9月末
        return [period.wareki(), period.seireki(), end.wareki(), end.seireki()]
    if not period.fiscal:
        # a calendar year also meets the fiscal year people usually mean by it
        fy = Period(period.year, True, None, period.half)
        return [period.wareki(), period.seireki(), fy.wareki(), fy.seireki()]
    return [period.wareki(), period.seireki()]


#: a table label of one month (4月, 10月分, 8月単月): a month's figure, not a year's
_ONE_MONTH = re.compile(r"^(?P<m>1[0-2]|[1-9])月末$|(?:^|\s)(?P<n>1[0-2]|[1-9])月(?:単月|分)?$")


def one_month(label: str) -> bool:
    """The row or column label names a single month (8月単月, 10月分): its figure is that month's only."""
    return bool(_ONE_MONTH.search(label.strip()))


def in_year(label: str, key: str | None) -> str | None:
    """The key of the month a label names without a year (9月単月, 9月末), in the fiscal year ``key`` (a
    table's 【令和7年度】) gives it: FY2025-09; None when the label names no bare month or ``key`` is not a
    whole fiscal year. A month's row is that month's figure, not the year's: 「令和7年9月単月」 asks it, not the
    上期累計 row beside it."""
    m = _ONE_MONTH.search(label.strip())
    period = Period.from_key(key) if m and key else None
    if period is None or not period.fiscal or period.month is not None or period.half is not None:
        return None
    return Period(period.year, True, int(m.group("m") or m.group("n"))).key
