"""The front door: one place that resolves locations and settings, owns the loaded index, and serves
``search``, ``ask``, ``build`` and ``passages`` to the CLI, notebooks, the eval and the benchmark.

The pipeline is pushed from the corpus end, each step a typed value::

    report.parse(file) → chunk.passages(report) → index.build(passages, embedder, dir, fingerprint)
    query.analyse(text) → Searcher.search(query) → answer.answer(query, hits)

An index is *fresh* when its fingerprint (corpus bytes, parsing/analysis code,
index settings, model) equals the current one; otherwise it is rebuilt on first use
(or refused with ``build=False``). One :class:`Engine` per (locations, settings) is
kept per process, so a notebook pays the load once.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

from . import fields as fields_mod
from . import index as index_mod
from . import locations as loc_mod
from . import periods, query as query_mod
from . import synonyms as synonyms_mod
from . import text as text_mod
from . import typos
from .answer import Answer, Idf, answer
from .chunk import Passage, corpus_passages
from .errors import IndexError_, QueryError
from .locations import Locations
from .measures import Measures
from .query import Query
from .report import REFERENCE, parse
from .search import Hit, Searcher
from .settings import DEFAULT, Settings
from .signals import for_index

PathLike = str | os.PathLike | None
Log = Callable[[str], None]

#: the modules that decide what is indexed: a change to any of them makes older indexes stale
CONTENT_MODULES = ("text.py", "tables.py", "report.py", "chunk.py", "fields.py", "figures.py", "periods.py", "glyphs.py")


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def content_code_sha256() -> str:
    """Hash of the parsing, chunking and analysis code, so a changed parser never serves old passages."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in CONTENT_MODULES:
        h.update((here / name).read_bytes())
    return h.hexdigest()


