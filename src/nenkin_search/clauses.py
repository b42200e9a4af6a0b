"""What a figure in a sentence is: the clause that says what it counts, whether it is a baseline, a change or
a target, whether it sits in brackets.

Why a module of its own: answers choose the 数値 of a span and judge its candidates by these, and the report's
sentences carry several figures each — 「現年度納付率は72.7%となり、令和6年9月末時点の72.5%から+0.2ポイント上昇」
is a level, a baseline and a change; 「210件（サービス改善部門66件、業務改善部門144件）」 a total and its breakdown;
「目標である管理職月平均18時間以内を下回った」 a target. All functions take the text as :func:`figures.mend`
gives it and a :class:`figures.Figure` parsed from that text.
"""
from __future__ import annotations

import re

from .figures import Figure, parse
from .periods import Period, spans

#: a clause's end; an ASCII comma between digits is a thousands separator (1,676万件から), not one
CLAUSE_END = re.compile(r"[。、，；;]|(?<!\d),|,(?!\d)"
                        # … or the space between one label's value and the next label (「事業主経由での利用事業所数：
                        # 15.4万社 社労士経由での利用事業所数：1.4万社」)
                        r"|(?<=[\d万億円社件人%所日回])\s+(?=[^\s:：。、]{1,30}[:：])")
#: where the name of a bracketed figure begins, back from the bracket: a clause's end or a list's joint
_NAME_START = re.compile(r"[。、，,；;]|や|及び|並びに")
#: right after a figure, a list goes on: 「49万人、年金制度未加入である…6千人を」
_LIST_ITEM = re.compile(r"^\s*[、，,]")
#: a word beside a figure (kanji or kana); 約, 計 and the like are not
_WORD = re.compile(r"[\u3041-\u3093\u30a1-\u30f6\u4e00-\u9fff]{2,}")
#: a bracketed aside (no nesting): 「（令和7年3月時点）」, 「(サービス改善部門66件、業務改善部門144件)」
BRACKETS = re.compile(r"[（(][^（()）]*[）)]")
_SIGNED = re.compile(r"^(?:約|およそ|概ね)?[+▲△-]")
#: a sign printed before a figure it is not read into (「530万人 (-0.5%)」: 0.5% is a change)
_SIGNS = ("+", "-", "▲", "△", "−", "－", "＋")
#: what follows a figure says its role: a baseline (77.6%から, 14.9万事業所であった, 22項目中) or a change
#: (16万件減少); anything else is a level (14.3万事業所まで減少)
_AFTER_BASELINE = re.compile(r"^(?:から|であった|だった|中\s*(?:約|およそ)?\d)")
#: a figure as the topic of its sentence (1,992事業所については、), and a level a later figure reaches (620事業所まで減少)
_AFTER_TOPIC = re.compile(r"^(?:について(?:は)?|は)[、，,]")
_LEVEL_REACHED = re.compile(r"^\s*(?:まで|に)(?:減少|増加|上昇|低下|縮小|拡大)")
_AFTER_CHANGE = re.compile(r"^の?(?:減少|増加|上昇|低下|削減|短縮|増|減|改善|悪化|拡大)"
                           # an amount added to a stock (6ブースを追加し、1,694ブースを確保: the stock is the level),
                           # or taken from it (3億円を削減)
                           r"|^を(?:追加|増設|純増|削減|縮減|短縮)")
_BASELINE_BEFORE = re.compile(r"(?:昨年|前年|前年度|昨年度|前年同期|昨年同時期|同時期)[のはが]?\s*$")
#: the date a figure is given for, between 目標 and it (目標（令和7年度末18%）)
_DATED = re.compile(r"(?:令和|平成)\s*(?:\d+|元)\s*年度?\s*(?:\d+\s*月)?末?(?:時点|まで|までに)?")
#: a target or threshold figure: 目標を7.0万事業所とし, 90%以上を維持, 目標である…18時間以内
_TARGET_AFTER = re.compile(r"^(?:以上|以内|未満|超|以下|を目指|を目標|とする|とし[、。]|まで引き上げ)")
_TARGET_BEFORE = re.compile(r"目標(?:値|件数|時間)?(?:である|として|は|を|の|：|:)?[^\d。、]{0,12}$|計画(?:件数|値)?[：:]\s*$")


