"""Query analysis: cleaned once, tokens for every field, periods, answer type, intent."""
from __future__ import annotations

import re

import pytest

from nenkin_search.errors import QueryError
from nenkin_search.periods import Period, find
from nenkin_search.query import analyse, clean, kana_typed
from nenkin_search.synonyms import load as load_synonyms


def test_clean_refuses_what_cannot_be_searched():
    for bad in ("", "  \u3000", "！？", "\x00\x07", "x" * 2001, 3):
        with pytest.raises(QueryError):
            clean(bad)  # type: ignore[arg-type]
    assert clean("年金\x07納付率") == "年金 納付率"


def test_analysed_once_for_every_field():
    q = analyse("障害年金の不支給点検件数は")
    assert set(q.terms) == {"lemma", "reading", "ngram"}
    assert "点検" in q.terms["lemma"] and "しょ" in q.terms["reading"] and "障害" in q.terms["ngram"]
    assert q.answer_type == "count" and q.wants_figure and q.intent == "result"
    # the report's author as the topic a question opens with is no word to match (every passage is its doing);
    # later in a question it is the subject asked about, and stays
    assert "機構" not in analyse("年金機構ってセキュリティ面で来年度どこが課題って言ってんの？").terms["lemma"]
    assert "機構" in analyse("追納の勧奨として、日本年金機構が令和7年度に新たに始めた取組は").terms["lemma"]


def test_periods_and_intent():
    q = analyse("2023年度の国民年金の納付率の目標は", editions=find("令和7年度"))
    assert [p.key for p in q.periods] == ["FY2023"] and q.plan and q.answer_type == "rate"
    nxt = analyse("令和8年度の年金相談の課題", editions=find("令和7年度"))
    assert nxt.challenge and nxt.intent == "challenge"
    assert not analyse("令和8年度の年金相談").challenge  # without the edition, 令和8年度 is just a year
    assert analyse("令和8年度の年金相談", editions=find("令和7年度")).challenge


def test_a_challenge_question_asks_for_the_challenge_not_a_figure_or_next_year():
    q = analyse("厚生年金保険料の収納率について令和8年度計画策定に向けた課題は", editions=find("令和7年度"))
    assert q.challenge and q.answer_type is None and q.periods == () and q.editions == (2025,)
    # the column named says which column, not what about: neither search leg reads it (as words it met every
    # 「○令和8年度は…」 bullet)
    assert "計画策定" not in q.dense_text and "課題" in q.dense_text and "策定" not in q.terms["lemma"]
    # a figure about next year asked without 課題 is still a figure question, of that year
    assert analyse("来年度の収納率の目標は何%", editions=find("令和7年度")).answer_type == "rate"
    nxt = analyse("2026年度の現年度納付率の目標は何％？", editions=find("令和7年度"))
    assert nxt.answer_type == "rate" and [p.key for p in nxt.periods] == ["FY2026"]
    # a calendar year before the report's dates an event the challenge is said against; a past fiscal year asked stays
    past = analyse("2015年に年金情報が流出した機構は、今後の備えについて何を課題に挙げていますか？", editions=find("令和7年度"))
    assert past.challenge and past.periods == ()
    assert [p.key for p in analyse("令和6年度の課題は何だったか", editions=find("令和7年度")).periods] == ["FY2024"]


@pytest.mark.parametrize("question, keys", [
    ("国民年金の納付率を年代別にみると", ("年代", "付率")),
    ("未加入事業所の業種別の内訳", ("業種",)),
    ("都道府県別の未納者数", ("府県",)),
    ("特別支給の老齢厚生年金の支給開始年齢", ()),      # 特別 is not a breakdown
    ("障害年金の点検件数は", ()),
    ("支給に変更された335件の障害等級（1級・2級・3級）別の件数", ("等級",)),  # the groups in brackets between
])
def test_breakdown_forms(question, keys):
    import re

    needs = analyse(question).needs
    assert len(needs) == len(keys)
    for need, key in zip(needs, keys):
        assert re.search(need, f"{key}別の表") or re.search(need, f"納{key}は"), (need, key)


def test_a_rate_asked_is_said_by_its_noun_or_by_the_rate_the_bridge_reads_it_as():
    import re

    from nenkin_search.asks import needs
    need, = needs("テストの正解率は", "テストの正解率は")
    assert not re.search(need, "理解度チェックの平均正答率は99.9%")
    need, = needs("テストの正解率は", "テストの正解率は", ("正答率", "理解度チェック"))
    assert re.search(need, "理解度チェックの平均正答率は99.9%") and not re.search(need, "納付率は72.7%")


def test_a_breakdown_is_said_by_its_key_not_inside_a_longer_word():
    import re

    need, = (n for n in analyse("マルチランゲージサービス 言語別 利用件数").needs if "別" in n)
    assert re.search(need, "言語別の利用件数") and re.search(need, "英語など10の言語 ごと")
    assert not re.search(need, "マルチランゲージサービス（多言語通訳）の利用件数は5,209件")


def test_ranking_frequency_and_language_forms():
    import re

    ranking, = analyse("未納者が一番多い県は").needs
    assert re.search(ranking, "納付率が最も低い") and not re.search(ranking, "納付率は72.7%")
    frequency, = analyse("事業所調査は何年に1回来る？").needs
    assert re.search(frequency, "原則、毎月開催") and re.search(frequency, "4年に1回") and not re.search(frequency, "調査を実施")
    language, = analyse("翻訳機は何語に対応している？").needs
    assert re.search(language, "12言語に対応") and not re.search(language, "翻訳機を導入")
    per_person, = analyse("1人あたりいくら戻ってくる？").needs
    assert re.search(per_person, "1人当たり平均2万円") and not re.search(per_person, "収納済額 18兆6,617億円")
    monthly, = analyse("介護保険料は毎月いくら引かれる？").needs
    assert re.search(monthly, "月額1万6,980円") and not re.search(monthly, "収納済額 18兆6,617億円")
    assert analyse("障害年金の平均所要日数は").needs and analyse("何歳から").needs == ("歳|[1-9]0代",)


def test_a_rate_named_by_its_noun_needs_that_rate():
    import re

    need, = analyse("厚生年金の保険料率は何%").needs
    assert re.search(need, "保険料率") and not re.search(need, "収納率 厚生年金保険料 97.7%")
    need, = analyse("国民年金の納付率は").needs
    assert re.search(need, "現年度納付率 72.7%")
    assert analyse("女性職員の比率は").needs == ()  # 比率: a ratio, not a named rate


def test_this_year_is_the_reports_year():
    q = analyse("財産を差し押さえられた事業所は今年度上半期で何社", editions=find("令和7年度"))
    assert [p.key for p in q.periods] == ["FY2025H1"]
    assert analyse("本年度の納付率", editions=find("令和7年度")).periods[0].key == "FY2025"
    assert analyse("今年度の納付率").periods == ()  # no report, no year to read it as
    assert analyse("今年から何年目の人に届く", editions=find("令和7年度")).periods == ()  # since when, not which year
    assert [p.key for p in analyse("今年の上半期だけで何通", editions=find("令和7年度")).periods] == ["FY2025H1"]


def test_a_clause_naming_nothing_but_a_period_asks_about_the_clause_before():
    q = analyse("特別催告状ってすごい数送ってるらしいけど、今年の上半期だけで何通くらい出てるの？")
    assert "催告状" in q.asked_tokens
    # a last clause that names its own thing is the focus alone
    assert "催告状" not in analyse("特別催告状は送ったらしいけど、電話勧奨は何件").asked_tokens


def test_how_often_is_a_frequency_not_a_figure_or_a_date():
    for q in ("情報管理対策本部はどのくらいの頻度で開いている？", "事業所調査は何年に1回来る？"):
        a = analyse(q)
        assert a.answer_type == "frequency" and not a.wants_figure and a.needs, q
    assert analyse("何年に開始した？").answer_type == "date"


def test_itsuka_ending_a_question_asks_when():
    # 「…のはいつか。」 asks the date; いつか as "some day" does not
    assert analyse("年金事務所において紙の届書の廃棄を開始したのはいつか。").answer_type == "date"
    assert analyse("情報連携システムの機器更改はいつか").answer_type == "date"
    assert analyse("いつか年金をもらう人の保険料の納付率は").answer_type != "date"


def test_the_question_word_decides_the_type_and_unit():
    # a noun of another type elsewhere in the question (税額) does not overrule the question word (何人)
    q = analyse("源泉徴収税額の精算が行われる老齢年金の受給者は何人ですか")
    assert q.answer_type == "count" and q.unit == "人"
    assert analyse("監理団体 リーフレット 設置 団体数").unit == "団体"
    # a count of staff or members (職員数, 人員数, 会員数) counts people: a 事業所 count is no answer to it
    assert analyse("特別法人対策部 職員数").unit == "人"
    assert analyse("相談員数はどれくらい").unit == "人"
    assert analyse("沖縄の納付率は前年と比べて何ポイント上がった").unit == "pt"
    assert analyse("何回かけたの").answer_type == "count"
    # 何人かで: several people, not how many
    assert analyse("障害年金の判定を何人かで見るようにした？").answer_type is None
    # 何万人か、…: how many, then a second thing asked (not 何人かの: several)
    q = analyse("国民年金の第1号被保険者数は最新時点で何万人か、前年同期と比べた増減率も")
    assert q.answer_type == "count" and q.unit == "人"
    # a count of languages or countries (何か国語, typed in kana too) is a count
    assert analyse("翻訳機は何か国語に対応しているの").answer_type == "count"
    kana = analyse("ほんやくきは なんかこくごに たいおうしているの", lexicon=lambda: {"ほんやくき": "翻訳機", "たいおう": "対応"})
    assert kana.answer_type == "count" and "何か国語" in kana.norm and "対応している" in kana.norm
    # how often, typed in kana, asks a frequency
    assert analyse("かいぎは どのくらいの ひんどで ひらいてるの", lexicon=lambda: {"かいぎ": "会議"}).answer_type == "frequency"
    # a counter's noun asked with いくつ is counted, whatever rate qualifies it: not the rate
    q = analyse("年金相談の予約率が90%を超えている拠点はいくつある？")
    assert q.answer_type == "count" and q.unit == "拠点"
    assert analyse("船員保険の保険料収納率、令和7年9月はいくつ？").answer_type == "rate"
    # a headline's question word before the sentence asked in does not type it: that sentence names its figure
    q = analyse("年金機構の電話、なぜつながりにくい？令和7年度上期のコールセンター応答率が最も低かった月の数値は")
    assert q.answer_type == "rate"
    assert analyse("年金機構の電話はなぜつながりにくいのか").answer_type == "reason"
    # … nor does one inside a sentence of context, when the sentence asked in has its own: it asks a duration …
    assert analyse("届書の紙はいつまで保管されるのか、ブログで保管ルールの見直しが話題になっていた。"
                   "電子決裁システムで処理した紙の届書は、何年保管したら廃棄できるルールになった？").answer_type == "duration"
    # … but two questions are both asked, the first first
    assert analyse("令和2年度の差押事業所数は何事業所か。また、その年度に数が少ないのはなぜか。").answer_type == "count"


