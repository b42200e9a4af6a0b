"""Store, verify and load the index: passages, a FAISS dense index and one BM25 matrix per lexical field.

This module knows nothing of parsing or of model conversion: it is handed
passages, an embedder, the lexical fields and a *fingerprint* (what the index was
built from: corpus, code, settings, model), and writes them; it hands back what it
stored and checks that nothing was damaged. Whether an index is *fresh* is the
caller's judgement (:mod:`nenkin_search.api` compares fingerprints).

Layout under ``index/``::

    CURRENT                  name of the live build folder (replaced atomically)
    .lock                    serialises builds between processes
    build-<time>-<pid>-<rnd>/
        manifest.json        fingerprint, versions, counts, sha256 of every file
        passages.jsonl       the passages (text, citation, cells)
        dense.faiss          FAISS IndexFlatIP over L2-normalised passage vectors
        sentences.json       the text passages' sentences; sentences.npy their vectors (no pickle), for
                             answers to compare a question with each candidate's best sentence
        lexical/<field>/     bm25s matrices (.npy without pickle, JSON vocabulary)

A build goes to its own folder and is published by atomically replacing
``CURRENT``; a crash mid-build leaves the previous index in service.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .chunk import Passage
from .errors import IndexError_
from .fields import Field
from .text import sentence_units

#: bump when the files change meaning, so that older indexes are rebuilt
FORMAT = 4
MANIFEST = "manifest.json"
PASSAGES = "passages.jsonl"
DENSE = "dense.faiss"
LEXICAL = "lexical"
#: the sentences of the text passages (JSON list) and their vectors (.npy, one row each, same order)
SENTENCES = "sentences.json"
SENTENCE_VECTORS = "sentences.npy"
CURRENT = "CURRENT"
LOCK = ".lock"


class LexicalIndex:
    """BM25 scores from the matrix bm25s saved: reading it needs numpy only.

    bm25s computes and saves the BM25 weight of every (token, passage) pair at build
    time (a CSC matrix); a query's score is the sum of its tokens' columns, which is
    what ``bm25s.BM25.get_scores`` does. Reading the arrays directly spares the query
    path importing bm25s and scipy (~120 ms of a cold start); a test checks that the
    scores are identical to bm25s's own.
    """

    def __init__(self, folder: Path) -> None:
        with open(folder / "vocab.index.json", encoding="utf-8") as f:
            self.vocab: dict[str, int] = json.load(f)
        with open(folder / "params.index.json", encoding="utf-8") as f:
            params = json.load(f)
        if params.get("method") != "lucene":
            raise ValueError(f"unsupported BM25 variant {params.get('method')!r}")
        self.num_docs = int(params["num_docs"])
        self.data = np.load(folder / "data.csc.index.npy", allow_pickle=False)
        self.indices = np.load(folder / "indices.csc.index.npy", allow_pickle=False)
        self.indptr = np.load(folder / "indptr.csc.index.npy", allow_pickle=False)
        # bm25s's vocabulary may end with an empty token that has no column
        if not 0 <= len(self.vocab) + 1 - len(self.indptr) <= 1 or len(self.data) != len(self.indices):
            raise ValueError("BM25 arrays do not match the vocabulary")
        self.df = np.diff(self.indptr)  # passages holding each token

    def scores(self, tokens: Sequence[str], weights: Sequence[float] | None = None) -> np.ndarray:
        """Sum of the tokens' BM25 columns (each times its weight, default 1)."""
        out = np.zeros(self.num_docs, dtype=np.float32)
        for i, token in enumerate(tokens):
            t = self.vocab.get(token)
            if t is not None and t + 1 < len(self.indptr):
                start, end = self.indptr[t], self.indptr[t + 1]
                col = self.data[start:end]
                np.add.at(out, self.indices[start:end], col if weights is None else col * weights[i])
        return out

    def doc_freq(self, token: str) -> int:
        t = self.vocab.get(token)
        return int(self.df[t]) if t is not None and t < len(self.df) else 0


