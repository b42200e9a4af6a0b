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
3. **Abstention and confidence** (:mod:`nenkin_search.confidence`): two logistic models of the chosen
   candidate's features — how
   much of the question its passage covers, whether it says the thing measured, the question's nouns the
   report never uses, whether the asked kind of figure and the asked period are there, how clearly
   retrieval found it — fitted on the tune split: ``Settings.answerable`` (does this report answer the
   question at all: answerable vs near-miss and off-topic questions) and ``Settings.span_right`` (is this
   span the answer, on answerable questions; each search mode has its own pair, ``Settings.models``). Below
   ``Settings.threshold`` on the first — or whatever the models say, when ``gated`` finds the span lacks the
   form, qualifier, period or target asked — the answer is 「この報告書には該当する記載が見つかりませんでした」 with
   the nearest passages; the confidence shown is their product, the probability that the answer is right. What a figure in a sentence is (its clause,
   a baseline, a change, a target) is :mod:`nenkin_search.clauses`'s.
4. **A superlative over periods** (一番落ち込んだのはどの年度) is answered by the lowest or highest cell of the
   chosen cell's series, read from every row of its table (:mod:`nenkin_search.extremes`).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import Mapping

from . import clauses, figures, periods
from .candidates import Candidate, candidates, continued, mark_latest
from .chunk import Citation
from .confidence import features, gated, joint_cover, logistic, mismatched, says_negative
from .extremes import also_asked, extreme
from .fit import (DELTA, LEMMA, REMARK, UNTIL, Idf, Similarity, coverage, date_of, dates, figure_of, fits, own_tokens,
                  period_match, quoted, remark_figure, said_tokens, says_change, unnamed_count)
from .measures import Measures
from .query import Query
from .report import CHALLENGE, PLAN, PROGRESS, TARGET
from .search import Hit
from .settings import Settings
from .text import match_key, places, words


NOT_FOUND = "この報告書には該当する記載が見つかりませんでした"


#: joins the two spans (and their figures) of a two-year / two-thing answer
SEPARATOR = " ／ "


#: a column or row that holds a change, not a level
#: a column of last year's level (前年同期 B): the baseline a change is taken from, neither the level nor the change
_BASELINE = re.compile(r"前年(?:度|同[期月])?(?![度同期月]*比)")


#: a condition a row is said under, in brackets (2か月（加入状況の再確認を要する場合）, （…を除く）)
_CONDITION = re.compile(r"[（(]([^（()）]{2,40}?(?:場合|を除く|に限る))[）)]")


def _unasked_condition(row: str, q: Query) -> bool:
    """A row said under a condition (（加入状況の再確認を要する場合）) none of whose words the question says: the
    sibling row without it is the one asked (老齢年金の平均所要日数: 1か月's 23.4日, not the 36.4日 of re-checks)."""
    m = _CONDITION.search(row)
    if not m:
        return False
    own = set(words(q.norm))
    said = [w for w in words(m.group(1)) if len(w) > 1 and w in own and w not in _GENERIC]
    # the condition said negated (「再確認が要らない」, 「確認不要の」) asks the row without it as much as silence does
    return not said or any(_NEGATED_AFTER.match(q.norm[i + len(w):]) for w in said
                           for i in [q.norm.rfind(w)] if i >= 0)


def _denied_condition(c: Candidate, q: Query) -> bool:
    """A cell said under a condition the question says is not so (「（加入記録の確認がいらない場合）」 of the row or
    column 「2か月（加入状況の再確認を要する場合）」): the other case is asked, this one's figure is not it."""
    m = _CONDITION.search(f"{c.cell.row} {c.cell.column}") if c.cell is not None else None
    if not m:
        return False
    own = set(words(q.norm))
    said = [w for w in words(m.group(1)) if len(w) > 1 and w in own and w not in _GENERIC]
    return any(_NEGATED_AFTER.match(q.norm[i + len(w):]) for w in said for i in [q.norm.rfind(w)] if i >= 0)


#: words of any condition (場合, ケース): saying them says no condition
_GENERIC = {"場合", "ケース", "除く", "限る"}
#: a word negated right after it: 再確認が要らない, 確認不要, 確認のない, 確認しない
_NEGATED_AFTER = re.compile(r"^[^、。？?]{0,3}?(?:要らな|いらな|不要|必要(?:が|の|は)?(?:ない|なく|なし|無)|しな|されな|なし|無し|のない|がない)")