def test_a_keyword_query_ending_a_word_in_数_asks_a_count():
    assert analyse("事業所 総合調査 実施数 平成30年度").answer_type == "count"
    assert analyse("RFIデータベースの情報数（令和7年9月末時点）").answer_type == "count"  # its period in brackets


def test_a_counter_word_names_the_unit_when_no_question_word_does():
    assert analyse("相談ブースはいくつ確保した").unit == "ブース"
    assert analyse("事業所調査で新たに適用された人は何人").unit == "人"  # 何人 decides over 事業所


def test_more_forms_and_counts_asked():
    assert analyse("ねんきんダイヤルの電話番号は何番ですか").needs  # a number to call
    assert analyse("満足度は何点くらい").needs  # a score
    q = analyse("年金事務所は全国に何カ所ありますか")
    assert q.answer_type == "count" and q.unit == "か所"
    q = analyse("チャットボットは年間でどれくらいの人に利用されていますか")
    assert q.answer_type == "count" and q.unit == "人"
    assert analyse("男性は74.3%と聞いたけど、女性はどうなの").focus.startswith("女性")


def test_dates_typed_in_kana_are_read():
    from nenkin_search.periods import kana_dates

    assert kana_dates("れいわななねん くがつまつ で なんぱーせんと") == "令和7年 9月末 で なんぱーせんと"
    assert kana_dates("れいわにねんど") == "令和2年度" and kana_dates("れいわがんねんど") == "令和元年度"
    assert kana_dates("わりあい れいわ にねんどは") == "わりあい 令和2年度は"  # typed word by word
    assert kana_dates("しがつから じゅうにがつ") == "4月から 12月"
    # digits with kana around them, as a phone types them
    assert kana_dates("れいわ7ねんどの のうふりつ、5がつまつ じてん") == "令和7年度の のうふりつ、5月末 じてん"
    assert kana_dates("12がつ") == "12月" and kana_dates("2025ねん13がつ") == "2025ねん13がつ"


def test_a_kana_date_names_the_period_in_a_question_not_all_kana():
    q = analyse("れいわ7ねんどの 国民年金 のうふりつ、5がつまつ じてんだと なんぱーせんと", editions=find("令和7年度"))
    assert [p.key for p in q.periods] == ["FY2025-05"]


def test_a_half_named_without_a_year_is_the_reports_half():
    keys = lambda text: [p.key for p in analyse(text, editions=find("令和7年度")).periods]
    assert keys("お客様向け文書は上半期で何種類審査した") == ["FY2025H1"]
    assert keys("地域部の拠点訪問は上期で何回") == ["FY2025H1"]
    assert keys("令和6年度上期の訪問件数") == ["FY2024H1"]  # a year named: that year's
    assert keys("前年同期と比べて") == []  # 同期 is no half


def test_the_copula_nan_desu_asks_no_reason():
    # 「割合なんですか」 is 割合なのですか; なんで asks why only on its own
    assert analyse("両方合わせるとどれくらいの割合なんですか？").answer_type == "rate"
    assert analyse("何件なんでしょうか").answer_type == "count"
    assert analyse("なんで納付率が下がったの").answer_type == "reason"
    assert analyse("なんで減ったんですか").answer_type == "reason"


def test_things_asked_together_however_joined():
    for text in ("口座振替とクレジットカード、両方合わせると何%", "口座振替とクレジットカードを合わせた割合", "両方で何%"):
        q = analyse(text)
        assert q.together and q.total, text
    assert not analyse("口座振替の割合は").together
    # the partner of a relation (AとBが紐付く) is one thing asked, not two
    q = analyse("基礎年金番号とマイナンバーがまだ紐付いていない人は全国でどれくらいいるのですか？")
    assert not q.two_things and not q.two_part
    assert analyse("紐付け率と紐付いていない人の数は").two_things


def test_how_many_asked_however_written():
    assert analyse("老齢年金受給者は何人か。").answer_type == "count"  # 何人か。 asks
    assert analyse("何回立ち入り検査をしても入らない会社はお咎めなしなの？").answer_type != "count"  # however many
    assert analyse("口座振替の割合が0.4ポイント減ってるけど何が原因なの？").answer_type == "reason"
    assert analyse("低下した要因は何か。").answer_type == "reason"


def test_months_from_one_to_another_ask_their_sum():
    q = analyse("コールセンター 4月から9月までの総呼数")
    assert q.total and not q.month
    assert analyse("令和7年6月の応答率").month


def test_a_name_asked_needs_one():
    assert analyse("チャットボットはどの事業者が受託するのですか").needs
    assert analyse("社会保障協定を新たに結ぶのはどの国ですか").needs


def test_the_first_question_word_leads_a_two_part_question():
    assert analyse("電子申請で出されたのは何件で、割合は何％でしたか？").answer_type == "count"
    assert analyse("割合は何％で、件数は何件？").answer_type == "rate"


def test_advice_on_a_personal_choice():
    assert analyse("年金は65歳からもらうのと70歳まで待つのと、結局どっちが得なの？").advice
    assert analyse("企業年金は一時金と年金、どちらで受け取るのがトクですか？").advice
    assert analyse("75歳まで繰り下げた場合は何歳を超えると得になりますか？").advice
    # 得 inside a word (取得, 納得) is no advice
    assert not analyse("育児休業の取得率は何%").advice
    assert not analyse("お客様の納得が得られるよう何をしたか").advice
    # … typed in kana (とく に なる, そん しない), but not とく or そん inside a word (とくに, とくべつびん, ほぞん)
    assert analyse("ねんきんを 70さいまで くりさげたら なんさいまで いきれば とく に なるの？").advice
    assert analyse("くりさげ と くりあげ、どっちが とく？").advice and analyse("なんさい から もらえば そん しない？").advice
    assert not any(analyse(q).advice for q in ("とくに おおい のは どこ", "とくべつびん の けんすう", "きろく を ほぞんする きかん"))
    # … or as its break-even point (元が取れる, 何歳まで生きれば), but not 地元 or 取り組む
    assert analyse("年金の繰下げって、70歳まで待ったら何歳まで生きれば元が取れるの？").advice
    assert analyse("国民年金は元を取れる？").advice and analyse("なんさいまで いきれば もとが とれる").advice
    assert not any(analyse(q).advice for q in ("地元の事業所が取り組む", "元が取り組む施策", "元の記録に戻る件数"))


def test_a_part_asked_as_one_name():
    assert analyse("「ねんきんダイヤル」だけの応答率は何％").part_name == "ねんきんダイヤル"
    assert analyse("ねんきんダイヤルだけに限ると何%くらいつながってるの").part_name == "ねんきんダイヤル"
    # a means (自動音声だけで頼める), not a part of a whole; a part named in words (年金給付に関するもの)
    assert analyse("電話の自動音声だけで再発行を頼めるようになったのはいつから").part_name == ""
    assert analyse("198件のうち、年金給付に関するものは何件").part_name == ""


def test_a_years_close_asked():
    # 年度末, 最終的に: the figure when the year is over; 前年度末 names a year that is over
    assert analyse("FY2025の現年度納付率は、年度末の時点で最終的に何％になりましたか？").closing
    assert analyse("令和7年度の納付率の確定値は").closing
    assert not analyse("令和7年度の納付率は何%").closing
    # the year as a whole (通期, 年度を通じて) is its close too: a first half's figure is not it
    assert analyse("FY2025（2025年4月～2026年3月）通期で、電子応札率は何％になった？").closing
    assert analyse("令和7年度を通じての電子応札率は").closing
    assert not analyse("前年度末の被保険者数は").closing


def test_a_year_named_is_not_a_total_asked():
    """令和7年度移管分 names the year of a part; 合計 is asked only by words of a total."""
    assert not analyse("令和7年度移管分の所管事業所数は何事業所か").total
    assert analyse("来訪相談件数の年間合計は").total


def test_last_year_and_units_of_time():
    q = analyse("全額免除してもらってる人は去年度どれくらい", editions=find("令和7年度"))
    assert [p.key for p in q.periods] == ["FY2024"] and "去年度" in q.norm  # the word stays for tables saying it
    assert q.answer_type != "amount"  # 全額免除 is not an amount
    assert analyse("管理職の時間外勤務は月平均何時間").unit == "分"  # figures keep 時間 in 分
    assert analyse("障害年金の平均所要日数は何日").unit == "日"
    # the one period a change is asked from is its baseline, not the period asked
    q = analyse("地域型年金委員の委嘱数は増えているのか　令和7年3月末からの推移は", editions=find("令和7年度"))
    assert [p.key for p in q.base] == [p.key for p in q.periods] and q.base
    assert not analyse("令和7年3月末の地域型年金委員数は", editions=find("令和7年度")).base
    assert not analyse("令和6年9月末から令和7年9月末にかけてどう変化", editions=find("令和7年度")).base


