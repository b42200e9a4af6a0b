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
from typing import Callable, Iterator

from . import figures, periods
from .glyphs import modern

_WS = re.compile(r"\s+")
#: spaces between Japanese characters: a kana question read back word by word (全部 免除, 納付 計画 誓約書) or
#: keywords typed apart (ネットで 手続き) say a phrase as much as when written together
JA_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")
#: a thing not yet done, said with a verb (解明されていない記録, 納付していない人, 適用されてない): its noun is
#: group 1; the report names it with 未 (未解明記録, 未納, 未適用)
NOT_DONE = re.compile(r"([\u4e00-\u9fff]{2,6})(?:され|さ|し|でき)(?:てい|て|てこ)?(?:ない|なかった|ず)")

# Parts of speech that carry no search meaning.
_DROP_POS = {"助詞", "助動詞", "補助記号", "記号", "空白"}
# Content-poor lemmas: light verbs, formal nouns, question words, and the rhetoric a question wraps its
# content in (「〜って聞いたけど実際は？」「ちゃんと〜してるの？」): they match everywhere or nowhere.
_STOP_LEMMAS = {
    "する", "ある", "いる", "なる", "れる", "られる", "こと", "もの", "よう", "ため", "など", "等",
    "何", "どう", "どの", "どれ", "どれくらい", "どのくらい", "いくら", "いつ", "教える", "ください",
    "下さる", "知る", "つく", "就く", "思う", "的", "おる", "できる", "出来る", "くれる", "について", "における",
    "か", "ね", "よ", "です", "ます",
    "聞く", "実際", "本当", "言う", "感じ", "結局", "大体", "くらい", "ぐらい", "一体", "ちゃんと", "きちんと",
    "詳しい", "分かる", "わかる", "誰", "なぜ", "何故", "どうして", "なんで", "今", "いま", "みんな", "皆", "やはり",
    "やっぱり", "そもそも", "ところ", "もう", "まだ", "すごい", "とても", "一番", "いちばん",
    "事", "物", "為", "様", "無い",  # unidic's lemmas of こと, もの, ため, よう, ない
    # chat's adverbs (「最近けっこうやってるって本当？」): no report word, so each weighed as much as the rarest
    # word asked and drowned what the question asks (unidic lemmas: かなり 可成, やっぱ 矢張り, ちょっと 一寸)
    "最近", "結構", "可成", "まじ", "矢張り", "沢山", "ずっと", "割と", "大分", "正直", "一寸",
    "打ち明け",  # ぶっちゃけ
    # question words under their unidic lemmas (どこ 何処, どちら 何方, いかが 如何, どれ 何れ, いつごろ 何時頃):
    # 「どこまで減った」 measures no 何処, and a question word the report never writes weighed as much as the
    # rarest word asked. (いくつ's 幾 and どんな stay: on tune, kept out they let 3 near-misses be answered)
    "何処", "どこ", "何方", "どちら", "如何", "いかが", "何時頃", "何れ",
}


def normalize(text: str) -> str:
    """NFKC, PDF number spacing mended (``2, 123万件`` → ``2,123万件``), whitespace folded: the key form of a text."""
    return _WS.sub(" ", figures.mend(text)).strip()


def match_key(text: str) -> str:
    """NFKC, old character forms as today's, all whitespace removed: used to decide whether a passage contains an
    answer."""
    return _WS.sub("", modern(unicodedata.normalize("NFKC", text)))


_local = threading.local()


def _tagger():
    """One MeCab tagger per thread: fugashi taggers are not safe to share across threads."""
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        import fugashi  # imported lazily: costs ~50 ms

        tagger = fugashi.Tagger()
        _local.tagger = tagger
    return tagger


def _figure_tokens(fig: figures.Figure) -> list[str]:
    """A figure as tokens: as printed without commas, signs or 約 (``1660万件``), its leading number, and the
    thing it counts when its unit names one (1,694ブース → ブース, 787市区町村 → 市区町村): a question asking how
    many ブース there are says the word the figure swallowed."""
    whole = re.sub(r"^(?:約|およそ|概ね)|[,+▲△]", "", fig.text)
    number = re.match(r"[\d.]+", whole)
    thing = [fig.unit] if len(fig.unit) >= 2 and fig.unit not in _UNITS_OF_TIME_OR_RATE else []
    return [whole] + ([number.group(0)] if number and number.group(0) != whole else []) + thing


#: units that count no thing: periods, repetitions, points of a rate
_UNITS_OF_TIME_OR_RATE = frozenset({"pt", "か月", "年目", "年間", "年連続"})


