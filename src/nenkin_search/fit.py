"""How a candidate span fits a question: the question's words it covers, the figure of the kind asked it
holds (in the unit named, never a target's for a result question), the periods it is of, and, for the 数値 and
時期 lines, which of its figures or dates answers.

Why a module of its own: choosing the span (:mod:`nenkin_search.answer`) and judging whether to answer at all
(:mod:`nenkin_search.confidence`) read a candidate the same way; this is that one reading, below both.
"""
from __future__ import annotations

import math
import re
from typing import Callable, Sequence

from . import clauses, figures, periods
from .asks import HEARSAY, asks_figure
from .candidates import Candidate
from .fields import LemmaField
from .query import Query
from .report import PLAN, PROGRESS
from .text import words
from .settings import DEFAULT, Settings


LEMMA = LemmaField()


#: a date a いつ question is answered by: a month, with its day where the report gives one (令和7年8月, 令和8年5月26日
#: まで, 9月から), or a span of fiscal years (令和11～15年度); a fiscal year alone is not (every span names one)
DATE = re.compile(r"(?:令和|平成)\s*(?:\d+|元)\s*年\s*\d+\s*月(?:\s*\d+\s*日)?|\d+\s*月\s*(?:末|初め|上旬|中旬|下旬)?\s*[～~から]"
                   r"|\d+年\d+月(?:\d+日)?"
                   r"|(?:令和|平成)\s*(?:\d+|元)\s*(?:年度)?\s*[～~]\s*(?:令和|平成)?\s*\d+\s*年度")
#: a date that says when a figure stood (「令和7年9月末の登録件数（割合）は」, 「10月時点の比率は」), not when anything
#: happened: no answer to いつ (「10%になるのはいつごろの見込み」 is not answered by 9月末's count); one that goes on to
#: an event (「9月末時点で開始」) still dates it
AS_OF = re.compile(r"(?:(?:令和|平成)\s*(?:\d+|元)\s*年\s*)?\d+\s*月\s*(?:末|時点|現在)\s*(?:時点|現在)?\s*"
                   r"(?:の|で|における|において)(?![^、。]{0,12}(?:から|より|開始|実施|予定))"
                   # … or in brackets after the figure (「約1,660万件（令和7年9月時点）」)
                   r"|[(（]\s*(?:(?:令和|平成)\s*(?:\d+|元)\s*年\s*)?\d+\s*月\s*末?\s*(?:時点|現在)\s*[)）]")
#: a date said as a deadline (（令和8年5月26日まで）, 令和8年3月を期限): what a いつまで question asks, over the
#: date something began (令和7年5月から…開始)
UNTIL = re.compile(r"(?:" + DATE.pattern + r")\s*(?:まで|を期限|が期限|を目途|目途)")
#: … and a いつから question by the year something began too (令和5年度から着手), not one asking when a thing
#: is planned (いつを予定: 「令和5年度から着手した開発」 says when it began, not when it goes live)
SINCE = re.compile(DATE.pattern + r"|(?:令和|平成)\s*(?:\d+|元)\s*年度\s*(?:から|より)")


def dates(q: Query) -> re.Pattern:
    """What answers the question's いつ: :data:`SINCE` for いつから, else :data:`DATE`."""
    return SINCE if q.since else DATE


class Idf:
    """IDF of a lemma token in the indexed passages (from the lemma field's document frequencies)."""

    def __init__(self, n: int, df: Callable[[str], int]) -> None:
        self.n, self.df = n, df

    def __call__(self, token: str) -> float:
        return math.log((self.n + 1) / (self.df(token) + 0.5))


#: text → cosine of its best indexed sentence with the question (None: no sentence of it indexed)
Similarity = Callable[[str], "float | None"]


def coverage(query_tokens: Sequence[str], tokens: set[str], idf: Idf) -> float:
    """IDF-weighted share of the query's tokens present (unknown words weigh most)."""
    total = sum(idf(t) for t in query_tokens)
    if total <= 0:
        return 0.0
    return sum(idf(t) for t in query_tokens if t in tokens) / total


#: a column of a change (対前年同期比, 伸び幅, 増減)
DELTA = re.compile(r"対前年|前年[度同]?[期月]?比|伸び幅|増減|差(?!押)|比較")
#: a figure followed by last year's in brackets (74.3%（昨年同時期78.0%）, 93.5%(93.9%), 2,082回（1,478回）):
#: the level now and the one it is compared with
_WITH_BASELINE = re.compile(r"\d\s*(?:%|％|人|件|回|日|社|事業所|万|億|円|pt|ポイント)?\s*[（(]\s*[^（()）]{0,12}?\d")


def says_change(c: Candidate) -> bool:
    """The candidate states a change: its cell's column is one (対前年同期比), or its row says its brackets are
    (「被保険者数 (対前年度) — …: 43,487,226 (678,037) 人」), or a figure's clause says it."""
    if c.cell is not None:
        return bool(DELTA.search(c.cell.column)) or _bracketed_change(c) is not None
    return any(clauses.role(c.mended, f) == "change" for f in c.figures)


def _bracketed_change(c: Candidate) -> figures.Figure | None:
    """The change in a cell's brackets when its row's label says the brackets hold one (「(対前年度)」)."""
    if c.cell is None or not _CHANGE_IN_BRACKETS.search(c.cell.row or ""):
        return None
    inside = [f for f in figures.parse(c.cell.value, cell=True) if clauses.in_brackets(c.cell.value, f)]
    return inside[0] if inside else None


