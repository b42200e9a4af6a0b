"""Evaluate retrieval and answers on ``eval/questions.jsonl`` and track them run over run.

One module per job: :mod:`.questions` (the eval set), :mod:`.runner` (the questions
through the same front door a user calls, kept as plain data), :mod:`.metrics`
(metrics from plain dicts), :mod:`.results` (scores by split, style and kind),
:mod:`.history` (history file, changes, regression gate) and :mod:`.render`
(latest.md and trend.png). :func:`run` ties them together for ``nenkin eval``.

Outputs go to ``out_dir`` (default ``<repo>/eval/reports/``, git-ignored), written
atomically: ``latest.json`` (everything, per question), ``latest.md``, one line
appended to ``history.jsonl`` (headline figures, the settings' values and hash) and
``trend.png``.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Mapping, Sequence

from ..locations import REPO_ROOT
from . import history, render
from .history import EXIT_REGRESSION, Changes
from .questions import DEFAULT_QUESTIONS, Question, is_correct, load_questions
from .results import Results, score
from .runner import collect

DEFAULT_OUT = REPO_ROOT / "eval" / "reports"
MODES = ("lexical", "dense", "hybrid")

__all__ = ["run", "score", "collect", "load_questions", "is_correct", "Question", "Results", "EvalRun",
           "EXIT_REGRESSION", "DEFAULT_OUT", "DEFAULT_QUESTIONS"]


@dataclass
class EvalRun:
    """What one run produced; the CLI prints ``summary_markdown`` and exits with ``exit_code``."""

    exit_code: int
    summary_markdown: str
    report_markdown: str
    results: Results
    regressions: list[str]
    notes: list[str]
    fingerprint: dict
    paths: dict[str, Path]
    changes: dict[str, Changes] = field(default_factory=dict)
    previous: dict | None = None


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (out.stdout.strip() or None) if out.returncode == 0 else None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(questions_path: Path, manifest: Mapping | None, settings) -> dict:
    """What produced these numbers: code commit, settings, model, index and eval set."""
    from .. import __version__

    fp = (manifest or {}).get("fingerprint", {})
    return {
        "git_commit": _git_commit(),
        "package_version": __version__,
        "settings_sha256": settings.digest() if settings is not None else None,
        "model_id": fp.get("model_id"),
        "model_weights_sha256": fp.get("model_weights_sha256"),
        "corpus_sha256": fp.get("corpus_sha256"),
        "index_manifest_sha256": _sha(json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode())[:16]
        if manifest else None,
        "eval_set_sha256": _sha(Path(questions_path).read_bytes()),
        "questions": sum(1 for line in Path(questions_path).read_text(encoding="utf-8").splitlines() if line.strip()),
    }


def run(out_dir: Path = DEFAULT_OUT, questions_path: Path = DEFAULT_QUESTIONS, *, modes: Sequence[str] = MODES,
        max_drop: float = 0.02, corpus=None, index=None, model=None, data: Mapping | None = None,
        settings=None) -> EvalRun:
    """Evaluate every mode through the front door, write the reports under ``out_dir`` and gate on the last run.

    ``data`` (from :func:`collect`, e.g. of another version of the tool) is scored instead of running the
    questions. ``exit_code`` is 0, or :data:`EXIT_REGRESSION` when a gated figure fell by more than ``max_drop``.
    """
    out_dir, questions_path = Path(out_dir), Path(questions_path)
    questions = load_questions(questions_path)
    manifest = None
    if data is None:
        from .. import api
        from ..settings import DEFAULT

        settings = settings or DEFAULT
        eng = api.engine(corpus, index, model, settings=settings)
        manifest = eng.index.manifest
        data = collect(questions, eng.search, eng.ask, {p.id: p.text for p in eng.passages}, modes)
    results = score(questions, data)
    fp = fingerprint(questions_path, manifest, settings)
    headline = results.headline()

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / name for name in ("latest.json", "latest.md", "history.jsonl", "trend.png")}
    past = history.read(paths["history.jsonl"])
    previous = past[-1] if past else None
    changes = history.compare(history.read_json(paths["latest.json"]), results.status,
                              {q.id: q.question for q in questions})
    regressions, notes = history.gate(previous, headline, max_drop)
    exit_code = EXIT_REGRESSION if regressions else 0
    timestamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    settings_values = settings.to_dict() if settings is not None else {}
    report_md = render.report(results, fp, timestamp, regressions, changes, previous, notes, settings_values)
    summary_md = render.summary(results, fp, timestamp, regressions, changes, previous, paths["latest.md"])

    row = {"timestamp": timestamp, "commit": fp["git_commit"], "fingerprint": fp, "settings": settings_values,
           "exit_code": exit_code, "max_drop": max_drop, "timings_seconds": results.timings, "headline": headline}
    latest = {**row, "regressions": regressions, "notes": notes, "status": results.status,
              "retrieval": results.retrieval, "answers": results.answer_tables, "reliability": results.reliability,
              "by_kind": results.by_kind, "per_question": results.retrieval_pq, "answer_records": results.answers,
              "changes": {m: asdict(c) for m, c in changes.items()}}
    history.write_atomic(paths["latest.json"], json.dumps(latest, ensure_ascii=False, indent=1, default=str) + "\n")
    history.write_atomic(paths["latest.md"], report_md)
    history.append(paths["history.jsonl"], row)
    render.plot(past + [row], paths["trend.png"], max_drop)
    print(f"nenkin eval: reports in {out_dir}" + (f"; REGRESSION: {'; '.join(regressions)}" if regressions else ""),
          file=sys.stderr)
    return EvalRun(exit_code, summary_md, report_md, results, regressions, notes, fp, paths, changes, previous)
