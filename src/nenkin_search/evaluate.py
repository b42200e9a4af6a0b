"""Evaluate retrieval and answers on ``eval/questions.jsonl`` and track them run over run.

What it measures, and why this way:

* It calls the public :func:`nenkin_search.search.search` and
  :func:`nenkin_search.answer.ask` — the very functions a user calls — so the
  numbers describe what users get, not an internal shortcut. Tests may inject
  ``search_fn`` / ``ask_fn`` (e.g. a random ranking) to prove that a regression
  is caught.
* Relevance: a passage is relevant to a question when ``match_key`` of one of
  its gold answers is a substring of ``match_key`` of the passage. There are no
  hand-made passage judgements, so only the top-``K`` (10) passages retrieved
  per question are judged (relevant = grade 1, others 0). Consequently R@k is
  *success@k* (at least one relevant passage in the top k) and nDCG@10 is
  normalised over the relevant passages *found in the top 10*, not over every
  relevant passage in the corpus.
* R@1/5/10, MRR@10 and nDCG@10 are computed with **ir-measures** (0.4.3, on
  pytrec_eval, the C port of trec_eval) rather than by hand: these are the
  reference implementations used in IR papers, so our numbers mean what the
  names say (tie-breaking, cut-offs, log base). ``Success@k`` is used for R@k
  because ir-measures' ``R@k`` is *judged recall* (fraction of relevant docs),
  not "a correct passage is in the top k". Rankings are passed with strictly
  decreasing scores so pytrec_eval keeps our order (it re-sorts by score).
* Citation accuracy: among answerable questions with a correct passage in the
  top 10, the share whose *first* correct passage cites the gold section (an
  answer string may also appear in 参考資料 or another section).
* Answers (``ask()``, hybrid only): abstention rate on unanswerable questions;
  false-abstention rate and answer accuracy (``Answer.text`` contains a gold
  answer after ``match_key``) on answerable ones. Skipped, with a note, while
  :mod:`nenkin_search.answer` cannot be imported.

Outputs (written atomically under ``out_dir``): ``latest.json`` (everything,
with a config fingerprint), ``latest.md`` (readable report), one line appended
to ``history.jsonl`` and ``trend.png``. Against the previous run it lists newly
failing / fixed questions and sets ``exit_code`` to :data:`EXIT_REGRESSION`
when hybrid R@5 or MRR@10 on the test split drops by more than ``max_drop``.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from . import __version__, config
from .text import match_key

#: Passages retrieved (and judged) per question.
K = 10
#: A question is a "hit" when a correct passage is in the top HIT_AT (the README's "top 5").
HIT_AT = 5
#: Exit status when the gated metrics regress (the CLI returns it).
EXIT_REGRESSION = 6
MODES = ("lexical", "dense", "hybrid")
SPLITS = ("test", "tune", "all")
#: Metrics gated against the previous run (hybrid, test split).
GATED = ("R@5", "MRR@10")
METRIC_NAMES = ("R@1", "R@5", "R@10", "MRR@10", "nDCG@10")
DEFAULT_QUESTIONS = config.REPO_ROOT / "eval" / "questions.jsonl"
DEFAULT_OUT = config.REPO_ROOT / "eval" / "reports"

SearchFn = Callable[..., Sequence[Any]]  # search(query, k=..., mode=...) -> list[Hit]
AskFn = Callable[[str], Any]  # ask(query) -> Answer


# --- questions and correctness ---------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One line of the eval set."""

    id: str
    question: str
    answers: tuple[str, ...]
    section: str | None
    policy: str | None
    kind: str
    split: str

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[Question]:
    """The eval set; a malformed line is an error naming the line (a silent skip would skew metrics)."""
    out: list[Question] = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                out.append(Question(d["id"], d["question"], tuple(d.get("answers") or ()), d.get("section"),
                                    d.get("policy"), d.get("kind") or "other", d.get("split") or "test"))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not an eval question ({exc})") from None
    return out