#: a row label saying its cells' brackets hold the change: 「被保険者数 (対前年度)」, 「全額免除率 (対前年度比)」
_CHANGE_IN_BRACKETS = re.compile(r"[（(]\s*(?:対前年|前年)[^（()）]{0,6}[)）]")


def change_unsaid(c: Candidate, q: Query) -> bool:
    """A change asked of a figure the question states (「20歳到達者49万人は、前年同期と比べて何人増減」) and a span
    that states that figure but neither a change nor last year's beside it: it repeats what the question
    knows (fresh rounds 42 and 44 asked this three times; every tune question of the kind was a near-miss)."""
    if not (q.change and q.wants_figure):
        return False
    if not q.own_figures:
        # (a change against an earlier period, not a step's size: 削減率, いくつで増やす are answered by a level)
        return bool(_AGAINST_EARLIER.search(q.asked_text)) and level_only(c)
    kinds = [f for f in q.own_figures if f.kind == q.answer_type or q.answer_type == "figure"]
    said = figures.parse(c.mended)
    if not kinds or not any(f.same_as(g) for f in said for g in kinds):
        return False
    return not says_change(c) and not _WITH_BASELINE.search(c.mended)


#: a change asked against an earlier period (前年同期比, 去年と比べて, 前年度より)
_AGAINST_EARLIER = re.compile(r"前年|去年|昨年|前の年|前期|比べ|比較|対前|同期比|年度比")
#: a figure with another beside it in brackets (97.7%（97.6%）), not a date (198件(9月末時点))
_BESIDE = re.compile(r"\d\s*(?:%|％|人|件|回|日|社|事業所|万|億|円|pt|ポイント)?\s*[（(]\s*[^（()）]{0,12}?\d+(?:[.,]\d+)*(?![\d年月日])")


def level_only(c: Candidate) -> bool:
    """The span gives one period's level and nothing to read a change from: no change said, no figure of another
    period beside its own (97.7%（前年同期97.6%）), no 前年 / 昨年, no period of a second year (令和6年度末 … 令和7年9月末),
    and, of a table cell, no other period in its row. A change asked (「事務処理誤りは去年の同じ時期と比べて増えた？」,
    「応募件数 前年度比」) is not answered by it: tune's near-misses of the kind were answered with the level (198件,
    210件)."""
    if says_change(c):
        return False
    if c.cell is not None:
        row = {x.period for x in c.hit.passage.cells if x.row == c.cell.row and x.period}
        return len(row) < 2 and not _PAST_SAID.search(f"{c.cell.row} {c.cell.column}") \
            and not _BESIDE.search(c.cell.value)
    return not _PAST_SAID.search(c.mended) and not _BESIDE.search(c.mended) \
        and len({p.year for k in c.periods if (p := periods.Period.from_key(k))}) < 2


#: words that say a figure of a year before is given beside this one (前年同期, 昨年同時期, 前年度)
_PAST_SAID = re.compile(r"前年|昨年|去年|前期|前回")


def earlier_unsaid(c: Candidate, q: Query) -> bool:
    """The figure of a year before asked (「去年の同じ時期は何件採用されてたの？」, ``Query.earlier``) of a span that
    gives only the latest: no figure beside it in brackets (2,082回（1,478回）), no 前年 / 昨年 said, no past
    period named (a cell of 令和6年9月末). Its figure is this year's, not the one asked (fresh round 69)."""
    if not (q.earlier and q.wants_figure):
        return False
    if c.cell is not None:
        labels = f"{c.cell.row} {c.cell.column}"
        keys = [c.cell.period] if c.cell.period else []
    else:
        labels = c.mended
        keys = list(c.periods)
    if _PAST_SAID.search(labels) or _WITH_BASELINE.search(labels if c.cell is None else c.mended):
        return False
    return not any((p := periods.Period.from_key(k)) and p.year not in q.editions for k in keys if k)


def fits(c: Candidate, q: Query) -> bool:
    """The candidate holds a figure of the kind the question asks for (in the unit it names: 何人 is not
    answered by 8,375件), and, unless the plan is asked about, one that is not a target's (目標を7.0万事業所とし);
    a rate asked with no change, not by a change alone (「2,036万件 (+1.6%)」 holds a count and its growth, no rate)."""
    asked = {f.value for f in q.own_figures}  # 「54拠点の増設数」: 54拠点 is the question's, not an answer
    if quoted(c, q):
        return False  # a cell whose value the question states: its other numbers (678,037) only qualify it
    said = c.said
    return any(_of_kind(f, q, c) and f.value not in asked
               and (q.change or q.answer_type != "rate" or clauses.role(said, f) != "change")
               for f in _answering(c.figures, said, q))


#: a question asking how often or per whom (何年に1回, 1人当たり, 毎月何件): a per figure answers it
_ASKS_PER = re.compile(r"当たり|あたり|につき|(?:年|月|週|日)に\s*(?:\d+|何)\s*回|毎(?:日|週|月|年)|頻度")


def quoted(c: Candidate, q: Query) -> bool:
    """A table cell whose value the question itself quotes (「令和元年度の33,142事業所から令和2年度には」): its
    context, not its answer."""
    return c.cell is not None and bool(c.figures) and any(c.figures[0].value == f.value for f in q.own_figures)


