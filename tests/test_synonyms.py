"""The vocabulary bridge: the Solr synonyms format, firing rules, user files."""
from __future__ import annotations

import pytest

from nenkin_search.errors import QueryError
from nenkin_search.synonyms import Synonyms, load, parse


def test_format_equivalences_and_one_way_rules():
    rules = parse("# comment\nネット, オンライン\n払えない, 未払い => 未納, 免除\n\n", "x.txt")
    assert [(r.match, r.add) for r in rules] == [(("ネット", "オンライン"), ("ネット", "オンライン")),
                                                  (("払えない", "未払い"), ("未納", "免除"))]
    assert rules[1].line == "x.txt:3"


@pytest.mark.parametrize("bad", ["a => b => c", "=> b", "a =>", "lonely"])
def test_malformed_lines_name_file_and_line(bad):
    with pytest.raises(QueryError, match=r"^f\.txt:2: "):
        parse("a, b\n" + bad, "f.txt")


def test_bundled_rules_bridge_everyday_words():
    syn = load()
    assert {"電子申請"} <= set(syn.expand("ネットで手続きできる？"))
    assert {"未納", "免除"} <= set(syn.expand("国民年金を払えない人は"))
    assert {"源泉控除"} <= set(syn.expand("給料からの天引き"))
    assert syn.expand("年金事務所の予約率") == ()  # the official word is already there: no bridge
    assert syn.expand("MAIL") == () and "チャットボット" in syn.expand("AIに聞ける？")  # Latin terms whole words
    # a kana question read back word by word (全部 免除) says the phrase a rule names; Latin words stay apart
    assert "全額免除" in syn.expand("令和6年度に 保険料を 全部 免除 された 人の 割合は")
    assert syn.expand("mail ai") == syn.expand("ai")
    assert "上期" in syn.expand("職員は有給を半年で何日取ってる？")  # half a year of this one: its 上期
    # written off for good is 不納欠損, not the 収納未済額 still owed
    assert "不納欠損" in syn.expand("取りっぱぐれた保険料") and "収納未済額" not in syn.expand("取りっぱぐれた保険料")
    # a report word inside an everyday one is not the report word said: 差押え is bridged as 差し押さえ is …
    assert "差押" in syn.expand("差押えを受けた事業所は") and "差押" in syn.expand("差し押さえを受けた事業所は")
    # … but a report word holding the everyday one is (年次有給休暇 holds 有給; 年金事務所 holds 事務所)
    assert "年次有給休暇" not in syn.expand("年次有給休暇の取得率") and "年金事務所" not in syn.expand("年金事務所の電話")


def test_user_files_extend_the_bundled_ones(tmp_path):
    extra = tmp_path / "mine.txt"
    extra.write_text("ねんきんの窓口 => 街角の年金相談センター\n", encoding="utf-8")
    syn = load((str(extra),))
    assert "街角の年金相談センター" in syn.expand("ねんきんの窓口はどこ")
    with pytest.raises(QueryError, match="cannot read the synonyms file"):
        load((str(tmp_path / "missing.txt"),))


def test_who_is_insured_how_in_everyday_words():
    """自営業 / 会社員 / 専業主婦 are how people name the three kinds of insured person."""
    syn = load()
    assert "第1号被保険者" in syn.expand("自営業の人の納付率")
    assert "第3号被保険者" in syn.expand("専業主婦の年金")


def test_everyday_exemption_words_reach_the_reports():
    from nenkin_search import synonyms
    assert "全額免除" in synonyms.load().expand("保険料を全部免除されてる人")


def test_the_bridge_says_which_of_the_questions_words_it_read():
    from nenkin_search import synonyms
    bridge = synonyms.load()
    assert set(bridge.read("年金機構の男の人の育休って平均で何日？")) == {"男の人", "育休"}
    assert bridge.read("育児休業の取得率") == ()


