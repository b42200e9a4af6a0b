from nenkin_search import figures
from nenkin_search.text import hiragana, match_key, normalize, reading, sentences, tokenize, words


def test_pdf_spacing_and_width_normalised_for_matching():
    assert normalize("2, 123万件") == "2,123万件"
    assert normalize("１２３　ｶﾀｶﾅ") == "123 カタカナ"
    assert match_key("97. 7 %") == "97.7%"


def test_spelling_variants_meet():
    a, b, c = (set(tokenize(s)) for s in ("紐付け", "ひも付け", "紐づけ"))
    assert "紐付け" in a & b & c
    assert "取得" in set(tokenize("取得率"))
    # 付く bound to the noun before it (紐づいて, 紐付いていない): the compound the report writes, not a bare 紐
    for verb in ("紐づいてない人", "紐付いていない方", "位置づけられた"):
        assert {"紐付け", "位置付け"} & set(tokenize(verb)), (verb, tokenize(verb))
    assert "付け" not in tokenize("気がついた") and "付け" not in tokenize("に付いて")
    # … as the words a span's coverage counts, typed with another kanji of つける too (紐着け), and 率って read as
    # the rate (MeCab takes 率っ for 従う)
    assert words("紐着け率って今何%") == words("紐づけ率") == ["紐付け", "率"]
    assert "紐付け" in words("紐付いていない方") and "付け" in words("令和7年4月付けで")


def test_figures_are_whole_tokens():
    toks = tokenize("8,375件について点検")
    assert "8375件" in toks and "8375" in toks
    assert "8375" in tokenize("8,375")
    assert "97.7%" in tokenize("97.7%")
    assert "1660万件" in tokenize("約1, 660万件") and "18兆6617億円" in tokenize("18兆6,617億円")
    # a unit naming the thing counted is a token as well (相談ブースはいくつ meets 1,694ブース); a period's is not
    assert {"ブース", "市区町村"} <= set(tokenize("1,694ブースを確保し、787市区町村で実施"))
    assert "か月" not in tokenize("2か月") and "%" not in tokenize("98.2%")


def test_periods_meet_in_both_calendars():
    assert {"令和7年度", "2025年度"} <= set(tokenize("R7")) & set(tokenize("令和7年度の件数")) & set(tokenize("FY2025"))
    assert "平成26年度" in tokenize("H26") and "令和5年度" in tokenize("2023年度の納付率")
    month = tokenize("[R7.9末時点]")  # a month end: the month, and the fiscal year it is in
    assert {"令和7年9月", "2025年9月", "令和7年度"} <= set(month)
    assert "7" not in month and "9" not in month  # a period is not a figure


def test_readings_in_hiragana():
    assert hiragana("ノウフリツ") == "のうふりつ"
    assert reading("障害年金の不支給") == "しょうがいねんきんのふしきゅう"
    assert reading("のうふりつ") == "のうふりつ"  # kana reads as itself
    assert reading("iDeCo、8,375件").startswith("ideco")


def test_sentences_keep_their_stops():
    assert sentences("一つ目。二つ目！三つ目") == ["一つ目。", "二つ目！", "三つ目"]


def test_verbs_meet_the_nouns_the_report_writes():
    # 差し押さえられた ~ 差押え, 受け取る ~ 受取, 振り込む ~ 振込, 払えない ~ 払い: keyed by the noun form
    for verb, noun in (("差し押さえられた", "差押え"), ("受け取る", "受取"), ("振り込む", "振込"), ("見直した", "見直し"),
                       ("払えない", "支払いの払い")):
        assert set(tokenize(verb)) & set(tokenize(noun)), (verb, noun, tokenize(verb), tokenize(noun))


def test_readings_of_noun_runs_so_kana_questions_read_back_whole_words():
    from nenkin_search.text import readings

    pairs = set(readings("通知書のペーパーレス化と外国人への適用"))
    assert ("つうちしょ", "通知書") in pairs and ("ぺーぱーれすか", "ペーパーレス化") in pairs
    assert ("がいこくじん", "外国人") in pairs  # people say じん where unidic reads にん
    assert ("みかいめい", "未解明") in set(readings("未解明記録"))  # a prefix starts a run
    # a compound's second word voiced, as people say it (unidic reads 誕生 + 日 as たんじょうひ)
    assert {("たんじょうひ", "誕生日"), ("たんじょうび", "誕生日")} <= set(readings("誕生日に届く"))
    # a verb closing the noun before it is one word too, voiced as people say it (紐付いて: ひもづいて)
    pairs = set(readings("紐付いていない方は約16万人"))
    assert {("ひもつい", "紐付い"), ("ひもづい", "紐付い")} <= pairs
    assert not any(w.startswith("付い") and len(w) > 2 for _, w in pairs)  # nor does a verb start a run


def test_names_the_report_writes_in_kana_are_read_back_whole():
    """ねんきん定期便, ねんきんネット: a kana noun joins the run, so the kana question meets the report's spelling."""
    from nenkin_search.text import readings

    pairs = set(readings("ねんきん定期便のペーパーレス化登録。ねんきんネットの利用"))
    assert ("ねんきんていきびん", "ねんきん定期便") in pairs and ("ねんきんねっと", "ねんきんネット") in pairs


def test_a_stop_inside_brackets_does_not_end_the_sentence():
    from nenkin_search.text import sentences

    text = "老齢年金（以下「年金裁定」という。）約75万件をチェックし、83件について対応を図った。また、改定も確認。"
    assert sentences(text) == ["老齢年金（以下「年金裁定」という。）約75万件をチェックし、83件について対応を図った。", "また、改定も確認。"]
    assert sentences("未閉じ（括弧。次の文。") == ["未閉じ（括弧。", "次の文。"]  # an unclosed bracket: every stop


def test_places_below_the_country():
    from nenkin_search.text import places, words

    assert places("沖縄県の納付率") == words("沖縄")[:1] and places("日本年金機構の取組") == []


def test_a_katakana_word_cut_by_context_is_parsed_on_its_own():
    # in context MeCab reads 国民年金 コンビニ払い as コンビ + ニ (a particle); alone, コンビニ + 払い
    assert words("国民年金 コンビニ払い 割合") == ["国民", "年金", "コンビニ", "払い", "割合"]
    assert words("国民年金コンビニ払い割合") == ["国民", "年金", "コンビニ", "払い", "割合"]
    assert words("スマホアプリで払った") == ["スマホアプリ", "払い"]  # a run MeCab keeps whole is left to it


def test_old_character_forms_are_read_as_todays():
    # the report's PDF keeps 客觀性, 確實, 入電數: a question typed 客観性 meets them, and a gold answer copied
    # with the old form is found in a text with the new one
    from nenkin_search.glyphs import modern
    assert modern("審査の客觀性・確實・入電數") == "審査の客観性・確実・入電数"
    assert "客観性" in tokenize("審査の客觀性や公平性") and "客観性" in tokenize("審査の客観性")
    assert match_key("客觀性 の向上") == match_key("客観性の向上")
    assert figures.mend("萬 1, 629万人") == "万 1,629万人"
