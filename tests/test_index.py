"""The index store: manifest, freshness through the front door, reuse, the lock inside the index folder."""
from __future__ import annotations

import json

import pytest

from nenkin_search import api
from nenkin_search import index as index_mod
from nenkin_search.errors import IndexError_

pytestmark = pytest.mark.slow


def _quiet(_m: str) -> None:
    pass


def test_manifest_records_what_built_it(small_workspace, embedder):
    corpus, idx = small_workspace
    loaded = api.open_index(corpus, idx, embedder=embedder, build=False)
    m = json.loads((loaded.path / index_mod.MANIFEST).read_text(encoding="utf-8"))
    fp = m["fingerprint"]
    assert fp["corpus_sha256"] == api.corpus_sha256(sorted(corpus.glob("*.txt")))
    assert fp["content_code_sha256"] == api.content_code_sha256()
    assert fp["model_weights_sha256"] == embedder.weights_sha256
    assert m["lexical"]["fields"] == ["lemma", "reading", "ngram"]
    assert m["meta"]["editions"] == {"nenkin_kikou_r7_torikumi_2025-12": "令和7年度"}
    assert set(m["files"]) >= {"passages.jsonl", "dense.faiss", "lexical/lemma/vocab.index.json", "sentences.json",
                                "sentences.npy"}
    assert m["sentence_count"] == len(loaded.sentences) > 0


def test_sentences_are_stored_for_answers_to_compare(small_workspace, embedder):
    """Every sentence of the text passages has a vector; a text scores as its best sentence; a table cell
    or a sentence from elsewhere has none."""
    corpus, idx = small_workspace
    loaded = api.open_index(corpus, idx, embedder=embedder, build=False)
    text = next(p.text for p in loaded.passages if p.kind != "table" and "。" in p.text)
    first = text.split("。")[0] + "。"
    assert first in loaded.sentences
    own = embedder.encode_query(first)
    other = embedder.encode_query("iDeCoの掛金の上限")
    assert loaded.similarity(own, first) > loaded.similarity(other, first)
    assert loaded.similarity(own, "この文は索引にない。") is None


def test_changed_parser_code_makes_the_index_stale(small_workspace, embedder, monkeypatch):
    corpus, idx = small_workspace
    monkeypatch.setattr(api, "content_code_sha256", lambda: "0" * 64)
    with pytest.raises(IndexError_, match="parser changed"):
        api.open_index(corpus, idx, embedder=embedder, build=False)
    rebuilt = api.open_index(corpus, idx, embedder=embedder, log=_quiet)
    assert rebuilt.fingerprint["content_code_sha256"] == "0" * 64


def test_changed_index_settings_make_the_index_stale(small_workspace, embedder):
    from nenkin_search.settings import DEFAULT

    corpus, idx = small_workspace
    with pytest.raises(IndexError_, match="index settings changed"):
        api.open_index(corpus, idx, embedder=embedder, build=False, settings=DEFAULT.with_(bm25_k1=1.5))
    # a query-time setting (a fusion weight) does not touch the index
    api.open_index(corpus, idx, embedder=embedder, build=False, settings=DEFAULT.with_(fusion={"dense": 0.5}))


def test_build_without_force_reuses_a_fresh_index(small_workspace, embedder):
    corpus, idx = small_workspace
    before = index_mod.current_build(idx)
    again = api.build(corpus, idx, embedder=embedder, log=_quiet)
    assert again.path == before
    forced = api.build(corpus, idx, embedder=embedder, force=True, log=_quiet)
    assert forced.path != before and index_mod.current_build(idx) == forced.path


def test_the_lock_stays_inside_the_index_folder(small_workspace, embedder):
    corpus, idx = small_workspace
    api.build(corpus, idx, embedder=embedder, force=True, log=_quiet)
    assert (idx / index_mod.LOCK).exists()
    assert not [p.name for p in idx.parent.iterdir() if p.name.endswith(".lock")]


def test_a_build_says_when_it_starts_and_ends(small_workspace, embedder):
    corpus, idx = small_workspace
    logs: list[str] = []
    api.build(corpus, idx, embedder=embedder, force=True, log=logs.append)
    assert len(logs) == 2 and "building the index" in logs[0] and "index built in" in logs[1], logs
