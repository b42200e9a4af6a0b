"""Whether to answer, and how sure: the features of the chosen span (what the confidence is computed from),
the refusals no model overrules (:func:`gated`: a place, period, scheme or name the report never speaks of; a
span lacking the form, qualifier, period, target or kind of answer asked) and the logistic models over the
features, fitted on the tune split (``Settings.answerable``, ``Settings.span_right``).

Why a module of its own: :mod:`nenkin_search.answer` chooses the span; this judges it. The features are what
``--explain`` prints and what ``eval/tune.py --grid answers`` fits.
"""
from __future__ import annotations

import math
import re
from typing import Mapping, Sequence

from . import asks, clauses, figures, periods
from .periods import Period
from .asks import HEARSAY
from .candidates import Candidate
from .fit import (AS_OF, Idf, Similarity, breaks_down, change_unsaid, coverage, dates, earlier_unsaid, figure_of, fits,
                  joint, joint_label, period_match, undated_event)
from .query import Query
from .report import PLAN, REFERENCE, TARGET
from .search import Hit
from .settings import DEFAULT, Settings
from .text import NOT_DONE, match_key, names, places, qualified, words


_KANA1 = re.compile(r"^[\u3041-\u309f]$")


_REASON = re.compile(r"ため|により|による|理由|原因|背景|踏まえ|受けて")


def _table_title(c: Candidate) -> str:
    """The title a table cell is said under: its table's name, or for a statistics table of 参考資料 (a row under
    no 施策 column) the title its 施策 place holds (厚生年金保険適用・徴収業務の状況 over 4 差押事業所数)."""
    cite = c.hit.citation
    if cite.table:
        return cite.table
    return cite.policy or "" if c.cell is not None and cite.column is None else ""


