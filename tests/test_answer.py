"""Answers on real questions: whole figures of the right kind and period, results over targets, cells by
coordinates, two-part questions, honest refusals for off-topic and near-miss questions, output forms."""
from __future__ import annotations

import json
import re

import pytest

from nenkin_search import Answer, ask
from nenkin_search.answer import NOT_FOUND
from nenkin_search.confidence import _done_swapped, _swapped, _total_for_member, gated
from nenkin_search.fit import said_tokens
from nenkin_search.report import CHALLENGE
from nenkin_search.settings import DEFAULT

# tests using api_env or nenkin load (or build) the real index and are marked slow by conftest


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
    # an item of a list under its topic (「時間外勤務時間実績は、管理職が…」), not the 所定労働時間 before it
    ("ぶっちゃけ年金機構の管理職って残業ばっかりなんじゃないの？上半期の月平均の時間外勤務って実際どれくらいだったのか知りたい。",
     "13時間34分"),
    # the period asked from is the baseline: the figure since (8,780人), not 令和7年3月末's
    ("地域で年金の相談役を担う「地域型年金委員」、委嘱数は増えているのか　令和7年3月末からの推移は", "8,780人"),
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


def test_a_footnote_mark_or_a_years_end_on_a_header_does_not_make_another_measure(api_env):
    # 件数（割合） 令和7年9月* and 件数（割合） 令和6年度 are one measure: only the 9月 cell is the latest
    from nenkin_search import api
    from nenkin_search.candidates import candidates, mark_latest

    eng = api.engine()
    hit = next(h for h in eng.searcher.search(eng.analyse("国民年金保険料免除・納付猶予申請書 電子申請 件数"), k=10)
               if h.passage.cells and any("令和7年9月*" in c.column for c in h.passage.cells))
    latest = [c.cell.column for c in mark_latest(candidates(hit, eng.settings.span_long_bullet)) if c.latest]
    assert latest and all(col.endswith("令和7年9月*") for col in latest)
    # 令和6年度末 and 令和7年9月末 are one measure too (the 末 left of a year's end named no other)
    hit = next(h for h in eng.searcher.search(eng.analyse("滞納事業所数 令和6年度末"), k=10)
               if h.passage.cells and any(c.column == "令和6年度末" for c in h.passage.cells))
    latest = [c.cell.column for c in mark_latest(candidates(hit, eng.settings.span_long_bullet)) if c.latest]
    assert latest == ["令和7年9月末"]


def test_how_many_people_is_not_answered_by_a_row_counting_surveys(api_env):
    # 総合調査実施数 (120,944 surveys) is no count of people; its sibling row 調査により適用した被保険者数 is
    q = "年金事務所の調査（総合調査）が厳しくなったという社労士の声もありますが、調査で新たに厚生年金に加入させられた人は令和6年度に何人でしたか？"
    assert ask(q).figure != "120,944"
    a = ask("事業所調査で新たに適用した被保険者数は令和6年度に何人")
    assert a.found and a.figure == "56,726人"
    a = ask("総合調査 実施数 令和6年度")  # the surveys asked are still its answer
    assert a.found and a.figure == "120,944"


def test_an_age_band_asked_is_not_answered_by_the_figure_of_every_age(api_env):
    # the report gives no 納付率 by age: 72.7% is every age's (its passage's 20歳到達者 is no 20代)
    for q in ("国民年金って若い人ほど払ってないって聞くけど、20代の納付率って今どれくらいなの？",
              "にじゅうだいの ひとの こくみんねんきんの のうふりつって なんぱーせんと"):
        a = ask(q)
        assert not a.found and a.features["population_missing"] == 1.0
    a = ask("国民年金の納付率は今どれくらい？")
    assert a.found and a.figure == "72.7%" and a.features["population_missing"] == 0.0
    # ages said as they are asked answer (34歳・44歳・54歳 is no band)
    a = ask("ねんきんにはいってない34さいとか44さい、54さいのひと、ねんきんきこうがかってにかにゅうさせたのってなんにん？")
    assert a.found and a.figure == "6千人"


def test_a_row_asked_by_its_figures_is_not_answered_by_a_row_of_other_figures(api_env):
    # the table has 被保険者51人以上 and rows up to 50人, no 51人～100人: its 32.7% is another row's
    a = ask("被保険者51人～100人 事業所 電子申請 実施割合")
    assert not a.found and a.features["label_other"] == 1.0
    # … nor a set of places asked by its number (54か所) by a sentence counting another (6拠点に6ブースを追加)
    a = ask("混みそうな54か所の年金事務所で相談ブースを増やすって話、結局いくつ増やすの？")
    assert not a.found and a.features["label_other"] == 1.0
    # … nor a whole asked with no band by one band's row (21人～30人, 被保険者51人以上: one size of office's rate)
    for q in ("スマホで老齢年金の請求ができるようになったらしいけど、実際に電子申請で請求した人ってどれくらいいるの？",
              "会社の社会保険の手続きを電子申請してる事業所って、全体だと何割くらい？"):
        a = ask(q)
        assert not (a.found and re.search(r"\d人(?:～|以上)", a.citation.row or "")), a.citation
    a = ask("従業員が21～30人くらいの小さな会社だと、社会保険の手続きをネットで済ませている割合は？")
    assert a.found and a.figure == "70.5%" and a.features["label_other"] == 0.0  # the band asked answers
    # a counter is a word said: 1,694ブース says ブース, and answers the booths asked
    a = ask("年金事務所の相談予約がいっぱいで取れません。年金機構は全国でいくつの相談ブースを用意しているのでしょうか？")
    assert a.found and a.figure == "1,694ブース"


def test_a_note_that_only_refers_elsewhere_is_no_candidate(api_env):
    # 「※1 具体的な取組内容は「…」の「令和7年度の主な取組状況」を参照」 says where the answer is, not one
    from nenkin_search import api
    from nenkin_search.candidates import candidates
    from nenkin_search.search import Hit

    eng = api.engine()
    passage = next(p for p in eng.passages if "を参照" in p.text)
    texts = [c.text for c in candidates(Hit(1, 1.0, passage), eng.settings.span_long_bullet)]
    assert not any("を参照" in t for t in texts)


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


def test_an_ordinal_year_answers_which_year_not_how_many(api_env):
    # 免除承認後10年目 says which year a notice went to: no answer to how many more paid (not in the report)
    a = ask("追納の勧奨状を見直したりしたみたいだけど、実際に追納した人ってどれくらい増えたの？")
    assert not any(f.endswith("年目") for f in a.figures), a.figures
    a = ask("追納の案内は、免除承認後何年目の期間を有する方に新たに送るようになった？")
    assert a.found and a.figure == "10年目"


def test_two_part_question_gives_both_years(api_env):
    a = ask("令和6年9月末と令和7年9月末の厚生年金保険料の収納率")
    assert a.found and "97.5%" in a.text and "97.7%" in a.text
    assert sorted(a.figures) == ["97.5%", "97.7%"]


def test_a_when_question_is_answered_by_a_span_of_years(api_env):
    a = ask("チャネル戦略の課題で、ビジョン実現に向けた長期の取組の期間はいつからいつまでか")
    assert a.found and "令和11～15年度" in a.text and a.date.replace("~", "～") == "令和11～15年度"


def test_a_month_the_table_does_not_reach_is_not_answered_by_another_month(api_env):
    # the monthly table of 令和7年度 stops at 9月末: 10月末 is not in this report
    assert not ask("令和7年度分の国民年金保険料の現年度納付率について、令和7年10月末時点の数値は何％か").found
    a = ask("令和7年度分の国民年金保険料の現年度納付率について、令和7年9月末時点の数値は何％か")
    assert a.found and a.figure == "72.7%"


def test_a_scheme_or_name_the_report_never_speaks_of_is_refused_not_a_typo_of_one(api_env):
    from nenkin_search import api

    eng = api.engine()
    assert eng.analyse("児童手当の第3子以降の支給月額はいくらか").foreign == ("児童手当",)
    # 積立金 is nowhere in the report: 年金積立金 is no scheme it speaks of either
    assert eng.analyse("GPIFの年金積立金の運用収益はいくら").foreign == ("年金積立金", "GPIF")
    assert not ask("後期高齢者医療制度で窓口負担が2割になる人は何人").found
    # 生涯年金 reads しょうがいねんきん, as the report's 障害年金: a typo, not another scheme
    assert eng.analyse("令和2年度の生涯年金のサービススタンダード達成率").foreign == ()
    assert eng.analyse("国民年金保険料の納付率").foreign == ()
    # a form whose words the report never uses (喪失) is another form than its sibling (資格取得届 3.3日) …
    assert eng.analyse("資格喪失届の令和7年4月の処理期間の実績は何日").foreign == ("資格喪失届",)
    assert not ask("資格喪失届について、令和7年4月における標準的な処理期間の実績は何日であったか。").found
    # … one a character off a form the report names is a slip (資格習得届), and a scheme's is not read as one
    assert eng.analyse("健康保険の資格習得届を電子申請したときの処理日数").foreign == ()
    # … and a form's full name is known by its words (「年金受給権者死亡届」: the report's 死亡届), a scheme's by its pairs
    assert eng.analyse("「年金受給権者死亡届」の様式はどう変わったのですか").foreign == ()
    assert eng.analyse("国民健康保険の保険料の収納率").foreign == ("国民健康保険",)
    # … and a scheme the vocabulary bridge reads as the report's (老齢基礎年金 → 老齢年金) is the report's subject
    assert eng.analyse("追納すると老齢基礎年金が増えると聞きましたが、追納の勧奨は何をしましたか").foreign == ()
    assert eng.analyse("遣族年金の請求件数").foreign == ("遣族年金",)


