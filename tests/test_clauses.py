"""What a figure in a sentence is: its role, its clause, whether it is a target."""
from __future__ import annotations

from nenkin_search import figures
from nenkin_search.clauses import after_its_level, alone_in_brackets, clause, dated, in_brackets, is_per, is_target, listed, noun_of, role


def test_a_figures_role_and_clause_from_the_words_around_it():
    text = figures.mend("未解明記録は約1,660万件（令和7年9月時点）となり、1,676万件（令和7年3月時点）から約16万件減少。"
                        "約14.9万事業所であった対象事業所は約14.3万事業所まで減少。22項目中14項目の対応が完了。")
    roles = {f.text: role(text, f) for f in figures.parse(text)}
    assert roles == {"約1,660万件": None, "1,676万件": "baseline", "約16万件": "change", "約14.9万事業所": "baseline",
                     "約14.3万事業所": None, "22項目": "baseline", "14項目": None}
    assert role(figures.mend("+7.4ポイント上昇"), figures.parse("+7.4ポイント上昇")[0]) == "change"
    # an amount added to a stock is a change; the stock it makes is the level
    text = figures.mend("6拠点に6ブースを追加し、1,694ブースを確保。")
    assert {f.text: role(text, f) for f in figures.parse(text)} == {"6拠点": None, "6ブース": "change", "1,694ブース": None}
    # a figure in brackets is said of what the brackets say; one outside them, of the sentence without them
    text = figures.mend("全国から210件（サービス改善部門66件、業務改善部門144件）の応募を受付。")
    by = {f.text: clause(text, f) for f in figures.parse(text)}
    assert by["66件"] == "サービス改善部門66件" and by["144件"] == "業務改善部門144件"
    assert "応募" in by["210件"] and "部門" not in by["210件"]


def test_a_target_is_judged_figure_by_figure():
    text = figures.mend("平均予約率は90.8%（対前年比+2.1%）と引き続き90%以上を維持。新規適用事業所数の目標を7.0万事業所とし、"
                        "目標である管理職月平均18時間以内を下回った。実績は13時間34分。")
    assert {f.text: is_target(text, f) for f in figures.parse(text)} == {
        "90.8%": False, "+2.1%": False, "90%": True, "7.0万事業所": True, "18時間": True, "13時間34分": False}
    # a target dated between 目標 and its figure (目標（令和7年度末18%）) is still a target
    text = figures.mend("女性管理職比率目標（令和7年度末18%）を達成。令和7年10月時点の比率は19.4%")
    assert {f.text: is_target(text, f) for f in figures.parse(text)} == {"18%": True, "19.4%": False}


def test_brackets():
    text = figures.mend("全国から210件（サービス改善部門66件）の応募")
    assert [in_brackets(text, f) for f in figures.parse(text)] == [False, True]


def test_a_figure_alone_in_brackets_counts_the_name_before_them():
    text = figures.mend("各地域の国際化協会(55団体)や監理団体(3,527団体)に依頼し、リーフレットを設置。")
    by = {f.text: clause(text, f) for f in figures.parse(text)}
    assert "監理団体" in by["3,527団体"] and "国際化協会" not in by["3,527団体"]
    assert "国際化協会" in by["55団体"] and "監理団体" not in by["55団体"]


def test_items_of_a_list_of_figures_share_its_predicate():
    text = figures.mend("令和7年9月末までに20歳到達者49万人、年金制度未加入である節目年齢（34・44・54歳）到達者6千人を職権により適用。")
    by = {f.text: clause(text, f) for f in figures.parse(text)}
    assert "20歳到達者" in by["49万人"] and "職権により適用" in by["49万人"] and "節目年齢" not in by["49万人"]
    assert "節目年齢" in by["6千人"] and "20歳" not in by["6千人"]


def test_brackets_before_a_figure_gloss_its_noun_those_after_it_do_not():
    text = figures.mend("年金制度未加入である節目年齢（34・44・54歳）到達者6千人を職権により適用。")
    assert "54歳" in clause(text, figures.parse(text)[-1])
    text = figures.mend("参加人数58,476人（45,224人）となった。")
    assert "45,224" not in clause(text, figures.parse(text)[0])
    # a bracket holding a figure of the same unit is a breakdown or a comparison, not a gloss
    text = figures.mend("全国（うち東京3件）で12件を実施。")
    assert "東京" not in clause(text, figures.parse(text)[-1])


def test_a_threshold_of_a_qualifier_is_not_a_result():
    text = figures.mend("被保険者50人超規模の適用事業所（約5.1万事業所）に対し、事業所調査を実施。")
    assert {f.text: is_target(text, f) for f in figures.parse(text)}["50人"] is True


def test_a_planned_count_in_a_cell_is_a_target():
    text = figures.mend("令和7年度計画：8,967,293 令和6年度実績：9,197,562")
    assert [is_target(text, f) for f in figures.parse(text)] == [True, False]


