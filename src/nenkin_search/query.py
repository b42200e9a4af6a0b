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
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

from . import asks
from . import fields as fields_mod
from . import figures as figures_mod
from . import periods as periods_mod
from .errors import QueryError
from .periods import Period
from .settings import DEFAULT, Settings
from .synonyms import Synonyms
from .text import JA_SPACE, NOT_DONE, normalize, nouns, tagger, verbal_nouns, words

_all_words = partial(words, distinct=False)

#: a negative word right before the figure noun a question asks (不支給になった割合, 未納の人数, 非該当の件数)
_NEGATED_MEASURE = re.compile(r"(?P<neg>[不未非][\u4e00-\u9fff]{1,3}?)[」』\"]?(?:に?なった|とな(?:った|る)|と(?:判定|決定|判断)?され(?:た|る)|された|の|な)?"
                              r"(?:人|者|方|件|事案|ケース|(?:年金)?記録)?(?:の|が|は)?\s*(?:割合|率|件数|人数|者数|数|何件|何人|何%)")
#: a verb said negated of the thing a figure counts (「まだ解明されていない記録は何件」): the report's 未 + the verb's
#: noun (未解明) is the negative asked
_NEGATED_VERB = re.compile(r"(?P<stem>[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff]付け)(?:さ?れ|し|でき)て(?:い)?ない(?:年金)?"
                           r"(?:記録|人|者|方|もの|件|事業所|の)(?:は|が|って)[^、。?]{0,12}?(?:何|いくつ|どれくらい|どのくらい|どれだけ)")

#: a figure's noun or question word: a clause with none follows up the figure named before it
_MEASURE_NOUN = re.compile(r"割合|率|件数|人数|者数|数|何件|何人|何%|いくら|どれくらい|どのくらい")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")

#: the report's column headers named in a question (「令和8年度計画策定に向けた課題は」): they say which column
#: is asked (read by the intent cues), not what about; as search words they match every 計画 and 策定
_COLUMN_NAMES = re.compile(r"(?:(?:令和|平成)\s*(?:\d+|元)\s*年度)?計画策定に向けた(?P<intent>課題)")
#: the report's own author as the topic a question opens with (「年金機構って…どこが課題」): every passage is its
#: doing, and the few that name it (機構内部, 機構ホームページ) met the question for that word alone. Only as the
#: opening topic: later in a question (「…として、日本年金機構が令和7年度に新たに始めた取組」) it was the subject of
#: what is asked, and tune lost two answers without it
_OWN_SUBJECT = re.compile(r"^(?:日本)?年金機構(?:って|は|では|が|も)")


#: one name: no particle or space inside (ねんきんダイヤル, 年金給付; not 年金給付に関するもの)
_ONE_NAME = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffー\u3041-\u3096A-Za-z0-9]+")
_NAME_PARTICLE = re.compile(r"[のにはがをでとやも]")


#: words for the current fiscal year (今 alone means the latest figure, which a question with no period gets;
#: 今年 is left alone: 「今年から」 says since when, not which year's figure)
_NOW = re.compile(r"今年度|本年度|今期|当年度")
_LAST_YEAR = re.compile(r"去年度|昨年度")
#: a range of a count with its counter said once (41~50人): its rows say it at both ends (41人~50人)
_RANGE = re.compile(r"(?<![\d,.])(?P<low>\d+)\s*[~～〜]\s*(?P<high>\d+)\s*(?P<unit>人|件|社)")
#: two or more years before the report's (2年前の同じ時期, 一昨年度, おととし): a year its tables rarely give beside
#: the latest, so the question asks a period like any other (and is refused when no cell is of it)
_YEARS_AGO = re.compile(r"([2-9二三四五])\s*年前|一昨年度?|おととし")
_THIS_YEAR_MONTH = re.compile(r"今年\s*の?\s*(1[0-2]|[1-9])\s*月(末?)")
#: 去年の9月末: that month of the calendar year before the report's (the 昨年同時期 its tables give beside)
_LAST_YEAR_MONTH = re.compile(r"(?:去年|昨年)\s*の?\s*(1[0-2]|[1-9])\s*月(末?)")
#: 今年の上半期: the half of the year the report is about (its 上期 is April to September of that calendar year)
_THIS_YEAR_HALF = re.compile(r"今年\s*の?\s*(上半期|上期)")
#: a period that says what something is for, not what is asked: 令和8年度に向け(て), を見据え, に備え
_PURPOSE = re.compile(r"^\s*(?:に向け|を見据え|に備え)")


#: a question whose answer is the challenge itself (課題は), whatever figure it is about
_ASKS_CHALLENGE = re.compile(r"課題")
#: two things asked (事業所数と人数は, 及び, それぞれ); not a と that compares or quotes (前の年と比べて, 前年と同じ,
#: 〜という, 不支給とされた, 〜となった, 〜と思う) nor one inside a word (入社したときの, ところ) or an adverb's (ちゃんと,
#: きちんと, もっと, ずっと): those ask one thing. Read loosely for the spans an answer shows (a second sentence
#: costs little: 「…と聞きましたが、どう対応していますか」 often wants both bullets) …
_TWO_PART = re.compile(r"(?<!ちゃん)(?<!きちん)(?<!っ)と(?!比べ|比較|比して|同じ|同様|いう|いった|言う|言わ|して|した|する|され"
                       r"|なっ|なる|なり|き|ころ|思)[^。]*?(の|は)|及び|それぞれ|両方")
#: … and strictly for the figures of its 数値 line, where a second figure not asked is a wrong answer: not a と
#: that quotes (と報じられ, と聞いた, と判定), makes a condition (会社だと, すると, ないと) or sits inside a kana word
#: (とくべつびん, ことし, ひと)
_TWO_THINGS = re.compile(r"(?<!ちゃん)(?<!きちん)(?<!っ)(?<![だるこひま])(?<!ない)"
                         r"と(?![ぁ-ゖ]|比べ|比較|比して|同じ|同様|言う|言わ|思|聞|報じ|報道|見込|推計|案内|解説|紹介|指摘|書|記載"
                         r"|表明|示|知|判|呼|合わ|一致|質問)[^。]*?(の|は)|及び|それぞれ|両方")


#: a service by its long name (オンライン事業所年金情報サービス, 再交付自動受付サービス), not a generic one (オンラインサービス)
_SERVICE = re.compile(r"[\u4e00-\u9fff\u30a1-\u30faー]{6,}サービス")
#: a と naming the partner of a relation (「基礎年金番号とマイナンバーが紐付いていない人」): one thing asked, not two
_PARTNER = re.compile(r"と[^。、？?と]{1,12}?[がを](?:まだ|既に|すでに)?(?=紐付|紐づ|ひもづ|結び付|結びつ|連携|突合|照合|統合|一致)"
                      r"|との(?=紐付|紐づ|連携|突合|照合|一致)")
#: two things asked together, as one figure (「口座振替とクレジットカード納付を利用している人の割合は、合計で」)
_TOGETHER = re.compile(r"合計|合わせ(?:て|ると|た)|あわせ(?:て|ると|た)|合算|トータル|総計|足すと|足した|両方で")