def _word_key(word) -> str | None:
    """Lemma-based key of one MeCab word, or None when it carries no meaning."""
    feature = word.feature
    pos = feature.pos1
    if pos in _DROP_POS:
        return None
    if pos == "動詞" and word.surface[:1] == "率":
        return "率"  # 「紐付け率って」: MeCab reads 率っ as 従う; a question means the rate, never the verb
    if pos == "動詞" and feature.pos2 == "非自立可能":
        return None  # する, いる, ある, なる, できる, いく, くれる …: light and auxiliary verbs (unidic: 為る, 居る …)
    lemma = feature.lemma or word.surface
    # unidic lemmas carry readings for some foreign words: "ネット-net" → "ネット"
    lemma = lemma.split("-")[0] if "-" in lemma and not lemma.startswith("-") else lemma
    if lemma in _STOP_LEMMAS or word.surface in _STOP_LEMMAS:
        return None
    if pos == "動詞":
        lemma = _noun_form(lemma)
    return lemma.lower()


_GODAN = str.maketrans("うくぐすつぬぶむる", "いきぎしちにびみり")
_E_OR_I_ROW = re.compile(r"[いきぎしじちぢにひびぴみりえけげせぜてでねへべぺめれ]る$")


def _noun_form(lemma: str) -> str:
    """A verb keyed by its noun form (連用形), the form the report writes its nouns in: 差し押さえられた and
    差押え both → 差し押さえ, 受け取る and 受取 → 受け取り, 紐づけ → 紐付け (joined to 紐 below). Ichidan
    verbs (…える, …いる) drop る; godan verbs turn their last kana to the い row."""
    if _E_OR_I_ROW.search(lemma):
        return lemma[:-1]
    if lemma and lemma[-1] in "うくぐすつぬぶむる" and len(lemma) > 1:
        return lemma[:-1] + lemma[-1].translate(_GODAN)
    return lemma


def _units(norm: str) -> list[list[str]]:
    """The tokens at each position of a normalised text (a figure: whole + number; a period: both calendars);
    an empty unit marks a break no compound crosses."""
    units: list[list[str]] = []
    pos = 0
    for start, end, period in periods.spans(norm):
        units.extend(_figure_and_word_units(norm[pos:start]))
        units.extend([[], periods.tokens(period), []])  # a period stands alone: no compounds across it
        pos = end
    units.extend(_figure_and_word_units(norm[pos:]))
    return units


@lru_cache(maxsize=4096)
def _tokenize_cached(text: str) -> tuple[str, ...]:
    units = _units(normalize(text))
    tokens: list[str] = []
    for i, unit in enumerate(units):
        tokens.extend(unit)
        if unit and i + 1 < len(units) and units[i + 1]:  # adjacent pairs make compounds meet: 紐+付け → 紐付け, 点検+件数
            tokens.append(unit[0] + units[i + 1][0])
    return tuple(tokens)


def words(text: str, distinct: bool = True) -> list[str]:
    """The unit tokens of ``text`` (words, whole figures, periods), without the adjacent-pair compounds:
    what answers count when they ask how much of a question a span covers."""
    out: list[str] = []
    before = None  # the unit before, None after a particle or symbol
    for unit in _units(normalize(text)):
        key = unit[0] if unit else None
        if key in _TSUKE and before and not before.endswith(_TSUKE) and not re.search(r"\d", before):
            # 付ける / 付く bound to the noun before (紐づけ, 紐着け, 紐付いて): one word, as MeCab reads the report's
            # 紐付け, so a question typed so covers the span that says it
            out[-1] = before = before + "付け"
            continue
        if key:
            out.append(key)
        before = key
    return list(dict.fromkeys(out)) if distinct else out


#: 付ける and 付く as their noun forms
_TSUKE = ("付け", "付き")


_KANJI = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf々]")


def names(text: str) -> list[str]:
    """Lemma keys of the proper nouns written in kanji (places, organisations) of ``text``, periods aside:
    a question naming one the report never mentions (東京都, 大阪府) is not about this report's facts."""
    return _keys_of(text, lambda w: w.feature.pos2 == "固有名詞" and bool(_KANJI.search(w.surface)))


def places(text: str) -> list[str]:
    """Lemma keys of the places below the country that ``text`` names (沖縄, 東京; not 日本): a figure for one
    of them is not the national figure."""
    return _keys_of(text, lambda w: w.feature.pos3 == "地名" and w.feature.pos4 != "国")


def nouns(text: str) -> list[str]:
    """Lemma keys of the content nouns of ``text`` (not 現在, それぞれ, うち: nouns used as adverbs; not numbers or
    pronouns): what names a thing."""
    return _keys_of(text, lambda w: w.feature.pos1 == "名詞" and w.feature.pos2 == "普通名詞"
                    and w.feature.pos3 != "副詞可能")


