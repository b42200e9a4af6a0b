"""Build, save, verify and load the index: passages, a FAISS dense index and a BM25 lexical index.

Layout under ``index/``::

    CURRENT                  name of the live build folder (replaced atomically)
    build-<time>-<pid>/      one complete build
        manifest.json        corpus sha256, model id + weights sha256, versions, file checksums
        passages.jsonl       the passages (text, citation, tokens)
        dense.faiss          FAISS IndexFlatIP over L2-normalised passage vectors
        lexical/             bm25s index (.npy arrays without pickle, JSON vocabulary)

A build is written to its own folder and published by atomically replacing
``CURRENT``; a crash mid-build leaves the previous index in service. A stale
index (corpus, model or format changed) is rebuilt on load; a corrupt one
(checksum mismatch, truncated file) is reported naming the file and rebuilt.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from . import __version__, config
from .chunk import Passage, passages_from_corpus
from .embed import Embedder
from .errors import IndexError_

#: bump when passages, tokens or files change meaning, so that older indexes are rebuilt
FORMAT = 2
MANIFEST = "manifest.json"
PASSAGES = "passages.jsonl"
DENSE = "dense.faiss"
LEXICAL = "lexical"
CURRENT = "CURRENT"


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
            self.vocab_dict: dict[str, int] = json.load(f)
        with open(folder / "params.index.json", encoding="utf-8") as f:
            params = json.load(f)
        if params.get("method") != "lucene":
            raise ValueError(f"unsupported BM25 variant {params.get('method')!r}")
        self.num_docs = int(params["num_docs"])
        self.data = np.load(folder / "data.csc.index.npy", allow_pickle=False)
        self.indices = np.load(folder / "indices.csc.index.npy", allow_pickle=False)
        self.indptr = np.load(folder / "indptr.csc.index.npy", allow_pickle=False)
        # bm25s's vocabulary may end with an empty token that has no column
        if not 0 <= len(self.vocab_dict) + 1 - len(self.indptr) <= 1 or len(self.data) != len(self.indices):
            raise ValueError("BM25 arrays do not match the vocabulary")

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        scores = np.zeros(self.num_docs, dtype=np.float32)
        for token in tokens:
            t = self.vocab_dict.get(token)
            if t is not None and t + 1 < len(self.indptr):
                start, end = self.indptr[t], self.indptr[t + 1]
                np.add.at(scores, self.indices[start:end], self.data[start:end])
        return scores


@dataclass
class Index:
    """A loaded index: passages plus both search structures and the manifest that describes them."""

    path: Path
    manifest: dict
    passages: list[Passage]
    dense: object  # faiss.Index
    lexical: LexicalIndex

    def __len__(self) -> int:
        return len(self.passages)


# --- fingerprints -------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def corpus_files(corpus_dir: Path) -> list[Path]:
    files = sorted(Path(corpus_dir).glob("*.txt"))
    if not files:
        raise IndexError_(f"no corpus: {corpus_dir} has no *.txt report (set NENKIN_CORPUS or --corpus)")
    return files


def corpus_sha256(corpus_dir: Path) -> str:
    """One hash over every report file's name and bytes."""
    h = hashlib.sha256()
    for f in corpus_files(corpus_dir):
        h.update(f.name.encode())
        h.update(b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()


#: the modules that decide what is indexed: a change to any of them makes older indexes stale
_CONTENT_MODULES = ("text.py", "tables.py", "report.py", "chunk.py")


def content_code_sha256() -> str:
    """Hash of the parsing, chunking and tokenising code, so a changed parser never serves old passages."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in _CONTENT_MODULES:
        h.update((here / name).read_bytes())
    return h.hexdigest()


def model_fingerprint(embedder: Embedder) -> str:
    """Size and mtime of the weight files: a cheap check that spares hashing them on every start."""
    from . import convert

    if embedder.bundled:
        files = [convert.bundled_weights_path()]
    else:
        files = sorted(p for p in embedder.model_path.rglob("*") if p.suffix in (".safetensors", ".bin"))
    return ";".join(f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files)


# --- build --------------------------------------------------------------------------


def dense_text(p: Passage) -> str:
    """What the embedding model sees: the passage alone (context hurt paraphrase questions)."""
    return p.text


def _defaults(corpus_dir, index_dir, embedder, log) -> tuple[Path, Path, Embedder, Callable[[str], None]]:
    """The configured locations, the bundled model and stderr, where the caller gave none."""
    return (
        Path(corpus_dir or config.corpus_dir()),
        Path(index_dir or config.index_dir()),
        embedder or Embedder(),
        log or _stderr,
    )


def build(
    corpus_dir: Path | None = None,
    index_dir: Path | None = None,
    embedder: Embedder | None = None,
    progress: bool | None = None,
    log: Callable[[str], None] | None = None,
) -> Index:
    """Parse the corpus, embed and index it, and publish the result atomically under ``index_dir``."""
    import bm25s
    import faiss

    corpus_dir, index_dir, embedder, log = _defaults(corpus_dir, index_dir, embedder, log)
    show = sys.stderr.isatty() if progress is None else progress
    started = time.perf_counter()
    corpus_hash = corpus_sha256(corpus_dir)
    passages = passages_from_corpus(corpus_dir)
    log(f"nenkin: indexing {len(passages)} passages from {corpus_dir} …")
    vectors = embedder.encode_passages([dense_text(p) for p in passages], show_progress=show)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dense = faiss.IndexFlatIP(vectors.shape[1])
    dense.add(vectors)
    lexical = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    lexical.index([list(p.tokens) or [""] for p in passages], show_progress=False)

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
        lexical.save(str(tmp / LEXICAL), show_progress=False)
        files = {
            str(path.relative_to(tmp)): _sha256_file(path) for path in sorted(tmp.rglob("*")) if path.is_file()
        }
        manifest = {
            "format": FORMAT,
            "package_version": __version__,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "corpus_dir": str(corpus_dir),
            "corpus_files": [f.name for f in corpus_files(corpus_dir)],
            "corpus_sha256": corpus_hash,
            "content_code_sha256": content_code_sha256(),
            "passage_count": len(passages),
            "model_id": embedder.model_id,
            "model_weights_sha256": embedder.weights_sha256,
            "model_fingerprint": model_fingerprint(embedder),
            "dim": int(vectors.shape[1]),
            "dense": {"type": "IndexFlatIP", "text": "passage"},
            "lexical": {"library": "bm25s", "method": "lucene", "k1": 1.2, "b": 0.75, "tokens": "mecab-lemma+pairs+figures"},
            "files": files,
            "build_seconds": round(time.perf_counter() - started, 2),
        }
        _write_json(tmp / MANIFEST, manifest)
        os.rename(tmp, build_dir)
        _write_text_atomic(index_dir / CURRENT, build_dir.name + "\n")
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexError_(f"cannot write the index in {index_dir}: {exc.strerror or exc}") from None
    _remove_old_builds(index_dir, keep=build_dir.name)
    log(f"nenkin: index built in {time.perf_counter() - started:.1f} s → {build_dir}")
    return Index(build_dir, manifest, passages, dense, LexicalIndex(build_dir / LEXICAL))


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _remove_old_builds(index_dir: Path, keep: str) -> None:
    """Old builds go once a new one is live; a reader that still has one open keeps its open files."""
    for child in index_dir.iterdir():
        if child.is_dir() and child.name.startswith("build-") and child.name != keep:
            shutil.rmtree(child, ignore_errors=True)


# --- load ---------------------------------------------------------------------------


class StaleIndex(Exception):
    """The index exists but was built from another corpus, model or format: rebuild it."""


class CorruptIndex(Exception):
    """The index files do not match their manifest: name the file, then rebuild or refuse."""


def current_build(index_dir: Path) -> Path | None:
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


def check_fresh(manifest: dict, corpus_dir: Path, embedder: Embedder) -> None:
    """Raise :class:`StaleIndex` when the corpus, the model or the format differ from the manifest."""
    if manifest.get("format") != FORMAT:
        raise StaleIndex(f"index format {manifest.get('format')} ≠ {FORMAT}")
    if manifest.get("corpus_sha256") != corpus_sha256(corpus_dir):
        raise StaleIndex("the corpus changed since the index was built")
    if manifest.get("content_code_sha256") != content_code_sha256():
        raise StaleIndex("the parser or tokenizer changed since the index was built")
    if manifest.get("model_id") != embedder.model_id:
        raise StaleIndex(f"the model changed ({manifest.get('model_id')} → {embedder.model_id})")
    if manifest.get("model_fingerprint") != model_fingerprint(embedder):
        # the cheap fingerprint (size, mtime) moved: compare the real weights hash
        if manifest.get("model_weights_sha256") != embedder.weights_sha256:
            raise StaleIndex("the model weights changed")


def verify_files(build_dir: Path, manifest: dict) -> None:
    """Every file listed in the manifest exists with the recorded sha256, and it lists every index file."""
    listed = set(manifest["files"])
    on_disk = {p.relative_to(build_dir).as_posix() for p in build_dir.rglob("*") if p.is_file()} - {MANIFEST}
    required = {PASSAGES, DENSE}
    if not required <= listed or not any(r.startswith(LEXICAL + "/") for r in listed) or not on_disk <= listed:
        unlisted = sorted((on_disk | required) - listed) or [LEXICAL + "/"]
        raise CorruptIndex(f"{build_dir / MANIFEST}: does not list {', '.join(unlisted)}")
    for rel, digest in manifest["files"].items():
        path = build_dir / rel
        if not path.is_file():
            raise CorruptIndex(f"{path}: missing")
        if _sha256_file(path) != digest:
            raise CorruptIndex(f"{path}: checksum does not match the manifest (truncated or edited)")


def load_build(build_dir: Path, manifest: dict) -> Index:
    import faiss

    try:
        with open(build_dir / PASSAGES, encoding="utf-8") as f:
            passages = [Passage.from_dict(json.loads(line)) for line in f if line.strip()]
        dense = faiss.read_index(str(build_dir / DENSE))
        lexical = LexicalIndex(build_dir / LEXICAL)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise CorruptIndex(f"{build_dir}: cannot be read ({type(exc).__name__}: {exc})") from None
    if len(passages) != manifest.get("passage_count") or dense.ntotal != len(passages):
        raise CorruptIndex(f"{build_dir}: passage count does not match the manifest")
    return Index(build_dir, manifest, passages, dense, lexical)


def load_current(corpus_dir: Path, index_dir: Path, embedder: Embedder) -> Index:
    """The published build, if it is fresh and intact; else :class:`StaleIndex` / :class:`CorruptIndex`."""
    build_dir = current_build(index_dir)
    if build_dir is None:
        raise StaleIndex(f"no index in {index_dir}")
    manifest = read_manifest(build_dir)
    check_fresh(manifest, corpus_dir, embedder)
    verify_files(build_dir, manifest)
    return load_build(build_dir, manifest)


def load(
    corpus_dir: Path | None = None,
    index_dir: Path | None = None,
    embedder: Embedder | None = None,
    build_if_needed: bool = True,
    log: Callable[[str], None] | None = None,
) -> Index:
    """The current index, rebuilt first when missing, stale or corrupt (unless ``build_if_needed`` is False)."""
    corpus_dir, index_dir, embedder, log = _defaults(corpus_dir, index_dir, embedder, log)
    try:
        return load_current(corpus_dir, index_dir, embedder)
    except (StaleIndex, CorruptIndex) as why:
        if not build_if_needed:
            hint = "run `nenkin build`" if isinstance(why, StaleIndex) else "run `nenkin build --force`"
            raise IndexError_(f"index not usable: {why}; {hint}") from None
        log(f"nenkin: {why}; building the index …")
        return locked_build(corpus_dir, index_dir, embedder, force=False, log=log)


def locked_build(corpus_dir: Path, index_dir: Path, embedder: Embedder, force: bool = True, log=None) -> Index:
    """Build under an inter-process lock; a process that waited reuses the build the other one made."""
    from filelock import FileLock, Timeout

    lock_path = index_dir.parent / f".{index_dir.name}.lock"
    try:
        index_dir.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path), timeout=600)
        with lock:
            if not force:
                try:
                    return load_current(corpus_dir, index_dir, embedder)
                except (StaleIndex, CorruptIndex):
                    pass
            return build(corpus_dir, index_dir, embedder, log=log)
    except Timeout:
        raise IndexError_(f"another build holds {lock_path} for over 10 minutes") from None
    except OSError as exc:
        raise IndexError_(f"cannot lock or write {index_dir}: {exc.strerror or exc}") from None