@dataclass(frozen=True)
class Query:
    """A question, analysed: built by :func:`analyse`, read by search and answers."""

    text: str  # as typed, control characters removed, stripped
    norm: str  # NFKC, PDF number spacing mended, whitespace folded
    terms: Mapping[str, tuple[str, ...]]  # lexical field → tokens (the question's own, then its expansions')
    weights: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # field → weight of each token
    expansions: tuple[str, ...] = ()  # terms the vocabulary bridge added (synonyms.txt)
    bridged: tuple[str, ...] = ()  # the question's own terms those were added for (育休 → 育児休業: 育休)
    renamed: tuple[tuple[str, str], ...] = ()  # everyday words read as one report word ((男の人, 男性))
    dense_text: str = ""  # what the embedding model reads
    periods: tuple[Period, ...] = ()
    answer_type: str | None = None  # count / rate / amount / duration / figure / frequency / date / reason / method
    plan: bool = False  # about the plan or target (計画, 目標, 目指す), not what was done (目標に届いた is a result)
    challenge: bool = False  # about next year's challenges (課題, 来年度, 令和8年度 for a 令和7年度 report)
    when: bool = False  # asks for a date or time (いつ, 時期)
    since: bool = False  # asks since when (いつから): the year something began answers too (令和5年度から)
    until: bool = False  # asks up to when (いつまで, 期限は): a date said as a deadline (令和8年5月26日まで) answers it
    two_part: bool = False  # may ask for two things or two periods: the answer may show two spans
    two_things: bool = False  # asks for two things (read strictly): the 数値 line may give two figures
    measured: tuple[str, ...] = ()  # lemma tokens of the thing asked about: the words right before the question word
    unit: str | None = None  # the unit a count question names (人, 件, 社, 事業所, 回)
    editions: tuple[int, ...] = ()  # fiscal years (西暦) the indexed reports are about: "now" for a question
    month: bool = False  # names a month (6月, 令和7年9月): a month's figure is wanted, not the year's
    total: bool = False  # asks a year's or a whole total (年間, 年度, 合計, 累計): a total row or column answers
    closing: bool = False  # asks a year's closing figure (年度末, 最終的に): a month of a year not over does not answer
    advice: bool = False  # asks which personal choice pays (どちらが得, 損益分岐点): no report of the service's work says
    change: bool = False  # asks for a change (どれくらい増えた, 前年比), not the level reached (どこまで上がった)
    earlier: bool = False  # asks the figure of the same time a year before (昨年同時期は, 去年の同じころは)
    moved: bool = False  # asks how figures moved (どのように推移, 数は…どうなった): a series' last figure answers
    base: tuple[Period, ...] = ()  # the one period asked from (「令和7年3月末からの推移」, 「2024年度と比べて」): the
    # figure asked is the one since, that period's its baseline
    needs: tuple[str, ...] = ()  # patterns an answer must contain, for the form asked (年代別 → 年代; 最も → 最)
    extreme: asks.Extreme | None = None  # the lowest or highest of a series asked (一番落ち込んだのはどの年度)
    foreign: tuple[str, ...] = ()  # schemes and names the reports never speak of (介護保険料, 児童手当, iDeCo), and
    # the words of a kana question left unread (れいしゃいりょう)
    read_as: tuple[tuple[str, str], ...] = ()  # typos read as the report's words ((女性菅理職, 女性管理職))

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
    def unglossed(self) -> str:
        """The question without the examples it glosses a term with (「第1号被保険者（自営業や学生など）」): who it
        asks about is the term, not each example."""
        return _LISTED_GLOSS.sub("", _GLOSS.sub("", self.norm))

    @property
    def wants_figure(self) -> bool:
        return self.answer_type in asks.FIGURE_TYPES

    @cached_property
    def own_figures(self) -> tuple[figures_mod.Figure, ...]:
        """The figures the question itself states (「54拠点の増設数」, 「5人以上の事業所」): never its answer."""
        return tuple(figures_mod.parse(self.norm))

    @cached_property
    def whole(self) -> figures_mod.Figure | None:
        """The whole the question states before the part it asks (「…適用した2.9万人のうち、短時間労働者…は何人」 →
        2.9万人): a part of it is no larger."""
        cue = _WHOLE_BEFORE.search(self.norm)
        if not cue:
            return None
        return next((f for f in reversed(self.own_figures) if f.end <= cue.start() and f.unit
                     and not self.norm[f.end: cue.start()].strip(" 、,")), None)

    @cached_property
    def coordinates(self) -> tuple[figures_mod.Figure, ...]:
        """The question's own figures that say which row or column it asks (「1人～10人の事業所」), not those of a
        premise it heard (「1〜2カ月かかると聞くが、障害年金は」: 2カ月 is no 2か月 row asked)."""
        return tuple(figures_mod.parse(asks.HEARSAY.sub("", self.norm)))

    @cached_property
    def parts(self) -> tuple["Query", ...]:
        """For a question asking two figures (「何件を点検し、何件が支給に変わったか」), one Query per figure
        asked, in the order asked: each with its own answer type, unit, thing measured, form and words, so
        that each part's figure is chosen by its own clause; () for a question asking one figure."""
        if not self.wants_figure:
            return ()
        lemma = fields_mod.get("lemma")
        out = []
        for text in asks.parts(self.norm):
            focus = _focus(text)
            kind = asks.answer_type(text, focus) or self.answer_type
            own = tuple(lemma.analyze(text))
            out.append(replace(self, norm=text, answer_type=kind, unit=asks.unit(text, kind),
                               measured=_measured(text, kind), change=asks.change(text, focus),
                               needs=asks.needs(text, focus, self.expansions), terms=MappingProxyType({**self.terms, "lemma": own}),
                               weights=MappingProxyType({**self.weights, "lemma": (1.0,) * len(own)})))
        return tuple(out)

    @cached_property
    def part_nouns(self) -> tuple[str, ...]:
        """The nouns naming the part of a whole asked (「198件のうち、年金給付に関するものは」 → 年金, 給付 …): an
        answer's span must name them, or it gives the whole."""
        return _part_nouns(self.norm)

    @cached_property
    def part_nouns_renamed(self) -> tuple[str, ...]:
        """… with the everyday words the bridge reads as one report word said as the report says them (亡くなった人
        → 死亡者): a span that names the part so names it too. The same as :attr:`part_nouns` without such words."""
        return _part_nouns(self.in_report_words(self.norm)) if self.renamed else self.part_nouns

    @cached_property
    def part_name(self) -> str:
        """The part asked, when it is one name (「ねんきんダイヤル」だけ → ねんきんダイヤル): said as a whole, not
        word by word (年金Q&A and 全ダイヤル say 年金 and ダイヤル, not ねんきんダイヤル); "" otherwise."""
        part = asks.part(self.norm)
        name = re.sub(r"(?:だけ|のみ)$", "", part.strip("「」『』\"' ")).strip("「」『』\"' ")
        if not (len(name) >= 4 and _ONE_NAME.fullmatch(name) and not _NAME_PARTICLE.search(name)):
            return ""
        # a part that qualifies the figure (だけの応答率, 単独で, に限ると), not a means (自動音声だけで頼める)
        return name if re.search(re.escape(part) + r"(?:単独|単体|だけの|のみの|だけに限|に限)", self.norm) else ""

    @cached_property
    def glossed(self) -> tuple[tuple[str, str], ...]:
        """A word and the term the question glosses it with in brackets (「ネット（電子申請）」 → (ネット, 電子申請)):
        one thing named twice, the everyday word said where the term is."""
        return tuple((m.group(1), m.group(2)) for m in _NAMED_TWICE.finditer(self.norm))

    @cached_property
    def added(self) -> tuple[str, ...]:
        """Lemma tokens the vocabulary bridge added for the question's everyday words (差し押さえ → 差押, 防いだ →
        予防): the report's words a span may say for them (read by the span score and by the part-row test)."""
        return tuple(t for t, w in zip(self.terms.get("lemma", ()), self.weights.get("lemma", ())) if w < 1.0)

    @cached_property
    def asked_tokens(self) -> tuple[str, ...]:
        """Lemma tokens of the clause asked in, less a whole it names (「…事案の再点検で、最終的に支給決定に変更された
        のは何件」 → 最終, 支給, 決定, 変更 …): what the 数値's clause should say over the question's context."""
        return tuple(dict.fromkeys(fields_mod.get("lemma").analyze(asks.beyond_whole(self.focus))))

    @cached_property
    def negated(self) -> str | None:
        """A negative the figure asked is of (「不支給になった割合」 → 不支給, 「未納の人数」 → 未納): a figure said
        of the positive (「335件（約4.0%）について支給」) is not of it."""
        m = _NEGATED_MEASURE.search(self.focus)
        if not m and not _MEASURE_NOUN.search(self.focus):
            # the clause asked in names no figure (「…不支給と判定された割合は何％？精神障害だけだとどうなる？」):
            # the figure it follows up is the one the question named before
            m = _NEGATED_MEASURE.search(self.norm)
        if not m and self.wants_figure and (v := _NEGATED_VERB.search(self.focus)):
            return "未" + v.group("stem")
        return m.group("neg") if m and self.wants_figure else None

    @cached_property
    def head(self) -> str | None:
        """The thing measured's head compound: its last two words that the question says as one (「RFIデータベース
        の情報数」 → 情報数, 「紐付け率」 → 紐付け率), periods aside; None when it has none."""
        words = [w for w in self.measured
                 if not any(ch.isdigit() for ch in w) and w not in _PERIOD_WORDS and w not in _COUNTERS]
        # the pairs as the question says them, in its order: the measured words are each listed once, so
        # 「調達計画額からの削減額」 has one 額 and its last pair is not beside its other word
        said = set(words)
        pairs = [t for t in self.asked_tokens if any(t[:i] in said and t[i:] in said for i in range(1, len(t)))]
        return pairs[-1] if pairs else None

    @cached_property
    def groups(self) -> tuple[str, ...]:
        """For a question asking a breakdown (内訳, それぞれ), the groups it names, listed with と, ・ or 及び
        (「被保険者と年金受給者はそれぞれ何人」 → 被保険者, 年金受給者; 「老齢・遺族・障害の内訳」); () when it asks none or
        names none (「約16万人 内訳」: any breakdown of it answers)."""
        cue = _BREAKDOWN_ASKED.search(self.norm)
        if not cue:
            return ()
        lists = [m for m in _GROUP_LIST.finditer(self.norm) if len(_GROUP_JOINT.split(m.group(0))) >= 2]
        if not lists:
            return ()
        nearest = min(lists, key=lambda m: min(abs(m.start() - cue.start()), abs(m.end() - cue.start())))
        groups = tuple(g for g in _GROUP_JOINT.split(nearest.group(0)) if g)
        # things measured (所管事業所数と収納未済額はそれぞれ): two figures asked, not one figure broken down
        return () if all(_MEASURE_END.search(g) for g in groups) else groups

    @property
    def breakdown(self) -> bool:
        """Asks a breakdown: 内訳, or それぞれ of two groups it names (not of two things measured)."""
        return bool(re.search(r"内訳|うちわけ|内約", self.norm)) or bool(self.groups)

    @cached_property
    def event(self) -> tuple[str, ...]:
        """What a いつ question asks the date of: its words after the question word, in its clause, that name an
        event (「サービスは、いつから本格実施される予定」 → 本格, 実施), else the two before it (「生成AIの本格導入は、
        いつ開始される予定」 → 本格, 導入; keywords 「生成AI 本格導入 開始時期 年金機構」 → 本格, 導入); () for
        another question."""
        if self.answer_type != "date":
            return ()
        m = dict(asks.ANSWER_TYPES)["date"].search(self.norm)
        if not m:
            return ()
        # what follows the question word, less a question word the match stopped before (開始時期は、いつとされて)
        rest = _WHEN_LEAD.sub("", _CLAUSES.split(self.norm[m.end():])[0])
        after = [w for w in _all_words(rest) if w not in _WHEN_WORDS]
        if after and not _KEYWORDS.fullmatch(self.norm):
            # (in search-box keywords the words after it are another keyword: 「本格導入 開始時期 年金機構」 asks
            # when 本格導入 begins, not 年金機構)
            return tuple(dict.fromkeys(after))
        before = [w for w in _all_words(self.norm[:m.start()]) if w not in _WHEN_WORDS]
        return tuple(dict.fromkeys(before[-2:]))

    @cached_property
    def focus(self) -> str:
        """The clause the question asks in (「男性は74.3%と聞いたけど、女性は」 asks about 女性)."""
        return _focus(self.norm)

    @cached_property
    def excluded(self) -> tuple[str, ...]:
        """The words of what the question leaves out (「年金受給に結び付かない記録は除いて、…」 → 年金, 受給, 結び付く,
        記録): a span that counts it in answers another total."""
        out: list[str] = []
        for m in _EXCLUDED.finditer(self.norm):
            clause = _CLAUSES.split(self.norm[: m.start()])[-1]
            out += [w for w in _all_words(clause) if w not in out]
        return tuple(out)

    @property
    def together(self) -> bool:
        """Things asked as one figure (「口座振替とクレジットカード納付を利用している人の割合は、合計で」)."""
        return bool(_TOGETHER.search(self.norm))

    @cached_property
    def services(self) -> tuple[str, ...]:
        """The services the sentence asked in names by their long name (「オンライン事業所年金情報サービスの申込事業所数」),
        not its scene's: a span that does not name it gives another service's figure."""
        return tuple(dict.fromkeys(_SERVICE.findall(asks.HEARSAY.sub("", self.asked_text))))

    @cached_property
    def denied(self) -> tuple[str, ...]:
        """The nouns the question says the thing asked is not (「管理職じゃない普通の職員」, 「管理職以外の職員」 →
        管理職): of a sentence's figures, the one said of them is another group's (管理職が月平均13時間34分)."""
        return tuple(dict.fromkeys(m.group(1) for m in _DENIED.finditer(self.norm)))

    @cached_property
    def left_out(self) -> tuple[str, ...]:
        """The nouns right before what the question leaves out (「延滞金を除いた保険料本体の額」 → 延滞金)."""
        return tuple(dict.fromkeys(m.group(1) for m in _LEFT_OUT.finditer(self.norm)))

    @cached_property
    def forms(self) -> tuple[str, ...]:
        """The forms the sentence asked in is about (「扶養親族等申告書の電子申請割合」, 「資格取得届について」), its
        scene's aside; not a form named as an example (年金振込通知書などの), as what one receives (「年金決定通知書」が
        届くまで) or beside another (改定通知書と振込通知書が一体になったはがき). Typos read as the report's word."""
        text = asks.HEARSAY.sub("", self.asked_text)
        for typo, word in self.read_as:
            text = text.replace(typo, word)
        return tuple(dict.fromkeys(m.group(0) for m in SCHEME.finditer(text)
                                   if is_form(m.group(0)) and _FORM_TOPIC.match(text, m.end())))

    def in_report_words(self, text: str) -> str:
        """``text`` with the everyday words the bridge reads as one report word replaced by it (女の人 → 女性)."""
        return _in_words(text, self.renamed)

    @cached_property
    def asked_text(self) -> str:
        """The sentence asked in, without the statements that set its scene (:func:`asks.asked_sentences`)."""
        return asks.asked_sentences(self.norm, self.focus)

    @cached_property
    def remark(self) -> str:
        """A remark after the question on what one has heard (「…いくつあるの？予約取りにくいところ増やしたって
        聞いたけど」), or "": context, whose words choose no figure."""
        return _remark([p for p in _CLAUSES.split(self.norm) if p.strip()])

    @property
    def substantive(self) -> bool:
        """At least two letters or digits, and a word beside its numbers and periods: a one-character query
        matches by accident, and 「00」, 「8,375」 or 「令和7年」 ask nothing (search finds where they are said;
        ask does not answer them)."""
        return (sum(ch.isalnum() for ch in self.norm) >= 2
                and any(ch.isalpha() for ch in periods_mod.remove(self.norm, " ")))


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