def verbal_nouns(text: str) -> set[str]:
    """Lemma keys of the nouns ``text`` uses as verbs (提出 of 提出されている, 実施 of 実施した): what is done, not
    a thing named."""
    ws = list(_tagger()(periods.remove(normalize(text), " ")))
    return {k for w, nxt in zip(ws, ws[1:]) if w.feature.pos3 == "サ変可能" and nxt.feature.pos1 == "動詞"
            and (k := _word_key(w))}


def _keys_of(text: str, keep: Callable) -> list[str]:
    """Distinct lemma keys of the words of ``text`` that ``keep`` accepts, periods aside (平成, 令和 are eras
    here, not names)."""
    norm = periods.remove(normalize(text), " ")
    return list(dict.fromkeys(k for w in _tagger()(norm) if (k := _word_key(w)) and keep(w)))


def _figure_and_word_units(segment: str) -> list[list[str]]:
    units: list[list[str]] = []
    pos = 0
    for fig in figures.parse(segment):
        units.extend(_mecab_units(segment[pos: fig.start]))
        units.append(_figure_tokens(fig))
        pos = fig.end
    units.extend(_mecab_units(segment[pos:]))
    return units


def _mecab_units(segment: str) -> list[list[str]]:
    """One unit per MeCab word; an empty unit marks a particle or symbol (a compound break)."""
    if not segment.strip():
        return []
    units: list[list[str]] = []
    for word in _parsed(segment):
        key = _word_key(word)
        if key is None and word.feature.lemma in _BOUND_TSUKU and units and units[-1]:
            key = "付け"  # 紐づいて, 紐付いていない, 位置づける: the noun's compound, keyed as the report's 紐付け
        units.append([key] if key else [])
    return units


#: a run of katakana
_KATAKANA_RUN = re.compile(r"([ァ-ヴー]+)")


def _parsed(segment: str) -> Iterator:
    """MeCab's words of ``segment``; where it cut a katakana word and read its last kana as a particle (国民年金
    コンビニ払い → コンビ + ニ, though コンビニ払い alone is コンビニ + 払い), with that run parsed on its own. A
    generator: MeCab's words are valid only until its next parse."""
    words = _tagger()(segment)
    split = [w.surface for w in words if w.feature.pos1 in ("助詞", "助動詞") and _KATAKANA_RUN.fullmatch(w.surface)]
    if not split:
        yield from words
        return
    pieces, pos = [], 0
    for m in _KATAKANA_RUN.finditer(segment):
        if any(k in m.group(0) for k in split):
            pieces += [segment[pos: m.start()], m.group(0)]
            pos = m.end()
    for piece in [*pieces, segment[pos:]]:
        if piece:
            yield from _tagger()(piece)


#: 付く / 付ける bound to the noun before them (紐付く, 位置付ける) are light verbs for MeCab, which drops the
#: compound the report writes as one noun (紐付け, 紐付き)
_BOUND_TSUKU = {"付く", "付ける"}


_KATA = re.compile(r"[ァ-ヶ]")


def hiragana(text: str) -> str:
    """Katakana → hiragana (ノウフリツ → のうふりつ); everything else unchanged."""
    return _KATA.sub(lambda m: chr(ord(m.group(0)) - 0x60), text)


def tagger():
    """The shared MeCab tagger (fugashi + unidic-lite)."""
    return _tagger()


def qualified(text: str, word: str) -> bool:
    """Whether ``word`` occurs in ``text`` right after a noun, as the head of a compound (ねんきんダイヤル,
    小規模事業所; not 指導した事業所, 全ダイヤル): a particular one of its kind is named."""
    tokens = [(w.surface, w.feature.pos1) for w in _tagger()(text)]
    ends, pos = {}, 0
    for surface, pos1 in tokens:
        pos += len(surface)
        ends[pos] = pos1
    return any(ends.get(m.start()) in ("名詞", "接尾辞") and text[m.start() - 1] != "全" for m in re.finditer(re.escape(word), text)
               if m.start() > 0)


def one_word(text: str) -> bool:
    """Whether MeCab reads ``text`` as a single word of its dictionary (精度, 保健; not 推位: 推 + 位)."""
    found = list(_tagger()(normalize(text)))
    return len(found) == 1 and found[0].feature.pos1 not in ("記号", "補助記号")


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


_KANA_ONLY = re.compile(r"^[\u3041-\u309fー]+$")


#: kana that a compound's second word may begin with voiced (ひ → び, つ → づ): the next code point is the voiced one
_VOICES = frozenset("かきくけこさしすせそたちつてとはひふへほ")


