"""Passages: size limits, table rows that stand alone with their cells, citations, stable ids, several reports."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from nenkin_search import api
from nenkin_search.chunk import corpus_passages, passages as report_passages
from nenkin_search.locations import REPO_ROOT
from nenkin_search.report import parse
from nenkin_search.settings import DEFAULT
from nenkin_search.text import match_key

REPORT = REPO_ROOT / "corpus" / "nenkin_kikou_r7_torikumi_2025-12.txt"


@pytest.fixture(scope="module")
def passages():
    return report_passages(parse(REPORT))


def test_no_html_and_size_limit(passages):
    assert len(passages) > 300
    for p in passages:
        assert 0 < len(p.text) <= DEFAULT.max_chars, p.id
        assert not re.search(r"</?(ul|li|p|table|tr|td|th|u)\b", p.text), p.id


def test_every_section_has_passages_with_citations(passages):
    assert len({p.citation.section for p in passages}) == 18  # 17 sections + 参考資料
    for p in passages:
        c = p.citation
        assert c.report == "nenkin_kikou_r7_torikumi_2025-12" and c.section_title
        assert (c.page is None) == (c.section == "参考資料") and (c.reference_page is None) == (c.page is not None)
        assert (c.page or c.reference_page) > 0
        assert str(c).startswith(c.section) and str(c).endswith(f"({c.page_label})")


def test_table_row_passage_carries_its_cells(passages):
    row = [p for p in passages if p.kind == "table" and p.citation.row == "収納率" and p.citation.section == "I-4"]
    assert len(row) == 1
    p = row[0]
    assert "厚生年金保険料 令和7年9月末: 97.7%" in p.text
    assert p.citation.table == "【厚生年金保険料・健康保険料の収納率】"
    assert str(p.citation) == (
        "I-4 厚生年金保険・健康保険等の保険料徴収対策 › 収納率の目標・納付指導及び滞納処分等 › 主な取組状況"
        " › 【厚生年金保険料・健康保険料の収納率】 収納率 (p.8)"
    )
    cells = {(c.column, c.value, c.unit, c.period) for c in p.cells}
    assert ("厚生年金保険料 令和7年9月末", "97.7%", "%", "FY2025-09") in cells
    assert ("健康保険料 令和6年9月末", "95.4%", "%", "FY2024-09") in cells
    assert all(c.row == "収納率" for c in p.cells)


def test_cells_keep_whole_figures(passages):
    """PDF spacing inside numbers is mended in the cell value, so no cell holds half a figure."""
    values = [c.value for p in passages for c in p.cells]
    assert not [v for v in values if re.search(r"\d, \d{3}", v)]
    assert "2,123万件" in values and "18兆6,617億円" in values
    amount = next(c for p in passages for c in p.cells if c.value == "18兆6,617億円")
    assert amount.unit == "円" and amount.period == "FY2025-09"


def test_reference_year_columns_have_periods(passages):
    p = next(p for p in passages if "平成28年度: 65.0%" in p.text)
    assert p.citation.section == "参考資料" and p.text.startswith("現年度納付率")
    periods = [c.period for c in p.cells]
    assert periods[0] == "FY2014" and "FY2016" in periods


def test_a_month_end_column_is_of_that_month_not_the_last_month_it_covers(passages):
    """「7月末 4月～6月分」: the 納付率 as of July's end (a question about 7月末時点), not of June."""
    cells = [c for p in passages for c in p.cells if c.row == "令和7年度" and "月末" in c.column and "分" in c.column]
    by_column = {c.column: c.period for c in cells}
    assert by_column["7月末 4月～6月分"] == "FY2025-07" and by_column["8月末 4月～7月分"] == "FY2025-08"


def test_wide_rows_split_keep_label(passages):
    wide = [p for p in passages if p.citation.row and p.citation.row.startswith("マルチペイメント")]
    assert wide and all(p.text.startswith("マルチペイメント利用状況") for p in wide)
    assert any("令和7年度 (令和7年9月末)" in p.text for p in wide)