def test_periods_of_purpose_and_of_this_year():
    q = analyse("令和8年度に向け、混雑が見込まれる何拠点で常設相談ブースを増設", editions=find("令和7年度"))
    assert q.periods == ()  # 令和8年度に向け says what for, not which year's figure
    q = analyse("今年の10月に年金事務所に来た人は", editions=find("令和7年度"))
    assert [p.key for p in q.periods] == ["FY2025-10"]
    q = analyse("今年 の 6月 の 応答率", editions=find("令和7年度"))  # a kana question read back keeps its spaces
    assert [p.key for p in q.periods] == ["FY2025-06"]
    # 去年の9月末: that month of the calendar year before (the 昨年同時期 beside a table's latest)
    q = analyse("去年の9月末だと何市区町村だった", editions=find("令和7年度"))
    assert [p.key for p in q.periods] == ["FY2024-09"]
    # a month's end asked of the year named (令和7年度の…10月末時点): that month of that year
    q = analyse("令和7年度の現年度納付率は10月末時点で何%", editions=find("令和7年度"))
    assert [p.key for p in q.periods] == ["FY2025-10"]
    assert [p.key for p in analyse("2025年4月から9月までの総呼数").periods] == ["FY2025H1"]
    assert not analyse("納付率は上昇が続いているが、9月末時点で何％か").change  # the change is context
    # how many it rose TO is the level reached; how many it rose BY is the change
    assert not analyse("利用できる市区町村は、いくつに増えた？").change
    assert not analyse("何事業所に増えたか").change and analyse("何事業所増えたか").change
    # a change said by the verb that made it, or against last year said in everyday words, or typed in kana
    assert analyse("相談ブースをいくつ増やしたの？").change
    assert analyse("つうやくの さーびす つかった けんすう きょねんより どれくらい ふえた？").change
    assert analyse("よやくりつ きょねんと くらべて どのくらい あがった？").change
    # the figure of the same time a year before asked, not compared against
    assert analyse("女性管理職比率は昨年同時期は何%だった").earlier
    assert analyse("女性管理職の割合 去年の おなじころは 何パーセント だった？").earlier  # as a kana question reads back
    assert not analyse("女性管理職比率は昨年同時期と比べて何ポイント上がった").earlier
    assert analyse("年金制度説明会、去年の おなじじきには 何人 参加してたの").earlier
    # last year's same period naming the thing asked before the question word (「前年同期の実施回数は何回」)
    assert analyse("説明会は今年度大きく増えたそうですが、前年同期の実施回数は何回でしたか。").earlier
    assert not analyse("前年同期の水準と比べて実施回数は何回増えた？").earlier
    # 改善 and 削減 ending a compound name a thing (業務改善の提案), not a change asked
    assert not analyse("職員から出た業務改善の提案って、何件くらいあったの？").change
    assert analyse("収納未済額をどれだけ削減したのか").change and analyse("応答率はどれだけ改善したか").change
    # a figure asked whose clause ends before the comparison: the level, the change only confirmed
    assert not analyse("管理職の時間外勤務は月平均何時間で去年より減ったの").change
    assert not analyse("収納率は何%で前年同期より改善したか").change
    # a change asked yes or no, then a figure: the level
    assert not analyse("加入指導で厚生年金に入った人の数って、最近は減ってきてるの？令和6年度は何人？").change
    assert analyse("差し押さえられた事業所、令和6年度は何事業所で前年度からどれだけ増えた？").change
    assert not analyse("調達計画額からの削減率は何％か").plan


def test_a_qualifier_in_brackets_is_not_the_thing_measured():
    q = analyse("2025年9月末時点の調達計画額（総合評価落札方式を除く競争性のある契約）はいくら？")
    assert q.measured == ("調達", "計画", "額") and q.head == "計画額"
    assert "電子" in analyse("ネット（電子申請）の利用割合は").measured or "申請" in analyse("ネット（電子申請）の利用割合は").measured


def test_the_whole_a_part_is_asked_of():
    assert analyse("新たに適用した2.9万人のうち、短時間労働者の適用拡大に伴うものは何人か").whole.text == "2.9万人"
    assert analyse("198件のうち、年金給付に関するものは何件").whole.text == "198件"
    assert analyse("障害年金の点検で支給に変わったのは何件").whole is None


def test_a_system_asked_by_name_is_no_reason_asked():
    # せい inside せいど (制度, left in kana) asks no reason; のせいで does
    assert analyse("あたらしいせいどって何ていうの").answer_type != "reason"
    assert analyse("窓口が混んでるのは何のせいで？").answer_type == "reason"
    assert analyse("不支給が急増したのは、センター長が交代したせいなのですか？").answer_type == "reason"


def test_a_total_asked_as_all_of_it():
    assert analyse("上半期に締結した契約は全部で何契約").total
    assert analyse("前年度からの繰越分と令和7年度移管分を合わせて何事業所か").total


def test_two_things_asked_together_are_one_figure_asked():
    assert not analyse("口座振替とクレジットカード納付を利用している人の割合は、合計で何％").two_part
    assert analyse("口座振替とクレジットカード納付の割合はそれぞれ何％").two_part


def test_a_part_asked_as_only_it():
    assert analyse("上期の年次有給休暇の平均取得日数、管理職だけだと何日ですか？").part_nouns == ("管理", "職")


def test_the_nouns_a_question_leaves_out():
    assert analyse("収納未済額について、延滞金を除いた保険料本体の額はいくらか").left_out == ("延滞金",)
    assert analyse("延滞金を含まない収納未済額は").left_out == ("延滞金",)
    assert analyse("収納未済額はいくらか").left_out == ()


def test_a_counter_no_type_knows_needs_one():
    assert analyse("支給に変更された事案は障害等級でいうと何級が多かった").needs
    assert not analyse("何人ですか").needs


def test_the_clause_asked_in_decides_a_nouns_type():
    q = analyse("納付率が低いとされる中、外国人対応を円滑にするため翻訳機を入れた年金事務所等はいくつか")
    assert q.answer_type == "count" and not q.needs  # the 納付率 is context; 円滑 is not 円
    assert analyse("年代別に見ると、25歳から29歳までは何%ですか").needs  # a breakdown anywhere still counts


@pytest.mark.parametrize("question, asked", [
    ("令和6年12月24日原処分までの何件を点検し、何件が支給に変わったのか", [("count", "件"), ("count", "件")]),
    ("令和7年9月末の紐付け率と、紐付いていない人の数は？", [("rate", None), ("count", "人")]),
    ("年金セミナーは何回開かれ、何人が参加しましたか", [("count", "回"), ("count", "人")]),
    ("平均予約率と確保している相談ブース数は", [("rate", None), ("count", "ブース")]),
    # 及び joins two figure nouns as と does (and is not left at the end of the first part)
    ("令和7年9月末の厚生年金保険料の収納率及び収納済額は。", [("rate", None), ("amount", None)]),
])
def test_a_question_asking_two_figures_has_a_part_for_each_in_the_order_asked(question, asked):
    parts = analyse(question).parts
    assert [(p.answer_type, p.unit) for p in parts] == asked
    # each part is read from its own words: the second's thing measured is not the first's
    assert "支給" not in " ".join(parts[0].terms["lemma"])
    assert all(p.terms["lemma"] for p in parts) and parts[0].terms["lemma"] != parts[1].terms["lemma"]


@pytest.mark.parametrize("question", [
    "チャネル戦略の短期取組事項は、何項目中何項目の対応が完了したか",  # one figure: X中Y
    "厚生年金と国民年金の納付率は",  # two things, one figure each: the periods or spans say which
    "障害年金の不支給点検件数は",
    "障害年金の判定はどのように見直したのか",  # not a figure
])
def test_a_question_asking_one_figure_has_no_parts(question):
    assert analyse(question).parts == ()


@pytest.mark.parametrize("question", [
    "金額の小さい随意契約であっても競争性・透明性を確保するため、機構はどのような工夫をしているか",
    "外国人の納付率が低い水準にとどまっていることに関し、年金事務所ではどんな試行を行っているか",
])
def test_a_figure_noun_in_a_context_clause_does_not_make_a_sentence_question_a_figure_question(question):
    assert analyse(question).answer_type is None and not analyse(question).wants_figure


def test_a_figure_noun_in_a_context_clause_still_types_a_question_without_a_question_word():
    assert analyse("納付率が低いとされる中、年金事務所等はいくつ").answer_type == "count"
    assert analyse("国民年金の納付率が低い地域、令和7年9月末時点は").answer_type == "rate"


def test_bestu_of_a_word_is_no_breakdown():
    # 特別便, 特別支給, 個別: 別 ends a word, not a breakdown by what precedes it (年代別, 都道府県別 are)
    for q in ("名寄せ特別便の未回答者で記録が回復した人は何人", "特別支給の老齢厚生年金の請求件数", "個別に勧奨した件数"):
        assert analyse(q).needs == (), q
    assert any("年代" in n for n in analyse("年代別の納付率").needs)


def test_many_is_not_asked():
    # 何時間も待つ: "for hours", it asks nothing; the question asks 何拠点
    q = analyse("窓口が混んで何時間も待つことがあると聞きます。常設相談ブースを増設するのは何拠点ですか")
    assert (q.answer_type, q.unit) == ("count", "拠点")


def test_a_challenge_question_asking_a_figure_outright_keeps_its_type():
    assert analyse("事業所調査の課題として、適用の可能性がある未適用者は何人いると推計されていますか").answer_type == "count"
    assert analyse("厚生年金保険料の収納率について来年度の課題は").answer_type is None


def test_a_contractors_name_asked_needs_a_company_name():
    assert any("株式会社" in n for n in analyse("市場化テスト 受託事業者 名称").needs)


def test_the_counter_asked_names_the_unit_over_a_count_noun_elsewhere():
    q = analyse("令和8年度の請求件数増加で混雑が見込まれるとして常設相談ブースを増設するのは何拠点ですか")
    assert (q.answer_type, q.unit) == ("count", "拠点")
    assert analyse("セミナーには何名が参加").unit == "人"


def test_a_name_asked_is_no_figure_question():
    assert analyse("年金額改定通知書と年金振込通知書が一体になったはがきを何と呼んでいますか").answer_type is None


def test_schemes_and_names_the_report_never_speaks_of_are_foreign():
    vocabulary = {"障害年金", "年金", "国民年金", "保険料", "AI"}
    # stands in for Engine.known_term (the index's words and readings), which the slow tests exercise
    known = lambda term: any(term.startswith(w) or term == w for w in vocabulary)  # noqa: E731
    assert analyse("介護保険料は年金から天引きされる？", known_term=known).foreign == ("介護保険料",)
    assert analyse("iDeCoの掛金の上限は", known_term=known).foreign == ("iDeCo",)
    assert analyse("ChatGPTのようなAIを使っている？", known_term=known).foreign == ()  # an example, not the subject
    assert analyse("障害年金の不支給件数", known_term=known).foreign == ()
    assert analyse("介護保険料は年金から天引きされる？").foreign == ()  # nothing judged without the index
    # an adverb-like noun before a scheme only qualifies it (本来厚生年金 names 厚生年金)
    assert analyse("本来厚生年金に入るはずの人は何人", known_term=lambda t: t == "厚生年金").foreign == ()
    assert analyse("本来介護保険料は", known_term=lambda t: t == "厚生年金").foreign == ("本来介護保険料",)
    # a form matched from its first word's start: 振り仮名届 is 振り仮名 + 届, not a form 仮名届 the report never names
    assert analyse("戸籍の振り仮名届を出さなかったら", known_term=lambda t: t.startswith("振り仮名")).foreign == ()
    assert analyse("戸籍の振り仮名届を出さなかったら", known_term=lambda t: False).foreign == ("振り仮名届",)
    # a benefit named 〜手当金 and a scheme named by its short form are schemes too
    assert analyse("協会けんぽの傷病手当金の支給件数は", known_term=known).foreign == ("傷病手当金",)
    assert analyse("自営業で入ってる国保の保険料の収納率は", known_term=known).foreign == ("国保",)
    assert analyse("国保連合会", known_term=known).foreign == ()  # inside a longer word: not the short form
    # a scheme said as what a document is used for names the document, not a subject of its own
    assert analyse("確定申告で使う控除証明書は何万人が電子で受け取っている", known_term=known).foreign == ()
    assert analyse("確定申告の期限はいつ", known_term=known).foreign == ("確定申告",)