#: a per-unit figure, the denominator of a rate and not a count (オペレーター1人当たりの応答件数), or a frequency
#: (原則毎週1回開催, 2ヶ月に1回): 「常勤役員会を原則毎週1回開催（上期は24回開催）」 held 24, not 1
_PER_AFTER = re.compile(r"^(?:当たり|あたり|につき)")
_PER_BEFORE = re.compile(r"毎(?:日|週|月|年|回)\s*$")
_FREQUENCY_BEFORE = re.compile(r"(?:か月|カ月|ヶ月|ヵ月|年|週間?|\d日)に\s*$")


#: before a figure, only when it was (令和7年9月末時点で, 約): its clause names no subject
_SUBJECTLESS = re.compile(r"^\s*(?:[^、。，,]*?(?:時点|末|現在|月|年度)(?:で|には|において|に)?\s*)?(?:約|およそ|概ね)?\s*$")
#: a part's clause opening (「…点検を実施。うち、335件について支給」): what it is a part of ends right before
_PART_OF = re.compile(r"うち[、，,]?\s*$")
#: a topic clause (…事業所は、 …1,992事業所については、)
_TOPIC = re.compile(r"(?:については|は)[、，,]")
#: a clause that ends as a topic the predicate after it speaks of (「7種類の文書については、」)
_TOPIC_END = re.compile(r"(?:については|に関しては|に対しては)[、，,]$")


def is_per(text: str, fig: Figure) -> bool:
    """The figure is per something (1人当たり, 毎週1回, 2ヶ月に1回): how often or per whom, never how many."""
    before = text[max(0, fig.start - 8): fig.start]
    return bool(_PER_AFTER.match(text[fig.end:].lstrip()) or _PER_BEFORE.search(before)
                or fig.unit == "回" and _FREQUENCY_BEFORE.search(before))


def is_target(text: str, fig: Figure) -> bool:
    """The figure is a target or a threshold, never what was achieved (a figure, not its sentence, is
    judged: 「予約率は90.8%と引き続き90%以上を維持」 has a result and a threshold); not a bound that qualifies a
    noun (「5人以上の従業員を雇用している…事業所」: :func:`is_bound`)."""
    before = _DATED.sub("", text[max(0, fig.start - 24): fig.start])[-16:]  # 目標（令和7年度末18%）: dated
    return not is_bound(text, fig) and bool(_TARGET_AFTER.match(text[fig.end:]) or _TARGET_BEFORE.search(before))


#: a bound that qualifies a noun: 5人以上の従業員, 50人超の事業所, 1万人以上の大規模事業所
_BOUND_AFTER = re.compile(r"^(?:以上|以下|未満|超)の")


def is_bound(text: str, fig: Figure) -> bool:
    """The figure bounds what a noun after it names (「5人以上の従業員を雇用している事業所」): which things are
    meant, neither a target nor how many there are; it answers only a question asking a threshold."""
    return bool(_BOUND_AFTER.match(text[fig.end:]))


def role(text: str, fig: Figure) -> str | None:
    """"baseline", "change" or None (a level), from the words around the figure (a bracket right after it,
    （令和7年3月時点）, is skipped)."""
    after = text[fig.end:].lstrip()
    after = after[m.end():].lstrip() if (m := BRACKETS.match(after)) else after
    if alone_in_brackets(text, fig):
        # the value of the noun before its brackets: what follows them says its role (「調達計画額（22,443百万円）
        # からの削減額は6,800百万円」: where the reduction is counted from)
        after = text[_bracket(text, fig).end():].lstrip()
    if _AFTER_BASELINE.match(after) or _BASELINE_BEFORE.search(text[max(0, fig.start - 8): fig.start]):
        return "baseline"
    if _AFTER_TOPIC.match(after):
        # 「…1,992事業所については、令和7年9月末時点で620事業所まで減少」: the topic's figure is where it started
        stop = text.find("。", fig.end)
        rest = text[fig.end: stop if stop >= 0 else len(text)]
        if any(g.unit == fig.unit and _LEVEL_REACHED.match(rest[g.end:]) for g in parse(rest)):
            return "baseline"
    if (fig.unit == "pt" or _SIGNED.match(fig.text) or _AFTER_CHANGE.match(after)
            or text[max(0, fig.start - 1): fig.start] in _SIGNS):
        return "change"
    if _LIST_ITEM.match(after):
        # one predicate for a list of figures (「39事業所、3億円を削減」): the next figure's role, when nothing but
        # the comma comes between
        nxt = next((g for g in parse(text) if g.start > fig.end), None)
        if nxt is not None and _ONLY_COMMA.fullmatch(text[fig.end: nxt.start]) and role(text, nxt) == "change":
            return "change"
    return None


