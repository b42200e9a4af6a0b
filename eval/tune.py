"""Tune query-time weights on the eval set's tune split only (the test split is never read here).

    python eval/tune.py                       # the current settings, by style (tune split)
    python eval/tune.py --grid fusion         # fusion weights of every signal
    python eval/tune.py --grid priors         # the column priors
    python eval/tune.py --grid figure-prior   # the priors against passages stating no figure, or none of the kind asked
    python eval/tune.py --set synonym_weight=0.3 --set fusion.reading=0.1
    python eval/tune.py --grid spans          # span-choice weights (answer accuracy)
    python eval/tune.py --grid answers        # fit the confidence model and the threshold

Each question's signal scores are computed once per setting of the query analysis (synonyms), then fused
in numpy for every weight combination, so a grid of hundreds of combinations takes seconds. The index
must be built with the current index settings (`nenkin build`); index-time choices (fields, dense text)
are compared by building twice. Prints R@1 / R@5 / MRR@10 per style; the README's tuning table quotes it.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from nenkin_search import api  # noqa: E402
from nenkin_search.confidence import gated  # noqa: E402
from nenkin_search.evaluation import load_questions, metrics  # noqa: E402
from nenkin_search.fit import date_of  # noqa: E402
from nenkin_search.evaluation.questions import STYLES  # noqa: E402
from nenkin_search.settings import DEFAULT  # noqa: E402


def _parse_set(items: list[str]) -> dict:
    changes: dict = {}
    for item in items:
        key, value = item.split("=", 1)
        try:
            v = json.loads(value)
        except json.JSONDecodeError:
            v = value
        if "." in key:
            head, sub = key.split(".", 1)
            changes.setdefault(head, {})[sub] = v
        else:
            changes[key] = v
    return changes


class Prepared:
    """Per question: raw signal scores and the prior masks, for one query analysis."""

    def __init__(self, settings, split: str, corpus=None, index=None):
        self.eng = api.engine(corpus, index, settings=settings, build=False)
        self.qs = [q for q in load_questions() if q.split == split and q.answerable]
        passages = self.eng.passages
        rel = metrics.relevant_passages({p.id: p.text for p in passages}, {q.id: q.answers for q in self.qs})
        self.ids = [p.id for p in passages]
        self.relevant = rel
        self.parts, self.analysed = {}, {}
        for q in self.qs:
            query = self.eng.analyse(q.question)
            self.analysed[q.id] = query
            self.parts[q.id] = {n: s.scores(query) for n, s in self.eng.searcher.signals.items()}

    def rank(self, qid: str, weights: dict, priors) -> list[str]:
        """``priors``: the Settings whose priors are added (the searcher's own code adds them)."""
        s = self.eng.searcher
        fused, _ = s.fuse(self.analysed[qid], self.parts[qid], weights, settings=priors)
        return [self.ids[i] for i in s.select(fused, 10, self.analysed[qid])]

    def score(self, weights: dict, priors) -> dict:
        rankings = {q.id: self.rank(q.id, weights, priors) for q in self.qs}
        values = metrics.retrieval({q.id: self.relevant[q.id] for q in self.qs}, rankings)
        out = {"all": metrics.summarize(values, [q.id for q in self.qs])}
        for style in STYLES:
            out[style] = metrics.summarize(values, [q.id for q in self.qs if q.style == style])
        return out


# --- answers ------------------------------------------------------------------------------


class Answers:
    """Per tune question: its hits (searched once) and, for span settings, the chosen candidate."""

    def __init__(self, settings, corpus=None, index=None, mode: str = "hybrid"):
        from nenkin_search import answer as answer_mod

        self.m = answer_mod
        self.mode = mode
        self.eng = api.engine(corpus, index, settings=settings, build=False)
        self.qs = [q for q in load_questions() if q.split == "tune"]
        self.items = []
        for q in self.qs:
            query = self.eng.analyse(q.question)
            hits = self.eng.searcher.search(query, k=5, mode=mode, for_answer=True)
            self.items.append((q, query, hits))

    def run(self, s) -> list[dict]:
        from nenkin_search.evaluation.questions import is_correct
        from nenkin_search.evaluation.results import figure_correct

        rows = []
        for q, query, hits in self.items:
            ranked, best, feats = self.m.pick(query, hits, self.eng._idf, s, self.eng.similarity(query, self.mode))
            # the 数値 line's first figure, as the answer gives it (a two-part question's first part's)
            _, figs = self.m.spans_and_figures(query, ranked, best, self.eng._idf, s)
            fig = figs[0][0] if figs else date_of(best, query)
            rows.append({"q": q, "text": best.text, "feats": feats, "figure": fig,
                         "right": bool(q.answerable and (is_correct(best.text, q.answers) or figure_correct(
                             q.figure, [fig] if fig else []))),
                         "substantive": query.substantive})
        return rows


#: the issue's refusal bars the threshold rule asks of out-of-fold predictions (near-miss, off-topic abstention)
NEAR_MISS_BAR, OFF_TOPIC_BAR = 0.75, 0.90
#: asked of near-misses out of fold above the bar: fresh rounds, scored before use, refused fewer near-misses than
#: the tune set did out of fold at the same threshold (round 9: 0.778 against 0.815; round 10, taken from public
#: pages first: 0.633), so the rule keeps this much in hand
NEAR_MISS_MARGIN = 0.05


def _fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 4000) -> np.ndarray:
    """L2-regularised logistic regression by gradient descent on standardised features (bias unpenalised)."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    z = np.hstack([np.ones((len(z), 1)), z])
    w = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (p - y) / len(y) + l2 * np.r_[0, w[1:]] / len(y)
        w -= 0.5 * grad
    # back to raw feature units: w·(x−mu)/sd + b
    raw = w[1:] / sd
    return np.r_[w[0] - (raw * mu).sum(), raw]


def tune_answers(settings, a) -> int:
    ans = Answers(settings, a.corpus, a.index, a.mode)
    if a.grid == "spans":
        grid = {"span_overlap": (3.0, 5.0, 8.0), "span_hit_weight": (1.0, 2.0, 4.0), "span_rank_penalty": (1.0, 2.0, 3.0), "span_tie": (0.001, 0.02, 0.05, 0.1),
                "span_unit_fit": (2.0, 3.0, 4.0), "span_unit_none": (-1.0, -2.0, -4.0),
                "span_period": (1.0, 2.0, 3.0), "span_latest": (0.5, 1.5, 2.5), "span_stale": (0.0, 1.5, 3.0, 5.0, 8.0),
                "span_target": (0.5, 1.5, 3.0), "span_delta": (0.5, 1.5, 3.0),
                "span_challenge_column": (0.5, 1.5, 3.0), "span_length": (0.0, 0.3, 0.6)}
        base = ans.run(settings)
        def acc(rows):
            ar = [r for r in rows if r["q"].answerable]
            figs = [r for r in ar if r["q"].figure]
            from nenkin_search.evaluation.results import figure_correct
            return (sum(r["right"] for r in ar) / len(ar),
                    sum(bool(figure_correct(r["q"].figure, [r["figure"]] if r["figure"] else [])) for r in figs) / len(figs))
        print("current span accuracy %.3f, figure accuracy %.3f" % acc(base))
        for name, values in grid.items():
            for v in values:
                print(f"  {name}={v}: span accuracy %.3f, figure accuracy %.3f" % acc(ans.run(settings.with_(**{name: v}))),
                      flush=True)
        return 0
    rows = ans.run(settings)
    names = a.features.split(",") if a.features else list(rows[0]["feats"])
    x = np.array([[r["feats"][n] for n in names] for r in rows])
    groups = np.array([r["q"].group for r in rows])
    answerable = groups == "answerable"
    right = np.array([r["right"] for r in rows])
    span_names = a.span_features.split(",") if a.span_features else names
    xs = np.array([[r["feats"][n] for n in span_names] for r in rows])
    w_ans = _fit_logistic(x, answerable.astype(float), l2=a.l2)
    w_span = _fit_logistic(xs[answerable], right[answerable].astype(float), l2=a.l2_span or a.l2)
    # out-of-fold predictions (5 folds over tune, repeated with 10 shuffles so that one unlucky split does not
    # decide): the threshold is chosen on what a fit says of questions it did not see
    rng = np.random.default_rng(0)
    p_ans, p_span = np.zeros((10, len(rows))), np.zeros((10, len(rows)))
    for r in range(10):
        folds = rng.permutation(len(rows)) % 5
        for k in range(5):
            fit, out = folds != k, folds == k
            wa = _fit_logistic(x[fit], answerable[fit].astype(float), l2=a.l2)
            ws = _fit_logistic(xs[fit & answerable], right[fit & answerable].astype(float), l2=a.l2_span or a.l2)
            p_ans[r, out] = 1 / (1 + np.exp(-(x[out] @ wa[1:] + wa[0])))
            p_span[r, out] = 1 / (1 + np.exp(-(xs[out] @ ws[1:] + ws[0])))
    print("(out-of-fold figures below: 5 folds over tune, mean of 10 shuffles)")
    conf = p_ans * p_span
    print("answerable = logistic(" + ", ".join(f"{n} {v:+.3f}" for n, v in zip(["bias", *names], w_ans)) + ")")
    print("span_right = logistic(" + ", ".join(f"{n} {v:+.3f}" for n, v in zip(["bias", *span_names], w_span)) + ")")
    chosen = None
    gate = np.array([gated(r["feats"], settings) for r in rows])
    print(f"gates: {gate[answerable].sum()} answerable, {gate[groups == 'near-miss'].sum()} near-miss, "
          f"{gate[groups == 'off-topic'].sum()} off-topic questions")
    for t in np.arange(0.10, 0.90, 0.025):
        found = (p_ans >= t) & ~gate
        fa = np.mean(~found[:, answerable])
        near_miss, off_topic = np.mean(~found[:, groups == 'near-miss']), np.mean(~found[:, groups == 'off-topic'])
        if chosen is None and near_miss >= NEAR_MISS_BAR + NEAR_MISS_MARGIN and off_topic >= OFF_TOPIC_BAR:
            chosen = t
        hi = found & (conf >= 0.8)
        rightr = np.broadcast_to(right, found.shape)
        print(f"threshold {t:.3f}: false abstention {fa:.3f}, answer accuracy "
              f"{np.mean(found[:, answerable] & right[answerable]):.3f}, abstained near-miss "
              f"{np.mean(~found[:, groups == 'near-miss']):.3f}, off-topic {np.mean(~found[:, groups == 'off-topic']):.3f}, "
              f"right when conf >= 0.8: {rightr[hi].mean() if hi.any() else float('nan'):.3f} (n {hi.sum() / 10:.1f})")
    if chosen is not None:
        # how often an answer shown is right, by confidence, at the chosen threshold (out of fold)
        found = (p_ans >= chosen) & ~gate
        rightr = np.broadcast_to(right, found.shape)
        edges = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
        print("reliability at the chosen threshold (out of fold):",
              "; ".join(f"{lo:.1f}-{min(hi, 1):.1f}: {rightr[m].mean():.3f} (n {m.sum() / 10:.1f})"
                        for lo, hi in zip(edges, edges[1:]) if (m := found & (conf >= lo) & (conf < hi)).any()))
    print("span accuracy (answerable, before abstention): %.3f" % right[answerable].mean())
    print(f"threshold (lowest with out-of-fold abstention >= {NEAR_MISS_BAR + NEAR_MISS_MARGIN:.2f} on near-misses "
          f"and >= {OFF_TOPIC_BAR} off topic): {chosen}")
    print("answerable:", json.dumps({"bias": round(w_ans[0], 3), **{n: round(v, 3) for n, v in zip(names, w_ans[1:])}}))
    print("span_right:", json.dumps({"bias": round(w_span[0], 3), **{n: round(v, 3) for n, v in zip(span_names, w_span[1:])}}))
    return 0


def line(label: str, res: dict) -> str:
    cells = " ".join(f"{s[:6]:>6} {res[s]['R@1'] or 0:.3f}/{res[s]['R@5'] or 0:.3f}" for s in ("all", *STYLES))
    return f"{label:<40} MRR {res['all']['MRR@10']:.3f} | {cells}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="tune", choices=["tune"], help="only tune: the test split is not for tuning")
    ap.add_argument("--grid", choices=["none", "fusion", "priors", "figure-prior", "synonyms", "table-cap", "spans",
                                       "answers"],
                    default="none")
    ap.add_argument("--set", action="append", default=[], help="a setting: name=value or fusion.<signal>=value")
    ap.add_argument("--l2", type=float, default=1.0, help="--grid answers: L2 strength of the confidence fit")
    ap.add_argument("--l2-span", type=float, help="--grid answers: L2 strength of the span model (default --l2)")
    ap.add_argument("--features", help="--grid answers: the features of the answerable model (comma list; default all)")
    ap.add_argument("--span-features", help="--grid answers: the features of the span model (default: --features)")
    ap.add_argument("--mode", choices=["hybrid", "lexical", "dense"], default="hybrid",
                    help="--grid answers/spans: the search mode answers are fitted for (lexical: no dense feature)")
    ap.add_argument("--corpus")
    ap.add_argument("--index")
    a = ap.parse_args(argv)
    settings = DEFAULT.with_(**_parse_set(a.set))
    if a.grid in ("spans", "answers"):
        return tune_answers(settings, a)
    if a.grid == "synonyms":
        for sw in (0.0, 0.2, 0.35, 0.5, 0.75, 1.0):
            for dense in (False, True):
                s = settings.with_(synonym_weight=sw, synonym_dense=dense)
                p = Prepared(s, a.split, a.corpus, a.index)
                print(line(f"synonym_weight={sw} dense={dense}", p.score(dict(s.fusion), s)), flush=True)
        return 0
    p = Prepared(settings, a.split, a.corpus, a.index)
    base = dict(settings.fusion)
    print(line("current", p.score(base, settings)), flush=True)
    if a.grid == "fusion":
        names = [n for n in p.eng.searcher.signals if n != "dense"]
        grid = {"lemma": (0.2, 0.3, 0.4, 0.5), "reading": (0.0, 0.05, 0.1, 0.2), "ngram": (0.0, 0.05, 0.1),
                "period": (0.0, 0.05, 0.1, 0.15)}
        results = []
        for combo in itertools.product(*(grid.get(n, (0.0,)) for n in names)):
            w = dict(zip(names, combo))
            w["dense"] = 1.0 - sum(w.values())
            if w["dense"] <= 0:
                continue
            res = p.score(w, settings)
            results.append((res["all"]["MRR@10"], w, res))
        for mrr, w, res in sorted(results, key=lambda t: -t[0])[:15]:
            print(line(" ".join(f"{k}={v:.2f}" for k, v in w.items()), res))
    elif a.grid == "table-cap":
        for cap in (0, 1, 2, 3):
            p.eng.searcher.settings = settings.with_(max_rows_per_table=cap)
            print(line(f"max_rows_per_table={cap}", p.score(base, settings)))
    elif a.grid == "priors":
        for cp, pp, mp in itertools.product((0.0, 0.05, 0.1, 0.15), (0.0, 0.1, 0.2, 0.3), (0.0, 0.05, 0.1, 0.2)):
            print(line(f"challenge={cp} plan={pp} month={mp}",
                       p.score(base, settings.with_(challenge_prior=cp, plan_prior=pp, month_prior=mp))))
    elif a.grid == "figure-prior":
        for fp in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4):
            print(line(f"figure_prior={fp}", p.score(base, settings.with_(figure_prior=fp))))
        for kp in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3):
            print(line(f"kind_prior={kp}", p.score(base, settings.with_(kind_prior=kp))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