def test_the_part_of_a_whole_asked():
    from nenkin_search import asks

    assert asks.part("令和7年度の事務処理誤り198件のうち、年金給付に関するものは何件ですか") == "年金給付に関するもの"
    assert asks.part("令和7年4月から9月における「ねんきんダイヤル」単独の応答率は何%").endswith("「ねんきんダイヤル」")
    assert asks.part("障害年金の不支給点検件数は") == ""
    # a period before だけ is the time the figure is of, not a part of a whole
    assert asks.part("今年度の上半期だけで、年金事務所から何通くらい送られているのですか") == ""
    assert asks.part("9月だけで何件") == "" and asks.part("自営業や学生など国民年金だけの納付率は") == "国民年金"
    # a means (Xだけで + a verb) is how, not a part; X asked about (Xだけで何件) is a part
    assert asks.part("ねんきん定期便を紙で郵送してもらわずにネットだけで見る人は増えているのですか") == ""
    assert asks.part("東京だけで何件") == "東京" and asks.part("電子申請だけで、何割") == "電子申請"


def test_itsu_as_a_word_and_a_comparison_of_periods():
    assert analyse("年金事務所の電話ってつながらないつながらない…どれくらいつながってるの").answer_type == "figure"
    assert analyse("いつからですか").answer_type == "date" and analyse("いつも混んでいる窓口の待ち時間は何分").answer_type == "duration"
    # a time named by its noun (削減時間) asks a duration, keywords alone too; 時間外 is no time asked
    assert analyse("生成AI 技術検証 業務削減時間").answer_type == "duration"
    assert analyse("電子申請 処理時間").answer_type == "duration" and analyse("時間外勤務の削減率").answer_type == "rate"
    # 何年 before keeping or lasting is how long; before 何月, which year
    assert analyse("紙の届書は何年保管したら廃棄できる？").answer_type == "duration"
    assert analyse("元の紙は何年かしたら捨ててるの？").answer_type == "duration"
    assert analyse("機器更改は何年何月に予定されているか").answer_type == "date"
    # いつでも (at any time) asks no date
    q = analyse("24時間いつでもできるようになったと知りました。令和6年度の電子申請の件数・割合は？")
    assert q.answer_type != "date"
    assert analyse("口座振替の割合って、去年の同じ時期より増えたの").answer_type == "rate"
    assert analyse("じょせい かんりしょく の わりあい は きょねん の おなじ じき と くらべて どう").answer_type != "date"
    assert analyse("沖縄県の20〜24歳の若年層の納付率は何%").needs  # an age band asked: an answer says 歳


def test_kana_is_read_back_only_where_a_word_can_begin():
    from nenkin_search.query import transliterate

    lexicon = {"ねんきん": "年金", "じむしょ": "事務所", "もの": "者", "しく": "市区", "かんご": "看護", "りゆう": "理由"}
    assert transliterate("ねんきんじむしょ", lexicon) == "年金事務所"  # after a word read
    assert transliterate("こどもの かんごの りゆう", lexicon) == "こどもの 看護の 理由"  # not こど + 者
    assert transliterate("あたらしく", lexicon) == "あたらしく"  # not あたら + 市区
    assert transliterate("ねんきんのりゆう", lexicon) == "年金の理由"  # after a particle
    assert transliterate("なったりゆう", lexicon) == "なった理由"  # after an inflected word's end
    # する's forms after a word read back are する, not a word (対応している, not 対応 + 指定る)
    lexicon |= {"たいおう": "対応", "してい": "指定"}
    assert transliterate("たいおうしているの", lexicon) == "対応しているの"
    # … and している said alone is する too (へんじを していない: not 指定ない), as ます is (ありますか: not マス)
    assert transliterate("していない", lexicon) == "していない"
    assert transliterate("ありますか", lexicon | {"ます": "マス"}) == "ありますか"
    # a numeral alone is another word (おくった: 送った, not 億った); a number's is read with its counter
    assert transliterate("おくった", lexicon | {"おく": "億"}) == "おくった"


def test_kana_is_read_back_only_where_a_word_can_end():
    from nenkin_search.query import transliterate

    lexicon = {"かいし": "開始", "はら": "原", "やく": "約", "うけいれ": "受け入れ", "てい": "低", "ほけんりょう": "保険料",
               "りつ": "率", "なんにん": "何人", "ぶんかつ": "分割"}
    assert transliterate("かいしゃから", lexicon) == "かいしゃから"  # no word begins with ゃ: not 開始 + ゃ
    # two one-kanji words only where together they are a word the text says: 月 + 末 is 月末, 会 + 者 no word
    both = {"かい": "会", "しゃ": "者", "がつ": "月", "まつ": "末", "げつまつ": "月末"}
    assert transliterate("かいしゃから", both) == "かいしゃから" and transliterate("9がつまつ", both) == "9月末"
    assert transliterate("はらう やくそく", lexicon) == "はらう やくそく"  # one kanji cut out of a longer word
    assert transliterate("ぶんかつで はらう", lexicon) == "分割で はらう"  # a longer word before a particle is read
    assert transliterate("うけいれている", lexicon) == "受け入れている"  # いる after a verb's て, not 低 + る
    assert transliterate("ほけんりょうりつ", lexicon) == "保険料率"  # a one-kanji word before a word read back
    assert transliterate("なんにんいますか", lexicon) == "何人いますか"  # いる after a noun
    # a word read back from where a verb MeCab reads begins does not end inside it (まちがっていた: not 待ち + がって)
    verbs = {"まち": "待ち", "しはらいがく": "支払額", "めんじょ": "免除", "ぶんしょ": "文書"}
    assert transliterate("しはらいがくが まちがっていた", verbs) == "支払額が まちがっていた"
    assert transliterate("まちの", verbs) == "待ちの"
    # … one begun before it may (めんじょ|して: MeCab misreads じょし as a verb)
    assert transliterate("めんじょしてもらってた", verbs) == "免除してもらってた"


@pytest.mark.parametrize("question, kind", [
    # a reason named as the thing asked about is not a reason asked for
    ("子の看護休暇って、取れる理由が変わったって聞いたけど何が変わったの？", None),
    ("どのような理由で増えたのか", "reason"),
    ("障害年金の不支給の理由は？", "reason"),
    # いくら after a count noun asks the count
    ("電話勧奨件数は、令和7年度上半期の実績件数でいくらか", "count"),
    ("参加人数はいくら", "count"),
    ("保険料はいくら", "amount"),
    # 何の + noun asks which thing, not the figure its noun names
    ("年金事務所ごとの何の支払実績を周知しましたか", None),
    # how figures moved or stand now asks the figures
    ("対象所管事業所数と収納未済額は、令和7年9月末時点でどうなったか", "amount"),  # two asked: parts give each
    ("法人事業所は、H27.3末時点からR7.9末時点にかけてどのように推移したか", "figure"),
    ("年金事務所のあり方の見直しはどうなった？", None),
])
def test_what_a_question_word_asks(question, kind):
    assert analyse(question).answer_type == kind


def test_how_two_figures_stand_now_asks_both_in_order():
    q = analyse("対象所管事業所数と収納未済額は、令和7年9月末時点でどうなったか")
    assert [p.answer_type for p in q.parts] == ["count", "amount"]


def test_a_follow_up_question_keeps_the_figure_asked_before_it():
    # 「…どのくらい？前年の同じ月と比べてどうなったか」: how the rate moved, a rate, not a sentence
    assert analyse("船員保険の保険料の収納率は直近でどのくらい？前年の同じ月と比べてどうなったか").answer_type == "rate"
    # 「…長い？短い？」: the other answer of a yes-no pair asks nothing new; the clause before it is asked in
    q = analyse("男性職員の育休、取得率だけでなく取得期間はどうなっている？平均取得日数は去年より長い？短い？")
    assert q.answer_type == "duration" and q.unit == "日"


def test_a_month_end_pins_the_fiscal_year_named_with_it():
    # 令和6年度分 says whose premiums; 2024年12月末 when: one period asked, unless the two are compared
    assert [p.key for p in analyse("現年度納付率（令和6年度分）は、2024年12月末時点で何％").periods] == ["FY2024-12"]
    assert [p.key for p in analyse("令和5年度分の納付率は令和6年9月末で").periods] == ["FY2023", "FY2024-09"]
    assert len(analyse("令和6年度と令和6年9月末を比べて").periods) == 2


def test_a_result_measured_against_the_plan_is_not_a_plan_question():
    assert not analyse("電話勧奨は何件実施され、計画に対する実施率は何％か").plan
    assert analyse("電話勧奨の計画件数は何件か").plan
    # a debtor's plan to pay is a thing the result counts, not the organisation's plan
    assert not analyse("同行支援で徴取した納付計画の誓約書は何件か").plan
    # a rate of change is said by a change's column (対前年度比), not by its noun; 削減率 is its own noun
    assert analyse("第1号被保険者の前年同期と比べた増減率は").needs == ("比|増減|伸び|増加|減少|上昇|低下",)
    assert analyse("調達計画額からの削減率は何％か").needs == ("減率",)


def test_each_part_of_a_two_figure_question_has_its_own_form():
    q = analyse("障害年金のサービススタンダードの達成率と平均所要日数は")
    assert [bool(p.needs) for p in q.parts] == [True, True] and q.parts[0].needs != q.parts[1].needs


@pytest.mark.parametrize("question, change", [
    ("厚生年金保険料の収納率は、令和7年9月末でどのくらいですか。前年同期より改善していますか。", False),
    ("差し押さえを受けた事業所はいくつ？前の年の同じ時期と比べてどうか", False),
    ("納付率は上がっているのですか？9月末時点で何％か", False),
    ("収納率は前年同期と比べてどれくらい上がった？", True),
    ("現年度納付率は、令和6年9月末時点から令和7年9月末時点にかけて何ポイント上昇し、全国平均の伸び幅と比べてどうだったか。", True),
    # まで after a date says when, not how far
    ("令和7年9月末までに職権により適用した20歳到達者49万人は、前年同期と比べて何人増減したか。", True),
    ("納付率は何％まで上がった？", False),
    # a bare how-much after a change asked yes or no asks the size of that change
    ("口座振替で払っている人の割合って去年より減ったの？どれくらい？", True),
    ("最近は減ってきてるの？令和6年度は何人？", False),
])
def test_a_level_asked_then_a_comparison_asks_the_level_first(question, change):
    """The comparison asked after the level, without a question word of its own, is the follow-up."""
    assert analyse(question).change is change