#: the share of kanji a question typed in kana may still have: a word the phone converted (「海外からてんにゅう
#: したひとを、…しょっけんで…」, 2 of 60 letters); everyday questions in few kanji have 7 % or more (tune)
KANA_KANJI_SHARE = 0.05
#: … or a short one with a converted word or two (「国民ねんきんの のうふりつ …」, 2 of 27 letters) when its
#: letters are nearly all hiragana: at most this share of kanji and at least KANA_HIRAGANA_SHARE hiragana (tune:
#: no question of another style is that hiragana)
KANA_FEW_KANJI = 0.12
KANA_HIRAGANA_SHARE = 0.8


def kana_typed(text: str) -> bool:
    """A question typed in kana (mostly hiragana, next to no kanji): MeCab's words for it are guesses."""
    letters = [ch for ch in text if ch.isalpha()]
    kanji = sum(bool(_KANJI.match(c)) for c in letters)
    hiragana = sum(bool(_HIRA.match(c)) for c in letters)
    return bool(letters) and (kanji <= KANA_KANJI_SHARE * len(letters) and hiragana >= 0.6 * len(letters)
                              or kanji <= KANA_FEW_KANJI * len(letters) and hiragana >= KANA_HIRAGANA_SHARE * len(letters))


#: a space a kana question typed between words, where a word read back stands on one side: the question asks
#: as one written without it would (「さがった 理由 は?」 asks a reason as 「さがった理由は?」 does). Spaces
#: between two kana left unread stay: they are the only word breaks MeCab has there
_READ_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def _close_gaps(norm: str) -> str:
    return _READ_GAP.sub(lambda m: m.group(0) if _HIRA.match(norm[m.start() - 1]) and _HIRA.match(norm[m.end()])
                         else "", norm)


#: question words typed in kana in a question otherwise in kanji (「始めたものはなに?」, 「職権で加入したのは
#: なんにん?」): read as the kanji the answer types are told by, where a word begins (after a particle, a
#: comma, a space or a non-kana). なに only as a word: before a particle, a question mark or the end (not
#: なにより, なにか)
_KANA_WHAT = re.compile(r"(?:(?<=[はがもをのに、,\s])|(?<![\u3041-\u309f]))なに(?=[をがはもの]|\s*[?？。]|\s*$|です|でしょう)")


#: how-much words of casual speech, read as the standard ones the answer types are told by (「月にどんくらい残業
#: してんの」 asks a figure as どのくらい does; なんぼ is いくら)
_CASUAL_HOW = {"どんくらい": "どのくらい", "どんぐらい": "どのぐらい", "どれっくらい": "どれくらい", "どんだけ": "どれだけ",
               "なんぼ": "いくら"}
_CASUAL_HOW_RE = re.compile("|".join(_CASUAL_HOW))


def _kana_question_words(norm: str) -> str:
    norm = _CASUAL_HOW_RE.sub(lambda m: _CASUAL_HOW[m.group(0)], _KANA_WHAT.sub("何", norm))
    return _KANA_HOW_MANY.sub(lambda m: QUESTION_READINGS[m.group(0)], norm)


