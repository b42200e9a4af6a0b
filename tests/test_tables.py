"""Tables: HTML grids with rowspan/colspan into header paths, tab-separated tables, flattened copies."""
from __future__ import annotations

from nenkin_search.tables import has_values, is_flattened_copy, parse_fragment, table_from_html, table_from_tsv

HTML = """<table>
<thead><tr><th rowspan="2"></th><th colspan="2">厚生年金保険料</th><th colspan="2">健康保険料</th></tr>
<tr><th>令和6年9月末</th><th>令和7年9月末</th><th>令和6年9月末</th><th>令和7年9月末</th></tr></thead>
<tbody><tr><td>収納率</td><td>97.5%</td><td>97.7%</td><td>95.4%</td><td>95.8%</td></tr>
<tr><td>収納済額</td><td>17兆9,872億円</td><td>18兆6,617億円</td><td>5兆7,208億円</td><td>5兆9,420億円</td></tr></tbody>
</table>"""


def _table():
    root = parse_fragment(HTML)
    return table_from_html(root.xpath(".//table")[0], "【収納率】")


def test_rowspan_and_colspan_become_header_paths():
    t = _table()
    assert t.title == "【収納率】"
    rate = t.rows[0]
    assert rate.label == "収納率"
    assert rate.cells == (("厚生年金保険料 令和6年9月末", "97.5%"), ("厚生年金保険料 令和7年9月末", "97.7%"),
                          ("健康保険料 令和6年9月末", "95.4%"), ("健康保険料 令和7年9月末", "95.8%"))
    assert t.rows[1].cells[1] == ("厚生年金保険料 令和7年9月末", "18兆6,617億円")


def test_tab_separated_table_header_rows_are_found_by_their_values():
    lines = ["年度\tH26\tH27\tR6", "新規適用事業所数\t113,430\t157,184\t143,712", "うち、加入指導\t39,704\t92,550\t83,270"]
    t = table_from_tsv(lines, "厚生年金保険の適用促進")
    assert [r.label for r in t.rows] == ["新規適用事業所数", "うち、加入指導"]
    assert t.rows[0].cells[-1] == ("R6", "143,712")
    assert has_values(lines) and not has_values(["オンラインサービス\t電話\t対面"])


def test_the_flattened_copy_is_recognised_and_a_stranger_is_not():
    t = _table()
    assert is_flattened_copy(["\t令和6年9月末\t令和7年9月末", "収納率\t97.5%\t97.7%\t95.4%\t95.8%"], [t])
    assert not is_flattened_copy(["収納率\t99.9%"], [t])
    assert not is_flattened_copy(["収納率\t97.5%"], [])


def test_one_digit_values_with_their_unit_are_values_not_more_label():
    # 標準的な処理期間の目標 1日 2日 4日: a target row of one-digit days (its label is not 「…目標 1日 2日」)
    lines = ["\t資格取得届\t\t\t被扶養者異動届", "\t電子申請\t電子媒体\t紙媒体\t電子申請\t電子媒体\t紙媒体",
             "標準的な処理期間の目標\t1日\t2日\t4日\t1日\t2日\t4日", "令和7年4月の実績\t0.6日\t0.2日\t3.3日\t0.9日\t1.0日\t3.4日"]
    t = table_from_tsv(lines, None)
    assert [r.label for r in t.rows] == ["標準的な処理期間の目標", "令和7年4月の実績"]
    assert t.rows[0].cells[2] == ("資格取得届 紙媒体", "4日") and t.rows[1].cells[2] == ("資格取得届 紙媒体", "3.3日")
    # a one-digit header with a duration's unit (所要日数 1か月) stays a header
    assert not table_from_tsv(["\t1か月\t2か月", "老齢年金\t23.4\t36.4"], None).rows[0].label.endswith("か月")


def test_empty_cells_after_a_label_keep_the_values_under_their_own_columns():
    # 【納付率の推移】: each fiscal year's contributions have figures from their own year on; the empty <td>s before
    # them are columns with no value, not more of the label
    html = """<table><thead><tr><th></th><th>令和5年9月末</th><th>令和6年9月末</th><th>令和7年9月末</th></tr></thead>
    <tbody><tr><td>令和5年度分保険料 (伸び幅)</td><td>71.1% (+2.1pt)</td><td>81.7% [+4.0pt]</td><td>85.1% [+7.4pt]</td></tr>
    <tr><td>令和6年度分保険料 (伸び幅)</td><td></td><td>72.5% (+1.3pt)</td><td>82.6% [+4.0pt]</td></tr>
    <tr><td>令和7年度分保険料 (伸び幅)</td><td></td><td></td><td>72.7% (+0.2pt)</td></tr></tbody></table>"""
    t = table_from_html(parse_fragment(html).xpath(".//table")[0], "【納付率の推移】")
    assert [r.label for r in t.rows] == ["令和5年度分保険料 (伸び幅)", "令和6年度分保険料 (伸び幅)", "令和7年度分保険料 (伸び幅)"]
    assert t.rows[0].cells[0] == ("令和5年9月末", "71.1% (+2.1pt)")
    assert t.rows[1].cells == (("令和6年9月末", "72.5% (+1.3pt)"), ("令和7年9月末", "82.6% [+4.0pt]"))
    assert t.rows[2].cells == (("令和7年9月末", "72.7% (+0.2pt)"),)