def test_a_rate_spoken_of_with_tte_is_a_figure_that_moved():
    q = analyse("滞納してる会社って減ってるの？適用事業所のうち滞納してるところの割合ってどうなった？")
    assert q.moved and q.answer_type == "rate"


def test_examples_glossing_a_term_are_not_who_is_asked_about():
    q = analyse("国民年金の第1号被保険者（自営業や学生など）は今何万人くらいいますか？")
    assert "学生" not in q.unglossed and "第1号被保険者" in q.unglossed
    assert "外国人" in analyse("外国人（技能実習生など）の納付率は何％").unglossed


def test_two_things_compared_and_month_by_month_are_forms_an_answer_needs():
    needs = analyse("障害年金の新規裁定、精神障害と身体障害で平均所要日数はどれくらい違う？").needs
    assert "精神障害" in needs and "身体障害" in needs
    month = analyse("年金事務所の予約件数を月ごとに知りたい").needs
    assert any(re.search(n, "4月: 313,606") for n in month) and not any(re.search(n, "年度合計: 2,829,137") for n in month)


def test_statements_before_the_question_set_the_scene_not_the_form_or_type():
    ranked = "最|一番|順位|上位|下位|ワースト|トップ|順に"
    scene = analyse("国民年金の納付率で沖縄県は全国最下位が続くと報じられてきました。沖縄県の納付率は直近で何%ですか？")
    assert ranked not in scene.needs and scene.answer_type == "rate"
    assert ranked in analyse("国民年金の納付率が全国最下位なのはどの県？").needs  # asked in the question itself
    # a question before the one asked still asks (「何歳まで？所得制限はある？」), a request too
    assert analyse("月額の保険料を知りたい。いくらですか？").needs
    # the scene is not who is asked about; a question ending か。 is no scene
    scene = analyse("外国人向けの相談会が各地で開かれています。海外から転入した人を職権で加入させたのは何人ですか？")
    assert "外国人" not in scene.asked_text and "職権" in scene.asked_text
    assert "外国人" in analyse("外国人の納付率は何%か。最新の数値を問う。").asked_text
    # a figure noun in the scene (保険料額) is not the type of a change asked of a count named in the clause
    q = analyse("毎月の保険料額の通知を電子で受け取れるサービスがあります。利用する事業所数はどこまで増えましたか？")
    assert q.answer_type == "count"
    # a question word (どこ: unidic 何処) is not the thing measured
    assert "何処" not in q.measured and "何処" not in q.terms["lemma"]
    # … nor of a change asked with no figure noun: a statement is no earlier question (「収納率は？前年と比べて
    # どうなった？」 is one)
    assert analyse("保険料額の通知を電子で受け取れるサービスがあります。使う会社はどこまで増えた？").answer_type != "amount"
    assert analyse("収納率は直近でどのくらい？前年の同じ月と比べてどうなった？").answer_type == "rate"


def test_a_month_asked_with_no_year_is_of_the_reports_year():
    year = find("令和7年度")  # the edition: the year the report is about
    q = analyse("コールセンターって、11月はどれくらいつながったの？", editions=year)
    assert [p.key for p in q.periods] == ["FY2025-11"]
    assert [p.key for p in analyse("応答率 2月", editions=year).periods] == ["FY2025-02"]
    assert not analyse("応答率 2月").periods  # no edition known: no year to put the month in
    # a month that dates an event asks no month; a range of months that is a half of the year asks that half
    # (the report's 令和7年4～9月), and no month in it
    assert not analyse("8月に発出した事務連絡で何を周知した？", editions=year).periods
    assert [p.key for p in analyse("4月から9月の応答率は？", editions=year).periods] == ["FY2025H1"]
    assert [p.key for p in analyse("10月～3月で何件？", editions=year).periods] == ["FY2025H2"]
    assert [p.key for p in analyse("令和6年4月から9月で何件？", editions=year).periods] == ["FY2024H1"]
    assert not analyse("4月から6月で何件？", editions=year).periods  # a quarter: no period the report has


def test_sheets_are_a_unit_a_count_is_asked_in():
    assert analyse("拠点 紙出力帳票 総枚数").unit == "枚"  # not 拠点, the last counter word
    assert analyse("帳票は年間何枚印刷している？").unit == "枚"


def test_a_past_period_in_what_is_said_about_the_topic_is_not_asked():
    year = find("令和7年度")
    q = analyse("国家公務員の取得率は2023年度に過去最高だったと報じられていますが、機構の取得率は？", editions=year)
    assert not q.periods  # the news's year, not the figure's
    q = analyse("令和9年10月から対象が広がると聞きましたが、新たに対象になる会社は何社？", editions=year)
    assert [p.key for p in q.periods] == ["FY2027-10"]  # when what is asked about happens: still asked
    q = analyse("機構は2015年にサイバー攻撃を受けて年金情報が流出しました。今後どのような課題を認識していますか？",
                editions=year)
    assert not q.periods  # a past event the scene dates, not the period asked
    q = analyse("令和6年度の納付率は聞きました。令和7年度の納付率は？", editions=year)
    assert [p.key for p in q.periods] == ["FY2025"]  # the sentence asked in names its own


def test_since_when_and_what_thing_asked():
    assert analyse("フェーズ2の本格開発には、いつから着手していますか？").since
    assert not analyse("刷新システムへの移行・稼働はいつを予定しているか。").since
    assert analyse("取得できる理由として新しく追加されたのは何？").answer_type is None  # a thing, not a reason
    assert analyse("令和7年度に増えたのは何件？").answer_type == "count"


def test_a_deadline_asked_and_a_group_denied():
    # up to when (いつまで, 期限): a date said as a deadline answers it over the date a thing began
    assert analyse("振り仮名の届出の期限はいつまで？").until
    assert analyse("いつまでに届け出ればいい？").until
    assert not analyse("フェーズ2の本格開発には、いつから着手していますか？").until
    assert not analyse("期限までに届け出た人は何人？").until  # a count, not a date
    # a group the question says it is not (管理職じゃない, 管理職以外の): its figure is another group's
    assert analyse("管理職じゃない普通の職員の残業は？").denied == ("管理職",)
    assert analyse("管理職以外の職員の残業時間は").denied == ("管理職",)
    assert analyse("全額免除ではなく一部免除の人数は").denied == ("全額免除",)
    assert analyse("それは本当じゃないの？").denied == ()  # a question tag, not a group denied
    assert analyse("管理職の残業は").denied == ()


def test_a_when_question_names_the_event_it_asks_the_date_of():
    # the words after the question word, less those naming no event (予定, 開始); else the two before it
    assert analyse("文書相談サービスは、いつから本格実施される予定ですか").event == ("本格",)
    assert analyse("生成AIの本格導入は、いつ開始される予定ですか").event == ("本格", "導入")
    assert analyse("生成AIの技術検証はいつ行った？").event == ("技術", "検証")
    # search-box keywords: the words after the question word are another keyword, not the event
    assert analyse("生成AI 本格導入 開始時期 年金機構").event == ("本格", "導入")
    assert analyse("生成AIの技術検証は何件").event == ()
    # a question word after the one the date was found by (開始時期は、いつとされているか) names no event
    assert analyse("文書相談サービスについて、本格実施の開始時期はいつとされているか。").event == ("サービス", "本格")


def test_a_breakdown_asked_names_its_groups_but_two_things_measured_are_no_breakdown():
    q = analyse("紐付いていない約16万人のうち、被保険者と年金受給者はそれぞれ何人？")
    assert q.breakdown and q.groups == ("被保険者", "年金受給者")
    assert analyse("老齢・遺族・障害の内訳は").groups == ("老齢", "遺族", "障害")
    assert analyse("事務処理誤り 198件 内訳").breakdown and analyse("事務処理誤り 198件 内訳").groups == ()
    q = analyse("所管事業所数と収納未済額はそれぞれいくらか")
    assert not q.breakdown and q.groups == ()
    # 「…に分けて」 asks a breakdown as それぞれ does
    assert analyse("育休取得率を本部と年金事務所に分けて教えて").groups == ("本部", "年金事務所")
    # groups named with a grade's or class's digits (1級・2級・3級, 第1号と第3号)
    assert analyse("支給に変わった335件は、1級・2級・3級それぞれ何件").groups == ("1級", "2級", "3級")
    assert analyse("第1号と第3号それぞれ何人").groups == ("第1号", "第3号")


def test_the_thing_measured_has_a_head_compound():
    assert analyse("RFIデータベースの情報数").head == "情報数"
    assert analyse("マイナンバーと基礎年金番号の紐付け率").head == "紐付け率"
    assert analyse("差押執行事業所数 令和7年9月末").head != "月末"
    # 「XからのY」: Y is measured; 額 is listed once among the measured words, 削減額 is still their last pair
    assert analyse("令和7年9月末の調達計画額からの削減額").head == "削減額"
    assert analyse("調達計画額からの削減額はいくら").head == "削減額"


def test_a_figures_noun_asked_how_it_stands_asks_the_figure():
    assert analyse("予約率の実績はどうなっているのか").answer_type == "rate"
    assert analyse("差押の件数ってどうなの").answer_type == "count"


def test_two_questions_each_asking_a_figure_are_two_parts():
    q = analyse("紐付け率はどのくらい？紐付いていない人は何人？")
    assert [(p.answer_type, p.norm) for p in q.parts] == [("rate", "紐付け率はどのくらい?"), ("count", "紐付いていない人は何人?")]
    assert analyse("事務処理ミスって多いの？今年度は何件？").parts == ()


def test_a_part_asked_names_its_nouns():
    assert set(analyse("198件のうち、年金給付に関するものは何件").part_nouns) >= {"年金", "給付"}
    assert set(analyse("「ねんきんダイヤル」だけに限ると応答率は何％").part_nouns) >= {"ダイヤル"}
    assert set(analyse("ねんきんダイヤルに限れば応答率は何%").part_nouns) >= {"ダイヤル"}
    assert set(analyse("ねんきんダイヤル単体の応答率は何％").part_nouns) >= {"ダイヤル"}
    assert analyse("応答率は何%").part_nouns == ()
    # the word right before だけ names the part, not the examples glossing it
    assert set(analyse("自営業や学生など国民年金だけに入っている人は何人").part_nouns) == {"国民", "年金"}