def is_correct(text: str, answers: Iterable[str]) -> bool:
    """True when ``text`` contains one of ``answers`` once both are NFKC'd and stripped of whitespace."""
    key = match_key(text or "")
    return any((a := match_key(ans)) and a in key for ans in answers)


# --- result types ------------------------------------------------------------------------


@dataclass(frozen=True)
class RetrievalMetrics:
    """Retrieval quality over ``n`` answerable questions (values None when n == 0)."""

    n: int
    r_at_1: float | None
    r_at_5: float | None
    r_at_10: float | None
    mrr_at_10: float | None
    ndcg_at_10: float | None
    citation_acc: float | None
    citation_n: int  # questions with a correct passage in the top K: citation accuracy's denominator

    def named(self) -> dict[str, float | None]:
        """Metric values under their report names (R@1 … citation_acc)."""
        vals = (self.r_at_1, self.r_at_5, self.r_at_10, self.mrr_at_10, self.ndcg_at_10)
        return {**dict(zip(METRIC_NAMES, vals)), "citation_acc": self.citation_acc}

    def to_dict(self) -> dict:
        return {"n": self.n, **self.named(), "citation_n": self.citation_n}


@dataclass(frozen=True)
class AnswerMetrics:
    """``ask()`` quality: abstention on unanswerable, false abstention and accuracy on answerable."""

    n_unanswerable: int
    abstention_rate: float | None
    n_answerable: int
    false_abstention_rate: float | None
    answer_accuracy: float | None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class QuestionResult:
    """One question under one mode: where the first correct passage was and what came first."""

    id: str
    split: str
    kind: str
    answerable: bool
    first_correct_rank: int | None  # 1-based, within the top K; None when none of them is correct
    hit: bool | None  # first_correct_rank <= HIT_AT; None for unanswerable questions
    top3: list[str]  # str(citation) of the first three hits
    top1_text: str  # start of the first hit's passage, to see what won instead
    first_correct_section: str | None
    citation_ok: bool | None
    rr: float | None  # per-question RR@10 / nDCG@10 from ir-measures
    ndcg: float | None
    error: str | None = None


@dataclass(frozen=True)
class AnswerResult:
    """One ``ask()`` call."""

    id: str
    split: str
    kind: str
    answerable: bool
    found: bool
    confidence: float
    text: str
    citation: str | None
    correct: bool | None  # answer accuracy for answerable; abstained for unanswerable


@dataclass(frozen=True)
class Changes:
    """Per-question status flips against the previous run, for one mode (or "answer")."""

    mode: str
    newly_failing: list[tuple[str, str]] = field(default_factory=list)  # (id, question)
    newly_fixed: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class EvalResult:
    """Everything one run produced; the CLI prints ``summary_markdown`` and exits with ``exit_code``."""

    exit_code: int
    summary_markdown: str
    report_markdown: str
    retrieval: dict[str, dict[str, RetrievalMetrics]]  # mode → split → metrics
    retrieval_by_kind: dict[str, dict[str, dict[str, RetrievalMetrics]]]  # mode → split → kind
    answers: dict[str, AnswerMetrics] | None  # split → metrics; None when skipped
    answers_by_kind: dict[str, dict[str, AnswerMetrics]] | None
    per_question: dict[str, list[QuestionResult]]  # mode → results
    answer_results: list[AnswerResult] | None
    changes: dict[str, Changes]
    regressions: list[str]
    notes: list[str]
    fingerprint: dict[str, Any]
    paths: dict[str, Path]
    questions: list[Question]
    previous: dict | None = None  # last history line before this run


# --- metrics -----------------------------------------------------------------------------


def _measures() -> dict[str, Any]:
    from ir_measures import RR, Success, nDCG

    return {"R@1": Success @ 1, "R@5": Success @ 5, "R@10": Success @ 10, "MRR@10": RR @ 10, "nDCG@10": nDCG @ 10}


