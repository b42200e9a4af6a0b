"""Tune query-time weights on the eval set's tune split only (the test split is never read here).

    python eval/tune.py                       # the current settings, by style (tune split)
    python eval/tune.py --grid fusion         # fusion weights of every signal
    python eval/tune.py --grid priors         # the column priors
    python eval/tune.py --set synonym_weight=0.3 --set fusion.reading=0.1

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
from nenkin_search.evaluation import load_questions, metrics  # noqa: E402
from nenkin_search.evaluation.questions import STYLES  # noqa: E402
from nenkin_search.search import _minmax  # noqa: E402
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

    def rank(self, qid: str, weights: dict, challenge_prior: float, plan_prior: float) -> list[str]:
        parts = self.parts[qid]
        w = {n: v for n, v in weights.items() if v > 0 and n in parts}
        total = sum(w.values())
        fused = sum((v / total) * _minmax(parts[n]) for n, v in w.items())
        q = self.analysed[qid]
        s = self.eng.searcher
        fused = fused + np.where(s._is_challenge == q.challenge, challenge_prior, -challenge_prior)
        fused = fused + np.where(s._is_plan, plan_prior if q.plan else -plan_prior, 0.0)
        return [self.ids[i] for i in s.select(fused, 10)]

    def score(self, weights: dict, challenge_prior: float, plan_prior: float) -> dict:
        rankings = {q.id: self.rank(q.id, weights, challenge_prior, plan_prior) for q in self.qs}
        values = metrics.retrieval({q.id: self.relevant[q.id] for q in self.qs}, rankings)
        out = {"all": metrics.summarize(values, [q.id for q in self.qs])}
        for style in STYLES:
            out[style] = metrics.summarize(values, [q.id for q in self.qs if q.style == style])
        return out


def line(label: str, res: dict) -> str:
    cells = " ".join(f"{s[:6]:>6} {res[s]['R@1'] or 0:.3f}/{res[s]['R@5'] or 0:.3f}" for s in ("all", *STYLES))
    return f"{label:<40} MRR {res['all']['MRR@10']:.3f} | {cells}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="tune", choices=["tune"], help="only tune: the test split is not for tuning")
    ap.add_argument("--grid", choices=["none", "fusion", "priors", "synonyms", "table-cap"], default="none")
    ap.add_argument("--set", action="append", default=[], help="a setting: name=value or fusion.<signal>=value")
    ap.add_argument("--corpus")
    ap.add_argument("--index")
    a = ap.parse_args(argv)
    settings = DEFAULT.with_(**_parse_set(a.set))
    if a.grid == "synonyms":
        for sw in (0.0, 0.2, 0.35, 0.5, 0.75, 1.0):
            for dense in (False, True):
                s = settings.with_(synonym_weight=sw, synonym_dense=dense)
                p = Prepared(s, a.split, a.corpus, a.index)
                print(line(f"synonym_weight={sw} dense={dense}", p.score(dict(s.fusion), s.challenge_prior,
                                                                           s.plan_prior)), flush=True)
        return 0
    p = Prepared(settings, a.split, a.corpus, a.index)
    base = dict(settings.fusion)
    print(line("current", p.score(base, settings.challenge_prior, settings.plan_prior)), flush=True)
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
            res = p.score(w, settings.challenge_prior, settings.plan_prior)
            results.append((res["all"]["MRR@10"], w, res))
        for mrr, w, res in sorted(results, key=lambda t: -t[0])[:15]:
            print(line(" ".join(f"{k}={v:.2f}" for k, v in w.items()), res))
    elif a.grid == "table-cap":
        for cap in (0, 1, 2, 3):
            p.eng.searcher.settings = settings.with_(max_rows_per_table=cap)
            print(line(f"max_rows_per_table={cap}", p.score(base, settings.challenge_prior, settings.plan_prior)))
    elif a.grid == "priors":
        for cp, pp in itertools.product((0.0, 0.05, 0.1, 0.15), (0.0, 0.1, 0.2, 0.3)):
            print(line(f"challenge={cp} plan={pp}", p.score(base, cp, pp)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