#: last year asked about (前年同期は何件だった), not compared with (前年同期より多い, 前年同期比): its baseline
#: column is the level asked
_LAST_YEAR = re.compile(r"(?:前年|昨年|去年|前の年|[1一]年前)(?:度|同期|同月)?(?![度同期月]|\s*(?:比|より|と比|に比|から))")


#: a column or row of a total (年度合計, 計, 累計, 年間)
_TOTAL = re.compile(r"合計|計$|累計|年間|年度計")


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
    read_as: tuple[tuple[str, str], ...] = ()  # typos read as the report's words ((納付律, 納付率))

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
            "read_as": [list(pair) for pair in self.read_as],
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


def _sim(c: Candidate, similarity: Similarity | None) -> float:
    """The candidate's best sentence's cosine with the question; a cell's (or without the index's sentences)
    its passage's."""
    sim = similarity(c.text) if similarity is not None and c.cell is None else None
    return sim if sim is not None else c.hit.signals.get("dense", 0.0)




def _stale(c: Candidate, q: Query) -> bool:
    """A cell only of a year before the one the report is about (参考資料's R6 column beside the body's
    令和7年9月末): the latest of its own row, but not what a question asking about "now" wants."""
    if c.cell is None or not c.cell.period or not q.editions:
        return False
    period = periods.Period.from_key(c.cell.period)
    return period is not None and period.fiscal and period.year < max(q.editions)