def test_doushiteiru_asks_how_a_thing_is_handled_not_why():
    assert analyse("意思確認はどうしている？").answer_type == "method"
    assert analyse("どうして応答率が低いの").answer_type == "reason"


def test_examples_listed_before_a_term_are_a_gloss_and_the_latest_is_no_ranking():
    q = analyse("自営業者や学生などが加入する国民年金第1号被保険者は何万人？")
    assert "学生" not in q.unglossed and "第1号被保険者" in q.unglossed
    assert analyse("学生の納付率は").unglossed == "学生の納付率は"
    # what the question says it is not limited to is set aside, not asked
    q = analyse("新たに適用された事業所は全体でいくつ（加入指導によるものに限らない）")
    assert "加入指導" not in q.unglossed and "適用" in q.unglossed
    assert "年齢" not in analyse("年齢を問わず、加入者は何人").unglossed
    assert "加入指導" in analyse("加入指導により適用した事業所は").unglossed
    assert analyse("厚生年金の被保険者数、一番新しい数字は？").needs == ()
    assert analyse("納付率が一番低い年代は").needs


def test_a_topic_set_off_by_a_comma_is_what_the_clause_asks_about():
    q = analyse("年金制度説明会の参加人数は、前年同期と比べてどの程度増えたか。")
    assert (q.answer_type, q.unit) == ("count", "人") and "人数" in q.measured
    # a clause ending in が、 is context, not a topic
    assert analyse("10万事業所が目標とされていますが、どれだけ実施しましたか").focus.startswith("どれだけ")


def test_a_standing_that_describes_is_no_ranking_asked():
    assert analyse("全国ワーストが続いてきた沖縄県の、最新の現年度納付率はいくつ？").needs == ("付率",)  # the rate named, no ranking
    assert analyse("年金の決定ミスで一番多いのって、どんなケースなの？").needs
    # a standing asked (いまも最下位なのか): the span must say a ranking
    assert any("最" in n for n in analyse("沖縄県の国民年金の納付率は、いまも47都道府県の中で最下位なのですか？").needs)
    # … of a month named (一番つながりにくかった6月は): the month is asked, its standing describes it
    assert not analyse("今年度で一番つながりにくかった6月は、かかってきた電話のうち何％に出られたのですか").needs


def test_a_result_measured_against_the_plan_is_no_plan_asked():
    assert not analyse("電話勧奨の上半期の実施率は、計画件数に対して何%か。").plan
    assert analyse("電話勧奨の計画件数は何件か").plan
    # a debtor's plan to pay is a thing the result counts, not the organisation's plan
    assert not analyse("同行支援で徴取した納付計画の誓約書は何件か").plan
    # a rate of change is said by a change's column (対前年度比), not by its noun; 削減率 is its own noun
    assert analyse("第1号被保険者の前年同期と比べた増減率は").needs == ("比|増減|伸び|増加|減少|上昇|低下",)
    assert analyse("調達計画額からの削減率は何％か").needs == ("減率",)


def test_a_figure_per_day_or_per_case_needs_the_span_to_say_so():
    assert analyse("年金事務所の窓口には1日あたり何人くらい相談に来る？").needs == ("(?:1|一)日|日あたり|日当たり|日平均",)
    assert analyse("1件あたりの処理日数は").needs == ("あたり|当たり|平均",)
    assert analyse("4月1日に何人来た？").needs == ()


def test_an_amount_naming_another_noun_asks_no_amount():
    # 年金額の…はがき names the letter; 106万円の壁 names the threshold: the count, the sentence are asked
    assert analyse("年金額のお知らせはがきで記録の確認を呼びかけた件数は").answer_type == "count"
    assert analyse("「106万円の壁」がなくなることへのシステム対応").answer_type is None
    assert analyse("年金の支給額は").answer_type == "amount"


def test_keywords_naming_a_past_year_ask_its_figure():
    assert analyse("社会保険 未加入会社 指導で加入 令和6年度", editions=(Period(2025),)).answer_type == "figure"
    # this year's is what was done (a sentence); a question, not keywords, says what it asks
    assert analyse("追納勧奨 令和7年度 新たな勧奨対象", editions=(Period(2025),)).answer_type is None
    assert analyse("令和6年度に未加入会社への指導で加入したのは？", editions=(Period(2025),)).answer_type != "figure"


def test_asking_what_will_be_done_asks_the_challenges():
    assert analyse("年金機構ってハッカー対策は大丈夫なの？来年はどうするつもり？").challenge
    assert analyse("会社への周知はどう進めていくのか").challenge
    assert not analyse("相談ブースは全部でいくつあるの？").challenge


def test_counters_typed_in_kana_after_a_digit():
    from nenkin_search.query import kana_counters
    assert kana_counters("34さい 44さい 3まんにん 5けん 10ぱーせんと") == "34歳 44歳 3万人 5件 10%"
    assert kana_counters("さいしん ねんきん") == "さいしん ねんきん"
    assert kana_counters("ことしは9がつまでに") == "ことしは9月までに"  # a month typed half in kana


def test_an_age_band_typed_in_kana_is_an_age_band():
    # にじゅうだい is 20代, a band the span must say (the report gives no rate by age)
    from nenkin_search.query import kana_counters

    assert kana_counters("にじゅうだいの ひとの のうふりつ") == "20代の ひとの のうふりつ"
    assert any("代" in n for n in analyse("20代の 人の 納付率って 何パーセント").needs)


def test_numbers_typed_in_kana_before_a_counter_are_digits():
    from nenkin_search.periods import kana_value
    from nenkin_search.query import kana_counters
    assert [kana_value(t) for t in ("さんじゅうよん", "せんろっぴゃくきゅうじゅうよん", "はっせん", "ごまん")] == [34, 1694, 8000, 50000]
    assert kana_value("ねんきん") is None
    assert kana_counters("さんじゅうよんさい ごじゅうよんさいの ひと") == "34歳 54歳の ひと"
    assert kana_counters("ろくまんにん さんわり せんろっぴゃくきゅうじゅうよん ぶーす") == "6万人 3割 1694ブース"
    # inside a word, or a lone one-kana digit, it is no number: ふしきゅう わりあい, とうろくしゃすう, にかい, ぜんけん
    for word in ("ふしきゅう わりあい", "とうろくしゃすう", "しきゅうかいし", "にかい", "しけん", "ぜんけん"):
        assert kana_counters(word) == word
    # a digit sounded short before a counter of か: いっかげつ is 1か月 (the lexicon would read いっ as 行っ)
    assert kana_counters("いっかげつ いない ろっかしょ じゅっかこく") == "1か月 いない 6か所 10か国"
    assert kana_counters("けっか いっかい") == "けっか いっかい"  # no か-counter after it: left to the words


def test_a_breakdown_asked_in_kana_is_read_as_its_form():
    from nenkin_search.query import QUESTION_READINGS, transliterate

    # the report prints no 年代別: the question's kana still asks that form (a span must say it, or refuse)
    lexicon = {"ひと": "人", **QUESTION_READINGS}
    assert transliterate("ひとの ねんだいべつの わりあい", lexicon) == "人の 年代別の 割合"
    assert analyse("人の 年代別の 割合").needs


def test_kana_of_joining_is_read_whole_not_as_a_particle_and_a_verb():
    from nenkin_search.query import QUESTION_READINGS, transliterate

    # はいれる is 入れる, not the particle は + いれる; はいってない reads whole (the bridge then says 未適用者)
    lexicon = {"いれる": "入れる", "ひと": "人", "こうせいねんきん": "厚生年金", **QUESTION_READINGS}
    assert transliterate("こうせいねんきんに はいれるはずなのに はいってない ひと", lexicon) == \
        "厚生年金に 入れるはずなのに 入ってない 人"


def test_kana_of_paying_is_read_whole():
    from nenkin_search.query import QUESTION_READINGS, transliterate

    # はらった is 払った, not 原 + った (the lexicon reads はら as 原)
    lexicon = {"はら": "原", "ほけんりょう": "保険料", **QUESTION_READINGS}
    assert transliterate("ほけんりょうを はらった", lexicon) == "保険料を 払った"


def test_kana_a_question_uses_as_grammar_is_not_read_as_a_word():
    from nenkin_search.query import transliterate

    lexicon = {"ない": "内", "ないよう": "内容", "ひと": "人", "どう": "同", "いっ": "行っ", "ねんきん": "年金"}
    assert transliterate("ひもづいて ない ひと", lexicon) == "ひもづいて ない 人"  # not 内 人
    assert transliterate("ねんきんの ないよう", lexicon) == "年金の 内容"  # a longer word holding it is read
    assert transliterate("どうして ねんきん", lexicon) == "どうして 年金"


def test_two_question_words_joined_by_a_verbs_te_form_are_two_parts():
    assert [p.norm for p in analyse("何件を点検して何件が支給に変わった？").parts] == ["何件を点検して", "何件が支給に変わった?"]
    assert analyse("何件を点検したのか").parts == ()


def test_months_named_apart_from_the_one_year_named_are_months_of_it():
    from nenkin_search.periods import Period
    def keys(text):
        return [p.key for p in analyse(text, editions=[Period(2025)]).periods]
    assert keys("令和7年度の年金事務所の来訪相談って、10月とか11月は何件くらい") == ["FY2025-10", "FY2025-11"]
    assert keys("令和6年度の来訪相談、8月は何件") == ["FY2024-08"]
    # up to a month, from one to another, a number of months: the year's business
    assert keys("令和7年度は10月までに何件") == ["FY2025"]
    assert keys("令和7年度の4月から9月の合計は") == ["FY2025H1"]
    assert keys("令和7年度に2か月で") == ["FY2025"]


def test_how_many_people_there_are_is_a_count_of_people():
    q = analyse("国民年金の保険料を全部免除されてる人って今どれくらいいるの？令和7年9月末で")
    assert (q.answer_type, q.unit) == ("count", "人") and "免除" in q.measured
    assert analyse("加入者はどのくらいいますか").unit == "人"
    assert analyse("免除の割合はどれくらい").answer_type == "rate"


def test_how_much_money_comes_back_is_an_amount():
    assert analyse("12月の年金で還付される所得税は、実際にどれくらい戻ってきますか？").answer_type == "amount"
    assert analyse("年金はどのくらいもらえるの").answer_type == "amount"
    assert analyse("還付の対象者はどれくらいいる").answer_type == "count"