#: between two figures of one list: a comma (and 約)
_ONLY_COMMA = re.compile(r"\s*[、，,]\s*(?:約|およそ)?\s*")


def _bracket(text: str, fig: Figure) -> re.Match | None:
    return next((m for m in BRACKETS.finditer(text) if m.start() < fig.start and fig.end <= m.end()), None)


def in_brackets(text: str, fig: Figure) -> bool:
    return _bracket(text, fig) is not None


#: a bracket right after a figure (「137,840人(令和7年9月末)」, 「1,676万件（令和7年3月時点）」)
_AFTER_BRACKET = re.compile(r"\s*[（(]([^（()）]{1,24})[)）]")
#: a date before a figure inside its bracket (「（令和7年3月末：134,255人）」, 「（令和7年3月末99.82%）」,
#: 「（令和6年9月末時点：732市区町村）」)
_DATE_BEFORE = re.compile(r"\s*(?:時点|現在)?\s*[:：]?\s*$")


#: what sits between a noun and its figure: 「削減額は6,800百万円」, 「職域型年金委員数：137,840人」, 「調達計画額（22,443百万円）」
_TO_FIGURE = re.compile(r"(?:は|が|[:：]|\s|約|およそ|[（(])*$")
_NOUN_RUN = re.compile(r"[\u4e00-\u9fff\u30a1-\u30faー]+$")


def noun_of(text: str, fig: Figure) -> str:
    """The compound noun a figure is the value of, right before it (「削減額は6,800百万円」 → 削減額; 「調達計画額
    （22,443百万円）」 → 調達計画額); "" when a clause comes between (「納付率は令和7年9月末時点で61.6%」)."""
    before = text[: fig.start]
    before = before[: _TO_FIGURE.search(before).start()]
    m = _NOUN_RUN.search(before)
    return m.group(0) if m else ""


def whole_before_part(text: str, fig: Figure) -> bool:
    """The figure is in brackets glossing a noun that the sentence then takes a part of (「帳票（125帳票・約2,870万枚）
    のうち、…14帳票・約1,000万枚について」): the whole, which a question asking the total (全部で何枚) wants."""
    bracket = _bracket(text, fig)
    return bracket is not None and _PART_TAKEN.match(text, bracket.end()) is not None


def part_of_whole(text: str, fig: Figure) -> bool:
    """The figure counts a part the sentence took of a whole glossed before it (「帳票（125帳票・約2,870万枚）のうち、
    …14帳票・約1,000万枚」: 約1,000万枚 is the part), which a question asking the total does not want."""
    start = text.rfind("。", 0, fig.start) + 1
    return any(m.end() <= fig.start and _PART_TAKEN.match(text, m.end()) for m in BRACKETS.finditer(text, start))


def glossed(text: str, fig: Figure) -> str:
    """The words a figure's brackets gloss: the clause before them (「拠点が紙で出力している帳票（125帳票・約2,870万枚）」
    → 拠点が紙で出力している帳票), which say what the whole counts; "" for a figure not in brackets."""
    bracket = _bracket(text, fig)
    if bracket is None:
        return ""
    start = max((m.end() for m in CLAUSE_END.finditer(text[: bracket.start()])), default=0)
    return text[start: bracket.start()]


#: what takes a part of the whole just named (のうち, の中で)
_PART_TAKEN = re.compile(r"\s*(?:のうち|の内|の中で|中、)")


def alone_in_brackets(text: str, fig: Figure) -> bool:
    """The figure is all its brackets hold (「調達計画額（22,443百万円）」): the value of the noun before them."""
    bracket = _bracket(text, fig)
    return bracket is not None and not text[bracket.start() + 1: bracket.end() - 1].replace(fig.text, "").strip()


