"""The eval set: questions with gold answers, style, split and, for unanswerables, why.

A line of ``eval/questions.jsonl``::

    {"id": "p031", "question": "…", "answers": ["8,375件"], "figure": "8,375件", "section": "I-5",
     "policy": "…", "kind": "figure", "style": "public", "unanswerable": null, "why": null,
     "source": "https://…", "split": "test"}

``style`` says how the question is phrased (report / public / colloquial / keyword /
kana / typo / western-year); ``unanswerable`` is ``near-miss`` (the report covers the
topic, not the fact asked) or ``off-topic``; ``figure`` is the one figure the asker
wants, compared by value and unit (:func:`nenkin_search.figures.parse`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..locations import REPO_ROOT
from ..text import match_key

DEFAULT_QUESTIONS = REPO_ROOT / "eval" / "questions.jsonl"
STYLES = ("report", "public", "colloquial", "keyword", "kana", "typo", "western-year")
UNANSWERABLE = ("near-miss", "off-topic")


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answers: tuple[str, ...]
    section: str | None = None
    policy: str | None = None
    kind: str = "other"
    split: str = "test"
    style: str = "report"
    unanswerable: str | None = None  # "near-miss" | "off-topic" | None
    figure: str | None = None
    why: str | None = None
    source: str | None = None

    @property
    def answerable(self) -> bool:
        return self.unanswerable is None

    @property
    def group(self) -> str:
        """answerable / near-miss / off-topic."""
        return self.unanswerable or "answerable"


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[Question]:
    """The eval set; a malformed line is an error naming the line (a silent skip would skew metrics)."""
    out: list[Question] = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                answers = tuple(d.get("answers") or ())
                una = d.get("unanswerable")
                if una is None and not answers:
                    una = "off-topic" if d.get("kind") == "unanswerable" else None
                if una is not None and una not in UNANSWERABLE:
                    raise ValueError(f"unanswerable must be one of {UNANSWERABLE}, not {una!r}")
                if una is None and not answers:
                    raise ValueError("an answerable question needs answers")
                out.append(Question(
                    d["id"], d["question"], answers, d.get("section"), d.get("policy"), d.get("kind") or "other",
                    d.get("split") or "test", d.get("style") or "report", una, d.get("figure"), d.get("why"),
                    d.get("source"),
                ))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path}:{n}: not an eval question ({exc})") from None
    return out


def is_correct(text: str, answers: Iterable[str]) -> bool:
    """True when ``text`` contains one of ``answers`` once both are NFKC'd and stripped of whitespace."""
    key = match_key(text or "")
    return any((a := match_key(ans)) and a in key for ans in answers)