def joint_cover(cands: Sequence[Candidate], q: Query, idf: Idf) -> float:
    """The span coverage (:func:`features`' ``span_cover``) of candidates read together: the sentences of one
    施策's cell that the chunker split across passages say together what the question asks."""
    qwords = [w for w in words(q.norm) if not _KANA1.match(w)]
    span = set().union(*(words(" ".join(x for x in (c.keys, _table_title(c)) if x)) for c in cands))
    return coverage(qwords, span, idf)


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
    passage = counted_words(c.hit.passage.index_text)
    span_text = " ".join(x for x in (c.keys, _table_title(c)) if x)
    span = counted_words(span_text)
    said = figures.mend(f"{span_text} {c.hit.passage.context}")  # the span under its headings
    said_words = set(words(said))
    # the thing measured said only as what a figure includes (「収納未済額 (延滞金含む)」 for 延滞金はいくら): the
    # figure is of the larger whole, not of it
    included_only = bool(q.head and q.wants_figure and q.head in span_text
                         and q.head not in _INCLUDED.sub("", span_text))
    # the part asked as one name (「ねんきんダイヤル」だけの) said as a whole, not word by word
    name_missing = bool(q.part_name) and match_key(q.part_name) not in match_key(said)
    expanded = set(words(" ".join(q.expansions)))
    # a question word the bridge read (育休 → 育児休業) is covered where the words it was read as are said
    read = {w for w in qwords if any(w in t for t in q.bridged)}
    passage |= read if expanded & passage else set()
    span |= read if expanded & span else set()
    kind_ok = 1.0
    if q.wants_figure:
        kind_ok = float(fits(c, q))
    elif q.answer_type == "date":
        # a table cell's period (令和7年9月) dates its figure, not an event: its value must hold the date, and
        # one of the event asked, not of another beside an event still being decided (試行 dated, 本格実施 検討中)
        # … and a figure's as-of date answers only a question asking as of when (「いつ時点の数字」)
        said = match_key(c.said) if _ASKS_AS_OF.search(q.norm) else AS_OF.sub(" ", match_key(c.said))
        kind_ok = float(bool(dates(q).search(said)) and not undated_event(c, q))
    elif q.answer_type == "reason":
        kind_ok = float(c.cell is None and bool(_REASON.search(c.text)))  # a table cell gives no reason
    return {
        "cover": coverage(qwords, passage, idf),
        "span_cover": coverage(qwords, span, idf),
        "kind_ok": kind_ok,
        "asks_period": float(bool(q.periods)),
        "period_fits": float(bool(q.periods) and period_match(c, q) > 0),
        "dense": max((h.signals.get("dense", 0.0) for h in hits), default=0.0),
        "gap": hits[0].score - hits[1].score if len(hits) > 1 else 0.0,
        "rank": float(c.hit.rank),
        "clause": coverage(qwords, counted_words(_figure_context(c, q, idf, s)), idf),
        # (a place typed in kana, とうきょうと, is no name to MeCab but is still a place: 東京 is nowhere in the report)
        # (nor one naming where the scene was read: （東広島の地域ニュース）, 「…と琉球新報が報じています。」)
        "unknown_names": float(any(idf.df(n) == 0 for n in names(_EXAMPLES.sub("", HEARSAY.sub("", asks.unsourced(q.norm))))
                                   + places(_EXAMPLES.sub("", HEARSAY.sub("", asks.unsourced(q.norm)))) if n not in expanded)
                               or bool(q.foreign)),  # or a scheme the report never speaks of (介護保険料)
        # a population asked about (外国人, 若年者) that the span and its headings do not name: the figure is of all
        # (one the question's scene names, 「外国人向けのQ&Aで…という質問をよく見かけます。…」, is not asked about)
        # (… or an age band the clause asked in names, 20代, 25～29歳, 60歳以上, that the span and its headings do
        # not say: the figure is of every age; one in the scene, 「20代の未納が多いと言われますが、全体の…」, is not asked)
        "population_missing": float(any(w in q.unglossed and w in q.asked_text and w not in said for w in s.populations)
                                    or any(not _band_said(m.group(0), said) for m in _AGE_BAND.finditer(q.focus or q.asked_text))),
        # a place the report does name, but not where the span is (沖縄 asked, the national rate found)
        "place_missing": float(any(idf.df(n) > 0 and n not in said_words for n in places(q.norm))),
        # a period the report never names (平成20年度 for a table from 平成26年度): its figures are not in it
        "unknown_period": float(any(all(idf.df(t) == 0 for t in periods.tokens(p)) for p in q.periods)),
        # a month asked that the span does not give, where it gives other months of that year (令和7年10月末
        # asked, a table that stops at 9月末): that month's figure is not in it
        "other_month": float(_other_month(c, q)),
        # a part of a whole asked (「198件のうち、年金給付に関するものは」, 「ねんきんダイヤル単独の」) whose naming
        # nouns the span and its headings do not say: the whole's figure is no answer
        # (a noun the question glosses, ネット(電子申請), is said where its gloss is; the bridge's reading is not
        # enough: 若い人 read as 若年者 answered a near-miss on the young's rate with the national one)
        # (said in the question's words or, where the bridge renames one, in the report's: 亡くなった人 → 死亡者)
        # (… or, of a table cell, where its row, column or title says a term the bridge read the noun as: 「ネットで
        # 出された割合」 and 「【主要7届書の電子申請割合】」; a cell's label names what its figure is of)
        "part_missing": float(all(any(n not in said_words and not _glossed_said(n, q, said_words)
                                      and not _label_reads(n, c, q) for n in part)
                                  for part in {q.part_nouns, q.part_nouns_renamed}) or name_missing),
        # a form the clause asked in names (扶養親族等申告書の電子申請割合) that the span and its headings do not
        # name: the figure is of other forms or of all
        "form_missing": float(any(not set(words(f)) <= said_words for f in q.forms)
                              # … or a service the report names (オンライン事業所年金情報サービス), not named there
                              or any(match_key(n) not in match_key(said) and all(idf.df(w) > 0 for w in words(n))
                                     for n in q.services)),
        # what the question leaves out (「年金受給に結び付かない記録は除いて」) that the span counts in (「…記録及び年金受給
        # に結び付かない記録」: 1,312万件) — unless the span leaves it out too (…を除く)
        # (or says it counts in a word left out: 「延滞金を除いた…額」 asked, 「収納未済額 (延滞金含む)」 found)
        "excluded_said": float(len(q.excluded) >= 2 and set(q.excluded) <= span and "除" not in span_text
                               or _counts_in(q.left_out, span_text)),
        # a row asked by its figures (被保険者51人～100人) and a cell whose label states others of that unit
        # (被保険者51人以上): another row's figure
        "label_other": float(_label_other(c, q)),
        "span_missing": _missing(qwords, span | expanded, idf),
        # a figure asked, and a sentence that says none of the question's words, nor its table title: whatever its
        # passage says, the sentence's figure is another thing's (文書相談 asked: 「未解明記録は約1,660万件」).
        # (A table cell is named by its row, column and headings, which say the thing its label leaves out; so is
        # a line of figures alone, 「約200万人程度 → 約105万人程度」, by the heading above it.)
        "span_silent": float(q.wants_figure and c.cell is None and not set(qwords) & span
                             and sum(1 for w in span if not _FIGURE_OR_DATE.search(w)) >= 3),
        "name_missing": float(name_missing),
        # advice on a personal choice asked (どちらで受け取るのがトクか): the report gives none
        "advice": float(q.advice),
        "included_only": float(included_only),
        # a target figure asked (年間何件を目標に): a result's figure does not answer it
        "target_ok": float(not (q.plan and q.wants_figure) or _gives_target(c)),
        # of a question asking two figures, the first part's form: the span answers it, a second span the other
        # (「達成率と平均所要日数は」: a 達成率 cell need not say 平均)
        "form_ok": float(all(re.search(n, said) for n in (q.parts[0].needs if q.parts else q.needs))),
        "swapped": float(_swapped(q.in_report_words(q.norm), figures.mend(span_text), s.contrasts,
                                  q.in_report_words(q.focus))
                         or _swapped(q.in_report_words(q.norm), f"{figures.mend(span_text)} {_scheme_heading(c)}",
                                     s.heading_contrasts, q.in_report_words(q.focus))
                         or _done_swapped(q.focus or q.norm, span_text) or _total_for_member(q.asked_text, span_text, q.focus)),
        # a breakdown asked (被保険者と年金受給者はそれぞれ何人, 83件の内訳) that the span does not give: one figure of
        # both groups, or the whole the question already states
        "breakdown_ok": float(breaks_down(c, q)),
        # one group asked, the figure said of several together (老齢年金 asked: 「老齢・遺族・障害年金…約75万件」)
        # (a table row's label naming the groups together, one asked alone: 「…記録及び…記録」, 死亡者の記録だけ)
        "joint_ok": float(not (q.wants_figure and (joint(_figure_context(c, q, idf, s), q) if c.cell is None
                                                   else joint_label(c.cell.row, q)))),
        # a negative asked (不支給になった割合), the figure said of the positive only (「335件（約4.0%）について支給」)
        "negation_lost": float(bool(q.negated) and _negation_lost(_figure_sentence(c, q, idf, s), q.negated)),
        # a forecast asked (何万人と見込まれる, 年度末で何%になる見通し), the figure's sentence forecasting nothing
        "forecast_unsaid": float(q.wants_figure and bool(_ASKS_FORECAST.search(q.focus))
                                 and not _FORECAST.search(_figure_sentence(c, q, idf, s))),
        # the 数値 would be a figure the question itself states (「男性の74.3%は分かったが女性は」, 「22項目中14項目が完了と
        # ありますが、残りは」): what the asker knows is no answer
        "own_figure": float(q.wants_figure and bool(q.own_figures) and _restates(c, q, idf, s)),
        # … or its change asked, and the span gives that figure with neither a change nor last year's beside it
        "change_unsaid": float(change_unsaid(c, q)),
        # … or the figure of a year before asked (去年の同じ時期は), and the span gives the latest only
        "earlier_unsaid": float(earlier_unsaid(c, q)),
        # a table of one of the things its 参考資料 entry names (来訪相談件数 of 来訪相談件数・予約件数), another asked
        "part_other": float(_part_other(c, q)),
    }


