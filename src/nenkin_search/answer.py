"""Answers: a span or a table cell that answers what was asked, with a confidence that means something,
or an honest "not in this report".

Everything shown is extracted from the report; nothing is generated. The steps:

1. **Candidates** from the top passages: table cells (by their coordinates: row, column, period, unit;
   never parsed back out of text) and, for text, bullets, sentences and pairs of adjacent sentences
   (a figure is often in the sentence after the one that names the thing: 「…点検を実施。うち、335件…」).
2. **Choice**: the candidate that best covers the question's words, holds a figure of the kind asked
   (an amount in 円 for いくら, a rate for 率 …), is of the period asked (the latest when none is
   asked), is a result rather than a target (目指す, 目標 …) unless the question is about the plan, and
   comes from a well-ranked passage. Weights: ``Settings.span_*``.
3. **Abstention and confidence**: two logistic models of the chosen candidate's :func:`features` — how
   much of the question its passage covers, whether it says the thing measured, the question's nouns the
   report never uses, whether the asked kind of figure and the asked period are there, how clearly
   retrieval found it — fitted on the tune split: ``Settings.answerable`` (does this report answer the
   question at all: answerable vs near-miss and off-topic questions) and ``Settings.span_right`` (is this
   span the answer, on answerable questions). Below ``Settings.threshold`` on the first — or whatever the
   models say, when :func:`gated` finds the span lacks the form, qualifier, period or target asked — the
   answer is 「この報告書には該当する記載が見つかりませんでした」 with the nearest passages; the confidence shown
   is their product, the probability that the answer is right. What a figure in a sentence is (its clause,
   a baseline, a change, a target) is :mod:`nenkin_search.clauses`'s.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence

from . import asks, clauses, figures, periods
from .candidates import TARGET, Candidate, candidates, mark_latest
from .chunk import Citation
from .fields import LemmaField
from .query import Query
from .report import CHALLENGE, PLAN, PROGRESS
from .search import Hit
from .settings import DEFAULT, Settings
from .text import match_key, names, nouns, places, words

NOT_FOUND = "この報告書には該当する記載が見つかりませんでした"
#: joins the two spans (and their figures) of a two-year / two-thing answer
SEPARATOR = " ／ "

_LEMMA = LemmaField()
_KANA1 = re.compile(r"^[\u3041-\u309f]$")
#: a column or row that holds a change, not a level
_DELTA = re.compile(r"対前年|前年比|前年同|伸び幅|増減|差|比較")
#: a column of remarks or notes
_REMARK = re.compile(r"^(?:備考|注|摘要)")
_REASON = re.compile(r"ため|により|による|理由|原因|背景|踏まえ|受けて")
#: a column or row of a total (年度合計, 計, 累計, 年間)
_TOTAL = re.compile(r"合計|計$|累計|年間|年度計")
#: a date a いつ question is answered by: a month (令和7年8月, 9月から) or a span of fiscal years (令和11～15年度);
#: a fiscal year alone is not (every span names one)
_DATE = re.compile(r"(?:令和|平成)\s*(?:\d+|元)\s*年\s*\d+\s*月|\d+\s*月\s*[～~から]|\d+年\d+月"
                   r"|(?:令和|平成)\s*(?:\d+|元)\s*(?:年度)?\s*[～~]\s*(?:令和|平成)?\s*\d+\s*年度")

class Idf:
    """IDF of a lemma token in the indexed passages (from the lemma field's document frequencies)."""

    def __init__(self, n: int, df: Callable[[str], int]) -> None:
        self.n, self.df = n, df

    def __call__(self, token: str) -> float:
        return math.log((self.n + 1) / (self.df(token) + 0.5))


@dataclass(frozen=True)
class Answer:
    """The answer to a question, with the passage that proves it, or ``found=False`` with the nearest passages."""

    query: str
    text: str
    found: bool
    confidence: float
    citation: Citation | None  # None when not found
    hits: list[Hit] = field(default_factory=list)  # supporting passages (found) or the nearest ones (not found)
    figure: str | None = None  # 数値: a figure of the kind asked, only for a figure question
    figure_label: str | None = None
    date: str | None = None  # 時期: the date the answer gives, only for a いつ question
    passage_id: str | None = None
    mode: str = "hybrid"
    k: int = 5
    features: Mapping[str, float] = field(default_factory=dict)  # what the confidence was computed from

    @property
    def figures(self) -> list[str]:
        """Each figure of the answer (two for a two-part question)."""
        return self.figure.split(SEPARATOR) if self.figure else []

    @property
    def message(self) -> str:
        return self.text if self.found else NOT_FOUND

    def to_dict(self) -> dict:
        hits = [h.to_dict() for h in self.hits]
        return {
            "query": self.query, "mode": self.mode, "k": self.k, "found": self.found,
            "answer": self.text if self.found else None, "message": self.message,
            "confidence": round(self.confidence, 4), "figure": self.figure, "figures": self.figures,
            "figure_label": self.figure_label, "date": self.date,
            "citation": self.citation.to_dict() if self.found and self.citation else None,
            "passage_id": self.passage_id if self.found else None,
            "hits": hits if self.found else [], "nearest": [] if self.found else hits,
        }

    def __repr__(self) -> str:
        if not self.found:
            return f"Answer(not found: {NOT_FOUND}; nearest: {self.hits[0].citation if self.hits else '-'})"
        fig = f" figure={self.figure!r}" if self.figure else ""
        return f"Answer({self.text!r}{fig} [{self.citation}] confidence={self.confidence:.2f})"

    def _repr_html_(self) -> str:
        if not self.found:
            body = f"<p><b>{NOT_FOUND}</b></p><p><small>最も近い記載（回答ではありません）:</small></p>"
            return body + "".join(h._repr_html_() for h in self.hits[:3])
        text = html.escape(self.text)
        for fig in self.figures:
            text = text.replace(html.escape(fig), f"<mark><b>{html.escape(fig)}</b></mark>")
        return (
            f"<div><p style='font-size:1.1em'>{text}</p>"
            f"<p><small>出典: {html.escape(str(self.citation))} · 確信度 {self.confidence:.2f}</small></p></div>"
        )


# --- candidates ---------------------------------------------------------------------


#: text → cosine of its best indexed sentence with the question (None: no sentence of it indexed)
Similarity = Callable[[str], "float | None"]


def _sim(c: Candidate, similarity: Similarity | None) -> float:
    """The candidate's best sentence's cosine with the question; a cell's (or without the index's sentences)
    its passage's."""
    sim = similarity(c.text) if similarity is not None and c.cell is None else None
    return sim if sim is not None else c.hit.signals.get("dense", 0.0)


# --- scoring ------------------------------------------------------------------------


def coverage(query_tokens: Sequence[str], tokens: set[str], idf: Idf) -> float:
    """IDF-weighted share of the query's tokens present (unknown words weigh most)."""
    total = sum(idf(t) for t in query_tokens)
    if total <= 0:
        return 0.0
    return sum(idf(t) for t in query_tokens if t in tokens) / total


def _fits(c: Candidate, q: Query) -> bool:
    """The candidate holds a figure of the kind the question asks for (in the unit it names: 何人 is not
    answered by 8,375件), and, unless the plan is asked about, one that is not a target's (目標を7.0万事業所とし)."""
    figs = c.figures
    if not (q.plan or q.challenge):  # next year's challenge states targets (3.0%以上を確保): they answer it
        text = c.mended if c.cell is None else figures.mend(c.cell.value)
        figs = [f for f in figs if not clauses.is_target(text, f)]
    asked = {f.value for f in q.own_figures}  # 「54拠点の増設数」: 54拠点 is the question's, not an answer
    return any(_of_kind(f, q, c) and f.value not in asked for f in figs)


#: a table label that gives a bare number its kind (平均所要日数: 23.6 is a duration; 収納済額 an amount)
_LABEL_KINDS = {"duration": re.compile(r"日数|時間|期間"), "amount": re.compile(r"額|円"), "rate": re.compile(r"率|割合")}


#: how a table label names a duration's unit
_LABEL_UNITS = {"分": "時間|分", "日": "日", "か月": "か月|ヶ月|カ月"}

#: the unit a table label gives a bare number (平均所要日数: 67.9 is 67.9日), unless the header scales it ((万人))
_BARE_UNITS = (("日", re.compile(r"日数")), ("件", re.compile(r"件数")), ("人", re.compile(r"人数|者数")),
               ("事業所", re.compile(r"事業所数")), ("社", re.compile(r"社数")), ("回", re.compile(r"回数")))
_SCALED = re.compile(r"[（(]\s*(?:万|億|千|百万)")


def _label_unit(f: figures.Figure, c: Candidate) -> str:
    """The unit a bare cell figure takes from its row, column or table title, or ""."""
    if f.unit or c.cell is None:
        return ""
    label = f"{c.cell.row} {c.cell.column} {c.hit.citation.table or ''}"
    if _SCALED.search(label):
        return ""
    return next((unit for unit, said in _BARE_UNITS if said.search(label)), "")


#: units that count the same things in this report's words
_SAME_UNITS = {"社": ("社", "事業所"), "事業所": ("事業所", "社"), "か所": ("か所", "拠点", "事務所"),
               "拠点": ("拠点", "か所", "事務所")}


def _of_kind(f: figures.Figure, q: Query, c: Candidate) -> bool:
    """A figure of the kind asked: any for どれくらい; a count printed bare in a table (185,856), its unit in
    the header; a bare number under a label of the kind asked (平均所要日数: 23.6 for 何日); else by unit or kind."""
    if q.answer_type == "figure":
        return True
    if f.kind == "number" and (q.answer_type == "count" or c.cell is not None and q.answer_type in _LABEL_KINDS
                               and _LABEL_KINDS[q.answer_type].search(c.label or "")):
        # a bare number under 日数 answers 何日, not 何時間
        return not (q.answer_type == "duration" and q.unit
                    and not re.search(_LABEL_UNITS.get(q.unit, q.unit), c.label or ""))
    if q.unit and q.answer_type == "duration":
        return f.unit == q.unit
    if q.unit and q.answer_type == "count":
        # a count in another unit answers only under a label naming the one asked (差押事業所数: 1,423件), or
        # in the report's word for it (何社 asked: the report counts companies in 事業所)
        return (f.unit in _SAME_UNITS.get(q.unit, (q.unit,))
                or f.kind == "count" and c.cell is not None and q.unit in (c.label or ""))
    return f.kind == q.answer_type


def _gives_target(c: Candidate) -> bool:
    """The candidate is of the plan column, or says a target (a figure of one, or 目標 / 計画件数 words)."""
    if c.hit.citation.column == PLAN or TARGET.search(c.text):
        return True
    text = c.mended
    return any(clauses.is_target(text, f) for f in figures.parse(text))


def _says_change(c: Candidate) -> bool:
    if c.cell is not None:
        return bool(_DELTA.search(c.cell.column))
    return any(clauses.role(c.mended, f) == "change" for f in c.figures)


def _stale(c: Candidate, q: Query) -> bool:
    """A cell only of a year before the one the report is about (参考資料's R6 column beside the body's
    令和7年9月末): the latest of its own row, but not what a question asking about "now" wants."""
    if c.cell is None or not c.cell.period or not q.editions:
        return False
    period = periods.Period.from_key(c.cell.period)
    return period is not None and period.fiscal and period.year < max(q.editions)


def _period_match(c: Candidate, q: Query) -> float:
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
    years = {periods.year_key(k) for k in keys}
    # the report's own year is not over: its figure is the latest month end's (今年度 → 令和7年9月末)
    current = {f"FY{y}" for y in q.editions}
    # a past year asked is not its half or a month of it (令和6年度 ≠ 令和6年9月末): no credit for those; nor is a
    # month asked answered by another month or by the year (令和7年5月 asked: 4月's figure, the 4～9月 total)
    return sum(1.0 if w in have or w in current and w in years
               else 0.5 if periods.year_key(w) in years and (periods.is_half_key(w) or w in current) else 0.0
               for w in wanted) / len(wanted)


def _span_score(c: Candidate, q: Query, qtokens: list[str], idf: Idf, s: Settings, above: list[float],
                similarity: Similarity | None = None) -> float:
    """How well the candidate answers; ``above`` are the scores of the hits, best first."""
    keys = c.keys
    if q.challenge and c.hit.citation.column == CHALLENGE:
        # a 課題 is terse (「認定業務の客観性…をどのように進めるか」); what it is about is its 施策's name
        keys = f"{c.hit.citation.policy or ''} {keys}"
    score = s.span_overlap * coverage(qtokens, set(_LEMMA.analyze(keys)), idf)
    if similarity is not None and not q.wants_figure:
        # a sentence answer (what was done, the 課題, a paraphrase): which of a passage's sentences says what
        # is asked, by meaning as well as by shared words; a cell's is its row's
        score += s.span_dense * _sim(c, similarity)
    # a lower rank costs for each passage retrieval put clearly above it; one it could hardly tell apart (two
    # rows of one table, scores 0.009 apart) costs in proportion (before: rank − 1 in full once the first was
    # span_tie above, so two near-tied passages at ranks 2 and 3 differed by a whole penalty)
    behind = sum(min(1.0, max(0.0, sc - c.hit.score) / s.span_tie) for sc in above[: c.hit.rank - 1])
    score += s.span_hit_weight * c.hit.score - s.span_rank_penalty * behind
    if q.wants_figure:
        score += s.span_unit_fit if _fits(c, q) else s.span_unit_other if c.figures else s.span_unit_none
    if q.periods:
        match = _period_match(c, q)
        score += s.span_period * match if match else -s.span_period
    if c.cell is not None and c.latest:
        score += s.span_latest  # with no period asked, the latest; with one, the latest of those that match
    if not q.periods and _stale(c, q):
        score -= s.span_stale
    if c.cell is not None and _DELTA.search(c.cell.column) and not q.change:
        score -= s.span_delta
    if c.cell is not None and _REMARK.search(c.cell.column):
        score -= s.span_delta  # a remark's figures (備考: 令和7年度計画：…) are context, not the row's value
    if q.change and q.wants_figure and _says_change(c):
        score += s.span_delta  # 「どれくらい上がった」: the span that gives the change, not only the level
    if c.cell is not None and not q.month:
        # a month's cell answers a question about that month; a year's question wants the year's total
        if periods.one_month(c.cell.column) or periods.one_month(c.cell.row):
            score -= s.span_month
        elif (_TOTAL.search(c.cell.column) or _TOTAL.search(c.cell.row)) and q.total:
            score += s.span_month
    column = c.hit.citation.column
    if not q.plan:
        if column == PROGRESS:
            score += s.span_progress_column  # "what was done" is in 主な取組状況, not in the plan
        if column == PLAN or TARGET.search(c.text):
            score -= s.span_target
    if column == CHALLENGE:
        score += s.span_challenge_column if q.challenge else -s.span_challenge_column
    if q.when and _DATE.search(match_key(c.text)):
        score += s.span_date_for_when
    # a longer text costs (a bullet that says more than asked); not a cell, whose length is its label's
    return score - (s.span_length * len(c.text) / 100 if c.cell is None else 0.0)


def features(c: Candidate, q: Query, hits: list[Hit], idf: Idf, s: Settings = DEFAULT,
             similarity: Similarity | None = None) -> dict[str, float]:
    """What the confidence is computed from (plain numbers, shown by --explain and fitted on tune).

    Counted over the question's words (not pair compounds): how much of them the passage, the span and the
    clause that says the answer's figure cover; whether the kind of answer asked (a figure of that kind, a
    date, a reason) and the period asked are there; how clearly retrieval found it; the rarest question word
    the span lacks. And what :func:`gated` reads: a place or period the report never names (東京都, 平成20年度),
    the form the question needs (``Query.needs``), a swapped qualifier, a target asked and not given. Tried on
    tune and left out (no gain out of fold): the thing measured, nouns the report never uses, the top BM25
    score, the passage's rarest missing word, coverage of the question's pair compounds, the share of the
    question in words the report never uses (for off-topic questions; as a feature or a rule it refused too many
    answerable questions asked in everyday words).
    """
    qwords = [w for w in words(q.norm) if not _KANA1.match(w)]
    passage = set(words(c.hit.passage.index_text))
    span_text = " ".join(x for x in (c.keys, c.hit.citation.table or "") if x)
    span = set(words(span_text))
    said = figures.mend(f"{span_text} {c.hit.passage.context}")  # the span under its headings
    expanded = set(words(" ".join(q.expansions)))
    kind_ok = 1.0
    if q.wants_figure:
        kind_ok = float(_fits(c, q))
    elif q.answer_type == "date":
        # a table cell's period (令和7年9月) dates its figure, not an event: its value must hold the date
        kind_ok = float(bool(_DATE.search(match_key(c.cell.value if c.cell is not None else c.text))))
    elif q.answer_type == "reason":
        kind_ok = float(c.cell is None and bool(_REASON.search(c.text)))  # a table cell gives no reason
    return {
        "cover": coverage(qwords, passage, idf),
        "span_cover": coverage(qwords, span, idf),
        "kind_ok": kind_ok,
        "asks_period": float(bool(q.periods)),
        "period_fits": float(bool(q.periods) and _period_match(c, q) > 0),
        "dense": max((h.signals.get("dense", 0.0) for h in hits), default=0.0),
        "gap": hits[0].score - hits[1].score if len(hits) > 1 else 0.0,
        "rank": float(c.hit.rank),
        "clause": coverage(qwords, set(words(_figure_context(c, q, idf, s))), idf),
        "unknown_names": float(any(idf.df(n) == 0 for n in names(q.norm) if n not in expanded)
                               or bool(q.foreign)),  # or a scheme the report never speaks of (介護保険料)
        # a population asked about (外国人, 若年者) that the span and its headings do not name: the figure is of all
        "population_missing": float(any(w in q.norm and w not in said for w in s.populations)),
        # a place the report does name, but not where the span is (沖縄 asked, the national rate found)
        "place_missing": float(any(idf.df(n) > 0 and n not in set(words(said)) for n in places(q.norm))),
        # a period the report never names (平成20年度 for a table from 平成26年度): its figures are not in it
        "unknown_period": float(any(all(idf.df(t) == 0 for t in periods.tokens(p)) for p in q.periods)),
        # a month asked that the span does not give, where it gives other months of that year (令和7年10月末
        # asked, a table that stops at 9月末): that month's figure is not in it
        "other_month": float(_other_month(c, q)),
        # a part of a whole asked (「198件のうち、年金給付に関するものは」, 「ねんきんダイヤル単独の」) whose naming
        # nouns the span and its headings do not say: the whole's figure is no answer
        "part_missing": float(any(n not in set(words(said)) for n in nouns(asks.part(q.norm)))),
        "span_missing": _missing(qwords, span | expanded, idf),
        # a target figure asked (年間何件を目標に): a result's figure does not answer it
        "target_ok": float(not (q.plan and q.wants_figure) or _gives_target(c)),
        "form_ok": float(all(re.search(n, said) for n in q.needs)),
        "swapped": float(_swapped(q.norm, figures.mend(span_text), s.contrasts, q.focus)),
    }


def gated(feats: Mapping[str, float], s: Settings) -> bool:
    """Never answer, whatever the models say: the question names a place or a period the report never names
    (東京都, 平成20年度), or the span is not an answer of the kind asked (:func:`mismatched`). Each fired on
    near-misses only on tune."""
    return bool(s.abstain_unknown_names and (feats["unknown_names"] or feats.get("unknown_period"))
                or mismatched(feats, s))


def mismatched(feats: Mapping[str, float], s: Settings) -> bool:
    """The span lacks the form of answer asked (年代別, 最も, 何年に1回, 何語, 1人あたり, 月額, 予約率) or a figure
    of the kind asked (何人: a count of people; いくら: 円) or a date for いつ, says another qualifier than the
    question (女性 asked, 男性 said), is not of the period asked (2018年度 asked, a table from 令和元年度 found)
    or gives a result where a target was asked (年間何件を目標に: 差押実施 11,252件). Unlike an unknown name, this is a fault of the span, not of the question: :func:`pick` then
    tries the next candidate."""
    return bool(s.abstain_mismatch and (not feats["form_ok"] or feats["swapped"] or not feats.get("target_ok", 1.0)
                                        or s.abstain_places and feats.get("place_missing", 0.0)
                                        or feats.get("population_missing", 0.0)
                                        or feats["asks_period"] and not feats["period_fits"]
                                        or feats.get("other_month", 0.0))
                or s.abstain_kind and not feats["kind_ok"])


#: a law's name: its qualifier words (国民年金法, 厚生年金保険法) say nothing of which side a figure is
_LAW_NAME = re.compile(r"(?:国民年金|厚生年金保険?|健康保険)法")


def _swapped(question: str, span: str, contrasts: Sequence[Sequence[str]], focus: str = "") -> bool:
    """The span says another of a set of exclusive qualifiers than the question (女性 asked, 男性 said). A
    question naming two (「男性は74.3%と聞いたけど、女性は」) asks about the one in its last clause."""
    span = _LAW_NAME.sub("", span)  # 国民年金法等の一部を改正する法律 names a law, not the 国民年金 side
    for group in contrasts:
        asked = [w for w in group if w in question]
        if len(asked) > 1 and focus:
            asked = [w for w in group if w in focus]
        if len(asked) == 1 and asked[0] not in span and any(w in span for w in group if w != asked[0]):
            return True
    return False


def _other_month(c: Candidate, q: Query) -> bool:
    asked = {p.key for p in q.periods if p.month is not None}
    months = {k for k in c.periods if re.search(r"-\d\d$", k)}
    return any(k not in months and any(periods.year_key(m) == periods.year_key(k) for m in months) for k in asked)


def _missing(qwords: Sequence[str], have: set[str], idf: Idf) -> float:
    """The rarest question word the text lacks, as a share of the largest IDF (1: a word the report never
    uses; 女性 asked where the passage says 男性 scores high, a common word low, 0 when all are there)."""
    top = math.log(idf.n + 1) + math.log(2)
    return max((idf(w) / top for w in qwords if w not in have), default=0.0)


def _figure_context(c: Candidate, q: Query, idf: Idf, s: Settings) -> str:
    """What the answer's figure is said of: a cell's row, column and title; in text, the figure's clause
    (for a question that asks no figure, the whole span)."""
    if c.cell is not None:
        return " ".join(x for x in (c.hit.citation.table, c.text) if x)
    fig = figure_of(c, q, idf, s) if q.wants_figure else None
    if not fig:
        return c.text
    f = next((f for f in c.figures if f.text == fig), None)
    return clauses.clause(c.mended, f) if f else c.text


def _logistic(weights: Mapping[str, float], feats: Mapping[str, float]) -> float:
    z = weights.get("bias", 0.0) + sum(w * feats.get(name, 0.0) for name, w in weights.items() if name != "bias")
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def own_tokens(q: Query) -> list[str]:
    """The question's own lemma tokens (not the synonyms' expansions), once each."""
    return list(dict.fromkeys(t for t, w in zip(q.terms.get("lemma") or (), q.weights.get("lemma") or ()) if w >= 1.0))


def choose(q: Query, hits: list[Hit], idf: Idf, s: Settings, depth: int | None = None,
           similarity: Similarity | None = None) -> list[tuple[float, Candidate]]:
    """Candidates of the top ``depth`` passages (``s.span_hits``), best first."""
    qtokens = own_tokens(q)
    cands = mark_latest([c for h in hits[: depth or s.span_hits] for c in candidates(h, s.span_long_bullet)
                          # a figure is in one item, not the list; anything else is said by the whole list
                          if not (c.listing and q.wants_figure or c.headed and not q.wants_figure)])
    above = [h.score for h in hits]
    scored = [(_span_score(c, q, qtokens, idf, s, above, similarity), i, c) for i, c in enumerate(cands)]
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [(sc, c) for sc, _, c in scored]


def pick(q: Query, hits: list[Hit], idf: Idf, s: Settings, similarity: Similarity | None = None,
         ) -> tuple[list[tuple[float, Candidate]], Candidate, dict] | None:
    """(ranked candidates, the one to answer from, its features). The best-scored candidate, unless it is
    not an answer of the kind asked (:func:`mismatched`: 予約率 asked, a count found; 令和6年度 asked, a
    9月末 cell found): then the next of the first ``s.span_fallback`` that is; if none is, the first, whose
    features refuse. None when the passages give no candidate."""
    ranked = choose(q, hits, idf, s, similarity=similarity)
    if not ranked:
        return None
    first = features(ranked[0][1], q, hits, idf, s, similarity)
    if not mismatched(first, s):
        return ranked, ranked[0][1], first
    top = ranked[0][0]
    for score, c in choose(q, hits, idf, s, s.span_fallback_hits, similarity):
        if score < top - s.span_fallback:
            break
        if c.text == ranked[0][1].text and c.hit.passage_id == ranked[0][1].hit.passage_id:
            continue
        feats = features(c, q, hits, idf, s, similarity)
        if not mismatched(feats, s):
            return ranked, c, feats
    return ranked, ranked[0][1], first


def _second(q: Query, ranked: list[tuple[float, Candidate]], best: Candidate) -> Candidate | None:
    """For a two-period or two-thing question, the best candidate that covers what the first does not."""
    wanted = [p.key for p in q.periods]
    if len(set(wanted)) < 2 and not q.two_part:
        return None
    if best.cell is not None and len(set(wanted)) >= 2 and all(_period_match(best, _only(q, k)) == 1.0 for k in wanted):
        return None  # 令和5年度分保険料 × 令和6年9月末: one cell names both periods
    own = set(own_tokens(q))
    covered = set(_LEMMA.analyze(best.keys))
    for _, c in ranked[1:8]:
        if c.text == best.text:
            continue
        new_period = bool(set(c.periods) & set(wanted) - set(best.periods))
        if new_period or (not wanted and (set(_LEMMA.analyze(c.keys)) - covered) & own):
            return c
    return None


def spans_and_figures(query: Query, ranked: list[tuple[float, Candidate]], best: Candidate, idf: Idf,
                      s: Settings) -> tuple[list[Candidate], list[tuple[str, Candidate]]]:
    """The spans an answer shows (the best, and a second for a two-period or two-thing question) and the 数値
    line's figures with the span each is from; what the eval and the tuning script score."""
    chosen = [best]
    second = _second(query, ranked, best)
    if second is not None:
        chosen.append(second)
    if len(chosen) == 1 and query.parts:
        # two figures asked of one span (「何件を点検し、何件が支給に」): each part's own, the first asked first
        return chosen, list({f: (f, best) for part in query.parts if (f := figure_of(best, part, idf, s))}.values())
    return chosen, [(f, c) for c in chosen if (f := figure_of(c, query, idf, s))]


def _only(q: Query, key: str) -> Query:
    return replace(q, periods=tuple(p for p in q.periods if p.key == key))


def answer(query: Query, hits: list[Hit], idf: Idf, settings: Settings, *, k: int = 5, mode: str = "hybrid",
           similarity: Similarity | None = None) -> Answer:
    """Answer ``query`` from its ranked ``hits`` (at least five; the first ``k`` are shown); ``similarity``
    says how close a text is to the question by meaning (:meth:`api.Engine.similarity`), None without it."""
    shown = hits[:k]
    if not hits:
        return Answer(query.text, "", False, 0.0, None, shown, mode=mode, k=k)
    s = settings
    picked = pick(query, hits, idf, s, similarity)
    if picked is None:
        return Answer(query.text, "", False, 0.0, None, shown, mode=mode, k=k)
    ranked, best, feats = picked
    # two models fitted on tune: does this report answer the question at all, and, if so, is this span the
    # answer; the answer is given when the first clears the threshold, and its confidence is both together
    answerable = _logistic(s.answerable, feats)
    conf = answerable * _logistic(s.span_right, feats)
    feats = {**feats, "p_answerable": answerable}
    # the refusals that no model overrules (a place or period never named, a form or qualifier not given)
    found = answerable >= s.threshold and query.substantive and not gated(feats, s)
    if not found:
        return Answer(query.text, "", False, conf, None, shown, mode=mode, k=k, features=feats)
    chosen, figs = spans_and_figures(query, ranked, best, idf, s)
    labels = [c.label or "" for _, c in figs[:len(chosen)]]
    return Answer(
        query=query.text,
        text=SEPARATOR.join(c.text for c in chosen),
        found=True,
        confidence=conf,
        citation=best.hit.citation,
        hits=shown,
        figure=SEPARATOR.join(f for f, _ in figs) or None,
        figure_label=SEPARATOR.join(labels) if any(labels) else None,
        date=_date_of(best, query),
        passage_id=best.hit.passage_id,
        mode=mode,
        k=k,
        features=feats,
    )


def _date_of(c: Candidate, q: Query) -> str | None:
    """The 時期 line of a いつ question: the first date the span gives (令和7年8月)."""
    if q.answer_type != "date":
        return None
    m = _DATE.search(figures.mend(c.cell.value) if c.cell is not None else c.mended)
    return m.group(0).rstrip("～~から").strip() if m else None


def figure_of(c: Candidate, q: Query, idf: Idf, s: Settings = DEFAULT) -> str | None:
    """The 数値 line: of the figures of the asked kind in the span, the one whose clause best covers the
    question (「8,375件について点検を実施。うち、335件について支給」: 支給の件数 is 335件), never a target's
    unless the plan is asked, nor a baseline's when another is there."""
    if not q.wants_figure:
        return None
    text = figures.mend(c.cell.value) if c.cell is not None else c.mended
    fitting = [f for f in figures.parse(text, cell=c.cell is not None) if _of_kind(f, q, c)]
    # a target's figure is never the 数値 of a result question (a cell's 令和7年度計画：8,967,293); a challenge's is
    if not (q.plan or q.challenge):
        fitting = [f for f in fitting if not clauses.is_target(text, f)]
    if not fitting:
        return None
    if c.cell is not None:
        # a cell's first figure is its value; later ones qualify it (73.9% (+2.4%)), unless they are in the
        # asked unit or are the change asked for
        if q.change and (change := next((f for f in fitting if clauses.role(text, f) == "change"), None)):
            return change.text
        # the unit named, else a figure of the kind asked (「割合は」: 94.7% of 「20,967 (94.7%)」), else the value
        chosen = next((f for f in fitting if q.unit and f.unit == q.unit),
                      next((f for f in fitting if f.kind == q.answer_type), fitting[0]))
        return chosen.text + _label_unit(chosen, c)
    if len(fitting) == 1:
        return fitting[0].text
    own, measured = own_tokens(q), list(q.measured)
    asked = {f.text for f in q.own_figures}
    outside = set(_LEMMA.analyze(clauses.BRACKETS.sub(" ", text)))

    def fit(f: figures.Figure) -> float:
        clause = clauses.clause(text, f)
        toks = set(_LEMMA.analyze(clause))
        score = coverage(own, toks, idf) + 2 * coverage(measured, toks, idf) + (1.0 if f.unit == q.unit else 0.0)
        if clauses.is_target(text, f) and q.plan:
            score += s.figure_target  # the plan asked: its target
        role = clauses.role(text, f)
        if role == "baseline":
            score -= s.figure_baseline  # 77.6%から, （昨年同時期17.5%）, 22項目中14項目
        elif role == "change":
            score += s.figure_change_asked if q.change else -s.figure_change_unasked  # +7.4ポイント, 16万件減少
        if clauses.in_brackets(text, f) and not (toks - outside) & set(own):
            score -= s.figure_breakdown  # a breakdown in brackets, what sets it apart (サービス改善部門) not asked
        if f.text in asked:
            score -= s.figure_asked  # 「5人以上の事業所は」: the question's own figure is not its answer
        return score

    return max(fitting, key=lambda f: (fit(f), -f.start)).text