#: a threshold asked (何人超規模, いくら以上): a threshold's figure (35人超, 300万円以上) answers it
_ASKS_THRESHOLD = re.compile(r"(?:何|いくら)[^\s、。?？]{0,4}?(?:超|以上|以下|未満|以内)")


def _answering(figs: list[figures.Figure], text: str, q: Query) -> list[figures.Figure]:
    """``figs`` without targets' figures (目標を7.0万事業所とし; a cell's 令和7年度計画：8,967,293), unless the plan
    is asked about, or next year's challenge, whose figures are targets by nature (3.0%以上を確保), or a threshold
    (何人超規模の企業: 35人超); without bounds (5人以上の従業員) unless a threshold is asked; and without per
    figures (1人当たり, 毎週1回) unless the question asks how often or per whom."""
    if q.whole is not None and q.wants_figure:
        # a part of a whole the question states is no larger than it (「2.9万人のうち…は何人」: not 498万人)
        figs = [f for f in figs if not (f.unit == q.whole.unit and f.value > q.whole.value)]
    threshold = bool(_ASKS_THRESHOLD.search(q.norm))
    if not (q.plan or q.challenge or threshold):
        figs = [f for f in figs if not clauses.is_target(text, f)]
    if not threshold:
        figs = [f for f in figs if not clauses.is_bound(text, f)]
    return figs if _ASKS_PER.search(q.norm) else [f for f in figs if not clauses.is_per(text, f)]


#: how a table label names a duration's unit
_LABEL_UNITS = {"分": "時間|分", "日": "日", "か月": "か月|ヶ月|カ月"}


#: the unit a table label gives a bare number (平均所要日数: 67.9 is 67.9日), unless the header scales it ((万人))
_BARE_UNITS = (("日", re.compile(r"日数")), ("件", re.compile(r"件数")), ("人", re.compile(r"人数|者数")),
               ("事業所", re.compile(r"事業所数")), ("社", re.compile(r"社数")), ("回", re.compile(r"回数")),
               ("団体", re.compile(r"団体数")))


_SCALED = re.compile(r"[（(]\s*(?:万|億|千|百万)")
#: a label counting months (未納月数, 納付月数: 1,044 in 万月): never people, cases or places, though its scale
#: (万月) is in a heading, so it gives the number no unit to print
_MONTHS_COUNTED = re.compile(r"月数")


def _label_unit(f: figures.Figure, c: Candidate) -> str:
    """The unit a bare cell figure takes from its row, column or table title, or ""."""
    if f.unit or c.cell is None:
        return ""
    label = f"{c.cell.row} {c.cell.column} {c.hit.citation.table or ''}"
    if _SCALED.search(label):
        return ""
    return next((unit for unit, said in _BARE_UNITS if said.search(label)), "")


#: counters and figure nouns of a thing measured, which say how it is counted, not what it is
_COUNTING = frozenset({"件", "件数", "数", "何", "何件", "社", "人", "事業所", "回", "率"})


def _cases(f: figures.Figure, q: Query, c: Candidate) -> bool:
    """A count in another unit than 件 answers 何件 only where its clause (a cell: its label) says a word of the
    thing measured (新規委任数 for 委任した件数; not 「所管した71事業所」 for 立入検査は何件)."""
    if f.unit and re.search(re.escape(f.unit) + r"(?:数)?\s*(?:は|が|って|を|も)?\s*何件", q.norm):
        return True  # the unit is what the question counts in cases (「委任した事業所は何件」: 12事業所)
    words = {w for w in q.measured if w not in _COUNTING and not re.search(r"\d|令和|平成", w)}  # nor periods
    # … or the report's words the bridge read the question's as (強制徴収を任せた → 委任)
    words |= {t for t, w in zip(q.terms.get("lemma", ()), q.weights.get("lemma", ())) if w < 1.0}
    said = (c.label or "") if c.cell is not None else clauses.clause(c.said, f)
    return bool(words & said_tokens(said))


#: words by which a table label says what its bare numbers count (者数, 件数, (万人), 事業所)
_LABEL_COUNTS = re.compile(r"人|者|件|事業所|社|回|団体|拠点|ブース|か所|円|日")
#: … and by which a table's title says it: a count noun or a unit in brackets (相談件数, （単位：件）), not a word
#: that names what the table is about (適用事業所に対する事業所調査)
_TITLE_COUNTS = re.compile(r"(?:人|者|件|事業所|社|回|団体)数|[（(](?:単位[：:])?\s*(?:千|万|億)?(?:人|件|事業所|社|回|団体|円)")


#: a row's count noun that counts acts, cases or places, not people (総合調査実施数, 差押件数, 開催回数, 事業所数)
_NOT_PEOPLE = re.compile(r"(?:実施|件|回|事業所|社|団体|か所|箇所)数$")
_BRACKETED_NOTE = re.compile(r"[（(][^()（）]*[)）]")


def unnamed_count(c: Candidate, q: Query) -> bool:
    """A bare cell number whose row, column and table title name nothing it counts (総合調査実施数: 120,944 of
    what?), for a count question that names its unit (何人): a sibling row that says it (調査により適用した
    被保険者数) is the better answer."""
    if q.answer_type != "count" or not q.unit or c.cell is None or not c.figures or c.figures[0].unit:
        return False
    title = f"{c.hit.citation.table or ''} {c.hit.passage.context or ''}"  # 年度実績 under 来訪相談件数・予約件数
    return not (_LABEL_COUNTS.search(f"{c.cell.row} {c.cell.column}") or _TITLE_COUNTS.search(title))