def test_a_remark_after_the_question_is_not_the_clause_asked_in():
    q = analyse("年金事務所の相談ブースって今全部でいくつあるの？予約取りにくいところ増やしたって聞いたけど")
    assert q.focus.endswith("いくつあるの") and q.answer_type == "count"
    assert analyse("納付率は何%？前年より上がったって聞いたけど").answer_type == "rate"
    assert analyse("納付率は何%？前年より上がったって聞いたけど").remark == "前年より上がったって聞いたけど"
    assert analyse("前年より上がったって聞いたけど、納付率は何%").remark == ""
    # what one has seen already is a remark too: the question asks about 女性, not the 男性 it has seen
    seen = analyse("女性職員の育休取得率はどのくらい？男性のは見たんだけど")
    assert seen.remark == "男性のは見たんだけど" and "女性" in seen.focus and "男性" not in seen.focus


def test_an_age_band_in_decades_asks_for_ages():
    assert analyse("沖縄って20代前半の人の国民年金の納付率、今どれくらい？").needs[-1] == "歳|[1-9]0代"
    assert "歳|[1-9]0代" not in analyse("令和7年度の納付率は").needs


def test_a_bare_how_many_asks_the_figure_the_clause_before_names():
    assert analyse("船員保険の保険料収納率、令和7年9月はいくつ？").answer_type == "rate"
    assert analyse("収納未済額、今どれくらい？").answer_type == "amount"
    assert analyse("相談ブース、全部でいくつ").answer_type == "count"
    assert analyse("納付率が低い中、年金事務所はいくつ").answer_type == "count"


def test_a_superlative_over_periods_is_a_lowest_or_highest_of_a_series():
    low = analyse("障害年金のサービススタンダード達成率が一番落ち込んだのはどの年度？")
    assert low.extreme is not None and low.extreme.lowest and low.extreme.grain == "年度"
    assert not any("最" in n for n in low.needs)  # a series never says 最も: the ranking is computed, not read
    high = analyse("コールセンターの応答率が最も高かった月は")
    assert high.extreme is not None and not high.extreme.lowest and high.extreme.grain == "月"
    assert analyse("加入指導で適用した人数はどの年度がピーク").extreme.lowest is False
    # 大きく落ち込んだ年度: the trough; 大きく伸びた年度: the peak
    assert analyse("達成率が大きく落ち込んだのは何年度で、何％だったか").extreme.lowest is True
    assert analyse("適用した人数が大きく伸びたのはどの年度").extreme.lowest is False
    # everyday words: a sharp drop, the hardest to get through, the year it happened
    assert analyse("3か月以内に決まった割合がガクッと落ちた年ってあったの").extreme.lowest is True
    e = analyse("令和7年度のコールセンターで電話が一番つながりにくかった月の応答率は").extreme
    assert e is not None and e.lowest and e.grain == "月"
    # a ranking over what the report's tables never run over stays a form the span must say
    for other in ("納付率が最も高い都道府県はどこ", "国民年金の納付率を年代別にみると一番低いのは", "全国ワーストが続いてきた沖縄県の納付率はいつ改善"):
        assert analyse(other).extreme is None


def test_an_average_duration_asked_needs_no_word_average():
    # the report's days to process (紙媒体: 3.3日) are averages it does not call so; 平均所要日数 names a column
    assert not any("平均" in n for n in analyse("紙で出した資格取得届の処理は平均で何日かかる").needs)
    assert any("平均" in n for n in analyse("1人あたり平均いくら戻る").needs)


def test_a_negative_the_figure_is_asked_of():
    assert analyse("障害年金で不支給と判定された人の割合は").negated == "不支給"
    assert analyse("令和6年度に不支給とされた人の割合は何％だったのか").negated == "不支給"  # とされた, as と判定された
    assert analyse("国民年金の未納者の人数は何人").negated == "未納"
    # a negative that is context (不支給事案を点検して…支給になったのは) is not what the figure is of
    assert analyse("不支給事案を点検して支給に変わったのは何件").negated is None
    # a verb said negated of the thing counted (まだ解明されていない記録は何件) asks the report's 未 + its noun;
    # a verb negated of something else (加入していない事業所に何件指導) does not
    assert analyse("まだ解明されていない記録は何件残っているか").negated == "未解明"
    assert analyse("持ち主が分からず未解明の年金記録は何件？").negated == "未解明"
    assert analyse("まだ加入していない事業所に何件指導した").negated is None
    # a follow-up clause naming no figure (精神障害だけだとどうなる) asks about the negative named before it
    assert analyse("不支給と判定された割合は何％？精神障害だけだとどうなる？").negated == "不支給"
    assert analyse("障害年金の支給割合は何％？不支給事案の点検はどうなる？").negated is None


def test_a_compound_going_on_in_katakana_names_no_scheme_and_a_cost_noun_asks_an_amount():
    # 出張年金セミナー is a seminar, not a scheme called 出張年金 that the report never speaks of
    assert analyse("出張年金セミナーの参加人数は", known_term=lambda t: False).foreign == ()
    assert analyse("介護保険料はいくら", known_term=lambda t: False).foreign != ()
    assert analyse("ねんきん定期便の郵送費はどれくらいかかっている").answer_type == "amount"
    # 郵送代 and 電話代 are costs too, and money saved (どれくらい浮いた) is an amount; 年代 and 世代 are not costs
    assert analyse("それで郵送代ってどれくらい浮いたの？").answer_type == "amount"
    assert analyse("電話代はどのくらい").answer_type == "amount"
    assert analyse("年代別の加入者はどれくらい").answer_type != "amount"
    # a cost a practice is about, asked yes or no, asks no amount
    assert analyse("切手代の支払実績を職員に周知している？").answer_type != "amount"
    assert analyse("「不支給」と判定された人の割合は").negated == "不支給"


def test_a_comparison_or_a_quotation_with_to_is_no_second_thing_asked():
    assert not analyse("協会けんぽの保険料の未払い額は、前の年と比べてどれだけ減ったの？").two_part
    assert not analyse("ねんきんネットというサービスの登録者数は").two_part
    assert not analyse("前年と同じくらいの納付率なの").two_part
    assert not analyse("入社したときの届出は何日で処理される").two_part
    # an adverb's と (ちゃんと, もっと) and と思う join nothing
    assert not analyse("職員がルールをちゃんとわかってるかのテストの正答率は").two_part
    assert not analyse("もっと増えると思うけど、納付率は").two_part
    assert not analyse("不支給とされた障害年金を点検し直して、支給に変わったのは何件？").two_part
    assert analyse("適用事業所数と被保険者数は").two_part


def test_an_average_asked_without_a_question_word_is_a_figure():
    assert analyse("年金機構 一般職 残業 月平均").answer_type == "figure"
    assert analyse("一般職の残業時間の月平均は").answer_type in ("figure", "duration")
    assert analyse("年金機構 一般職 残業").answer_type is None


def test_counters_of_local_governments_and_of_documents():
    assert analyse("年金 電話 外国語通訳 自治体数").unit == "市区町村"
    assert analyse("いくつの市町村で通訳を使えるの").unit == "市区町村"
    assert analyse("特別催告状は何通送られた").unit == "通"


def test_a_superlative_that_qualifies_a_named_period_is_context():
    # 最も落ち込んだ令和2年度: the year is asked, its standing describes it (the cell says no 最)
    assert not any("一番" in n for n in analyse("障害年金の達成率が最も落ち込んだ令和2年度の数値は").needs)
    assert any("一番" in n for n in analyse("一番低い納付率は何%").needs)


def test_a_share_asked_in_everyday_words_adds_the_reports_rate_noun():
    from nenkin_search.query import rate_words

    known = {"予約率", "免除率"}.__contains__
    assert rate_words("予約で来てる割合ってどのくらい", known) == ("予約率",)
    assert rate_words("相談予約の割合は", known) == ("予約率",)  # the last two letters of a longer noun
    assert rate_words("国民年金の免除の割合", known) == ("免除率",)
    assert rate_words("口座振替の割合", known) == ()  # only a word the index knows


def test_a_thing_not_yet_done_said_with_a_verb_adds_the_reports_mi_noun():
    from nenkin_search.query import not_done_words

    known = {"未解明", "未適用", "未統合"}.__contains__
    assert not_done_words("解明されていない記録はどこまで減った", known) == ("未解明",)
    assert not_done_words("適用されてない事業所", known) == ("未適用",)
    assert not_done_words("記録統合できていない", known) == ("未統合",)  # the last two letters of a longer noun
    assert not_done_words("解明された記録", known) == ()  # done, not undone
    assert not_done_words("納付していない人", known) == ()  # only a word the index knows


def test_how_many_of_them_do_it_asks_a_share():
    assert analyse("従業員11～20人くらいの会社ではどのくらいが電子申請を使っているのですか").answer_type == "rate"
    assert analyse("どのくらいがいいですか").answer_type != "rate"


def test_a_debtors_plan_read_back_word_by_word_is_no_plan_asked():
    # 納付計画 (a debtor's plan to pay) is a thing counted, however the kana question spaced its words
    assert not analyse("特別 徴収 対策課 が 支援 して 取った 納付 計画 誓約書 は 何件").plan
    assert analyse("来年度 の 計画 は 何件").plan


def test_a_second_figure_asked_by_its_noun_alone_is_a_part():
    q = analyse("委託事業者がかけた電話勧奨は何件で、計画に対する実施率は？")
    assert [p.answer_type for p in q.parts] == ["count", "rate"]
    assert q.parts[1].norm == "計画に対する実施率"


def test_figures_of_a_premise_heard_are_no_coordinates():
    q = analyse("年金は請求してから証書が届くまで1〜2カ月かかると聞くが、障害年金の場合は平均で何日かかっている？")
    assert q.own_figures and not q.coordinates
    assert [f.text for f in analyse("従業員1人～10人の事業所の電子申請の割合").coordinates]


def test_a_ranking_in_a_premise_heard_is_not_asked():
    q = analyse("全額免除の人はコロナ禍で過去最多になったと報じられたが、今年9月末ではどのくらい？")
    assert not any("一番" in n for n in q.needs)
    assert any("一番" in n for n in analyse("全額免除の人が最多の年金事務所の納付率は何%").needs)


def test_nanko_asks_a_count_in_the_counter_word_it_names():
    q = analyse("相談ブースは結局何個増えるの？")
    assert q.answer_type == "count" and q.unit == "ブース"
    # a counter word asked with いくつの names the unit, as 何拠点 does, over a later counter word (ブース)
    assert analyse("年金機構はいくつの拠点で常設の相談ブースを増やす準備をしている？").unit == "拠点"
    assert analyse("相談ブース いくつ").unit == "ブース"
    # いくつ, and the period before the question word, are not the thing measured
    assert analyse("相談ブースは全国でいくつある？").measured == ("相談", "ブース", "全国")
    assert analyse("4月から9月で何種類の文書を審査した？").measured == ("種類", "文書", "審査")