def readings(text: str) -> list[tuple[str, str]]:
    """(reading in hiragana, surface) of the content words of ``text`` and of runs of two or three nouns:
    the lexicon that lets a question typed in kana be read back into the report's kanji (しんさ → 審査,
    つうちしょ → 通知書, not 通知所)."""
    out = []
    run: list[tuple[str, str]] = []  # adjacent nouns: 通知 + 書 is read つうちしょ as one word
    for word in _tagger()(normalize(text)):
        f = word.feature
        if _KANA_ONLY.match(word.surface) and f.pos1 == "名詞" and len(word.surface) >= 2:
            # a noun the report writes in kana starts or joins a run, not a word of its own (ねんきん定期便,
            # ねんきんネット: ねんきんていきびん is read back as the report writes it, not as 年金定期便)
            kana, own, joins = word.surface, False, True
        elif f.pos1 in _DROP_POS or not f.kana or f.kana == "*" or _KANA_ONLY.match(word.surface):
            run = []
            continue
        else:
            kana = hiragana(f.kana)
            if not _KANA_ONLY.match(kana):
                run = []
                continue
            own, joins = len(kana) >= 2, f.pos1 in ("名詞", "接尾辞", "接頭辞")
            if f.pos1 == "動詞" and run:
                # a verb closes the noun before it into one word (紐 + 付い: 紐付いていない, typed ひもづいてない):
                # read as the noun's compound is, its first kana voiced too; it starts no run of its own
                (noun_kana, noun), = run[-1:]
                out.append((noun_kana + kana, noun + word.surface))
                if kana[0] in _VOICES:
                    out.append((noun_kana + chr(ord(kana[0]) + 1) + kana[1:], noun + word.surface))
        if own:
            out.append((kana, word.surface))
        run = (run + [(kana, word.surface)])[-3:] if joins else []
        for n in (2, 3):
            if len(run) >= n:
                out.append(("".join(k for k, _ in run[-n:]), "".join(w for _, w in run[-n:])))
                if word.surface == "人" and kana == "にん":  # unidic reads 外国人 がいこくにん; people say じん
                    out.append(("".join(k for k, _ in run[-n:-1]) + "じん", "".join(w for _, w in run[-n:])))
                elif kana[0] in _VOICES:
                    # … and a compound's second word voiced, as people say it (誕生日: unidic ひ, たんじょうび)
                    out.append(("".join(k for k, _ in run[-n:-1]) + chr(ord(kana[0]) + 1) + kana[1:],
                                "".join(w for _, w in run[-n:])))
    return out


def content_words(text: str) -> list[str]:
    """Surface forms of the meaningful words of ``text`` and its figures, as written after NFKC."""
    norm = normalize(text)
    words = [w.surface for w in _tagger()(norm) if _word_key(w)]
    return words + [f.text for f in figures.parse(norm)]


def tokenize(text: str) -> list[str]:
    """MeCab (fugashi + unidic-lite) lemma tokens plus adjacent-pair compounds and whole figures.

    ``紐付け``, ``ひも付け`` and ``紐づけ`` share the token ``紐付け``; ``取得率`` yields ``取得``;
    ``8,375件`` yields ``8375`` and ``8375件``; a period yields its 和暦 and 西暦 forms (``令和5年度``,
    ``2023年度``), so ``FY2023``, ``R5`` and ``2023年度`` meet ``令和5年度``.
    """
    return list(_tokenize_cached(text))


def clear_caches() -> None:
    """Forget memoised tokens and readings (benchmarks time a repeated question as a new one)."""
    _tokenize_cached.cache_clear()
    reading.cache_clear()


#: what ends a sentence (NFKC folds ！？ to !?; both are written)
_STOPS = "。！？!?"
_SENT_END = re.compile(rf"(?<=[{_STOPS}])")


def sentences(text: str) -> list[str]:
    """Split at 。！？ keeping the delimiter, but not inside brackets (「（以下「年金裁定」という。）」 stays in its
    sentence); empty pieces dropped."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _STOPS and depth == 0:
            out.append(text[start: i + 1])
            start = i + 1
    out.append(text[start:])
    if depth:  # a bracket never closed (PDF debris): split at every stop rather than not at all
        out = _SENT_END.split(text)
    return [s for s in (p.strip() for p in out) if s]


_OPEN, _CLOSE = "（(「『【［", "）)」』】］"


def sentence_units(text: str) -> list[str]:
    """The sentences of every line of ``text``: what the index embeds one by one for answers to compare with a
    question (an answer candidate, a bullet or a pair of sentences, scores as its best sentence)."""
    return [x for line in text.split("\n") for x in sentences(line)]
