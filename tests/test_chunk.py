"""Passages: size limits, table rows that stand alone, citations, stable ids."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from nenkin_search.chunk import MAX_CHARS, passages_from_corpus
from nenkin_search.config import corpus_dir
from nenkin_search.text import match_key


@pytest.fixture(scope="module")
def passages():
    return passages_from_corpus(corpus_dir())


def test_no_html_and_size_limit(passages):
    assert len(passages) > 300
    for p in passages:
        assert 0 < len(p.text) <= MAX_CHARS, p.id
        assert not re.search(r"</?(ul|li|p|table|tr|td|th|u)\b", p.text), p.id


def test_every_section_has_passages_with_citations(passages):
    sections = {p.citation.section for p in passages}
    assert len(sections) == 18  # 17 sections + 参考資料
    for p in passages:
        assert p.citation.page > 0 and p.citation.section_title
        assert str(p.citation).startswith(p.citation.section)


def test_table_row_passage(passages):
    row = [p for p in passages if p.kind == "table" and p.citation.row == "収納率" and p.citation.section == "I-4"]
    assert len(row) == 1
    p = row[0]
    assert "厚生年金保険料 令和7年9月末: 97.7%" in p.text
    assert p.citation.table == "【厚生年金保険料・健康保険料の収納率】"
    assert str(p.citation) == (
        "I-4 厚生年金保険・健康保険等の保険料徴収対策 › 収納率の目標・納付指導及び滞納処分等 › 主な取組状況"
        " › 【厚生年金保険料・健康保険料の収納率】 収納率 (p.8)"
    )


def test_wide_reference_row_is_reachable(passages):
    hits = [p for p in passages if "平成28年度: 65.0%" in p.text]
    assert len(hits) == 1 and hits[0].citation.section == "参考資料"
    assert hits[0].text.startswith("現年度納付率")


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
    again = passages_from_corpus(corpus_dir())
    assert ids == [p.id for p in again]


def test_ids_stable_across_processes(passages):
    code = "from nenkin_search.chunk import passages_from_corpus as f; from nenkin_search.config import corpus_dir as c; print(','.join(p.id for p in f(c())))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out.split(",") == [p.id for p in passages]


def test_tokens_are_mecab_lemmas_with_figures(passages):
    p = next(p for p in passages if "8,375件" in p.text)
    assert "8375件" in p.tokens and "点検" in p.tokens


def test_passages_cli_json_lines():
    out = subprocess.run([sys.executable, "-m", "nenkin_search", "passages", "--json"], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    first = json.loads(lines[0])
    assert {"id", "text", "citation", "tokens"} <= first.keys()
    assert "\\u" not in lines[0]  # UTF-8, not escaped
    assert any(match_key("8,375件") in match_key(json.loads(l)["text"]) for l in lines)
