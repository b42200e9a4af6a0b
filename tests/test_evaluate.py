"""The evaluator: exact metrics on a hand-made example, regression detection, the nightly workflow."""
from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from nenkin_search import evaluate
from nenkin_search.evaluate import EXIT_REGRESSION, is_correct, load_questions, run

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "nightly-eval.yml"


# --- a tiny hand-made eval set with fixed rankings ---------------------------------------


@dataclass(frozen=True)
class FakeCitation:
    section: str

    def __str__(self) -> str:
        return f"{self.section} (p.1)"


@dataclass(frozen=True)
class FakeHit:
    rank: int
    score: float
    text: str
    passage_id: str
    citation: FakeCitation


@dataclass(frozen=True)
class FakeAnswer:
    text: str
    found: bool
    confidence: float = 0.5
    citation: FakeCitation | None = None


QUESTIONS = [
    {"id": "q1", "question": "一つ目", "answers": ["答えＡ"], "section": "I-1", "kind": "figure", "split": "test"},
    {"id": "q2", "question": "二つ目", "answers": ["答えB", "別解B"], "section": "I-2", "kind": "table", "split": "test"},
    {"id": "q3", "question": "三つ目", "answers": ["答えC"], "section": "I-3", "kind": "figure", "split": "test"},
    {"id": "q4", "question": "四つ目", "answers": [], "section": None, "kind": "unanswerable", "split": "tune"},
]
# q1: correct at rank 1 (full-width Ａ and a space still match); q2: first correct at rank 3, in 参考資料
# (wrong section); q3: never; q4: unanswerable.
RANKINGS = {
    "一つ目": [("答え A です", "I-1"), ("x", "I-9"), ("y", "I-9")],
    "二つ目": [("x", "I-9"), ("y", "I-9"), ("別解B", "参考資料"), ("答えB", "I-2")],
    "三つ目": [("x", "I-9")] * 10,
    "四つ目": [("x", "I-9")],
}
ANSWERS = {"一つ目": FakeAnswer("答えA", True), "二つ目": FakeAnswer("違う", True),
           "三つ目": FakeAnswer("", False), "四つ目": FakeAnswer("", False)}


def fake_search(query: str, k: int = 5, mode: str = "hybrid") -> list[FakeHit]:
    return [FakeHit(i, 1.0 / i, text, f"p{i}", FakeCitation(sec)) for i, (text, sec) in enumerate(RANKINGS[query][:k], 1)]


def broken_fake_search(query: str, k: int = 5, mode: str = "hybrid") -> list[FakeHit]:
    return [FakeHit(1, 1.0, "x", "p1", FakeCitation("I-9"))]


def fake_ask(query: str) -> FakeAnswer:
    return ANSWERS[query]


@pytest.fixture
def questions_file(tmp_path: Path) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("".join(json.dumps({**q, "policy": None}, ensure_ascii=False) + "\n" for q in QUESTIONS),
                    encoding="utf-8")
    return path


def test_is_correct_uses_match_key():
    assert is_correct("令和７年 9月末までに20歳到達者 49万人", ["20歳到達者49万人"])
    assert not is_correct("20歳到達者48万人", ["20歳到達者49万人"])
    assert not is_correct("anything", [])
    assert not is_correct("anything", ["  "])  # a blank answer must not match everything


def test_load_questions_reads_the_real_eval_set():
    qs = load_questions(evaluate.DEFAULT_QUESTIONS)
    assert len(qs) == len({q.id for q in qs}) > 100
    assert {q.split for q in qs} == {"tune", "test"}
    assert all(q.answerable == (q.kind != "unanswerable") for q in qs)