#: a quantity asked by its noun (どのくらいの量を処分, 処理量は): an amount of things, not a time
_ASKS_QUANTITY = re.compile(r"の量|量(?:は|って|が|を)")


def _of_kind(f: figures.Figure, q: Query, c: Candidate) -> bool:
    """A figure of the kind asked: any for どれくらい; a count printed bare in a table (185,856), its unit in
    the header; a bare number under a label of the kind asked (平均所要日数: 23.6 for 何日); else by unit or kind."""
    if f.unit == "年目":
        # an ordinal year (免除承認後10年目) says which year, not how many: it answers 何年目 only
        return "何年目" in q.norm
    if q.answer_type == "figure":
        # … but an amount of things asked (どのくらいの量) is not how long a thing lasts (3年間保管)
        return not (f.kind == "duration" and _ASKS_QUANTITY.search(q.norm))
    if q.change and f.kind == "rate" and _ASKS_RATIO.search(q.norm):
        return True  # a change asked as its ratio (「どれだけ増加したか（対前年同期比）」): 103.1%
    if f.kind == "number" and (q.answer_type == "count" or c.cell is not None and q.answer_type in figures.LABEL_KINDS
                               and figures.LABEL_KINDS[q.answer_type].search(c.label or "")):
        if q.answer_type == "count" and q.unit and c.cell is not None:
            # a bare cell number counts what its label or value names (滞納事業所数: 140,074 (3,991) 事業所): 何人
            # is not answered by a count of 事業所
            if q.unit == "人" and _NOT_PEOPLE.search(_BRACKETED_NOTE.sub("", c.cell.row).strip()):
                return False  # … nor by a row counting acts or places (総合調査実施数 120,944: surveys, not people)
            named = (_label_unit(f, c) or next((u for u, _ in _BARE_UNITS if c.cell.value.rstrip().endswith(u)), "")
                     or ("月" if _MONTHS_COUNTED.search(c.label or "") else ""))
            if named and (named not in figures.SAME_UNITS.get(q.unit, (q.unit,))
                          or named != q.unit and q.unit == "件" and not _cases(f, q, c)):
                return False
        # a bare number under 日数 answers 何日, not 何時間
        return not (q.answer_type == "duration" and q.unit
                    and not re.search(_LABEL_UNITS.get(q.unit, q.unit), c.label or ""))
    if q.unit and q.answer_type == "duration":
        return f.unit == q.unit
    if q.unit and q.answer_type == "count":
        # a count in another unit answers only under a label naming the one asked (差押事業所数: 1,423件), or
        # in the report's word for it (何社 asked: the report counts companies in 事業所)
        return (f.unit in figures.SAME_UNITS.get(q.unit, (q.unit,)) and (f.unit == q.unit or q.unit != "件" or _cases(f, q, c))
                or f.kind == "count" and c.cell is not None and q.unit in (c.label or ""))
    return f.kind == q.answer_type


def period_match(c: Candidate, q: Query) -> float:
    """How well the candidate is of the periods asked, averaged over them: 1 for each it names, ½ for a month
    of the year asked when a month or half was asked, 0 for a month of a past year asked as a whole (令和6年度
    asked, 令和6年9月末 given; but 令和7年9月末 is all there is of the report's own 令和7年度) and otherwise (a
    cell of 令和5年度分 × 令和6年9月末 matches both periods of 「令和5年度分の納付率は令和6年9月末で」; its
    neighbour × 令和7年9月末 only one)."""
    wanted = list(dict.fromkeys(p.key for p in q.periods))
    if not wanted:
        return 0.0
    keys = c.periods
    if not keys and (c.cell is not None or c.hit.citation.column in (PROGRESS, PLAN)):
        # a cell no header dates, a plan or a result that names no year: of the year the report is about
        # (「新たに免除承認後10年目の期間を有する方に…文書勧奨等を実施」 is this year's)
        keys = tuple(f"FY{y}" for y in q.editions)
    have = {k for key in keys for k in periods.same_keys(key)}
    if q.answer_type == "date":
        # a year asked of a date (「2026年の何月に稼働」) bounds it: a month of that calendar year is of it
        have |= {f"CY{p.calendar_year}" for key in keys if (p := periods.Period.from_key(key)) and p.month}
    years = {periods.year_key(k) for k in keys}
    # the report's own year is not over: its figure is the latest month end's (今年度 → 令和7年9月末)
    current = {f"FY{y}" for y in q.editions}
    # a past year asked is not its half or a month of it (令和6年度 ≠ 令和6年9月末): no credit for those; nor is a
    # month asked answered by another month or by the year (令和7年5月 asked: 4月's figure, the 4～9月 total)
    # nor is a year's close asked answered by a month of a year not over (年度末で最終的に: 9月末 is not it)
    interim = {periods.year_key(k) for k in keys if periods.year_key(k) != k}
    return sum(0.0 if q.closing and w in current and (w in interim or w not in have)
               else 1.0 if w in have or w in current and w in years
               else 0.5 if periods.year_key(w) in years and (periods.is_half_key(w) or w in current) else 0.0
               for w in wanted) / len(wanted)