def test_a_report_word_beside_the_everyday_one_does_not_silence_its_equivalent():
    # the topic word said (コールセンター) leaves the share asked in everyday words to be read (応答率)
    assert "応答率" in load().expand("コールセンターに電話したときつながった割合は")
    assert "リーフレット" in load().expand("監理団体 チラシ 設置")


def test_the_longest_term_fires_not_one_inside_it():
    rules = Synonyms(tuple(parse("スマホ => 電子申請\nスマホ決済 => コード決済\n", "s.txt")))
    assert rules.expand("スマホ決済で払った分") == ("コード決済",)  # a payment, not an online form
    assert rules.expand("スマホで届出を出せる？") == ("電子申請",)
    assert set(rules.expand("スマホ決済とスマホでの申請")) == {"コード決済", "電子申請"}  # each where it stands alone


def test_spoken_contractions_fire_the_rule_of_the_full_form():
    rules = Synonyms(tuple(parse("払っている人の割合 => 納付率\n休んでいた => 休業\n", "s.txt")))
    assert rules.expand("保険料ちゃんと払ってる人の割合は？") == ("納付率",)  # 払ってる = 払っている
    assert rules.expand("去年は休んでた") == ("休業",)
    assert rules.expand("払っている人の割合") == ("納付率",)
    assert rules.expand("払う人の割合") == ()
    assert "納付率" in load().expand("沖縄って保険料ちゃんと払ってる人の割合が低いって聞いた")  # the bundled rules too


def test_a_share_of_people_asked_by_its_question_word_fires_the_rule_of_its_share():
    rules = Synonyms(tuple(parse("払っている人の割合 => 納付率\n", "s.txt")))
    # 何パーセント, 何割, 何%: the share a rule names as 〜人の割合, after a topic particle and an adverb of now
    for q in ("国民年金ちゃんと払ってる人って いま何パーセント", "ちゃんと払っている人は何割?", "払っている人は現在何%"):
        assert rules.expand(q) == ("納付率",), q
    assert rules.expand("払っている人は何人") == ()  # a count, not a share
    assert rules.expand("払っている事業所は何%") == ()  # of another thing than people


def test_an_adjective_of_ease_in_any_form_fires_the_rule_of_its_dictionary_form():
    rules = Synonyms(tuple(parse("予約が取りにくい => 予約の取りづらい\n分かりづらい => 分かりやすい\n", "s.txt")))
    assert rules.expand("予約が取りにくかった事務所の窓口は増えた？") == ("予約の取りづらい",)  # past
    assert rules.expand("通知が分かりづらくて読めない") == ("分かりやすい",)  # て form
    assert rules.expand("予約が取れた") == ()
    # the bundled rules too: 取りにくかった reaches the report's 予約の取りづらかった
    assert "予約の取りづらい" in load().expand("予約が取りにくかった年金事務所は")


def test_a_bridge_reads_what_one_asks_in_any_of_its_common_phrasings():
    bridge = load()
    assert "新規適用" in bridge.expand("令和6年度に新しく厚生年金に加入した事業所は何か所")
    assert "年金受給に結び付かない" in bridge.expand("年金の受け取りにつながらないと分かった記録は何件")
    assert "応答率" not in bridge.expand("年金の受け取りにつながらないと分かった記録は何件")  # no phone here
    assert "応答率" in bridge.expand("電話がつながらない")


def test_an_everyday_word_read_as_one_report_word_is_renamed():
    rules = Synonyms(parse("男の人, 男性社員 => 男性\n払えない => 未納, 免除\nネット, オンライン\n"))
    assert rules.renames("男の人の取得率と払えない人") == (("男の人", "男性"),)  # one report word only
    assert ("女の人", "女性") in load().renames("女の人の育休取得率")


def test_a_report_word_said_only_negated_does_not_silence_its_rule():
    # 未回答者 says no 回答: the 返事 asked is still read as 回答
    rules = load()
    assert ("返事", "回答") in rules.renames("特別便の未回答者に通知を送って返事があったのは何人")
    assert not rules.renames("特別便の回答者に通知を送って返事があったのは何人")