def test_a_per_figure_is_how_often_or_per_whom_never_how_many():
    text = figures.mend("常勤役員会を原則毎週1回開催（令和7年度上期は24回開催）し、リスク管理委員会を2ヶ月に1回開催。"
                        "オペレーター1人当たりの応答件数の増加を図る。令和7年7月に57人が入構。年金セミナーを1,503回開催。")
    assert {f.text: is_per(text, f) for f in figures.parse(text)} == {
        "1回": True, "24回": False, "2ヶ月": False, "1人": True, "57人": False, "1,503回": False}
    assert [is_per(text, f) for f in figures.parse(text) if f.text == "1回"] == [True, True]


def test_figures_of_one_unit_side_by_side_are_a_breakdown():
    text = "210件（サービス改善部門66件、業務改善部門144件）の応募を受付"
    assert listed(text, figures.parse(text))
    text = "紐付け率は99.83%となった（紐付いていない方は約16万人）"
    assert not listed(text, figures.parse(text))


def test_a_level_with_no_subject_of_its_own_is_said_of_the_sentences_topic():
    text = figures.mend("また、蓋然性が高い適用調査対象事業所1,992事業所については、令和7年9月末時点で620事業所まで減少。")
    f = next(f for f in figures.parse(text) if f.text == "620事業所")
    assert "適用調査対象事業所" in clause(text, f)
    # a change keeps its own clause: 「それぞれ395億円、221億円減少」 is not the topic's level
    text = "○収納未済額については、厚生年金保険料で4,200億円、健康保険で2,494億円となり、それぞれ395億円、221億円減少。"
    f = next(f for f in figures.parse(text) if f.text == "221億円")
    assert "収納未済額" not in clause(text, f)
    # items of a list, each with a subject of its own, under the topic: the topic says what all of them measure
    text = ("○所定労働時間を8時間から7時間45分に見直したことにより、上期の時間外勤務時間実績は、管理職が月平均13時間34分"
            "（昨年同時期13時間58分）、一般職が月平均7時間56分（昨年同時期8時間00分）となった。")
    for fig in ("13時間34分", "7時間56分"):
        f = next(f for f in figures.parse(text) if f.text == fig)
        assert "時間外勤務時間実績" in clause(text, f), fig
    f = next(f for f in figures.parse(text) if f.text == "7時間45分")
    assert "時間外勤務" not in clause(text, f)


def test_a_thousands_comma_ends_no_clause():
    text = "未解明記録は約1,660万件となり、1,676万件から約16万件減少。"
    f = next(f for f in figures.parse(text) if f.text == "約16万件")
    assert clause(text, f).startswith("1,676万件")


def test_a_sign_printed_before_a_figure_makes_it_a_change():
    text = "530万人 (-0.5%)"
    assert [role(text, f) for f in figures.parse(text, cell=True)] == [None, "change"]


def test_a_figure_as_its_sentences_topic_is_the_baseline_of_the_level_reached():
    text = figures.mend("事業所1,992事業所については、令和7年9月末時点で620事業所まで減少。")
    assert [role(text, f) for f in figures.parse(text)] == ["baseline", None]


def test_a_part_after_uchi_is_said_of_the_whole_too():
    text = figures.mend("令和6年12月24日原処分までの8,375件について点検を実施。うち、335件（約4.0%）について支給")
    part = next(f for f in figures.parse(text) if f.text == "335件")
    assert "点検" in clause(text, part) and "支給" in clause(text, part)
    whole = figures.parse(text)[0]
    assert "支給" not in clause(text, whole)


def test_a_bound_that_qualifies_a_noun_is_neither_target_nor_count():
    from nenkin_search.clauses import is_bound
    text = figures.mend("5人以上の従業員を雇用している蓋然性が高い事業所。引き続き90%以上を維持")
    five, ninety = figures.parse(text)
    assert is_bound(text, five) and not is_target(text, five)
    assert is_target(text, ninety) and not is_bound(text, ninety)


def test_a_figure_in_the_sentences_topic_is_what_the_predicate_after_it_says():
    text = figures.mend("令和7年4～9月で25種類のお客様向け文書の審査を行い、改善を実施。特に、多くのお客様にお送りする7種類の"
                        "文書については、若い世代を含むお客様から幅広いご意見を聴取した上で会議を開催。")
    by = {f.text: clause(text, f) for f in figures.parse(text)}
    assert "若い世代" in by["7種類"] and "ご意見" in by["7種類"]
    assert "若い世代" not in by["25種類"]


def test_a_figure_dated_on_its_own_by_a_bracket_after_it_or_a_date_before_it_inside_one():
    text = figures.mend("・職域型年金委員数：137,840人(令和7年9月末) (令和7年3月末：134,255人)。未解明記録は約1,660万件（令和7年9月"
                        "時点）となり、1,676万件（令和7年3月時点）から約16万件減少。紐付け率は99.83%（令和7年3月末99.82%）")
    by = {f.text: [p.key for p in dated(text, f)] for f in figures.parse(text)}
    assert by == {"137,840人": ["FY2025-09"], "134,255人": ["FY2024-03"], "約1,660万件": ["FY2025-09"],
                  "1,676万件": ["FY2024-03"], "約16万件": [], "99.83%": [], "99.82%": ["FY2024-03"]}


