"""Periods: 和暦, 西暦, 元年, R/H, FY, month ends and halves, one canonical value."""
from __future__ import annotations

import pytest

from nenkin_search.periods import Period, find, remove, tokens


@pytest.mark.parametrize("text, key", [
    ("令和7年9月末の収納率", "FY2025-09"),
    ("2025年9月末時点", "FY2025-09"),
    ("R7.9末", "FY2025-09"),
    ("2023年度の納付率", "FY2023"),
    ("令和5年度", "FY2023"),
    ("R5", "FY2023"),
    ("R5年度", "FY2023"),
    ("FY2023", "FY2023"),
    ("ＦＹ２０２３", "FY2023"),
    ("令和元年度", "FY2019"),
    ("R元", "FY2019"),
    ("H30年度", "FY2018"),
    ("平成26年度", "FY2014"),
    ("令和7年度上半期", "FY2025H1"),
    ("令和8年2月", "FY2025-02"),
    ("令和7年", "CY2025"),
])
def test_one_canonical_period(text, key):
    assert [p.key for p in find(text)] == [key]


def test_both_calendars_as_tokens():
    assert tokens(find("2023年度")[0]) == ["令和5年度", "2023年度"]
    assert tokens(find("令和7年9月末")[0]) == ["令和7年9月", "2025年9月", "令和7年度", "2025年度"]
    assert "令和元年度" in tokens(find("2019年度")[0])


def test_order_and_latest():
    ps = find("令和6年度 令和7年9月末 令和5年度 令和6年9月末")
    assert max(ps, key=lambda p: p.end).key == "FY2025-09"
    assert sorted(p.key for p in ps) == ["FY2023", "FY2024", "FY2024-09", "FY2025-09"]
    assert Period(2024).end == (2025, 3) and Period(2025, month=9).end == (2025, 9)


@pytest.mark.parametrize("text", ["令和7年9月末", "令和5年度", "令和7年度上半期", "令和7年", "令和8年2月"])
def test_key_reads_back(text):
    period = find(text)[0]
    back = Period.from_key(period.key)
    assert back is not None and (back.key, back.end) == (period.key, period.end)


def test_key_reads_back_only_keys():
    assert Period.from_key("令和7年度") is None and Period.from_key("FY25") is None


def test_remove_periods():
    assert remove("厚生年金保険料 令和7年9月末") == "厚生年金保険料 "
    assert remove("平成26年度と令和7年度の差", " ") == " と の差"


def test_figures_are_not_periods():
    assert find("8,375件 2,123万件 1,629万人") == []


def test_a_first_half_is_its_september_end():
    """The report gives 上期 figures as of 9月末: 令和7年度上半期 asked meets 令和7年9月末 written, both ways."""
    half, sept = find("令和7年度上半期")[0], find("令和7年9月末")[0]
    assert half.key in sept.same() and sept.key in half.same()
    assert "令和7年9月" in tokens(half) and "2025年9月" in tokens(half)
    # a whole year is what its March end says, and back; another month is only itself
    assert find("令和7年度")[0].same() == {"FY2025", "FY2025-03"} and find("令和8年3月末")[0].same() == {"FY2025-03", "FY2025"}
    assert find("令和7年12月末")[0].same() == {"FY2025-12"}


def test_a_half_in_brackets_is_a_half():
    assert find("令和7年度（上期）")[0].key == "FY2025H1" and find("令和7年度(上半期)")[0].key == "FY2025H1"
    # 「令和7年度の上半期」: the half of that year, not the year; 「令和7年度の件数」 stays the year
    assert find("令和7年度の上半期")[0].key == "FY2025H1" and find("令和7年度の件数")[0].key == "FY2025"


def test_kanji_numerals_of_dates_are_read():
    from nenkin_search.periods import arabic
    assert [p.key for p in find(arabic("令和六年度の現年度納付率"))] == ["FY2024"]
    assert [p.key for p in find(arabic("平成三十年度"))] == ["FY2018"]
    assert [p.key for p in find(arabic("令和六年九月末"))] == ["FY2024-09"]
    assert [p.key for p in find(arabic("二〇二三年度"))] == ["FY2023"]
    assert arabic("十二月末時点") == "12月末時点"
    # other kanji numerals are words, not dates
    assert arabic("第三号被保険者の一部免除") == "第三号被保険者の一部免除"


def test_both_ends_of_a_range_of_years_are_periods():
    assert [p.key for p in find("長期（令和11～15年度）の取組")] == ["FY2029", "FY2033"]
    assert [p.key for p in find("2029～2033年度の長期の取組")] == ["FY2029", "FY2033"]
    assert [p.key for p in find("令和5年度から令和7年9月末")] == ["FY2023", "FY2025-09"]  # not a range


