"""Lexical fields: the ways a text is cut into tokens for BM25, one class per way.

Each field analyses a passage's :attr:`~nenkin_search.chunk.Passage.index_text` at
build time and a question at query time, the same way, so the two meet:

* ``lemma``: MeCab (fugashi + unidic-lite) lemmas, adjacent-pair compounds, whole
  figures and periods in both calendars (:func:`nenkin_search.text.tokenize`).
* ``reading``: character bigrams of the MeCab reading in hiragana, so a question
  typed in kana (``のうふりつ``) meets the kanji text (納付率).
* ``ngram``: character bigrams of the kanji/kana text itself, so a slip in one
  character (``納付律``) still shares most of its bigrams with the right word.

Adding a field is one class here plus its name in ``Settings.lexical_fields`` and a
weight in ``Settings.fusion``; the index builds it and search scores it.
"""
from __future__ import annotations

import re
from typing import Protocol

from .text import normalize, reading, tokenize

_JA = re.compile(r"[\u3041-\u309f\u30a1-\u30ff\u4e00-\u9fff\u3400-\u4dbf々〆ヶー]+")
_HIRA = re.compile(r"[\u3041-\u309fー]+")


class Field(Protocol):
    name: str

    def analyze(self, text: str) -> list[str]:
        """Tokens of a text (a passage's index text, or a question)."""
        ...


def _bigrams(runs: list[str]) -> list[str]:
    out: list[str] = []
    for run in runs:
        if len(run) == 1:
            out.append(run)
        out.extend(run[i: i + 2] for i in range(len(run) - 1))
    return out


class LemmaField:
    name = "lemma"

    def analyze(self, text: str) -> list[str]:
        return tokenize(text)


class ReadingField:
    name = "reading"

    def analyze(self, text: str) -> list[str]:
        return _bigrams(_HIRA.findall(reading(text)))


class NgramField:
    name = "ngram"

    def analyze(self, text: str) -> list[str]:
        return _bigrams(_JA.findall(normalize(text)))


FIELDS: dict[str, Field] = {f.name: f for f in (LemmaField(), ReadingField(), NgramField())}


def get(name: str) -> Field:
    try:
        return FIELDS[name]
    except KeyError:
        raise ValueError(f"unknown lexical field {name!r}; known: {', '.join(FIELDS)}") from None
