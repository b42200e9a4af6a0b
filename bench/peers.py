"""The naive peers the benchmark compares against, each runnable as a fresh process.

    python bench/peers.py lexical-answer --corpus DIR "質問"
    python bench/peers.py dense-prepare  --corpus DIR --model DIR --vectors OUT.npy
    python bench/peers.py dense-answer   --corpus DIR --model DIR --vectors V.npy "質問"
    python bench/peers.py warm {lexical,dense} --corpus DIR --questions Q.jsonl --passes N [--model --vectors]
    python bench/peers.py styles {lexical,dense} --corpus DIR --questions Q.jsonl [--out JSON] [--model --vectors]

Naive lexical: rank_bm25's BM25Okapi over fugashi surface tokens of fixed 300-character
chunks of the tag-stripped report, rebuilt by every process (what a first script does).
Naive dense: sentence-transformers on the same converted e5 folder, chunk vectors
cached in a .npy by ``dense-prepare``, a FAISS IndexFlatIP searched per query.
Neither imports nenkin_search to search. ``warm`` scores its hits with nenkin_search's
``match_key``; ``styles`` hands its hits (chunk index as the passage id) to
``nenkin_search.evaluation``, so the peers are scored by the very code that scores ours.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import answerable, corpus_chunks, evaluate_retrieval, latency_summary, recall_at  # noqa: E402

K = 5
CHUNK_CHARS = 300
PEER_MODE = "peer"  # the one "mode" a peer is evaluated in


class ChunkCitation:
    """What a chunk can cite: its position; no section or 施策 (the eval's citation accuracy is 0)."""

    section = None
    policy = None

    def __init__(self, chunk: int) -> None:
        self.chunk = chunk

    def __str__(self) -> str:
        return f"chunk {self.chunk}"


class ChunkHit:
    """A peer's hit shaped like ``nenkin_search.Hit`` for ``evaluation.collect``: id = chunk index."""

    def __init__(self, chunk: int, text: str) -> None:
        self.chunk, self.text = chunk, text

    @property
    def passage_id(self) -> str:
        return str(self.chunk)

    @property
    def citation(self) -> ChunkCitation:
        return ChunkCitation(self.chunk)


def chunk_corpus(chunks: list[str]) -> dict[str, str]:
    """Passage id → text, as ``evaluation.collect`` wants it (ids as :class:`ChunkHit` gives them)."""
    return {str(i): c for i, c in enumerate(chunks)}


def search_fn(peer):
    """``search(question, k, mode)`` over a peer, returning :class:`ChunkHit` (``mode`` is ignored)."""

    def search(question: str, k: int = K, mode: str = PEER_MODE) -> list[ChunkHit]:
        return [ChunkHit(i, peer.chunks[i]) for i in peer.top(question, k)]

    return search


class NaiveLexical:
    def __init__(self, corpus: Path) -> None:
        import fugashi
        from rank_bm25 import BM25Okapi

        self.tagger = fugashi.Tagger()
        self.chunks = corpus_chunks(corpus, CHUNK_CHARS)
        self.bm25 = BM25Okapi([self.tokens(c) for c in self.chunks])

    def tokens(self, text: str) -> list[str]:
        return [w.surface for w in self.tagger(text)]

    def top(self, query: str, k: int = K) -> list[int]:
        import numpy as np

        scores = self.bm25.get_scores(self.tokens(query))
        return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]


class NaiveDense:
    def __init__(self, corpus: Path, model: Path, vectors: Path) -> None:
        import faiss
        import numpy as np
        from sentence_transformers import SentenceTransformer

        self.chunks = corpus_chunks(corpus, CHUNK_CHARS)
        self.model = SentenceTransformer(str(model), device="cpu", local_files_only=True)
        vecs = np.load(vectors)
        if len(vecs) != len(self.chunks):
            raise SystemExit(f"{vectors} has {len(vecs)} vectors for {len(self.chunks)} chunks: run dense-prepare")
        self.index = faiss.IndexFlatIP(vecs.shape[1])
        self.index.add(vecs)

    def top(self, query: str, k: int = K) -> list[int]:
        vec = self.model.encode([query], prompt_name="query", normalize_embeddings=True, convert_to_numpy=True)
        _, ids = self.index.search(vec.astype("float32"), k)
        return [int(i) for i in ids[0] if i >= 0]