def test_a_form_the_span_does_not_name_is_no_answer(api_env):
    # the report names 扶養親族等申告書's simple e-filing service but gives no share for it: the shares of firms
    # by capital (87.7%) and of the 主要7届書 (77.2%) are of other filings
    a = ask("扶養親族等申告書の電子申請割合は、令和7年度の実績で何％ですか？")
    assert not a.found and a.features["form_missing"] == 1.0
    # a form asked that the span names answers (資格取得届: 0.6日), and so does one named only as an example
    # (年金振込通知書などの再交付) or as the scene's
    assert ask("資格取得届の電子申請の処理日数は、令和7年4月の実績で何日ですか").figure == "0.6日"
    from nenkin_search.query import analyse
    assert analyse("年金振込通知書などの再交付を電話で申し込めるのはいつから").forms == ()
    assert analyse("主要7届書 算定基礎届 電子申請割合").forms == ("算定基礎届",)  # a keyword's form


def test_a_part_of_a_whole_the_report_does_not_break_down_is_refused(api_env):
    # the report gives all dials' 81.1% and says each is about 70% or more: no one dial's rate
    a = ask("令和7年4月から9月における「ねんきんダイヤル」単独の応答率は何％でしたか")
    assert not a.found and a.features["part_missing"] == 1.0
    # asked with だけ after a premise: 全ダイヤル合計 and 年金Q&A say ダイヤル and 年金, not ねんきんダイヤル
    a = ask("年金機構の電話はつながりにくいと批判されてきましたが、令和7年4月〜9月の「ねんきんダイヤル」だけの応答率は何％でしたか")
    assert not a.found and a.features["name_missing"] == 1.0
    assert ask("令和7年度上期に契約した80契約のうち、複数年契約として締結したのは何契約か").figure == "26契約"
    # a count of months (未納月数: 1,044 in 万月) is no count of people
    assert not ask("国民年金 未納 人数 令和7年9月末").found
    assert ask("国民年金の未納月数は令和7年9月末時点で何万月か").figure == "1,044"
    # a part named with its gloss (ネット（電子申請）) is named where the gloss is
    a = ask("2025年9月時点で、会社が出す主な7種類の届出のうち、ネット（電子申請）で出された割合は何％ですか？")
    assert a.found and a.figure == "77.2%" and a.features["part_missing"] == 0.0
    # … or where the whole part's gloss is, a term (全額免除率), or, of a table cell, where its label says what the
    # bridge read the part's word as (ネットで → 電子申請)
    a = ask("第1号被保険者のうち全額免除になっている人の割合（全額免除率）は令和7年9月末で何％ですか")
    assert a.found and a.figure == "40.5%"
    a = ask("会社が出す主な7つの届出のうち、ネットで出された割合は今どのくらい？")
    assert a.found and a.figure == "77.2%"


def test_a_bare_cell_figure_takes_its_unit_from_the_label(api_env):
    # 参考資料's 上期累計 row prints 「平均所要日数: 67.9」: the 数値 line says 67.9日
    a = ask("令和7年度上期の障害年金の平均所要日数は何日ですか")
    assert a.found and a.figure == "67.9日"


def test_a_when_question_is_not_answered_by_a_table_cells_period(api_env):
    # 令和7年9月 heads the column of a share, it dates no event: the cell is no answer to いつ
    assert not ask("社会保険の電子申請の義務化は、資本金1億円以下の中小企業にもいつから拡大されるのですか").found


def test_two_figures_asked_of_one_passage_give_both_in_the_order_asked(api_env):
    # 「8,375件について点検を実施。うち、335件…について支給」: each part's figure by its own clause
    a = ask("年金セミナーは令和7年度上半期に何回開かれ、何人が参加しましたか")
    assert a.found and a.figures == ["1,503回", "58,476人"]
    a = ask("令和7年9月末の基礎年金番号とマイナンバーの紐付け率と、紐付いていない人の数は")
    assert a.found and a.figures == ["99.83%", "約16万人"]


def test_a_second_figure_asked_by_its_noun_alone_is_read_from_the_rows_other_cell(api_env):
    # 「…は何件で、実施率は？」: the 実績件数 cell answers the first part, the same row's 実施率 cell the second
    a = ask("令和7年度上半期に市場化テストの受託事業者がかけた電話勧奨は何件で、計画に対する実施率は？")
    assert a.found and a.figures == ["7,645,447件", "110.0%"]


def test_a_qualifier_glossing_the_one_asked_is_not_a_second_one_asked():
    # 一部免除 asked, glossed with 半額免除 in brackets: the 全額免除 row is the other side, not one of two asked
    asked = "国民年金の一部免除者数（4分の1免除・半額免除・4分の3免除の合計）は何万人か。"
    span = "全額免除者数 (対前年度比) 令和7年度 (令和7年9月末): 530万人"
    assert _swapped(asked, span, DEFAULT.contrasts, asked)
    assert not _swapped("全額免除と半額免除の人数は", span, DEFAULT.contrasts, "全額免除と半額免除の人数は")


def test_what_the_question_leaves_out_is_not_counted_in(api_env):
    # 1,312万件 counts 死亡者に関する記録 together with 年金受給に結び付かない記録, which the question leaves out
    a = ask("解明された記録のうち、死亡者に関する記録は何件ですか。年金受給に結び付かない記録は除いてください。")
    assert not a.found and a.features["excluded_said"] == 1.0
    from nenkin_search.query import analyse
    assert analyse("延滞金を除く収納未済額は").excluded == ("延滞", "金")


def test_done_and_not_done_are_told_apart():
    # 解明されていない asked: a count of the records 解明された is the other side, 未解明 the side asked
    assert _done_swapped("解明されていない記録はどこまで減りましたか", "〈解明された記録〉 (2) 死亡者に関する記録: 1,312万件")
    assert not _done_swapped("解明されていない記録はどこまで減りましたか", "未解明記録は約1,660万件")
    assert _done_swapped("解明された記録は何件", "未解明記録は約1,660万件")
    assert not _done_swapped("納付されていない保険料", "未納者に対し納付督励を実施した")  # another verb done
    # both sides named (a part of the undone whole that is done): the question's own context, no swap judged
    assert not _done_swapped("未統合記録のうち基礎年金番号に統合済みの件数", "〈解明された記録〉 基礎年金番号に統合済みの記録")


def test_with_a_period_asked_the_latest_is_the_latest_of_that_period(api_env):
    # 令和6年度 asked of a monthly series: the cell of 令和6年度's row for the month asked (5月末 4月分), not the
    # row's last column (10月末 4月～9月分), which is the latest of the table but not of the period asked
    a = ask("れいわろくねんど の こくみんねんきん の のうふりつ って ごがつまつ の じてん だと なんぱーせんと だったの")
    assert a.found and a.figure == "61.2%"


def test_a_total_over_all_of_a_kind_is_no_answer_for_one_of_them():
    total = "【全ダイヤル合計】令和7年度(4月～9月) 応答実績 今年度応答率 計"
    assert _total_for_member("ねんきんダイヤルの応答率は今年度上半期、何%だったのか", total)
    assert _total_for_member("ねんきん加入者ダイヤルの応答率", total)
    assert not _total_for_member("コールセンターの応答率は", total)  # no one of the kind named
    assert not _total_for_member("全ダイヤルの応答率は", total)
    assert not _total_for_member("ねんきんダイヤルなどの電話の応答率は", total)  # an example of them all
    assert not _total_for_member("年金事務所が指導した事業所の割合", "全事業所に占める割合")  # a verb, not a name
    # the clause asked in asks the total, whatever one the question named before it
    asked = "令和7年6月のコールセンター全体の応答率は何%でしたか?"
    assert not _total_for_member(f"ねんきんダイヤルの応答率が下がったと報じられましたが、{asked}", total, asked)
    assert _total_for_member("ねんきんダイヤルの応答率は", total, "ねんきんダイヤルの応答率は")


def test_the_part_not_the_whole_the_level_not_the_change(api_env):
    # 「22項目中14項目の対応が完了」: completed is the part; 「85.1%、…から+7.4ポイント上昇」: 85.1% is the level
    assert ask("令和6年度に策定した短期取組事項のうち、対応が完了したのは何項目？").figure == "14項目"
    assert ask("令和5年度分の最終納付率はどこまで上がった？").figure == "85.1%"
    assert ask("令和5年度分の最終納付率は何ポイント上がった？").figure.endswith("ポイント")


def test_no_period_asked_prefers_this_years_figure_to_an_older_tables(api_env):
    """参考資料's year-by-year row ends at R6; the body gives 令和7年9月末: a question about now wants the latter."""
    a = ask("加入指導で新たに厚生年金に加入させた事業所の数")
    assert a.found and a.figure == "4.1万事業所" and "令和7年9月末" in a.figure_label


