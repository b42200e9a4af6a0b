"""Answers on real questions: figures, table cells, two-part questions, abstention."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from nenkin_search import Answer, ask
from nenkin_search.answer import NOT_FOUND, wanted_units

pytestmark = pytest.mark.slow  # loads (or builds) the real index


def test_figure_question():
    a = ask("障害年金の不支給点検件数は")
    assert isinstance(a, Answer) and a.found
    assert a.figure == "8,375件" and "335件" in a.text
    assert a.citation.section == "I-5" and a.citation.page == 12


def test_table_cell_question():
    a = ask("令和7年9月末の健康保険料の収納率")
    assert a.found and a.text.startswith("収納率 健康保険料 令和7年9月末: 95.8%")
    assert a.figure == "95.8%" and a.citation.row == "収納率"


def test_two_part_question_gives_both_years():
    a = ask("令和6年9月末と令和7年9月末の厚生年金保険料の収納率")
    assert a.found and "97.5%" in a.text and "97.7%" in a.text
    assert a.figures == ["97.5%", "97.7%"]


@pytest.mark.parametrize("q", ["iDeCoの掛金の上限はいくら？", "GPIFの年金積立金の運用利回りは", "年金事務所は土曜日も開いている？"])
def test_abstains_when_report_has_no_answer(q):
    a = ask(q)
    assert not a.found and a.text == "" and a.message == NOT_FOUND
    assert a.hits  # the nearest passages are still given


def test_wanted_units():
    assert wanted_units("何件ですか") == ("件", "万件")
    assert "%" in wanted_units("収納率は")
    assert wanted_units("どのような取組をした？") is None


def test_answer_renders():
    a = ask("平成28年度の現年度納付率")
    assert a.found and "65.0%" in a.text
    assert "<mark>" in a._repr_html_() and "confidence" in repr(a)
    d = a.to_dict()
    assert d["found"] is True and d["citation"] == str(a.citation)


def test_cli_answer_json_and_not_found_line():
    out = subprocess.run([sys.executable, "-m", "nenkin_search", "障害年金の不支給点検件数は", "--json"],
                         capture_output=True, text=True, check=True)
    d = json.loads(out.stdout)
    assert d["found"] and d["figure"] == "8,375件" and d["hits"][0]["section"] == "I-5"
    out = subprocess.run([sys.executable, "-m", "nenkin_search", "iDeCoの掛金の上限はいくら？"], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[0] == NOT_FOUND
    assert "回答ではありません" in out.stdout


def test_abstention_rates_on_the_eval_set():
    """The calibrated rule abstains on most unanswerable questions and rarely on answerable ones."""
    from nenkin_search.evaluate import load_questions

    qs = load_questions()
    unans = [q for q in qs if q.kind == "unanswerable"]
    answerable = [q for q in qs if q.kind != "unanswerable"]
    abstained = sum(not ask(q.question).found for q in unans) / len(unans)
    false_abstained = sum(not ask(q.question).found for q in answerable) / len(answerable)
    assert abstained >= 0.7 and false_abstained <= 0.08
