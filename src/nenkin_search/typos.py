"""Spellings read back into the report's words: typos by one character or two (女性菅理職 → 女性管理職, 納付律 →
納付率, 被保検者 → 被保険者, 生涯年金 → 障害年金), and compounds written with their verbs' kana where the report
writes the kanji alone (差し押さえ → 差押, 立ち入り → 立入; only where the report never writes the kana form).

A question typed with the wrong kanji (an IME's other conversion, a slip) shares no word with the report where
it matters most: BM25 misses the passage, and a slip that reads as a name (菅 → the surname スガ) makes the
question look like one about somebody the report never names, so it is refused. MeCab's readings do not help
(菅理 reads すがり), and a kana lexicon only reads back kana.

The rule, an edit-distance map onto the indexed text that fires only where the text itself says a character is
wrong: in a run of kanji the text never has, a character the text does not pair with its neighbours (菅 in 性菅,
菅理) is replaced by one the text has between the same neighbours (管: 性管理職), the commonest first, if the
swap is a slip (:meth:`Vocabulary._slip`: it sounds the same, it looks the same (末/未, 徴/微: a short table), or
the typed character is one the text never uses or MeCab reads as part of a name); two such characters only by two
that sound the same. A word the report simply does not use (基準額, 自治会, 年代別) keeps its characters: the first
version, without the slip test, "mended" 231 of the 1,357 eval questions, most of them wrongly. Checked against every
eval question for what it changes.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from . import text as text_mod

#: a run of kanji (々 repeats the one before)
_RUN = re.compile(r"[\u4e00-\u9fff々]{2,}")
_KANJI = "\u4e00-\u9fff々"
#: a compound written with the kana of its verbs (差し押さえ, 取り組み, 申し込み, 立ち入り, 受け付け) where the report
#: writes the kanji alone (差押, 取組, 申込, 立入, 受付): the kana a verb's stem ends in between two kanji, and after
#: the second; never a particle's (の, を, が, に, で, と, は, も), nor an adjective's (難しい事業所)
_OKURIGANA = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])(?!しい)([しりきちいけえみせげめれびぎじ]{1,2})([\u4e00-\u9fff])"
                        r"([さえけみりしれいきちかげ]{0,2})")
#: kanji that look alike, a slip of the eye or of handwriting recognition rather than of the IME (収納末済額 for
#: 収納未済額, 微収 for 徴収, 実積 for 実績): each group is characters one is typed for another. Not 遣/遺: a scheme's
#: name a character off (遣族年金) is another scheme, refused, not read as the report's (tests/test_answer.py)
_LOOK_ALIKE = ("末未", "徴微", "績積", "土士", "己已巳", "侍待持", "祉社", "崎埼", "戴載", "壁璧",
               "瞭療", "晴睛", "賃貸", "緑縁", "復複")
_LOOKS_LIKE = {c: frozenset(g) - {c} for g in _LOOK_ALIKE for c in g}
#: kanji that ask (何事業所, 幾つ): never a slip
_ASKING = "何幾"
#: the character right after a number: a counter or a date's unit (8,375件, 令和7年9月)
_AFTER_DIGIT = re.compile(r"(?<=\d)[\u4e00-\u9fff]")
#: … a date's unit typed as another kanji of its sound (令和6念9月): on its own, or before 度, 末 or 分 (令和6念度).
#: Only a date's: a counter heard alike is often the word meant (第2四半期 is not 2市, 第3子 not 3市, 1者 not 1社)
_DATE_SLIP = re.compile(r"(?<=\d)[\u4e00-\u9fff](?![\u4e00-\u9fff々](?<![度末分]))")
_DATE_UNITS = "年月日"


def _sound(run: str, past_name: bool = False) -> str:
    """How a run of kanji reads, word by word as MeCab reads it (推位 → すいい, though MeCab takes 推 and 位 for
    symbols, which :func:`text.reading` leaves unread); ``past_name``: only past the proper noun MeCab reads its
    first characters as (収能率 → のうりつ)."""
    words = list(text_mod.tagger()(run))
    while past_name and words and words[0].feature.pos2 == "固有名詞":
        words.pop(0)
    return "".join(text_mod.hiragana(w.feature.kana) if w.feature.kana not in (None, "*") else w.surface
                   for w in words)


def _sounds(run: str, n: int = 10) -> set[str]:
    """How a run of kanji may read: its readings in MeCab's ``n`` best parses (経約 → きょうやく, and けいやく in
    the second), so that a slip is heard as the word it sounds like whichever reading MeCab took first."""
    out = {_sound(run)}
    for parse in text_mod.tagger().nbest(run, n).split("EOS"):
        cols = [line.split("\t") for line in parse.strip().split("\n") if line.strip()]
        if cols:
            out.add("".join(text_mod.hiragana(c[2]) if len(c) > 2 and c[2] not in ("", "*") else c[0] for c in cols))
    return out


#: the kana right after a run of kanji (逃れ's れ, 契約に's に): a run is heard with them, so that a verb's stem
#: (加入逃れ: のがれ) is not heard as a noun's other reading (逃 as とう, 加入等)
_KANA_AFTER = re.compile(r"[\u3041-\u309f]{0,2}")


def _heard_as(run: str, fixed: str, a: int, b: int, after: str) -> bool:
    """Whether ``run[a:b]`` may be heard as ``fixed[a:b]``: the same sound as MeCab reads it, or in one of MeCab's
    best readings of the typed characters heard with the kana after them when the window ends the run."""
    if _sound(run[a:b]) == _sound(fixed[a:b]):
        return True
    tail = after if b == len(run) else ""
    return _sound(fixed[a:b] + tail) in _sounds(run[a:b] + tail)


def _in_name(run: str, i: int) -> bool:
    """Whether MeCab reads the run's ``i``-th character as part of a proper noun (達生率 → 達生, a given name)."""
    at = 0
    for w in text_mod.tagger()(run):
        if at <= i < at + len(w.surface):
            return w.feature.pos2 == "固有名詞"
        at += len(w.surface)
    return False


