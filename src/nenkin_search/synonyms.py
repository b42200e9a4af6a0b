"""The vocabulary bridge: everyday words people ask with → the words the report uses.

Rules are in the Solr / Elasticsearch ``synonyms.txt`` format (``a, b, c`` equivalent; ``a, b => c, d``
one way), shipped in ``data/synonyms.txt`` and extendable with the user's own files (``--synonyms``).
A rule fires when one of its terms occurs in the question's NFKC text (lower-cased; Latin terms only as
whole words); its other terms are added to the question as *expansions*, which search weighs below the
question's own words (``Settings.synonym_weight``). Why substrings, not tokens: everyday phrases
(ネットで手続き, 給料からの天引き) cut across MeCab's words, and people type them in many spellings.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from .errors import QueryError
from .text import JA_SPACE

BUNDLED = "synonyms.txt"


@dataclass(frozen=True)
class Rule:
    match: tuple[str, ...]  # terms that fire the rule (normalised)
    add: tuple[str, ...]  # terms added when it fires
    line: str  # source file:line, for --explain and errors


#: spoken contractions of the progressive (払ってる, 払ってない, 休んでた): 払っている said as people speak
_CONTRACTED = re.compile(r"([てで])(る|た|ない|ます|ました|なかった)")


#: a share of people asked by its question word, after what they do (払ってる人って いま何パーセント, 免除の人は何割):
#: said as a rule says it, 〜人の割合
_SHARE_ASKED = re.compile(r"(?<=[人者])(?:って|は|の|が)?(?:今|いま|現在|実際|実際は|ほんとは|本当は)?"
                          r"(?:何%|何パーセント|何パー|何割|の?割合|の?比率)")


#: the past and adverbial forms of the adjectives of ease a verb takes (取りにくかった, 分かりづらく, 使いやすかった):
#: said in their dictionary form (取りにくい), the one a rule names
_EASE = re.compile(r"(?<=[\u3040-\u309f\u4e00-\u9fff])(にく|づら|やす)(?:かった|くて|く)")


def _norm(term: str) -> str:
    """NFKC, lower case, and no spaces between Japanese characters: a kana question read back word by word (全部
    免除) or keywords typed apart (ネットで 手続き) say the phrase a rule names as much as when written together;
    the progressive uncontracted (払ってる人の割合 → 払っている人の割合), an adjective of ease in its dictionary
    form (予約が取りにくかった → 予約が取りにくい) and a share of people asked by its question word (払ってる人って
    いま何パーセント → 払っている人の割合), in rules and questions alike."""
    key = _CONTRACTED.sub(r"\1い\2", JA_SPACE.sub("", unicodedata.normalize("NFKC", term).strip().lower()))
    return _SHARE_ASKED.sub("の割合", _EASE.sub(r"\1い", key))



def parse(text: str, source: str = "<synonyms>") -> tuple[Rule, ...]:
    """Rules of one synonyms file; a malformed line raises :class:`QueryError` naming the file and line."""
    rules = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source}:{n}"
        if line.count("=>") > 1:
            raise QueryError(f"{where}: more than one '=>' in a synonym rule")
        if "=>" in line:
            left, right = (tuple(t for t in (_norm(x) for x in side.split(",")) if t) for side in line.split("=>"))
            if not left or not right:
                raise QueryError(f"{where}: a one-way rule needs terms on both sides of '=>'")
            rules.append(Rule(left, right, where))
        else:
            terms = tuple(t for t in (_norm(x) for x in line.split(",")) if t)
            if len(terms) < 2:
                raise QueryError(f"{where}: an equivalence needs at least two terms separated by ','")
            rules.append(Rule(terms, terms, where))
    return tuple(rules)


@dataclass(frozen=True)
class Synonyms:
    rules: tuple[Rule, ...]

    def expand(self, text: str) -> tuple[str, ...]:
        """Terms to add for ``text``: those of every rule that fires, minus what the text already says."""
        added: dict[str, None] = {}
        key = _norm(text)
        for rule in self.fired(text):
            added.update((term, None) for term in rule.add if not (term in key and _said(term, rule, key)))
        return tuple(added)

    def read(self, text: str) -> tuple[str, ...]:
        """The question's own terms the rules that fire read as report words (育休, 男の人): what the bridge
        covers when a passage says the words it adds."""
        key = _norm(text)
        return tuple(dict.fromkeys(t for rule in self.fired(text) if rule.match != rule.add
                                   for t in rule.match if _occurs(t, key)))

    def renames(self, text: str) -> tuple[tuple[str, str], ...]:
        """(everyday word, report word) of the one-way rules that fire with one report word (男の人 → 男性): where
        the question says the report's word in its own (a contrast asked, 女の人's rate, is 女性's)."""
        key = _norm(text)
        return tuple(dict.fromkeys((t, rule.add[0]) for rule in self.fired(text)
                                   if rule.match != rule.add and len(rule.add) == 1
                                   for t in rule.match if _occurs(t, key)))

    def fired(self, text: str) -> list[Rule]:
        """Rules whose terms occur in ``text``, except one-way rules whose added words are already there; a term
        only inside a longer term another rule matches does not fire its rule (longest match, as Solr's filter:
        スマホ決済 is a payment, not the スマホ of ネットで手続き)."""
        key = _norm(text)
        hit = [r for r in self.rules if any(_occurs(t, key) for t in r.match)]
        longer = [(m.start(), m.end()) for r in hit for t in r.match if not t.isascii()
                  for m in re.finditer(re.escape(t), key)]

        def free(t: str, r: Rule) -> bool:
            if t.isascii():
                return _occurs(t, key)
            return any(not any(a <= m.start() and m.end() <= b and b - a > len(t) for a, b in longer)
                       for m in re.finditer(re.escape(t), key))

        return [r for r in hit if any(free(t, r) for t in r.match)
                and (r.match == r.add or not any(_said(t, r, key) for t in r.add))]