def _span_score(c: Candidate, q: Query, qtokens: list[str], idf: Idf, s: Settings, above: list[float],
                similarity: Similarity | None = None) -> float:
    """How well the candidate answers; ``above`` are the scores of the hits, best first."""
    keys = c.keys
    if q.challenge and c.hit.citation.column == CHALLENGE:
        # a 課題 is terse (「認定業務の客観性…をどのように進めるか」); what it is about is its 施策's name
        keys = f"{c.hit.citation.policy or ''} {keys}"
    said = set(LEMMA.analyze(keys))
    score = s.span_overlap * coverage(qtokens, said, idf)
    if s.span_bridge and q.expansions:
        # the report's words the vocabulary bridge read the question's everyday ones as (差し押さえ → 差押): a row
        # saying 差押執行事業所数 answers 「差し押さえを受けた事業所」 over one saying 滞納事業所数
        score += s.span_bridge * coverage(list(q.added), said, idf)
    if q.wants_figure and s.span_figure_focus:
        # a figure's span says what the clause asked in names, over the question's lead-in (「…船員保険料の徴収状況
        # において、厚生年金保険の不納欠損額は」: the 厚生年金保険 row, not the 船員保険 row the lead-in's table title
        # also names; 「事務処理ミスが報じられていますが、…事務処理誤りは何件発生」: the sentence of 発生件数)
        score += s.span_figure_focus * coverage(list(q.asked_tokens), said, idf)
    if not q.wants_figure and s.span_focus:
        # a sentence answer says what the clause asked in asks (「…ため、…コールセンターに追加した機能は何か」:
        # the sentence that says 機能 and 追加, not the one that shares the purpose's words); a lead-in with its
        # items, as much as its best line does (the items together cover more than any one says)
        asked = list(q.asked_tokens)
        lines = keys.split("\n") if c.listing else [keys]
        score += s.span_focus * max(coverage(asked, set(LEMMA.analyze(x)), idf) for x in lines)
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
        score += s.span_unit_fit if fits(c, q) else s.span_unit_other if c.figures else s.span_unit_none
        if unnamed_count(c, q):
            score -= s.span_unit_unnamed
    if q.periods:
        match = period_match(c, q)
        score += s.span_period * match if match else -s.span_period
    if (c.cell is not None and c.latest and not q.change
            or q.change and says_change(c) and (not q.wants_figure or fits(c, q))
            and (not q.periods or period_match(c, q) > 0)):
        # with no period asked, the latest; with one, the latest of those that match; a change asked (前の年と比べて
        # どれだけ減った), a span that states it: a change column in the kind asked (対前年同期比: ▲221億円, the
        # latest's change) or a sentence (「応答率は81.1%（対前年比+0.6%）」), not the latest level's cell
        score += s.span_latest
    if not q.periods and _stale(c, q):
        score -= s.span_stale
    if c.cell is not None and (DELTA.search(c.cell.column) and not q.change
                               or _BASELINE.fullmatch(re.sub(r"\s*[A-ZＡ-Ｚ]$", "", c.cell.column))
                               and not _LAST_YEAR.search(q.norm)):
        score -= s.span_delta
    if c.cell is not None and _unasked_condition(c.cell.row, q):
        score -= s.span_condition
    if quoted(c, q):
        score -= s.figure_asked  # the question's own figure is its context, not its answer
    if s.span_label_figures and c.cell is not None and q.coordinates:
        # figures in a row's or column's label are its coordinates (「1人～10人」, 「被保険者50人以下」): the row
        # whose label states the question's own (被保険者1人～10人の事業所) is the one asked, one stating others not
        label = figures.parse(figures.mend(f"{c.cell.row} {c.cell.column}"))
        own = q.coordinates
        said = sum(any(f.same_as(g) for g in label) for f in own)
        other = sum(not any(g.same_as(f) for f in own) for g in label if g.unit in {f.unit for f in own})
        score += s.span_label_figures * (said - other) / len(own)
    if c.unasked:
        score -= s.span_part
    if s.span_place and (asked := [n for n in places(q.norm) if idf.df(n) > 0]):
        # a place asked that the report names (沖縄): the span under it, not the national figure beside it
        said = set(words(f"{c.keys} {c.hit.citation.table or ''} {c.hit.passage.context}"))
        score -= s.span_place * (not all(n in said for n in asked))
    if c.cell is not None and REMARK.search(c.cell.column) and not remark_figure(c, q):
        # a remark's figures (備考: 令和7年度計画：…) are context, not the row's value, unless one is asked by its label
        score -= s.span_delta
    if q.change and q.wants_figure and says_change(c):
        score += s.span_delta  # 「どれくらい上がった」: the span that gives the change, not only the level
    if c.cell is not None and not q.month:
        # a month's cell answers a question about that month; a year's question wants the year's total
        if periods.one_month(c.cell.column) or periods.one_month(c.cell.row):
            score -= s.span_month
        elif (_TOTAL.search(c.cell.column) or _TOTAL.search(c.cell.row)) and (q.total or q.together):
            score += s.span_month
        elif q.together and _member_asked(c, q):
            score -= s.span_month  # one of the things asked together (クレジットカード納付 of 「…と…、合計で」)
    elif c.cell is not None:
        # a month asked (9月末時点で) says nothing of rows: the 合計 row of things asked together is the answer, not
        # one of them (「口座振替かクレジットカードで払っている人の割合は合計で」: 39.4%, not クレジットカード納付's 7.7%);
        # a total column (4～9月の累計) is no month's figure
        if _TOTAL.search(c.cell.row) and (q.total or q.together):
            score += s.span_month
        elif q.together and _member_asked(c, q):
            score -= s.span_month
    column = c.hit.citation.column
    if not q.plan:
        if column == PROGRESS:
            score += s.span_progress_column  # "what was done" is in 主な取組状況, not in the plan
        if column == PLAN or TARGET.search(c.text):
            score -= s.span_target
    if column == CHALLENGE:
        score += s.span_challenge_column if q.challenge else -s.span_challenge_column
    if q.when and dates(q).search(match_key(c.text)):
        score += s.span_date_for_when
        if q.until and UNTIL.search(match_key(c.text)):
            score += s.span_date_for_when  # a deadline asked: the date said as one, not the date a thing began
    # a longer text costs (a bullet that says more than asked); not a cell, whose length is its label's
    return score - (s.span_length * len(c.text) / 100 if c.cell is None else 0.0)


def _member_asked(c: Candidate, q: Query) -> bool:
    """The cell's row or column is one of the things the question asks together (「口座振替とクレジットカード納付…
    合計で」: the クレジットカード納付 row; 「繰越分と令和7年度移管分を合わせて」: the 令和7年度移管分 column)."""
    asked = said_tokens(q.unglossed)
    labels = [c.cell.row, re.sub(r"^\S+\s+", "", c.cell.column) if " " in (c.cell.column or "") else c.cell.column]
    return any(label and (words := _row_words(label)) and words <= asked for label in labels)


def _row_words(row: str) -> set[str]:
    """A row label's words, less its periods, numbers (rows of years differ only by those) and bare
    negating prefixes (未 of 未回答: a question's 未統合 does not say 未回答)."""
    return {t for t in said_tokens(periods.remove(row)) if not re.fullmatch(r"[\d,.]+|[未不非無]", t)}