def per_query_metrics(relevance: dict[str, list[bool]]) -> dict[str, dict[str, float]]:
    """ir-measures values per question from each question's ranked relevance flags.

    Every retrieved passage is judged (grade 0/1); a question with nothing
    retrieved, or that pytrec_eval leaves out, scores 0 on every measure.
    """
    import ir_measures
    from ir_measures import Qrel, ScoredDoc

    measures = _measures()
    by_measure = {str(m): name for name, m in measures.items()}
    qrels, run = [], []
    for qid, flags in relevance.items():
        flags = flags[:K]
        if not flags:
            qrels.append(Qrel(qid, "none", 0))
        for pos, rel in enumerate(flags, 1):
            doc = f"d{pos}"  # relevance is per position: repeated passage ids cannot collide
            qrels.append(Qrel(qid, doc, int(rel)))
            run.append(ScoredDoc(qid, doc, float(K + 1 - pos)))  # strictly decreasing: our order is kept
    out = {qid: dict.fromkeys(measures, 0.0) for qid in relevance}
    for m in ir_measures.iter_calc(list(measures.values()), qrels, run):
        out[m.query_id][by_measure[str(m.measure)]] = float(m.value)
    return out


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def aggregate(results: list[QuestionResult], values: dict[str, dict[str, float]]) -> RetrievalMetrics:
    """Means over the answerable questions in ``results``."""
    rows = [r for r in results if r.answerable]
    cols = {name: _mean([values[r.id][name] for r in rows]) for name in METRIC_NAMES}
    cited = [r.citation_ok for r in rows if r.citation_ok is not None]
    return RetrievalMetrics(len(rows), *cols.values(), _mean([float(c) for c in cited]), len(cited))


def answer_metrics(results: list[AnswerResult]) -> AnswerMetrics:
    una = [r for r in results if not r.answerable]
    ans = [r for r in results if r.answerable]
    return AnswerMetrics(
        len(una), _mean([float(not r.found) for r in una]),
        len(ans), _mean([float(not r.found) for r in ans]), _mean([float(bool(r.correct)) for r in ans]),
    )


def _subsets(items: list, split: str) -> list:
    return items if split == "all" else [r for r in items if r.split == split]


def _by_kind(items: list) -> dict[str, list]:
    kinds: dict[str, list] = {}
    for r in items:
        kinds.setdefault(r.kind, []).append(r)
    return dict(sorted(kinds.items()))


# --- running the searches ----------------------------------------------------------------


