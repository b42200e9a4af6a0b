"""Index build, load and staleness on a small real corpus (the reliability tests cover damage)."""
from __future__ import annotations

import json

import pytest

from nenkin_search import index as index_mod
from nenkin_search.errors import IndexError_

pytestmark = pytest.mark.slow


def test_manifest_records_what_built_it(small_workspace, embedder):
    corpus, idx = small_workspace
    loaded = index_mod.load(corpus, idx, embedder, build_if_needed=False)
    m = json.loads((loaded.path / index_mod.MANIFEST).read_text(encoding="utf-8"))
    assert m["corpus_sha256"] == index_mod.corpus_sha256(corpus)
    assert m["model_id"] == embedder.model_id and len(m["model_weights_sha256"]) == 64
    assert m["passage_count"] == len(loaded.passages) == loaded.dense.ntotal
    assert {"passages.jsonl", "dense.faiss"} <= set(m["files"]) and m["content_code_sha256"]
    assert not any(p.suffix in (".pkl", ".pickle") for p in loaded.path.rglob("*"))


def test_changed_parser_code_makes_the_index_stale(small_workspace, embedder, monkeypatch):
    corpus, idx = small_workspace
    monkeypatch.setattr(index_mod, "content_code_sha256", lambda: "0" * 64)
    with pytest.raises(IndexError_, match="parser or tokenizer changed"):
        index_mod.load(corpus, idx, embedder, build_if_needed=False)
    rebuilt = index_mod.load(corpus, idx, embedder, log=lambda _m: None)
    assert rebuilt.manifest["content_code_sha256"] == "0" * 64


def test_build_without_force_reuses_a_fresh_index(small_workspace, embedder):
    corpus, idx = small_workspace
    before = index_mod.current_build(idx)
    again = index_mod.locked_build(corpus, idx, embedder, force=False, log=lambda _m: None)
    assert again.path == before
    forced = index_mod.locked_build(corpus, idx, embedder, force=True, log=lambda _m: None)
    assert forced.path != before and index_mod.current_build(idx) == forced.path
    assert not before.exists()  # the old build is removed once the new one is live