def test_a_challenge_question_gets_the_challenge(api_env):
    for q in ("厚生年金保険料の収納率について来年度の課題は", "障害年金業務について、令和8年度計画策定に向けた課題は何か"):
        a = ask(q)
        assert a.found and a.citation.column == CHALLENGE and a.figure is None, (q, a.text)
    # a 施策 whose 課題 are two ○ bullets: the question naming the 施策 gets both, the best first
    a = ask("事業所調査で届出を適正化する取組について、来年度の課題は")
    assert a.found and "約97万人" in a.text and "網羅的に調査" in a.text, a.text


def test_qualifier_swap_and_missing_form_are_refused_without_the_models():
    assert _swapped("女性の支給開始年齢の引上げはいつ完了", "男性の支給開始年齢の引上げが完了", DEFAULT.contrasts)
    assert not _swapped("男性の支給開始年齢の引上げはいつ完了", "男性の支給開始年齢の引上げが完了", DEFAULT.contrasts)
    assert not _swapped("滞納事業主の財産", "事業所の財産を差押", DEFAULT.contrasts)  # not a contrast
    assert not _swapped("厚生年金の在職老齢年金", "国民年金法等の一部を改正する法律", DEFAULT.contrasts)  # a law's name
    # one scheme's contributions asked, another's table found; a table of all three names the one asked
    assert _swapped("船員保険料 口座振替実施率", "【口座振替実施率（厚生年金保険料）】 口座振替実施率", DEFAULT.contrasts)
    assert not _swapped("船員保険の収納率", "厚生年金保険料・健康保険料・船員保険料徴収状況 船員保険", DEFAULT.contrasts)
    # two named: the one of the clause asked in
    q = "男性の育休取得率は74.3%って聞いたけど、女性の育休取得率は"
    assert _swapped(q, "男性育児休業取得率は74.3%", DEFAULT.contrasts, "女性の育休取得率は")
    assert not _swapped(q, "男性育児休業取得率は74.3%", DEFAULT.contrasts)  # without the focus: both asked
    fine = {"unknown_names": 0.0, "form_ok": 1.0, "swapped": 0.0, "asks_period": 1.0, "period_fits": 1.0,
            "kind_ok": 1.0}
    assert not gated(fine, DEFAULT)
    assert gated({**fine, "kind_ok": 0.0}, DEFAULT)  # 何人 asked, the span has no count of people
    assert gated({**fine, "form_ok": 0.0}, DEFAULT) and gated({**fine, "swapped": 1.0}, DEFAULT)
    assert gated({**fine, "unknown_names": 1.0}, DEFAULT)
    assert gated({**fine, "period_fits": 0.0}, DEFAULT)  # 2018年度 asked, a table from 令和元年度 found
    assert gated({**fine, "target_ok": 0.0}, DEFAULT)  # a target asked, a result found
    assert not gated({**fine, "period_fits": 0.0, "asks_period": 0.0}, DEFAULT)
    assert not gated({**fine, "swapped": 1.0}, DEFAULT.with_(abstain_mismatch=False))


