"""Score collected run data against the eval set: per-question records and tables by split and style."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from .. import figures
from ..text import match_key
from . import metrics
from .questions import STYLES, Question, is_correct

SPLITS = ("test", "tune", "all")
GROUPS = ("all", *STYLES)
_CHALLENGE_ROW = re.compile(r"年度計画策定に向けた課題$")
_DATE_FIGURE = re.compile(r"\d\s*(?:年度?|月)$")
#: a cell's value copied bare, alone or before its bracketed share (178, 341(8.8%), 11,252): a value with no unit
_BARE = re.compile(r"\s*(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?:[(（][^)）]*[)）])?\s*")


def _bare_value(text: str) -> float | None:
    """The value of a figure written bare (178, 341(8.8%), 11,252), else None."""
    m = _BARE.fullmatch(text)
    return float(m.group("n").replace(",", "")) if m else None


def citation_ok(q: Question, hit: Mapping | None) -> bool:
    """The hit cites the gold section and 施策 (a 課題 row cites the 施策 it concerns; either name counts)."""
    if hit is None or not q.section:
        return False
    if hit.get("section") != q.section:
        return False
    if not q.policy or hit.get("policy") == q.policy:
        return True
    return bool(_CHALLENGE_ROW.search(q.policy)) and "課題" in (hit.get("citation") or "")


def figure_correct(gold: str | None, got: Sequence[str]) -> bool | None:
    """The first figure of the 数値 line equals the gold figure in value and unit (None: no gold figure). A gold
    copied bare from a table cell (11,252 — the unit in the header) says a value only: the value decides, so that
    a 数値 line giving the unit the header implies (11,252件) is not counted wrong for it."""
    if not gold:
        return None
    if not got:
        return False
    if (bare := _bare_value(gold)) is not None:
        # a small bare number (178, of a cell whose header says 件) is no figure to the parser, which leaves bare
        # numbers under 1,000 alone in text; 「341(8.8%)」 copies a cell's value with its share
        # (a question asking the share, 「全体の何%」, is answered by the share: 2.9% of 「113(2.9%)」, below)
        have = _bare_value(got[0])
        parsed = figures.parse(got[0])
        value = parsed[0].value if parsed and parsed[0].start == 0 else have
        if value is not None and abs(value - bare) <= 1e-9 * max(1.0, abs(bare)):
            return True
    want, have = figures.parse(gold), figures.parse(got[0])
    if want and have:
        if not want[0].unit:
            return abs(want[0].value - have[0].value) <= 1e-9 * max(1.0, abs(want[0].value))
        return want[0].same_as(have[0]) or _rounds_to(have[0], want[0]) or _decrease_of(have[0], want[0])
    return match_key(gold) == match_key(got[0])


#: the report's minus signs: a decrease (▲221億円 is 221億円 less)
_MINUS = re.compile(r"^[▲△]")


def _decrease_of(got: figures.Figure, gold: figures.Figure) -> bool:
    """The figure given is the gold decrease with the report's minus sign: 「どれだけ減った」 is answered by the
    cell's ▲221億円 as by the 221億円減少 of the text (a gold that is itself signed must be met with its sign)."""
    return (bool(_MINUS.match(got.text)) and not _MINUS.match(gold.text) and gold.value > 0
            and got.unit == gold.unit and abs(abs(got.value) - gold.value) <= 1e-9 * max(1.0, gold.value))


#: a figure rounded to a multiplier's digits (16.9万, 約97万): its last digit's place is 1,000 and 10,000
_ROUNDED = re.compile(r"約?(?P<n>\d+)(?:\.(?P<d>\d+))?(?P<m>[万億兆])")
_PLACE = {"万": 1e4, "億": 1e8, "兆": 1e12}


def _rounds_to(got: figures.Figure, gold: figures.Figure) -> bool:
    """The figure given is the gold one printed to more digits: the report says 168,613社 in a table and 16.9万社
    in the text, and either answers what the gold asks."""
    m = _ROUNDED.match(gold.text)
    if not m or got.unit != gold.unit or _ROUNDED.match(got.text):
        return False
    half = _PLACE[m.group("m")] * 10 ** -len(m.group("d") or "") / 2
    return abs(got.value - gold.value) <= half + 1e-9


