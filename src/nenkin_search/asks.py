"""What a question asks for, read from its words: the type of answer (a count, a rate, an amount, a date, a
reason …), the unit it names, the form an answer must have (年代別, 最も, 電話番号, 何級), and whether it asks a
change, a total or one month's figure.

Why a module of its own: :mod:`nenkin_search.query` builds the :class:`~nenkin_search.query.Query` (clean text,
periods, tokens, kana read back); these cue tables are what one edits to teach it another way of asking, and
:mod:`nenkin_search.answer` checks spans against what they find. Every function takes the normalised question
(``norm``) and, where the clause asked in matters, its ``focus``.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from .periods import Period

#: answer types: what kind of answer a question wants, by the words it asks with. The first pattern that
#: matches decides (何件 before 数は; 金額 before 額); a figure type is answered by a figure of that kind
#: (:mod:`nenkin_search.figures`), the others by a sentence.
ANSWER_TYPES: tuple[tuple[str, re.Pattern], ...] = (
    ("frequency", re.compile(r"頻度|何年に[1一]|何年おき|何年ごと|何か?[月ヶカ]月に[1一]|どのくらいの間隔")),
    # いつ as a word: not いつも / いつでも / いつか (but 「…開始したのはいつか。」 asks it), nor the いつ of 「つながらないつながらない」; 同じ時期 compares, it asks no date
    # (typed in kana too: おなじ じき)
    ("date", re.compile(r"いつ(?!な|も|でも|までも|か(?!ら|\s*[。?？]|\s*$)|つ)|何月|(?<!同じ)(?<!同)(?<!おなじ)(?<!同じ )(?<!おなじ )時期|何年に|開始日")),
    ("rate", re.compile(r"何%|何パーセント|何ポイント|何割|割合|比率|率|パーセント|シェア|利回り")),
    # 全額免除, 円滑 are not amounts; いくら after a count noun asks the count (実績件数でいくらか), after a rate's
    # noun the rate (削減率はいくら)
    # a cost named by its noun (郵送費, 経費, 人件費) asks an amount too; so does 郵送代 or 電話代 (not 年代, 世代)
    # asked how much (「郵送代ってどれくらい浮いた」), not one a practice is about (「切手代を見える化している？」)
    ("amount", re.compile(r"(?<![数率])(?<![数率][では])(?<![数率]が)(?<!率って)いくら|金額|[^件人全半]額|円(?!滑|満)|費用|予算|コスト"
                          r"|(?<=[送経件務信託])費(?![\u4e00-\u9fff])|(?<=[送話手刷信])代(?![\u4e00-\u9fff])(?=[^。?？]{0,16}?(?:いくら|どれくらい|どのくらい|どれぐらい|"
                          r"どのぐらい|どれだけ|何円))")),
    # … or a time a thing took or saved, named by its noun (業務削減時間, 処理時間): a keyword question's last word
    ("duration", re.compile(r"何日|日数|所要|何時間|何分|待ち時間|何か月|何ヶ月|何カ月|何年間|かかる期間|処理期間|期間は"
                            r"|(?:削減|短縮|節約|作業|処理|対応)時間(?![外帯])")),
    ("count", re.compile(r"(?:何件|何人|何社|何事業所|何回|何か所|何箇所|何名|何通|何台|何項目|何団体|何拠点|何機関|"
                         r"何ブース|何個|何万)(?!か[でのがはをにもと])(?![^、。?!]*(?:ても|でも))|件数|人数|者数|社数|事業所数|回数|数は|数を|数(?:\s|$|(?=[（(]))|いくつ")),
    ("figure", re.compile(r"どれくらい|どれぐらい|どのくらい|どのぐらい|どの程度|どこまで|どれだけ|どれほど|合計|累計|総数")),
    # どうしている, どうしていますか: how a thing is handled, not why
    # (「割合なんですか」, 「なんでしょうか」: the copula, not why; なんでも: anything)
    ("reason", re.compile(r"なぜ|どうして(?!い[るまた])|なんで(?!す|しょう|しょ|も)|理由|原因|要因|せい(?:で|だ|なの|なん|じゃ|かな|か[?？])")),
    ("method", re.compile(r"どうやって|どのように|どのような方法|方法|どう(?:し|す|対応)")),
)
#: the counters a count is asked with (何件, 何事業所, 何か所 …)
_COUNTERS = ("件", "人", "社", "事業所", "事務所", "回", "か所", "カ所", "ヵ所", "ヶ所", "箇所", "名", "通", "台", "項目", "団体",
             "拠点", "機関", "ブース", "契約", "部署", "種類", "枚", "帳票", "年目", "か国語", "カ国語", "ヶ国語", "言語", "か国",
             "カ国", "ヶ国", "個")
#: the unit a figure counting in a counter has (:mod:`figures`), where it is not the counter itself; counters
#: no figure counts in (何台, 何部署, 何種類) name no unit (枚 is one: 約2,870万枚 of 帳票); 何通 is answered in 通 or 件 (送付件数)
_COUNTER_UNITS = {"名": "人", "カ所": "か所", "ヵ所": "か所", "ヶ所": "か所", "箇所": "か所",
                  "通": "通", "台": None, "個": None, "部署": None, "種類": None, "か国語": None, "カ国語": None,
                  "ヶ国語": None, "言語": None, "か国": None, "カ国": None, "ヶ国": None}
#: question words that name their answer's type outright: one of these decides over a noun of another type
#: elsewhere in the question (「源泉徴収税額の精算が行われる受給者は何人」 asks a count, not an amount);
#: several: the order of ANSWER_TYPES
_ASKED_TYPES: tuple[tuple[str, re.Pattern], ...] = (
    # a reason asked decides over the rate or count it is about (割合が減ってるけど何が原因なの)
    # (理由が変わった, 理由に何が増えた: the reasons are the thing asked about, not a reason asked for)
    ("reason", re.compile(r"なぜ|どうして(?!い[るまた])|なんで(?!す|しょう|しょ|も)|何で(?:なの|なん|です|\?|？|$)|(?:理由|原因|要因)(?:は|って|を|$)"
                          r"|何が(?:理由|原因|要因)")),
    ("frequency", re.compile(r"何年に[1一]|何年おき|何年ごと|何か?[月ヶカ]月に[1一]")),
    ("date", re.compile(r"いつ(?!な|も|でも|までも|か(?!ら|\s*[。?？]|\s*$)|つ)|何月")),
    # … or how many of them do it (11～20人の会社ではどのくらいが電子申請を使っている): a share
    # … or how much of the whole (全体のどれくらい, どのくらいを占める): a share too
    ("rate", re.compile(r"何%|何パーセント|何ポイント|何割|率(?:は|が|って)?いくら"
                        r"|(?:どれくらい|どのくらい|どれぐらい|どのぐらい|どの程度)が(?!いい|良い|よい|適|目安|妥当)"
                        r"|全体の(?:どれくらい|どのくらい|どれぐらい|どのぐらい|どの程度|どれだけ)"
                        r"|(?:どれくらい|どのくらい|どれぐらい|どのぐらい|どの程度|どれだけ)を占め"
                        # … or how widely a service is used (電子申請、11～20人の事業所ではどのくらい利用されている?,
                        # どれくらいネットで出されてるの): its take-up, a share, not the count of its users
                        r"|(?:どれくらい|どのくらい|どれぐらい|どのぐらい|どの程度)\s*(?:使われ|使って|使ってる|利用され|利用して"
                        r"|普及|浸透|活用され|ネットで|電子で|オンラインで|つかわれ|つかって|りようされ|りようして)")),
    # いくら after a count noun asks the count (「実績件数でいくらか」, 「参加人数はいくら」), after a rate's the rate
    ("amount", re.compile(r"(?<![数率])(?<![数率][では])(?<![数率]が)(?<!率って)いくら|何円|何億|何兆")),
    # 何年 before keeping, lasting or waiting (何年保管, 何年かかる, 何年かしたら) is how long, not which year
    ("duration", re.compile(r"何日|何時間|何分|何か月|何ヶ月|何カ月|何年間"
                            r"|何年(?=\s*(?:保管|保存|保持|かか|続|継続|経過|か?\s*したら|経[つっ]))")),
    ("count", re.compile(rf"何万?(?:{'|'.join(_COUNTERS)})(?!か[でのがはをにもと])(?![^、。?!]*(?:ても|でも))"
                         # 何人かで: several, not how many (何人か。 asks); 何回検査をしても: however many
                         r"|(?:どれくらい|どのくらい|どれぐらい|どのぐらい|どれだけ)の(?:人|件数|事業所)"
                         # 「予約率が90%を超えている拠点はいくつ」: a counter's noun asked with いくつ is counted, whatever
                         # rate qualifies it
                         rf"|(?:{'|'.join(_COUNTERS)})(?:は|が|って)?(?:全部で|全国で|合わせて)?いくつ")),
)
FIGURE_TYPES = ("count", "rate", "amount", "duration", "figure")


def _asked_type(norm: str) -> str | None:
    """The type of the first question word (「何件で、割合は何％」 asks the count first, and a two-part answer
    leads with it); at one position, the order of ``_ASKED_TYPES`` (何年に1回 is a frequency, not a date)."""
    found = [(m.start(), i, kind) for i, (kind, pattern) in enumerate(_ASKED_TYPES) if (m := pattern.search(norm))]
    return min(found)[2] if found else None


#: where a question asking two figures divides: a comma, と after the first figure's noun (「紐付け率と、…数は」),
#: or a verb's て / し form right before the second question word (「何件を点検して何件が支給に」)
_PART_BREAK = re.compile(r"[、,]|(?<=[率数額幅])と|(?<=[てし])(?=何|いくら|どれ)")
#: the noun of a figure asked without a question word (納付率, 回数, 上昇幅); followed by と, the end of a first part
_FIGURE_NOUN = r"(?:率|割合|件数|人数|者数|回数|日数|金額|額|数|幅)"
_FIGURE_NOUN_END = re.compile(_FIGURE_NOUN + r"(?:と|及び|および|並びに|ならびに)[、,]?")
#: a last clause asking a figure by its noun alone, after a break (「何件で、計画に対する実施率は？」)
_NOUN_ASKED_LAST = re.compile(r"(?:で|て)?[、,]\s*([^、,。?？]{0,20}?" + _FIGURE_NOUN + r")(?:は|って)?\s*[?？]?\s*$")
#: the word joining two figure nouns, at the end of the first part (収納率及び → 収納率)
_JOINER_END = re.compile(r"(?:と|及び|および|並びに|ならびに)?[、,\s]*$")


#: the end of one question of several (a question or full stop mark)
_QUESTION_END = re.compile(r"(?<=[?？。])")


def parts(norm: str) -> tuple[str, ...]:
    """The two questions of one that asks two figures, in the order asked: 「8,375件…何件を点検し、何件が支給に
    変わったか」 → (…何件を点検し, 何件が支給に変わったか); 「紐付け率と、紐付いていない人の数は」 → (紐付け率,
    紐付いていない人の数は). Each part's figure is chosen by its own words, and the 数値 line gives both,
    the first asked first. () for a question asking one figure; 「22項目中何項目」 asks one (no break between)."""
    # two questions, each asking a figure (「紐付け率はどのくらい？紐付いていない人は何人？」): one part each
    asking = [x.strip() for x in _QUESTION_END.split(norm) if x.strip() and asks_figure(x)]
    if len(asking) >= 2:
        return asking[0], asking[1]
    asked = sorted((m.start(), m.end()) for kind, pattern in _ASKED_TYPES if kind in FIGURE_TYPES
                   for m in pattern.finditer(norm))
    for (_, end), (start, _) in zip(asked, asked[1:]):
        breaks = [m.end() for m in _PART_BREAK.finditer(norm[: start + 1], end)]  # (the second word seen)
        if breaks:
            cut = breaks[-1]
            return norm[:cut].rstrip("、,と "), norm[cut:].strip()
    # a figure asked with its question word, then a second by its noun alone (「…は何件で、実施率は？」)
    if len(asked) == 1:
        tail = _NOUN_ASKED_LAST.search(norm, asked[0][1])
        if tail:
            return norm[:tail.start()].rstrip("、,で "), tail.group(1).strip()
    m = _FIGURE_NOUN_END.search(norm)
    if m and not asked or m and asked[0][0] > m.end():
        rest = norm[m.end():]
        if re.search(_FIGURE_NOUN, rest) or any(pattern.search(rest) for kind, pattern in ANSWER_TYPES
                                                if kind in FIGURE_TYPES):
            return _JOINER_END.sub("", norm[:m.end()]), rest.strip()
    return ()


#: the unit a count question names (何人 → 人): of two counts, the one in that unit answers it; longest first
#: (何事業所 before 何事); the units are those of :mod:`figures`
_UNIT_HINTS = (("事業所", re.compile(r"何事業所|事業所の?数")),
               ("人", re.compile(r"何人|人の?数|者の?数|員の?数|何万人|何名|(?:くらい|ぐらい|だけ)の人(?:数|に|が|は|を)|"
                                r"(?:人|者)(?:たち|達)?(?:って|は|が|も)?[^、。?？]{0,6}?(?:どれくらい|どのくらい|どれぐらい|"
                                r"どのぐらい|どれだけ)\s*(?:い[るまた]|存在)")),
               ("件", re.compile(r"何件|件数|何万件")), ("社", re.compile(r"何社|社数")), ("回", re.compile(r"何回|回数")),
               ("団体", re.compile(r"何団体|団体数")), ("拠点", re.compile(r"何拠点|拠点数")),
               ("ブース", re.compile(r"何ブース|ブース数")),
               ("か所", re.compile(r"何か所|何カ所|何ヵ所|何ヶ所|何箇所|箇所数|か所数")),
               ("機関", re.compile(r"何機関|機関数")), ("項目", re.compile(r"何項目|項目数")),
               ("枚", re.compile(r"何枚|枚数")),
               ("事務所", re.compile(r"何事務所|事務所数")), ("契約", re.compile(r"何契約|契約数")),
               # the report counts local governments in 市区町村 (787市区町村): 自治体数 asks that count
               ("市区町村", re.compile(r"何市区町村|何市町村|何自治体|(?:いくつ|どれくらい|どのくらい)の(?:市区町村|市町村|自治体)"
                                    r"|(?:市区町村|市町村|自治体)の?数")))
#: counters a count question may name as a word (相談ブース いくつ): the unit when no 何X says it
_COUNTER_WORDS = ("ブース", "拠点", "団体", "事業所", "事務所", "機関", "契約", "部署")


#: a counter asked with 何: it names the unit over any count noun elsewhere (「請求件数の増加で…何拠点」 → 拠点)
_ASKED_COUNTER = re.compile(rf"何({'|'.join(c for c in _COUNTERS if _COUNTER_UNITS.get(c, c))})")


#: a counter word asked with いくつの / どれくらいの (いくつの拠点で…ブースを増やす): the unit, as 何拠点 names it
_ASKED_COUNTER_WORD = re.compile(rf"(?:いくつ|幾つ|どれくらい|どのくらい|どれだけ)の\s*({'|'.join(_COUNTER_WORDS)})")


def _count_unit(norm: str) -> str | None:
    """The unit a count question names: by the counter it asks with (何拠点, いくつの拠点 → 拠点), else a count
    noun (人数 → 人, 事業所数 → 事業所), else the last counter word it uses (「相談ブース いくつ」 → ブース)."""
    asked = _ASKED_COUNTER.search(_MANY.sub("", norm))
    if asked:
        return _COUNTER_UNITS.get(asked.group(1), asked.group(1))
    if said := _ASKED_COUNTER_WORD.search(norm):
        return said.group(1)
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


def unit(norm: str, answer_type: str | None) -> str | None:
    """The unit the question names for its answer type (何人 → 人, 何ポイント → pt, 何時間 → 分), if any."""
    if answer_type == "count":
        return _count_unit(norm)
    hints = {"rate": _RATE_UNIT_HINTS, "duration": _DURATION_UNIT_HINTS}.get(answer_type or "", ())
    return next((u for u, p in hints if p.search(norm)), None)


#: forms of answer a question asks for and what an answer of that form says: a breakdown (年代別 → by
#: 年代, said with 年代), a ranking (最も, ワースト), a frequency (何年に1回), a language (何語). A span
#: without it answers the topic, not the question (the report's 納付率 is national, not by 年代).
#: 別 of a word (特別, 個別, 区別: 特別支給の老齢厚生年金, 名寄せ特別便) or before a kanji (別途, 別表) is no breakdown
#: (a bracket of the groups may come between: 障害等級（1級・2級・3級）別 asks by 等級)
_BREAKDOWN = re.compile(r"([\u4e00-\u9fff\u30a1-\u30ff]{2,})(?<![特個区識差選判格送告])(?:\([^()]{1,30}\))?別(?![\u4e00-\u9fff])")
#: where a scene was read or heard, in brackets after it (「…各地で行われています（東広島の地域ニュース）。」,
#: （日本テレビ）, （経営者向けニュース）): a source, not a place or name the question asks about
SOURCE = re.compile(r"[(（][^()（）]{0,30}?(?:ニュース|新聞|報道|テレビ|ブログ|記事|FAQ|サイト|ホームページ|週刊|雑誌|業界紙|地元紙"
                    r"|専門誌|コラム|番組|放送|速報)[^()（）]{0,10}[)）]")
#: where a sentence of the scene says it was read (「…と琉球新報が報じています。」, 「…届くと市のFAQにあります。」)
_SOURCE_SAID = re.compile(r"(?<=と)([^、。？?!！「」]{1,20}?)(?=[がでに](?:報じ|報道|伝え|紹介|書い|書かれ|載っ|解説|あり|出て)"
                          r"[^、。？?!！]{0,12}。)")


def unsourced(norm: str) -> str:
    """The question less the names of where its scene was read: a source in brackets (（東広島の地域ニュース））, the
    source a sentence names (「…と琉球新報が報じています。」, 「…と市のFAQにあります。」). Only the source goes: what
    the scene says is still read (an iDeCo scene is still about iDeCo)."""
    return _SOURCE_SAID.sub(lambda m: " " * len(m.group(1)), SOURCE.sub(lambda m: " " * len(m.group(0)), norm))


#: a ranking asked (一番新しい, 最も新しい: the latest figure, which a question with no period gets anyway, not a ranking)
#: a clause of what is said about the topic (「東京や大阪など大都市圏で低いとされますが、」, 「1〜2カ月かかると聞くが、」,
#: 「過去最多になったと報じられたが、」): its names, figures and rankings set the scene, they are not what is asked
#: (「予約がなかなか取れないという声がありますが、」, 「…って聞いたけど、」 too)
#: (and one naming where it was said: 「…と朝日新聞が報じたことがありますが、」, 「…と解説記事で読んだけど、」; or said
#: as heard: 「…増えるそうですが、」, 「…とのことですが、」)
HEARSAY = re.compile(r"[^、。？?!！]*?(?:とされ|と言われ|といわれ|と聞|って聞|と報じ|と報道され|と伝えられ|と指摘され|(?:という|との)声"
                     r"|と[^、。？?!！]{1,12}?[がでに](?:報じ|報道|伝え|書い|書かれ|載っ|読ん|見かけ|紹介され|取り上げ)"
                     r"|(?:る|た)そう(?:です|だ)|とのこと)"
                     r"[^、。？?!！]*?(?:が|けど|けれど)[、,]")
_RANKING = re.compile(r"(?:最も|一番|いちばん)\s*(?!新し|あたらし|最近|さいきん|直近|ちょっきん|最新|さいしん)|ワースト|最多|最少|最下位|最上位|トップ|ランキング|順位")
#: a ranking that describes (「ワーストが続いてきた沖縄県」, 「トップだった」): the thing's standing, not a ranking asked
_STANDING = re.compile(r"(?:ワースト|最下位|トップ|最多|最少)(?:が続い|続き|だった|であった|を続け)"
                       # … or a superlative that qualifies the period it names (最も落ち込んだ令和2年度の数値は):
                       # the period is asked, its standing is context
                       # (or the month: 一番つながりにくかった6月は)
                       r"|(?:最も|一番|いちばん)[^、。?？\s]{1,8}?[たいだ]\s*(?=(?:令和|平成|昭和|R|H|FY)?\s*(?:\d|元)"
                       r"[^、。?？]{0,6}?年|(?:1[0-2]|[1-9])\s*月)")


class Extreme(NamedTuple):
    """A superlative asked over periods: the lowest (or highest) of a series, by year or by month."""

    lowest: bool
    grain: str | None  # "年度" or "月"; None for いつ (either the table has)
    at: int = 0  # where the superlative is said: a period named after it is asked too (ピークで、R6には)


#: the lowest or highest asked: 最も低かった, 一番落ち込んだ, 一番つながりにくかった, 最低, ピーク, 大きく落ち込んだ,
#: ガクッと落ちた
_LOW = r"低|少な|落ち込|悪|短|下が|遅|[\u3041-\u309f\u4e00-\u9fff]{0,6}?にく(?:か|い)"
_EXTREME = re.compile(rf"(?:最も|一番|いちばん)\s*(?:(?P<low>{_LOW})|(?:高|多|良|伸び|長|上が|早))"
                      r"|(?P<low2>最低|最少|ワースト|最下位)|最高|最多|ピーク"
                      # 「大きく落ち込んだのは何年度」: the year of the trough (of the peak: 大きく伸びた)
                      # (in everyday words: ガクッと落ちた, 急に伸びた)
                      r"|(?:大きく|大幅に|ガクッと|がくっと|ガクンと|がくんと|急激に|急に)\s*"
                      r"(?:(?P<low3>落ち込|落ち|下が|減|低下|悪化)|(?:伸び|上が|増え|上昇))")
#: … over periods: which year or month (どの年度, 何月, 最も低かった月, 年度がピーク), or when (いつ)
_OVER = re.compile(r"(?:どの|何|いつの)\s*(?P<g>年度|年|月)|(?<![\d元])(?P<g2>年度|月)(?:は|が|で|の)?\s*(?:どこ|いつ|ピーク|最)"
                   r"|(?:かった|んだ|た)\s*(?P<g3>年度|年|月)(?!\d)|(?P<when>いつ(?!でも|までも|も))")
#: … over something else (都道府県別, どの事務所, 年代): no series of the report ranks those
_OVER_OTHER = re.compile(r"(?:どの|どこの)\s*(?:都道府県|県|事務所|年金事務所|国|年代|言語)|(?:都道府県|年代|年齢|国籍|言語|事務所)別")


def extreme(norm: str) -> Extreme | None:
    """A superlative over periods (「一番落ち込んだのはどの年度」, 「最も低かった月の応答率」, 「どの年度がピーク」):
    answered by a series' lowest or highest cell (:mod:`nenkin_search.extremes`). A ranking over anything else
    (都道府県別で最も高い) is not: the report's tables have no such rows. A standing that describes
    (「ワーストが続いてきた沖縄県」) asks none."""
    text = _STANDING.sub("", norm)
    m, over = _EXTREME.search(text), _OVER.search(text)
    if not m or not over or _OVER_OTHER.search(text):
        return None
    g = over.group("g") or over.group("g2") or over.group("g3")
    return Extreme(bool(m.group("low") or m.group("low2") or m.group("low3")), "年度" if g in ("年度", "年") else g,
                   m.start())


#: (what asks the form, what a span of that form says)
_FORMS: tuple[tuple[re.Pattern, str], ...] = (
    (_RANKING, r"最|一番|順位|上位|下位|ワースト|トップ|順に"),
    (dict(ANSWER_TYPES)["frequency"], r"毎|ごと|頻度|[年月週日]に\d*回|定期的|随時"),
    # a language asked (何語, どの言語; 多言語通訳 names a service, it asks none) is answered by a span naming one
    # (英語, ポルトガル語) or counting them (12言語): 多言語通訳, 外国語ページ and 「やさしい日本語」 (the plain
    # Japanese of a leaflet) name none
    (re.compile(r"何語|何か国語|(?<!多)言語"), r"英語|(?:中国|韓国|朝鮮|台湾|[\u30a1-\u30ffー]{2,})語|\d\s*(?:か|カ|ヶ|ヵ|ケ)?\s*国?語|\d\s*言語"),
    # … and a count of languages (何か国語, いくつの言語) is said only as one (「13言語」, 「10か国語」): 多言語通訳 counts none
    (re.compile(r"何\s*(?:か|カ|ヶ|ヵ|ケ)\s*国語|何\s*言語|いくつの言語|言語数"), r"\d\s*(?:か|カ|ヶ|ヵ|ケ)?\s*国語|\d\s*言語"),
    # an age asked, or an age band (20〜24歳, 60歳以上, 20代前半): the span must say 歳 or the band
    (re.compile(r"何歳|\d+\s*(?:～|〜|~|-|から)\s*\d+\s*歳|\d+\s*歳(?:以上|以下|未満|代)|(?<![\d.])[1-9]0\s*代(?:前半|後半|の|で|は|が)"),
     r"歳|[1-9]0代"),
    (re.compile(r"何倍"), r"倍"), (re.compile(r"何年目"), r"年目"),
    # an amount per person or per month (1人あたり, 月額, 平均) is not answered by a total; an average duration
    # (平均何日) is what the report's days to process are, said without 平均 (平均所要日数 names a column: needed)
    (re.compile(r"(?:1|一|ひと)人(?:あたり|当たり|当り)|平均(?!(?:で|して|は)?\s*(?:何日|何時間|何分|何か月))"),
     r"(?:1|一)人|あたり|当たり|平均"),
    # (毎月 describing a notice, 「毎月の保険料額情報を電子で受け取れるサービス」, asks no monthly figure)
    (re.compile(r"月額|毎月(?!の?[^、。?？]{0,12}?(?:情報|通知|お知らせ|データ|明細|書類))|月々|ひと月|1か月あたり"),
     r"月額|月平均|毎月|月あたり|月当たり"),
    # … or per day, per case, per office (1日あたり何人): a month's or a year's total does not answer it
    (re.compile(r"(?:1|一)\s*日(?:あたり|当たり|当り|平均)|日平均"), r"(?:1|一)日|日あたり|日当たり|日平均"),
    (re.compile(r"(?:1|一)\s*(?:件|事業所|社|拠点|か所)(?:あたり|当たり|当り)"), r"あたり|当たり|平均"),
    # contact details: a number to call, an address to open
    (re.compile(r"電話番号|何番"), r"\d{2,4}-\d{2,4}-\d{3,4}|0570|0120"),
    (re.compile(r"URL|アドレス|ホームページの場所"), r"https?://|www\."),
    # a score (満足度は何点): the report gives no points, only rates
    (re.compile(r"何点"), r"\d点"),
    # a company or a country by name: the report names no contractor, maker or partner country
    (re.compile(r"(?:どの|どこの)(?:事業者|会社|企業|業者|メーカー)|事業者名|社名|企業名|会社名|メーカー名|製品名"
                r"|(?:事業者|業者|会社|企業|メーカー)\s*の?\s*名(?:称|前)"),
     r"株式会社|有限会社|合同会社|㈱|\(株\)"),
    # (「19の年金事務所って、具体的にどこなの」 too: the offices' names, not their number)
    (re.compile(r"(?:どの|どこの)(?:年金)?事務所|事務所名|事務所(?:は|って|とは|が)?[、,\s]*(?:具体的に|それぞれ)?\s*どこ"),
     r"[\u4e00-\u9fff]{2,}年金事務所"),
    # a comparison with others (民間企業と比べて): the report compares with its own past and targets only
    (re.compile(r"(?:他の|ほかの|民間|国家公務員|他機関|他省庁|他社|自治体)[^。]{0,20}(?:と|に)(?:比べ|比較|比し)"),
     r"民間|他の|他機関|国家公務員|全国平均"),
    # month by month (月ごとの件数, 月別): a year's total does not answer it
    (re.compile(r"月ごと|月別|各月|月単位"), r"(?<![\d.])(?:1[0-2]|[1-9])\s*月(?!末)"),
    (re.compile(r"(?:どの|どこの)国|国名|相手国"),
     r"アメリカ|米国|韓国|中国|ドイツ|英国|イギリス|フランス|カナダ|オーストラリア|ブラジル|インド|フィリピン|ベトナム|イタリア|スペイン|オランダ|スイス"),
)
#: a rate named by its noun (保険料率, 納付率): a span of another rate (収納率) does not answer it
_RATE_NOUN = re.compile(r"([\u4e00-\u9fff])率")
#: rates named without 率
_RATE_WORD = re.compile(r"利回り")
#: a rate of change (増減率, 伸び率) is said by a change's column (対前年度比, 前年同期比, 伸び幅), not by its noun
_CHANGE_RATE = re.compile(r"(?:増減|伸び|増加|減少|上昇|低下|変化)率")
_CHANGE_SAID = r"比|増減|伸び|増加|減少|上昇|低下"


#: a sentence that only asks for the answer (「…教えてください。」, 「…知りたい。」): part of the question
_REQUEST_END = re.compile(r"(?:ください|下さい|たい|教えて|欲しい|ほしい)[。.]?\s*$")


def asked_sentences(norm: str, focus: str) -> str:
    """The sentence the question asks in, and the sentences before it that ask (end in ？) or request; the
    statements before those set the scene (「沖縄県の納付率は長年全国最下位で…報道されています。…納付率はどこまで上がったのでしょうか」: the
    ranking is the scene, not the form asked; 「毎月の保険料額情報を…受け取れるサービス…。…」: not a monthly figure)."""
    sentences = [x for x in _SENTENCE.split(norm) if x.strip()]
    at = next((i for i, x in enumerate(sentences) if focus and focus in x), len(sentences) - 1)
    first = at
    while first > 0 and (_REQUEST_END.search(sentences[first - 1]) or not _STATED.search(sentences[first - 1])):
        first -= 1
    return "".join(sentences[first:]) if sentences else norm


#: a sentence that states (ends in 。): a question mark ends one that asks (「何歳まで？所得制限はある？」), and so
#: does か。 (「在留外国人の納付率は何%か。最新の数値を問う」)
_STATED = re.compile(r"(?<!か)[。．]\s*$")
#: the end of a sentence
_SENTENCE = re.compile(r"(?<=[。．!！?？])")


def needs(norm: str, focus: str, bridged: Sequence[str] = ()) -> tuple[str, ...]:
    """Patterns the answer's span (with its headings) must match for the form the question asks; a rate's noun
    only from the clause asked in, ``focus`` (「納付率が低いとされる中、…事務所はいくつ」 does not ask the 納付率), or
    a rate the vocabulary bridge reads the question's words as, ``bridged`` (正解率 → 正答率)."""
    # a breakdown by X (言語別): the span says it by X (言語別) or says X not inside a longer word that merely
    # names the thing (多言語通訳 says no language)
    out = [rf"{re.escape(m.group(1)[-2:])}(?:別|ごと)|(?<![\u4e00-\u9fff]){re.escape(m.group(1)[-2:])}(?![\u4e00-\u9fff])"
           for m in _BREAKDOWN.finditer(norm)]
    change_rates = {m.end() for m in _CHANGE_RATE.finditer(focus)}
    read = [re.escape(b[-2:]) for b in bridged if _RATE_NOUN.fullmatch(b[-2:]) and b[-2] not in "比確効"]
    out += [_CHANGE_SAID if m.end() in change_rates else "|".join(dict.fromkeys([re.escape(m.group(0)), *read]))
            for m in _RATE_NOUN.finditer(focus) if m.group(1) not in "比確効"]
    # a rate named without 率 (運用利回り): only a span that says it gives it
    out += [m.group(0) for m in _RATE_WORD.finditer(focus)]
    # a standing that describes what is asked about (「全国ワーストが続いてきた沖縄県の…納付率はいくつ」) is context
    # … and a superlative over periods is computed from a series, which never says 最も (see :func:`extreme`)
    over = extreme(norm) is not None
    asked = asked_sentences(norm, focus)
    out += [need for asks, need in _FORMS
            if not (asks is _RANKING and over)
            and asks.search(_STANDING.sub("", HEARSAY.sub("", asked)) if asks is _RANKING else asked)]
    # two things compared (精神障害と身体障害で…違う): the span must speak of both
    for m in _COMPARED.finditer(norm):
        out += [re.escape(m.group(1)), re.escape(m.group(2))]
    # a count in a counter no answer type knows (何級, 何層, 何か国): the span must count in it
    out += [rf"\d\s*{re.escape(m.group(1))}" for m in _OTHER_COUNTER.finditer(norm) if m.group(1) not in _KNOWN_COUNTERS]
    return tuple(dict.fromkeys(out))


#: two things a question compares (AとBで…違う, AとBの差): each is named by the answer
_COMPARED = re.compile(r"([\u4e00-\u9fff\u30a1-\u30ff]{2,})と([\u4e00-\u9fff\u30a1-\u30ff]{2,})(?:で|の間で|では)"
                       r"[^。?？]{0,30}(?:違う|違い|差|異な)")


#: 何 + a counter
_OTHER_COUNTER = re.compile(r"何([\u4e00-\u9fff]|か国|カ国)(?![\u4e00-\u9fff])")
#: counters the answer types, units and forms already handle, and words that are not counters (何故, 何者)
_KNOWN_COUNTERS = set("人件社回名通台日分月年割歳倍点番語度故者等時枚種部")


#: words that ask for a change; and those that ask for the level even with a verb of change
_ASKS_CHANGE = re.compile(r"前年|前の年|(?:去年|昨年)(?:より|と比)|比べ|増え|減っ|増やし|減らし|増減|伸び|上がっ|下がっ"
                          # (改善, 削減 ending a compound name a thing: 業務改善の提案, コスト削減の取組)
                          r"|(?<![\u4e00-\u9fff\u30a1-\u30fa])(?:改善|削減)|悪化|増加|減少"
                          r"|上昇|低下|何ポイント|ふえ|へっ|ふやし|へらし|くらべ|あがっ|さがっ")
#: (まで after a date is when, not how far: 「令和7年9月末までに適用した…は、前年同期と比べて何人増減」 asks the change)
_ASKS_LEVEL = re.compile(r"どこまで|何[^\s、。?？!！に]{1,4}に(?!(?:比べ|対し|つい|関し|よ))|いくら\s*に|いくつ\s*に|になった"
                         r"|(?<![月末度日期年時点])まで")
#: words that ask a whole year's or a total figure; a month named (6月, not 9月末時点)
_ASKS_TOTAL = re.compile(r"年間|1年|一年|合計|全体|通年|トータル|累計|総|全部で|合わせ(?:て|ると|た)|あわせ(?:て|ると|た)|両方で")
_MONTH_IN_Q = re.compile(r"(?<![\d.])(?:1[0-2]|[1-9])\s*月(?!末時点)")
#: months from one to another (4月から9月): the sum over them, a total, not one month's figure
_MONTH_RANGE = re.compile(r"(?:1[0-2]|[1-9])\s*月?\s*(?:から|~|～|〜|-)\s*(?:1[0-2]|[1-9])\s*月")


#: how a figure moved or where it stands now: a quantity's noun, then どうなった (って: the spoken topic, 割合って
#: どうなった); or どのように推移 (a trend is figures)
_FIGURES_MOVED = re.compile(r"(?:数|額|率|割合)(?:は|が|と|って)[^。?？]{0,40}どうなっ|(?:どのように|どう)推移")
#: a sentence question word that asks a reason (どのような理由で, どんな原因)
_WHAT_REASON = re.compile(r"(?:どのような|どんな|どういう|何の)(?:理由|原因|要因|背景)")
#: question words that ask for a sentence (what, what kind, how): with one in the clause asked in, a figure's
#: noun in another clause is context (「金額の小さい随意契約でも…どのような工夫をしているか」 asks no amount)
_ASKS_SENTENCE = re.compile(r"どのような|どんな|どういう|どのように|何を|何が|何の(?=[\u4e00-\u9fff\u30a1-\u30ff])"
                            r"|何と(?:呼|言|い|称)|どう(?:し|す|な|い|やっ)"
                            # 「…追加されたのは何？」: a thing, not a figure (のは何％, のは何件 are figures)
                            r"|のは何(?=か|\?|？|。|$|です|でしょう|だ)")


#: 何 + a counter + も says "many", it asks nothing (「何時間も待つことがあると聞くが、…何拠点か」 asks a count)
_MANY = re.compile(r"何[\u4e00-\u9fff\u30a1-\u30ff]{0,3}も(?!の)")


def asked_outright(norm: str) -> str | None:
    """The type a question word names outright (何人, 何%, いつ), none for a type read from a noun (納付率)."""
    return _asked_type(_MANY.sub("", norm))


#: a figure's noun asked how it stands (「予約率の実績はどうなっているのか」, 「応答率ってどうなの」)
_NOUN_HOW = re.compile(r"(率|割合|件数|人数|者数|事業所数|回数|金額|額)(?:の(?:実績|状況|結果|水準|数字|数値))?"
                       r"(?:は|って|が)?[、,]?\s*(?:どうなって|どう(?:です|でした|だった|なの|か)|いかが)")
_NOUN_KINDS = {"率": "rate", "割合": "rate", "件数": "count", "人数": "count", "者数": "count", "事業所数": "count",
               "回数": "count", "金額": "amount", "額": "amount"}


#: how many people there are, asked without a counter: 「…人って今どれくらいいるの」, 「…者はどのくらいいますか」
_PEOPLE_HOW_MANY = re.compile(r"(?:人|者)(?:たち|達)?(?:って|は|が|も)?[^、。?？]{0,6}?(?:どれくらい|どのくらい|どれぐらい|どのぐらい|どれだけ)"
                              r"\s*(?:い[るまた]|存在)")


#: how much money, asked without 円 or 額: 「どれくらい戻ってくる」, 「どのくらいもらえる」, 「いくら還付」, 「どれくらい浮いた」
_MONEY_HOW_MUCH = re.compile(r"(?:どれくらい|どのくらい|どれぐらい|どのぐらい|どれだけ)\s*(?:の\s*お?金が?)?\s*"
                             r"(?:戻って|戻る|戻り|還付|返って|返還|もらえ|貰え|受け取れ|支払われ|払い戻|浮い)")


#: a question word that names no counter, and one that does (何件, 事業所数 …)
_BARE_HOW = re.compile(r"いくつ|どれくらい|どのくらい|どれぐらい|どのぐらい|どの程度")
_COUNTED = re.compile(rf"何(?:{'|'.join(_COUNTERS)})|(?:件|人|者|社|事業所|回)数")
#: the figure a clause names last, right before the clause asked in (…保険料収納率、)
_FIGURE_NOUN_BEFORE = re.compile(r"(率|割合|件数|人数|者数|事業所数|回数|金額|額)[はがって]*[、,]\s*$")


def answer_type(norm: str, focus: str) -> str | None:
    """The question word's type, else a noun of a type in the clause asked in, else anywhere (「納付率が低いとされる
    中、…年金事務所等はいくつ」 asks a count: the rate is context) unless the clause asked in asks for a sentence."""
    norm, focus = _MANY.sub("", norm), _MANY.sub("", focus)
    asked = _asked_type(norm)
    own = _asked_type(focus) if focus and focus in norm else None
    if asked and own and own != asked and not parts(norm):
        # a question word in a sentence of context before the one asked (「…紙はいつまで保管されるのか、ブログで話題に
        # なっていた。…何年保管したら廃棄できる？」 asks a duration): the sentence asked in says what is asked
        # — unless that sentence is a question of its own (「…何事業所か。また、なぜか」 asks both, the first first)
        head = norm[:norm.rfind(focus)]
        ends = [m.end() for m in re.finditer(r"[。!！]", head)]
        if ends and _asked_type(head[:ends[-1]]) == asked and not re.search(r"[かの]\s*。\s*$", head[:ends[-1]]) \
                and not re.search(r"[?？]", head):
            return own
    if asked and focus and focus in norm and not own and asked not in FIGURE_TYPES:
        # a headline's question before the one asked (「年金機構の電話、なぜつながりにくい？…応答率が最も低かった月の
        # 数値は」): the sentence asked in names its figure, and that is what is asked
        kind = next((kind for kind, pattern in ANSWER_TYPES
                     if kind in FIGURE_TYPES and _asks_kind(kind, pattern, focus)), None)
        if kind:
            return kind
    if asked:
        return asked
    how = _NOUN_HOW.search(focus)
    if how:
        # 「予約率の実績はどうなっているのか」: how a figure's noun stands asks that figure, not a sentence
        return _NOUN_KINDS[how.group(1)]
    if moved(norm):
        # 「事業所数と収納未済額は、…どうなったか」, 「…にかけてどのように推移したか」: the figures, not a sentence;
        # a figure's noun in the clause asked in first (「毎月の保険料額情報を…受け取れるサービス…。…利用事業所数は
        # どこまで伸びましたか」 asks a count: the 額 describes the service)
        return next((kind for text in (focus, norm) for kind, pattern in ANSWER_TYPES
                     if kind in FIGURE_TYPES and pattern.search(text)), "figure")
    # … unless the clause asked in names its own figure (「…保険料額情報…。…利用事業所数はどこまで伸びましたか」)
    named = any(kind in FIGURE_TYPES and kind != "figure" and _asks_kind(kind, pattern, focus)
                for kind, pattern in ANSWER_TYPES)
    earlier = _earlier_figure(norm, focus) if _ASKS_CHANGE.search(focus) and not named else None
    if earlier:
        # 「収納率は直近でどのくらい？前年の同じ月と比べてどうなったか」: the follow-up asks how the figure asked
        # before moved, a figure too
        return earlier
    if _ASKS_SENTENCE.search(focus):
        # a sentence asked for: a figure's noun beside it (年金額はどのように決まる) is what it is about, and so is a
        # reason's (「取れる理由が変わったけど何が変わったの」 asks what changed), unless the question word asks it
        # (どのような理由で)
        return next((kind for kind, pattern in ANSWER_TYPES if kind not in FIGURE_TYPES and pattern.search(focus)
                     and (kind != "reason" or _WHAT_REASON.search(focus))), None)
    kind = next((kind for kind, pattern in ANSWER_TYPES if _asks_kind(kind, pattern, focus)), None) \
        or next((kind for kind, pattern in ANSWER_TYPES if _asks_kind(kind, pattern, norm)), None)
    if kind == "figure" and _PEOPLE_HOW_MANY.search(norm):
        return "count"  # 「免除されてる人って今どれくらいいるの」: how many people
    if kind == "figure" and _MONEY_HOW_MUCH.search(norm):
        return "amount"  # 「還付される所得税は、どれくらい戻ってきますか」: how much money
    if kind in ("count", "figure") and _BARE_HOW.search(focus) and not _COUNTED.search(focus):
        # 「船員保険の保険料収納率、令和7年9月はいくつ？」: a bare いくつ asks the figure the clause before names
        before = norm[: norm.rfind(focus)] if focus in norm else ""
        named = _FIGURE_NOUN_BEFORE.search(before)
        if named:
            return _NOUN_KINDS[named.group(1)]
    return kind


def _asks_kind(kind: str, pattern: re.Pattern, text: str) -> bool:
    """Whether ``text`` says a word of the type; an amount's noun only other than as a noun naming the next one
    (「年金額のお知らせはがきで…呼びかけた件数は」: 年金額 names the letter, the count is asked)."""
    if kind != "amount":
        return bool(pattern.search(text))
    return any(text[m.end(): m.end() + 1] != "の" for m in pattern.finditer(text))


def _earlier_figure(norm: str, focus: str) -> str | None:
    """The figure type an earlier question of several asks (「収納率は直近でどのくらい？」), None when none does;
    a statement before the question asks nothing."""
    for x in _QUESTION_END.split(norm):
        # a question, not a statement setting the scene (「社会保険料額情報を…受け取れるサービスは…そうですね。」)
        if x.strip() and focus not in x and not (_STATED.search(x) and not _REQUEST_END.search(x)):
            kind = _asked_type(x) or next((k for k, p in ANSWER_TYPES if p.search(x)), None)
            if kind in FIGURE_TYPES:
                return kind
    return None


def change(norm: str, focus: str) -> bool:
    """A change asked in the clause asked in (「上昇が続いているが、…9月末時点で何％か」 asks the level). A level asked
    with a question word, then a comparison asked without one (「収納率はどのくらいですか。前年同期より改善して
    いますか」, 「…はいくつ？前の年と比べてどうか」) asks the level first: the change is the follow-up."""
    focus = _CHANGE_AS_CAUSE.sub(" ", focus)
    # (a level's words in a sentence that sets the scene, 「予約が1か月先まで埋まっていると言われました。」, ask nothing)
    if not _ASKS_CHANGE.search(focus) or _ASKS_LEVEL.search(asked_sentences(norm, focus)):
        return False
    clauses_ = [x for x in re.split(r"[、,]", focus) if x.strip()]
    if (len(clauses_) >= 2 and asks_figure(clauses_[-1]) and not _ASKS_CHANGE.search(clauses_[-1])
            and not _BARE_HOW_MUCH.match(clauses_[-1])
            and not any(asks_figure(x) for x in clauses_[:-1] if _ASKS_CHANGE.search(x))):
        # a change asked yes or no, then a figure (「最近は減ってきてるの？令和6年度は何人？」): the level is asked;
        # a bare how-much after it (「去年より減ったの？どれくらい？」) asks the size of that change
        return False
    ended = _LEVEL_THEN.search(focus)
    if ended and not _ASKS_CHANGE.search(focus[: ended.start()]) and not _HOW_MUCH.search(focus[ended.end():]):
        # a figure asked whose clause ends before the comparison (「月平均何時間で去年より減ったの」, 「何%で前年同期
        # より改善したか」): the level is asked, the change only confirmed
        return False
    before = norm[: norm.rfind(focus)] if focus and focus in norm else ""
    # (「何ポイント上昇し、全国平均と比べてどうだったか」: the first clause asks a change too, and so does the question)
    return not (asks_figure(before) and not _ASKS_CHANGE.search(before) and not asks_figure(focus))


#: a change named as what a step answers (「来年度の相談の増加に備えて…いくつ確保」, 「請求の増加を踏まえ」): the
#: step is asked about, not the change
_CHANGE_AS_CAUSE = re.compile(r"(?:増加|減少|上昇|低下|改善|悪化|増え[るた]?|減[るっ]た?)(?:の|する|した)?"
                              r"(?:に備え|を見据え|を踏まえ|を受け|に伴|に対応|に向け|のため)")


#: a how-much with nothing of its own to measure (「…減ったの？どれくらい？」): it asks about what came before it
_BARE_HOW_MUCH = re.compile(r"\s*(?:で|では|それで|じゃあ)?\s*(?:どれ|どの|ど|如何|いか)(?:くらい|ぐらい|位|ほど|程|だけ)"
                            r"\s*(?:なの|なん|です|ですか|か|だ|\?|？|!|！|\s)*$")
#: a figure's question word ending its clause with で (何時間で, 何%で、): what follows says more of it
_LEVEL_THEN = re.compile(r"何[^\s、。?？!！で]{0,4}で[、,\s]?|(?:いくら|いくつ)で[、,\s]?")
#: question words that ask for a figure without naming its kind
_HOW_MUCH = re.compile(r"どれくらい|どれぐらい|どのくらい|どのぐらい|どの程度|どれだけ|どれほど|いくつ")


def asks_figure(text: str) -> bool:
    """A question word asking a figure (何％, 何件, いくら, どのくらい), not a figure's noun (収納率)."""
    return _asked_type(text) in FIGURE_TYPES or bool(_HOW_MUCH.search(text))


def month(norm: str, periods: Sequence[Period]) -> bool:
    """A month named (6月, 令和7年9月), not months from one to another."""
    return any(p.month is not None for p in periods) or bool(_MONTH_IN_Q.search(_MONTH_RANGE.sub("", norm)))


def moved(norm: str) -> bool:
    """How figures moved, or where they stand now, asked (「…にかけてどのように推移したか」, 「事業所数は…どうなったか」):
    of a series, its last figure answers."""
    return bool(_FIGURES_MOVED.search(norm))


#: words that ask a year's closing figure (年度末で, 最終的に, 確定値): of a year not over, no interim month's
#: figure answers (令和7年9月末 is not 令和7年度末); 前年度末 names the year before, which is over
_ASKS_CLOSING = re.compile(r"(?<![前昨])年度末|最終的|最終(?:値|実績|結果)|確定(?:値|実績|し)|通期|年度を通じ|年度全体")


#: a personal choice weighed (どちらで受け取るのがトクか, 入ったほうが得, 何歳を超えると得になる, 損益分岐点): advice
#: on one's own pension, which a report on the service's work never gives
_ADVICE = re.compile(r"(?:どっち|どちら|どれ|いつ|何歳)\s*(?:が|で|から)[^。?？]{0,12}?(?:お?得|トク|損|有利|お?とく|そん)"
                     r"|(?:のが|ほうが|方が)(?:お?得|トク|有利|損)|お?得にな[るり]|得する|トクにな[るり]|トクする"
                     r"|損益分岐|損(?:を)?しない|有利にな[るり]"
                     # … typed in kana, which the reading of the report's words leaves as typed (とく に なる)
                     r"|(?<![^\s、,])(?:お?とく\s*(?:に\s*な[るり]|する|なの|です(?:か|よね)?[?？]|[?？])|そん\s*(?:を\s*)?(?:しない|する))"
                     r"|そんえきぶんき"
                     # … and its break-even point: recovering what one paid (元が取れる, もとをとる; not 地元が取り組む), or how
                     # long one must live for a choice to pay (何歳まで生きれば)
                     r"|(?<![\u4e00-\u9fff])(?:元|もと)\s*(?:が|を|は)\s*(?:取|と)(?:れ|る|ろ)|(?:何歳|なんさい)\s*まで\s*(?:生き|いき)れば")


def advice(norm: str) -> bool:
    """Advice on a personal choice asked (「何歳からもらい始めるのが一番トクなの」)."""
    return bool(_ADVICE.search(norm))


def closing(norm: str) -> bool:
    """A year's closing figure asked (「年度末の時点で最終的に何%になったか」)."""
    return bool(_ASKS_CLOSING.search(norm))


#: the same time a year before, asked as what is asked of (「昨年同時期は何%」, 「去年の おなじころは」, 「前年同期の
#: 実施回数は何回」), not compared against (昨年同時期と比べて, 前年同期より)
_ASKS_EARLIER = re.compile(r"(?:昨年|去年|前年)(?:度)?\s*(?:の)?\s*(?:同時期|同期|同じ\s*(?:ころ|頃|時期)|おなじ\s*(?:ころ|じき))"
                           r"\s*(?:は|だと|では|には|に|の(?:数字|値|割合|率|実績)|って"
                           r"|の(?:(?!比|くら|より)[^、。？?!！]){1,12}?(?:は|って)\s*(?=何|なん|いくら|いくつ|どれ|どの))(?!\s*(?:比べ|くらべ))")


def earlier(norm: str) -> bool:
    """The figure of the same time a year before asked (「女性管理職比率は昨年同時期は何%だった」): the report gives
    it beside the latest (19.4%（昨年同時期17.5%）), as the baseline."""
    return bool(_ASKS_EARLIER.search(norm))


def total(norm: str) -> bool:
    """A year's or a whole total asked (年間, 合計, 累計, 4月から9月)."""
    return bool(_ASKS_TOTAL.search(norm) or _MONTH_RANGE.search(norm))


#: where a question names a whole before the part it asks (「点検対象のうち何件が支給に」)
_WHOLE_NAMED = re.compile(r"の?うち[、,]?")


def beyond_whole(clause: str) -> str:
    """The clause asked in, less a whole it names before the part it asks (「点検対象のうち何件が支給に変更」 →
    何件が支給に変更)."""
    return _WHOLE_NAMED.split(clause)[-1]


#: a part of a whole asked: 「Xのうち、Yは何件」, 「Y単独の」, 「Y単体の」, 「Yだけの」, 「Yだけに限ると」, 「Yに限れば」 (Y names the part)
_PART = re.compile(r"のうち[、,]?(?P<sub>[^、。?？!！]*?)(?:は|が|の)?(?:何|いくら|どれ|どの)"
                   # … or the word right before 単独 / だけ (not what glosses it: 「自営業や学生など国民年金だけ」 → 国民年金)
                   r"|(?P<sub2>(?:(?!など|(?<=な)ど)[^、。?？!！\sのやとがはをにで]){2,})(?:(?:単独|単体|だけ|のみ)(?:の|で|は|に|だと)|に限(?:ると|れば|って|った|定))")


#: what follows 「Xだけで」 when X is a part asked about (「東京だけで何件」, 「ネットだけで、いくら」), not a means
#: a verb follows (「ネットだけで見る人」)
_ASKED_AFTER_MEANS = re.compile(r"[、,\s]*(?:何|いくら|どれ|どの|どう|合計|計|約|\d)")
#: a period said before だけ (「今年度の上半期だけで」, 「9月だけで」): the time the figure is of, not a part of a whole
_PERIOD_ONLY = re.compile(r"(?:上半期|下半期|上期|下期|半期|四半期|半年|年度|月|月末|年|今年|今月|昨年|去年|前年|同期)$")


def part(norm: str) -> str:
    """The words naming the part of a whole a question asks about (「198件のうち、年金給付に関するものは何件」 →
    年金給付に関するもの), or ""."""
    m = _PART.search(norm)
    if m and m.group("sub2") and _PERIOD_ONLY.search(m.group("sub2")):
        return ""
    if m and m.group("sub2") and m.group(0).endswith("で") and not _ASKED_AFTER_MEANS.match(norm, m.end()):
        return ""  # a means (「ネットだけで見る人」, 「自動音声だけで頼める」): how, not a part of a whole
    return (m.group("sub") or m.group("sub2") or "") if m else ""

