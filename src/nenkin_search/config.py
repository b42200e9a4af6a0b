"""Where things live: corpus, index and model cache, overridable by environment.

The defaults point at the repository checkout this package was installed from
(an editable install), so `nenkin` and `search()` work from any directory.
"""
from __future__ import annotations

import os
from pathlib import Path

#: Repository root when installed in editable mode (src/nenkin_search/ → ../..).
REPO_ROOT = Path(__file__).resolve().parents[2]


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def corpus_dir() -> Path:
    """Folder of report text files (`NENKIN_CORPUS`, default `<repo>/corpus`)."""
    return _env_path("NENKIN_CORPUS", REPO_ROOT / "corpus")


def index_dir() -> Path:
    """Folder holding the built index (`NENKIN_INDEX`, default `<repo>/index`)."""
    return _env_path("NENKIN_INDEX", REPO_ROOT / "index")


def cache_dir() -> Path:
    """Cache for the converted embedding model (`NENKIN_CACHE`, default `~/.cache/nenkin-search`)."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return _env_path("NENKIN_CACHE", base / "nenkin-search")


def model_override() -> Path | None:
    """A user-chosen local sentence-transformers folder (`NENKIN_MODEL`), if any."""
    value = os.environ.get("NENKIN_MODEL")
    return Path(value).expanduser().resolve() if value else None