def test_exact_metrics_on_hand_made_rankings(tmp_path, questions_file):
    r = run(tmp_path / "out", questions_file, modes=("hybrid",), search_fn=fake_search, ask_fn=fake_ask)
    m = r.retrieval["hybrid"]["test"]
    assert m.n == 3
    assert m.r_at_1 == pytest.approx(1 / 3)
    assert m.r_at_5 == pytest.approx(2 / 3)
    assert m.r_at_10 == pytest.approx(2 / 3)
    assert m.mrr_at_10 == pytest.approx((1 + 1 / 3 + 0) / 3)
    # q2: relevant at ranks 3 and 4; the ideal ranking is the two judged-relevant passages at ranks 1 and 2
    q2_ndcg = (1 / math.log2(4) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert m.ndcg_at_10 == pytest.approx((1 + q2_ndcg + 0) / 3)
    assert (m.citation_acc, m.citation_n) == (pytest.approx(0.5), 2)  # q2's first correct hit is in 参考資料
    assert r.retrieval["hybrid"]["tune"].n == 0 and r.retrieval["hybrid"]["tune"].r_at_1 is None
    assert r.retrieval_by_kind["hybrid"]["test"]["figure"].r_at_1 == pytest.approx(0.5)
    assert "unanswerable" not in r.retrieval_by_kind["hybrid"]["all"]

    by_id = {x.id: x for x in r.per_question["hybrid"]}
    assert [by_id[q].first_correct_rank for q in ("q1", "q2", "q3")] == [1, 3, None]
    assert [by_id[q].hit for q in ("q1", "q2", "q3", "q4")] == [True, True, False, None]
    assert by_id["q2"].top3 == ["I-9 (p.1)", "I-9 (p.1)", "参考資料 (p.1)"]

    a = r.answers["all"]
    assert (a.n_unanswerable, a.abstention_rate) == (1, 1.0)
    assert (a.n_answerable, a.false_abstention_rate, a.answer_accuracy) == (3, pytest.approx(1 / 3), pytest.approx(1 / 3))

    assert r.exit_code == 0
    for name in ("latest.json", "latest.md", "history.jsonl", "trend.png"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    report = json.loads((tmp_path / "out" / "latest.json").read_text(encoding="utf-8"))
    assert report["metrics"]["hybrid"]["test"]["R@5"] == pytest.approx(2 / 3)
    assert [x["id"] for x in report["misses"]["hybrid"]] == ["q3"]
    assert report["fingerprint"]["eval_set_sha256"] and "git_commit" in report["fingerprint"]
    assert "二つ目" not in (tmp_path / "out" / "latest.md").read_text(encoding="utf-8").split("## Misses")[1]


def test_regression_is_detected_against_the_previous_run(tmp_path, questions_file):
    out = tmp_path / "out"
    run(out, questions_file, modes=("hybrid",), search_fn=fake_search, ask_fn=fake_ask)
    again = run(out, questions_file, modes=("hybrid",), search_fn=fake_search, ask_fn=fake_ask)
    assert again.exit_code == 0 and not again.regressions
    assert "No change" in again.summary_markdown

    broken = run(out, questions_file, modes=("hybrid",), search_fn=broken_fake_search, ask_fn=fake_ask)
    assert broken.exit_code == EXIT_REGRESSION
    assert {qid for qid, _ in broken.changes["hybrid"].newly_failing} == {"q1", "q2"}
    assert "REGRESSION" in broken.summary_markdown and "q1" in broken.report_markdown
    assert len((out / "history.jsonl").read_text(encoding="utf-8").splitlines()) == 3

    fixed = run(out, questions_file, modes=("hybrid",), search_fn=fake_search, ask_fn=fake_ask)
    assert fixed.exit_code == 0
    assert {qid for qid, _ in fixed.changes["hybrid"].newly_fixed} == {"q1", "q2"}


def test_small_drop_within_threshold_passes(tmp_path, questions_file):
    out = tmp_path / "out"
    run(out, questions_file, modes=("hybrid",), search_fn=fake_search, ask_fn=fake_ask)
    # q2 loses its rank-3 hit: R@5 falls 1/3 — allowed with max_drop=0.5, not with the default
    def worse(query, k=5, mode="hybrid"):
        return fake_search("三つ目" if query == "二つ目" else query, k, mode)

    assert run(out, questions_file, modes=("hybrid",), max_drop=0.5, search_fn=worse, ask_fn=fake_ask).exit_code == 0


# --- the real search (needs the index and the converted model) --------------------------


@pytest.mark.slow
def test_real_run_writes_reports_then_no_change_then_catches_a_broken_search(tmp_path, api_env):
    """The public search()/ask() on the session's full index (conftest's api_env, not the repo's index/)."""
    from nenkin_search.search import Hit, get_searcher

    real_passages = get_searcher().passages
    out = tmp_path / "reports"
    first = run(out)
    assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == {
        "latest.json", "latest.md", "history.jsonl", "trend.png"}
    assert (out / "trend.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(first.retrieval) == {"lexical", "dense", "hybrid"}
    assert first.retrieval["hybrid"]["test"].r_at_5 > 0.5  # far above random over hundreds of passages
    assert first.fingerprint["model_id"] and first.fingerprint["index_manifest_sha256"]
    assert "| hybrid | test |" in (out / "latest.md").read_text(encoding="utf-8")

    second = run(out)
    assert second.exit_code == 0
    assert not any(c.newly_failing or c.newly_fixed for c in second.changes.values())
    assert "No change" in second.summary_markdown and not second.regressions

    rng = random.Random(0)

    def random_search(query: str, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        picks = rng.sample(real_passages, k)
        return [Hit(rank=i, score=1.0 / i, text=p.text, passage_id=p.id, citation=p.citation)
                for i, p in enumerate(picks, 1)]

    broken = run(out, modes=("hybrid",), search_fn=random_search)
    assert broken.exit_code == EXIT_REGRESSION
    assert broken.changes["hybrid"].newly_failing
    assert broken.changes["hybrid"].newly_failing[0][0] in broken.report_markdown
    assert len((out / "history.jsonl").read_text(encoding="utf-8").splitlines()) == 3


# --- the nightly workflow ----------------------------------------------------------------


def test_nightly_workflow_is_valid_and_gates_on_nenkin_eval():
    yaml = pytest.importorskip("yaml")
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads the bare key `on` as the boolean True
    assert triggers["schedule"][0]["cron"]
    assert "workflow_dispatch" in triggers
    steps = [s for job in wf["jobs"].values() for s in job["steps"]]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "nenkin eval" in runs
    assert "continue-on-error" not in json.dumps(steps)  # a regression must fail the job
    assert "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in runs
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@v4"))
    assert upload["if"] == "always()" and "eval/reports" in upload["with"]["path"]
    assert any(j.get("runs-on") == "ubuntu-latest" for j in wf["jobs"].values())
