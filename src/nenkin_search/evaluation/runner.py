"""Run the eval questions through the same calls a user makes, and keep what came back as plain data.

The output (``collect``) is JSON-able: the corpus (passage id → text), each mode's
ranking per question with the citations of the hits, and each question's answer.
Everything after this step (metrics, reports, history) reads only that data, so a
run of another version of the tool, or of a peer, can be scored the same way.
"""
from __future__ import annotations

import sys
import time
from typing import Callable, Sequence

from ..errors import QueryError
from .questions import Question

K = 10
SearchFn = Callable[..., Sequence]  # search(query, k=..., mode=...) -> hits
AskFn = Callable[[str], object]  # ask(query) -> Answer


class Progress:
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


def _hit(h) -> dict:
    c = h.citation
    return {"id": h.passage_id, "section": getattr(c, "section", None), "policy": getattr(c, "policy", None),
            "citation": str(c), "text": h.text}


def collect(questions: Sequence[Question], search_fn: SearchFn, ask_fn: AskFn | None, corpus: dict[str, str],
            modes: Sequence[str] = ("lexical", "dense", "hybrid"), progress: Progress | None = None) -> dict:
    """Rankings (top K) for every mode and one answer per question, as plain dicts."""
    progress = progress or Progress()
    data: dict = {"corpus": dict(corpus), "hits": {}, "errors": {}, "answers": {}, "timings": {}}
    for mode in modes:
        started = time.perf_counter()
        ranked: dict[str, list[dict]] = {}
        for i, q in enumerate(questions, 1):
            try:
                ranked[q.id] = [_hit(h) for h in list(search_fn(q.question, k=K, mode=mode))[:K]]
            except QueryError as exc:  # the question itself is unsearchable: a miss, recorded, not a crash
                ranked[q.id] = []
                data["errors"][f"{mode}:{q.id}"] = str(exc)
            progress.tick(mode, i, len(questions))
        data["hits"][mode] = ranked
        data["timings"][mode] = round(time.perf_counter() - started, 3)
        progress.done(mode, len(questions), data["timings"][mode])
    if ask_fn is not None:
        started = time.perf_counter()
        for i, q in enumerate(questions, 1):
            try:
                a = ask_fn(q.question)
                c = a.citation
                data["answers"][q.id] = {
                    "found": bool(a.found), "confidence": round(float(a.confidence), 4), "text": a.text or "",
                    "figure": a.figure, "figures": list(getattr(a, "figures", []) or []),
                    "date": getattr(a, "date", None),
                    "citation": str(c) if c is not None else None,
                    "section": getattr(c, "section", None), "policy": getattr(c, "policy", None),
                }
            except QueryError as exc:
                data["answers"][q.id] = {"found": False, "confidence": 0.0, "text": "", "figure": None, "figures": [],
                                         "citation": None, "section": None, "policy": None, "error": str(exc)}
            progress.tick("answers", i, len(questions))
        data["timings"]["answers"] = round(time.perf_counter() - started, 3)
        progress.done("answers (hybrid ask)", len(questions), data["timings"]["answers"])
    return data