def test_question_words_typed_in_kana_are_read_in_any_question():
    # 「…始めたものはなに?」 asks a thing as 「…何?」 does, not the 比率 of its clause; なんにん asks a count
    assert analyse("外国人の比率が高い事務所で試行を始めたものはなに?").answer_type is None
    assert analyse("職権で加入させたのはなんにん?").answer_type == "count"
    assert analyse("加入した人はなんにんくらい?").unit == "人"
    assert analyse("今年見直したのってなんしゅるい?").answer_type == "count"  # after a spoken って
    # after an adverb typed in kana (いま, へいきん), before a verb or copula typed in kana (いるの, あるの, なの)
    assert analyse("ぜんぶめんじょしてもらってるひとっていまなんにんいるの？").answer_type == "count"
    assert analyse("ねんきんじむしょはぜんこくになんかしょあるの").unit == "か所"
    assert analyse("しんさにへいきんなんにちかかるの").answer_type == "duration"
    assert analyse("あたらしく なんねんめの ひとにも おくるように なったの？").answer_type == "count"
    # なに inside a word, なんか as a filler: no question word
    from nenkin_search.query import _kana_question_words
    for text in ("なにより大事な率", "なにかある?", "なんかいい率"):
        assert _kana_question_words(text) == text


def test_a_kana_question_with_a_kanji_word_or_two_is_typed_in_kana():
    from nenkin_search.query import kana_typed
    assert kana_typed("海外からてんにゅうしたひとを、ねんきんきこうが しょっけんで こくみんねんきんに かにゅうさせた にんずうは")
    # an everyday question in few kanji is not: its kana are words MeCab reads
    assert not kana_typed("コールセンターのシステムはいつ入れ替えられ、それによってどんなサービスが始まったか。")
    assert not kana_typed("電話がつながりやすくなった?")


def test_a_kana_question_asks_as_it_would_without_its_word_breaks():
    # 「さがった 理由 は?」 read back asks a reason; the words searched keep the breaks
    from nenkin_search.query import _close_gaps
    assert _close_gaps("実施率が さがった 理由 は?") == "実施率が さがった理由は?"
    assert _close_gaps("さがった りゆう") == "さがった りゆう"  # two kana runs: MeCab's only break
    q = analyse("じっしりつが さがった りゆう は?", lexicon=lambda: {"じっしりつ": "実施率", "りゆう": "理由"})
    assert q.norm == "実施率が さがった理由は?" and q.answer_type == "reason" and "理由" in q.terms["lemma"]


def test_casual_how_much_words_ask_as_the_standard_ones():
    assert analyse("管理職って月にどんくらい残業してんの？").answer_type == "figure"
    assert analyse("保険料って月なんぼ？").answer_type == "amount"


def test_a_closing_request_naming_nothing_leaves_the_question_before_it_asked():
    q = analyse("まだ解明されていない記録は何件残っているんですか？最新の数字を教えてください。")
    assert q.focus == "まだ解明されていない記録は何件残っているんですか" and q.answer_type == "count"
    # a request naming a thing of its own asks it
    assert analyse("納付率は何%？免除者数も教えて").focus == "免除者数も教えて"
    assert analyse("障害年金の不支給件数を教えてください").focus == "障害年金の不支給件数を教えてください"


def test_a_change_named_as_what_a_step_answers_asks_no_change():
    # 「…の増加に備えて…いくつ確保」 asks the count secured, not the increase
    assert not analyse("来年度の相談の増加に備えて相談ブースは全国でいくつ確保されているのですか").change
    assert analyse("相談ブースは前年度から何ブース増えたのか").change


def test_what_people_say_about_the_topic_is_hearsay():
    from nenkin_search.asks import HEARSAY
    assert HEARSAY.match("相談予約がなかなか取れないという声がありますが、")
    assert HEARSAY.match("差押えが増えてるって聞いたけど、")
    # … and where it was said, or as heard
    assert HEARSAY.match("応答率が4割台に下がったと朝日新聞が報じたことがありますが、")
    assert HEARSAY.match("電子申請が義務化されたと解説記事で読んだけど、")
    assert HEARSAY.match("令和8年度は請求がさらに増えるそうですが、")
    assert HEARSAY.match("増えたとのことですが、")
    assert not HEARSAY.match("令和8年度は請求がさらに増えますが、")  # a statement of one's own
    assert not HEARSAY.match("年金事務所と市区町村で連携していますが、")


def test_the_part_asked_is_named_by_its_nouns_not_by_the_figure_its_time_or_a_verb():
    q = analyse("主要な届書のうち電子申請で提出されている割合は令和7年9月時点でどのくらいですか?")
    assert q.part_nouns == ("電子", "申請")
    assert analyse("198件のうち、年金給付に関するものは何件").part_nouns == ("年金", "給付")
    assert analyse("送付対象の約10万人のうち、9月末までに何人に送ったのですか").part_nouns == ()  # its time names no part


def test_offices_asked_where_need_their_names():
    import re

    needs = analyse("翻訳機をお試しで置いた19の年金事務所って、具体的にどこなの？").needs
    assert needs and any(re.search(n, "新宿年金事務所") for n in needs)
    assert not any(re.search(n, "外国人被保険者の比率が高い年金事務所等（19事務所）") for n in needs)


def test_the_latest_typed_in_kana_is_no_ranking():
    # いちばんあたらしいの: the latest figure (一番新しい), which a question with no period gets, not a ranking
    assert analyse("こくみんねんきん ぜんがくめんじょりつ いちばんあたらしいの なんぱーせんと").needs == ()
    assert any("最" in n for n in analyse("いちばん おおい じむしょ は").needs)


def test_a_yield_is_a_rate_said_by_its_own_word():
    q = analyse("企業年金 運用利回り 2024年度")
    assert q.answer_type == "rate" and "利回り" in q.needs


def test_a_level_word_in_a_scene_sentence_does_not_make_a_change_asked_a_level():
    scene = "年金事務所の相談予約が1か月先まで埋まっていると言われました。相談ブースは何ブース増えたんでしょう"
    assert analyse(scene).change
    assert not analyse("相談ブースは1,700ブースまで増えたの？いま何ブース？").change


def test_a_count_of_languages_asked_needs_a_count_of_languages():
    # 「何か国語に対応」: 多言語通訳 or やさしい日本語 says no count of languages; 「13言語」, 「10か国語」 do
    import re

    need = analyse("年金のマルチランゲージサービスって何か国語に対応してるの").needs
    language = analyse("翻訳機は何語に対応").needs[0]
    count = [n for n in need if n != language]
    assert count and all(re.search(count[0], t) for t in ("13言語に対応", "10か国語", "12カ国語"))
    assert not re.search(count[0], "多言語通訳の利用件数は5,209件。「やさしい日本語」で掲載")
    assert count[0] in analyse("翻訳機の対応言語数は").needs
    # which language: a name of one answers; a word that names none (多言語, 外国語, やさしい日本語) does not
    assert analyse("翻訳機は何語に対応").needs == (language,)
    assert all(re.search(language, t) for t in ("英語版リーフレット", "ポルトガル語", "中国語"))
    assert not re.search(language, "外国人のマルチランゲージサービス（多言語通訳）利用を拡充…「やさしい日本語」で掲載。外国語ページ")
    assert not analyse("多言語通訳サービスを使える市区町村はいくつ").needs  # names the service, asks no language


def test_a_quoting_or_conditional_to_joins_no_two_things_asked():
    # a と that quotes (〜と報じられ, と聞いた), makes a condition (会社だと, すると) or sits inside a kana word
    # (とくべつびん) asks one thing; 「AとBは」 asks two
    assert not analyse("差し押さえが急増していると報じられているが、差押執行事業所数は").two_things
    assert not analyse("社員41〜50人の会社だと、電子申請の割合は").two_things
    assert not analyse("ねんきんとくべつびんに こたえたひとは なんにん").two_things
    assert analyse("新規適用事業所数と被保険者数は").two_things and analyse("新規適用事業所数と被保険者数は").two_part
    # the spans shown read it loosely: a second sentence costs less than a second figure
    assert analyse("差し押さえが急増していると報じられているが、差押執行事業所数は").two_part


def test_the_thing_measured_and_its_part_are_read_in_the_reports_words():
    syn = load_synonyms()
    q = analyse("特別便に返事をくれた人は何人", synonyms=syn)
    assert "回答" in q.measured and "返事" not in q.measured  # the figure beside 回答 is the one asked
    q = analyse("記録のうち、亡くなった人の記録は何件", synonyms=syn)
    assert "人" in q.part_nouns and "死亡" in q.part_nouns_renamed and "人" not in q.part_nouns_renamed  # 死亡者


def test_two_or_more_years_back_is_a_period_asked():
    q = analyse("男性の育休の平均取得日数は？2年前の同じ時期は", editions=find("令和7年度"))
    assert "FY2023" in [p.key for p in q.periods]
    assert "FY2023" in [p.key for p in analyse("一昨年度の納付率は", editions=find("令和7年度")).periods]


def test_a_plan_made_dates_the_figure_and_asks_no_plan():
    assert not analyse("今年度の計画を作った時点で未適用事業所はいくつあったの").plan
    assert analyse("2023年度の国民年金の納付率の目標は", editions=find("令和7年度")).plan


def test_a_mostly_kana_question_with_a_converted_word_is_read_as_kana():
    assert kana_typed("国民ねんきんの のうふりつ ことしの 8がつまつ なんぱーせんと")
    assert not kana_typed("年金事務所に相談に来る人は今年は月平均何人")


def test_a_range_says_its_counter_at_both_ends():
    # the report's rows say 41人～50人; a question types 41〜50人
    assert "41人~50人" in analyse("社員41〜50人の会社の電子申請の割合").norm
    assert "4~9月" in analyse("4~9月の応答率").norm  # months are periods, read as they are


def test_how_much_of_the_whole_asks_a_share():
    assert analyse("コンビニで払っている分は全体のどれくらいを占めている？").answer_type == "rate"
    assert analyse("電子申請はどの程度を占めているの").answer_type == "rate"
    # how widely a service is used is its take-up, a share, not the count of its users
    assert analyse("電子申請、11～20人の事業所ではどのくらい利用されている？").answer_type == "rate"
    assert analyse("でんししんせい どのくらい つかってるの？").answer_type == "rate"
    assert analyse("届出はいまどれくらいネットで出されてるの？").answer_type == "rate"
    assert analyse("コンビニで払っている分はどれくらい？").answer_type != "rate"
