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
from functools import cached_property, partial
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

from . import fields as fields_mod
from . import figures as figures_mod
from . import periods as periods_mod
from .errors import QueryError
from .periods import Period
from .settings import DEFAULT, Settings
from .synonyms import Synonyms
from .text import normalize, words

_all_words = partial(words, distinct=False)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")

#: answer types: what kind of answer a question wants, by the words it asks with. The first pattern that
#: matches decides (何件 before 数は; 金額 before 額); a figure type is answered by a figure of that kind
#: (:mod:`nenkin_search.figures`), the others by a sentence.
ANSWER_TYPES: tuple[tuple[str, re.Pattern], ...] = (
    ("frequency", re.compile(r"頻度|何年に[1一]|何年おき|何年ごと|何か?[月ヶカ]月に[1一]|どのくらいの間隔")),
    ("date", re.compile(r"いつ|何月|時期|何年に|開始日")),
    ("rate", re.compile(r"何%|何パーセント|何ポイント|何割|割合|比率|率|パーセント|シェア")),
    ("amount", re.compile(r"いくら|金額|[^件人全半]額|円(?!滑|満)|費用|予算|コスト")),  # 全額免除, 円滑 are not amounts
    ("duration", re.compile(r"何日|日数|所要|何時間|何分|待ち時間|何か月|何ヶ月|何カ月|何年間|かかる期間|処理期間|期間は")),
    ("count", re.compile(r"(?:何件|何人|何社|何事業所|何回|何か所|何箇所|何名|何通|何台|何項目|何団体|何拠点|何機関|"
                         r"何ブース|何万)(?!か[でのがはをにもと、])(?![^、。?!]*(?:ても|でも))|件数|人数|者数|社数|事業所数|回数|数は|数を|数(?:\s|$)|いくつ")),
    ("figure", re.compile(r"どれくらい|どれぐらい|どのくらい|どのぐらい|どの程度|どこまで|どれだけ|どれほど|合計|累計|総数")),
    ("reason", re.compile(r"なぜ|どうして|なんで|理由|原因|要因|せい")),
    ("method", re.compile(r"どうやって|どのように|どのような方法|方法|どう(?:し|す|対応)")),
)
#: question words that name their answer's type outright: one of these decides over a noun of another type
#: elsewhere in the question (「源泉徴収税額の精算が行われる受給者は何人」 asks a count, not an amount);
#: several: the order of ANSWER_TYPES
_ASKED_TYPES: tuple[tuple[str, re.Pattern], ...] = (
    # a reason asked decides over the rate or count it is about (割合が減ってるけど何が原因なの)
    ("reason", re.compile(r"なぜ|どうして|なんで|何で(?:なの|なん|です|\?|？|$)|(?:理由|原因|要因)(?:は|って|を|が|$)"
                          r"|何が(?:理由|原因|要因)")),
    ("frequency", re.compile(r"何年に[1一]|何年おき|何年ごと|何か?[月ヶカ]月に[1一]")),
    ("date", re.compile(r"いつ|何月")),
    ("rate", re.compile(r"何%|何パーセント|何ポイント|何割")),
    ("amount", re.compile(r"いくら|何円|何億|何兆")),
    ("duration", re.compile(r"何日|何時間|何分|何か月|何ヶ月|何カ月|何年間")),
    ("count", re.compile(r"(?:何件|何人|何社|何事業所|何事務所|何回|何か所|何カ所|何ヵ所|何ヶ所|何箇所|何名|何通|何台|何項目|何団体|何拠点|"
                         r"何機関|何ブース|何契約|何部署|何種類|何枚)(?!か[でのがはをにもと、])(?![^、。?!]*(?:ても|でも))"
                         # 何人かで: several, not how many (何人か。 asks); 何回検査をしても: however many
                         r"|(?:どれくらい|どのくらい|どれぐらい|どのぐらい|どれだけ)の(?:人|件数|事業所)")),
)
FIGURE_TYPES = ("count", "rate", "amount", "duration", "figure")


def _asked_type(norm: str) -> str | None:
    """The type of the first question word (「何件で、割合は何％」 asks the count first, and a two-part answer
    leads with it); at one position, the order of ``_ASKED_TYPES`` (何年に1回 is a frequency, not a date)."""
    found = [(m.start(), i, kind) for i, (kind, pattern) in enumerate(_ASKED_TYPES) if (m := pattern.search(norm))]
    return min(found)[2] if found else None