@pytest.mark.parametrize("q", [
    "iDeCoの掛金の上限はいくら？", "GPIFの年金積立金の運用利回りは",       # off-topic
    "国民年金の納付率を年代別に見ると、一番低いのは？",                       # a breakdown it does not give
    "厚生年金の保険料率は何%？",                                              # another rate (収納率) than asked
    "令和8年度の現年度納付率の目標は何%？",                                   # next year's target: not in it
    "特別支給の老齢厚生年金、女性の引上げはいつ終わる？",                     # 男性's date, not 女性's
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


def test_what_was_done_is_the_lead_in_with_its_items(api_env):
    """「以下の取組を実施。」 alone says nothing: the answer is it with the ・ items it introduces."""
    a = ask("内部監査の高度化のために何をした？")
    assert a.found and a.text.startswith("○事業の動向等を踏まえ") and a.text.count("\n・") == 5
    assert "事前検証の範囲の拡大" in a.text
    # a figure question still gets the one item with the figure
    assert "\n" not in ask("令和7年度の事務処理誤りの発生件数は").text
    # a ○ bullet with ・ items under it, without 以下: the items say what was done
    a = ask("公布日に施行された改正事項にはどう対応した？")
    assert a.text.startswith("○令和7年6月（公布日）に施行された改正事項") and "・国民年金納付猶予制度の延長" in a.text



def test_the_change_when_a_change_is_asked_never_the_questions_own_figure(api_env):
    assert ask("未解明記録は半年でどれだけ減った？").figure == "約16万件"
    assert ask("未解明記録は今何件？").figure == "約1,660万件"
    a = ask("5人以上を雇用している蓋然性が高い適用調査対象事業所は何事業所まで減った？")
    assert a.found and a.figure != "5人"


def test_a_row_whose_cells_say_the_thing_asked_is_asked(api_env):
    # 強制徴収の着実な実施 × 「差押実施 11,252件」: the cell says 差押 for its row, which is no unasked part
    assert ask("国民年金 差し押さえ 件数 今年度").figure == "11,252件"


def test_a_rate_row_answers_a_share_asked(api_env):
    # 割合 asked: the 全額免除率 row says it as 率, and is no part the question leaves unsaid
    assert ask("国民年金 全額免除 割合 令和6年度").figure == "44.0%"  # not 申請書 件数（割合） 10.0%


def test_a_cells_change_when_the_change_is_asked_and_totals_are_figures(api_env):
    assert ask("2021年度の現年度納付率は前年度から何ポイント伸びた？").figure == "+2.4%"
    assert ask("2021年度の現年度納付率は？").figure == "73.9%"
    assert ask("コールセンターが今年度受けた電話の応答呼数の合計").figure == "2,932,125"


@pytest.mark.parametrize("q", ["2018年度の障害年金のサービススタンダード達成率は？",   # the table starts at 令和元年度
                               "FY2020の厚生年金保険料の不納欠損額はいくら？"])          # … at 令和3年度
def test_a_period_the_answering_table_does_not_have_is_refused(api_env, q):
    assert not ask(q).found


def test_a_cell_without_a_period_is_of_its_tables_period(api_env):
    a = ask("令和7年度上半期の特別催告状の送付件数")  # the period is in the table's title only
    assert a.found and a.figure == "3,387,913件"  # the bare cell's unit from its label (送付件数)


def test_this_years_result_not_its_target(api_env):
    """「目標を7.0万事業所とし」 holds the only figure of its sentence, but it is a target; 今年度 is 令和7年9月末."""
    a = ask("年金事務所の加入指導によって、今年度新たに社会保険に加入した事業所はいくつ？")
    assert a.found and a.figure == "4.1万事業所" and "令和7年9月末" in a.figure_label
    assert ask("加入指導による新規適用事業所数の今年度の目標は").figure == "7.0万事業所"  # the plan, asked



def test_a_years_question_gets_the_years_running_total_not_a_month(api_env):
    a = ask("障害年金のサービススタンダード達成率 令和7年度")
    assert a.found and a.figure == "95.9%" and "単月" not in a.text
    # the month rows fall back in retrieval too, and a bare 23.6 under 平均所要日数 answers 何日, as 23.6日
    a = ask("遺族年金（1か月）の平均所要日数は令和7年度何日？")
    assert a.found and "上期累計" in a.text and a.figure == "23.6日" and a.confidence > 0.5


def test_a_past_year_asked_is_not_answered_by_one_of_its_months(api_env):
    """令和6年度 asked: 令和6年9月末 is half of it, a different figure; better the year's cell or nothing."""
    a = ask("加入指導 新規適用事業所数 令和6年度")
    assert not a.found or "9月末" not in a.text, a.text


def test_a_sentence_answer_is_chosen_by_meaning_too(api_env):
    """No shared word says it (医者 / 認定医, 一人だけ / 複数): the sentence closest in meaning answers."""
    from nenkin_search import api

    a = ask("障害年金の不支給は一人の認定医だけで決めているの？")
    assert a.found and "複数の認定医が関与する仕組み" in a.text.split("\n")[0], a.text
    eng = api.engine()
    q = eng.analyse("障害年金の不支給は一人の認定医だけで決めているの？")
    assert eng.similarity(q, "lexical") is None  # lexical mode runs without the model
    sim = eng.similarity(q)
    assert sim("この文は索引にない。") is None


def test_a_result_that_names_no_year_is_of_the_reports_year(api_env):
    """今年度 asked; the bullet says no year, but what 主な取組状況 reports was done this year."""
    a = ask("今年度は免除承認後何年目の人に追納を勧めているの？")
    assert a.found and "10年目" in a.text


def test_a_remark_is_not_the_rows_value(api_env):
    """備考: 令和7年度計画：8,967,293 令和6年度実績：9,197,562 is context; the 実績件数 cell answers."""
    a = ask("国民年金収納対策の上半期行動計画で、年金事務所による特別催告状送付件数の実績（令和7年9月末現在）は何件か。")
    assert a.found and a.figure == "3,387,913件", (a.figure, a.text)


def test_a_population_asked_and_not_named_is_a_mismatch():
    from nenkin_search.confidence import mismatched

    fine = {"form_ok": 1.0, "swapped": 0.0, "asks_period": 0.0, "period_fits": 0.0, "kind_ok": 1.0}
    assert not mismatched(fine, DEFAULT)
    assert mismatched({**fine, "population_missing": 1.0}, DEFAULT)


def test_a_cells_figure_of_the_kind_asked(api_env):
    """「20,967 (94.7%)」 asked for a share: the rate, not the count."""
    a = ask("資本金1億円超の法人のうち、令和7年9月時点で電子申請を実施している割合は？")
    assert a.found and a.figure == "94.7%", (a.figure, a.text)


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_every_mode_answers_and_refuses_with_its_own_models(api_env, mode):
    """Lexical mode runs without the embedding model: with the hybrid models (which weigh the dense similarity
    most) it refused every question. Each mode's models must answer the headline question, and the refusals no
    model overrules hold in every mode (a prefecture the report never names)."""
    a = ask("障害年金の不支給点検件数は", mode=mode)
    assert a.found and a.mode == mode and a.figure == "8,375件" and a.citation.section == "I-5"
    assert not ask("東京都の国民年金保険料の納付率は", mode=mode).found
    assert DEFAULT.models(mode)[2] == {"lexical": DEFAULT.lexical_threshold, "dense": DEFAULT.dense_threshold,
                                       "hybrid": DEFAULT.threshold}[mode]


def test_a_per_figure_does_not_answer_how_many(api_env):
    """「原則毎週1回開催（上期は24回開催）」: held 24 times; 「オペレーター1人当たりの応答件数」 says nothing of how
    many operators there are (a near miss)."""
    assert ask("常勤役員会は令和7年度上期に何回開催された？").figure == "24回"
    assert not ask("年金のコールセンターって、オペレーターさん何人くらいで電話受けてるの？").found


def test_the_figure_and_date_of_the_clause_asked_in(api_env):
    """A sentence with two dates or two counts: the one whose clause says what the question asks in its last
    clause (the part, not the whole it names with のうち)."""
    a = ask("年金請求書で公金受取口座への登録を希望した人の口座情報は、いつからデジタル庁に提供されていますか。")
    assert a.date == "令和7年11月"  # not 令和7年6月, when the 登録意思確認欄 was added
    # two dates in one clause: the one the event asked follows (「令和7年12月に施行される…引上げが令和7年2月定期支払分
    # まで遡って適用」, 支払分 and さかのぼって asked)
    assert ask("基礎控除の引上げは、年金のいつの支払分までさかのぼって適用される？").date == "令和7年2月"
    assert ask("精神障害などを理由に障害年金が不支給とされた事案の再点検で、最終的に支給決定に変更されたのは何件ですか？"
               ).figures[0] == "335件"
    assert ask("精神障害等の障害年金の不支給事案の点検で、令和6年12月24日原処分までの点検対象のうち何件が支給に変更されたのか。"
               ).figures[0] == "335件"


def test_a_cell_the_question_quotes_is_its_context_not_its_answer(api_env):
    """「令和元年度の33,142事業所から令和2年度には」: 33,142 is the question's own; the 令和2年度 cell answers it,
    and the 数値 line does not give the quoted figure back."""
    a = ask("厚生年金保険の差押事業所数は、令和元年度の33,142事業所から令和2年度にはいくつになったか。")
    assert a.figures == ["3,357事業所"] and "令和2年度" in a.text


def test_a_trend_asked_gets_its_latest_figure_and_two_figures_their_own_forms(api_env):
    a = ask("国税庁情報に基づく調査対象である厚生年金の適用の可能性がある法人事業所は、H27.3末時点からR7.9末時点にかけて"
            "どのように推移したか")
    assert a.figures[0] == "約14.3万件"  # where it stands now, not the 約97万件 it started from
    a = ask("令和7年度の障害年金（所要日数3か月）のサービススタンダードの達成率と平均所要日数は")
    assert a.found and a.figures[0] == "95.9%"  # the 達成率 cell need not say 平均, the second part's form


def test_a_sentence_answer_says_what_the_clause_asked_in_asks(api_env):
    """「…つながりやすくするため、…追加した機能は何か」: the sentence that says 機能を追加, not the one sharing the
    purpose's words (年金事務所の電話がつながりにくい状況を改善するため…)."""
    a = ask("年金事務所の電話をつながりやすくするため、令和7年9月からコールセンターに追加した機能は何か。")
    assert a.found and "テキスト化する機能を追加" in a.text


def test_a_comparison_of_two_things_the_span_does_not_both_name_is_refused(api_env):
    a = ask("障害年金の新規裁定、精神障害と身体障害で平均所要日数はどれくらい違う？")
    assert not a.found and a.message == NOT_FOUND


def test_since_when_is_answered_by_the_year_it_began(api_env):
    a = ask("開発が迷走したとされる年金システムの刷新（フェーズ2）の本格開発には、いつから着手していますか？")
    assert a.found and a.date == "令和5年度" and "令和5年度から着手" in a.text


def test_an_amount_in_millions_of_yen_is_an_amount(api_env):
    a = ask("総合評価落札方式を適用するものを除く競争性のある契約について、令和7年9月末の調達計画額からの削減額と削減率はいくらか。")
    assert a.found and a.figures[:2] == ["6,800百万円", "30.3%"]


def test_a_date_of_another_event_beside_one_still_being_decided_is_no_answer(api_env):
    """The report dates a trial (令和7年1月に試行実施を開始) and says the full start is still being considered
    (本格実施に向けた検討): when the full start is asked, the trial's date is a near miss; the trial's is an answer,
    and of two dates in one sentence, the one of the event asked (技術検証: 6月末, not 4月's 環境構築)."""
    assert not ask("ねんきんネットの文書相談サービスはいつ本格実施されますか").found
    assert not ask("生成AIはいつ本格導入されますか").found
    trial = ask("ねんきんネットの文書相談はいつから試行している？")
    assert trial.found and trial.date == "令和7年1月"
    assert ask("生成AIの技術検証はいつ行った？").date == "令和7年6月末"


def test_the_date_a_figure_stood_answers_no_when(api_env):
    # 令和7年9月末 dates the ペーパーレス化 registrations (定期便 7.6%); when they reach the 10% target is not said
    assert not ask("ねんきんていきびんのぺーぱーれすかのとうろくりつ、10ぱーせんとになるのはいつごろのみこみ？").found
    assert not ask("ペーパーレス化の登録が目標に届くのはいつ？").found
    from nenkin_search.fit import AS_OF
    assert AS_OF.search("令和7年10月時点の女性管理職比率は19.4%") and not AS_OF.search("9月末時点で開始")
    # … also in brackets after the figure (「約1,660万件（令和7年9月時点）」): when the work ends is not said
    assert AS_OF.search("未解明記録は約1,660万件（令和7年9月時点）となり") and not AS_OF.search("令和7年9月から開始")
    assert not ask("未統合記録の解明は、いつごろ全部終わる見込みですか").found


def test_a_date_keeps_its_day_and_last_years_figure_beside_this_years(api_env):
    # the 時期 of 「令和8年5月26日まで」 is that day, not its month
    assert ask("戸籍の振り仮名を届け出ないと自治体が職権で記載するそうだけど、届出の期限はいつまで？").date == "令和8年5月26日"
    # the figure in brackets of a past period asked (「（令和6年9月末時点：732市区町村）」)
    assert ask("多言語通訳サービスを利用できる市区町村は、2024年9月末時点でいくつ？").figure == "732市区町村"
    # last year's same period asked by name before the question word
    assert ask("年金制度説明会の前年同期の実施回数は何回でしたか").figure == "1,478回"
    # the whole a bracket glosses, asked as the total, over the part then taken of it
    assert ask("拠点で紙に出力している帳票は全部で何枚？").figure == "約2,870万枚"
    # a remark cell's labelled figure of the period and plan asked (備考: 「令和7年度計画：8,967,293 …」)
    assert ask("特別催告状送付件数の令和7年度計画件数は").figure == "8,967,293"
    assert not ask("最終催告状送付件数の令和7年度計画件数は何件とされているか").found  # the row named has no plan


def test_a_span_of_the_kind_asked_a_deadline_a_calendar_year_and_a_group_denied(api_env):
    # the best span holds no rate: the sentence of its own 施策 cell that does, split into another passage, answers
    # (read with the bullet before it, it covers the question as well)
    assert ask("基礎年金番号とマイナンバーの紐付け率はいま何％？").figure == "99.83%"
    # a calendar year asked of a date bounds it: a month of that year fits (令和8年10月 in 2026)
    assert ask("2026年の何月に短時間労働者の賃金要件撤廃のシステムが稼働する？").date == "令和8年10月"
    # a group denied (管理職じゃない): of one sentence's two figures, the other group's
    assert ask("一般の職員（管理職じゃない人）の残業は月平均どれくらい？").figure == "7時間56分"
    assert ask("管理職の残業は月平均どれくらい？").figure == "13時間34分"
    # an amount of things asked (どのくらいの量): how long the copies were kept (3年間保管) is no answer
    assert ask("年金事務所で令和7年4月から廃棄を始めた紙届書の写しって、どのくらいの量を処分したの？").figure != "3年間"
    from nenkin_search.fit import UNTIL
    assert UNTIL.search("施行後1年以内（令和8年5月26日まで）に") and not UNTIL.search("令和7年5月から戸籍等の")
    # the scheme a span's section is of (I-4 厚生年金保険・健康保険等の保険料徴収対策) is another than the one asked: the
    # row of the scheme asked, just behind it, answers (not 差押執行事業所数 30,693事業所)
    assert ask("国民年金未納「差押執行件数」、令和7年度上半期（令和7年9月末）は何件？").figure == "11,252件"
    assert ask("厚生年金の差押執行事業所数は今年度上期いくつ？").figure == "30,693事業所"
    # a month asked (2025年9月末時点) and things asked together (合計で): the 合計 row, not one of the things
    assert ask("2025年9月末時点で、国民年金保険料を口座振替かクレジットカードで払っている人の割合は合計で何％？"
               ).figure == "39.4%"
    # the case a cell is said under (（加入状況の再確認を要する場合）) denied by the question (確認がいらない場合): its
    # figure (36.6日) is the other case's, not the one asked; the case itself asked keeps it
    assert ask("今年度ふつうに老齢年金を請求したら、年金証書が届くまで平均で何日くらいかかるの？（加入記録の確認がいらない場合）"
               ).figure != "36.6日"
    assert ask("加入状況の再確認を要する場合の老齢年金の平均所要日数は？").figure == "36.4日"
    # everyday words for a multi-year contract (何年かまとめて契約) bridged to the report's 複数年契約
    assert ask("年金機構って外の業者に仕事をお願いしてるけど、何年かまとめて契約してるのってどれくらいあるの？"
               "今年度上期の分で。").figure == "26契約"


def test_a_breakdown_the_report_does_not_give_is_refused(api_env):
    """The report gives one figure for two groups together (「被保険者及び年金受給者約9,708万人」, 約16万人 not linked):
    asked for each group's, that figure is no answer."""
    assert not ask("マイナンバーが紐付いていない人は、年金受給者と被保険者でそれぞれ何人ですか").found
    assert not ask("紐付いていない約16万人の内訳を知りたい").found
    # both groups named together (被保険者及び年金受給者) ask the joint figure, which answers
    assert ask("マイナンバー 紐付け 被保険者及び年金受給者 総数").figure == "約9,708万人"
    # a table row counting two groups together (「死亡者に関する記録及び年金受給に結び付かない記録」: 1,312万件), one
    # asked alone (だけ): the row is no answer; the row asked by its own name is
    assert not ask("未統合記録のうち、死亡者の記録だけで何万件あるんですか？").found
    assert ask("死亡者に関する記録及び年金受給に結び付かない記録は何万件").figure == "1,312万件"
    given = ask("コンテストの応募210件の内訳は")  # 「210件（サービス改善部門66件、業務改善部門144件）」
    assert given.found and "サービス改善部門66件" in given.text


def test_a_word_said_only_negated_is_not_said():
    """未加入 does not say 加入, 不支給 does not say 支給; said beside its negation too, it is said."""
    assert "加入" not in said_tokens("年金制度未加入である節目年齢到達者6千人") and "未加入" in said_tokens("未加入者")
    assert "支給" not in said_tokens("不支給事案") and "支給" in said_tokens("不支給事案のうち335件について支給")


def test_the_figure_of_the_clause_that_says_the_thing_asked_not_its_negation(api_env):
    """「20歳到達者49万人、年金制度未加入である…到達者6千人を職権により適用」: who was made to join is 49万人."""
    assert ask("20歳で職権により国民年金に加入となった人は何人？").figures[:1] == ["49万人"]
    # the sentence's date (令和7年9月末までに) is said in 49万人's clause only; it chooses no figure: the 節目 asked
    assert ask("34・44・54歳の節目で年金に入っていなかった人を、令和7年9月末までに職権で加入させた人数は").figures[:1] \
        == ["6千人"]


def test_the_figure_whose_clause_says_what_is_counted(api_env):
    """「RFI結果の957件を新たにRFIデータベースに追加。情報数は…延べ10,545件」: the 情報数 is 10,545件."""
    assert ask("RFIデータベースに蓄積された情報数は延べ何件？").figures[:1] == ["10,545件"]


def test_a_rate_asked_is_not_answered_by_a_counts_growth(api_env):
    """「マルチペイメント利用状況 令和元年度: 2,036万件 (+1.6%)」 holds a count and its growth, not the rate asked;
    the クレジット実施率 row of that year answers."""
    a = ask("令和元年度のクレジット納付の実施率は何%？")
    assert a.found and a.figures[:1] == ["4.5%"]


def test_a_share_asked_is_the_rate_not_a_counts_signed_change(api_env):
    """「全額免除者数 … 530万人 (-0.5%)」: the -0.5% is the count's change; the share asked is 全額免除率."""
    assert ask("国民年金の保険料を全額免除されている人の割合は今どれくらい？").figures[:1] == ["40.5%"]


def test_a_count_of_people_is_not_answered_by_a_bare_cell_counting_offices(api_env):
    """「滞納事業所数: 140,074 (3,991) 事業所」 counts offices: how many insured people work there is a near miss."""
    assert not ask("滞納している事業所の被保険者は何人いる？").found


def test_a_threshold_asked_is_answered_by_the_threshold(api_env):
    """「何人超規模の企業」 asks a threshold: 「35人超規模の企業への適用拡大」 answers it (a threshold's figure is no
    result, but here it is what is asked)."""
    a = ask("令和9年10月からの適用拡大は何人超の企業が対象？")
    assert a.found and a.figures[:1] == ["35人"]


def test_a_rows_label_figures_are_its_coordinates(api_env):
    """「11人～20人 実施割合: 61.3%」 is the row a question naming 11人から20人 asks, not 「被保険者50人以下」's."""
    assert ask("従業員が11人から20人の会社の電子申請の実施割合は？").figures[:1] == ["61.3%"]


def test_a_months_row_answers_that_month_not_the_half_years_total(api_env):
    # サービススタンダード 【令和7年度】: 9月単月 92.5% beside 令和7年度上期累計 93.3%
    a = ask("サービススタンダードの老齢年金（加入状況の再確認を要する2か月）の達成率、令和7年9月単月では何%？")
    assert a.found and a.figure == "92.5%", (a.figure, a.figure_label)


def test_a_change_asked_of_a_count_gives_the_counts_level_and_last_years_is_no_level(api_env):
    assert ask("年金制度説明会の参加人数は、前年同期と比べてどれだけ増えたのか").figure == "120,725人"
    # 前年同期 B is the baseline: the count sent is 実績件数 A
    assert ask("特別催告状は令和7年度上半期に何件送付された？前年同期より多い？").figure == "3,387,913件"


def test_a_rate_against_the_plan_is_a_result_not_a_target(api_env):
    a = ask("市場化テストの電話勧奨、上半期の実施率は計画件数に対して何%？")
    assert a.found and a.figure == "110.0%"


def test_the_part_asked_after_the_whole_and_a_negated_word_asks_no_positive_one(api_env):
    # 「8,375件について点検を実施。うち、335件について支給」: the context of the whole (its date) is the part's too
    assert ask("精神障害等の不支給事案の再点検、令和6年12月24日原処分分までで支給決定に変更されたのは何件？").figure == "335件"
    # 不支給事案を点検した: 不支給 does not ask 支給
    assert ask("障害年金の不支給事案を点検したのは何件？").figure == "8,375件"
    assert ask("障害年金の不支給事案、何件を点検して何件が支給に変わった？").figures == ["8,375件", "335件"]


def test_months_a_table_gives_no_figure_for_are_not_answered_by_other_months(api_env):
    # 来訪相談件数 R7: 4月～9月 only (10月 onwards is 「-」)
    assert not ask("今年度の年金事務所の来訪相談って、10月とか11月は何件くらい来てるの？").found
    assert ask("令和7年度の来訪相談件数、8月は何件？").figure == "215,921"


def test_everyday_words_the_bridge_reads_count_as_covered(api_env):
    # 育休, 男の人, 去年: words the report never prints; their report words (育児休業, 男性, 昨年) are in the passage
    a = ask("年金機構の男の人の育休って平均で何日くらい取ってるの？去年より短くなったってほんと？")
    assert a.found and a.figure == "113.68日"


def test_how_many_cases_is_answered_by_a_count_of_what_was_counted(api_env):
    # 新規委任数 12事業所 answers 何件; 「所管した71事業所」 does not answer how many 立入検査
    a = ask("悪質な滞納事業所について滞納処分の権限を国税庁に委任した件数は今年度何件か")
    assert a.found and a.figure == "12事業所"
    assert not ask("厚生年金の未加入事業所に対する立入検査は、令和7年度に入ってから何件実施されましたか。").found


def test_seized_asked_in_everyday_spelling_is_the_seizures_row(api_env):
    assert ask("2025年9月末時点で、保険料の滞納で差し押さえを受けた事業所はいくつ？").figure == "30,693事業所"


def test_the_questions_own_figure_is_never_its_answer_even_in_a_cell(api_env):
    a = ask("厚生年金の被保険者が43,487,226人いるのはわかったけど、じゃあ厚生年金をもらってる人は何人いるの？")
    assert "43,487,226" not in (a.figure or "")


def test_one_group_asked_is_not_answered_by_the_figure_of_several(api_env):
    # 「老齢・遺族・障害年金（以下「年金裁定」という。）約75万件」: of the three together
    assert not ask("2025年4月から9月までに決定された老齢年金の新規裁定件数は何件ですか？").found
    assert ask("令和7年9月までに決定した老齢・遺族・障害年金の年金裁定は約何件？").figure == "約75万件"


def test_places_count_businesses_and_the_bridges_words_say_what_was_counted(api_env):
    # 何か所 is answered by a count of 事業所; 「国税庁に強制徴収を任せた」 is the report's 委任 (新規委任数)
    assert ask("従業員5人以上を雇っている可能性が高いのに厚生年金に未加入の事業所は、令和7年9月末で何か所残っている？").figure == "620事業所"
    assert ask("悪質な社会保険料の滞納で、国税庁に強制徴収を任せた事業所は令和6年度に何件あった？").figure == "24事業所"


def test_the_lowest_or_highest_of_a_series_is_its_lowest_or_highest_cell(api_env):
    # the report never writes 最も低い: the yearly rows of the table are compared (令和2年度 75.4% of 令和元〜6年度)
    a = ask("障害年金のサービススタンダード達成率、過去の年度でいちばん低かったのはいつ？")
    assert a.found and a.figure == "75.4%" and "令和2年度" in a.text and "最も低い" in a.text
    high = ask("全ダイヤル合計の応答率が一番高かった月は何月で何%？")
    assert high.found and high.figure == "87.9%" and "8月" in high.figure_label
    # a bound named before the superlative limits the series; a period named after it is asked as well
    assert "75.4%" not in (ask("障害年金のサービススタンダード達成率が令和3年度以降で最も低かった年度は？").figure or "")
    assert ask("加入指導で適用した被保険者数、どの年度がピークで令和6年度は何人？").figure == "265,002人 ／ 145,604人"
    assert not ask("国民年金の納付率が都道府県別で最も高いのはどこ？").found


def test_a_narrower_measure_does_not_answer_the_bare_one_the_report_also_measures(api_env):
    # 適用事業所数 runs from 平成28年度; 新規適用事業所数 from 平成26年度 counts only the new ones
    assert not ask("平成27年度の厚生年金の適用事業所数は何事業所？").found
    assert ask("平成27年度の新規適用事業所数は").figure == "157,184事業所"
    # … asked in everyday words the bridge reads as the report's (加入者数 → 被保険者数): 8.5万人 are the new ones
    assert ask("厚生年金 加入者数 令和7年9月末").figure != "8.5万人"
    # … and the act that makes new members asks the narrower one (加入指導で適用した: the new ones)
    assert ask("加入指導で令和7年9月末までに適用した被保険者数は").figure == "8.5万人"


def test_the_clause_asked_in_chooses_the_row_over_the_lead_in(api_env):
    # the lead-in names the table's three schemes; the clause asked names one of them
    a = ask("厚生年金保険料・健康保険料・船員保険料の徴収状況において、令和6年度の厚生年金保険の不納欠損額はいくらか。")
    assert a.figure == "285億円" and "厚生年金保険" in a.text
    # a premise about ミス before the figure asked: the sentence of 事務処理誤り発生件数
    assert ask("年金機構の事務処理ミスが報じられていますが、令和7年度に入ってから9月末までに事務処理誤りは何件発生して"
               "いるのですか？").figure == "198件"


def test_a_period_before_dake_is_no_part_and_a_half_is_not_the_whole(api_env):
    # 「上半期だけで」 names the time, not a part the row must name
    a = ask("国民年金を払わないでいると「特別催告状」が届くと聞きます。今年度の上半期だけで、年金事務所から何通くらい"
            "送られているのですか？")
    assert a.found and a.figure == "3,387,913件"
    # 半分だけ免除 (a half exemption) is not answered by 全額免除者数
    assert not ask("こくみんねんきん の ほけんりょう を はんぶん だけ めんじょ してもらってる ひと って なんにん いるの").found
    assert ask("国民年金の保険料を全額免除されている人は何人").figure == "530万人"


def test_a_place_asked_is_answered_by_the_span_that_names_it(api_env):
    # 沖縄 asked: the 沖縄プロジェクト sentence, not the national 納付率 row beside it
    a = ask("国民年金の納付率は沖縄県が全国で一番低いと報じられてきましたが、最新の沖縄の納付率はどのくらいですか？")
    assert a.found and a.figure == "61.6%" and "沖縄" in a.text
    assert not ask("東京都の国民年金の納付率は").found
    # … typed in kana too: MeCab knows とうきょう as a place, not as a name (the report never names it)
    assert not ask("こくみんねんきんの のうふりつって とうきょうとは いま なんぱーせんと？").found


def test_a_negative_asked_is_not_answered_by_a_figure_of_the_positive(api_env):
    # 「うち、335件（約4.0%）について支給」 is the share turned to 支給, not a 不支給 rate the report never gives
    assert not ask("障害年金が不支給になった割合は令和6年度で何%？").found
    assert ask("不支給事案を点検し直して支給に変わったのは何件？").figure == "335件"
    # 〈解明された記録〉 is the positive of 解明されていない: the sentence saying 未解明 answers, however far behind;
    # a row saying the verb negated (持ち主が判明していない記録) says the negative too
    assert ask("宙に浮いた年金記録のうち、いまだ解明されていない記録は令和7年9月時点で何件残っているか").figure \
        == "約1,660万件"
    assert ask("名寄せ特別便の対象になったが持ち主が判明していない年金記録は何件か").figure == "610万件"
    # … and so is 不明 (持ち主不明) of the verb ending in its stem (判明していない)
    assert ask("未統合記録 名寄せ特別便 未回答 持ち主不明 件数").figure == "610万件"


def test_a_figure_the_question_states_is_not_its_answer(api_env):
    # 74.3% is the 男性 rate the question quotes; the 女性 one asked is not in the report
    assert not ask("男性の育休取得率は74.3%と聞きましたが、女性職員の育休取得率は何%ですか").found


def test_a_forecast_asked_is_not_answered_by_a_figure_that_forecasts_nothing(api_env):
    # 「短時間労働者約13万人程度を含む」 counts today's 未適用者, not who the 適用拡大 is expected to bring in
    assert not ask("適用拡大で新しく厚生年金に入ると見込まれるパートは何万人？").found
    assert not ask("国民年金の納付率は今年度末で何%になる見通し？").found
    # the year's close asked without a forecast's words: 9月末's 72.7%, nor any month of a year not over, is it
    assert not ask("FY2025（2025年度分）の国民年金の現年度納付率は、年度末の時点で最終的に何％になりましたか？").found
    assert not ask("令和7年度の国民年金の納付率の確定値は何%").found


def test_a_list_after_the_figure_says_what_was_done_not_whose_figure_it_is(api_env):
    # 「83件について事務処理誤りの予防・早期対応を図った」: 予防 named alone does not make 83件 a joint figure
    assert ask("年金決定時チェックで事務処理誤りを予防した件数").figure == "83件"
    # a cost asked (郵送費) is not answered by a count of people
    assert not ask("ねんきん定期便の郵送費は年間いくらかかっているの？").found


def test_advice_on_a_personal_choice_is_refused(api_env):
    # the report never weighs one's own choices: its 70歳までの就業確保 is about the service's staff
    a = ask("年金って65歳からもらうのと70歳まで待ってからもらうのと、結局どっちが得なの？")
    assert not a.found and a.features["advice"] == 1.0


def test_a_figure_that_includes_the_thing_asked_is_not_its_figure(api_env):
    # 収納未済額 (延滞金含む) is the unpaid total, 延滞金 within it: no 延滞金 amount is given
    assert not ask("会社が社会保険料を遅れて払ったときの延滞金って全部でいくら取っているの？").found
    assert ask("厚生年金保険料の収納未済額（延滞金含む）はいくら").found


def test_names_in_what_is_said_about_the_topic_set_the_scene(api_env):
    # 「東京や大阪など…低いとされますが、」 is context: the 大都市圏 offices' rate is asked, and given
    a = ask("納付率は東京や大阪で低いと言われますが、未納者の多い大都市圏の年金事務所の現年度納付率は何％？")
    assert a.found and a.figure == "72.0%"
    assert not ask("東京では納付率が低いと言われますが、東京都の納付率は何%？").found
    # … and so do those of the source cited in brackets after the scene: a place in it is not asked about
    a = ask("高校に職員が出向いて年金セミナーを開く取組が各地で行われています（東広島の地域ニュース）。今年度の上半期、"
            "年金セミナーは何回開かれましたか。")
    assert a.found and a.figure.startswith("1,503回"), a.figure
    assert not ask("東広島の年金事務所の相談件数は何件？").found


@pytest.mark.slow
def test_a_row_naming_the_unit_asked_over_one_naming_nothing_counted(api_env):
    # 何人: 調査により適用した被保険者数 (者数 says 人), not 総合調査実施数 (120,944 surveys) beside it
    a = ask("2024年度、年金事務所の事業所調査で加入漏れが見つかり新たに厚生年金に入った人は何人？")
    assert a.found and a.figure.startswith("56,726")


@pytest.mark.slow
def test_a_change_asked_is_the_change_column_not_the_level(api_env):
    a = ask("協会けんぽの保険料でまだ払われていない額は、前の年と比べてどれだけ減ったの？")
    assert a.found and "221億円" in a.figure and "2,494" not in a.figure


@pytest.mark.slow
def test_a_target_row_is_no_part_beside_the_result_row(api_env):
    # 標準的な処理期間の目標 (4日) and 令和7年4月の実績 (3.3日): the result is asked
    a = ask("入社したときの社会保険の紙の届出は何日で処理されている？")
    assert a.found and a.figure == "3.3日"


@pytest.mark.slow
def test_places_given_as_examples_do_not_refuse(api_env):
    a = ask("東京とか大阪みたいな都会の、未納の人が多い年金事務所って、払ってる人の割合どこまで上がったの？")
    assert a.found and a.figure.startswith("72.0%")
    assert not ask("東京都の国民年金の納付率は").found  # a place asked about, not an example


@pytest.mark.slow
def test_a_scheme_of_a_kind_the_report_never_names_is_off_topic(api_env):
    # no 基金 anywhere in the report: 国民年金基金 is not 国民年金
    assert not ask("国民年金基金に加入できる年齢の上限は何歳までですか").found
    assert not ask("年金積立金の運用益は去年いくらだった").found
    assert ask("障害年金の不支給件数は").found
    # a benefit named by one everyday word and its kind, which the report never says as one (生活, 企業 are its words)
    for question in ("年金だけじゃ生活できないとき、生活保護って一緒にもらえるの？", "企業年金の運用利回りは平均で何％ですか",
                     "退職給付の基準利率は2025年度で何％？"):
        assert not ask(question).found, question


@pytest.mark.slow
def test_the_other_thing_an_entry_names_is_not_its_tables(api_env):
    # the table counts 来訪相談件数; the 予約件数 the entry names too has no figures in the report
    assert not ask("年金事務所の相談予約って、令和6年度は全部で何件入ってたの？").found
    assert not ask("年金事務所 予約件数 令和7年8月").found
    a = ask("年金事務所の来訪相談件数は令和6年度で何件？")
    assert a.found and a.figure.startswith("2,829,137"), (a.text, a.figure)
    assert a.citation.part == "年金事務所の来訪相談件数"


def test_a_change_asked_of_a_figure_the_question_states_is_not_answered_by_that_figure_alone(api_env):
    # the span gives 49万人 (and another group's 6千人) but no change and no last year's figure
    assert not ask("令和7年9月末までに職権により適用した20歳到達者49万人は、前年同期と比べて何人増減したか。").found
    assert not ask("2025年9月末までの事業所調査で新たに適用された2.9万人は、2024年9月末時点と比べて何人増えましたか？").found
    # … nor, with no figure stated, by a span that gives one period's level and nothing to read a change from
    # (198件(9月末時点): the bracket dates it, it is no figure of last year's)
    assert not ask("事務処理誤りの発生件数って去年の同じ時期より増えたの？").found
    assert not ask("令和7年度の事務処理誤りは前年同期比で何件増えましたか").found
    # last year's in brackets beside it answers the comparison (93.5%(93.9%))
    assert ask("遺族年金で加入状況の再確認が必要な2か月のサービススタンダード、達成率は前年度と比べて上がった？").found


def test_a_unit_the_question_counts_in_cases_answers_its_count(api_env):
    # 「事業所は何件」 counts 事業所 in cases: a cell of 12事業所 answers it, though its label (新規委任数) names
    # no word of the question
    a = ask("悪質な滞納について国税庁へ新たに委任した事業所は何件ありますか？")
    assert a.found and a.figure == "12事業所"


def test_a_second_span_is_not_the_first_sentence_again(api_env):
    # the sentence of 74.3%（昨年同時期78.0%） and the bullet that holds it are one fact: one figure, once
    a = ask("国家公務員の育児休業取得率は2024年度に過去最高と報じられていますが、日本年金機構の男性職員の育児休業取得率は"
            "前年の同じ時期と比べて上がっているのでしょうか、それとも下がっているのでしょうか？")
    assert a.found and a.figures.count("74.3%") == 1


def test_a_row_under_a_condition_the_question_does_not_state_is_not_the_one_asked():
    from nenkin_search.answer import _unasked_condition
    from nenkin_search.query import analyse
    row = "老齢年金 2か月（加入状況の再確認を要する場合）"
    assert _unasked_condition(row, analyse("老齢年金の平均所要日数は？"))
    assert not _unasked_condition(row, analyse("加入状況の再確認を要する老齢年金の平均所要日数は？"))
    assert not _unasked_condition("老齢年金 1か月", analyse("老齢年金の平均所要日数は？"))


# The figure asked among one thing's figures, by kind (fresh rounds 54–59): each fails without its rule.
@pytest.mark.parametrize("question, figure", [
    # a change asked is the change's figure though its clause names only where it moved from (the scene's 納付率 …
    # 全国最低 choosing no figure)
    ("沖縄県の国民年金保険料の納付率は長年全国最低と報道されてきましたが、令和7年9月末時点の沖縄の現年度納付率は"
     "前年同時期からどのくらい上昇したのか", "+1.4ポイント"),
    # a figure in a sentence's topic (「7種類の文書については、若い世代…のご意見」) is what the predicate says of it
    ("年金機構から来る手紙を分かりやすくするのに若い人の意見も聞いて直した文書は何種類？", "7種類"),
    # a change asked by the verb that made it
    ("予約の取りづらい拠点に相談ブースをいくつ増やしたのか", "6ブース"),
    # a figure dated on its own (「137,840人(令和7年9月末) (令和7年3月末：134,255人)」): the one of the period asked
    ("職域型年金委員は令和7年3月末の時点で何人委嘱されていたのですか？", "134,255人"),
    ("未解明記録は令和7年3月時点で何件だったか", "1,676万件"),
    # the figure of the same time a year before asked, beside the latest (19.4%（昨年同時期17.5%）)
    ("ねんきんきこうの じょせいかんりしょくの わりあい きょねんの おなじころは なんぱーせんと だった？", "17.5%"),
    # … last year's in brackets beside this year's (「実施回数2,082回（1,478回）」)
    ("年金制度説明会ってさ、去年の同じ時期は何回やってたの？", "1,478回"),
    # a past month asked (令和7年3月末, read back from kana) of 「99.83%（令和7年3月末99.82%）」
    ("まいなんばーと ねんきんの ひもづけりつって ことしの3がつまつは なんぱーせんとだった？", "99.82%"),
    # the period of the clause asked in, not of its scene (「令和7年9月末の…上がったそうですが、前年の令和6年9月末時点では」)
    ("令和7年9月末の沖縄の現年度納付率は前年同期より上がったそうですが、前年の令和6年9月末時点では何％だったのですか？",
     "60.2%"),
    # a change column dated by its row (対前年同月比 of 令和6年9月末 → 令和7年9月末)
    ("令和7年9月末の口座振替納付の実施率は、前年同月と比べてどれだけ変化しましたか？", "▲0.4pt"),
    # the latest level's cell (今年度応答率 計: 81.1%) says no change; the sentence does (81.1%（対前年比+0.6%）)
    ("令和7年4月から9月の全ダイヤル合計の応答率は、前年と比べてどれだけ改善したのでしょうか？", "+0.6%"),
    # a change asked as its ratio (対前年同期比 A／B: 103.1%)
    ("令和7年度上半期の年金事務所における国民年金保険料の差押執行件数は、前年同期と比べてどれだけ増加したか（対前年同期比）。",
     "103.1%"),
    # a row whose label says its brackets hold the change (「被保険者数 (対前年度)」: 43,487,226 (678,037) 人)
    ("令和7年9月末の厚生年金保険の被保険者数は、前年同期と比べて何人増えていますか？", "678,037人"),
    # a change asked yes or no is answered by the level, its change the proof (97.7%となり、…+0.2ポイント上回って)
    ("厚生年金保険料の収納率は前年より上がった？", "97.7%"),
    # the value of the thing asked: 「調達計画額（22,443百万円）からの削減額は6,800百万円」
    ("2025年9月末時点の調達計画額（総合評価落札方式を除く競争性のある契約）はいくら？", "22,443百万円"),
    ("調達計画額からの削減額はいくら", "6,800百万円"),
    # two columns asked together (「繰越分と令和7年度移管分を合わせて」): the 合計 column, not one of them
    ("特別法人対策部が令和7年度に所管する事業所数は、前年度からの繰越分と令和7年度移管分を合わせて何事業所か。", "396事業所"),
    # two rows asked together (「口座振替とクレジットカード納付を…合計で」): the 合計 row
    ("国民年金の保険料は、納付書での現金払いのほかに口座振替やクレジットカード、スマホアプリなどいろいろな納め方がある"
     "と解説サイトで紹介されていました。このうち口座振替とクレジットカード納付を利用している人の割合は、合計で何％になって"
     "いますか？", "39.4%"),
    # the whole of 「80契約中26契約」 asked as all of them
    ("2025年度上半期に日本年金機構が締結した契約は全部で何契約？", "80契約"),
    # the scene's 「24時間いつでも」 asks no date: the cell of the year asked answers
    ("マイナポータルで学生納付特例の申請が24時間いつでもできるそうですが、令和6年度の学生納付特例申請書の電子申請の件数と"
     "割合は？", "43.1万件 ／ 22.0%"),
    # the thing asked of its own period and under its own name (guards for the refusals below)
    ("国税委任実績について、令和6年度の新規委任数は何事業所か。", "24事業所"),
    ("オンライン事業所年金情報サービスの申込事業所数は", "168,613社"),
    # the figure whose own sentence says the half asked (「令和7年4～9月で25種類の…審査」), not the next sentence's
    # 7種類 that says none; the half asked as its months, or by name
    ("お客さんに送る文書、4月から9月で何種類見直したの？", "25種類"),
    ("お客様向け文書って上半期で何種類くらいチェックしたの？", "25種類"),
    # the report's word for the group (一般職) chooses the figure as the question's own word would
    ("役職のない職員の時間外勤務は月平均何時間？", "7時間56分"),
    # how widely a service is used: its take-up (a share), not the count of its users
    ("社会保険の電子申請、被保険者21人～30人の事業所ではどのくらい利用されている？", "70.5%"),
    ("国民年金の免除申請、マイナポータルからの電子申請はどれくらい使われてるの？", "13.3%"),
    # a how-many typed in kana after an adverb typed in kana (いま), before a verb typed in kana (いるの)
    ("全額免除のひとっていまなんにんいるの？", "530万人"),
])
def test_the_figure_asked_among_one_things_figures(api_env, question, figure):
    a = ask(question)
    assert a.found and a.figure == figure, (a.text, a.figure)


# Near misses the report does not answer, by kind (fresh rounds 54–59): each was answered without its rule.
@pytest.mark.parametrize("question", [
    # a later snapshot than any the span gives (令和8年9月末 asked; the report's is 令和7年9月末)
    "令和7年度分保険料の過年度1年目納付率は令和8年9月末時点で何％か",
    # the year as a whole asked, of a year not over: its first half (令和7年度（4～9月）) is not it
    "令和7年度通期の電子応札率は何％か",
    # 「延滞金を除いた…額」 asked; the cell is 「収納未済額 (延滞金含む)」
    "特別法人対策部所管事業所の収納未済額について、令和7年9月末時点の延滞金を除いた保険料本体の額はいくらか。",
    # 「2.9万人のうち…は何人」: the span's 498万人 (被保険者 checked) cannot be a part of it
    "令和7年9月末までの事業所調査により新たに適用した2.9万人のうち、短時間労働者の適用拡大に伴うものは何人か。",
    # the 新規委任数 row has 令和6年度 and 9月末 only: another table's 令和5年度末 cell is another thing
    "国税委任実績について、令和5年度の新規委任数は何事業所か。",
    # a table of 電子申請 by 資本金 is not 「オンライン事業所年金情報サービスの申込事業所数」
    "オンライン事業所年金情報サービスの申込事業所数は、2021年度末時点で何社でしたか？",
    # (round 69) 「令和6年10月に運用を開始した電子入札システムの…令和7年度（4～9月）の…電子応札率は88.9%」: a period
    # that only dates a thing's start is not the figure's
    "電子入札システムの令和6年度の電子応札率は何％？",
    # (round 69) 「45件の提案があり…30件を採用」 is this year's: the year before's is not said
    "職員の業務改善提案って、去年の同じ時期は何件採用されてたの？",
    # (round 76) a figure asked of a sentence that says none of the question's words (「未解明記録は約1,660万件」)
    "ねんきんネットの文書相談の試行って、今までに何件くらい相談来てるの？",
])
def test_a_near_miss_of_period_part_or_name_is_not_answered(api_env, question):
    a = ask(question)
    assert not a.found, (a.text, a.figure)


def test_the_year_befores_figure_said_in_brackets_answers_it(api_env):
    # the control of the year-before rule (職員の業務改善提案…去年の同じ時期): 「実施回数1,503回（1,087回）」 gives
    # last year's beside this year's
    a = ask("年金セミナーの実施回数は昨年同時期は何回？")
    assert a.found and a.figure == "1,087回", (a.text, a.figure)


def test_a_bare_how_much_after_a_change_asks_its_size(api_env):
    # 「去年より減ったの？どれくらい？」: the 対前年同月比 cell, not the level
    a = ask("口座振替で払っている人の割合って去年より減ったの？どれくらい？")
    assert a.found and a.figure == "▲0.4pt", (a.text, a.figure)


def test_chat_adverbs_do_not_drown_what_is_asked(api_env):
    a = ask("年金のセミナーって最近けっこうやってるって本当？今年の上半期は何回やったの？去年より増えてるの？")
    assert a.found and a.figure == "1,503回", (a.text, a.figure)


def test_a_level_and_its_change_asked_together_give_both(api_env):
    # the change's column (対前年同期比: ▲395億円) gives no level: the level is read from the row's dated cell
    a = ask("令和7年9月末時点の厚生年金保険の収納未済額はいくらで、前年同期からいくら減少したか。")
    assert a.found and a.figures == ["4,200億円", "▲395億円"], (a.text, a.figures)


def test_a_member_named_only_in_a_scene_sentence_is_not_the_one_asked(api_env):
    # 「ねんきんダイヤルは…つながらない。」 states the scene; the sentence asked asks of 電話 at large, which the
    # total over every dial answers. Named in the sentence asked, the one dial is still asked (and not given).
    a = ask("ねんきんダイヤルは全然つながらない。電話ってどのくらいの割合でつながっているの？")
    assert a.found and a.figure == "81.1%"
    assert not ask("ねんきんダイヤルの応答率は何%？").found


def test_a_contrast_asked_in_everyday_words_is_the_report_words():
    # 女の人 is 女性 to the bridge: 男性's rate, named in the scene, does not answer 女の人's
    from nenkin_search.query import analyse
    from nenkin_search.synonyms import load
    q = analyse("男の人の育休取得率は74%ぐらいって出てたけど、女の人の育休取得率はどんくらいなの？", synonyms=load())
    span = "令和7年9月末の男性育児休業取得率は74.3%（昨年同時期78.0%）"
    assert _swapped(q.in_report_words(q.norm), span, DEFAULT.contrasts, q.in_report_words(q.focus))
    assert not _swapped(q.norm, span, DEFAULT.contrasts, q.focus)  # as typed, no word of the pair is said
    men = analyse("男の人の育休取得率はどれくらい？", synonyms=load())
    assert not _swapped(men.in_report_words(men.norm), span, DEFAULT.contrasts, men.in_report_words(men.focus))


def test_a_condition_said_negated_is_not_asked():
    from nenkin_search.answer import _unasked_condition
    from nenkin_search.query import analyse
    row = "【サービススタンダードの達成率】 遺族年金 2か月（加入状況の再確認を要する場合）"
    assert _unasked_condition(row, analyse("遺族年金の平均所要日数は"))
    assert _unasked_condition(row, analyse("遺族年金、記録の再確認が要らない場合の平均所要日数は"))
    assert _unasked_condition(row, analyse("遺族年金で加入状況の確認不要なケースの所要日数"))
    assert not _unasked_condition(row, analyse("遺族年金で加入状況の再確認が必要な場合の平均所要日数は"))


def test_what_was_done_is_answered_with_the_sentence_that_goes_on_with_it(api_env):
    # 「…周知・広報を実施。さらに、…「氏名変更のお知らせ」を送付…注意喚起を実施。」: さらに goes on with the measure
    a = ask("戸籍にフリガナが載るようになって、年金の振込口座の名義と合わなくなるかもと聞きました。年金機構は何か対策をしているんですか？")
    assert a.found and "周知・広報を実施。さらに" in a.text and "氏名変更のお知らせ" in a.text
    assert a.text.count("。") == 2  # the measure's two sentences, not the bullet's others


def test_a_sentence_goes_on_only_after_a_connective_of_its_bullet():
    from nenkin_search.candidates import _GOES_ON

    assert _GOES_ON.match("さらに、実際に振り仮名の届出を行った年金受給者に対しては…")
    assert _GOES_ON.match("加えて、…") and _GOES_ON.match("あわせて、…")
    assert not _GOES_ON.match("また、年金センターで実施した…") and not _GOES_ON.match("その結果、…")


def test_the_total_asked_is_the_whole_a_bracket_glosses_before_its_part(api_env):
    # 「帳票（125帳票・約2,870万枚）のうち、…14帳票・約1,000万枚について」: ぜんぶで asks the whole; the part's own
    # question keeps the part
    assert ask("拠点が紙で出力している帳票は全部で何枚").figure == "約2,870万枚"
    assert ask("電子化や廃止の対象にする帳票は何枚").figure == "約1,000万枚"


def test_a_thing_measured_that_is_a_change_asks_the_change(api_env):
    # 削減数, 減少額: the figure cut, not the level reached (「…357事業所…となり、…39事業所、3億円を削減」)
    assert ask("特別法人対策部 所管事業所 削減数").figure == "39事業所"
    assert ask("厚生年金保険料の収納未済額の減少額は").figure == "395億円"


def test_a_column_part_beside_its_total_is_not_asked_unless_named(api_env):
    # 令和7年度所管分: 前年度からの繰越 189, 令和7年度移管分 207, 合計 396 — a question naming no part is not
    # answered with the part carried over
    assert ask("特別法人対策部の所管事業所数は").figure != "189事業所"
    assert ask("特別法人対策部の前年度からの繰越の所管事業所数は").figure == "189事業所"
    assert ask("特別法人対策部が所管する事業所のうち令和7年度移管分は何事業所").figure == "207事業所"
