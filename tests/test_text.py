from nenkin_search.text import hiragana, match_key, normalize, reading, sentences, tokenize


def test_pdf_spacing_and_width_normalised_for_matching():
    assert normalize("2, 123万件") == "2,123万件"
    assert normalize("１２３　ｶﾀｶﾅ") == "123 カタカナ"
    assert match_key("97. 7 %") == "97.7%"


def test_spelling_variants_meet():
    a, b, c = (set(tokenize(s)) for s in ("紐付け", "ひも付け", "紐づけ"))
    assert "紐付け" in a & b & c
    assert "取得" in set(tokenize("取得率"))


def test_figures_are_whole_tokens():
    toks = tokenize("8,375件について点検")
    assert "8375件" in toks and "8375" in toks
    assert "8375" in tokenize("8,375")
    assert "97.7%" in tokenize("97.7%")
    assert "令和7年" in tokenize("令和7年9月末") and "9月末" in tokenize("令和7年9月末")


def test_era_abbreviations_meet_full_years():
    assert "令和7年度" in tokenize("R7") and "令和7年度" in tokenize("令和7年度の件数")
    assert "平成26年度" in tokenize("H26")
    assert "令和7年度" not in tokenize("[R7.9末時点]")  # a date, not a fiscal year


def test_readings_in_hiragana():
    assert hiragana("ノウフリツ") == "のうふりつ"
    assert reading("障害年金の不支給") == "しょうがいねんきんのふしきゅう"
    assert reading("のうふりつ") == "のうふりつ"  # kana reads as itself
    assert reading("iDeCo、8,375件").startswith("ideco")


def test_sentences_keep_their_stops():
    assert sentences("一つ目。二つ目！三つ目") == ["一つ目。", "二つ目！", "三つ目"]