#: the unit a count question names (何人 → 人): of two counts, the one in that unit answers it; longest first
#: (何事業所 before 何事); the units are those of :mod:`figures`
_UNIT_HINTS = (("事業所", re.compile(r"何事業所|事業所数")),
               ("人", re.compile(r"何人|人数|者数|何万人|何名|(?:くらい|ぐらい|だけ)の人(?:数|に|が|は|を)")),
               ("件", re.compile(r"何件|件数|何万件")), ("社", re.compile(r"何社|社数")), ("回", re.compile(r"何回|回数")),
               ("団体", re.compile(r"何団体|団体数")), ("拠点", re.compile(r"何拠点|拠点数")),
               ("ブース", re.compile(r"何ブース|ブース数")),
               ("か所", re.compile(r"何か所|何カ所|何ヵ所|何ヶ所|何箇所|箇所数|か所数")),
               ("機関", re.compile(r"何機関|機関数")), ("項目", re.compile(r"何項目|項目数")),
               ("事務所", re.compile(r"何事務所|事務所数")), ("契約", re.compile(r"何契約|契約数")))
#: counters a count question may name as a word (相談ブース いくつ): the unit when no 何X says it
_COUNTER_WORDS = ("ブース", "拠点", "団体", "事業所", "事務所", "機関", "契約", "部署")


def _count_unit(norm: str) -> str | None:
    """The unit a count question names: by its question word (何人 → 人, 事業所数 → 事業所), else the last
    counter word it uses (「相談ブース いくつ」 → ブース)."""
    hinted = next((u for u, p in _UNIT_HINTS if p.search(norm)), None)
    if hinted:
        return hinted
    said = [(norm.rfind(w), w) for w in _COUNTER_WORDS if w in norm]
    return max(said)[1] if said else None


#: the unit a duration question names, as :mod:`figures` keeps it (時間 and 分 in 分): 何時間 is not answered
#: by a number of days
_DURATION_UNIT_HINTS = (("分", re.compile(r"何時間|何分")), ("日", re.compile(r"何日|日数")),
                        ("か月", re.compile(r"何か月|何ヶ月|何カ月")))
#: the unit a rate question names (何ポイント → pt, a change; 何% → a level): preferred, not required, since
#: the report's tables print a change in % too (72.7% (+0.2%))
_RATE_UNIT_HINTS = (("pt", re.compile(r"何ポイント|ポイント")), ("%", re.compile(r"何%|何パーセント")))


def _unit(norm: str, answer_type: str | None) -> str | None:
    """The unit the question names for its answer type (何人 → 人, 何ポイント → pt, 何時間 → 分), if any."""
    if answer_type == "count":
        return _count_unit(norm)
    hints = {"rate": _RATE_UNIT_HINTS, "duration": _DURATION_UNIT_HINTS}.get(answer_type or "", ())
    return next((u for u, p in hints if p.search(norm)), None)


#: forms of answer a question asks for and what an answer of that form says: a breakdown (年代別 → by
#: 年代, said with 年代), a ranking (最も, ワースト), a frequency (何年に1回), a language (何語). A span
#: without it answers the topic, not the question (the report's 納付率 is national, not by 年代).
_BREAKDOWN = re.compile(r"([\u4e00-\u9fff\u30a1-\u30ff]{2,})別(?!途|紙|添|表|記)")
#: (what asks the form, what a span of that form says)
_FORMS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"最も|一番|いちばん|ワースト|最多|最少|トップ|ランキング|順位"), r"最|一番|順位|上位|下位|ワースト|トップ|順に"),
    (dict(ANSWER_TYPES)["frequency"], r"毎|ごと|頻度|[年月週日]に\d*回|定期的|随時"),
    (re.compile(r"何語|何か国語|言語"), r"語"),
    (re.compile(r"何歳"), r"歳"), (re.compile(r"何倍"), r"倍"), (re.compile(r"何年目"), r"年目"),
    # an amount per person or per month (1人あたり, 月額, 平均) is not answered by a total
    (re.compile(r"(?:1|一|ひと)人(?:あたり|当たり|当り)|平均"), r"(?:1|一)人|あたり|当たり|平均"),
    (re.compile(r"月額|毎月|月々|ひと月|1か月あたり"), r"月額|月平均|毎月|月あたり|月当たり"),
    # contact details: a number to call, an address to open
    (re.compile(r"電話番号|何番"), r"\d{2,4}-\d{2,4}-\d{3,4}|0570|0120"),
    (re.compile(r"URL|アドレス|ホームページの場所"), r"https?://|www\."),
    # a score (満足度は何点): the report gives no points, only rates
    (re.compile(r"何点"), r"\d点"),
    # a company or a country by name: the report names no contractor, maker or partner country
    (re.compile(r"(?:どの|どこの)(?:事業者|会社|企業|業者|メーカー)|事業者名|社名|企業名|会社名|メーカー名|製品名"),
     r"株式会社|有限会社|合同会社|㈱|\(株\)"),
    (re.compile(r"(?:どの|どこの)(?:年金)?事務所|事務所名"), r"[\u4e00-\u9fff]{2,}年金事務所"),
    # a comparison with others (民間企業と比べて): the report compares with its own past and targets only
    (re.compile(r"(?:他の|ほかの|民間|国家公務員|他機関|他省庁|他社|自治体)[^。]{0,20}(?:と|に)(?:比べ|比較|比し)"),
     r"民間|他の|他機関|国家公務員|全国平均"),
    (re.compile(r"(?:どの|どこの)国|国名|相手国"),
     r"アメリカ|米国|韓国|中国|ドイツ|英国|イギリス|フランス|カナダ|オーストラリア|ブラジル|インド|フィリピン|ベトナム|イタリア|スペイン|オランダ|スイス"),
)
#: a rate named by its noun (保険料率, 納付率): a span of another rate (収納率) does not answer it
_RATE_NOUN = re.compile(r"([\u4e00-\u9fff])率")


