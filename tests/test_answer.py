"""Answers on real questions: figures, table cells, two-part questions, abstention, output forms."""
from __future__ import annotations

import json

import pytest

from nenkin_search import Answer, ask
from nenkin_search.answer import NOT_FOUND

pytestmark = pytest.mark.slow  # loads (or builds) the real index


def test_figure_question(api_env):
    a = ask("障害年金の不支給点検件数は")
    assert isinstance(a, Answer) and a.found
    assert a.figure == "8,375件" and "335件" in a.text
    assert a.citation.section == "I-5" and a.citation.page == 12


def test_table_cell_question(api_env):
    a = ask("令和7年9月末の健康保険料の収納率")
    assert a.found and a.text.startswith("収納率 健康保険料 令和7年9月末: 95.8%")
    assert a.figure == "95.8%" and a.citation.row == "収納率"


def test_two_part_question_gives_both_years(api_env):
    a = ask("令和6年9月末と令和7年9月末の厚生年金保険料の収納率")
    assert a.found and "97.5%" in a.text and "97.7%" in a.text
    assert a.figures == ["97.5%", "97.7%"]


@pytest.mark.parametrize("q", ["iDeCoの掛金の上限はいくら？", "GPIFの年金積立金の運用利回りは", "年金事務所は土曜日も開いている？"])
def test_abstains_when_report_has_no_answer(api_env, q):
    a = ask(q)
    assert not a.found and a.text == "" and a.message == NOT_FOUND and a.citation is None
    assert a.hits  # the nearest passages are still given
    d = a.to_dict()
    assert d["found"] is False and d["citation"] is None and d["answer"] is None
    assert d["hits"] == [] and len(d["nearest"]) == len(a.hits)


def test_answer_renders(api_env):
    a = ask("平成28年度の現年度納付率")
    assert a.found and "65.0%" in a.text
    assert "<mark>" in a._repr_html_() and "confidence" in repr(a)
    d = a.to_dict()
    assert d["found"] is True and d["citation"]["label"] == str(a.citation)
    assert d["mode"] == "hybrid" and d["k"] == 5 and d["nearest"] == [] and d["hits"]
    json.dumps(d, ensure_ascii=False)


def test_cli_answer_json_and_not_found_line(nenkin):
    res = nenkin("障害年金の不支給点検件数は", "--json")
    d = json.loads(res.stdout)
    assert d["found"] and d["figure"] == "8,375件" and d["hits"][0]["citation"]["section"] == "I-5"
    res = nenkin("iDeCoの掛金の上限はいくら？")
    assert res.returncode == 0 and res.stdout.splitlines()[0] == NOT_FOUND
    assert "回答ではありません" in res.stdout