def test_the_noun_a_figure_is_the_value_of():
    text = figures.mend("令和7年9月末の調達計画額（22,443百万円）からの削減額は6,800百万円、削減率は30.3%。"
                        "現年度納付率は令和7年9月末時点で61.6%。・職域型年金委員数：137,840人")
    by = {f.text: noun_of(text, f) for f in figures.parse(text)}
    assert by == {"22,443百万円": "調達計画額", "6,800百万円": "削減額", "30.3%": "削減率", "61.6%": "",
                  "137,840人": "職域型年金委員数"}
    alone = {f.text for f in figures.parse(text) if alone_in_brackets(text, f)}
    assert alone == {"22,443百万円"}


def test_a_figure_dated_right_before_it_and_last_years_beside_this_years():
    text = figures.mend("現年度納付率は令和7年9月末時点で61.6%となり、令和6年9月末時点の60.2%から+1.4ポイント上昇。"
                        "実施回数2,082回（1,478回）、参加人数120,725人（81,170人）")
    by = {f.text: [p.key for p in dated(text, f)] for f in figures.parse(text)}
    assert by["61.6%"] == ["FY2025-09"] and by["60.2%"] == ["FY2024-09"] and by["+1.4ポイント"] == []
    beside = {f.text for f in figures.parse(text) if after_its_level(text, f)}
    assert beside == {"1,478回", "81,170人"}



def test_figures_listed_before_one_change_verb_are_changes():
    # 「39事業所、3億円を削減」: both are what was cut; the 357事業所 before them is the level reached
    text = figures.mend("所管事業所数が357事業所、収納未済額が166億円となり、移管分を含め、39事業所、3億円を削減。")
    roles = {f.text: role(text, f) for f in figures.parse(text)}
    assert roles == {"357事業所": None, "166億円": None, "39事業所": "change", "3億円": "change"}
    listed_levels = figures.mend("20歳到達者49万人、未加入者6千人を適用")
    assert [role(listed_levels, f) for f in figures.parse(listed_levels)] == [None, None]


def test_a_label_and_its_value_end_at_the_next_label():
    # 「A：15.4万社 B：1.4万社」: each value is said of its own label, not of both
    text = figures.mend("※事業主経由での利用事業所数：15.4万社 社労士経由での利用事業所数：1.4万社")
    first, second = figures.parse(text)
    assert "社労士" not in clause(text, first) and "事業主" not in clause(text, second)
    assert "社労士" in clause(text, second)


def test_a_nouns_value_in_brackets_then_kara_is_where_a_change_is_counted_from():
    # 「調達計画額（22,443百万円）からの削減額は6,800百万円」: the bracketed value is the baseline, not the level
    text = figures.mend("令和7年9月末の調達計画額（22,443百万円）からの削減額は6,800百万円、削減率は30.3%となった。")
    roles = {f.text: role(text, f) for f in figures.parse(text)}
    assert roles == {"22,443百万円": "baseline", "6,800百万円": None, "30.3%": None}
    # a bracketed value followed by anything else keeps its own role
    glossed = figures.mend("収納未済額（166億円）となり、前年より減少")
    assert [role(glossed, f) for f in figures.parse(glossed)] == [None]


def test_a_bracket_glossing_the_whole_a_part_is_then_taken_of():
    from nenkin_search.clauses import whole_before_part

    text = figures.mend("拠点が紙で出力している帳票（125帳票・約2,870万枚）のうち、出力枚数が多い14帳票・約1,000万枚について電子化。")
    wholes = {f.text for f in figures.parse(text) if whole_before_part(text, f)}
    assert "約2,870万枚" in wholes and "約1,000万枚" not in wholes
    other = figures.mend("収納未済額（166億円）となり、前年より減少")
    assert not any(whole_before_part(other, f) for f in figures.parse(other))


def test_the_part_taken_of_a_glossed_whole_and_the_noun_the_whole_glosses():
    from nenkin_search.clauses import glossed, part_of_whole

    text = figures.mend("○拠点が紙で出力している帳票（125帳票・約2,870万枚）のうち、出力枚数が多い14帳票・約1,000万枚について電子化。"
                        "収納未済額（166億円）となり、前年より3億円減少")
    parts = {f.text for f in figures.parse(text) if part_of_whole(text, f)}
    assert parts == {"14帳票", "約1,000万枚"}  # not the whole, nor a figure of the next sentence
    whole = next(f for f in figures.parse(text) if f.text == "約2,870万枚")
    assert glossed(text, whole) == "○拠点が紙で出力している帳票"
    assert glossed(text, next(f for f in figures.parse(text) if f.text == "約1,000万枚")) == ""


def test_a_date_with_jiten_and_a_colon_before_a_figure_in_its_bracket_dates_it():
    text = figures.mend("令和7年9月末時点で利用する市区町村は787市区町村に拡充（令和6年9月末時点：732市区町村）")
    by = {f.text: [p.key for p in dated(text, f)] for f in figures.parse(text)}
    assert by == {"787市区町村": [], "732市区町村": ["FY2024-09"]}