def test_the_flattened_copy_adds_no_passage(passages):
    # the HTML table of 収納率 and its tab-separated copy → one passage per row, not two
    assert sum("18兆6,617億円" in p.text and p.kind == "table" for p in passages) == 1


def test_disability_figure_passage(passages):
    p = next(p for p in passages if "8,375件" in p.text)
    assert p.citation.section == "I-5" and p.citation.page == 12
    assert p.citation.policy == "障害年金業務の適正かつ安定的な運営" and p.citation.column == "主な取組状況"


def test_ids_unique_and_stable(passages):
    ids = [p.id for p in passages]
    assert len(set(ids)) == len(ids)
    assert ids == [p.id for p in report_passages(parse(REPORT))]


def test_ids_stable_across_processes(passages):
    code = ("from nenkin_search.chunk import passages; from nenkin_search.report import parse; "
            f"print(','.join(p.id for p in passages(parse({str(REPORT)!r}))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out.split(",") == [p.id for p in passages]


def test_round_trip_through_json(passages):
    from nenkin_search.chunk import Passage

    for p in passages[:50] + [p for p in passages if p.cells][:50]:
        assert Passage.from_dict(json.loads(json.dumps(p.to_dict(), ensure_ascii=False))) == p


def test_two_reports_in_one_corpus(twin_corpus):
    """Every file is a report: passages name their report, ids never collide, citations say which report."""
    both = corpus_passages([parse(f) for f in sorted(twin_corpus.glob("*.txt"))])
    one = report_passages(parse(REPORT))
    assert len(both) == 2 * len(one)
    assert {p.report for p in both} == {"report_a", "report_b"}
    assert len({p.id for p in both}) == len(both)
    assert all(str(p.citation).startswith(f"[{p.report}] ") for p in both)
    assert not str(one[0].citation).startswith("[")  # one report: no name needed


def test_passages_cli_json_lines_over_two_reports(run_nenkin, twin_corpus):
    res = run_nenkin(["passages", "--json"], corpus=twin_corpus)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert {r["report"] for r in rows} == {"report_a", "report_b"}
    assert len({r["id"] for r in rows}) == len(rows)
    assert {"id", "report", "kind", "text", "context", "citation", "cells"} == rows[0].keys()
    assert "\\u" not in lines[0]  # UTF-8, not escaped
    assert sum(match_key("8,375件") in match_key(r["text"]) for r in rows) == 2


def test_api_passages_is_what_the_cli_lists():
    assert [p.id for p in api.passages()] == [p.id for p in report_passages(parse(REPORT))]


def test_untitled_tables_are_told_apart(passages):
    # I-4's 滞納事業所数 / 差押執行事業所数 table and 参考資料's 差押事業所数 table both have no title: two tables
    rows = {p.citation.row: p.citation.table_key for p in passages if p.kind == "table" and p.citation.row}
    assert rows["滞納事業所数"] == rows["差押執行事業所数"]
    reference = next(k for r, k in rows.items() if r.startswith("4 差押事業所数"))
    assert reference != rows["差押執行事業所数"]


def test_a_change_column_is_of_the_latest_period_of_its_row(passages):
    # 「口座振替納付 — 令和6年9月末: 32.2%, 令和7年9月末: 31.8%, 対前年同月比: ▲0.4pt」: the change up to 令和7年9月末
    cell = next(c for p in passages for c in p.cells if c.row == "口座振替納付" and c.value == "▲0.4pt")
    assert cell.period == "FY2025-09"
    # a row title's half (「令和7年度(4月～9月)」) dates a 昨年度 row as the half of the year before
    last = next(c for p in passages for c in p.cells if c.row == "昨年度総呼数" and c.column == "計")
    assert last.period == "FY2024H1"
