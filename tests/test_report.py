"""The parser on the real report: sections, 施策 rows, tables with header paths, pages."""
from __future__ import annotations

import re

import pytest

from nenkin_search.locations import default_corpus as corpus_dir
from nenkin_search.report import CHALLENGE, PLAN, PROGRESS, REFERENCE, parse

SECTIONS = {
    "I-1": "国民年金の適用促進対策",
    "I-2": "国民年金の保険料収納対策",
    "I-3": "厚生年金保険・健康保険等の適用促進対策",
    "I-4": "厚生年金保険・健康保険等の保険料徴収対策",
    "I-5": "年金給付",
    "I-6": "年金記録の正確な管理と年金記録問題の再発防止",
    "I-7": "年金相談",
    "I-8": "分かりやすい情報提供及びサービス改善の促進",
    "I-9": "年金制度改正等への対応",
    "II-1": "効率的効果的な業務運営（ビジネスプロセス改革）",
    "II-2": "外部委託の活用と管理の適正化",
    "II-3": "社会保険オンラインシステムの運用・改善・開発",
    "II-4": "ICT化の推進",
    "III-1": "内部統制システムの有効性確保",
    "III-2": "個人情報の保護",
    "III-3": "文書管理及び情報公開",
    "III-4": "人事及び人材の育成",
}


@pytest.fixture(scope="module")
def report():
    return parse(next(corpus_dir().glob("*.txt")))


def test_all_sections_with_titles(report):
    got = {s.id: s.title for s in report.sections if s.id != REFERENCE}
    assert got == SECTIONS
    assert report.sections[-1].id == REFERENCE


def test_section_first_pages(report):
    pages = {s.id: s.page for s in report.sections}
    assert pages["I-1"] == 2 and pages["I-5"] == 11 and pages["II-4"] == 27 and pages["III-4"] == 36


def test_reference_contents(report):
    titles = [t for t, _ in report.reference_items]
    assert len(titles) == 13
    assert titles[0] == "国民年金保険料の納付率等の状況"
    assert titles[-1] == "チャネル戦略の検討状況"
    assert dict(report.reference_items)["サービススタンダード達成状況"] == 8


def test_policies_of_i5(report):
    policies = list(dict.fromkeys(b.policy for b in report.section("I-5").blocks if b.column != CHALLENGE))
    assert policies == [
        "年金事務所におけるお客様相談室の体制整備",
        "事務センターの年金給付業務の集約",
        "中央年金センターの安定的な事務処理体制の確立",
        "年金決定時チェックの着実な実施",
        "障害年金業務の適正かつ安定的な運営",
        "お客様サービスの向上",
    ]


def test_pages_of_rows(report):
    disability = [
        b for b in report.section("I-5").blocks if b.policy == "障害年金業務の適正かつ安定的な運営" and b.column != CHALLENGE
    ]
    assert disability and {b.page for b in disability} == {12}
    standard = [b for b in report.section(REFERENCE).blocks if b.policy == "サービススタンダード達成状況"]
    assert standard and {b.page for b in standard} == {8}


def test_columns_and_challenges(report):
    blocks = report.section("I-7").blocks
    assert {b.column for b in blocks} == {PLAN, PROGRESS, CHALLENGE}
    challenge = [b for b in blocks if b.column == CHALLENGE]
    # 課題 rows name the 施策 they concern
    assert {b.policy for b in challenge} == {"年金事務所での相談", "コールセンターでの相談"}


def test_continuation_rows_keep_their_policy(report):
    # line 114 of the corpus continues 収納率の目標… without repeating the 施策 name
    blocks = [b for b in report.section("I-4").blocks if b.line == 114]
    assert blocks and {b.policy for b in blocks} == {"収納率の目標・納付指導及び滞納処分等"}


def test_plain_text_page_of_ii1_is_challenges(report):
    plain = [b for b in report.section("II-1").blocks if b.line > 238]
    assert plain and {b.column for b in plain} == {CHALLENGE}
    assert "年金事務所" in {b.policy for b in plain}


def test_stray_paragraph_under_table_stays_in_ii4(report):
    stray = [b for b in report.section("II-4").blocks if b.line == 342]
    assert len(stray) == 1 and stray[0].text.startswith("○更なる電子申請利用者の拡大")
    assert stray[0].policy == "個人向けオンラインサービス" and stray[0].column == PROGRESS