def test_a_month_of_a_fiscal_year_joined_by_no():
    # 令和7年度の6月 is June of that year; a table's 「令和7年度 9月末」 (row and column) stays the year alone
    assert [p.key for p in find("令和7年度の6月の応答率")] == ["FY2025-06"]
    assert [p.key for p in find("今年度（令和7年度）の6月")] == ["FY2025-06"]
    assert [p.key for p in find("令和6年度6月のコールセンター応答率")] == ["FY2024-06"]  # nothing between: a month of it
    assert [p.key for p in find("2025年度の2月末")] == ["FY2025-02"]
    assert [p.key for p in find("令和7年度の4月～9月")] == ["FY2025H1"]
    assert [p.key for p in find("令和7年度も上半期だけで")] == ["FY2025H1"]  # 「今年度も上半期だけで」
    assert [p.key for p in find("令和7年度は上期で")] == ["FY2025H1"]
    assert [p.key for p in find("令和7年度 9月末")] == ["FY2025"]
    assert [p.key for p in find("令和7年度の国民年金")] == ["FY2025"]


def test_a_bare_month_is_a_month_of_its_tables_fiscal_year():
    from nenkin_search.periods import in_year
    assert in_year("9月単月", "FY2025") == "FY2025-09"
    assert in_year("1月", "FY2025") == "FY2025-01"  # 令和8年1月: a month of 令和7年度
    assert in_year("令和7年度上期累計", "FY2025") is None
    assert in_year("9月単月", "FY2025H1") is None  # only a whole year gives a bare month its year
    assert in_year("9月単月", None) is None


def test_a_month_end_named_without_its_year_is_of_the_one_fiscal_year_the_text_names():
    from nenkin_search.periods import dated_month_ends

    keys = lambda text: [p.key for p in dated_month_ends(text)]
    assert keys("令和7年度の事務処理誤り発生件数は198件（9月末時点）") == ["FY2025-09"]
    assert keys("令和7年度の実績は（3月末現在）120件") == ["FY2025-03"]  # 令和8年3月: still 令和7年度
    assert keys("令和6年度末の4.9%から9月末は4.8%") == []  # a year's end named: the month after is the next year's
    assert keys("令和6年度と令和7年度の9月末") == []  # two years: which one is a guess
    assert keys("令和7年9月末の件数") == []  # dated already


def test_a_range_of_two_dated_months_is_the_whole_it_spans():
    # April to March is the year, not its April and its March; April to September its first half
    assert [p.key for p in find("FY2025（2025年4月～2026年3月）通期で")] == ["FY2025", "FY2025"]
    assert [p.key for p in find("令和7年4月から令和7年9月までの")] == ["FY2025H1"]
    assert [p.key for p in find("令和6年10月～令和7年3月")] == ["FY2024H2"]
    # two months that are not a half or a year stay two months; so do months joined by と
    assert [p.key for p in find("令和7年4月と令和8年3月")] == ["FY2025-04", "FY2025-03"]
    assert [p.key for p in find("令和7年4月～令和7年6月")] == ["FY2025-04", "FY2025-06"]
    # one year's months across the fiscal year's start (3月から9月): the two ends, in two fiscal years; months
    # within one fiscal year are its business
    assert [p.key for p in find("令和7年3月から9月までの半年で")] == ["FY2024-03", "FY2025-09"]
    assert [p.key for p in find("2025年1月～3月")] == ["FY2024"]
    assert [p.key for p in find("令和7年4月から9月")] == ["FY2025H1"]


def test_a_fiscal_years_months_in_brackets_are_its_half():
    assert [p.key for p in find("令和7年度（4～9月）の電子入札案件数は271件")] == ["FY2025H1"]
    assert [p.key for p in find("2025年度（10～3月）")] == ["FY2025H2"]
    assert [p.key for p in find("令和7年度（9月末時点）")] == ["FY2025"]  # a snapshot in brackets is no half


def test_a_month_of_a_calendar_year_joined_by_no():
    # 令和7年の4月 is 令和7年4月 (in 令和7年度), as 2025年の4月 is; a count after の is no month
    assert [(p.year, p.month) for p in find("来訪相談 令和7年の4月は何件")] == [(2025, 4)]
    assert [(p.year, p.month) for p in find("2025年の4月の件数")] == [(2025, 4)]
    assert [(p.year, p.month) for p in find("令和8年の2月末")] == [(2025, 2)]
    assert [(p.year, p.month, p.fiscal) for p in find("令和7年の10万件")] == [(2025, None, False)]


def test_the_calendar_year_of_a_month():
    # 令和8年2月 is of 令和7年度 (FY2025) but of the calendar year 2026; a year is its own
    assert find("令和8年2月")[0].calendar_year == 2026
    assert find("令和8年10月")[0].calendar_year == 2026
    assert find("令和7年度")[0].calendar_year == 2025
    assert find("令和8年2月")[0].seireki() == "2026年2月"