#: question words as a phone user types them: read back like the report's words (a kana question's type)
QUESTION_READINGS = {
    "なんにん": "何人", "なんけん": "何件", "なんしゃ": "何社", "なんかい": "何回", "なんにち": "何日",
    "なんじかん": "何時間", "なんぷん": "何分", "なんぱーせんと": "何パーセント", "ぱーせんと": "パーセント",
    "なんわり": "何割", "なんまんにん": "何万人", "なんまんけん": "何万件", "なんねんめ": "何年目", "なんねん": "何年",
    "わりあい": "割合",
    "りつ": "率", "いくら": "いくら", "いつ": "いつ", "どれくらい": "どれくらい", "どのくらい": "どのくらい",
    "なにが": "何が", "なにを": "何を", "なんさい": "何歳", "かず": "数", "にんずう": "人数", "けんすう": "件数",
    "なんかこくご": "何か国語", "なんかこく": "何か国", "なんかしょ": "何か所", "なんだんたい": "何団体",
    "なんじぎょうしょ": "何事業所", "なんきょてん": "何拠点", "なんめい": "何名", "ひんど": "頻度", "いちばん": "一番",
    "なんしゅるい": "何種類", "なんつう": "何通", "なんまい": "何枚", "なんちょうひょう": "何帳票",
    # everyday words whose kana the report never prints in kanji
    "はたち": "20歳", "はんぶん": "半分", "ことし": "今年", "こんねんど": "今年度", "ほんねんど": "本年度", "さくねんど": "昨年度",
    # 入る in its everyday forms (the report says 加入, 適用): read whole, or は would be taken for the particle
    "はいる": "入る", "はいって": "入って", "はいった": "入った", "はいれる": "入れる", "はいってない": "入ってない",
    "はいっていない": "入っていない", "はいってなかった": "入ってなかった",
    # 払う in its everyday forms (はらった is no 原 + った)
    "はらう": "払う", "はらった": "払った", "はらって": "払って", "はらえない": "払えない", "はらわない": "払わない",
    "はらわなくて": "払わなくて", "はらってない": "払ってない", "はらっていない": "払っていない", "はらえる": "払える",
    # breakdowns asked (the report gives none by these): the form a span must say
    "ねんだいべつ": "年代別", "ねんれいべつ": "年齢別", "とどうふけんべつ": "都道府県別", "だんじょべつ": "男女別",
    "こくせきべつ": "国籍別",
}
#: the how-many words of those (なんにん, なんけん, なんかしょ): read in any question, longest first, where a word
#: can end before them (a particle, って, or an adverb typed in kana: いま, へいきん, だいたい, ことし, およそ) and a
#: word can begin after them (a particle, くらい, or a verb or copula in kana: いる, ある, だ, なの, まで)
_KANA_HOW_MANY = re.compile(r"(?:(?<=[はがもをのにでとや、,\s])|(?<=って)|(?<=いま)|(?<=へいきん)|(?<=だいたい)"
                            r"|(?<=ことし)|(?<=およそ)|(?<![\u3041-\u309f]))(?:"
                            + "|".join(sorted((k for k in QUESTION_READINGS if k.startswith("なん")), key=len, reverse=True))
                            + r")(?=[はがもをのでかとに]|くらい|ぐらい|ほど|い[るまた]|あ[るり]|だ|な[のん]|ま[でし]"
                            r"|[^\u3041-\u3093]|$)")


#: a counter typed in kana after a digit (34さい, 5にん, 3まんけん): what the figure counts, read before the words
#: are (the lexicon would read 34さい as 34再)
_KANA_COUNTERS = {"まんにん": "万人", "まんけん": "万件", "おくえん": "億円", "まんえん": "万円", "さい": "歳", "にん": "人",
                  "けん": "件", "かい": "回", "じかん": "時間", "ふん": "分", "ぷん": "分", "にち": "日", "えん": "円",
                  "ぱーせんと": "%", "かげつ": "か月", "しゃ": "社", "わり": "割", "ぽいんと": "ポイント", "ぶーす": "ブース",
                  "きょてん": "拠点", "じぎょうしょ": "事業所", "ねんど": "年度", "ねん": "年", "かしょ": "か所",
                  "かこく": "か国", "だい": "代", "がつ": "月"}
_KANA_COUNTER = re.compile(r"(?<=[\d万])\s?(" + "|".join(sorted(_KANA_COUNTERS, key=len, reverse=True)) + ")")


#: a number typed in kana before a counter, where a word begins (さんじゅうよんさい, せんろっぴゃくきゅうじゅうよん
#: ぶーす); not inside a word (ふしきゅう わりあい, とうろくしゃすう), and a lone one-kana digit is left (にかい, しけん)
_KANA_COUNT = re.compile(rf"(?<![\u3041-\u30ffー])({periods_mod.KANA_NUMBER})(?=\s?(?:{'|'.join(sorted(_KANA_COUNTERS, key=len, reverse=True))}))")


#: a digit sounded short before a counter of か (いっかげつ, ろっかしょ, じゅっかこく): 1か月, 6か所, 10か国 — the
#: lexicon would read いっ as 行っ
_KANA_SHORT_DIGIT = re.compile(r"(?<![\u3041-\u30ffー])(いっ|ろっ|はっ|じゅっ|じっ)(?=か(?:げつ|しょ|こく))")
_SHORT_DIGITS = {"いっ": "1", "ろっ": "6", "はっ": "8", "じゅっ": "10", "じっ": "10"}


def kana_counters(text: str) -> str:
    """Numbers and counters typed in kana, in digits and kanji (さんじゅうよんさい → 34歳, 3まんにん → 3万人), so a
    kana question states its figures (34歳 of 節目年齢（34・44・54歳）) and its counters ask the count."""
    def number(m: re.Match) -> str:
        value = periods_mod.kana_value(m.group(1))
        if value is None or len(m.group(1)) < 2 or m.group(1).startswith(("ぜん", "びゃく", "ぴゃく")):  # ぜんけん: 全件
            return m.group(0)
        return f"{value // 10000}万" if value >= 10000 and value % 10000 == 0 else str(value)  # as the report: 6万人
    text = _KANA_SHORT_DIGIT.sub(lambda m: _SHORT_DIGITS[m.group(1)], _KANA_COUNT.sub(number, text))
    return _KANA_COUNTER.sub(lambda m: _KANA_COUNTERS[m.group(1)], text)


#: kana a word may follow inside a run of kana: particles (ねんきんの そうだん, こどもの かんご) and the ends of
#: inflected words (なったひと, するひと, だれ)
_PARTICLES = frozenset("のをにがはでともへやたるだ")


#: a question asking since when
_SINCE = re.compile(r"いつ(?:頃|ごろ)?から|何年度から|何年から")
#: … and up to when: a deadline (いつまで, 期限, 締め切り, 何月何日まで)
_UNTIL = re.compile(r"いつ(?:頃|ごろ)?まで|期限|締め?切り?|何月(?:何日)?まで|何日まで")


#: a bracketed list of examples (（自営業や学生など）, (外国人等)): a gloss on the word before it
#: examples listed before a term (「自営業者や学生などが加入する国民年金第1号被保険者」): a gloss, not who is asked about
_LISTED_GLOSS = re.compile(r"[\u3041-\u30ff\u4e00-\u9fffー]+や[\u3041-\u30ff\u4e00-\u9fffー]+?(?:など|等)")
_GLOSS = re.compile(r"[(（][^()（）]*(?:など|等|とか)[)）]"
                    # … and what the question says it is not limited to (（加入指導によるものに限らない）, 「年齢を問わず」):
                    # named to be set aside, not asked
                    r"|[(（][^()（）]*?(?:に限らない|に限らず|を問わ(?:ず|ない)|に(?:関|かか)わらず|だけ(?:で)?なく)[^()（）]*[)）]"
                    r"|[^\s、。()（）]{1,20}?(?:に限らず|を問わず|に(?:関|かか)わらず)[、]?")
#: a word with another name for it in brackets (ネット(電子申請), 天引き(源泉徴収)); not a list of examples (_GLOSS)
_NAMED_TWICE = re.compile(r"([\u30a1-\u30ff\u4e00-\u9fffー]+)[(（]([\u3041-\u30ff\u4e00-\u9fffー・]+)[)）]")


#: する's forms, which follow a word read back (たいおうしている → 対応している, not 対応指定る), and those of
#: いる / おく after a verb's て (うけいれている → 受け入れている, not 受け入れ低る)
_SURU_FORMS = frozenset({"して", "した", "する", "され", "させ", "しま", "しな", "しよ", "すれ", "せず", "しそ",
                         "てい", "でい", "てお", "でお", "てる", "でる"})


#: kana no word begins with (small kana, the long-vowel mark): a word read back never ends right before one
#: (かいしゃから: not 開始 + ゃから)
_NO_WORD_START = frozenset("ぁぃぅぇぉゃゅょゎー")
#: kana that may follow a one-kanji word read back inside a run of kana: particles, a question's か / よ / ね, the
#: っ of って, the い of いる / います (and する's forms, or another word read back)
_AFTER_NOUN = _PARTICLES | frozenset("かよねもっい")


def _word_ends(text: str, i: int, word: str, lexicon: Mapping[str, str]) -> bool:
    """Whether ``word`` read back may end before ``text[i]``: never before a kana no word begins with; a word of
    one kanji (a reading that short is often a piece of a longer word: はらう is not 原 + う) only before a particle,
    する's forms, a non-kana or a word the lexicon reads (ほけんりょう + りつ) — of one kanji too only where the two
    make a word the text says (がつ + まつ: 月末; かいしゃ is not 会 + 者)."""
    if i >= len(text):
        return True
    if text[i] in _NO_WORD_START:
        return False
    if len(word) > 1 or not _KANJI.match(word) or not _HIRA.match(text[i]):
        return True
    if text[i] in _AFTER_NOUN or text[i: i + 2] in _SURU_FORMS:
        return True
    # … or before another word read back: of two kanji, only where the two make a word the text says (月 + 末:
    # 月末; not かいしゃ as 会 + 者)
    following = [w for n in range(2, min(12, len(text) - i) + 1) if (w := lexicon.get(text[i: i + n]))]
    if any(len(w) > 1 for w in following):
        return True
    said = set(lexicon.values()) if following else set()
    return any(word + w in said for w in following)


