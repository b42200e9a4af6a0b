"""Metrics from plain dicts, as sentence-transformers' InformationRetrievalEvaluator takes them.

Retrieval: ``corpus`` (passage id → text), ``relevant`` (query id → relevant passage
ids) and ``rankings`` (query id → ranked passage ids). A passage is relevant when it
contains a gold answer after NFKC and whitespace removal (:func:`relevant_passages`),
judged over the whole corpus, so nDCG@10 is normalised over every relevant passage.
R@k is *success@k* (a relevant passage in the top k), MRR@10 is RR@10; values come
from ir-measures (pytrec_eval, the C port of trec_eval), so they mean what the names
say in IR papers.

Answers: one plain dict per question (see :func:`answer_summary`).
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from ..text import match_key

K = 10
RETRIEVAL_NAMES = ("R@1", "R@5", "R@10", "MRR@10", "nDCG@10")


def relevant_passages(corpus: Mapping[str, str], answers: Mapping[str, Sequence[str]]) -> dict[str, set[str]]:
    """Query id → ids of passages containing one of its gold answers (whitespace- and width-blind)."""
    keys = {pid: match_key(text) for pid, text in corpus.items()}
    out = {}
    for qid, golds in answers.items():
        gold_keys = [g for g in (match_key(a) for a in golds) if g]
        out[qid] = {pid for pid, key in keys.items() if any(g in key for g in gold_keys)}
    return out


def retrieval(relevant: Mapping[str, set[str]], rankings: Mapping[str, Sequence[str]]) -> dict[str, dict[str, float]]:
    """Per query: R@1, R@5, R@10 (success), MRR@10, nDCG@10, from ir-measures."""
    import ir_measures
    from ir_measures import RR, Qrel, ScoredDoc, Success, nDCG

    measures = {"R@1": Success @ 1, "R@5": Success @ 5, "R@10": Success @ 10, "MRR@10": RR @ 10, "nDCG@10": nDCG @ 10}
    by_str = {str(m): n for n, m in measures.items()}
    qrels, run = [], []
    for qid, rel in relevant.items():
        qrels.extend(Qrel(qid, pid, 1) for pid in rel)
        if not rel:
            qrels.append(Qrel(qid, "__none__", 0))
        ranked = list(dict.fromkeys(rankings.get(qid, ())))[:K]
        # strictly decreasing scores: pytrec_eval re-sorts by score, so this keeps our order
        run.extend(ScoredDoc(qid, pid, float(K + 1 - pos)) for pos, pid in enumerate(ranked, 1))
    out = {qid: dict.fromkeys(measures, 0.0) for qid in relevant}
    for m in ir_measures.iter_calc(list(measures.values()), qrels, run):
        out[m.query_id][by_str[str(m.measure)]] = float(m.value)
    return out


def first_relevant(relevant: set[str], ranking: Sequence[str]) -> int | None:
    """1-based rank of the first relevant passage, or None."""
    return next((pos for pos, pid in enumerate(ranking, 1) if pid in relevant), None)


def mean(values: Iterable[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def summarize(per_query: Mapping[str, Mapping[str, float]], qids: Iterable[str]) -> dict[str, float | None]:
    """Means of each retrieval metric over ``qids``, with ``n``."""
    qids = [q for q in qids if q in per_query]
    out: dict[str, float | None] = {name: mean(per_query[q][name] for q in qids) for name in RETRIEVAL_NAMES}
    out["n"] = len(qids)
    return out


def answer_summary(records: Sequence[Mapping]) -> dict[str, float | int | None]:
    """Answer quality over records with keys: group (answerable / near-miss / off-topic), found, correct,
    confidence, figure_expected, figure_correct, figure_is_date, citation_ok.

    accuracy: answerable questions answered with a span containing a gold answer (an abstention is wrong);
    figure accuracy: among answerable questions with a gold figure, the 数値 equals it (value and unit);
    abstention: share of near-miss / off-topic questions not answered; false abstention: answerable ones
    not answered; date figures: answers whose 数値 is a year, month or date fragment (must be 0).
    """
    ans = [r for r in records if r["group"] == "answerable"]
    near = [r for r in records if r["group"] == "near-miss"]
    off = [r for r in records if r["group"] == "off-topic"]
    figs = [r for r in ans if r.get("figure_expected")]
    return {
        "n_answerable": len(ans), "n_near_miss": len(near), "n_off_topic": len(off), "n_figure": len(figs),
        "answer_accuracy": mean(float(bool(r["correct"])) for r in ans),
        "figure_accuracy": mean(float(bool(r.get("figure_correct"))) for r in figs),
        "abstention_near_miss": mean(float(not r["found"]) for r in near),
        "abstention_off_topic": mean(float(not r["found"]) for r in off),
        "false_abstention": mean(float(not r["found"]) for r in ans),
        "citation_accuracy": mean(float(bool(r.get("citation_ok"))) for r in ans),
        "date_figures": sum(1 for r in records if r.get("figure_is_date")),
    }


CONFIDENCE_BINS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0001))


def reliability(records: Sequence[Mapping], bins=CONFIDENCE_BINS) -> list[dict]:
    """Answered questions by confidence: how many, and how many of them were right.

    An answer to an unanswerable question is wrong; so is a wrong span to an answerable one.
    The last row is every answer with confidence ≥ 0.8 (the issue's bar: right ≥ 95 %).
    """
    answered = [r for r in records if r["found"]]
    rows = []
    for lo, hi in bins:
        inside = [r for r in answered if lo <= r["confidence"] < hi]
        rows.append({"bin": f"{lo:.1f}–{min(hi, 1.0):.1f}", "n": len(inside),
                     "accuracy": mean(float(bool(r["correct"]) and r["group"] == "answerable") for r in inside)})
    high = [r for r in answered if r["confidence"] >= 0.8]
    rows.append({"bin": "≥ 0.8", "n": len(high),
                 "accuracy": mean(float(bool(r["correct"]) and r["group"] == "answerable") for r in high)})
    return rows