def _said(term: str, rule: Rule, key: str) -> bool:
    """Whether the report word ``term`` of a one-way rule is said in ``key`` on its own, not only as a piece of
    one of the rule's everyday words (差押 inside 差押え: 「差押えを受けた事業所」 is bridged to 差押事業所数 like
    「差し押さえを受けた」; 年次有給休暇 holding the everyday 有給 is the report word said), nor only negated (未回答者
    says no 回答: 「未回答者に送って返事があったのは」 still asks the 回答)."""
    if rule.match == rule.add or term.isascii() or term not in key:
        return _occurs(term, key)
    inside = [(m.start(), m.end()) for w in rule.match if len(w) > len(term) and term in w
              for m in re.finditer(re.escape(w), key)]
    return any(not any(a <= f.start() and f.end() <= b for a, b in inside) and not _NEGATED.search(key, 0, f.start())
               for f in re.finditer(re.escape(term), key))


#: a prefix that negates the word after it (未回答, 不支給, 非課税, 無年金)
_NEGATED = re.compile(r"[未不非無]$")


def _occurs(term: str, key: str) -> bool:
    if term.isascii():  # Latin words (AI, HP, web) only as whole words, not inside others
        return re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", key) is not None
    return term in key


@lru_cache(maxsize=8)
def load(paths: tuple[str, ...] = ()) -> Synonyms:
    """The bundled rules plus the rules of each file in ``paths`` (a missing file is a :class:`QueryError`)."""
    rules = list(parse(files("nenkin_search").joinpath("data", BUNDLED).read_text(encoding="utf-8"), BUNDLED))
    for p in paths:
        path = Path(p)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read the synonyms file {path}: {getattr(exc, 'strerror', None) or exc}") from None
        rules.extend(parse(text, str(path)))
    return Synonyms(tuple(rules))