#: what joins a date to the figure right after it: 「令和6年9月末時点の60.2%」, 「令和7年9月末現在で約9,708万人」
_DATE_RIGHT_BEFORE = re.compile(r"\s*(?:時点|現在)?\s*(?:の|で|は|には|では)?\s*(?:約|およそ)?\s*")


def after_its_level(text: str, fig: Figure) -> bool:
    """A figure alone in brackets right after a figure of its unit (「2,082回（1,478回）」): the same thing at
    another time, as the report gives last year's beside this year's."""
    bracket = _bracket(text, fig)
    if bracket is None:
        return False
    before = [f for f in parse(text[: bracket.start()]) if f.end == len(text[: bracket.start()].rstrip())]
    return bool(before) and before[-1].unit == fig.unit


def dated(text: str, fig: Figure) -> list[Period]:
    """The periods a figure is dated by on its own: a bracket right after it that is a date, or a date before it
    inside its bracket (「職域型年金委員数：137,840人(令和7年9月末) (令和7年3月末：134,255人)」: 137,840人 is of
    9月末, 134,255人 of 3月末). None for a figure the sentence dates as a whole."""
    after = _AFTER_BRACKET.match(text, fig.end)
    if after and (found := spans(after.group(1))) and not parse(after.group(1)):
        return [p for _, _, p in found]
    clause_start = max((m.end() for m in CLAUSE_END.finditer(text[: fig.start])), default=0)
    found = spans(text[clause_start: fig.start])
    if found and _DATE_RIGHT_BEFORE.fullmatch(text[clause_start + found[-1][1]: fig.start]):
        return [found[-1][2]]  # 「令和6年9月末時点の60.2%から」, 「令和7年9月末時点で61.6%」
    bracket = _bracket(text, fig)
    if bracket is not None:
        before = text[bracket.start() + 1: fig.start]
        found = spans(before)
        if found and _DATE_BEFORE.match(before, found[-1][1]) and not parse(before):
            return [found[-1][2]]
    return []


def _gloss(bracket: re.Match, fig: Figure) -> bool:
    """Brackets that say which of a noun before the figure is meant (「節目年齢（34・44・54歳）到達者6千人」): said of
    the figure with its clause. Those after it (「58,476人（45,224人）」, 「99.83%（令和7年3月末99.82%）」) or holding a
    figure counted as it is (a breakdown, last year's) are not."""
    inner = bracket.group(0)[1:-1]
    return (bracket.end() <= fig.start and not CLAUSE_END.search(inner)
            and not any(f.unit == fig.unit for f in parse(inner)))