#: kana a question uses as grammar, not as the report's word of that reading: ない (ひもづいて ない: not 内), いっ
#: (いって: said, not 行っ), どう (how, not 同), よう (ような, not 用), もの (a thing, not 者), ます (ありますか: not
#: マス), してい (していない: not 指定); a longer word holding them is still read (ないよう → 内容)
_KANA_GRAMMAR = frozenset({"ない", "いっ", "どう", "よう", "もの", "ます", "してい"})
#: a numeral alone (まん, おく, せん, ひゃく): numbers typed in kana are read with their counter
#: (:func:`kana_counters`); alone, the kana is another word (おくった: 送った, not 億った)
_NUMERAL = frozenset("十百千万億兆")


def _inside_inflected(text: str) -> dict[int, int]:
    """Positions inside a verb or adjective MeCab reads in a run of kana (まちがっ of まちがっていた: 間違う), each to
    where it begins: a word read back from there must not end inside it (not 待ち + がっていた, a reading the lexicon
    has and the question never meant). One begun before it may (めんじょ|し: MeCab's verb じょし is a misreading)."""
    out, pos = {}, 0
    for w in tagger()(text):
        start = text.find(w.surface, pos)
        if start < 0:
            continue
        pos = start + len(w.surface)
        if w.feature.pos1 in ("動詞", "形容詞") and _HIRA.match(w.surface) and len(w.surface) > 2:
            out.update((k, start) for k in range(start + 1, pos))
    return out


def transliterate(text: str, lexicon: Mapping[str, str], longest: int = 12) -> str:
    """Kana read back into the report's words by greedy longest match over its readings; the rest is kept
    (しょうがいねんきん しんさ → 障害年金 審査). A word is matched only where one can begin — the start of a
    run of kana, after a word matched, after a particle or an inflected word's end — never inside a word it
    could not read (こども stays: not こど + 者; あたらしく stays: not あたら + 市区), and only where it can end
    (:func:`_word_ends`: はらう stays, not 原 + う)."""
    out, i, after_word = [], 0, True
    inside = _inside_inflected(text)
    while i < len(text):
        n = 0
        if after_word and i and text[i: i + 2] in _SURU_FORMS:
            n = 0  # 対応している: する's forms after a word (not 対応 + 指定る)
        elif after_word or not _HIRA.match(text[i - 1]) or text[i - 1] in _PARTICLES:
            n = next((n for n in range(min(longest, len(text) - i), 1, -1) if lexicon.get(text[i: i + n])
                      and text[i: i + n] not in _KANA_GRAMMAR and lexicon[text[i: i + n]] not in _NUMERAL
                      and inside.get(i + n) != i and _word_ends(text, i + n, lexicon[text[i: i + n]], lexicon)), 0)
        out.append(lexicon[text[i: i + n]] if n else text[i])
        i += n or 1
        after_word = bool(n)
    return "".join(out)


#: words that make a plan/target question a question about the result (目標に届いた？ 計画どおり進んだ？)
#: a plan word inside the name of a quantity (調達計画額, 計画策定), a result measured against the plan (計画に対する
#: 実施率, 計画件数に対して何%) or a debtor's plan (納付計画): the question asks the quantity or the result, not the plan
_NOT_PLAN = re.compile(r"計画額|計画策定|計画に基づ|計画を(?:作|つく|立て|策定)|計画(?:件数|数|値)?に対(?:する|して)|計画比|対計画"
                       # a debtor's plan to pay (納付計画の誓約書を何件徴取): a thing the result counts, not the plan
                       r"|(?:納付|分納|返済|弁済)計画")
_RESULT = re.compile(r"届い|達成し|達成でき|上回|下回|実績|結果|どうだった|進んで|進ん|クリア|超え")


#: nouns of a part asked that name no part: the figure's own (割合, 件数) and its time (時点)
_PART_NOT_NAMING = frozenset({"割合", "率", "比率", "件数", "人数", "数", "時点", "合計", "全体"})
#: words of a period, not of the thing measured (令和7年9月末 → 末)
_PERIOD_WORDS = frozenset({"年度", "月", "末", "月末", "年", "上期", "下期", "時点", "現在"})
#: counters, which say what unit a thing measured is counted in, not what it is (何件残っている → 件)
_COUNTERS = frozenset({"件", "人", "名", "社", "回", "円", "個", "つ", "か所", "箇所"})
#: a breakdown asked: 内訳 (内約, a slip for it), or それぞれ of the groups a question lists
_BREAKDOWN_ASKED = re.compile(r"内訳|うちわけ|内約|それぞれ|(?:に|で)分けて|分けると|別々に")
#: a group's name: kanji and katakana, with the digits of a grade or class (1級・2級・3級, 第1号と第3号)
_GROUP = r"(?:[0-9]+(?=[\u4e00-\u9fff\u30a1-\u30ffー]))?[\u4e00-\u9fff\u30a1-\u30ffー]+(?:[0-9]+[\u4e00-\u9fff\u30a1-\u30ffー]+)*"
_GROUP_JOINT = re.compile(r"と|・|及び")
_MEASURE_END = re.compile(r"(?:数|額|率|量|割合)$")
#: groups listed (被保険者と年金受給者, 老齢・遺族・障害); a comma ends a clause, not an item
_GROUP_LIST = re.compile(rf"{_GROUP}(?:(?:と|・|及び){_GROUP})+")


#: a いつ question word after the one a date question was found by (「開始時期は、いつとされているか」 → いつ)
_WHEN_LEAD = re.compile(r"^\s*(?:は|が|って|も)?\s*(?:いつ(?:頃|ごろ)?|何時頃|何年度?|何月)?\s*(?:から|まで)?\s*(?:と(?:され|なっ|いわれ|言われ|聞)\S*)?")
#: words of a いつ question that name no event (いつから, 予定, 時期, 開始, 実施): the event is its other words
_WHEN_WORDS = frozenset({"から", "まで", "予定", "頃", "何時頃", "時期", "期限", "今後", "開始", "始め", "始まり", "実施",
                         "行い", "する", "なる", "れる", "居る", "有る", "ます", "です"})


_CLAUSES = re.compile(r"(?:が|けど|けれど|けれども|ものの)[、,]|[、,。．？?！!]")


#: a month named without its year (10月とか11月, 8月の): not a date of its own (令和7年8月, 8月25日) nor a month end
#: of a period (9月末時点), nor a number of months (2か月), nor a bound (10月までに, 10月から: up to it, a sum)
_BARE_MONTH = re.compile(r"(?<![\d年度./／])(1[0-2]|[1-9])\s*月(?![\d末]|分|間|目|以|まで|から|より|頃|ごろ)")


#: a month's end named without its year (10月末時点で); not a bound (9月末までで: the half year's sum)
_MONTH_END = re.compile(r"(?<![\d年度./／])(1[0-2]|[1-9])\s*月末(?!\s*(?:まで|から))")


#: a comparison of periods, which asks each of them
_COMPARES = re.compile(r"比べ|比較|と(?:の)?差|から[^。?]{0,20}(?:まで|にかけて)|推移")


#: after the one period a question names, what makes it the start of a change asked (「令和7年3月末からの推移」,
#: 「前年度と比べて」), not the period whose figure is asked
_FROM_PERIOD = re.compile(r"\s*(?:時点|末)?\s*(?:から(?!\s*(?:まで|の間))|より(?!前)|と比べ|に比べ|と比較|比)")


def _pinned(found: tuple[Period, ...], norm: str) -> tuple[Period, ...]:
    """A fiscal year named with a month end or half of that same year (「現年度納付率（令和6年度分）は、2024年12月末
    時点で」): the month pins when, the year says whose (that year's premiums); the year alone is not asked, unless
    the periods are compared."""
    if len(found) < 2 or _COMPARES.search(norm):
        return found
    pinned = {p.year for p in found if p.fiscal and (p.month is not None or p.half is not None)}
    return tuple(p for p in found if not (p.fiscal and p.month is None and p.half is None and p.year in pinned))


def _months_of_the_year(norm: str, spans: list[tuple[int, int, Period]]) -> tuple[Period, ...]:
    """The periods a question asks: those it names, with months named apart from the one fiscal year it names
    as months of that year (「令和7年度の年金事務所の来訪相談って、10月とか11月は」 → 令和7年10月, 11月: the months are
    asked, not the year). Months from one to another (4月から9月) ask their sum, the year's business."""
    found = tuple(p for _, _, p in spans)
    years = [p for p in found if p.fiscal and p.month is None and p.half is None]
    if len(years) != 1 or len(years) != len(found) or asks.total(norm):
        return found
    inside = [(a, b) for a, b, _ in spans]
    months = [int(m.group(1)) for m in _BARE_MONTH.finditer(norm) if not any(a <= m.start() < b for a, b in inside)]
    # … and a month's end (令和7年度の納付率は10月末時点で): the year's figure as of then, a month of that year
    months += [int(m.group(1)) for m in _MONTH_END.finditer(norm) if not any(a <= m.start() < b for a, b in inside)]
    return tuple(Period(years[0].year, True, m) for m in dict.fromkeys(months)) or found


#: months from one to another (4月から9月, 4～9月): the year's business, not a month's
_MONTH_RANGE = re.compile(r"(?:1[0-2]|[1-9])\s*月?\s*(?:から|～|〜|~|-)\s*(?:1[0-2]|[1-9])\s*月")