#: a word that is a figure or a period (1660万件, 令和7年9月)
_FIGURE_OR_DATE = re.compile(r"\d")


def counted_words(text: str) -> set[str]:
    """The words of ``text``, and the things its figures count (1,694ブース says ブース; 620事業所 says 事業所):
    MeCab keeps a count and its counter one token, so 「相談ブースはいくつ」 met 「1,694ブースを確保」 as if
    the span never said ブース (a counter of one character, 件 or 人, is too common a word to say anything)."""
    out = set(words(text))
    for f in figures.parse(figures.mend(text)):
        if f.kind == "count" and len(f.unit) > 1:
            out.update(words(f.unit))
    return out


def _part_other(c: Candidate, q: Query) -> bool:
    """A cell of a table that counts one of the things its 参考資料 entry names together (``Citation.part``:
    年金事務所の来訪相談件数 of 「年金事務所の来訪相談件数・予約件数」), asked about another: a word only that other
    thing's name says (予約) is asked. Tune: 12 near-misses asked the 予約件数 the entry names and the report gives
    no table of; 11 of them were answered with a 来訪相談件数 cell."""
    item, part = c.hit.citation.policy or "", c.hit.citation.part
    if c.cell is None or not part:
        return False
    asked = set(words(q.norm))
    return any(w in asked and w not in part for p in item.split("・") if p not in part for w in words(p))