class _Progress:
    """A line per stage on stderr; a live counter only when stderr is a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()

    def tick(self, label: str, i: int, n: int) -> None:
        if self.tty and (i % 10 == 0 or i == n):
            print(f"\rnenkin eval: {label} {i}/{n}", end="", file=sys.stderr, flush=True)

    def done(self, label: str, n: int, seconds: float) -> None:
        if self.tty:
            print("\r\033[K", end="", file=sys.stderr)
        print(f"nenkin eval: {label}: {n} questions in {seconds:.1f} s ({1000 * seconds / max(n, 1):.0f} ms/q)",
              file=sys.stderr, flush=True)


def _section(citation: Any) -> str | None:
    return getattr(citation, "section", None)


def _run_mode(questions: list[Question], mode: str, search_fn: SearchFn, progress: _Progress
              ) -> tuple[list[QuestionResult], dict[str, dict[str, float]], float]:
    from .errors import QueryError

    started = time.perf_counter()
    rankings: dict[str, tuple[list, str | None]] = {}
    for i, q in enumerate(questions, 1):
        try:
            rankings[q.id] = (list(search_fn(q.question, k=K, mode=mode))[:K], None)
        except QueryError as exc:  # the question itself is unsearchable: a miss, recorded, not a crash
            rankings[q.id] = ([], f"QueryError: {exc}")
        progress.tick(mode, i, len(questions))
    seconds = time.perf_counter() - started
    relevance = {q.id: [is_correct(h.text, q.answers) for h in rankings[q.id][0]] for q in questions if q.answerable}
    values = per_query_metrics(relevance)
    results = []
    for q in questions:
        hits, error = rankings[q.id]
        flags = relevance.get(q.id, [])
        first = next((pos for pos, rel in enumerate(flags, 1) if rel), None)
        first_section = _section(hits[first - 1].citation) if first else None
        results.append(QuestionResult(
            id=q.id, split=q.split, kind=q.kind, answerable=q.answerable, first_correct_rank=first,
            hit=(first is not None and first <= HIT_AT) if q.answerable else None,
            top3=[str(h.citation) for h in hits[:3]],
            top1_text=" ".join(hits[0].text.split())[:120] if hits else "",
            first_correct_section=first_section,
            citation_ok=(first_section == q.section) if first and q.section else None,
            rr=values[q.id]["MRR@10"] if q.answerable else None,
            ndcg=values[q.id]["nDCG@10"] if q.answerable else None,
            error=error,
        ))
    return results, values, seconds


def _run_answers(questions: list[Question], ask_fn: AskFn, progress: _Progress) -> tuple[list[AnswerResult], float]:
    from .errors import QueryError

    started = time.perf_counter()
    out = []
    for i, q in enumerate(questions, 1):
        try:
            a = ask_fn(q.question)
            found, conf, text, cit = bool(a.found), float(a.confidence), a.text or "", a.citation
        except QueryError:
            found, conf, text, cit = False, 0.0, "", None
        correct = is_correct(text, q.answers) if q.answerable else not found
        out.append(AnswerResult(q.id, q.split, q.kind, q.answerable, found, round(conf, 4), text,
                                str(cit) if cit is not None else None, correct))
        progress.tick("answers", i, len(questions))
    return out, time.perf_counter() - started


def _default_ask(notes: list[str]) -> AskFn | None:
    try:
        from .answer import ask
    except ImportError as exc:  # answer.py may land after search.py
        notes.append(f"answer metrics skipped: nenkin_search.answer cannot be imported ({exc})")
        return None
    return ask


# --- fingerprint, previous run, files ----------------------------------------------------


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=config.REPO_ROOT, capture_output=True,
                             text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (out.stdout.strip() or None) if out.returncode == 0 else None


def _manifest(search_fn_is_real: bool) -> dict | None:
    """The live index's manifest (only for the real search; an injected one has no index of ours)."""
    if not search_fn_is_real:
        return None
    try:
        from .search import get_searcher

        manifest = get_searcher().index.manifest
        return manifest if isinstance(manifest, dict) else None
    except Exception:  # noqa: BLE001 - the fingerprint is best effort; the searches already ran
        return None


def _fn_name(fn: Callable | None) -> str | None:
    return None if fn is None else f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


def fingerprint(questions_path: Path, search_fn: Callable, ask_fn: Callable | None, real_search: bool) -> dict:
    """What produced these numbers: code commit, model, index and eval set."""
    manifest = _manifest(real_search) or {}
    import ir_measures

    return {
        "git_commit": _git_commit(),
        "package_version": __version__,
        "model_id": manifest.get("model_id"),
        "model_weights_sha256": manifest.get("model_weights_sha256"),
        "corpus_sha256": manifest.get("corpus_sha256"),
        "index_manifest_sha256": _sha256_bytes(json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode())
        if manifest else None,
        "eval_set_sha256": _sha256_bytes(Path(questions_path).read_bytes()),
        "search_fn": _fn_name(search_fn),
        "ask_fn": _fn_name(ask_fn),
        "k": K,
        "ir_measures": ir_measures.__version__,
    }


def read_history(path: Path) -> list[dict]:
    """Runs recorded so far; an unreadable line is skipped with a warning (history is advisory)."""
    if not path.exists():
        return []
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                print(f"nenkin eval: {path}:{n}: not JSON, ignored", file=sys.stderr)
    return rows


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None