@dataclass
class Results:
    questions: list[Question]
    retrieval_pq: dict[str, dict[str, dict]]  # mode → qid → {R@1 …, first, citation_ok, top}
    answers: dict[str, dict]  # qid → answer record (metrics.answer_summary's keys and more)
    retrieval: dict[str, dict[str, dict[str, dict]]] = field(default_factory=dict)  # mode → split → group → summary
    answer_tables: dict[str, dict[str, dict]] = field(default_factory=dict)  # split → group → summary
    by_kind: dict[str, dict] = field(default_factory=dict)  # kind → hybrid test summary + answers
    reliability: dict[str, list] = field(default_factory=dict)  # split → rows
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def status(self) -> dict[str, dict[str, bool]]:
        """Per mode (and "answer"): question id → passed; what the next run compares against."""
        out = {m: {qid: bool(r["R@5"]) for qid, r in pq.items()} for m, pq in self.retrieval_pq.items()}
        if self.answers:
            out["answer"] = {qid: bool(a["ok"]) for qid, a in self.answers.items()}
        return out

    def headline(self) -> dict:
        """The figures the history keeps and the gate reads."""
        return {
            "retrieval": {m: {s: self.retrieval[m][s]["all"] for s in ("test", "tune")} for m in self.retrieval},
            "answers": {s: self.answer_tables[s]["all"] for s in ("test", "tune")} if self.answer_tables else None,
            "retrieval_by_style": {s: {g: v for g, v in self.retrieval.get("hybrid", {}).get(s, {}).items()}
                                   for s in ("test", "tune")},
        }


def score(questions: Sequence[Question], data: Mapping) -> Results:
    """Per-question records and the tables, from a run's plain data (see :func:`runner.collect`)."""
    questions = list(questions)
    answerable = [q for q in questions if q.answerable]
    relevant = metrics.relevant_passages(data["corpus"], {q.id: q.answers for q in answerable})
    for q in answerable:  # a relevant passage the corpus dict lacks (another run's ids) still counts when retrieved
        for hits in data["hits"].values():
            relevant[q.id] |= {h["id"] for h in hits.get(q.id, []) if is_correct(h["text"], q.answers)}
    pq: dict[str, dict[str, dict]] = {}
    for mode, hits in data["hits"].items():
        rankings = {q.id: [h["id"] for h in hits.get(q.id, [])] for q in answerable}
        values = metrics.retrieval({q.id: relevant[q.id] for q in answerable}, rankings)
        pq[mode] = {}
        for q in answerable:
            ranked = hits.get(q.id, [])
            first = metrics.first_relevant(relevant[q.id], rankings[q.id])
            pq[mode][q.id] = {**values[q.id], "first": first, "citation_ok": citation_ok(q, ranked[0] if ranked else None),
                              "top": ranked[0]["citation"] if ranked else None,
                              "top_text": " ".join(ranked[0]["text"].split())[:100] if ranked else ""}
    records = {}
    for q in questions:
        a = data["answers"].get(q.id)
        if a is None:
            continue
        figs = a.get("figures") or ([a["figure"]] if a.get("figure") else [])
        if a.get("date"):
            figs = [*figs, a["date"]]  # a いつ question's 時期 is its figure
        fig_ok = figure_correct(q.figure, figs) if q.answerable else None
        # right: the span holds a gold answer, or the 数値 (時期) is the gold figure in value and unit
        right = bool(a["found"] and q.answerable and (is_correct(a["text"], q.answers) or fig_ok))
        records[q.id] = {
            "group": q.group, "found": a["found"], "confidence": a["confidence"],
            "correct": right,
            "ok": right if q.answerable else not a["found"],
            "figure_expected": bool(q.answerable and q.figure),
            "figure_correct": fig_ok,
            "figure_is_date": any(_DATE_FIGURE.search(f) for f in (a.get("figures") or [a.get("figure") or ""])),
            "citation_ok": citation_ok(q, a) if q.answerable and a["found"] else False,
            "text": a["text"], "figure": a.get("figure"), "citation": a.get("citation"),
        }
    res = Results(questions, pq, records, timings=dict(data.get("timings", {})))
    for split in SPLITS:
        qs = [q for q in questions if split == "all" or q.split == split]
        for mode in pq:
            res.retrieval.setdefault(mode, {})[split] = {
                g: _retrieval_summary(pq[mode], [q for q in qs if q.answerable and g in ("all", q.style)])
                for g in GROUPS}
        if records:
            res.answer_tables[split] = {
                g: metrics.answer_summary([records[q.id] for q in qs if q.id in records and g in ("all", q.style)])
                for g in GROUPS}
            res.reliability[split] = metrics.reliability([records[q.id] for q in qs if q.id in records])
    test = [q for q in questions if q.split == "test"]
    for kind in sorted({q.kind for q in test}):
        qs = [q for q in test if q.kind == kind]
        res.by_kind[kind] = {
            "retrieval": _retrieval_summary(pq.get("hybrid", {}), [q for q in qs if q.answerable]),
            "answers": metrics.answer_summary([records[q.id] for q in qs if q.id in records]) if records else None,
        }
    return res


def _retrieval_summary(pq: Mapping[str, dict], qs: Sequence[Question]) -> dict:
    out = metrics.summarize(pq, [q.id for q in qs])
    out["citation_accuracy"] = metrics.mean(float(pq[q.id]["citation_ok"]) for q in qs if q.id in pq)
    return out