def clause(text: str, fig: Figure) -> str:
    """The words around a figure that say what it counts: back to the previous comma or stop, on to the next.
    A figure in brackets is said of what the brackets say (「210件（サービス改善部門66件、…）」: 66件 is
    サービス改善部門's); a figure outside them is said of the sentence without them."""
    bracket = _bracket(text, fig)
    if bracket is not None:
        inner = text[bracket.start() + 1: bracket.end() - 1]
        if _WORD.search(inner[: fig.start - bracket.start() - 1] + inner[fig.end - bracket.start() - 1:]):
            return around(inner, fig.start - bracket.start() - 1, fig.end - bracket.start() - 1)
        # the figure alone in its brackets counts what they follow: 国際化協会(55団体)や監理団体(3,527団体)
        before = BRACKETS.sub(lambda m: "、", text[: bracket.start()])
        begin = max((m.end() for m in _NAME_START.finditer(before)), default=0)
        return before[begin:] + text[bracket.start(): bracket.end()]
    blanked = BRACKETS.sub(lambda m: m.group(0) if _gloss(m, fig) else " " * len(m.group(0)), text)  # positions kept
    own = around(blanked, fig.start, fig.end)
    begin = max((m.end() for m in CLAUSE_END.finditer(blanked[: fig.start])), default=0)  # where `own` starts
    if _SUBJECTLESS.match(blanked[begin: fig.start]) and role(text, fig) is None:
        # a level reached with no subject of its own (「…事業所については、令和7年9月末時点で620事業所まで減少」)
        # is said of the sentence's topic before it (a change, 「それぞれ395億円、221億円減少」, keeps its own)
        sentence = blanked[: begin]
        sentence = sentence[sentence.rfind("。") + 1:]
        topic = [m.end() for m in _TOPIC.finditer(sentence)]
        if topic:
            start = max((m.end() for m in CLAUSE_END.finditer(sentence[: topic[-1] - 1])), default=0)
            own = sentence[start: topic[-1]] + " " + own
    elif (role(text, fig) is None and _ITEM_SUBJECT.match(blanked[begin: fig.start])
          and (topic := _listed_under(blanked[: begin]))):
        # an item of a list of figures under the sentence's topic (「上期の時間外勤務時間実績は、管理職が月平均13時間
        # 34分、一般職が月平均7時間56分となり」): each item has its subject, the topic says what all of them measure
        own = topic + " " + own
    if _PART_OF.search(blanked[: begin]):
        # a part of the whole the clause before names (「…8,375件について点検を実施。うち、335件について支給」): it
        # was checked too, so the question's words about the whole are said of it as well
        whole_end = _PART_OF.search(blanked[: begin]).start()
        whole_start = max((m.end() for m in CLAUSE_END.finditer(blanked[: max(0, whole_end - 1)])), default=0)
        own = blanked[whole_start: whole_end] + " " + own
    rest = blanked[fig.end:]
    stop = next((m.start() for m in CLAUSE_END.finditer(rest)), len(rest))
    if _TOPIC_END.search(rest[: stop + 1]):
        # a figure in the sentence's topic (「特に、…7種類の文書については、若い世代を含む…ご意見…を聴取」) is what the
        # predicate after it is said of, up to the next figure or the stop
        sentence_end = rest.find("。", stop)
        tail = rest[stop + 1: sentence_end if sentence_end >= 0 else len(rest)]
        nxt = min((f.start for f in parse(tail)), default=len(tail))
        own += " " + tail[:nxt]
    if _LIST_ITEM.match(blanked[fig.end:]):
        # an item of a list of figures shares the list's predicate: 「20歳到達者49万人、…到達者6千人を職権により
        # 適用」: 49万人 were 職権により適用 too
        stop = blanked.find("。", fig.end)
        sentence_end = stop if stop >= 0 else len(blanked)
        tail_start = max((f.end for f in parse(blanked[:sentence_end]) if f.end > fig.end), default=fig.end)
        if tail_start > fig.end:
            own += " " + blanked[tail_start: sentence_end]
    return own


_ITEM_SUBJECT = re.compile(r"^\s*[^、。，,\d]{1,16}?が")


def _listed_under(before: str) -> str:
    """The topic (「…は、」) a list item's sentence opens with, when only items with a figure each (「管理職が月平均
    13時間34分、」) stand between it and the item; else ''."""
    sentence = before[before.rfind("。") + 1:]
    topics = list(_TOPIC.finditer(sentence))
    if not topics:
        return ""
    end = topics[-1].end()
    between = [x for x in CLAUSE_END.split(sentence[end:]) if x.strip()]
    if not all(_ITEM_SUBJECT.match(x) and any(ch.isdigit() for ch in x) for x in between):
        return ""
    start = max((m.end() for m in CLAUSE_END.finditer(sentence[: end - 1])), default=0)
    return sentence[start: end - 1]


def around(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]``: back to the previous comma or stop, on to the next."""
    begin = max((m.end() for m in CLAUSE_END.finditer(text[:start])), default=0)
    stop = next((m.start() for m in CLAUSE_END.finditer(text, end)), len(text))  # (what it follows is seen)
    return text[begin: stop]


def listed(text: str, figs: list[Figure]) -> bool:
    """Two figures of one unit are given side by side, as a breakdown is: in one bracket (「210件（サービス改善部門
    66件、業務改善部門144件）」) or as items of a list (「20歳到達者49万人、…到達者6千人」)."""
    for b in BRACKETS.finditer(text):
        inside = [f.unit for f in figs if b.start() < f.start and f.end <= b.end()]
        if len(inside) > len(set(inside)):
            return True
    return any(f.unit == g.unit and _LIST_ITEM.match(text[f.end:]) for f, g in zip(figs, figs[1:]))