def _write_atomic(path: Path, data: str | bytes) -> None:
    """Temp file in the same folder + os.replace: readers never see a half-written report."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _dumps(data: Any, indent: int | None = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, default=str)


def compare(previous: dict | None, status: dict[str, dict[str, bool]], questions: list[Question]) -> dict[str, Changes]:
    """Status flips per mode against the previous latest.json (questions present in both runs only)."""
    if not previous or not isinstance(previous.get("status"), dict):
        return {}  # nothing to compare: the report says so rather than claiming "no change"
    text = {q.id: q.question for q in questions}
    prev_status = previous["status"]
    out = {}
    for mode, now in status.items():
        before = prev_status.get(mode, {})
        common = [qid for qid in now if qid in before]
        out[mode] = Changes(
            mode,
            [(q, text[q]) for q in common if before[q] and not now[q]],
            [(q, text[q]) for q in common if not before[q] and now[q]],
        )
    return out


def check_regression(previous: dict | None, current: dict[str, dict], max_drop: float) -> tuple[list[str], list[str]]:
    """(regressions, notes): gated hybrid test metrics that fell by more than ``max_drop``."""
    if previous is None:
        return [], []  # the report already says "No previous run"
    before = previous.get("metrics", {}).get("hybrid", {}).get("test")
    now = current.get("hybrid", {}).get("test")
    if not before or not now:
        return [], ["hybrid test metrics missing in this or the previous run: regression check skipped"]
    regressions = []
    for name in GATED:
        b, n = before.get(name), now.get(name)
        if b is not None and n is not None and b - n > max_drop + 1e-12:
            regressions.append(f"hybrid test {name} {b:.3f} → {n:.3f} (−{b - n:.3f} > {max_drop:.3f})")
    return regressions, []


def plot_trend(history: list[dict], path: Path) -> None:
    """R@1, R@5 and MRR@10 on the test split over runs, one line per mode (matplotlib, Agg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = ("R@1", "R@5", "MRR@10")
    fig, axes = plt.subplots(1, len(names), figsize=(12, 3.6), sharex=True)
    x = list(range(1, len(history) + 1))
    from matplotlib.ticker import MaxNLocator

    order = {m: i for i, m in enumerate(MODES)}
    modes = sorted({m for h in history for m in h.get("metrics", {})}, key=lambda m: (order.get(m, 99), m))
    for ax, name in zip(axes, names):
        for mode in modes:
            ys = [h.get("metrics", {}).get(mode, {}).get("test", {}).get(name) for h in history]
            ys = [float("nan") if y is None else y for y in ys]
            ax.plot(x, ys, marker="o", markersize=3, label=mode)
        ax.set_title(f"{name} (test)")
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("run")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
    axes[0].legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fig.savefig(tmp, format="png", dpi=100)
        os.replace(tmp, path)
    finally:
        plt.close(fig)
        tmp.unlink(missing_ok=True)


# --- markdown ----------------------------------------------------------------------------


def _f(v: float | None) -> str:
    return "–" if v is None else f"{v:.3f}"


def _cell(s: Any) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def _delta(now: float | None, before: float | None) -> str:
    return "" if now is None or before is None else f"{now - before:+.3f}"


def _retrieval_table(r: EvalResult) -> list[str]:
    prev = (r.previous or {}).get("metrics", {})
    lines = ["| mode | split | n | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 | citation acc (n) | ΔR@5 | ΔMRR@10 |",
             "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for mode, splits in r.retrieval.items():
        for split, m in splits.items():
            v, b = m.named(), prev.get(mode, {}).get(split, {})
            lines.append(f"| {mode} | {split} | {m.n} | " + " | ".join(_f(v[n]) for n in METRIC_NAMES)
                         + f" | {_f(m.citation_acc)} ({m.citation_n}) | {_delta(v['R@5'], b.get('R@5'))}"
                         f" | {_delta(v['MRR@10'], b.get('MRR@10'))} |")
    return lines


def _answer_table(rows: dict[str, AnswerMetrics], label: str) -> list[str]:
    lines = [f"| {label} | unanswerable n | abstention | answerable n | false abstention | answer accuracy |",
             "|---|--:|--:|--:|--:|--:|"]
    for key, m in rows.items():
        lines.append(f"| {key} | {m.n_unanswerable} | {_f(m.abstention_rate)} | {m.n_answerable}"
                     f" | {_f(m.false_abstention_rate)} | {_f(m.answer_accuracy)} |")
    return lines


def _changes_md(r: EvalResult) -> list[str]:
    if r.previous is None:
        return ["No previous run."]
    lines = [f"Compared with the run of {r.previous.get('timestamp')} (commit "
             f"{(r.previous.get('fingerprint', {}).get('git_commit') or 'unknown')[:10]})."]
    before = r.previous.get("fingerprint") or {}
    moved = [k for k in ("git_commit", "model_weights_sha256", "index_manifest_sha256", "eval_set_sha256")
             if before.get(k) != r.fingerprint.get(k)]
    lines.append("Changed since then: " + (", ".join(moved) if moved else "nothing in the fingerprint") + ".")
    if "eval_set_sha256" in moved:
        lines.append("Note: the eval set changed; only questions present in both runs are compared.")
    if not r.changes:
        return lines + ["", "Per-question results of the previous run are unavailable (no readable latest.json)."]
    if not any(c.newly_failing or c.newly_fixed for c in r.changes.values()):
        return lines + ["", "**No change**: no question changed status in any mode."]
    for mode, c in r.changes.items():
        if not (c.newly_failing or c.newly_fixed):
            lines.append(f"- **{mode}**: no change")
            continue
        for title, items in (("newly failing", c.newly_failing), ("newly fixed", c.newly_fixed)):
            if items:
                lines.append(f"- **{mode}** {title} ({len(items)}): "
                             + "; ".join(f"`{qid}` {_cell(text)}" for qid, text in items))
    return lines


def _verdict(r: EvalResult) -> str:
    if r.regressions:
        return "**REGRESSION** (exit %d): " % r.exit_code + "; ".join(r.regressions)
    return "**OK**: no gated metric (hybrid test " + ", ".join(GATED) + ") dropped beyond the threshold."


def _header(r: EvalResult, timestamp: str) -> list[str]:
    fp = r.fingerprint
    short = lambda v: (v or "unknown")[:12]  # noqa: E731
    return [
        f"# nenkin-search evaluation — {timestamp}",
        "",
        f"commit `{short(fp['git_commit'])}` · model `{fp['model_id']}` (weights `{short(fp['model_weights_sha256'])}`)"
        f" · index manifest `{short(fp['index_manifest_sha256'])}` · eval set `{short(fp['eval_set_sha256'])}`",
        "",
        _verdict(r),
    ]


def render_summary(r: EvalResult, timestamp: str, report_path: Path | None = None) -> str:
    """Short markdown for the terminal: verdict, headline table, answer rates, changes."""
    lines = _header(r, timestamp) + ["", *_retrieval_table(r)]
    if r.answers:
        lines += ["", *_answer_table(r.answers, "ask() split")]
    lines += ["", "Changes since the previous run:", *_changes_md(r)]
    lines += [f"- {n}" for n in r.notes]
    if report_path:
        lines += ["", f"Full report: {report_path}"]
    return "\n".join(lines) + "\n"


def render_report(r: EvalResult, timestamp: str) -> str:
    """The full latest.md."""
    lines = _header(r, timestamp) + [
        "",
        "Metrics: ir-measures (pytrec_eval) Success@k as R@k, RR@10 as MRR@10, nDCG@10, over answerable questions. "
        f"Relevance is judged on the top {K} retrieved passages only (a passage is relevant when it contains a gold "
        "answer after NFKC and whitespace removal), so nDCG@10 is normalised over the relevant passages retrieved, "
        f"not all relevant passages in the corpus. Citation accuracy: share of questions with a correct passage in "
        f"the top {K} whose first correct passage cites the gold section (n = that denominator).",
        "", "## Retrieval", "", *_retrieval_table(r),
    ]
    if "hybrid" in r.retrieval_by_kind:
        lines += ["", "## Hybrid, test split, by kind", "",
                  "| kind | n | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 | citation acc (n) |",
                  "|---|--:|--:|--:|--:|--:|--:|--:|"]
        for kind, m in r.retrieval_by_kind["hybrid"]["test"].items():
            v = m.named()
            lines.append(f"| {kind} | {m.n} | " + " | ".join(_f(v[n]) for n in METRIC_NAMES)
                         + f" | {_f(m.citation_acc)} ({m.citation_n}) |")
    lines += ["", "## Answers (`ask()`, hybrid)", ""]
    if r.answers and r.answers_by_kind:
        lines += [*_answer_table(r.answers, "split"), "", "Test split by kind:", "",
                  *_answer_table(r.answers_by_kind["test"], "kind")]
    else:
        lines.append("Not measured.")
    lines += ["", "## Changes since the previous run", "", *_changes_md(r)]
    if r.notes:
        lines += ["", "## Notes", "", *[f"- {n}" for n in r.notes]]
    lines += ["", f"## Misses (no correct passage in the top {HIT_AT})"]
    questions = {q.id: q for q in r.questions}
    for mode, results in r.per_question.items():
        misses = [x for x in results if x.answerable and not x.hit]
        lines += ["", f"### {mode} ({len(misses)})", ""]
        if not misses:
            lines.append("None.")
            continue
        lines += ["| id | split | kind | question | gold | first correct rank | ranked first instead |",
                  "|---|---|---|---|---|--:|---|"]
        for x in misses:
            q = questions.get(x.id)
            first = x.top3[0] if x.top3 else "(nothing)"
            lines.append(f"| {x.id} | {x.split} | {x.kind} | {_cell(q.question if q else '')} | "
                         f"{_cell(' / '.join(q.answers) if q else '')} | {x.first_correct_rank or '–'} | "
                         f"{_cell(first)}: {_cell(x.top1_text[:60])} |")
    return "\n".join(lines) + "\n"


# --- the run ------------------------------------------------------------------------------


def run(
    out_dir: Path = DEFAULT_OUT,
    questions_path: Path = DEFAULT_QUESTIONS,
    modes: Sequence[str] = MODES,
    max_drop: float = 0.02,
    search_fn: SearchFn | None = None,
    ask_fn: AskFn | None = None,
) -> EvalResult:
    """Evaluate every mode, write the reports under ``out_dir`` and compare with the previous run.

    ``search_fn(query, k=..., mode=...)`` and ``ask_fn(query)`` default to the
    public :func:`~nenkin_search.search.search` and :func:`~nenkin_search.answer.ask`.
    ``exit_code`` is 0, or :data:`EXIT_REGRESSION` when hybrid R@5 or MRR@10 on
    the test split fell by more than ``max_drop`` since the previous run.
    """
    out_dir, questions_path = Path(out_dir), Path(questions_path)
    questions = load_questions(questions_path)
    real_search = search_fn is None
    if search_fn is None:
        from .search import search as search_fn
    notes: list[str] = []
    if ask_fn is None:
        ask_fn = _default_ask(notes)
    progress = _Progress()

    per_question: dict[str, list[QuestionResult]] = {}
    retrieval: dict[str, dict[str, RetrievalMetrics]] = {}
    by_kind: dict[str, dict[str, dict[str, RetrievalMetrics]]] = {}
    timings: dict[str, float] = {}
    for mode in modes:
        results, values, seconds = _run_mode(questions, mode, search_fn, progress)
        progress.done(mode, len(questions), seconds)
        per_question[mode], timings[mode] = results, round(seconds, 3)
        retrieval[mode] = {s: aggregate(_subsets(results, s), values) for s in SPLITS}
        by_kind[mode] = {s: {k: aggregate(v, values) for k, v in _by_kind(_subsets(results, s)).items()
                             if any(x.answerable for x in v)} for s in SPLITS}

    answer_results = answers = answers_by_kind = None
    if ask_fn is not None:
        answer_results, seconds = _run_answers(questions, ask_fn, progress)
        progress.done("answers (hybrid ask)", len(questions), seconds)
        timings["answers"] = round(seconds, 3)
        answers = {s: answer_metrics(_subsets(answer_results, s)) for s in SPLITS}
        answers_by_kind = {s: {k: answer_metrics(v) for k, v in _by_kind(_subsets(answer_results, s)).items()}
                           for s in SPLITS}

    fp = fingerprint(questions_path, search_fn, ask_fn, real_search)
    status = {m: {x.id: bool(x.hit) for x in rs if x.answerable} for m, rs in per_question.items()}
    if answer_results is not None:
        status["answer"] = {a.id: bool(a.correct) for a in answer_results}

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / name for name in ("latest.json", "latest.md", "history.jsonl", "trend.png")}
    history = read_history(paths["history.jsonl"])
    previous = history[-1] if history else None
    changes = compare(_read_json(paths["latest.json"]), status, questions)
    headline = {m: {s: retrieval[m][s].named() for s in SPLITS} for m in retrieval}
    regressions, more_notes = check_regression(previous, headline, max_drop)
    notes += more_notes
    exit_code = EXIT_REGRESSION if regressions else 0
    timestamp = datetime.now(timezone.utc).isoformat(timespec="seconds")

    result = EvalResult(exit_code, "", "", retrieval, by_kind, answers, answers_by_kind, per_question,
                        answer_results, changes, regressions, notes, fp, paths, questions, previous)
    result.report_markdown = render_report(result, timestamp)
    result.summary_markdown = render_summary(result, timestamp, paths["latest.md"])
    text = {q.id: q.question for q in questions}

    record = {
        "timestamp": timestamp,
        "exit_code": exit_code,
        "fingerprint": fp,
        "max_drop": max_drop,
        "timings_seconds": timings,
        "notes": notes,
        "regressions": regressions,
        "metrics": {m: {s: v.to_dict() for s, v in sp.items()} for m, sp in retrieval.items()},
        "metrics_by_kind": {m: {s: {k: v.to_dict() for k, v in kd.items()} for s, kd in sp.items()}
                            for m, sp in by_kind.items()},
        "answers": None if answers is None else {s: v.to_dict() for s, v in answers.items()},
        "answers_by_kind": None if answers_by_kind is None else
        {s: {k: v.to_dict() for k, v in kd.items()} for s, kd in answers_by_kind.items()},
        "changes": {m: asdict(c) for m, c in changes.items()},
        "status": status,
        "per_question": {m: [asdict(x) for x in rs] for m, rs in per_question.items()},
        "answer_results": None if answer_results is None else [asdict(a) for a in answer_results],
        "misses": {m: [{"id": x.id, "question": text[x.id],
                        "first_correct_rank": x.first_correct_rank, "ranked_first": x.top3[:1], "top1_text": x.top1_text}
                       for x in rs if x.answerable and not x.hit] for m, rs in per_question.items()},
    }
    line = {
        "timestamp": timestamp, "commit": fp["git_commit"], "fingerprint": fp, "exit_code": exit_code,
        "metrics": headline,
        "answers": None if answers is None else {s: answers[s].to_dict() for s in ("test", "tune")},
    }
    _write_atomic(paths["latest.json"], _dumps(record) + "\n")
    _write_atomic(paths["latest.md"], result.report_markdown)
    old = paths["history.jsonl"].read_text(encoding="utf-8") if paths["history.jsonl"].exists() else ""
    _write_atomic(paths["history.jsonl"], old + ("" if not old or old.endswith("\n") else "\n") + _dumps(line, None) + "\n")
    plot_trend(history + [line], paths["trend.png"])
    print(f"nenkin eval: reports in {out_dir}" + (f"; REGRESSION: {'; '.join(regressions)}" if regressions else ""),
          file=sys.stderr)
    return result