def dense_prepare(corpus: Path, model: Path, out: Path) -> None:
    import numpy as np
    from sentence_transformers import SentenceTransformer

    chunks = corpus_chunks(corpus, CHUNK_CHARS)
    st = SentenceTransformer(str(model), device="cpu", local_files_only=True)
    t = time.perf_counter()
    vecs = st.encode(chunks, prompt_name="passage", batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    encode_s = time.perf_counter() - t
    np.save(out, vecs.astype("float32"))
    print(json.dumps({"chunks": len(chunks), "chars": sum(map(len, chunks)), "encode_s": encode_s}))


def print_hits(chunks: list[str], ids: list[int]) -> None:
    for rank, i in enumerate(ids, 1):
        print(f"#{rank} chunk {i}\n   {chunks[i]}")


def warm(peer, questions: Path, passes: int) -> dict:
    from nenkin_search.text import match_key

    qs = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    peer.top("ウォームアップ")
    times: list[list[float]] = []
    ranked: dict[str, list[int]] = {}
    for _ in range(passes):
        this = []
        for q in qs:
            t = time.perf_counter()
            ids = peer.top(q["question"])
            this.append((time.perf_counter() - t) * 1000)
            ranked[q["id"]] = ids
        times.append(this)
    firsts = []
    keys = [match_key(c) for c in peer.chunks]
    for q in qs:
        answers = [a for a in (match_key(x) for x in q.get("answers") or []) if a]
        if not answerable(q) or not answers:
            continue
        firsts.append(next((r for r, i in enumerate(ranked[q["id"]], 1) if any(a in keys[i] for a in answers)), None))
    lat = latency_summary(times)
    return {"p50": lat["p50"], "p95": lat["p95"], "queries_per_pass": lat["queries_per_pass"], "passes": passes,
            "quality": {"n": len(firsts), "r1": recall_at(firsts, 1), "r5": recall_at(firsts, 5)},
            "chunks": len(peer.chunks)}


def styles(peer, questions: Path, out: Path | None = None) -> dict:
    """The peer over the eval set, scored by ``nenkin_search.evaluation`` by split and question style."""
    res = evaluate_retrieval(questions, search_fn(peer), chunk_corpus(peer.chunks), (PEER_MODE,))
    res["chunks"] = len(peer.chunks)
    if out is not None:
        out.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["lexical-answer", "dense-prepare", "dense-answer", "warm", "styles"])
    ap.add_argument("rest", nargs="*")
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--model", type=Path)
    ap.add_argument("--vectors", type=Path)
    ap.add_argument("--questions", type=Path)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--out", type=Path, help="styles: also write the scores to this JSON file")
    a = ap.parse_intermixed_args(argv)
    if a.action == "lexical-answer":
        peer = NaiveLexical(a.corpus)
        print_hits(peer.chunks, peer.top(" ".join(a.rest)))
    elif a.action == "dense-prepare":
        dense_prepare(a.corpus, a.model, a.vectors)
    elif a.action == "dense-answer":
        peer = NaiveDense(a.corpus, a.model, a.vectors)
        print_hits(peer.chunks, peer.top(" ".join(a.rest)))
    else:
        which = a.rest[0] if a.rest else ""
        if which == "lexical":
            peer = NaiveLexical(a.corpus)
        elif which == "dense":
            if a.model is None or a.vectors is None:
                ap.error(f"{a.action} dense needs --model and --vectors")
            peer = NaiveDense(a.corpus, a.model, a.vectors)
        else:
            ap.error(f"{a.action} needs lexical or dense")
        if a.questions is None:
            ap.error(f"{a.action} needs --questions")
        if a.action == "warm":
            print(json.dumps(warm(peer, a.questions, a.passes)))
        else:
            print(json.dumps(styles(peer, a.questions, a.out), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
