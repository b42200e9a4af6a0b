"""Japanese text handling: normalisation for matching, MeCab tokens, sentence splits.

Displayed text is never rewritten; these functions produce *keys* for matching
(BM25 tokens, eval answer matching) so that full-width/half-width digits,
PDF spacing such as ``2, 123万件`` and kana/kanji spelling variants meet.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

# "2, 123万件" / "5, 095万件" / "1, 6" : a thousands separator followed by PDF spacing.
_PDF_NUM_SPACE = re.compile(r"(?<=\d),\s+(?=\d{3}(?!\d))")
_WS = re.compile(r"\s+")

#: A figure: a number (with thousands separators or decimals) and an optional unit.
FIGURE_UNITS = (
    "万事業所", "事業所", "万件", "万人", "万月", "億円", "兆円", "万円", "円", "件", "人", "%",
    "ポイント", "pt", "か月", "ヶ月", "日", "社", "回", "倍", "拠点", "名", "時間", "分", "月", "年度", "年",
)
FIGURE = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(" + "|".join(map(re.escape, FIGURE_UNITS)) + r")?"
)

# Parts of speech that carry no search meaning.
_DROP_POS = {"助詞", "助動詞", "補助記号", "記号", "空白"}
# Content-poor lemmas (light verbs, question words, formal nouns).
_STOP_LEMMAS = {
    "する", "ある", "いる", "なる", "れる", "られる", "こと", "もの", "よう", "ため", "など", "等",
    "何", "どう", "どの", "どれ", "どれくらい", "どのくらい", "いくら", "いつ", "教える", "ください",
    "下さる", "知る", "つく", "就く", "思う", "的", "おる", "できる", "出来る", "くれる", "について", "における",
    "か", "ね", "よ", "です", "ます",
}


def normalize(text: str) -> str:
    """NFKC, PDF number spacing mended, whitespace folded: the key form of a text."""
    text = unicodedata.normalize("NFKC", text)
    text = _PDF_NUM_SPACE.sub(",", text)
    return _WS.sub(" ", text).strip()


def match_key(text: str) -> str:
    """NFKC with all whitespace removed: used to decide whether a passage contains an answer."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


_local = threading.local()


def _tagger():
    """One MeCab tagger per thread: fugashi taggers are not safe to share across threads."""
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        import fugashi  # imported lazily: costs ~50 ms

        tagger = fugashi.Tagger()
        _local.tagger = tagger
    return tagger


def _figure_tokens(match: re.Match[str]) -> list[str]:
    integer, decimals, unit = match.group(1), match.group(2), match.group(3) or ""
    plain = integer.replace(",", "") + (f".{decimals}" if decimals else "")
    return [plain + unit, plain] if unit else [plain]


def _word_key(word) -> str | None:
    """Lemma-based key of one MeCab word, or None when it carries no meaning."""
    feature = word.feature
    pos = feature.pos1
    if pos in _DROP_POS:
        return None
    lemma = feature.lemma or word.surface
    # unidic lemmas carry readings for some foreign words: "ネット-net" → "ネット"
    lemma = lemma.split("-")[0] if "-" in lemma and not lemma.startswith("-") else lemma
    if pos == "動詞" and lemma.endswith("る") and (feature.cForm or "").startswith("連用形"):
        # 紐づけ → 紐 + 付け (not 付ける), so that it joins to 紐付け below.
        lemma = lemma[:-1]
    if lemma in _STOP_LEMMAS or word.surface in _STOP_LEMMAS:
        return None
    return lemma.lower()


# Era abbreviations in 参考資料 year columns: R7 → 令和7年度, H26 → 平成26年度 (not "R7.9末", a date).
_ERA = re.compile(r"(?<![A-Za-z])([RH])(\d{1,2}|元)(?![\d.A-Za-z])")


def _era(match: re.Match[str]) -> str:
    return ("令和" if match.group(1) == "R" else "平成") + match.group(2) + "年度"


@lru_cache(maxsize=4096)
def _tokenize_cached(text: str) -> tuple[str, ...]:
    norm = _ERA.sub(_era, normalize(text))
    units: list[list[str]] = []  # each unit: the tokens at one position (figure: plain + with unit)
    pos = 0
    for match in FIGURE.finditer(norm):
        units.extend(_mecab_units(norm[pos : match.start()]))
        units.append(_figure_tokens(match))
        pos = match.end()
    units.extend(_mecab_units(norm[pos:]))
    tokens: list[str] = []
    for i, unit in enumerate(units):
        tokens.extend(unit)
        if unit and i + 1 < len(units) and units[i + 1]:  # adjacent pairs make compounds meet: 紐+付け → 紐付け, 点検+件数
            tokens.append(unit[0] + units[i + 1][0])
    return tuple(tokens)


def _mecab_units(segment: str) -> list[list[str]]:
    """One unit per MeCab word; an empty unit marks a particle or symbol (a compound break)."""
    if not segment.strip():
        return []
    return [[key] if (key := _word_key(word)) else [] for word in _tagger()(segment)]


_KATA = re.compile(r"[ァ-ヶ]")


def hiragana(text: str) -> str:
    """Katakana → hiragana (ノウフリツ → のうふりつ); everything else unchanged."""
    return _KATA.sub(lambda m: chr(ord(m.group(0)) - 0x60), text)


@lru_cache(maxsize=4096)
def reading(text: str) -> str:
    """The text as MeCab reads it, in hiragana; symbols and spaces become spaces (word runs stay joined).

    ``障害年金の不支給`` → ``しょうがいねんきんのふしきゅう``; a query typed in kana reads as itself.
    Words without a reading (Latin letters, digits) keep their NFKC surface, lower-cased.
    """
    out: list[str] = []
    for word in _tagger()(normalize(text)):
        f = word.feature
        if f.pos1 in ("補助記号", "記号", "空白"):
            out.append(" ")
        else:
            out.append(hiragana(f.kana) if f.kana and f.kana != "*" else word.surface.lower())
    return _WS.sub(" ", "".join(out)).strip()


def content_words(text: str) -> list[str]:
    """Surface forms of the meaningful words of ``text`` and its figures, as written after NFKC."""
    norm = normalize(text)
    words = [w.surface for w in _tagger()(norm) if _word_key(w)]
    return words + [m.group(0) for m in FIGURE.finditer(norm) if m.group(0).strip()]


def tokenize(text: str) -> list[str]:
    """MeCab (fugashi + unidic-lite) lemma tokens plus adjacent-pair compounds and whole figures.

    ``紐付け``, ``ひも付け`` and ``紐づけ`` share the token ``紐付け``; ``取得率`` yields ``取得``;
    ``8,375件`` yields ``8375`` and ``8375件``.
    """
    return list(_tokenize_cached(text))


def clear_caches() -> None:
    """Forget memoised tokens and readings (benchmarks time a repeated question as a new one)."""
    _tokenize_cached.cache_clear()
    reading.cache_clear()


_SENT_END = re.compile(r"(?<=[。！？])")


def sentences(text: str) -> list[str]:
    """Split at 。！？ keeping the delimiter; empty pieces dropped."""
    return [s for s in (p.strip() for p in _SENT_END.split(text)) if s]