#: a word naming a rate (免除率, 納付割合): what a question asking a rate says with 割合, 率 or 何%
_RATE_WORD = re.compile(r"(?:率|割合)$")


def _unasked_parts(cands: list[Candidate], q: Query) -> set[int]:
    """Indices of cells whose row is one of several parts the question does not single out: among the
    candidates' rows of one table, a row's own words (those no sibling row says: 名寄せ特別便 and 未回答 of (2),
    手がかり of (3), 統合済み of 基礎年金番号に統合済みの記録) are all unsaid by the question (its 未統合 does not say
    統合). Such a question asks the whole the parts make up (「持ち主不明の記録は何件残っている」: 約1,660万件, a
    sentence), not any one part. A total row (合計, 計) is never a part."""
    asked = said_tokens(q.unglossed) | set(q.added)
    rows: dict[tuple, dict[str, set[str]]] = {}
    for c in cands:
        # a target's row (標準的な処理期間の目標) is no part of a whole beside the result's (令和7年4月の実績)
        if c.cell is not None and c.cell.row and (q.plan or not TARGET.search(c.cell.row)):
            cit = c.hit.citation
            # a row's words and its cells' (強制徴収の着実な実施 × 「差押実施 11,252件」: the cell says 差押 for its row)
            words = rows.setdefault(cit.table_key, {}).setdefault(c.cell.row, set())
            words |= _row_words(c.cell.row) | {t for t in _row_words(c.cell.value) if not re.search(r"\d", t)}
    out = set()
    for i, c in enumerate(cands):
        if c.cell is None or not c.cell.row or _TOTAL.search(c.cell.row) or c.cell.row not in rows.get(
                c.hit.citation.table_key, {}):
            continue
        siblings = rows[c.hit.citation.table_key]
        if len(siblings) < 2:
            continue
        own = siblings[c.cell.row] - set().union(*(w for r, w in siblings.items() if r != c.cell.row))
        if q.answer_type == "rate":
            own = {w for w in own if not _RATE_WORD.search(w)}  # 割合 asked: a 全額免除率 row says it as 率
        if own and not own & asked:
            out.add(i)
    return out | _unasked_columns(cands, asked)


def _unasked_columns(cands: list[Candidate], asked: set[str]) -> set[int]:
    """The same for the columns of one row under one header beside their total (令和7年度所管分: 前年度からの繰越,
    令和7年度移管分, 合計): a part whose own words the question does not say is not asked; the total is
    (「所管事業所数は」: not the 189事業所 carried over)."""
    groups: dict[tuple, dict[str, int]] = {}
    for i, c in enumerate(cands):
        if c.cell is not None and " " in (c.cell.column or ""):
            head, part = c.cell.column.rsplit(" ", 1)
            groups.setdefault((c.hit.citation.table_key, c.cell.row, head), {})[part] = i
    out = set()
    for parts in groups.values():
        if len(parts) < 3 or not any(_TOTAL.fullmatch(p) for p in parts):
            continue
        for part, i in parts.items():
            if not _TOTAL.fullmatch(part) and (own := _row_words(part)) and not own & asked:
                out.add(i)
    return out


def choose(q: Query, hits: list[Hit], idf: Idf, s: Settings, depth: int | None = None,
           similarity: Similarity | None = None) -> list[tuple[float, Candidate]]:
    """Candidates of the top ``depth`` passages (``s.span_hits``), best first."""
    qtokens = own_tokens(q)
    cands = mark_latest([c for h in hits[: depth or s.span_hits] for c in candidates(h, s.span_long_bullet)
                          # a figure is in one item, not the list; anything else is said by the whole list
                          if not (c.listing and q.wants_figure or c.headed and not q.wants_figure)],
                        (lambda c: period_match(c, q) > 0) if q.periods else None)
    unasked = _unasked_parts(cands, q)
    cands = [replace(c, unasked=True) if i in unasked else c for i, c in enumerate(cands)]
    above = [h.score for h in hits]
    scored = [(_span_score(c, q, qtokens, idf, s, above, similarity), i, c) for i, c in enumerate(cands)]
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [(sc, c) for sc, _, c in scored]