#: a token of a period (令和7年9月, 2025年度, 平成30年度)
_PERIOD_TOKEN = re.compile(r"\d+年")


def own_tokens(q: Query) -> list[str]:
    """The question's own lemma tokens (not the synonyms' expansions), once each."""
    return list(dict.fromkeys(t for t, w in zip(q.terms.get("lemma") or (), q.weights.get("lemma") or ()) if w >= 1.0))


def date_of(c: Candidate, q: Query) -> str | None:
    """The 時期 line of a いつ question: of the dates the span gives, the one whose clause says the event asked
    (``Query.event``: 「生成AIの技術検証はいつ」 → 6月末, not the 令和7年4月 of 環境を構築), then most of what the
    question asks (「令和7年6月から…登録意思確認欄を追加し、…令和7年11月から…口座情報をデジタル庁に提供開始」: 提供
    asked, 令和7年11月); the first on a tie."""
    if q.answer_type != "date":
        return None
    text = c.said
    found = list(dates(q).finditer(text))
    if not found:
        return None
    own, event = set(own_tokens(q)), set(q.event)

    def said(m: re.Match) -> tuple[int, int]:
        toks = set(LEMMA.analyze(clauses.around(text, m.start(), m.end())))
        return len(event & toks), len(own & toks)

    def next_to(m: re.Match) -> int:
        # two dates of one clause (「令和7年12月に施行される…引上げが令和7年2月定期支払分まで遡って適用」): the one
        # the event asked follows (支払分, 遡って asked) before the next date
        after = text[m.end(): m.end() + _NEXT_TO]
        later = dates(q).search(after)
        return len(event & set(LEMMA.analyze(after[: later.start()] if later else after)))

    best = max(found, key=lambda m: (said(m), next_to(m), -m.start()))
    date = best.group(0).rstrip("～~からより").strip()
    if not _ERA_YEAR.match(date):
        # a month without its year (「令和7年4月から6月まで…、6月末から10月まで」) is of the year said before it
        year = [y.group(0) for y in _ERA_YEAR.finditer(text[: best.start()])]
        date = (year[-1] if year else "") + date
    return date


#: how far after a date its event is read (characters): 「令和7年2月定期支払分まで遡って」
_NEXT_TO = 16
#: the 和暦 year of a date (令和7年), which a later month of the same sentence leaves unsaid
_ERA_YEAR = re.compile(r"(?:令和|平成)\s*(?:\d+|元)\s*年(?!度)")
#: a clause saying an event is still being decided (本格導入への実施方針を検討中, 本格実施に向けた検討を進める)
_PENDING = re.compile(r"検討|未定")


def undated_event(c: Candidate, q: Query) -> bool:
    """For a いつ question: the span names the event asked only as still being decided, and never with a date,
    so its dates are of other events (「令和7年1月に試行実施を開始した、…サービスの本格実施に向けた検討を進める」
    asked when 本格実施 begins: 令和7年1月 is the trial's). The event is ``Query.event`` (本格, 導入): refused when
    a word of it that the span holds is, in every clause holding it, undated and 検討; a clause holding it with a
    date (「6月末から10月まで技術検証を実施」) dates it."""
    if not q.event:
        return False
    text = clauses.BRACKETS.sub(lambda m: re.sub(r"[、，,。]", " ", m.group(0)), c.said)
    have = set(LEMMA.analyze(text))
    event = [t for t in q.event if t in have]
    parts = [(x, set(LEMMA.analyze(x))) for x in clauses.CLAUSE_END.split(text)]
    pattern = dates(q)

    def pending(word: str) -> bool:
        holding = [x for x, toks in parts if word in toks]
        return not any(pattern.search(x) for x in holding) and any(_PENDING.search(x) for x in holding)

    return any(pending(w) for w in event)


#: groups listed with one figure between them (老齢・遺族・障害年金, 被保険者及び年金受給者)
_JOINT = re.compile(r"[\u4e00-\u9fff\u30a1-\u30ffー]{2,}(?:(?:・|及び|並びに)[\u4e00-\u9fff\u30a1-\u30ffー]{2,})+")


def joint(clause: str, q: Query) -> bool:
    """The figure's clause lists groups it is the figure of together (「老齢・遺族・障害年金…約75万件」), and the
    question names one of them and none of the others (老齢年金の裁定件数): the figure is not that group's."""
    for m in _JOINT.finditer(clause):
        if not re.search(r"\d", clause[m.end():]):
            continue  # a list after the figure says what was done with it (83件について…予防・早期対応), not whose
        joined = re.sub(r"約$", "", m.group(0))  # (被保険者及び年金受給者約9,708万人: 約 is the figure's)
        if any(re.search(r"・|及び|並びに", joined[i:]) and joined[i:] in q.norm for i in range(len(joined) - 1)):
            continue  # the question names them together (「被保険者及び年金受給者 総数」): the joint figure is asked
        items = re.split(r"・|及び|並びに", joined)
        named = [i for i in items if i in q.norm]
        if len(named) == 1 and len(items) >= 2:
            return True
    return False


#: a question asking one group alone (死亡者の記録だけで, 老齢年金のみ, 単独で, に限ると)
_ALONE = re.compile(r"だけ|のみ|単独|単体|に限")


