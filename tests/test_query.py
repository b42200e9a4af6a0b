"""Query analysis: cleaned once, tokens for every field, periods, answer type, intent."""
from __future__ import annotations

import pytest

from nenkin_search.errors import QueryError
from nenkin_search.periods import find
from nenkin_search.query import analyse, clean


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


def test_periods_and_intent():
    q = analyse("2023年度の国民年金の納付率の目標は", editions=find("令和7年度"))
    assert [p.key for p in q.periods] == ["FY2023"] and q.plan and q.answer_type == "rate"
    nxt = analyse("令和8年度の年金相談の課題", editions=find("令和7年度"))
    assert nxt.challenge and nxt.intent == "challenge"
    assert not analyse("令和8年度の年金相談").challenge  # without the edition, 令和8年度 is just a year
    assert analyse("令和8年度の年金相談", editions=find("令和7年度")).challenge