class Vocabulary:
    """The indexed text's runs of kanji, to check a question's against (built once per engine, on first use)."""

    def __init__(self, texts: Iterable[str]):
        self.text = "\n".join(texts)
        runs = re.findall(rf"[{_KANJI}]{{2,}}", self.text)
        self.pairs = {r[i: i + 2] for r in runs for i in range(len(r) - 1)}
        self.chars = set(self.text)
        self.counters = Counter(_AFTER_DIGIT.findall(self.text))

    def repair(self, norm: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        """``norm`` with each run of kanji the text never has mended at one character where the text says it is
        wrong; and the (typed, read as) pairs, for a caller to say what it read."""
        fixes: list[tuple[str, str]] = []

        def mend(m: re.Match) -> str:
            run = m.group(0)
            if run in self.text:
                return run
            after = _KANA_AFTER.match(m.string, m.end()).group(0)
            fixed = self._one(run, after)
            if fixed == run:
                fixed = self._two(run, after)
            if fixed != run:
                fixes.append((run, fixed))
            return fixed

        def compact(m: re.Match) -> str:
            written, short = m.group(0), m.group(1) + m.group(3)
            if written in self.text or short not in self.text:
                return written
            fixes.append((written, short))
            return short

        def counter(m: re.Match) -> str:
            # a date's unit typed as another kanji of its sound (令和6念9月): the text never writes that one after
            # a number, and does write the unit
            typed = m.group(0)
            if typed in self.counters or typed in _ASKING:
                return typed
            heard = _sounds(typed)
            said = next((c for c in _DATE_UNITS if c in self.counters and _sounds(c) & heard), None)
            if said is None:
                return typed
            fixes.append((typed, said))
            return said

        out = _DATE_SLIP.sub(counter, _RUN.sub(mend, _OKURIGANA.sub(compact, norm)))
        return out, tuple(fixes)

    def _one(self, run: str, after: str = "") -> str:
        for i, ch in enumerate(run):
            around = [run[j: j + 2] for j in (i - 1, i) if 0 <= j and j + 2 <= len(run)]
            if ch in _ASKING or all(pair in self.pairs for pair in around):
                continue  # a question word, or the text pairs this character with its neighbours: not the slip
            # the widest window around it (up to two characters each side, three at least; a run of two is its
            # own window) that the text has with another character in its place
            for width in (2, 1):
                a, b = max(0, i - width), min(len(run), i + width + 1)
                if b - a < min(3, len(run)):
                    continue
                # at the run's edge, a word the text ends (or begins) there too: 年金支給時 is not 年金支給事(務)
                pattern = (f"(?<![{_KANJI}])" if i == 0 else "") + re.escape(run[a:i]) + f"([{_KANJI}])" \
                    + re.escape(run[i + 1: b]) + (f"(?![{_KANJI}])" if i == len(run) - 1 else "")
                found = Counter(x.group(1) for x in re.finditer(pattern, self.text))
                for other, _ in found.most_common():
                    fixed = run[:i] + other + run[i + 1:]
                    if self._slip(run, fixed, i, after):
                        return fixed
                if found:
                    break
        return run

    def _two(self, run: str, after: str = "") -> str:
        """Two characters the text never pairs, read as the two it has between the same neighbours (two on one
        side at least) that sound the same: a word typed in its homophone (生涯年金 → 障害年金)."""
        for i in range(len(run) - 1):
            if run[i] in _ASKING or run[i + 1] in _ASKING or run[i: i + 2] in self.pairs:
                continue
            a, b = max(0, i - 2), min(len(run), i + 4)
            if b - a < 4:
                continue
            pattern = (f"(?<![{_KANJI}])" if i == 0 else "") + re.escape(run[a:i]) + f"([{_KANJI}]{{2}})" \
                + re.escape(run[i + 2: b]) + (f"(?![{_KANJI}])" if i + 2 == len(run) else "")
            for other in dict.fromkeys(x.group(1) for x in re.finditer(pattern, self.text)):
                fixed = run[:i] + other + run[i + 2:]
                if _heard_as(run, fixed, a, b, after):
                    return fixed
        return run

    def _slip(self, run: str, fixed: str, i: int, after: str = "") -> bool:
        """Whether the typed character is a slip for the text's: it sounds the same there (納付律, 被保検者: the
        IME's other conversion), or, typed inside a word, it is a character the text never uses (女性菅理職: the
        one it looks like) or MeCab reads it as part of a name (達生率: 達生, たつお). Without this, words the report
        does not use were "mended" into ones it does (基準額 → 基準等, 自治会 → 自治体, 年代別 → 年度別)."""
        if fixed[i] in _LOOKS_LIKE.get(run[i], ()):
            return True  # the character the text has there looks like the one typed (末済 → 未済)
        if _heard_as(run, fixed, 0, len(run), after):
            # two characters the dictionary knows as a word (精度, 保健) are that word, not a slip for 制度, 保険
            return len(run) > 2 or not text_mod.one_word(run)
        if len(run) > 2 and 0 < i and _in_name(run, i - 1):
            # the slip made the characters before it a name (収能率: 収 read おさむ, then 能率): past the name, it
            # sounds as the text's word ends (しゅうのうりつ ends のうりつ)
            rest = _sound(run, past_name=True)
            if len(rest) >= 3 and _sound(fixed).endswith(rest):
                return True
        inside = 0 < i < len(run) - 1
        return inside and (run[i] not in self.chars or _in_name(run, i))
