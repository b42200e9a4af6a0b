"""What a question asks, worked out once per call: the :class:`Query` every later step reads.

Search and answers used to clean and normalise the same string several times and
each guessed on its own what the question wanted. Here the question is analysed
once: its cleaned and normalised forms, the lexical tokens of every field (after
dropping the rhetoric a question wraps its content in), the periods it names, the
kind of answer it wants (an amount, a count, a rate, a date …), the thing it
measures, and whether it is about the plan, the result or next year's challenges.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

from . import fields as fields_mod
from . import periods as periods_mod
from .errors import QueryError
from .periods import Period
from .settings import DEFAULT, Settings
from .synonyms import Synonyms
from .text import normalize

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")

#: answer types: what a question asks for → the figure kinds and units that answer it.
#: Order matters: the first pattern that matches decides (何件 before 数は).
ANSWER_TYPES: tuple[tuple[str, re.Pattern, tuple[str, ...]], ...] = (
    ("count", re.compile(r"何件|件数|件は|件\b"), ("件", "万件")),
    ("count", re.compile(r"何人|人数|人は|者数"), ("人", "万人")),
    ("rate", re.compile(r"何%|何パーセント|割合|率|パーセント"), ("%", "pt", "ポイント")),
    ("duration", re.compile(r"何日|日数|所要"), ("日",)),
    ("amount", re.compile(r"いくら|金額|額|円"), ("円", "億円", "兆円", "万円")),
    ("count", re.compile(r"何社|事業所数|社数|何事業所"), ("事業所", "万事業所", "社")),
    ("figure", re.compile(r"どれくらい|どのくらい|どの程度|何か月|何ヶ月|いくつ|何回|数は|数$"), ()),
)
_WHEN = re.compile(r"いつ|時期|何月")
_TWO_PART = re.compile(r"と.+(の|は)|及び|それぞれ|両方")


@dataclass(frozen=True)
class Query:
    """A question, analysed: built by :func:`analyse`, read by search and answers."""

    text: str  # as typed, control characters removed, stripped
    norm: str  # NFKC, PDF number spacing mended, whitespace folded
    terms: Mapping[str, tuple[str, ...]]  # lexical field → tokens (the question's own, then its expansions')
    weights: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # field → weight of each token
    expansions: tuple[str, ...] = ()  # terms the vocabulary bridge added (synonyms.txt)
    dense_text: str = ""  # what the embedding model reads
    periods: tuple[Period, ...] = ()
    answer_type: str | None = None  # count / rate / duration / amount / figure / date …; None: not a figure question
    units: tuple[str, ...] | None = None  # units that answer a figure question (() = any figure)
    plan: bool = False  # about the plan or target (計画, 目標, 目指す), not what was done
    challenge: bool = False  # about next year's challenges (課題, 来年度, 令和8年度 for a 令和7年度 report)
    when: bool = False  # asks for a date or time (いつ, 時期)
    two_part: bool = False  # asks for two things or two periods
    period_texts: tuple[str, ...] = field(default=())  # match keys of the periods as written

    @property
    def intent(self) -> str:
        """"challenge", "plan" or "result" (what was done)."""
        return "challenge" if self.challenge else "plan" if self.plan else "result"

    @property
    def wants_figure(self) -> bool:
        return self.units is not None

    @property
    def substantive(self) -> bool:
        """At least two letters or digits: a one-character query matches by accident."""
        return sum(ch.isalnum() for ch in self.norm) >= 2


def clean(text: object, settings: Settings = DEFAULT) -> str:
    """The searchable form of a user's query, or :class:`QueryError` saying why there is none."""
    if not isinstance(text, str):
        raise QueryError(f"the query must be text, not {type(text).__name__}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError("the query is not valid text (undecodable bytes: is the terminal UTF-8?)") from None
    out = _CONTROL.sub(" ", text).strip()
    if not out:
        raise QueryError("the query is empty")
    if len(out) > settings.max_query_chars:
        raise QueryError(f"the query is {len(out):,} characters long; the limit is {settings.max_query_chars:,}")
    if not any(unicodedata.category(ch)[0] in "LN" for ch in unicodedata.normalize("NFKC", out)):
        raise QueryError("the query has no letters or digits to search for")
    return out


_HIRA = re.compile(r"[\u3041-\u309fー]")
_KANJI = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf々]")