#: what follows a month a figure is asked of (10月は, 6月の応答率, 「応答率 6月」); not a month an event is dated
#: by (7月に発出した事務連絡)
_MONTH_ASKED = re.compile(r"\s*(?:は|って|の|で|、|,|$|[?？])|\s+")


def _bare_months(norm: str, year: int) -> tuple[Period, ...]:
    """The months a question asks a figure of with no year, as months of fiscal ``year`` (none if it names a
    range)."""
    if _MONTH_RANGE.search(norm):
        return ()
    months = (int(x.group(1)) for x in _BARE_MONTH.finditer(norm) if _MONTH_ASKED.match(norm, x.end()))
    return tuple(Period(year, True, m, None, f"{m}月") for m in dict.fromkeys(months))


#: a half of the year named with no year before it (上期, 上半期, 下期, 下半期; not 同期 or 前年同期)
_BARE_HALF = re.compile(r"(?<![年度])(?:の\s*)?(上半期|上期|下半期|下期)")


#: a half of the year said as its months with no year (4月から9月で, 4～9月の, 10月から3月まで)
_HALF_MONTHS = re.compile(r"(?<![\d年度./／])(4|10)\s*月?\s*(?:から|~|～|〜|-|ー)\s*(9|3)\s*月(?![\d末])")
_HALVES_BY_MONTHS = {("4", "9"): "上期", ("10", "3"): "下期"}


def _bare_halves(norm: str, year: int) -> tuple[Period, ...]:
    """The halves a question asks a figure of with no year, as halves of fiscal ``year``: named (上半期) or said
    as their months (4月から9月で何種類: the report's 令和7年4～9月)."""
    halves = [m.group(1) for m in _BARE_HALF.finditer(norm)]
    halves += [h for m in _HALF_MONTHS.finditer(norm) if (h := _HALVES_BY_MONTHS.get(m.groups()))]
    return tuple(Period(year, True, None, h, h) for h in dict.fromkeys(halves))


#: a remark on what one has heard or read (…って聞いたけど, …と報じられたが, …らしいけど)
_HEARD = re.compile(r"(?:って|と)(?:聞|き|報じ|書|言わ|いわ|話題|噂)|らしい(?:けど|が)?$|そうだけど|みたいだけど"
                    # … or what one has seen already (「男性のは見たんだけど」, 「男性のは載ってたけど」)
                    r"|(?:見|読ん|知っ|わかっ|分かっ|載っ|出)(?:た|て|てた|てる|ている)?(?:ん|の)?(?:だ|です)?(?:けど|けれど|が)$")


def _remark(parts: list[str]) -> str:
    """The last of a question's clauses when it remarks on what one has heard and asks nothing, else ""."""
    last = parts[-1] if len(parts) >= 2 else ""
    return last if _HEARD.search(last) and not any(p.search(last) for _, p in asks.ANSWER_TYPES) else ""


#: words of a clause that name no thing: periods' (今年, 上半期, 最新), a question word with its counter (何通,
#: どれくらい), a limiter (だけ, 全部で)
_NO_THING = re.compile(r"今年度?|今期|今|最新|直近|現在|時点|上半期|下半期|上期|下期|半期|年度|全部|全体|合計|"
                       r"何[\u4e00-\u9fff]?|いくら|いくつ|どれ|どの|くらい|ぐらい|だけ|程度")


#: a request closing a question (教えてください, 知りたいです), and the words it asks with that name no thing
_REQUEST = re.compile(r"(?:教えて|おしえて|知りたい|しりたい|お願い)")
_REQUEST_WORDS = re.compile(r"数字|数値|データ|状況|詳細|詳しく|具体的に?|実際の|実際|正確な|ところ|内容")


def _bare_request(clause: str) -> bool:
    """A closing request that names nothing of its own (「最新の数字を教えてください」, 「詳しく知りたいです」)."""
    return bool(_REQUEST.search(clause)) and not _names_thing(_REQUEST_WORDS.sub(" ", _REQUEST.sub(" ", clause)))


def _names_thing(clause: str) -> bool:
    """The clause names something a figure could be of: a word of two kanji or katakana beside its periods and
    question words (「今年の上半期だけで何通くらい出てるの」 names none)."""
    rest = _NO_THING.sub(" ", periods_mod.remove(clause, " "))
    return bool(re.search(r"[\u4e00-\u9fff\u30a1-\u30ffー]{2,}", rest))


def _focus(norm: str) -> str:
    """The clause a question asks in: its last (「10万事業所が目標とされていますが、どれだけ実施しましたか」 asks
    what was done; the target is its context)."""
    parts = [p for p in _CLAUSES.split(norm) if p.strip()]
    if _remark(parts):
        parts = parts[:-1]  # a remark after the question is context (Query.remark)
    if len(parts) >= 2 and len(parts[-1].strip()) <= 3:
        parts = parts[:-1]  # the other answer of a yes-no pair (「…去年より長い？短い？」) asks nothing new
    if len(parts) >= 2 and _bare_request(parts[-1]) and any(p.search(parts[-2]) for _, p in asks.ANSWER_TYPES):
        parts = parts[:-1]  # 「…何件残っているんですか？最新の数字を教えてください」: the request adds no thing asked
    if len(parts) >= 2 and not _names_thing(parts[-1]) and _names_thing(parts[-2]):
        # a clause naming nothing but a period and a question word (「特別催告状って…らしいけど、今年の上半期だけで
        # 何通くらい出てるの」) asks about what the clause before names
        return f"{parts[-2]}、{parts[-1]}"
    if len(parts) >= 2 and parts[-2].rstrip().endswith("は"):
        # a topic set off by a comma is the clause's subject (「参加人数は、前年同期と比べてどの程度増えたか」 asks
        # 参加人数: a count in 人)
        return f"{parts[-2]}、{parts[-1]}"
    return parts[-1] if parts else norm


#: where a question names a whole right before the part it asks (「2.9万人のうち」, 「198件中」)
_WHOLE_BEFORE = re.compile(r"の?うち|中(?=[、,]?\s*\S)")
#: brackets that qualify the noun before them, right before its topic particle (「…額（…を除く…）は」)
_QUALIFIER = re.compile(r"[（(][^（()）]{4,}[)）](?=\s*(?:は|が|って|とは)(?![^、。?？]{0,3}[（(]))")


def _part_nouns(norm: str) -> tuple[str, ...]:
    part = asks.part(norm)
    # (not the figure's own noun or its time, 「…のうち電子申請で提出されている割合は令和7年9月時点で」 names
    # 電子申請; nor a verb's noun: 提出 says what was done with the part, the table names it 電子申請)
    # (nor its time: 「約10万人のうち、9月末までに何人に送った」 names no 月)
    return tuple(n for n in nouns(part) if n not in _PART_NOT_NAMING and n not in _PERIOD_WORDS
                 and n not in verbal_nouns(part))


def _years_ago(count: str | None) -> int:
    """How many years back 「N年前」 is (一昨年, おととし: 2)."""
    return {"二": 2, "三": 3, "四": 4, "五": 5}.get(count) or int(count) if count else 2


def _in_words(text: str, renamed: tuple[tuple[str, str], ...]) -> str:
    """``text`` with the everyday words the bridge reads as one report word replaced by it (返事 → 回答): the
    thing measured is then said as the report says it, and the figure beside that word is the one asked."""
    for word, term in renamed:
        text = text.replace(word, term)
    return text


def _measured(norm: str, answer_type: str | None) -> tuple[str, ...]:
    """The thing asked about: the content words up to and including the question word (支給に変わったのは
    何件 → 支給, 変わる, 件; 保険料の月額はいくら → 保険料, 月額) and those after it in its clause (何人の
    記録が回復した → 記録, 回復), or the last ones of a question without one. A figure is chosen by the clause that says it; an answer that lacks it is a near miss."""
    # a qualifier in brackets after the thing (「調達計画額（総合評価落札方式を除く…契約）はいくら」) is not the thing
    norm = _QUALIFIER.sub(" ", norm)
    cut = len(norm)
    if answer_type is not None:
        # (a count asked as 「人って…どれくらいいるの」 has no count word: its how-much word is the question word)
        m = dict(asks.ANSWER_TYPES)[answer_type].search(norm) or dict(asks.ANSWER_TYPES)["figure"].search(norm)
        if m:
            cut = m.end()
    last: list[str] = []
    # いくつ is the question word, not the thing (ブースは全国でいくつ → ブース, 全国); it stays a word of the
    # question elsewhere (as a stop word it let three tune near-misses through). A digit, and a period word after
    # one (4月から9月で何種類 → not 9, 月), say when or how many, not what
    said = _all_words(norm[:cut])
    said = [w for i, w in enumerate(said) if w != "幾" and not w.isdigit()
            and not (i and ((w == "つ" and said[i - 1] == "幾") or (w in _PERIOD_WORDS and said[i - 1].isdigit())))]
    for w in reversed(said):
        if w not in last:
            last.insert(0, w)
        if len(last) == 3:
            break
    # 「何人の記録が回復した」: the words after the question word, in its clause, say what is counted too
    tail = _CLAUSES.split(norm[cut:])[0] if cut < len(norm) else ""
    after = [w for w in _all_words(tail) if w not in last][:3]
    return tuple(last + after)


