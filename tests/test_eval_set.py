"""Checks on the hand-written evaluation set ``eval/questions.jsonl``."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from nenkin_search.config import corpus_dir
from nenkin_search.text import match_key

EVAL_FILE = Path(__file__).resolve().parents[1] / "eval" / "questions.jsonl"

FIELDS = {"id", "question", "answers", "section", "policy", "kind", "split"}
SECTIONS = [f"I-{i}" for i in range(1, 10)] + [f"II-{i}" for i in range(1, 5)] + [f"III-{i}" for i in range(1, 5)]
REFERENCE = "参考資料"
KIND_MINIMUMS = {
    "figure": 20,
    "table": 20,
    "paraphrase": 14,
    "policy": 16,
    "challenge": 12,
    "trend": 12,
    "unanswerable": 12,
}


def _load() -> list[dict]:
    rows = []
    with EVAL_FILE.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:  # pragma: no cover - reported by the assertion
                pytest.fail(f"line {n} is not valid JSON: {e}")
    return rows


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return _load()


@pytest.fixture(scope="module")
def corpus_key() -> str:
    files = sorted(corpus_dir().glob("*.txt"))
    assert files, f"no corpus text in {corpus_dir()}"
    return match_key("\n".join(p.read_text(encoding="utf-8") for p in files))


def test_fields_and_types(rows):
    for r in rows:
        assert set(r) == FIELDS, r
        assert isinstance(r["id"], str) and r["id"]
        assert isinstance(r["question"], str) and r["question"].strip()
        assert isinstance(r["answers"], list) and all(isinstance(a, str) and a.strip() for a in r["answers"])
        assert r["section"] is None or isinstance(r["section"], str)
        assert r["policy"] is None or isinstance(r["policy"], str)
        assert r["kind"] in KIND_MINIMUMS, r
        assert r["split"] in ("tune", "test"), r


def test_ids_and_questions_unique(rows):
    ids = Counter(r["id"] for r in rows)
    assert not [i for i, n in ids.items() if n > 1]
    questions = Counter(r["question"] for r in rows)
    assert not [q for q, n in questions.items() if n > 1]


def test_size(rows):
    assert len(rows) >= 120


def test_kind_minimums(rows):
    kinds = Counter(r["kind"] for r in rows)
    for kind, minimum in KIND_MINIMUMS.items():
        assert kinds[kind] >= minimum, (kind, kinds[kind])


def test_split_balance(rows):
    splits = Counter(r["split"] for r in rows)
    for split in ("tune", "test"):
        share = splits[split] / len(rows)
        assert 0.4 <= share <= 0.6, (split, share)


def test_section_coverage(rows):
    sections = Counter(r["section"] for r in rows)
    for s in SECTIONS:
        assert sections[s] >= 4, (s, sections[s])
    assert sections[REFERENCE] >= 15
    allowed = set(SECTIONS) | {REFERENCE}
    for r in rows:
        if r["kind"] != "unanswerable":
            assert r["section"] in allowed, r
            assert r["policy"], r


def test_answerable_have_short_answers(rows):
    for r in rows:
        if r["kind"] == "unanswerable":
            continue
        assert 1 <= len(r["answers"]) <= 3, r
        for a in r["answers"]:
            assert "<" not in a and ">" not in a, (r["id"], a)  # no HTML
            assert "\t" not in a and "\n" not in a, (r["id"], a)  # never spans cells or lines


def test_answers_occur_in_corpus(rows, corpus_key):
    missing = [
        (r["id"], a)
        for r in rows
        for a in r["answers"]
        if match_key(a) not in corpus_key
    ]
    assert not missing


def test_unanswerable(rows):
    for r in rows:
        if r["kind"] == "unanswerable":
            assert r["answers"] == [], r
            assert r["section"] is None, r
            assert r["policy"] is None, r
