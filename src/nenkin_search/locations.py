"""Where things live: corpus, index, model and model cache, resolved and checked once.

Defaults point at the repository checkout this package was installed from (an
editable install), so `nenkin` and `search()` work from any directory; each can be
overridden by an argument, else by environment (``NENKIN_CORPUS``, ``NENKIN_INDEX``,
``NENKIN_MODEL``, ``NENKIN_CACHE``). :func:`resolve` checks them *before* any work,
so a wrong path fails in milliseconds with the exit code the README documents,
not half a minute into a build.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError, IndexError_, ModelError

#: Repository root when installed in editable mode (src/nenkin_search/ → ../..).
REPO_ROOT = Path(__file__).resolve().parents[2]


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None


def default_corpus() -> Path:
    """Folder of report text files (`NENKIN_CORPUS`, default `<repo>/corpus`)."""
    return (_env_path("NENKIN_CORPUS") or REPO_ROOT / "corpus").resolve()


def default_index() -> Path:
    """Folder holding the built index (`NENKIN_INDEX`, default `<repo>/index`)."""
    return (_env_path("NENKIN_INDEX") or REPO_ROOT / "index").resolve()


def cache_dir() -> Path:
    """Cache for the converted embedding model (`NENKIN_CACHE`, default `~/.cache/nenkin-search`)."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return (_env_path("NENKIN_CACHE") or base / "nenkin-search").resolve()


def default_model() -> Path | None:
    """A user-chosen local sentence-transformers folder (`NENKIN_MODEL`), if any; None = the bundled model."""
    p = _env_path("NENKIN_MODEL")
    return p.resolve() if p else None


@dataclass(frozen=True)
class Locations:
    """Resolved, absolute locations: the key under which a loaded index is kept in a process."""

    corpus: Path
    index: Path
    model: Path | None  # None: the bundled multilingual-e5-small

    def report_files(self) -> list[Path]:
        """Every ``*.txt`` in the corpus folder, sorted: each file is one report."""
        files = sorted(p for p in self.corpus.glob("*.txt") if p.is_file())
        if not files:
            raise CorpusError(self.corpus, None, "no *.txt report in this folder (set NENKIN_CORPUS or --corpus)")
        return files


def resolve(corpus: str | os.PathLike | None = None, index: str | os.PathLike | None = None,
            model: str | os.PathLike | None = None, *, check_model: bool = True) -> Locations:
    """Arguments, else environment, else defaults; checked so that bad paths fail before any work.

    Raises :class:`CorpusError` (exit 3) for a missing corpus folder, :class:`IndexError_`
    (exit 4) when the index path or one of its parents is a file, and :class:`ModelError`
    (exit 5) when ``model`` is not a sentence-transformers folder.
    """
    corpus_p = Path(corpus).expanduser().resolve() if corpus else default_corpus()
    index_p = Path(index).expanduser().resolve() if index else default_index()
    model_p = Path(model).expanduser().resolve() if model else default_model()
    if not corpus_p.is_dir():
        what = "is not a folder" if corpus_p.exists() else "does not exist"
        raise CorpusError(corpus_p, None, f"the corpus folder {what}")
    for p in (index_p, *index_p.parents):
        if p.exists():
            if not p.is_dir():
                raise IndexError_(f"cannot use {index_p} as the index folder: {p} is a file")
            break
    if check_model and model_p is not None:
        check_model_folder(model_p)
    return Locations(corpus_p, index_p, model_p)


def check_model_folder(path: Path) -> None:
    """A sentence-transformers folder has modules.json or config.json and some weights."""
    if not path.is_dir():
        what = "is not a folder" if path.exists() else "does not exist"
        raise ModelError(f"model folder {path} {what} (--model / NENKIN_MODEL)")
    if not (path / "modules.json").exists() and not (path / "config.json").exists():
        raise ModelError(f"{path} is not a sentence-transformers model folder (no modules.json or config.json)")
    if not any(p.suffix in (".safetensors", ".bin") for p in path.rglob("*")):
        raise ModelError(f"{path} holds no model weights (*.safetensors or *.bin)")