#: the kinds a scheme's name ends in (介護 + 保険料, 児童 + 手当): what comes before says which scheme; and the
#: kinds of a form (資格喪失 + 届, 扶養親族等 + 申告書): a form whose words the report never uses (喪失) is one it
#: gives no figure for, whatever its sibling's (資格取得届 3.3日). Fresh rounds 44 and 45 asked it twice
_FORM_KINDS = r"(?:届出|届書|届|申告書|申請書|請求書|通知書)"
_SCHEME_KINDS = rf"(?:保険料|保険|手当金|手当|制度|給付金|給付|年金|控除|納税|{_FORM_KINDS}|申告|療養費|保護|基金|積立金)"
#: a scheme named by its compound (介護保険料, 児童手当, 後期高齢者医療制度, 確定申告): what a question is about
SCHEME = re.compile(rf"[\u4e00-\u9fff\u30a1-\u30ffーA-Za-z]+?{_SCHEME_KINDS}(?![\u4e00-\u9fff\u30a1-\u30ffー])")


def is_form(name: str) -> bool:
    """A form's name (資格取得届, 扶養親族等申告書), not a scheme's."""
    return re.search(rf"{_FORM_KINDS}$", name) is not None


def scheme_head(scheme: str) -> str:
    """What sets a scheme apart, its kind removed (介護保険料 → 介護; 後期高齢者医療制度 → 後期高齢者医療)."""
    return re.sub(rf"{_SCHEME_KINDS}$", "", scheme)


#: a name in Latin letters (iDeCo, GPIF, NISA), not one given as an example (ChatGPTのようなAI: the AI is asked)
_LATIN_NAME = re.compile(r"(?<![A-Za-z])[A-Za-z][A-Za-z\-]{2,}(?![A-Za-z\d])(?!\s*(?:のような|のように|みたいな|など|等))")


#: schemes people name by their short form (国保: 国民健康保険, 後期高齢: 後期高齢者医療制度), which the scheme
#: pattern's kinds do not end
_SCHEME_SHORT = re.compile(r"(?<![\u4e00-\u9fff])(?:国保|後期高齢)(?![\u4e00-\u9fff])")


#: what a question leaves out: 「…は除いて」, 「…を除く」, 「…以外の」
_EXCLUDED = re.compile(r"(?:は|を)除(?:いて|いた|く|き)|以外(?:の|で)|を?含ま(?:ない|ず)|を?含めない|抜きの")
#: a noun denied (管理職じゃない, 管理職ではない, 正社員以外の): not the group asked
_DENIED = re.compile(r"([\u4e00-\u9fff\u30a1-\u30ffー]{2,})(?=(?:じゃ|では|で)(?:ない|なく)(?![^、。?？]{0,3}(?:か|の\s*[?？]))|以外の)")
#: the noun right before an exclusion (延滞金を除いた, 延滞金抜きの)
_LEFT_OUT = re.compile(r"([\u4e00-\u9fff\u30a1-\u30ffー]{2,})(?=(?:は|を)除(?:いて|いた|く|き)|を?含ま(?:ない|ず)|を?含めない|抜きの)")


#: what follows a form the question is about: 「…申告書の電子申請割合」, 「…届について」, 「…申告書って」, a keyword's
#: space (「主要7届書 算定基礎届 電子申請割合」)
_FORM_TOPIC = re.compile(r"の(?!よう)|について|は|って|に関|における|では|\s|$")


#: what a scheme is said to be used for (「確定申告で使う控除証明書」, 「年末調整に必要な」): the thing asked about is
#: the document it qualifies, which the report may well speak of
_PURPOSE_OF = re.compile(r"(?:や[^、。?？]{1,10}?)?(?:で|に|の際に?|のときに?|の時に?)(?:使う|使われる|使用する|必要な|提出する)")


def _whole_words(norm: str, m: re.Match) -> str:
    """A scheme or form matched from its first word's start: a word with kana inside (振り仮名届: 振り仮名, one
    word, and 届) is not matched from the kanji after its kana (仮名届, a form the report never names)."""
    pos = 0
    for w in tagger()(norm[: m.end()]):
        start = norm.find(w.surface, pos)
        if start < 0:
            break
        pos = start + len(w.surface)
        if start < m.start() < pos:
            return norm[start: m.end()]
        if pos > m.start():
            break
    return m.group(0)


def _foreign(norm: str, known: Callable[[str], bool]) -> tuple[str, ...]:
    """The schemes and Latin-letter names ``norm`` names that ``known`` says the indexed reports never speak of
    (介護保険料, 児童手当, iDeCo, GPIF): another subject than theirs."""
    terms = [_whole_words(norm, m) for m in SCHEME.finditer(norm) if not _PURPOSE_OF.match(norm, m.end())] + [
        m.group(0) for m in _LATIN_NAME.finditer(norm)] + [m.group(0) for m in _SCHEME_SHORT.finditer(norm)]
    return tuple(t for t in dict.fromkeys(terms) if not known(t) and not known(_past_adverbs(t)))


#: a long run of kana left after a kana question is read back, all nouns to MeCab (こうきこうれいしゃいりょう left as
#: 高機構 + れいしゃいりょう): a word neither the report nor the bridge knows. Six kana or more: shorter runs are
#: words MeCab reads in pieces that the report does say otherwise (いちごう for 第1号, えーあい for AI)
_UNREAD = re.compile(r"[\u3041-\u3093ー]{6,}")


def _unread(norm: str) -> tuple[str, ...]:
    """The words of a kana question its reading back left unread: what it names is not in the report."""
    return tuple(m.group(0) for m in _UNREAD.finditer(norm)
                 if all(w.feature.pos1 in ("名詞", "接頭辞", "接尾辞", "感動詞") for w in tagger()(m.group(0))))


def _past_adverbs(term: str) -> str:
    """A compound without the adverb-like nouns it begins with (本来厚生年金 → 厚生年金: 「本来厚生年金に入れるはず」
    names 厚生年金, which 本来 only qualifies)."""
    words = list(tagger()(term))
    skip = 0
    for w in words:
        if w.feature.pos3 != "副詞可能" and w.feature.pos1 != "副詞":
            break
        skip += len(w.surface)
    return term[skip:]


#: a share asked of a thing (予約で来てる割合, 免除の割合, 電子申請の比率): the report names it X率
_SHARE_OF = re.compile(r"([\u4e00-\u9fff]{2,8})(?:[\u3041-\u309f](?:[\u3041-\u309fー]|[\u4e00-\u9fff](?=[\u3041-\u309f])){0,8})?"
                       r"(?:割合|比率|何割|何%|何パーセント)")


def rate_words(norm: str, known: Callable[[str], bool]) -> tuple[str, ...]:
    """The report's rate nouns for a share asked in everyday words (予約で来てる割合 → 予約率, 電話がつながる割合
    is the bridge's): the noun before 割合 (or its last two letters, 相談予約 → 予約) with 率, where the index
    knows that word. Added as expansions, weighed as the bridge's words are."""
    out: list[str] = []
    for m in _SHARE_OF.finditer(norm):
        noun = m.group(1)
        for stem in dict.fromkeys((noun, noun[-2:])):
            if known(stem + "率"):
                out.append(stem + "率")
                break
    return tuple(dict.fromkeys(out))




def not_done_words(norm: str, known: Callable[[str], bool]) -> tuple[str, ...]:
    """The report's 未 nouns for a thing not yet done said with a verb (解明されていない → 未解明, 適用されて
    いない → 未適用): 未 with the verb's noun (or its last two letters, 記録統合 → 未統合), where the index knows
    that word. Added as expansions, weighed as the bridge's words are."""
    out: list[str] = []
    for m in NOT_DONE.finditer(norm):
        noun = m.group(1)
        for stem in dict.fromkeys((noun, noun[-2:])):
            if known("未" + stem):
                out.append("未" + stem)
                break
    return tuple(dict.fromkeys(out))


#: a question or keywords ending on an average (月平均, 平均値は): the figure asked
_ENDS_AVERAGE = re.compile(r"平均(?:値)?(?:は|って)?\s*[?？]?$")
#: a question typed as keywords: words apart, no sentence's end (か, の, ？, ます, です)
_KEYWORDS = re.compile(r"(?=.*\s)(?!.*(?:[?？。]|か$|の$|ます|です|ない$|した$|たい$))\S+(?:\s+\S+)+")


def _cue(words: Iterable[str], text: str) -> bool:
    return any(w in text for w in words)