def _needs(norm: str, focus: str) -> tuple[str, ...]:
    """Patterns the answer's span (with its headings) must match for the form the question asks; a rate's noun
    only from the clause asked in, ``focus`` (「納付率が低いとされる中、…事務所はいくつ」 does not ask the 納付率)."""
    out = [re.escape(m.group(1)[-2:]) for m in _BREAKDOWN.finditer(norm)]
    out += [re.escape(m.group(0)) for m in _RATE_NOUN.finditer(focus) if m.group(1) not in "比確効"]
    out += [need for asks, need in _FORMS if asks.search(norm)]
    # a count in a counter no answer type knows (何級, 何層, 何か国): the span must count in it
    out += [rf"\d\s*{re.escape(m.group(1))}" for m in _OTHER_COUNTER.finditer(norm) if m.group(1) not in _KNOWN_COUNTERS]
    return tuple(dict.fromkeys(out))


#: 何 + a counter
_OTHER_COUNTER = re.compile(r"何([\u4e00-\u9fff]|か国|カ国)(?![\u4e00-\u9fff])")
#: counters the answer types, units and forms already handle, and words that are not counters (何故, 何者)
_KNOWN_COUNTERS = set("人件社回名通台日分月年割歳倍点番語度故者等時枚種部")


#: the report's column headers named in a question (「令和8年度計画策定に向けた課題は」): they say which column
#: is asked (read by the intent cues), not what about; as search words they match every 計画 and 策定
_COLUMN_NAMES = re.compile(r"(?:(?:令和|平成)\s*(?:\d+|元)\s*年度)?計画策定に向けた(?P<intent>課題)")


#: words that ask for a change; and those that ask for the level even with a verb of change
_ASKS_CHANGE = re.compile(r"前年|比べ|増え|減っ|増減|伸び|上がっ|下がっ|改善|悪化|増加|減少|上昇|低下|何ポイント")
_ASKS_LEVEL = re.compile(r"どこまで|何%に|いくらに|何件に|何人に|になった|まで")
#: words that ask a whole year's or a total figure; a month named (6月, not 9月末時点)
_ASKS_TOTAL = re.compile(r"年間|1年|一年|合計|全体|通年|トータル|累計|総")
_MONTH_IN_Q = re.compile(r"(?<![\d.])(?:1[0-2]|[1-9])\s*月(?!末時点)")
#: months from one to another (4月から9月): the sum over them, a total, not one month's figure
_MONTH_RANGE = re.compile(r"(?:1[0-2]|[1-9])\s*月?\s*(?:から|~|～|〜|-)\s*(?:1[0-2]|[1-9])\s*月")


#: words for the current fiscal year (今 alone means the latest figure, which a question with no period gets;
#: 今年 is left alone: 「今年から」 says since when, not which year's figure)
_NOW = re.compile(r"今年度|本年度|今期|当年度")
_LAST_YEAR = re.compile(r"去年度|昨年度")
_THIS_YEAR_MONTH = re.compile(r"今年の?\s*(1[0-2]|[1-9])\s*月(末?)")
#: a period that says what something is for, not what is asked: 令和8年度に向け(て), を見据え, に備え
_PURPOSE = re.compile(r"^\s*(?:に向け|を見据え|に備え)")


