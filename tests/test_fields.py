"""Lexical fields: kana questions meet kanji text through readings; a slip in one character keeps most bigrams."""
from __future__ import annotations

from nenkin_search.fields import FIELDS, get


def test_the_fields_and_their_names():
    assert set(FIELDS) == {"lemma", "reading", "ngram"}
    assert all(get(n).name == n for n in FIELDS)


def test_readings_meet_across_scripts():
    reading = get("reading")
    assert set(reading.analyze("のうふりつ")) <= set(reading.analyze("国民年金の納付率"))
    assert set(reading.analyze("しょうがいねんきん")) <= set(reading.analyze("障害年金"))


def test_ngrams_survive_a_typo():
    ngram = get("ngram")
    right, typo = set(ngram.analyze("納付率")), set(ngram.analyze("納付律"))
    assert right & typo == {"納付"} and len(right) == 2


def test_lemma_field_is_the_tokenizer():
    assert "8375件" in get("lemma").analyze("8,375件について点検")