def _restates(c: Candidate, q: Query, idf: Idf, s: Settings) -> bool:
    fig = figure_of(c, q, idf, s)
    return bool(fig) and any(f.same_as(g) for g in figures.parse(fig) for f in q.own_figures)


#: units that count places or bodies: a question naming how many of them (「混みそうな54か所で」) names a set
_PLACES = frozenset({"拠点", "か所", "事務所", "事業所", "社", "団体"})


#: a row label naming a band of sizes or ages (21人～30人, 51人以上, 20歳未満)
_BAND = re.compile(r"\d\s*(?:人|歳)\s*(?:[～〜~\-－]\s*\d+\s*(?:人|歳)|以上|以下|未満)")


def _label_other(c: Candidate, q: Query) -> bool:
    """A table cell whose row or column label states figures in the unit of the question's own coordinates
    (「被保険者51人～100人の事業所」) but not all of them (被保険者51人以上): the cell is another row's. Of a
    sentence, a set of places the question names by its number (「混みそうな54か所で…いくつ増やす」) where the
    sentence counts places of another number only (「6拠点に6ブースを追加」): another set's figures. A cell of a
    band of sizes or ages (「21人～30人」, 「被保険者51人以上」) answers only a question naming one: asked with
    none (「電子申請で請求した人はどれくらい」, 「全体だと何割」), it is one band's figure, not the whole's."""
    if c.cell is not None and _BAND.search(figures.mend(c.cell.row)) and not any(
            f.unit in ("人", "歳") for f in q.coordinates):
        return True
    if not q.coordinates:
        return False
    if c.cell is None:
        said = figures.parse(figures.mend(c.said))
        pairs = [(f, g) for f in q.coordinates if f.unit in _PLACES and f.kind == "count" for g in said
                 if g.unit == f.unit or g.unit in figures.SAME_UNITS.get(f.unit, ())]
        return bool(pairs) and not any(f.value == g.value for f, g in pairs)
    label = figures.parse(figures.mend(f"{c.cell.row} {c.cell.column}"))
    units = {f.unit for f in label}
    own = [f for f in q.coordinates if f.unit in units]
    return bool(own) and not all(any(f.same_as(g) for g in label) for f in own)


def gated(feats: Mapping[str, float], s: Settings) -> bool:
    """Never answer, whatever the models say: the question names a place or a period the report never names
    (東京都, 平成20年度) or asks advice on a personal choice (どちらで受け取るのがトクか), or the span is not an
    answer of the kind asked (:func:`mismatched`). Each fired on near-misses and off-topic questions only on tune."""
    return bool(s.abstain_unknown_names and (feats["unknown_names"] or feats.get("unknown_period"))
                or feats.get("advice") or mismatched(feats, s))


def mismatched(feats: Mapping[str, float], s: Settings) -> bool:
    """The span lacks the form of answer asked (年代別, 最も, 何年に1回, 何語, 1人あたり, 月額, 予約率) or a figure
    of the kind asked (何人: a count of people; いくら: 円) or a date for いつ, says another qualifier than the
    question (女性 asked, 男性 said), is not of the period asked (2018年度 asked, a table from 令和元年度 found)
    or gives a result where a target was asked (年間何件を目標に: 差押実施 11,252件), or no breakdown where one
    was asked (被保険者と年金受給者はそれぞれ: 「被保険者及び年金受給者約9,708万人」). Unlike an unknown name, this is
    a fault of the span, not of the question: :func:`~nenkin_search.answer.pick` then tries the next candidate."""
    return bool(s.abstain_mismatch and (not feats["form_ok"] or feats["swapped"] or not feats.get("target_ok", 1.0)
                                        or s.abstain_places and feats.get("place_missing", 0.0)
                                        or s.abstain_forms and feats.get("form_missing", 0.0)
                                        or feats.get("excluded_said", 0.0)
                                        or feats.get("label_other", 0.0)
                                        or feats.get("population_missing", 0.0)
                                        or feats["asks_period"] and not feats["period_fits"]
                                        or feats.get("other_month", 0.0)
                                        or not feats.get("breakdown_ok", 1.0)
                                        or not feats.get("joint_ok", 1.0)
                                        or s.abstain_negation and feats.get("negation_lost", 0.0)
                                        or s.abstain_forecast and feats.get("forecast_unsaid", 0.0)
                                        or feats.get("own_figure", 0.0)
                                        or feats.get("change_unsaid", 0.0)
                                        or feats.get("earlier_unsaid", 0.0)
                                        or feats.get("part_other", 0.0)
                                        or s.abstain_part_name and feats.get("name_missing", 0.0)
                                        or feats.get("included_only", 0.0)
                                        or feats.get("span_silent", 0.0))
                or s.abstain_kind and not feats["kind_ok"])