#: a question whose answer is the challenge itself (課題は), whatever figure it is about
_ASKS_CHALLENGE = re.compile(r"課題")
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
    answer_type: str | None = None  # count / rate / amount / duration / figure / frequency / date / reason / method
    plan: bool = False  # about the plan or target (計画, 目標, 目指す), not what was done (目標に届いた is a result)
    challenge: bool = False  # about next year's challenges (課題, 来年度, 令和8年度 for a 令和7年度 report)
    when: bool = False  # asks for a date or time (いつ, 時期)
    two_part: bool = False  # asks for two things or two periods
    measured: tuple[str, ...] = ()  # lemma tokens of the thing asked about: the words right before the question word
    unit: str | None = None  # the unit a count question names (人, 件, 社, 事業所, 回)
    editions: tuple[int, ...] = ()  # fiscal years (西暦) the indexed reports are about: "now" for a question
    month: bool = False  # names a month (6月, 令和7年9月): a month's figure is wanted, not the year's
    total: bool = False  # asks a year's or a whole total (年間, 年度, 合計, 累計): a total row or column answers
    change: bool = False  # asks for a change (どれくらい増えた, 前年比), not the level reached (どこまで上がった)
    needs: tuple[str, ...] = ()  # patterns an answer must contain, for the form asked (年代別 → 年代; 最も → 最)

    @property
    def intent(self) -> str:
        """"challenge", "plan" or "result" (what was done)."""
        return "challenge" if self.challenge else "plan" if self.plan else "result"

    @property
    def figure_only(self) -> bool:
        """The question is nothing but figures (8,375件): a lookup of where a figure is printed."""
        own = [t for t, w in zip(self.terms.get("lemma", ()), self.weights.get("lemma", ())) if w >= 1.0]
        return bool(own) and all(any(ch.isdigit() for ch in t) for t in own)

    @property
    def wants_figure(self) -> bool:
        return self.answer_type in FIGURE_TYPES

    @cached_property
    def own_figures(self) -> tuple[figures_mod.Figure, ...]:
        """The figures the question itself states (「54拠点の増設数」, 「5人以上の事業所」): never its answer."""
        return tuple(figures_mod.parse(self.norm))

    @cached_property
    def focus(self) -> str:
        """The clause the question asks in (「男性は74.3%と聞いたけど、女性は」 asks about 女性)."""
        return _focus(self.norm)

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


#: question words as a phone user types them: read back like the report's words (a kana question's type)
QUESTION_READINGS = {
    "なんにん": "何人", "なんけん": "何件", "なんしゃ": "何社", "なんかい": "何回", "なんにち": "何日",
    "なんじかん": "何時間", "なんぷん": "何分", "なんぱーせんと": "何パーセント", "ぱーせんと": "パーセント",
    "なんわり": "何割", "なんまんにん": "何万人", "なんまんけん": "何万件", "なんねん": "何年", "わりあい": "割合",
    "りつ": "率", "いくら": "いくら", "いつ": "いつ", "どれくらい": "どれくらい", "どのくらい": "どのくらい",
    # everyday words whose kana the report never prints in kanji
    "はたち": "20歳", "ことし": "今年", "こんねんど": "今年度", "ほんねんど": "本年度", "さくねんど": "昨年度",
}


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


#: words that make a plan/target question a question about the result (目標に届いた？ 計画どおり進んだ？)
#: a plan word inside the name of a quantity (調達計画額, 計画策定): the question asks the quantity, not the plan
_NOT_PLAN = re.compile(r"計画額|計画策定|計画に基づ")
_RESULT = re.compile(r"届い|達成し|達成でき|上回|下回|実績|結果|どうだった|進んで|進ん|クリア|超え")


_CLAUSES = re.compile(r"(?:が|けど|けれど|けれども|ものの)[、,]|[、,。．？?！!]")


def _focus(norm: str) -> str:
    """The clause a question asks in: its last (「10万事業所が目標とされていますが、どれだけ実施しましたか」 asks
    what was done; the target is its context)."""
    parts = [p for p in _CLAUSES.split(norm) if p.strip()]
    return parts[-1] if parts else norm