def joint_label(label: str, q: Query) -> bool:
    """A table row's label names groups it counts together (「死亡者に関する記録及び年金受給に結び付かない記録」),
    and the question asks one of them alone (「死亡者の記録だけで何万件」): it names most of the words only that
    group's side of the label says, and few of the other's. The cell is the total of both, not the one asked.
    (Without だけ or のみ the question may ask the joint row by one of its names; tune answers those.)"""
    if not _ALONE.search(q.norm):
        return False
    sides = [s for s in re.split(r"及び|並びに|および", label) if s.strip()]
    if len(sides) != 2:
        return False
    asked = set(words(q.norm))
    own = [{w for w in words(s) if not re.fullmatch(r"[\da-z]+", w)} for s in sides]  # not its item numbers
    only = [own[0] - own[1], own[1] - own[0]]
    if not all(only):
        return False
    named = [len(o & asked) / len(o) for o in only]
    return max(named) >= 0.5 > min(named)


def breaks_down(c: Candidate, q: Query) -> bool:
    """For a question asking a breakdown (``Query.breakdown``): the span gives one. Of the groups the question
    names (被保険者と年金受給者), at least two each have a figure of their own, said of that group and of no other
    (「被保険者及び年金受給者約9,708万人」 is of both: no breakdown); of a 内訳 naming none, figures of one unit given
    side by side (:func:`clauses.listed`), beyond the question's own (「約16万人の内訳」 answered by 約16万人 alone is
    the whole again). A table row's cells are its figures, named by their row and column. True for a question
    asking none."""
    if not q.breakdown:
        return True
    own = {f.text for f in q.own_figures}
    if c.cell is not None:
        said = [(f"{x.row} {x.column}", x.value) for x in c.hit.passage.cells if x.unit]
        if not q.groups:
            return len({v for _, v in said if v not in own}) >= 2
    else:
        text = c.said
        figs = [f for f in figures.parse(text) if f.text not in own]
        if not q.groups:
            return clauses.listed(text, figs)
        said = [(clauses.clause(text, f), f.text) for f in figs]
    named = {g for g in q.groups for where, _ in said
             if _names(where, g) and not any(_names(where, h) for h in q.groups if h != g)}
    return len(named) >= 2


def _names(text: str, group: str) -> bool:
    """The text names the group (a count noun's 数 aside: 准職員数 is named by 准職員)."""
    return group.removesuffix("数") in text


#: a prefix that negates the noun it is on (未加入, 不支給, 非該当, 無予告)
_NEGATING = ("未", "不", "非", "無")


def said_tokens(text: str) -> set[str]:
    """The text's lemma tokens less those it says only negated: 「年金制度未加入である…到達者6千人」 does not say
    加入 (its 未加入 does), so a question asking who was 加入 is not said by that clause."""
    toks = LEMMA.analyze(text)
    counts: dict[str, int] = {}
    for t in toks:
        counts[t] = counts.get(t, 0) + 1
    return {t for t in counts if counts[t] > sum(counts.get(p + t, 0) for p in _NEGATING)}


#: a change asked by its ratio's name (対前年同期比, 前年度比)
_ASKS_RATIO = re.compile(r"対前年|前年[度同]?[期月]?比")
#: a whole its part is counted out of: 「80契約中26契約」, 「22項目中14項目」
_WHOLE_OF = re.compile(r"\s*中")
#: a thing measured that is itself a change (削減数, 減少額, 増加幅; not 削減率, a rate)
_CHANGE_HEAD = re.compile(r"(?:削減|減少|増加|増減|縮減|短縮)(?:数|額|幅|件数|人数)$")


#: a column of remarks or notes (備考: 「令和7年度計画：8,967,293 令和6年度実績：9,197,562」)
REMARK = re.compile(r"^(?:備考|注|摘要)")
#: a labelled figure in a remark: 「令和7年度計画：8,967,293」
_LABELLED = re.compile(r"([^\s:：]+?)\s*[:：]\s*([▲△+\-−]?[\d,.]+[^\s]*)")


def remark_figure(c: Candidate, q: Query) -> str | None:
    """The figure of a remark cell whose label the question asks: its period is the one asked and it is a plan
    exactly when the plan is asked (「令和7年度計画件数は」: 8,967,293 of 「令和7年度計画：8,967,293 令和6年度実績：
    9,197,562」), of a row the question names. A remark's other figures are context, not the row's value."""
    if c.cell is None or not REMARK.search(c.cell.column or "") or not q.periods:
        return None
    # … of the row the question names, every word of it (「最終催告状送付件数の計画」 is not the 特別催告状 row's)
    row = re.sub(r"^\s*\d+\s+", "", clauses.BRACKETS.sub(" ", periods.remove(c.cell.row)))  # 「1 特別催告状…」
    if not {t for t in said_tokens(row) if not re.search(r"\d", t)} <= said_tokens(q.unglossed):
        return None
    wanted = {k for p in q.periods for k in p.same()}
    for m in _LABELLED.finditer(c.cell.value):
        label = m.group(1)
        found = periods.find(label)
        if found and any(p.same() & wanted for p in found) and ("計画" in label) == q.plan:
            return m.group(2)
    return None