#: an age band asked (20代, 20代前半, 25～29歳, 60歳以上; typed in kana, にじゅうだい reads as 20代): one group of ages
_AGE_BAND = re.compile(r"\d0\s*代|\d+\s*[歳才]\s*(?:以上|以下|未満|から|～|〜|~|-|－)|\d+\s*(?:～|〜|~|-|－|から)\s*\d+\s*[歳才]")
_BAND_MARKS = re.compile(r"\s|[～〜~\-－]|から|才")


def _band_said(band: str, said: str) -> bool:
    """``said`` names the age band as asked (20代: 20代 or 20歳代; 25～29歳: 25～29歳, 25歳～29歳), not just an
    age inside it (20歳到達者 is no 20代)."""
    key = _BAND_MARKS.sub("", band.replace("才", "歳"))
    text = _BAND_MARKS.sub("", said.replace("才", "歳"))
    return key in text or key.replace("代", "歳代") in text or key.replace("歳", "", key.count("歳") - 1) in text \
        or re.sub(r"(\d+)(?=\d{2}歳)", r"\1歳", key) in text


#: a いつ question asking as of when a figure stood (いつ時点, いつ現在の数字)
_ASKS_AS_OF = re.compile(r"時点|現在")


#: what a figure includes, in brackets (延滞金含む, 過年度分を含む, 配偶者含む)
_INCLUDED = re.compile(r"[（(][^（()）]{0,24}含む[）)]")


#: a law's name: its qualifier words (国民年金法, 厚生年金保険法) say nothing of which side a figure is
_LAW_NAME = re.compile(r"(?:国民年金|厚生年金保険?|健康保険)法")


def _counts_in(left_out: Sequence[str], text: str) -> bool:
    """``text`` says it includes a word of what the question leaves out (延滞金含む, 延滞金を含む, 配偶者込み)."""
    return any(len(w) >= 2 and re.search(re.escape(w) + r"\s*(?:を|も)?\s*(?:含む|含め|込み)", text) for w in left_out)


def _glossed_said(noun: str, q: Query, said_words: set[str]) -> bool:
    """The noun is said where the question's gloss of it is: of a word (ネット(電子申請)), or of the whole part it
    ends with, in one term (「全額免除を受けている人の割合(全額免除率)」 names the part 全額免除率)."""
    part = asks.part(q.norm)
    return any((noun in word or re.search(rf"\({re.escape(gloss)}\)\S{{0,12}}$", part) and _TERM.fullmatch(gloss))
               and set(words(gloss)) <= said_words for word, gloss in q.glossed)


def _label_reads(noun: str, c: Candidate, q: Query) -> bool:
    """A table cell's row, column or title says a term the vocabulary bridge added for the question's word holding
    ``noun`` (ネットで → 電子申請)."""
    if c.cell is None or not any(noun in b for b in q.bridged):
        return False
    label = set(words(f"{c.cell.row} {c.cell.column} {_table_title(c)}"))
    return any(set(words(e)) <= label for e in q.expansions if words(e))


#: one term, kanji and katakana only (全額免除率, 電子申請)
_TERM = re.compile(r"[\u4e00-\u9fff\u30a1-\u30ffー]{2,}")


#: a bracketed aside in a question
_BRACKETED = re.compile(r"[（(][^（()）]*[）)]")