def _features(c: Candidate, q: Query, hits: list[Hit], idf: Idf, s: Settings, similarity: Similarity | None) -> dict:
    """:func:`~nenkin_search.confidence.features`, with a cell of the case the question denies (「確認がいらない場合」
    asked, 「再確認を要する場合」 said) a swapped qualifier, like 男性 for 女性: a mismatch."""
    feats = features(c, q, hits, idf, s, similarity)
    return {**feats, "swapped": 1.0} if _denied_condition(c, q) else feats


def pick(q: Query, hits: list[Hit], idf: Idf, s: Settings, similarity: Similarity | None = None,
         ) -> tuple[list[tuple[float, Candidate]], Candidate, dict] | None:
    """(ranked candidates, the one to answer from, its features). The best-scored candidate, unless it is
    not an answer of the kind asked (:func:`~nenkin_search.confidence.mismatched`: 予約率 asked, a count found;
    令和6年度 asked, a 9月末 cell found): then the next of the first ``s.span_fallback`` that is; if none is, the
    first, whose features refuse. None when the passages give no candidate."""
    ranked = choose(q, hits, idf, s, similarity=similarity)
    if not ranked:
        return None
    first = _features(ranked[0][1], q, hits, idf, s, similarity)
    if not mismatched(first, s):
        rival = _period_rival(q, hits, idf, s, similarity, ranked[0][1], first)
        return (ranked, rival[0], rival[1]) if rival else (ranked, ranked[0][1], first)
    top = ranked[0][0]
    for score, c in choose(q, hits, idf, s, s.span_fallback_hits, similarity):
        if score < top - s.span_fallback:
            break
        if c.text == ranked[0][1].text and c.hit.passage_id == ranked[0][1].hit.passage_id:
            continue
        feats = _features(c, q, hits, idf, s, similarity)
        if not mismatched(feats, s):
            return ranked, c, feats
    typed = _typed_fallback(q, hits, idf, s, similarity, ranked[0][1], first)
    if typed is not None:
        return (ranked, *typed)
    if first.get("negation_lost"):
        # the best says the positive of the negative asked: the first that says the negative itself answers,
        # however far behind (a word the question negates is rarer evidence than any score margin)
        for _, c in choose(q, hits, idf, s, s.span_fallback_hits, similarity):
            if says_negative(c, q, idf, s) and not mismatched(feats := _features(c, q, hits, idf, s, similarity), s):
                return ranked, c, feats
    return ranked, ranked[0][1], first


def _typed_fallback(q: Query, hits: list[Hit], idf: Idf, s: Settings, similarity: Similarity | None,
                    best: Candidate, first: dict) -> tuple[Candidate, dict] | None:
    """The best holds no figure of the kind asked (no rate for 何%), or says another of exclusive qualifiers (国民年金
    asked, a 厚生年金 section's row): the best-scored candidate of the
    first ``s.span_fallback_hits`` passages that does not, and covers the question's words at least as well (less
    ``s.span_fallback_cover``), with its features. A sentence of the best's own 施策 cell, split from it into another
    passage, is read together with the best (「…基礎年金番号とマイナンバーの紐付けを徹底」 then 「紐付け率は99.83%」).
    A span of the kind asked that says less of the question is another thing's: refuse (near-misses)."""
    # (a date's or a reason's kind is weak evidence: nearly every sentence of the report dates something or says
    # ため; tune: 8 date and 6 reason near-misses answered for 1 answerable question more)
    kind_lost = not first.get("kind_ok", 1.0) and q.wants_figure
    if s.span_fallback_cover is None or not (kind_lost or first.get("swapped")):
        return None
    cell = (best.hit.citation.report, best.hit.citation.section, best.hit.citation.policy, best.hit.citation.column)
    for _, c in choose(q, hits, idf, s, s.span_fallback_hits, similarity):
        if c.text == best.text and c.hit.passage_id == best.hit.passage_id:
            continue
        feats = _features(c, q, hits, idf, s, similarity)
        if mismatched(feats, s):
            continue
        cover = feats["span_cover"]
        cit = c.hit.citation
        if (c.cell is None and best.cell is None and c.hit.passage_id != best.hit.passage_id
                and (cit.report, cit.section, cit.policy, cit.column) == cell):
            # one cell read as one: its coverage and rank are the cell's (the models were fitted on passages)
            cover = max(cover, joint_cover([best, c], q, idf))
            feats = {**feats, "span_cover": cover, "cover": max(feats["cover"], first["cover"]),
                     "rank": min(feats["rank"], first["rank"])}
        if cover >= first["span_cover"] - s.span_fallback_cover:
            return c, {**feats, "fallback": 1.0}
    return None


