"""Retrieval on the real index: each mode, citations, de-duplication, threads."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from nenkin_search import Hit, QueryError, search
from nenkin_search.text import match_key

pytestmark = pytest.mark.slow  # loads (or builds) the real index


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "dense"])
def test_each_mode_finds_the_disability_checks(mode):
    hits = search("障害年金の不支給点検件数は", k=5, mode=mode)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    top = next(h for h in hits if "8,375件" in h.text)
    assert top.citation.section == "I-5" and top.citation.page == 12


def test_hybrid_ranks_table_cell_first():
    hit = search("令和7年9月末の健康保険料の収納率", k=1)[0]
    assert "健康保険料 令和7年9月末: 95.8%" in hit.text
    assert hit.citation.table == "【厚生年金保険料・健康保険料の収納率】" and hit.citation.row == "収納率"


def test_trend_question_reaches_reference_table():
    hit = search("平成28年度の現年度納付率", k=1)[0]
    assert hit.citation.section == "参考資料" and "平成28年度: 65.0%" in hit.text


def test_scores_sorted_and_no_duplicate_facts():
    hits = search("収納率", k=10)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    keys = [match_key(h.text) for h in hits]
    assert len(set(keys)) == len(keys)


def test_hit_interfaces():
    hit = search("コールセンターの応答率", k=1)[0]
    assert isinstance(hit, Hit)
    d = hit.to_dict()
    assert d["section"] == hit.citation.section and d["citation"] == str(hit.citation)
    assert repr(hit).startswith("Hit(#1") and "<b>#1</b>" in hit._repr_html_()


def test_bad_queries_raise_value_errors():
    for bad in ("", "   ", "？！…", "x" * 5000):
        with pytest.raises(QueryError):
            search(bad)
    with pytest.raises(ValueError):
        search("年金", mode="fuzzy")


def test_threads_give_sequential_results():
    queries = ["障害年金", "収納率", "ねんきんネット", "電子申請の割合", "年金相談の課題"] * 4
    modes = ["hybrid", "lexical", "dense"]
    jobs = [(q, m) for q in queries for m in modes]
    expected = [[h.passage_id for h in search(q, k=5, mode=m)] for q, m in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda j: [h.passage_id for h in search(j[0], k=5, mode=j[1])], jobs))
    assert got == expected


def test_lexical_scores_equal_bm25s():
    """The numpy reader of bm25s's saved matrix gives bm25s's own scores."""
    import bm25s
    import numpy as np

    from nenkin_search.index import LEXICAL
    from nenkin_search.search import get_searcher
    from nenkin_search.text import tokenize

    s = get_searcher()
    ref = bm25s.BM25.load(str(s.index.path / LEXICAL), allow_pickle=False, show_progress=False)
    for q in ["障害年金の不支給点検件数は", "令和7年9月末の健康保険料の収納率", "紐づけ 取得率 8,375"]:
        tokens = [t for t in tokenize(q) if t in ref.vocab_dict]
        assert tokens
        np.testing.assert_allclose(s.index.lexical.get_scores(tokens), ref.get_scores(tokens), rtol=1e-6)