def _measured(norm: str, answer_type: str | None) -> tuple[str, ...]:
    """The thing asked about: the content words up to and including the question word (支給に変わったのは
    何件 → 支給, 変わる, 件; 保険料の月額はいくら → 保険料, 月額) and those after it in its clause (何人の
    記録が回復した → 記録, 回復), or the last ones of a question without one. A figure is chosen by the clause that says it; an answer that lacks it is a near miss."""
    cut = len(norm)
    if answer_type is not None:
        m = dict(ANSWER_TYPES)[answer_type].search(norm)
        if m:
            cut = m.end()
    last: list[str] = []
    for w in reversed(_all_words(norm[:cut])):
        if w not in last:
            last.insert(0, w)
        if len(last) == 3:
            break
    # 「何人の記録が回復した」: the words after the question word, in its clause, say what is counted too
    tail = _CLAUSES.split(norm[cut:])[0] if cut < len(norm) else ""
    after = [w for w in _all_words(tail) if w not in last][:3]
    return tuple(last + after)


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
    norm = periods_mod.arabic(normalize(cleaned))
    if lexicon is not None and kana_typed(norm):
        # read back into the report's words (its reading is still the kana typed, for the reading field)
        norm = transliterate(periods_mod.kana_dates(norm), {**lexicon(), **QUESTION_READINGS})
    years = tuple(e.year for e in editions)
    if years:
        this = max(years)
        # 今年度 is the year the report is about: 今年度上半期 → 令和7年度上半期, a period like any other
        norm = _NOW.sub(Period(this).wareki(), norm)
        # 去年度 / 昨年度: the year before (前年度 is left alone: 前年度比, 前年度から are comparisons); the word
        # stays, for tables say 昨年度 too
        last = Period(this - 1).wareki()
        norm = _LAST_YEAR.sub(lambda m: f"{m.group(0)} {last}", norm)
        # 今年の10月: that month of the report's calendar year (a report of 令和7年度 is written in 2025)
        norm = _THIS_YEAR_MONTH.sub(lambda m: Period(this - (1 if int(m.group(1)) <= 3 else 0), True,
                                                     int(m.group(1))).wareki() + m.group(2), norm)
    names = tuple(field_names) if field_names is not None else settings.lexical_fields
    expansions = synonyms.expand(norm) if synonyms is not None and settings.synonym_weight > 0 else ()
    terms, weights = {}, {}
    lexical = _COLUMN_NAMES.sub(r"\g<intent>", norm)
    for name in names:
        field_ = fields_mod.get(name)
        own = tuple(field_.analyze(lexical))
        seen = set(own)
        extra = tuple(dict.fromkeys(t for t in field_.analyze(" ".join(expansions)) if t not in seen)) if expansions else ()
        terms[name] = own + extra
        weights[name] = (1.0,) * len(own) + (settings.synonym_weight,) * len(extra)
    dense_text = norm + ("。" + "、".join(expansions) if expansions and settings.synonym_dense else "")
    focus = _focus(norm)
    found = tuple(p for start, end, p in periods_mod.spans(norm) if not _PURPOSE.match(norm[end:]))
    next_years = {y + 1 for y in years}
    is_next = [p.fiscal and p.month is None and p.year in next_years for p in found]
    challenge = _cue(settings.challenge_cues, norm) or any(is_next)
    # the question word, else a noun of a type in the clause asked in, else anywhere (「納付率が低いとされる中、…
    # 年金事務所等はいくつ」 asks a count: the rate is context)
    answer_type = _asked_type(norm) or next((kind for text in (focus, norm) for kind, pattern in ANSWER_TYPES
                                             if pattern.search(text)), None)
    if challenge and _ASKS_CHALLENGE.search(norm):
        # 「令和8年度計画策定に向けた課題」: next year names the column asked for, not a period to match, and
        # what is asked is the challenge (a sentence), not the 収納率 it is about. Without 課題, next year is a
        # period like any other (2026年度の目標は: a figure this report does not give)
        found = tuple(p for p, nxt in zip(found, is_next) if not nxt)
        if answer_type in FIGURE_TYPES:
            answer_type = None
    return Query(
        text=cleaned, norm=norm, terms=MappingProxyType(terms), weights=MappingProxyType(weights),
        expansions=expansions, dense_text=dense_text, periods=found, answer_type=answer_type, 
        plan=_cue(settings.plan_cues, _NOT_PLAN.sub("", focus)) and not _RESULT.search(norm), challenge=challenge,
        measured=_measured(norm, answer_type),
        unit=_unit(norm, answer_type),
        when=answer_type == "date", two_part=bool(_TWO_PART.search(norm)), editions=years, needs=_needs(norm, focus),
        # a change asked in the clause asked in (「上昇が続いているが、…9月末時点で何％か」 asks the level)
        change=bool(_ASKS_CHANGE.search(focus)) and not _ASKS_LEVEL.search(norm),
        month=any(p.month is not None for p in found) or bool(_MONTH_IN_Q.search(_MONTH_RANGE.sub("", norm))),
        total=bool(_ASKS_TOTAL.search(norm) or _MONTH_RANGE.search(norm)),
    )