def _period_rival(q: Query, hits: list[Hit], idf: Idf, s: Settings, similarity: Similarity | None,
                  best: Candidate, chosen: dict) -> tuple[Candidate, dict] | None:
    """A table cell only of another period than the one asked, of a passage ranked above the chosen's, that covers
    the question far better than the chosen (``Settings.period_rival``), with its features (which refuse): the
    thing asked is in the report, the period is not, and the chosen is another thing that names that period."""
    if not (s.period_rival and q.periods and q.wants_figure):
        return None
    for _, c in choose(q, hits, idf, s, s.span_fallback_hits, similarity):
        if c.cell is None or c.hit.rank >= best.hit.rank:
            # (a sentence says more words than any cell: coverage tells cells apart, not a cell from it; and a
            # rival retrieval ranks behind the chosen is no surer a match for the thing asked)
            continue
        feats = _features(c, q, hits, idf, s, similarity)
        if feats["span_cover"] < chosen["span_cover"] + s.period_rival:
            continue
        if (feats["asks_period"] and not feats["period_fits"] or feats.get("other_month")) and not _mismatched_else(feats, s):
            return c, feats
    return None


def _mismatched_else(feats: dict, s: Settings) -> bool:
    """Mismatched for a reason other than its period: then it is no rival of the thing asked."""
    return mismatched({**feats, "period_fits": 1.0, "other_month": 0.0}, s)


def _second(q: Query, ranked: list[tuple[float, Candidate]], best: Candidate) -> Candidate | None:
    """For a two-period or two-thing question, the best candidate that covers what the first does not."""
    wanted = [p.key for p in q.periods]
    if len(set(wanted)) < 2 and not q.two_part:
        return None
    if best.cell is not None and len(set(wanted)) >= 2 and all(period_match(best, _only(q, k)) == 1.0 for k in wanted):
        return None  # 令和5年度分保険料 × 令和6年9月末: one cell names both periods
    own = set(own_tokens(q))
    covered = set(LEMMA.analyze(best.keys))
    for _, c in ranked[1:8]:
        if c.text in best.text or best.text in c.text:
            continue  # the same sentence again, alone or in its whole bullet: no second thing
        new_period = bool(set(c.periods) & set(wanted) - set(best.periods))
        if new_period or (not wanted and (set(LEMMA.analyze(c.keys)) - covered) & own):
            return c
    return None


def spans_and_figures(query: Query, ranked: list[tuple[float, Candidate]], best: Candidate, idf: Idf,
                      s: Settings) -> tuple[list[Candidate], list[tuple[str, Candidate]]]:
    """The spans an answer shows (the best, and a second for a two-period or two-thing question) and the 数値
    line's figures with the span each is from; what the eval and the tuning script score."""
    if not query.wants_figure and query.answer_type != "date":
        best = continued(best)  # what was done, or how: all of the measure its bullet says
    chosen = [best]
    second = _second(query, ranked, best)
    if second is not None and not quoted(second, query):
        chosen.append(second)
    chosen += _challenges_with(query, ranked, best, s) if len(chosen) == 1 else []
    if len(chosen) == 1 and query.parts:
        # two figures asked of one span (「何件を点検し、何件が支給に」): each part's own, the first asked first;
        # a part the span has no figure for is read from another cell of the same row (「何件で、実施率は」: the
        # 実績件数 cell, then the row's 実施率 cell)
        figs: dict[str, tuple[str, Candidate]] = {}
        for part in query.parts:
            f, span = figure_of(best, part, idf, s), best
            if not f and best.cell is not None:
                f, span = next(((g, c) for _, c in ranked[1:8] if c.cell is not None and c.text != best.text
                                and c.hit.passage.id == best.hit.passage.id
                                and (g := figure_of(c, part, idf, s))), ("", best))
            if f:
                figs.setdefault(f, (f, span))
                if span not in chosen:
                    chosen.append(span)
        return chosen, list(figs.values())
    # a second span shown for a question that may ask two things gives its figure only when two are asked (a
    # second figure not asked makes the 数値 line wrong) or two periods
    figured = chosen if query.two_things or len({p.key for p in query.periods}) >= 2 else chosen[:1]
    return chosen, [(f, c) for c in figured if (f := figure_of(c, query, idf, s))]