def test_footers_and_html_are_dropped(report):
    for b in report.blocks:
        assert b.text.strip() != "26"
        assert not re.search(r"</?(ul|li|p|table|tr|td|th|u)\b", b.text)  # "<令和7年9月時点>" is content


def test_html_table_with_header_path(report):
    tables = [b.table for b in report.section("I-4").blocks if b.table is not None]
    rate = next(t for t in tables if t.title == "【厚生年金保険料・健康保険料の収納率】")
    row = next(r for r in rate.rows if r.label == "収納率")
    assert ("厚生年金保険料 令和7年9月末", "97.7%") in row.cells
    assert ("健康保険料 令和7年9月末", "95.8%") in row.cells


def test_a_title_carrying_its_note_still_titles_the_table(report):
    # 「【納付方法別の納付月数】※括弧内は…（単位：万月）」: one unit in the PDF; the rows get the title
    tables = [b.table for b in report.section("I-2").blocks if b.table is not None]
    by_method = next(t for t in tables if t.title == "【納付方法別の納付月数】")
    assert any(r.label.endswith("コード決済（再掲）") for r in by_method.rows)
    notes = [b.text for b in report.section("I-2").blocks if b.text.startswith("※括弧内は納付対象月数")]
    assert notes and "【" not in notes[0]  # the note stays text, without the title


def test_flattened_copies_are_not_tables_of_their_own(report):
    # every HTML table once; the tab-separated copies add nothing
    html_tables = sum(1 for s in report.sections if s.id != REFERENCE for b in s.blocks if b.table is not None)
    assert html_tables == report.path.read_text(encoding="utf-8").count("<table")


def test_reference_tsv_table_multi_line_labels(report):
    table = next(b.table for b in report.section(REFERENCE).blocks if b.table is not None)
    labels = [r.label for r in table.rows]
    assert labels.count("強制徴収の着実な実施※2") == 3
    values = [v for r in table.rows if r.label == "強制徴収の着実な実施※2" for _, v in r.cells]
    for part in ("最終催告送付", "督促状送付", "差押実施"):
        assert any(v.startswith(part) for v in values)
    current = next(r for r in table.rows if r.label.startswith("現年度納付率"))
    assert ("平成28年度", "65.0% (+1.7%)") in current.cells


def test_display_text_keeps_report_wording(report):
    texts = [b.text for b in report.section(REFERENCE).blocks]
    assert any("（" in t for t in texts) or any("(" in t for t in texts)
    assert report.section("II-1").title.endswith("（ビジネスプロセス改革）")  # full-width kept


def test_the_report_states_its_edition(report):
    """Edition words come from the report itself (its 計画の概要 column header), not from the code."""
    assert report.edition == "令和7年度" and report.name == "nenkin_kikou_r7_torikumi_2025-12"
    challenge_rows = {b.policy for s in report.sections for b in s.blocks if b.column == CHALLENGE}
    assert challenge_rows and "令和8年度計画策定に向けた課題" not in challenge_rows  # named by the 施策 they concern


def test_a_file_of_unknown_layout_is_refused_naming_file_and_line(tmp_path):
    from nenkin_search.errors import CorpusError

    path = tmp_path / "memo.txt"
    path.write_text("年金に関するメモ\n\nこれは報告書ではありません。\n", encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        parse(path)
    assert str(err.value).startswith(f"{path}:1: ") and "table of contents" in str(err.value)


def test_an_entry_naming_two_things_tables_count_the_one_its_title_line_names(report):
    # 参考資料's 「年金事務所の来訪相談件数・予約件数」: its title line says 年金事務所の来訪相談件数 alone, and the
    # 予約件数 headings after the table have no table of their own
    ref = next(s for s in report.sections if s.id == REFERENCE)
    tables = [b.table for b in ref.blocks if b.table is not None and b.policy == "年金事務所の来訪相談件数・予約件数"]
    assert tables and all(t.of == "年金事務所の来訪相談件数" for t in tables)
    # an entry whose title line names it whole counts nothing apart
    assert all(b.table.of is None for b in ref.blocks if b.table is not None and "・" not in (b.policy or ""))
