"""The one figure parser: whole figures with value and unit; dates and years are never figures."""
from __future__ import annotations

import pytest

from nenkin_search.figures import first, mend, mend_spacing, parse


def _read(text: str) -> list[tuple[str, float, str, str]]:
    return [(f.text, f.value, f.unit, f.kind) for f in parse(text)]


@pytest.mark.parametrize("text, want", [
    ("収納済額 18兆6,617億円", [("18兆6,617億円", 18_661_700_000_000.0, "円", "amount")]),
    ("19兆0,960億円", [("19兆0,960億円", 19_096_000_000_000.0, "円", "amount")]),
    ("1億2,000万円", [("1億2,000万円", 120_000_000.0, "円", "amount")]),
    ("339,149 億円", [("339,149億円", 33_914_900_000_000.0, "円", "amount")]),
    ("調達計画額（22,443百万円）からの削減額は6,800百万円", [("22,443百万円", 22_443_000_000.0, "円", "amount"),
                                            ("6,800百万円", 6_800_000_000.0, "円", "amount")]),
    ("人数ベース 1, 629万人", [("1,629万人", 16_290_000.0, "人", "count")]),
    ("2, 123万件", [("2,123万件", 21_230_000.0, "件", "count")]),
    ("約1,660万件", [("約1,660万件", 16_600_000.0, "件", "count")]),
    ("約4.1万事業所", [("約4.1万事業所", 41_000.0, "事業所", "count")]),
    ("月平均13時間34分", [("13時間34分", 814.0, "分", "duration")]),
    ("7時間45分に見直し", [("7時間45分", 465.0, "分", "duration")]),
    ("平均所要日数 67.9日", [("67.9日", 67.9, "日", "duration")]),
    ("▲0.4pt", [("▲0.4pt", -0.4, "pt", "rate")]),
    # a hyphen-minus in brackets is a minus, as ▲ is; a dash between numbers is a range's
    ("1,330万人 (-1.2%)", [("1,330万人", 13_300_000.0, "人", "count"), ("-1.2%", -1.2, "%", "rate")]),
    ("1-2件", [("2件", 2.0, "件", "count")]),
    ("81.7% [+4.0pt]", [("81.7%", 81.7, "%", "rate"), ("+4.0pt", 4.0, "pt", "rate")]),
    ("14年連続の向上", [("14年連続", 14.0, "年連続", "count")]),
    # an ordinal of years is a figure (何年目 asks it), as a span of them is; an era year never
    ("令和7年に免除承認後10年目の方", [("10年目", 10.0, "年目", "count")]),
    ("写しとして3年間保管", [("3年間", 3.0, "年間", "duration")]),
    ("取組事項で4つのレイヤー", [("4つ", 4.0, "つ", "count")]),
    ("185,856", [("185,856", 185_856.0, "", "number")]),
])
def test_whole_figures(text, want):
    assert _read(text) == want


@pytest.mark.parametrize("text", [
    "令和7年", "令和7年11月28日時点", "9月末", "2025年度", "2025年", "R7", "H26", "FY2024", "第3号被保険者", "(1) 基礎年金",
    "令和6年12月24日原処分", "R7.9末",
])
def test_dates_years_and_labels_are_never_figures(text):
    assert parse(text) == []


def test_figures_beside_dates():
    assert [f.text for f in parse("令和6年12月24日原処分までの8,375件について点検を実施。うち、335件（約4.0%）")] == [
        "8,375件", "335件", "約4.0%"]


def test_same_value_and_unit():
    a, b = parse("約1,660万件")[0], parse("16,600,000件")[0]
    assert a.same_as(b) and not a.same_as(parse("1,660件")[0])


def test_first_of_a_kind_and_mending():
    assert first("令和7年9月末 97.7%、8,375件", ("count",)).text == "8,375件"
    assert mend("１，６２９万人") == "1,629万人"
    assert mend_spacing("2, 123万件（２，１２３）") == "2,123万件（２，１２３）"  # display keeps full width


def test_a_bare_integer_is_a_cells_value_but_not_a_texts():
    from nenkin_search import figures

    assert [f.text for f in figures.parse("3※", cell=True)] == ["3"]
    assert figures.parse("第3号") == [] and figures.parse("(1)") == []


@pytest.mark.parametrize("text, asked, unit, could", [
    ("30,693事業所", "count", "社", True),  # the report counts companies in 事業所
    ("1,423件", "count", "社", False),
    ("4.8%", "count", "社", False),
    ("12事業所", "count", "件", True),  # 何件 counts cases of anything countable
    ("4.8%", "rate", "", True),
    ("4,200億円", "rate", "", False),
    ("13時間34分", "duration", "分", True),
    ("8,375件", "figure", "", True),  # どれくらい: any figure
    ("185,856", "count", "人", True),  # a bare number: its unit is in a header
])
def test_a_figure_could_answer_the_kind_asked(text, asked, unit, could):
    from nenkin_search.figures import could_answer

    f = parse(text, cell=True)[0]
    assert could_answer(f, asked, unit) is could


def test_the_wave_dash_of_a_keyboard_is_the_reports_tilde():
    assert mend("41〜50人") == mend("41～50人") == "41~50人"


def test_forms_counted_as_a_unit():
    # 「…帳票（125帳票・約2,870万枚）のうち、…14帳票・約1,000万枚」: 何帳票 is answered in 帳票
    assert [(f.value, f.unit) for f in parse("14帳票・約1,000万枚")] == [(14.0, "帳票"), (1e7, "枚")]