def _scheme_heading(c: Candidate) -> str:
    """The heading that says whose scheme a span is of: its section's title (I-4 厚生年金保険・健康保険等の保険料徴収
    対策), in 参考資料 its item's (国民年金保険料の納付率等の状況)."""
    cit = c.hit.citation
    return cit.policy or "" if cit.section == REFERENCE else cit.section_title or ""


def _swapped(question: str, span: str, contrasts: Sequence[Sequence[str]], focus: str = "") -> bool:
    """The span says another of a set of exclusive qualifiers than the question (女性 asked, 男性 said). A
    question naming two (「男性は74.3%と聞いたけど、女性は」) asks about the one in its last clause."""
    span = _LAW_NAME.sub("", span)  # 国民年金法等の一部を改正する法律 names a law, not the 国民年金 side
    # what a bracket glosses the asked word with (「一部免除者数（4分の1免除・半額免除・4分の3免除の合計）」) is it,
    # not a second qualifier asked
    question, focus = _BRACKETED.sub("", question), _BRACKETED.sub("", focus)
    for group in contrasts:
        asked = [w for w in group if w in question]
        if len(asked) > 1 and focus:
            asked = [w for w in group if w in focus]
        if len(asked) == 1 and asked[0] not in span and any(w in span for w in group if w != asked[0]):
            return True
    return False


#: a thing said not yet done with 未 (未解明, 未統合) or done (解明された, 適用した, 統合できた, 解明済み); not
#: done said with a verb (解明されていない) is text.NOT_DONE
_UN = re.compile(r"未([\u4e00-\u9fff]{2})")
_DONE = re.compile(r"(?<!未)([\u4e00-\u9fff]{2})(?:された|した|できた|されている|済み?)")


def _undone(text: str) -> set[str]:
    """The two-letter stems of what a text says is not yet done (解明されていない → 解明, 未統合 → 統合)."""
    return {m.group(1)[-2:] for m in NOT_DONE.finditer(text)} | {m.group(1) for m in _UN.finditer(text)}


def _done_swapped(question: str, span: str) -> bool:
    """The question asks of a thing not yet done (解明されていない記録, 未解明の) and the span says it done only
    (〈解明された記録〉 1,312万件), or the reverse: the figure counts the other side."""
    undone = _undone(question)
    done = {m.group(1) for m in _DONE.finditer(question)}
    # both said (未統合記録のうち統合済みの件数): the whole is named as context, and either side may answer
    undone, done = undone - done, done - undone
    span_undone = _undone(span)
    span_done = {m.group(1) for m in _DONE.finditer(span)}
    return bool(undone & (span_done - span_undone)) or bool(done & (span_undone - span_done))


#: a total asked in the clause asked in (コールセンター全体の, 合計で): whatever member the question named before
_TOTAL_ASKED = re.compile(r"全体|合計|トータル|総数|総計")
#: a total over every one of a kind (全ダイヤル合計, 全事業所, 全職員): its kind's word after 全
_ALL_OF = re.compile(r"全([\u30a0-\u30ff\u4e00-\u9fff]{2,5}?)(?:合計|計|平均|$|[^\u30a0-\u30ff\u4e00-\u9fff])")


def _total_for_member(question: str, span: str, focus: str = "") -> bool:
    """The span's figure is a total over every one of a kind (全ダイヤル合計) and the question names one of that
    kind (ねんきんダイヤルの応答率), not all of them: the total is not that one's figure. Tune: 7 near-misses on
    one dial's rate refused, 2 answerable lost whose writers took the total for 「ねんきんダイヤル」 anyway."""
    if _TOTAL_ASKED.search(focus):
        return False  # 「…ねんきんダイヤルの応答率が下がったと報じられましたが、…コールセンター全体の応答率は」 asks the total
    for m in _ALL_OF.finditer(span):
        kind = re.escape(m.group(1))
        # one named as an example of them all (ねんきんダイヤルなどの電話, ねんきんダイヤルとか) names no one
        asked = re.sub(rf"{kind}\s*(?:など|とか|等|みたいな|のような|をはじめ)", "", question)
        all_asked = re.search(rf"全{kind}|{kind}(?:全体|合計|の合計)|(?:すべて|全て|全部)の{kind}", question)
        if qualified(asked, m.group(1)) and not all_asked:
            return True
    return False