def _challenges_with(q: Query, ranked: list[tuple[float, Candidate]], best: Candidate, s: Settings) -> list[Candidate]:
    """A 施策's 課題 asked (「事業所調査による適用の適正化の課題は」): its other 課題 bullets that score close to the
    best (within ``s.challenge_together``), best first, two at most. A 施策 lists its challenges as separate ○
    bullets, each one of them; a question naming the 施策 asks them all, not the first."""
    cit = best.hit.citation
    if not (q.challenge and not q.wants_figure and s.challenge_together and cit.column == CHALLENGE):
        return []
    top = ranked[0][0]
    same = [c for score, c in ranked[1:] if score >= top - s.challenge_together and c.text != best.text
            and c.cell is None and not c.listing
            and (c.hit.citation.report, c.hit.citation.section, c.hit.citation.policy, c.hit.citation.column)
            == (cit.report, cit.section, cit.policy, cit.column) and c.text.startswith("○")
            and c.text not in best.text and best.text not in c.text]
    return list({c.text: c for c in same}.values())[:2]


def _only(q: Query, key: str) -> Query:
    return replace(q, periods=tuple(p for p in q.periods if p.key == key))


def answer(query: Query, hits: list[Hit], idf: Idf, settings: Settings, *, k: int = 5, mode: str = "hybrid",
           similarity: Similarity | None = None, measures: Measures | None = None) -> Answer:
    """Answer ``query`` from its ranked ``hits`` (at least five; the first ``k`` are shown); ``similarity``
    says how close a text is to the question by meaning (:meth:`api.Engine.similarity`), None without it;
    ``measures``: every indexed passage and the measures its tables name, where a series' other rows are read
    and a narrower measure is told (None: neither is done)."""
    shown = hits[:k]
    if not hits:
        return Answer(query.text, "", False, 0.0, None, shown, mode=mode, k=k, read_as=query.read_as)
    s = settings
    picked = pick(query, hits, idf, s, similarity)
    if picked is None:
        return Answer(query.text, "", False, 0.0, None, shown, mode=mode, k=k, read_as=query.read_as)
    ranked, best, feats = picked
    named, asked = best, query
    lowest_or_highest = extreme(query, ranked, measures, s.span_long_bullet, s.extreme_depth)
    if lowest_or_highest is not None:
        # the periods named bound the series (令和元年度以降); the one answered is the series' own, said with
        # its period, so 「どの年度で何％」 is one answer, not two
        best, query = lowest_or_highest, replace(query, periods=(), two_part=False)
        feats = features(best, query, hits, idf, s, similarity)
    # two models fitted on tune: does this report answer the question at all, and, if so, is this span the
    # answer; the answer is given when the first clears the threshold, and its confidence is both together
    # (each search mode has its own pair: lexical mode has no dense similarity, which the hybrid ones weigh most)
    answerable_model, span_model, threshold = s.models(mode)
    answerable = logistic(answerable_model, feats)
    conf = answerable * logistic(span_model, feats)
    feats = {**feats, "p_answerable": answerable}
    # the refusals that no model overrules (a place or period never named, a form or qualifier not given)
    # a narrower measure than asked (新規適用事業所数 for 適用事業所数, which the report measures too)
    feats["narrower"] = float(measures is not None and s.abstain_mismatch and measures.narrower(best, query))
    # a span of the kind asked found behind the best (:func:`_typed_fallback`) must be surer than the threshold
    floor = max(threshold, s.span_fallback_p) if feats.get("fallback") else threshold
    found = answerable >= floor and query.substantive and not gated(feats, s) and not feats["narrower"]
    if not found:
        return Answer(query.text, "", False, conf, None, shown, mode=mode, k=k, features=feats,
                      read_as=query.read_as)
    chosen, figs = spans_and_figures(query, ranked, best, idf, s)
    if best is lowest_or_highest and named.text != best.text and also_asked(asked, named):
        # 「どの年度がピークで、R6にはどこまで減ったか」: the cell of the period named is the second answer
        chosen, figs = chosen + [named], figs + [(f, named) for f in [figure_of(named, query, idf, s)] if f]
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
        date=date_of(best, query),
        passage_id=best.hit.passage_id,
        mode=mode,
        k=k,
        features=feats,
        read_as=query.read_as,
    )
