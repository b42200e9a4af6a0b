"""Retrieval on the real index: each mode, citations, signals, de-duplication, threads."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from nenkin_search import Hit, QueryError, search
from nenkin_search.text import match_key

pytestmark = pytest.mark.slow  # loads (or builds) the real index


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "dense"])
def test_each_mode_finds_the_disability_checks(api_env, mode):
    hits = search("障害年金の不支給点検件数は", k=5, mode=mode)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    top = next(h for h in hits if "8,375件" in h.text)
    assert top.citation.section == "I-5" and top.citation.page == 12 and top.citation.page_label == "p.12"


def test_hybrid_ranks_table_cell_first(api_env):
    # the row 収納率 first of the table rows; the bullet that says its current figures in a sentence (「…健康保険料の
    # 収納率は95.8%となり、前年同期の95.4%を…」) goes just above it (restate_margin, tested below)
    bullet, hit = search("令和7年9月末の健康保険料の収納率", k=2)
    assert bullet.kind != "table" and "収納率は95.8%" in bullet.text
    assert "健康保険料 令和7年9月末: 95.8%" in hit.text
    assert hit.citation.table == "【厚生年金保険料・健康保険料の収納率】" and hit.citation.row == "収納率"
    cell = next(c for c in hit.passage.cells if c.value == "95.8%")
    assert (cell.row, cell.column, cell.unit, cell.period) == ("収納率", "健康保険料 令和7年9月末", "%", "FY2025-09")


def test_a_tables_row_of_the_kind_asked_is_not_capped_off_the_page_by_its_alike_rows(api_env):
    # 何割 asked: the 応答率 row, not two rows of call counts of the same table, makes the first five
    hits = search("今年の6月って、かけた電話のうち何割くらい出てもらえたの？", k=5)
    assert any("今年度応答率" in h.text for h in hits)


def test_a_total_asked_brings_the_whole_row_before_the_part_row_the_cap_let_in(api_env):
    # 全部で asked: 新規適用事業所数 (143,712), not only its うち、加入指導により… row (83,270) and a sibling
    q = "令和6年度に新しく厚生年金に加入した事業所は全部で何か所ですか？"
    ids = [h.citation.row for h in search(q, k=5) if h.citation.section == "参考資料"]
    assert "新規適用事業所数" in ids and "うち、加入指導により適用した事業所数" not in ids
    # a part asked by its own words keeps its row
    part = search("令和6年度に加入指導により適用した事業所は何か所？", k=5)
    assert any(h.citation.row == "うち、加入指導により適用した事業所数" for h in part)


def test_things_asked_together_bring_their_total_row_before_a_second_member_row(api_env):
    # 合わせた asked of two rows of one table: its 合計 row (39.4%) in the first three, not both members alone
    rows = [h.citation.row for h in search("令和7年9月末の口座振替とクレジットカード納付を合わせた実施率は？", k=3)]
    assert "合計" in rows
    # one of them asked alone keeps both member rows
    rows = [h.citation.row for h in search("令和7年9月末のクレジットカード納付の実施率は？", k=3)]
    assert "合計" not in rows[:1]


def test_trend_question_reaches_reference_table(api_env):
    hit = search("平成28年度の現年度納付率", k=1)[0]
    assert hit.citation.section == "参考資料" and "平成28年度: 65.0%" in hit.text
    assert hit.citation.page is None and hit.citation.reference_page == 1
    assert hit.citation.page_label == "参考資料 p.1"


def test_signals_of_each_mode(api_env):
    hybrid = search("ねんきんネット", k=3)[0]
    assert {"lemma", "dense", "prior"} <= set(hybrid.signals)
    lexical = search("ねんきんネット", k=3, mode="lexical")[0]
    assert "dense" not in lexical.signals and "prior" not in lexical.signals
    dense = search("ねんきんネット", k=3, mode="dense")[0]
    assert set(dense.signals) == {"dense"} and dense.score == pytest.approx(dense.signals["dense"])


def test_scores_sorted_and_no_duplicate_facts(api_env):
    hits = search("収納率", k=10)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    keys = [match_key(h.text) for h in hits]
    assert len(set(keys)) == len(keys)


def test_hit_interfaces(api_env):
    hit = search("コールセンターの応答率", k=1)[0]
    assert isinstance(hit, Hit)
    d = hit.to_dict()
    assert d["id"] == hit.passage_id and d["report"] == "nenkin_kikou_r7_torikumi_2025-12"
    assert d["citation"]["label"] == str(hit.citation) and d["citation"]["section"] == hit.citation.section
    assert set(d["signals"]) == set(hit.signals)
    assert repr(hit).startswith("Hit(#1") and "<b>#1</b>" in hit._repr_html_()


def test_bad_queries_raise_value_errors(api_env):
    for bad in ("", "   ", "？！…", "x" * 5000):
        with pytest.raises(QueryError):
            search(bad)
    with pytest.raises(ValueError):
        search("年金", mode="fuzzy")


def test_threads_give_sequential_results(api_env):
    queries = ["障害年金", "収納率", "ねんきんネット", "電子申請の割合", "年金相談の課題"] * 4
    modes = ["hybrid", "lexical", "dense"]
    jobs = [(q, m) for q in queries for m in modes]
    expected = [[h.passage_id for h in search(q, k=5, mode=m)] for q, m in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda j: [h.passage_id for h in search(j[0], k=5, mode=j[1])], jobs))
    assert got == expected


def test_lexical_scores_equal_bm25s(api_env):
    """The numpy reader of bm25s's saved matrix gives bm25s's own scores, for every field."""
    import bm25s

    from nenkin_search import api
    from nenkin_search.index import LEXICAL

    eng = api.engine()
    for field, lexical in eng.index.lexical.items():
        ref = bm25s.BM25.load(str(eng.index.path / LEXICAL / field), allow_pickle=False, show_progress=False)
        for q in ["障害年金の不支給点検件数は", "令和7年9月末の健康保険料の収納率", "紐づけ 取得率 8,375"]:
            tokens = [t for t in eng.analyse(q).terms[field] if t in ref.vocab_dict]
            assert tokens, (field, q)
            np.testing.assert_allclose(lexical.scores(tokens), ref.get_scores(tokens), rtol=1e-5)


def test_clear_caches_makes_a_repeated_question_new(api_env):
    from nenkin_search import api, text

    eng = api.engine()
    eng.search("障害年金の不支給点検件数は", k=1)
    dense = eng.searcher.signals["dense"]
    assert dense._cache and text._tokenize_cached.cache_info().currsize
    before = [h.passage_id for h in eng.search("障害年金の不支給点検件数は", k=3)]
    eng.clear_caches()
    assert not dense._cache and text._tokenize_cached.cache_info().currsize == 0
    assert text.reading.cache_info().currsize == 0
    assert [h.passage_id for h in eng.search("障害年金の不支給点検件数は", k=3)] == before


def test_a_kana_question_is_read_back_into_the_reports_words(api_env):
    from nenkin_search import api

    eng = api.engine()
    # (what is asked is read without the kana question's word breaks beside a word read back; the words
    # searched keep them)
    q = eng.analyse("つうちしょ の ぺーぱーれすか")
    assert q.norm == "通知書のペーパーレス化" and {"通知書", "ペーパーレス化"} <= set(q.terms["lemma"])
    assert eng.analyse("はたちになったひと しょっけんで かにゅう").norm == "20歳になった人職権で加入"
    hits = search("しょうがいねんきん の ふしきゅう てんけん けんすう", k=3)
    assert any("8,375件" in h.text for h in hits)
    # … and into the everyday words the bridge reads, which the report never prints (民間, 会社)
    q = eng.analyse("みんかん の かいしゃ が かけた でんわ")
    assert q.norm == "民間の会社が かけた電話" and "市場化テスト" in q.expansions
    # a long kana word neither the report nor the bridge can read names something the report does not speak of
    assert eng.analyse("こうがくりょうようひ の じょうげんがく").foreign == ("じょうげんがく",)
    assert eng.analyse("いちごう ひほけんしゃ は なんにん").foreign == ()  # short: read in pieces, said otherwise


@pytest.mark.slow
def test_a_target_row_falls_behind_the_result_row_unless_the_target_is_asked(api_env):
    top = search("健康保険の資格取得届って電子申請だと4月は何日で処理されたの？", k=1)[0]
    assert top.citation.row == "令和7年4月の実績"
    top = search("資格取得届の標準的な処理期間の目標は何日", k=1)[0]
    assert top.citation.row == "標準的な処理期間の目標"


def test_passages_stating_figures_of_another_kind_fall_behind_with_the_kind_prior(api_env):
    # 何割 asked: the rows of calls counted (応答呼数, 総呼数; bare numbers their labels count) get a lower prior
    # than the row of rates with the prior (see Settings.kind_prior), the same without it
    from nenkin_search import api
    from nenkin_search.settings import DEFAULT

    question = "ねんきんダイヤルってほんと繋がらないよね。今年の6月って、かけた電話のうち何割くらい出てもらえたの？"
    for value in (0.0, 0.05):
        eng = api.engine(settings=DEFAULT.with_(kind_prior=value))
        _, parts = eng.searcher.scores(eng.analyse(question))
        row = {p.text.split(" — ")[0].split()[-1]: i for i, p in enumerate(eng.passages)
               if p.text.startswith("【全ダイヤル合計】")}
        rate, counted = row["今年度応答率"], (row["今年度応答呼数"], row["今年度総呼数"])
        gaps = [float(parts["prior"][rate] - parts["prior"][i]) for i in counted]
        assert all(abs(g - value) < 1e-6 for g in gaps), (value, gaps)
        # with it the row asked for leads; without it, the table's rows of counts do not cap it off the page
        hits = [h.passage for h in eng.search(question, k=5)]
        assert hits[0] is eng.passages[rate] if value else eng.passages[rate] in hits


def test_search_ranks_with_the_kind_prior_and_answers_read_their_own_ranking(api_env):
    # 何事業所 asked: search puts the row of 差押執行事業所数 before the bullets stating only a rate (4.8%) or
    # counts in 件; the ranking answers read (fitted without the prior, Settings.answer_kind_prior) does not
    from nenkin_search import api
    from nenkin_search.settings import DEFAULT

    assert DEFAULT.kind_prior > 0 and DEFAULT.answer_kind_prior == 0
    eng = api.engine()
    query = eng.analyse("厚生年金などの保険料の滞納で財産の差押えを執行された事業所は、令和7年9月末時点で何事業所あったのか。")
    shown = eng.searcher.search(query, k=5)
    read = eng.searcher.search(query, k=5, for_answer=True)
    assert shown[0].text.startswith("差押執行事業所数")
    assert not read[0].text.startswith("差押執行事業所数") and any(h.text.startswith("差押執行事業所数") for h in read)
    assert [h.passage for h in eng.search(query, k=5)] == [h.passage for h in shown]
    # the answer is the one its own ranking gives, cited from a passage among those it read
    answer = eng.ask(query)
    assert answer.passage_id in {h.passage_id for h in read} | {None}


def test_a_past_year_asked_is_named_by_its_own_figures_not_by_a_month_of_it(api_env):
    # 令和6年度 asked: 参考資料's 令和6年度 row scores the full period signal, the I-4 table of 令和6年9月末 (a month
    # of that year) none; 令和7年度, the report's own year not over, is named by its 9月末 figures
    from nenkin_search import api

    eng = api.engine()
    def period(question: str, pattern: str) -> float:
        _, parts = eng.searcher.scores(eng.analyse(question))
        return float(parts["period"][next(i for i, p in enumerate(eng.passages) if pattern in p.text)])

    past = "令和6年度の1年間で差し押さえを受けた事業所はいくつ"
    assert period(past, "4 差押事業所数※") == 1.0 and period(past, "差押執行事業所数 —") == 0.0
    assert period("令和7年度の差押執行事業所数", "差押執行事業所数 —") == 1.0
    hits = search("厚生年金などの保険料を滞納して財産を差し押さえられる会社が増えていると報じられましたが、令和6年度の1年間で"
                  "差し押さえを受けた事業所はいくつですか？", k=1)
    assert "59,548" in hits[0].text


def test_a_bullet_restating_a_rows_current_figures_goes_just_above_the_row(api_env):
    # the row 新規適用事業所数 (…, 令和7年9月末 4.1万事業所) and the bullet 「…合計で約4.1万事業所、約8.5万人を適用」 are
    # one fact: the bullet, which says what it is, leads; a past column asked (令和5年9月末) is the row's alone
    from nenkin_search import api
    from nenkin_search.settings import DEFAULT

    eng = api.engine()
    row = next(i for i, p in enumerate(eng.passages) if p.text.startswith("【加入指導による取組状況】 新規適用事業所数"))
    bullet, key = eng.searcher._restated[row]
    assert "約4.1万事業所、約8.5万人を適用" in eng.passages[bullet].text and key == "FY2025-09"
    # a row with a current figure no bullet says (▲221億円 対前年同期) is its own fact
    assert not any(eng.passages[i].text.startswith("【収納未済額】 協会管掌健康保険") for i in eng.searcher._restated)
    question = "社会保険に入っていない会社への加入指導で、令和7年度上半期に新しく加入した事業所はいくつ？"
    hits = eng.search(question, k=5)
    at = [h.passage for h in hits]
    assert at.index(eng.passages[bullet]) + 1 == at.index(eng.passages[row])
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    past = [h.passage for h in eng.search("加入指導による新規適用事業所数 令和5年9月末", k=5)]
    assert past[0] is eng.passages[row]
    off = api.engine(settings=DEFAULT.with_(restate_margin=0.0))
    assert [h.passage.id for h in off.search(question, k=5)].index(eng.passages[row].id) == 0


def test_a_tables_row_of_past_periods_falls_behind_its_latest_row_when_no_period_is_asked(api_env):
    # 年度実績 R1 … R7 (rows of years, columns of months): 「ひとつきに へいきんなんにん」 names no period, R7 is wanted;
    # a year asked (令和元年度) still finds its own row first
    from nenkin_search import api
    from nenkin_search.settings import DEFAULT

    question = "ねんきんじむしょに そうだんにくるひとって ひとつきに へいきんなんにんくらい？"
    eng = api.engine()
    assert search(question, k=1)[0].citation.row == "R7"
    assert api.engine(settings=DEFAULT.with_(past_prior=0.0)).search(question, k=1)[0].citation.row != "R7"
    assert search("令和元年度の年金事務所の来訪相談件数 4月", k=1)[0].citation.row == "R1"
    # answers read their own ranking, without the prior
    assert eng.searcher._answer_settings.past_prior == 0.0