def _other_month(c: Candidate, q: Query) -> bool:
    """A month asked that the span does not give, where it gives other months of that year (令和7年10月末 asked,
    a table that stops at 9月末), or only months before it (令和8年9月末時点 asked of a report whose span is
    dated 令和7年9月末: a later snapshot than any it gives is not in it). A first half is its September."""
    asked = {p.key for p in q.periods if p.month is not None}
    months = {m for k in c.periods for m in (periods.same_keys(k) if periods.is_half_key(k) else {k})
              if re.search(r"-\d\d$", m)}
    # (a span giving one of two months asked, 「2024年9月末と比べて」, is compared from, not of another time)
    return any(k not in months and months
               and (any(periods.year_key(m) == periods.year_key(k) for m in months)
                    or not asked & months and all(Period.from_key(m).end < Period.from_key(k).end for m in months))
               for k in asked)


def _missing(qwords: Sequence[str], have: set[str], idf: Idf) -> float:
    """The rarest question word the text lacks, as a share of the largest IDF (1: a word the report never
    uses; 女性 asked where the passage says 男性 scores high, a common word low, 0 when all are there)."""
    top = math.log(idf.n + 1) + math.log(2)
    return max((idf(w) / top for w in qwords if w not in have), default=0.0)


def _gives_target(c: Candidate) -> bool:
    """The candidate is of the plan column, or says a target (a figure of one, or 目標 / 計画件数 words)."""
    if c.hit.citation.column == PLAN or TARGET.search(c.text):
        return True
    text = c.mended
    return any(clauses.is_target(text, f) for f in figures.parse(text))


#: a figure asked as a forecast (見込まれる, 見通し, 予測), and the words of a figure that is one
_ASKS_FORECAST = re.compile(r"見込まれ|見込み|見込んで|見通し|予測|予想|見積")
_FORECAST = re.compile(r"見込|見通し|予測|予想|予定|見積|推計|想定")


#: names given as examples of what is asked (東京とか大阪みたいな都会, 東京や大阪などの大都市): the thing asked is the
#: word after them, which the report may name (大都市圏) though it never names the examples
_EXAMPLES = re.compile(r"(?:[\u4e00-\u9fff\u30a1-\u30ffー]+(?:とか|や|、|・)\s*)+[\u4e00-\u9fff\u30a1-\u30ffー]+(?:とか)?"
                       r"(?:みたいな|みたいに|のような|のように|などの|など|といった)")


def says_negative(c: Candidate, q: Query, idf: Idf, s: Settings) -> bool:
    """The answer's figure is said of the negative the question asks (「未解明記録は約1,660万件」 for 「まだ解明されて
    いない記録は何件」): the candidate an answer falls back to, however far behind, when the best says the
    positive (〈解明された記録〉)."""
    return bool(q.negated) and _says(figures.mend(_figure_sentence(c, q, idf, s)), q.negated)


def _says(context: str, negated: str) -> bool:
    """Whether ``context`` says the negative: as the word (未解明), or as its verb negated (判明していない for 未判明;
    for 不明 too, the verb ending in its stem: 持ち主が判明していない is 持ち主不明)."""
    return negated in context or negated[0] in "未不" and re.search(
        re.escape(negated[1:]) + r"(?:さ?れ|し|でき)て(?:い)?ない", context) is not None


def _negation_lost(context: str, negated: str) -> bool:
    """The figure's context says the positive of the negative asked (支給 for 不支給) and never the negative."""
    context = figures.mend(context)
    return not _says(context, negated) and negated[1:] in context


def _figure_sentence(c: Candidate, q: Query, idf: Idf, s: Settings) -> str:
    """The sentence the answer's figure is said in (a cell: its row, column and title): what it is said of,
    to its predicate (「うち、335件（約4.0%）について支給」), not only the clause around it."""
    if c.cell is not None or not q.wants_figure:
        return _figure_context(c, q, idf, s)
    fig = figure_of(c, q, idf, s)
    f = next((f for f in c.figures if f.text == fig), None) if fig else None
    if f is None:
        return c.text
    text = c.mended
    start = max(text.rfind("。", 0, f.start) + 1, 0)
    end = text.find("。", f.end)
    return text[start:end if end >= 0 else len(text)]


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


def logistic(weights: Mapping[str, float], feats: Mapping[str, float]) -> float:
    z = weights.get("bias", 0.0) + sum(w * feats.get(name, 0.0) for name, w in weights.items() if name != "bias")
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