def kana_typed(text: str) -> bool:
    """A question typed in kana (no kanji, mostly hiragana): MeCab's words for it are guesses."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and not _KANJI.search(text) and sum(bool(_HIRA.match(c)) for c in letters) >= 0.6 * len(letters)


def transliterate(text: str, lexicon: Mapping[str, str], longest: int = 12) -> str:
    """Kana read back into the report's words by greedy longest match over its readings; the rest is kept
    (しょうがいねんきん しんさ → 障害年金 審査)."""
    out, i = [], 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 1, -1):
            word = lexicon.get(text[i: i + n])
            if word:
                out.append(word)
                i += n
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _cue(words: Iterable[str], text: str) -> bool:
    return any(w in text for w in words)


def analyse(text: object, settings: Settings = DEFAULT, *, editions: Iterable[Period] = (),
            field_names: Iterable[str] | None = None, synonyms: Synonyms | None = None,
            lexicon: Callable[[], Mapping[str, str]] | None = None) -> Query:
    """Analyse a question once. ``editions``: the fiscal years the indexed reports are about, so that a
    question naming the following year (令和8年度 for a 令和7年度 report) is about next year's challenges;
    ``synonyms``: the vocabulary bridge whose expansions are added, weighed ``settings.synonym_weight``;
    ``lexicon``: reading → word of the indexed text, asked for only when the question is typed in kana."""
    cleaned = clean(text, settings)
    norm = normalize(cleaned)
    if lexicon is not None and kana_typed(norm):
        # read back into the report's words (its reading is still the kana typed, for the reading field)
        norm = transliterate(norm, lexicon())
    names = tuple(field_names) if field_names is not None else settings.lexical_fields
    expansions = synonyms.expand(norm) if synonyms is not None and settings.synonym_weight > 0 else ()
    terms, weights = {}, {}
    for name in names:
        field_ = fields_mod.get(name)
        own = tuple(field_.analyze(norm))
        seen = set(own)
        extra = tuple(dict.fromkeys(t for t in field_.analyze(" ".join(expansions)) if t not in seen)) if expansions else ()
        terms[name] = own + extra
        weights[name] = (1.0,) * len(own) + (settings.synonym_weight,) * len(extra)
    dense_text = norm + ("。" + "、".join(expansions) if expansions and settings.synonym_dense else "")
    found = tuple(periods_mod.find(norm))
    next_years = {e.year + 1 for e in editions}
    challenge = _cue(settings.challenge_cues, norm) or any(p.fiscal and p.month is None and p.year in next_years
                                                           for p in found)
    answer_type, units = None, None
    for kind, pattern, fitting in ANSWER_TYPES:
        if pattern.search(norm):
            answer_type, units = kind, fitting
            break
    return Query(
        text=cleaned, norm=norm, terms=MappingProxyType(terms), weights=MappingProxyType(weights),
        expansions=expansions, dense_text=dense_text, periods=found, answer_type=answer_type, units=units,
        plan=_cue(settings.plan_cues, norm), challenge=challenge,
        when=bool(_WHEN.search(norm)), two_part=bool(_TWO_PART.search(norm)),
        period_texts=tuple(_OLD_PERIOD.findall(norm)),
    )


# the period forms answers look for in a span (kept from the first version until periods drive cells)
_OLD_PERIOD = re.compile(r"(?:令和|平成)\s*[\d元]+\s*年度?(?:\s*\d+\s*月末?)?|[HR]\d+|\d+月末")
