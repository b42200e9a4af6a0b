"""Old character forms (旧字体) read as today's (新字体): 客觀性 is 客観性, 確實 is 確実.

Why: the report's PDF text keeps a few old forms (客觀性, 確實, 入電數), which NFKC does not fold (they are
characters of their own, not compatibility variants). A question typed with today's forms would miss them, and
MeCab splits an old form it does not know. Every mapping is one character to one, so positions in a text are
unchanged and the text shown can keep the report's own characters.
"""
from __future__ import annotations

_OLD = ("亞惡壓圍醫爲壹隱營榮衞驛圓鹽應歐毆櫻假價畫會壞懷繪擴殼覺學嶽樂勸卷寬歡觀關陷顏歸氣僞戲犧舊據擧峽挾狹"
        "曉區驅勳薰徑惠揭溪經繼莖螢輕鷄藝缺儉劍圈檢權獻硏險顯驗嚴效廣恆黃國黑碎雜參慘棧蠶贊殘絲齒兒辭濕實寫"
        "釋壽收從澁獸縱肅處緖敍將稱燒證奬條狀乘淨剩疊孃讓釀觸寢愼眞盡圖粹醉穗隨髓數樞聲靜齊攝竊專戰淺潛纖"
        "踐錢禪雙壯搜插莊裝總聰臟藏屬續墮體對帶滯臺瀧擇澤擔膽團彈斷癡遲晝蟲鑄廳聽鎭遞鐵轉點傳黨盜燈當鬪德"
        "獨讀屆貳惱腦霸廢拜賣麥發髮拔蠻祕濱甁拂佛竝變邊辨瓣辯舖步寶豐沒飜萬滿默譯藥與豫餘譽搖樣謠來賴亂覽"
        "兩獵綠壘淚勵禮隸靈齡戀爐勞樓祿錄灣")
_NEW = ("亜悪圧囲医為壱隠営栄衛駅円塩応欧殴桜仮価画会壊懐絵拡殻覚学岳楽勧巻寛歓観関陥顔帰気偽戯犠旧拠挙峡挟狭"
        "暁区駆勲薫径恵掲渓経継茎蛍軽鶏芸欠倹剣圏検権献研険顕験厳効広恒黄国黒砕雑参惨桟蚕賛残糸歯児辞湿実写"
        "釈寿収従渋獣縦粛処緒叙将称焼証奨条状乗浄剰畳嬢譲醸触寝慎真尽図粋酔穂随髄数枢声静斉摂窃専戦浅潜繊"
        "践銭禅双壮捜挿荘装総聡臓蔵属続堕体対帯滞台滝択沢担胆団弾断痴遅昼虫鋳庁聴鎮逓鉄転点伝党盗灯当闘徳"
        "独読届弐悩脳覇廃拝売麦発髪抜蛮秘浜瓶払仏並変辺弁弁弁舗歩宝豊没翻万満黙訳薬与予余誉揺様謡来頼乱覧"
        "両猟緑塁涙励礼隷霊齢恋炉労楼禄録湾")
assert len(_OLD) == len(_NEW), (len(_OLD), len(_NEW))
_TABLE = str.maketrans(_OLD, _NEW)


def modern(text: str) -> str:
    """``text`` with old character forms replaced by today's, one character for one (客觀性 → 客観性)."""
    return text.translate(_TABLE)
