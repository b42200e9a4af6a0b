"""Typos read back into the report's words (:mod:`nenkin_search.typos`), against the real report's text."""
from __future__ import annotations

from pathlib import Path

import pytest

from nenkin_search import ask
from nenkin_search.query import analyse
from nenkin_search.text import normalize
from nenkin_search.typos import Vocabulary

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(normalize(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "corpus").glob("*.txt")))


@pytest.mark.parametrize("typed, meant", [
    ("国民年金の納付律は", "国民年金の納付率は"),  # the IME's other conversion, at a word's end
    ("厚生年金の被保検者数", "厚生年金の被保険者数"),  # … inside a word
    ("女性菅理職比率", "女性管理職比率"),  # a character the report never uses, the one it looks like
    ("達成率の推位を見ると", "達成率の推移を見ると"),  # a run of two MeCab cannot read as a word
    ("協会けんぽの収能率", "協会けんぽの収納率"),  # the slip made its neighbour a name (収: おさむ), then 能率
    ("年金事務所へ来報相談に", "年金事務所へ来訪相談に"),
    ("サービススタンダード達生率", "サービススタンダード達成率"),  # 達生 reads as a given name (たつお)
    ("令和2年度の生涯年金の達成率", "令和2年度の障害年金の達成率"),  # two characters, the word's homophone
    ("情報提供以来の協力企業", "情報提供依頼の協力企業"),
    ("複数年経約にしたのは", "複数年契約にしたのは"),  # 経 read きょう first, けい in MeCab's second reading
    ("平均処要日数は", "平均所要日数は"),
    ("コールセンターの応当率", "コールセンターの応答率"),
    ("未解明記録は令和6念9月時点で", "未解明記録は令和6年9月時点で"),  # a date's unit typed as its homophone
    ("令和6念度の納付率", "令和6年度の納付率"),
    ("厚生年金保険料の収納末済額は", "厚生年金保険料の収納未済額は"),  # a character that looks like the text's
])
def test_a_slip_is_read_as_the_reports_word(vocabulary, typed, meant):
    mended, read_as = vocabulary.repair(typed)
    assert mended == meant
    assert len(read_as) == 1 and read_as[0][0] in typed and read_as[0][1] in meant


@pytest.mark.parametrize("typed", [
    "介護保険の基準額",  # a word the report does not use: not 基準等
    "自治会の数",  # not 自治体
    "年代別の納付率",  # not 年度別
    "何事業所に調査した",  # a question word: not 難事業所
    "年金支給時の手続",  # a word the report only has inside a longer one (年金支給事務): not a slip
    "測定の精度",  # a word of the dictionary, though it sounds like 制度
    "障害年金の不支給",  # the report's own words
    "遺族年金の請求",  # two characters the report has (遺族), though others sound alike nowhere
    "厚生年金の加入逃れ",  # a verb's stem (逃れ, のがれ): not 加入等, though 逃 may read とう
    "令和7年度第2四半期の運用収益",  # a counter heard like a date's unit's neighbour: only 年, 月, 日 are read
    "第3子以降の支給月額",
    "応札者が1者のみだった件数",
])
def test_words_that_are_no_slip_stay(vocabulary, typed):
    assert vocabulary.repair(typed) == (typed, ())


def test_the_query_says_what_it_read(vocabulary):
    q = analyse("日本年金機構の女性菅理職比率は何％", repair=vocabulary.repair)
    assert "女性管理職比率" in q.norm and q.read_as == (("女性菅理職比率", "女性管理職比率"),)
    assert q.text == "日本年金機構の女性菅理職比率は何％"  # as typed, for display
    assert analyse("女性管理職比率は").read_as == ()


def test_a_typo_no_longer_reads_as_a_name_the_report_never_uses(api_env):
    """菅 reads as the surname スガ: before, the question was refused as one about somebody unknown."""
    a = ask("日本年金機構の女性菅理職比率は令和7年10月時点で何％？")
    assert a.found and a.figure == "19.4%"
    assert a.read_as == (("女性菅理職比率", "女性管理職比率"),) and a.to_dict()["read_as"] == [["女性菅理職比率", "女性管理職比率"]]


def test_the_terminal_says_what_it_read(nenkin):
    out = nenkin("国民年金の納付律は何％？")
    assert out.returncode == 0 and "読み替え: 納付律 → 納付率" in out.stdout


def test_a_compound_written_with_its_verbs_kana_reads_as_the_reports_kanji(vocabulary):
    fixed, read = vocabulary.repair("保険料の滞納で差し押さえを受けた事業所と立ち入り検査")
    assert fixed == "保険料の滞納で差押を受けた事業所と立入検査"
    assert read == (("差し押さえ", "差押"), ("立ち入り", "立入"))
    # the report's own spelling stays (取り組み is written so), and particles are never dropped
    assert vocabulary.repair("取り組み状況")[0] == "取り組み状況"
    assert vocabulary.repair("年金を受け取る人")[0] == "年金を受け取る人"
    assert vocabulary.repair("徴収が難しい事業所")[0] == "徴収が難しい事業所"  # an adjective's kana stays