def corpus_sha256(files: list[Path]) -> str:
    """One hash over every report file's name and bytes."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def dense_text(p: Passage, settings: Settings = DEFAULT) -> str:
    """What the embedding model reads: the passage, after its context where ``settings.dense_context`` says
    (a table row alone often never says what it counts; that is in its table's title and lead-in)."""
    if settings.dense_context == "all" or settings.dense_context == "tables" and p.kind == "table":
        return f"{p.context}\n{p.text}"
    if settings.dense_context == "reference" and p.kind == "table" and p.citation.section == REFERENCE:
        c = p.citation
        subject = " ".join(dict.fromkeys(x for x in (c.policy, c.table) if x and x not in p.text))
        return f"{subject}\n{p.text}" if subject else p.text
    return p.text


def _embedder(loc: Locations):
    from .embed import Embedder

    return Embedder(loc.model) if loc.model else Embedder()


def fingerprint(loc: Locations, embedder, settings: Settings) -> dict:
    """What an index is built from; an index whose fingerprint differs is stale."""
    files = loc.report_files()
    return {
        "corpus_sha256": corpus_sha256(files),
        "reports": [f.stem for f in files],
        "content_code_sha256": content_code_sha256(),
        "index_settings": settings.index_digest(),
        "model_id": embedder.model_id,
        "model_files": embedder.files_fingerprint,
    }


def stale_reason(stored: dict, loc: Locations, embedder, settings: Settings) -> str | None:
    """Why an index with fingerprint ``stored`` cannot serve these locations and settings (None: it can)."""
    now = fingerprint(loc, embedder, settings)
    for key, why in (("corpus_sha256", "the corpus changed"), ("content_code_sha256", "the parser changed"),
                     ("index_settings", "the index settings changed"), ("model_id", "the model changed")):
        if stored.get(key) != now[key]:
            return f"{why} since the index was built"
    if stored.get("model_files") != now["model_files"] and stored.get("model_weights_sha256") != embedder.weights_sha256:
        return "the model weights changed since the index was built"  # the cheap check moved: compare real hashes
    return None


def _build(loc: Locations, embedder, settings: Settings, log: Log, progress: bool | None) -> index_mod.Index:
    started = time.perf_counter()
    files = loc.report_files()
    reports = [parse(f) for f in files]
    passages = corpus_passages(reports, settings)
    log(f"nenkin: building the index: {len(passages)} passages from {len(files)} report(s) in {loc.corpus} …")
    fp = fingerprint(loc, embedder, settings) | {"model_weights_sha256": embedder.weights_sha256}
    idx = index_mod.build(
        passages, embedder, loc.index, fp,
        fields=[fields_mod.get(n) for n in settings.lexical_fields], dense_text=lambda p: dense_text(p, settings),
        bm25=(settings.bm25_k1, settings.bm25_b), meta={"editions": {r.name: r.edition for r in reports}},
        progress=sys.stderr.isatty() if progress is None else progress,
    )
    log(f"nenkin: index built in {time.perf_counter() - started:.1f} s → {idx.path}")
    return idx


def _open_or_build(loc: Locations, embedder, settings: Settings, *, build: bool, force: bool, log: Log,
                   progress: bool | None = None) -> index_mod.Index:
    """The published index when fresh and intact; else built (under the lock), or refused (exit 4)."""

    def usable() -> tuple[index_mod.Index | None, str, bool]:
        """(index, why not, damaged)."""
        try:
            idx = index_mod.open_current(loc.index)
        except index_mod.CorruptIndex as exc:
            return None, str(exc), True
        if idx is None:
            return None, f"no index in {loc.index}", False
        why = stale_reason(idx.fingerprint, loc, embedder, settings)
        return (None, why, False) if why else (idx, "", False)

    if not force:
        idx, why, damaged = usable()
        if idx is not None:
            return idx
        if not build:
            raise IndexError_(f"index not usable: {why}; run `nenkin build{' --force' if damaged else ''}`")
        log(f"nenkin: {why}; building the index …")
    from filelock import Timeout

    try:
        with index_mod.lock(loc.index):
            if not force:
                idx, _, _ = usable()  # another process may have built it while we waited
                if idx is not None:
                    return idx
            return _build(loc, embedder, settings, log, progress)
    except Timeout:
        raise IndexError_(f"another build holds {loc.index / index_mod.LOCK} for over 10 minutes") from None
    except OSError as exc:
        raise IndexError_(f"cannot lock or write {loc.index}: {exc.strerror or exc}") from None


#: the kinds of a benefit or a relief (年金, 保護, 給付, 控除, 手当): a scheme of its own, unlike a fee or a form
_BENEFIT_KIND = re.compile(r"年金|保護|給付金?|控除|手当金?|基金|積立金")


class Engine:
    """A loaded index with its searcher and answerer, for one set of locations and settings."""

    def __init__(self, loc: Locations, settings: Settings = DEFAULT, *, build: bool = True,
                 log: Log = _stderr, synonyms: tuple[str, ...] = ()) -> None:
        self.locations, self.settings = loc, settings
        self.synonyms = synonyms_mod.load(tuple(str(p) for p in synonyms))
        self._lexicon: dict[str, str] | None = None
        self._vocabulary: typos.Vocabulary | None = None
        self.embedder = _embedder(loc)
        self.index = _open_or_build(loc, self.embedder, settings, build=build, force=False, log=log)
        self.searcher = Searcher(self.index.passages, for_index(self.index, self.embedder, settings), settings)
        self.editions = tuple(self._editions())
        self.measures = Measures(self.index.passages)
        lemma = self.index.lexical.get("lemma")
        self._idf = Idf(len(self.index), lemma.doc_freq if lemma else (lambda _t: 0))

    def _editions(self):
        """The fiscal year each report is about (令和7年度), as recorded at build time."""
        for ed in (self.index.manifest.get("meta") or {}).get("editions", {}).values():
            yield from periods.find(ed or "")

    @property
    def passages(self) -> list[Passage]:
        return self.index.passages

    def lexicon(self) -> dict[str, str]:
        """Reading → the commonest word with that reading in the indexed text; built on first use (a kana
        question, or a scheme the index never saw: is it a typo of one it did?), so other questions never pay."""
        if self._lexicon is None:
            counts: Counter = Counter(pair for p in self.passages for pair in text_mod.readings(p.index_text))
            lex: dict[str, str] = {}
            for (kana, word), _ in counts.most_common():
                lex.setdefault(kana, word)
            # … then the everyday words the vocabulary bridge reads (民間, 会社, 天引き): a kana question says
            # them as often as the report's, and only written in kanji do they reach the bridge
            for rule in self.synonyms.rules:
                for term in rule.match:
                    for kana, word in text_mod.readings(term):
                        lex.setdefault(kana, word)
            self._lexicon = lex
        return self._lexicon

    def repair(self, norm: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        """A question's typos read back into the indexed text's words (:mod:`nenkin_search.typos`); the text's
        runs of kanji are gathered on first use (about 10 ms)."""
        if self._vocabulary is None:
            self._vocabulary = typos.Vocabulary(text_mod.normalize(p.index_text) for p in self.passages)
        return self._vocabulary.repair(norm)

    def clear_caches(self) -> None:
        """Forget memoised tokens, readings and query vectors, so a repeated question costs what a new one does."""
        text_mod.clear_caches()
        for signal in self.searcher.signals.values():
            clear = getattr(signal, "clear", None)
            if clear is not None:
                clear()

    def analyse(self, text: str | Query) -> Query:
        if isinstance(text, Query):
            return text
        return query_mod.analyse(text, self.settings, editions=self.editions, field_names=list(self.index.lexical),
                                 synonyms=self.synonyms, lexicon=self.lexicon, known_term=self.known_term,
                                 repair=self.repair if self.settings.typo_repair else None,
                                 known_word=lambda t: self._idf.df(t) > 0)

    def known_term(self, term: str) -> bool:
        """Whether the indexed text speaks of a scheme or Latin-letter name a question names (介護保険料, iDeCo →
        no): the words that set it apart, before its kind (保険料, 手当, 制度, 年金 …), are the report's, or it
        reads as a word of the report (生涯年金, 障碍年金: typed for 障害年金); a form one character off one the
        report names (資格習得届 for 資格取得届) is a slip, not another form; and a scheme the vocabulary bridge reads as
        the report's words (老齢基礎年金 → 老齢年金) is the report's subject. (Not a scheme: 遣族年金 read as 遺族年金
        answered a tune near-miss on its claims with another table's count.)"""
        if query_mod.SCHEME.fullmatch(term) and term in self.synonyms.read(term):
            return True  # the bridge reads it as the report's (老齢基礎年金 → 老齢年金): a subject of the report's
        head = query_mod.scheme_head(term)
        lemma = fields_mod.get("lemma")
        # a kind the report never names (国民年金基金, 年金積立金: no 基金 anywhere) is no scheme of its own
        kind_known = all(self._idf.df(t) > 0 for t in lemma.analyze(term[len(head):]))
        # (a form's name is known by its words, not their pair compounds: 「年金受給権者死亡届」 is the report's
        # 死亡届 of the 年金受給権者; a scheme's pairs set it apart, 国民健康保険 is no 国民 + 健康 the report says)
        tokens = text_mod.words(head) if query_mod.is_form(term) else lemma.analyze(head)
        if kind_known and (not tokens or all(self._idf.df(t) > 0 for t in tokens)) and not self._other_benefit(term, head):
            return True
        if text_mod.reading(term).replace(" ", "") in self.lexicon():
            return True
        self.repair("")  # the indexed text's vocabulary, gathered once
        text = self._vocabulary.text
        return query_mod.is_form(term) and len(term) >= 4 and any(
            re.search(re.escape(term[:i]) + r"[\u4e00-\u9fff]" + re.escape(term[i + 1:]), text) for i in range(len(term)))

    def _other_benefit(self, term: str, head: str) -> bool:
        """A benefit named by one everyday word and its kind (企業年金, 生活保護, 退職給付, 全部控除) that the indexed
        text never says as one: each word is the report's (企業, 生活 are), the benefit is not. Tune: 17 off-topic
        questions named one, no answerable one did (those name the report's schemes, 国民年金制度, or forms)."""
        if not _BENEFIT_KIND.fullmatch(term[len(head):]) or len(text_mod.words(head)) != 1:
            return False
        self.repair("")  # the indexed text's vocabulary, gathered once
        return text_mod.match_key(term) not in self._vocabulary.text

    def search(self, query: str | Query, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        return self.searcher.search(self.analyse(query), k=k, mode=mode)

    def ask(self, query: str | Query, k: int = 5, mode: str = "hybrid") -> Answer:
        q = self.analyse(query)
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise QueryError("k must be a positive whole number")
        hits = self.searcher.search(q, k=max(k, 5), mode=mode, for_answer=True)
        return answer(q, hits, self._idf, self.settings, k=k, mode=mode, similarity=self.similarity(q, mode),
                      measures=self.measures)

    def similarity(self, query: Query, mode: str = "hybrid") -> Callable[[str], float | None] | None:
        """How close a text's best indexed sentence is to the question (cosine of e5 vectors), for answers to
        choose among a passage's sentences; None in lexical mode, which runs without the model."""
        dense = self.searcher.signals.get("dense")
        if dense is None or mode == "lexical":
            return None
        vec = dense.query_vector(query).reshape(-1)
        return lambda text: self.index.similarity(vec, text)


_engines: dict[tuple, Engine] = {}
_lock = threading.Lock()


def engine(corpus: PathLike = None, index: PathLike = None, model: PathLike = None, *,
           settings: Settings = DEFAULT, build: bool = True, log: Log = _stderr,
           synonyms: Sequence[PathLike] = ()) -> Engine:
    """The process-wide engine for these locations, settings and extra synonym files (loaded, or built, on
    first use)."""
    loc = loc_mod.resolve(corpus, index, model)
    extra = tuple(str(Path(p).expanduser().resolve()) for p in synonyms if p)
    synonyms_mod.load(extra)  # a bad synonyms file fails before any index work
    key = (loc, settings.digest(), extra)
    with _lock:
        eng = _engines.get(key)
        if eng is None:
            eng = _engines[key] = Engine(loc, settings, build=build, log=log, synonyms=extra)
        return eng


def reset() -> None:
    """Forget loaded indexes (after a rebuild elsewhere, or in tests)."""
    with _lock:
        _engines.clear()


def search(query: str, k: int = 5, mode: str = "hybrid", *, corpus: PathLike = None, index: PathLike = None,
           model: PathLike = None, synonyms: Sequence[PathLike] = ()) -> list[Hit]:
    """Ranked passages for ``query`` with their citations (``mode``: hybrid, lexical or dense).

    ``synonyms``: synonyms.txt files of your own, added to the bundled vocabulary bridge.
    Raises :class:`~nenkin_search.errors.QueryError` (a ``ValueError``) for unusable queries.
    """
    query_mod.clean(query)  # a bad query fails before any index is loaded
    return engine(corpus, index, model, synonyms=synonyms).search(query, k=k, mode=mode)


def ask(query: str, k: int = 5, mode: str = "hybrid", *, corpus: PathLike = None, index: PathLike = None,
        model: PathLike = None, synonyms: Sequence[PathLike] = ()) -> Answer:
    """The answer to ``query`` with its citation, or ``found=False`` with the nearest passages.

    Takes the same locations and synonyms as :func:`search`.
    Raises :class:`~nenkin_search.errors.QueryError` (a ``ValueError``) for unusable queries.
    """
    query_mod.clean(query)
    return engine(corpus, index, model, synonyms=synonyms).ask(query, k=k, mode=mode)


def build(corpus: PathLike = None, index: PathLike = None, model: PathLike = None, *, force: bool = False,
          settings: Settings = DEFAULT, log: Log = _stderr, progress: bool | None = None,
          embedder=None) -> index_mod.Index:
    """Build the index when missing or stale (always with ``force``); returns the published index.

    ``embedder``: an already loaded :class:`~nenkin_search.embed.Embedder` for ``model`` (saves a model load).
    """
    loc = loc_mod.resolve(corpus, index, model)
    idx = _open_or_build(loc, embedder or _embedder(loc), settings, build=True, force=force, log=log,
                         progress=progress)
    reset()  # engines loaded before this build hold the old one
    return idx


def open_index(corpus: PathLike = None, index: PathLike = None, model: PathLike = None, *, build: bool = True,
               settings: Settings = DEFAULT, log: Log = _stderr, embedder=None) -> index_mod.Index:
    """The published index if fresh and intact; else rebuilt (``build=True``) or :class:`IndexError_` (exit 4)."""
    loc = loc_mod.resolve(corpus, index, model)
    return _open_or_build(loc, embedder or _embedder(loc), settings, build=build, force=False, log=log)


def passages(corpus: PathLike = None, settings: Settings = DEFAULT) -> list[Passage]:
    """Every passage of every report in the corpus folder, as the index sees them (no index needed)."""
    loc = loc_mod.resolve(corpus, None, None, check_model=False)
    return corpus_passages([parse(f) for f in loc.report_files()], settings)


