"""Run over run: the history file, what changed since the previous run, and the regression gate."""
from __future__ import annotations

import json
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

#: gated figures: (label, path into a history row's "headline"); each may fall by at most max_drop
GATED = (
    ("hybrid test R@5", ("retrieval", "hybrid", "test", "R@5")),
    ("hybrid test MRR@10", ("retrieval", "hybrid", "test", "MRR@10")),
    ("answer accuracy (test)", ("answers", "test", "answer_accuracy")),
)
EXIT_REGRESSION = 6


def read(path: Path) -> list[dict]:
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


def read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None


def dig(row: Mapping | None, keys: tuple[str, ...]) -> Any:
    cur: Any = row
    for k in keys:
        cur = cur.get(k) if isinstance(cur, Mapping) else None
    return cur


def gate(previous: Mapping | None, headline: Mapping, max_drop: float) -> tuple[list[str], list[str]]:
    """(regressions, notes): gated figures that fell by more than ``max_drop`` since ``previous``."""
    if previous is None:
        return [], []
    regressions, notes = [], []
    for label, path in GATED:
        before, now = dig(previous.get("headline"), path), dig(headline, path)
        if before is None or now is None:
            notes.append(f"{label}: missing in this or the previous run, not gated")
        elif before - now > max_drop + 1e-12:
            regressions.append(f"{label} {before:.3f} → {now:.3f} (−{before - now:.3f} > {max_drop:.3f})")
    return regressions, notes


@dataclass(frozen=True)
class Changes:
    """Per-question status flips against the previous run, for one mode (or "answer")."""

    mode: str
    newly_failing: list[tuple[str, str]] = field(default_factory=list)  # (id, question)
    newly_fixed: list[tuple[str, str]] = field(default_factory=list)


def compare(previous: Mapping | None, status: Mapping[str, Mapping[str, bool]], text: Mapping[str, str]
            ) -> dict[str, Changes]:
    """Status flips per mode against the previous latest.json (questions present in both runs only)."""
    if not previous or not isinstance(previous.get("status"), dict):
        return {}
    out = {}
    for mode, now in status.items():
        before = previous["status"].get(mode, {})
        common = [qid for qid in now if qid in before]
        out[mode] = Changes(mode, [(q, text.get(q, "")) for q in common if before[q] and not now[q]],
                            [(q, text.get(q, "")) for q in common if not before[q] and now[q]])
    return out


def write_atomic(path: Path, data: str | bytes) -> None:
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


def append(path: Path, row: Mapping) -> None:
    """One JSON line more, written atomically (the whole file is replaced)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    line = json.dumps(row, ensure_ascii=False, default=str)
    write_atomic(path, old + ("" if not old or old.endswith("\n") else "\n") + line + "\n")
