"""Answers on real questions: whole figures of the right kind and period, results over targets, cells by
coordinates, two-part questions, honest refusals for off-topic and near-miss questions, output forms."""
from __future__ import annotations

import json
import re

import pytest

from nenkin_search import Answer, ask
from nenkin_search.answer import NOT_FOUND

pytestmark = pytest.mark.slow  # loads (or builds) the real index


def test_figure_question(api_env):
    a = ask("障害年金の不支給点検件数は")
    assert isinstance(a, Answer) and a.found
    assert a.figure == "8,375件" and "335件" in a.text
    assert a.citation.section == "I-5" and a.citation.page == 12


def test_the_figure_of_the_clause_asked_about(api_env):
    """Two counts in one bullet: the one whose clause says what was asked (支給 → 335件, not 8,375件)."""
    assert ask("不支給とされた障害年金を点検し直して、支給に変わったのは何件？").figure == "335件"


def test_table_cell_question(api_env):
    a = ask("令和7年9月末の健康保険料の収納率")
    assert a.found and a.text.startswith("収納率 健康保険料 令和7年9月末: 95.8%")
    assert a.figure == "95.8%" and a.citation.row == "収納率"


@pytest.mark.parametrize("question, figure", [
    ("厚生年金保険料の収納済額", "18兆6,617億円"),          # 兆 amounts keep their head
    ("管理職の時間外勤務は月平均何時間？", "13時間34分"),   # durations keep both parts, not the target 18時間
    ("基礎年金番号に統合済みの記録は何人分？", "1,629万人"),  # PDF spacing "1, 629万人"; 何人 → 人, not 件
])
def test_whole_figures(api_env, question, figure):
    a = ask(question)
    assert a.found and a.figure == figure, (a.text, a.figure)


def test_no_period_asked_means_the_latest(api_env):
    a = ask("国民年金の現年度納付率")
    assert a.found and a.figure == "72.7%" and "令和7年" in a.figure_label
    assert "平成26年度" not in a.text


@pytest.mark.parametrize("question, figure", [("2016年度の現年度納付率", "65.0%"), ("H28の現年度納付率", "65.0%"),
                                              ("平成28年度の現年度納付率", "65.0%")])
def test_a_named_year_in_either_calendar(api_env, question, figure):
    assert ask(question).figure == figure


def test_the_result_not_the_target(api_env):
    a = ask("女性管理職比率は目標の18%に届いた？")
    assert a.found and a.figure == "19.4%" and a.citation.column == "主な取組状況"


def test_a_when_question_gets_a_date_never_a_figure(api_env):
    a = ask("全ての不支給事案を複数の認定医が審査するようになったのはいつから？")
    assert a.found and a.date == "令和7年8月" and a.figure is None


def test_figures_are_never_dates(api_env):
    for q in ("令和7年度の障害年金の点検件数", "令和7年9月末の収納率", "2025年度の電子申請の割合"):
        a = ask(q)
        assert not a.figure or not re.search(r"\d\s*(年度?|月)$", a.figure), (q, a.figure)


def test_two_part_question_gives_both_years(api_env):
    a = ask("令和6年9月末と令和7年9月末の厚生年金保険料の収納率")
    assert a.found and "97.5%" in a.text and "97.7%" in a.text
    assert sorted(a.figures) == ["97.5%", "97.7%"]


@pytest.mark.parametrize("q", [
    "iDeCoの掛金の上限はいくら？", "GPIFの年金積立金の運用利回りは",       # off-topic
    "障害年金を受け取っている人は何人？",                                     # near miss: a count it does not give
    "東京都の国民年金の納付率は？",                                           # a place it does not name
    "平成20年度の現年度納付率",                                               # a year outside its table
    "国民年金保険料の月額はいくら？",                                         # an amount it does not give
])
def test_abstains_when_report_has_no_answer(api_env, q):
    a = ask(q)
    assert not a.found and a.text == "" and a.message == NOT_FOUND and a.citation is None, (q, a.text)
    assert a.hits  # the nearest passages are still given
    d = a.to_dict()
    assert d["found"] is False and d["citation"] is None and d["answer"] is None and d["figure"] is None
    assert d["hits"] == [] and len(d["nearest"]) == len(a.hits)


def test_answer_renders(api_env):
    a = ask("平成28年度の現年度納付率")
    assert a.found and "65.0%" in a.text
    assert "<mark>" in a._repr_html_() and "confidence" in repr(a)
    d = a.to_dict()
    assert d["found"] is True and d["citation"]["label"] == str(a.citation)
    assert d["mode"] == "hybrid" and d["k"] == 5 and d["nearest"] == [] and d["hits"]
    assert 0 < d["confidence"] <= 1 and set(a.features) >= {"cover", "kind_ok", "period_fits", "p_answerable"}
    json.dumps(d, ensure_ascii=False)


def test_cli_answer_json_and_not_found_line(nenkin):
    res = nenkin("障害年金の不支給点検件数は", "--json")
    d = json.loads(res.stdout)
    assert d["found"] and d["figure"] == "8,375件" and d["hits"][0]["citation"]["section"] == "I-5"
    res = nenkin("iDeCoの掛金の上限はいくら？")
    assert res.returncode == 0 and res.stdout.splitlines()[0] == NOT_FOUND
    assert "回答ではありません" in res.stdout
    res = nenkin("全ての不支給事案を複数の認定医が審査するようになったのはいつから？", "-k", "1")
    assert "時期: 令和7年8月" in res.stdout and "数値:" not in res.stdout
    res = nenkin("障害年金の不支給点検件数は", "-k", "1", "--explain")
    assert re.search(r"確信度 0\.\d\d ← cover", res.stdout)
