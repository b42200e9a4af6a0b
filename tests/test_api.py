"""The front door: locations checked first, one engine per locations, notebooks, several reports."""
from __future__ import annotations

import json

import pytest

from nenkin_search import api, to_frame
from nenkin_search.errors import CorpusError, IndexError_, ModelError


def test_locations_are_checked_before_any_work(tmp_path):
    from nenkin_search.locations import resolve

    with pytest.raises(CorpusError, match="does not exist"):
        resolve(tmp_path / "nope", tmp_path / "idx")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "file").write_text("x")
    with pytest.raises(IndexError_, match="is a file"):
        resolve(tmp_path / "corpus", tmp_path / "file" / "index")
    with pytest.raises(ModelError, match="does not exist"):
        resolve(tmp_path / "corpus", tmp_path / "idx", tmp_path / "no-model")
    with pytest.raises(CorpusError, match=r"no \*\.txt report"):
        resolve(tmp_path / "corpus", tmp_path / "idx").report_files()


@pytest.mark.slow
def test_one_engine_per_locations_and_the_same_calls_for_everyone(api_env):
    eng = api.engine()
    assert api.engine() is eng
    q = eng.analyse("障害年金の不支給点検件数は")
    assert [h.passage_id for h in api.search(q.text, k=3)] == [h.passage_id for h in eng.search(q, k=3)]
    assert api.ask(q.text).text == eng.ask(q).text


@pytest.mark.slow
def test_ask_takes_the_same_locations_as_search(small_corpus, small_index):
    api.reset()
    try:
        a = api.ask("20歳到達者を職権で適用した人数", corpus=small_corpus, index=small_index)
        hits = api.search("20歳到達者を職権で適用した人数", corpus=small_corpus, index=small_index)
        assert a.hits[0].passage_id == hits[0].passage_id
        assert all(h.citation.section in ("I-1", "I-2") for h in hits)  # the small corpus, not the full one
    finally:
        api.reset()


@pytest.mark.slow
def test_a_list_of_hits_or_answers_is_one_dataframe(api_env):
    hits = api.search("電子申請の割合", k=4)
    df = to_frame(hits)
    assert len(df) == 4 and {"rank", "score", "text", "citation", "section", "page_label", "signal_dense"} <= set(df)
    answers = to_frame([api.ask("障害年金の不支給点検件数は"), api.ask("iDeCoの掛金の上限は")])
    assert list(answers["found"]) == [True, False] and answers["figure"][0] == "8,375件"


@pytest.mark.slow
def test_search_over_two_reports_names_them(run_nenkin, small_twin_corpus, tmp_path):
    res = run_nenkin(["search", "20歳到達者 職権適用", "--json", "-k", "4"], corpus=small_twin_corpus,
                     index=tmp_path / "twin-index")
    assert res.returncode == 0, res.stderr
    hits = json.loads(res.stdout)["hits"]
    assert {h["report"] for h in hits} == {"r7_a", "r7_b"}
    assert all(h["citation"]["label"].startswith(f"[{h['report']}] ") for h in hits)
    assert len({h["id"] for h in hits}) == len(hits)