@dataclass
class Index:
    """A loaded index: passages, the dense index and the lexical fields, with the manifest describing them."""

    path: Path
    manifest: dict
    passages: list[Passage]
    dense: object  # faiss.Index
    lexical: dict[str, LexicalIndex]
    #: sentence → row of ``sentence_vectors``: what answers compare a question with, sentence by sentence
    sentences: dict[str, int] = field(default_factory=dict)
    sentence_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))

    def __len__(self) -> int:
        return len(self.passages)

    def similarity(self, query_vector: np.ndarray, text: str) -> float | None:
        """Cosine of the question's vector (dim,) with the best of ``text``'s sentences; None when the index
        holds none of them (a table cell, or a text from elsewhere)."""
        rows = [self.sentences[x] for x in sentence_units(text) if x in self.sentences]
        if not rows:
            return None
        return float(np.max(self.sentence_vectors[rows] @ query_vector))

    @property
    def fingerprint(self) -> dict:
        return self.manifest.get("fingerprint", {})


class CorruptIndex(Exception):
    """The index files do not match their manifest: name the file, then rebuild or refuse."""


# --- build --------------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build(
    passages: list[Passage],
    embedder,
    index_dir: Path,
    fingerprint: dict,
    *,
    fields: Sequence[Field],
    dense_text: Callable[[Passage], str],
    bm25: tuple[float, float] = (1.2, 0.75),
    meta: dict | None = None,
    progress: bool = False,
    log: Callable[[str], None] = lambda _m: None,
) -> Index:
    """Embed and index ``passages`` and publish the result atomically under ``index_dir``."""
    import bm25s
    import faiss

    started = time.perf_counter()
    vectors = embedder.encode_passages([dense_text(p) for p in passages], show_progress=progress)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    said = list(dict.fromkeys(x for p in passages if p.kind != "table" for x in sentence_units(p.text)))
    sentence_vectors = np.ascontiguousarray(embedder.encode_passages(said, show_progress=progress), dtype=np.float32)
    dense = faiss.IndexFlatIP(vectors.shape[1])
    dense.add(vectors)
    lexical = {}
    for fld in fields:
        bm = bm25s.BM25(k1=bm25[0], b=bm25[1], method="lucene")
        bm.index([fld.analyze(p.index_text) or [""] for p in passages], show_progress=False)
        lexical[fld.name] = bm

    # unique even for two builds in one second of one process (a corrupt build is rebuilt at once)
    build_dir = index_dir / f"build-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(4)}"
    tmp = index_dir / f".tmp-{build_dir.name}"
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        with open(tmp / PASSAGES, "w", encoding="utf-8") as f:
            for p in passages:
                f.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
        faiss.write_index(dense, str(tmp / DENSE))
        (tmp / SENTENCES).write_text(json.dumps(said, ensure_ascii=False), encoding="utf-8")
        np.save(tmp / SENTENCE_VECTORS, sentence_vectors, allow_pickle=False)
        for name, bm in lexical.items():
            bm.save(str(tmp / LEXICAL / name), show_progress=False)
        files = {str(path.relative_to(tmp).as_posix()): _sha256_file(path)
                 for path in sorted(tmp.rglob("*")) if path.is_file()}
        manifest = {
            "format": FORMAT,
            "fingerprint": fingerprint,
            "meta": meta or {},
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "passage_count": len(passages),
            "sentence_count": len(said),
            "reports": sorted({p.report for p in passages}),
            "dim": int(vectors.shape[1]),
            "dense": {"type": "IndexFlatIP"},
            "lexical": {"library": "bm25s", "method": "lucene", "k1": bm25[0], "b": bm25[1],
                        "fields": [f.name for f in fields]},
            "versions": {name: _version(name) for name in ("faiss-cpu", "bm25s", "fugashi", "unidic-lite")},
            "files": files,
            "build_seconds": round(time.perf_counter() - started, 2),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.rename(tmp, build_dir)
        write_text_atomic(index_dir / CURRENT, build_dir.name + "\n")
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexError_(f"cannot write the index in {index_dir}: {exc.strerror or exc}") from None
    _remove_old_builds(index_dir, keep=build_dir.name)
    return Index(build_dir, manifest, passages, dense, {n: LexicalIndex(build_dir / LEXICAL / n) for n in lexical},
                 {x: i for i, x in enumerate(said)}, sentence_vectors)


def _version(dist: str) -> str | None:
    try:
        return version(dist)
    except Exception:  # noqa: BLE001 - a version is informative only
        return None


def write_text_atomic(path: Path, text: str) -> None:
    """Temp file in the same folder, then rename: readers never see half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _remove_old_builds(index_dir: Path, keep: str) -> None:
    """Old builds go once a new one is live; a reader that still has one open keeps its open files."""
    for child in index_dir.iterdir():
        if child.is_dir() and child.name.startswith("build-") and child.name != keep:
            shutil.rmtree(child, ignore_errors=True)


def lock(index_dir: Path, timeout: float = 600):
    """An inter-process lock for builds, kept inside the index folder."""
    from filelock import FileLock

    index_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(index_dir / LOCK), timeout=timeout)


# --- load ---------------------------------------------------------------------------


def current_build(index_dir: Path) -> Path | None:
    """The published build folder, or None when nothing was ever published."""
    pointer = index_dir / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise CorruptIndex(f"{pointer}: unreadable ({exc.strerror})") from None
    if not name or "/" in name or name.startswith("."):
        raise CorruptIndex(f"{pointer}: does not name a build folder")
    return index_dir / name


def read_manifest(build_dir: Path) -> dict:
    path = build_dir / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorruptIndex(f"{path}: missing") from None
    except (json.JSONDecodeError, UnicodeDecodeError, OSError):
        raise CorruptIndex(f"{path}: not valid JSON") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise CorruptIndex(f"{path}: not a nenkin-search manifest")
    return manifest


def verify_files(build_dir: Path, manifest: dict) -> None:
    """Every file listed in the manifest exists with the recorded sha256, and it lists every index file."""
    listed = set(manifest["files"])
    on_disk = {p.relative_to(build_dir).as_posix() for p in build_dir.rglob("*") if p.is_file()} - {MANIFEST}
    required = {PASSAGES, DENSE, SENTENCES, SENTENCE_VECTORS}
    if not required <= listed or not any(r.startswith(LEXICAL + "/") for r in listed) or not on_disk <= listed:
        unlisted = sorted((on_disk | required) - listed) or [LEXICAL + "/"]
        raise CorruptIndex(f"{build_dir / MANIFEST}: does not list {', '.join(unlisted)}")
    for rel, digest in manifest["files"].items():
        path = build_dir / rel
        if not path.is_file():
            raise CorruptIndex(f"{path}: missing")
        if _sha256_file(path) != digest:
            raise CorruptIndex(f"{path}: checksum does not match the manifest (truncated or edited)")


def load(build_dir: Path, manifest: dict) -> Index:
    """Read a verified build (call :func:`verify_files` first)."""
    import faiss

    try:
        with open(build_dir / PASSAGES, encoding="utf-8") as f:
            passages = [Passage.from_dict(json.loads(line)) for line in f if line.strip()]
        dense = faiss.read_index(str(build_dir / DENSE))
        names = manifest.get("lexical", {}).get("fields") or []
        lexical = {n: LexicalIndex(build_dir / LEXICAL / n) for n in names}
        said = json.loads((build_dir / SENTENCES).read_text(encoding="utf-8"))
        sentence_vectors = np.load(build_dir / SENTENCE_VECTORS, allow_pickle=False)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise CorruptIndex(f"{build_dir}: cannot be read ({type(exc).__name__}: {exc})") from None
    if len(passages) != manifest.get("passage_count") or dense.ntotal != len(passages):
        raise CorruptIndex(f"{build_dir}: passage count does not match the manifest")
    if any(lx.num_docs != len(passages) for lx in lexical.values()):
        raise CorruptIndex(f"{build_dir}: a lexical field does not match the passages")
    if (not isinstance(said, list) or len(said) != manifest.get("sentence_count")
            or sentence_vectors.shape != (len(said), manifest.get("dim"))):
        raise CorruptIndex(f"{build_dir}: the sentence vectors do not match the manifest")
    return Index(build_dir, manifest, passages, dense, lexical, {str(x): i for i, x in enumerate(said)},
                 sentence_vectors.astype(np.float32, copy=False))


def open_current(index_dir: Path) -> Index | None:
    """The published build, verified and loaded; None when there is none; :class:`CorruptIndex` if damaged."""
    build_dir = current_build(index_dir)
    if build_dir is None:
        return None
    manifest = read_manifest(build_dir)
    if manifest.get("format") != FORMAT:
        return None  # an older format is as good as none: rebuild
    verify_files(build_dir, manifest)
    return load(build_dir, manifest)