def figure_of(c: Candidate, q: Query, idf: Idf, s: Settings = DEFAULT) -> str | None:
    """The 数値 line: of the figures of the asked kind in the span, the one whose clause best covers the
    question (「8,375件について点検を実施。うち、335件について支給」: 支給の件数 is 335件), never a target's
    unless the plan is asked, nor a baseline's when another is there."""
    if not q.wants_figure:
        return None
    text = c.said
    fitting = _answering([f for f in figures.parse(text, cell=c.cell is not None) if _of_kind(f, q, c)], text, q)
    if not fitting:
        return None
    if c.cell is not None and not q.change and DELTA.search(c.cell.column or ""):
        return None  # a change's column (対前年同期比: ▲395億円) gives no level: 「収納未済額はいくらで、…いくら減少」
    if c.cell is not None and (labelled := remark_figure(c, q)):
        return labelled
    if c.cell is not None:
        # a cell's first figure is its value; later ones qualify it (73.9% (+2.4%)), unless they are in the
        # asked unit or are the change asked for
        if q.change and (change := next((f for f in fitting if clauses.role(text, f) == "change"), None)):
            return change.text
        if q.change and (change := _bracketed_change(c)) is not None and _of_kind(change, q, c):
            return change.text + _label_unit(change, c)
        # the unit named, else a figure of the kind asked (「割合は」: 94.7% of 「20,967 (94.7%)」), else the value
        chosen = next((f for f in fitting if q.unit and f.unit == q.unit),
                      next((f for f in fitting if f.kind == q.answer_type), fitting[0]))
        return chosen.text + _label_unit(chosen, c)
    if len(fitting) == 1:
        return fitting[0].text
    # a word the question says only negated (不支給事案を点検したのは) does not ask the word (支給)
    unsaid = set(LEMMA.analyze(q.unglossed)) - said_tokens(q.unglossed)
    if q.remark:
        # a remark's words (…予約取りにくいところ増やしたって聞いたけど) are context: they choose no figure
        unsaid |= set(LEMMA.analyze(q.remark)) - set(LEMMA.analyze(q.unglossed.replace(q.remark, "")))
    heard = "".join(m.group(0) for m in HEARSAY.finditer(q.unglossed))
    if heard:
        # … and so are those of what is said about the topic before the question (「相談予約がなかなか取れないという
        # 声がありますが、…相談ブースはいくつ確保」: 予約 chooses no figure), where the question does not say them too
        unsaid |= set(LEMMA.analyze(heard)) - set(LEMMA.analyze(HEARSAY.sub(" ", q.unglossed)))
    # a period's tokens (令和7年9月, 2025年度) choose no figure: the period is matched apart (:func:`period_match`),
    # and a sentence dates all its figures once (「令和7年9月末までに20歳到達者49万人、…到達者6千人」)
    unsaid |= {t for t in LEMMA.analyze(q.unglossed) if _PERIOD_TOKEN.search(t)}
    # the report's word for one the question says (普通の職員 → 一般職) chooses as the question's own does
    renamed = [t for _, term in q.renamed for t in LEMMA.analyze(term)]
    own = [t for t in dict.fromkeys(own_tokens(q) + renamed) if t not in unsaid]
    measured = [t for t in q.measured if t not in unsaid]
    own_set = set(own)
    # the words of the clause the question asks in (「…事案の再点検で、最終的に支給決定に変更されたのは何件」: 支給,
    # 決定, 変更), over the context before it (点検, 事案), which the other figures' clauses may say as well; of a
    # part of a whole (「点検対象のうち何件が支給に」), the part's. A question of one clause has no context to
    # outweigh: the term would only reweigh its words against the figure's role
    focus = [t for t in q.asked_tokens if t in own_set]
    if set(focus) == own_set:
        focus = []
    asked = {f.text for f in q.own_figures}
    outside = set(LEMMA.analyze(clauses.BRACKETS.sub(" ", text)))
    every = figures.parse(text, cell=c.cell is not None)
    # the periods of the clause asked in, when it names any (「…上がったそうですが、前年の令和6年9月末時点では何％」
    # asks 令和6年9月末, not the 令和7年9月末 its scene names)
    asked_periods = tuple(p for p in periods.find(q.focus) or q.periods if p not in q.base)
    wanted = {k for p in asked_periods for k in p.same()}
    # figures dated on their own: they decide when they are dated to different periods, or one is of a past
    # period asked (「99.83%（令和7年3月末99.82%）」, 令和7年3月末 asked); not one date a sentence gives after its
    # first figure, of the report's own time (「約5.8万人（令和7年9月末現在）に対して送付…約1.3万人…が回復」)
    dates_of = {f.text: d for f in fitting if (d := clauses.dated(text, f))} if wanted else {}
    past = {k for p in asked_periods if p.year not in q.editions for k in p.same()}
    if (len({tuple(p.key for p in d) for d in dates_of.values()}) < 2
            and not any(p.same() & past for d in dates_of.values() for p in d)
            or len({p.key for p in asked_periods}) > 1):
        # … and a question asking from one period to another (「令和6年9月末時点から令和7年9月末時点にかけてどう
        # 変化」) asks where it moved to, not the dated past figure
        dates_of = {}

    def _sentence(f: figures.Figure) -> str:
        end = text.find("。", f.end)
        return text[text.rfind("。", 0, f.start) + 1: end if end >= 0 else len(text)]

    # a period a sentence says dates that sentence's figures, not the next one's: of figures in sentences apart,
    # the one whose sentence says the period asked, over one whose sentence says none (「令和7年4～9月で25種類の
    # 文書の審査を行い…。特に、…7種類の文書については」: 4月から9月で何種類 asks 25種類)
    sentence_dated: set[str] = set()
    if wanted and not dates_of and len({_sentence(f) for f in fitting}) > 1:
        said_periods = {f.text: {k for _, _, p in periods.spans(_sentence(f)) for k in p.same()} for f in fitting}
        if any(not keys for keys in said_periods.values()):
            sentence_dated = {t for t, keys in said_periods.items() if keys & wanted}

    def _level_of(f: figures.Figure) -> figures.Figure | None:
        # the nearest figure before a change or a baseline in its sentence, in its unit (a change in ポイント is of
        # a %), that is no baseline: the level that changed (5,209件 of 「5,209件（対前年比+1,669件）」)
        start = text.rfind("。", 0, f.start) + 1
        units = {"%"} if f.unit == "pt" else {f.unit}
        return next((g for g in reversed(every) if start <= g.start and g.end <= f.start and g.unit in units
                     and clauses.role(text, g) != "baseline"), None)

    # a change asked by how much (どのくらい上昇, 何ポイント); one asked yes or no (「収納率は前年より上がった？」) is
    # answered by the level, its change the proof
    # … and so is one whose thing measured is a change (削減数, 減少額: 「所管事業所 削減数」 asks the 39事業所 cut)
    by_how_much = q.change and (asks_figure(q.norm) or bool(_CHANGE_HEAD.search(q.head or "")))

    def fit(f: figures.Figure) -> float:
        clause = clauses.clause(text, f)
        toks = said_tokens(clause)
        role = clauses.role(text, f)
        if q.earlier and role is None and clauses.alone_in_brackets(text, f) and clauses.after_its_level(text, f):
            role = "baseline"  # 「実施回数2,082回（1,478回）」: the report's last year's figure, beside this year's
        # a figure of the past period asked, beside the latest (「99.83%（令和7年3月末99.82%）」, 令和7年3月末 asked)
        then = f.text in dates_of and any(p.same() & past for p in dates_of[f.text])
        prior = role == "baseline" and q.earlier or then
        level = _level_of(f) if (by_how_much and role == "change" or prior) else None
        if level is not None:
            # a change asked is of the level before it in its sentence (「現年度納付率は…61.6%となり、…60.2%から
            # +1.4ポイント上昇」: the +1.4ポイント is 納付率's), though its own clause names only where it moved from;
            # so is the year before's figure asked (「女性管理職比率は19.4%（昨年同時期17.5%）」)
            toks = toks | said_tokens(clauses.clause(text, level))
        # 「帳票（125帳票・約2,870万枚）のうち、…約1,000万枚」: the bracket glosses the whole the part is of; a total
        # asked wants it, said of the noun its brackets gloss (拠点が紙で出力している帳票) as the part is of its clause
        glossed_whole = q.total and not by_how_much and clauses.whole_before_part(text, f)
        if glossed_whole:
            toks = toks | said_tokens(clauses.glossed(text, f))
        score = (coverage(own, toks, idf) + 2 * coverage(measured, toks, idf)
                 + s.figure_focus * coverage(focus, toks, idf) + (1.0 if f.unit == q.unit else 0.0)
                 + (s.figure_head if q.head in toks and not by_how_much else 0.0))
        if clauses.is_target(text, f) and q.plan:
            score += s.figure_target  # the plan asked: its target
        # the whole of 「80契約中26契約」 asked as a total (全部で何契約, 合わせて)
        whole = role == "baseline" and q.total and bool(_WHOLE_OF.match(text, f.end))
        if glossed_whole:
            score += s.figure_baseline
        elif q.total and not by_how_much and clauses.part_of_whole(text, f):
            score -= s.figure_baseline  # … and the part taken of it (約1,000万枚) is not the total
        if role == "baseline" or prior:
            # 77.6%から, （昨年同時期17.5%）, 22項目中14項目: unless the figure of a year before is what is asked
            score += s.figure_baseline if prior or whole else -s.figure_baseline
        elif role == "change":
            score += s.figure_change_asked if by_how_much else -s.figure_change_unasked  # +7.4ポイント, 16万件減少
        valued = bool(q.head) and not by_how_much and q.head in clauses.noun_of(text, f)
        if valued:
            score += s.figure_head  # the figure is the value of the thing asked: 「調達計画額（22,443百万円）」
        if (clauses.in_brackets(text, f) and not (toks - outside) & own_set and not (prior and level is not None)
                and not (valued and clauses.alone_in_brackets(text, f)) and not glossed_whole):
            score -= s.figure_breakdown  # a breakdown in brackets, what sets it apart (サービス改善部門) not asked
        if f.text in asked:
            score -= s.figure_asked  # 「5人以上の事業所は」: the question's own figure is not its answer
        if q.denied and any(n in clause for n in q.denied):
            score -= s.figure_asked  # 「管理職じゃない職員」: 管理職が13時間34分 is the group denied, 一般職's 7時間56分 asked
        if f.text in sentence_dated:
            score += s.figure_dated
        if f.text in dates_of:
            # one thing's figures dated on their own (「137,840人(令和7年9月末) (令和7年3月末：134,255人)」): the one of
            # the period asked, not the others
            score += s.figure_dated if any(p.same() & wanted for p in dates_of[f.text]) else -s.figure_dated
        return score

    # on a tie, the first; of a series asked how it moved (約97万件 → 約14.3万件), the last
    return max(fitting, key=lambda f: (fit(f), f.start if q.moved else -f.start)).text