def analyse(text: object, settings: Settings = DEFAULT, *, editions: Iterable[Period] = (),
            field_names: Iterable[str] | None = None, synonyms: Synonyms | None = None,
            lexicon: Callable[[], Mapping[str, str]] | None = None,
            known_term: Callable[[str], bool] | None = None,
            repair: Callable[[str], tuple[str, tuple[tuple[str, str], ...]]] | None = None,
            known_word: Callable[[str], bool] | None = None) -> Query:
    """Analyse a question once. ``editions``: the fiscal years the indexed reports are about, so that a
    question naming the following year (令和8年度 for a 令和7年度 report) is about next year's challenges;
    ``synonyms``: the vocabulary bridge whose expansions are added, weighed ``settings.synonym_weight``;
    ``lexicon``: reading → word of the indexed text, asked for only when the question is typed in kana;
    ``known_term``: whether the indexed reports speak of a scheme or Latin-letter name the question names
    (without it, none is judged foreign); ``repair``: typos read back into the indexed text's words
    (:mod:`nenkin_search.typos`); ``known_word``: whether a lemma token is in the index (:func:`rate_words`)."""
    cleaned = clean(text, settings)
    norm = periods_mod.arabic(normalize(cleaned))
    read_as: tuple[tuple[str, str], ...] = ()
    if repair is not None:
        norm, read_as = repair(norm)
    unread: tuple[str, ...] = ()
    kana = lexicon is not None and kana_typed(norm)
    # a date typed in kana names its period whether or not the rest is kana (「国民年金 のうふりつ、5がつまつ じてんだと」)
    norm = periods_mod.kana_dates(norm)
    if kana:
        # read back into the report's words (its reading is still the kana typed, for the reading field)
        norm = transliterate(kana_counters(norm), {**lexicon(), **QUESTION_READINGS})
        unread = _unread(norm)
    norm = _kana_question_words(norm)
    norm = _RANGE.sub(r"\g<low>\g<unit>~\g<high>\g<unit>", norm)
    years = tuple(e.year for e in editions)
    if years:
        this = max(years)
        # 今年度 is the year the report is about: 今年度上半期 → 令和7年度上半期, a period like any other
        norm = _NOW.sub(Period(this).wareki(), norm)
        # 去年度 / 昨年度: the year before (前年度 is left alone: 前年度比, 前年度から are comparisons); the word
        # stays, for tables say 昨年度 too
        last = Period(this - 1).wareki()
        norm = _LAST_YEAR.sub(lambda m: f"{m.group(0)} {last}", norm)
        norm = _YEARS_AGO.sub(lambda m: f"{m.group(0)} {Period(this - _years_ago(m.group(1))).wareki()}", norm)
        # 今年の10月: that month of the report's calendar year (a report of 令和7年度 is written in 2025)
        norm = _THIS_YEAR_MONTH.sub(lambda m: Period(this - (1 if int(m.group(1)) <= 3 else 0), True,
                                                     int(m.group(1))).wareki() + m.group(2), norm)
        norm = _THIS_YEAR_HALF.sub(lambda m: Period(this).wareki() + m.group(1), norm)
        norm = _LAST_YEAR_MONTH.sub(lambda m: Period(this - 1 - (1 if int(m.group(1)) <= 3 else 0), True,
                                                     int(m.group(1))).wareki() + m.group(2), norm)
    names = tuple(field_names) if field_names is not None else settings.lexical_fields
    expansions = synonyms.expand(norm) if synonyms is not None and settings.synonym_weight > 0 else ()
    bridged = synonyms.read(norm) if expansions else ()
    renamed = synonyms.renames(norm) if expansions else ()
    if known_word is not None and settings.synonym_weight > 0:
        expansions += tuple(t for t in rate_words(norm, known_word) + not_done_words(norm, known_word)
                            if t not in expansions)
    terms, weights = {}, {}
    lexical = _OWN_SUBJECT.sub("", _COLUMN_NAMES.sub(r"\g<intent>", norm))
    for name in names:
        field_ = fields_mod.get(name)
        own = tuple(field_.analyze(lexical))
        seen = set(own)
        # each word the bridge reads in is analysed alone: side by side they would compound (電子申請 オンライン
        # → 申請オン), words no passage has
        extra = tuple(dict.fromkeys(t for e in expansions for t in field_.analyze(e) if t not in seen))
        terms[name] = own + extra
        weights[name] = (1.0,) * len(own) + (settings.synonym_weight,) * len(extra)
    # (the column named, 令和8年度計画策定に向けた課題, is left out for the embedding model too: it met every
    # 「○令和8年度は…」 bullet; tune dense R@1 of the 31 questions naming it 0.871 → 0.903)
    dense_text = lexical + ("。" + "、".join(expansions) if expansions and settings.synonym_dense else "")
    if kana:
        # what is asked is read as written without the kana question's word breaks; the words searched keep
        # them (MeCab splits the kana left unread only there: tune R@1 of kana questions 0.929 → 0.897 without)
        norm = _close_gaps(norm)
    focus = _focus(norm)
    heard = [m.span() for m in asks.HEARSAY.finditer(norm)]
    # … and so does one in the statements that set the scene before the sentence asked in (「日本年金機構は2015年に
    # サイバー攻撃を受けて…流出しました。…今後どのような課題を」)
    heard.append((0, len(norm) - len(asks.asked_sentences(norm, focus))))
    spans = [(start, end, p) for start, end, p in periods_mod.spans(norm) if not _PURPOSE.match(norm[end:])
             # a past period in what is said about the topic (「…は2024年度に85.9%と過去最高を更新したと報じられて
             # いますが、」) dates that news, not the figure asked; a future one (「令和9年10月から…広がると聞きましたが」)
             # is when what is asked about happens
             and not (any(a <= start and end <= b for a, b in heard) and years and p.year <= max(years))]
    found = _pinned(_months_of_the_year(norm, spans), norm)
    base = tuple(p for start, end, p in spans if _FROM_PERIOD.match(norm, end)) if len(found) == 1 else ()
    if not found and years:
        # a month asked with no year (「コールセンターって、10月はどれくらいつながった」): of the year the report is
        # about, as 今年の10月 is; a month it does not reach is then a month it does not give; a half the same
        # (「上半期で何種類」, 「かみきで なんかい」: the report's 上期, as 今年の上期 is)
        found = _bare_months(norm, max(years)) or _bare_halves(norm, max(years))
    next_years = {y + 1 for y in years}
    is_next = [p.fiscal and p.month is None and p.year in next_years for p in found]
    challenge = _cue(settings.challenge_cues, norm) or any(is_next)
    # the question word, else a noun of a type in the clause asked in, else anywhere (「納付率が低いとされる中、…
    # 年金事務所等はいくつ」 asks a count: the rate is context)
    answer_type = asks.answer_type(norm, focus)
    if challenge and _ASKS_CHALLENGE.search(norm):
        # 「令和8年度計画策定に向けた課題」: next year names the column asked for, not a period to match, and
        # what is asked is the challenge (a sentence), not the 収納率 it is about. Without 課題, next year is a
        # period like any other (2026年度の目標は: a figure this report does not give)
        # … and a calendar year before the report's (「2015年に…情報流出を起こした機構は、…どんな課題を」) dates an
        # event the challenge is said against, not a period whose challenge is asked (令和6年度の課題 still is)
        found = tuple(p for p, nxt in zip(found, is_next)
                      if not nxt and not (years and not p.fiscal and p.year < min(years)))
        if answer_type in asks.FIGURE_TYPES and asks.asked_outright(norm) not in asks.FIGURE_TYPES:
            answer_type = None  # 「課題として…未適用者は何人と推計」 asks a figure outright: it stays
    if answer_type is None and not challenge and years and any(p.year < max(years) for p in found) \
            and _KEYWORDS.fullmatch(norm):
        # search-box keywords naming a past year (「社会保険 未加入会社 指導で加入 令和6年度」): what was done this
        # year is a sentence, a past year's is a figure of a table
        answer_type = "figure"
    if answer_type is None and not challenge and _ENDS_AVERAGE.search(norm):
        answer_type = "figure"  # 「残業 月平均」「残業の月平均は」: an average is a figure, whatever its unit
    extreme = asks.extreme(norm)
    if extreme is not None and answer_type == "date":
        answer_type = "figure"  # 「一番低かったのはいつ」「何月」: the series' cell answers, its period said with it
    return Query(
        text=cleaned, norm=norm, terms=MappingProxyType(terms), weights=MappingProxyType(weights),
        expansions=expansions, bridged=bridged, renamed=renamed, dense_text=dense_text, periods=found, answer_type=answer_type, 
        plan=_cue(settings.plan_cues, _NOT_PLAN.sub("", JA_SPACE.sub("", focus))) and not _RESULT.search(norm),
        challenge=challenge,
        measured=_measured(_in_words(norm, renamed), answer_type),
        unit=asks.unit(norm, answer_type),
        when=answer_type == "date", since=answer_type == "date" and bool(_SINCE.search(norm)),
        until=answer_type == "date" and bool(_UNTIL.search(norm)),
        two_part=bool(_TWO_PART.search(_PARTNER.sub("", norm))) and not _TOGETHER.search(norm),
        two_things=bool(_TWO_THINGS.search(_PARTNER.sub("", norm))) and not _TOGETHER.search(norm), editions=years, needs=asks.needs(norm, focus, expansions),
        change=asks.change(norm, focus), month=asks.month(norm, found), total=asks.total(norm), closing=asks.closing(norm),
        advice=asks.advice(norm), earlier=asks.earlier(norm),
        moved=asks.moved(norm), extreme=extreme, base=tuple(p for p in base if p in found),
        foreign=(_foreign(asks.unsourced(norm), known_term) if known_term is not None else ()) + unread, read_as=read_as,
    )
