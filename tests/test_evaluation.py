"""The evaluator: metrics from plain dicts, answers and reliability, history and the gate, the report, the
nightly workflow, and a real `nenkin eval` that leaves git clean."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nenkin_search.evaluation import history, metrics, questions, render
from nenkin_search.evaluation.questions import Question, is_correct, load_questions
from nenkin_search.evaluation.results import citation_ok, figure_correct, score

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "nightly-eval.yml"


def test_is_correct_uses_match_key():
    assert is_correct("令和７年 9月末までに20歳到達者 49万人", ["20歳到達者49万人"])
    assert not is_correct("20歳到達者48万人", ["20歳到達者49万人"])
    assert not is_correct("anything", [])
    assert not is_correct("anything", ["  "])  # a blank answer must not match everything


def test_load_questions_reads_the_real_eval_set():
    qs = load_questions()
    assert len(qs) == len({q.id for q in qs}) > 300
    assert {q.split for q in qs} == {"tune", "test"}
    assert {q.style for q in qs} == set(questions.STYLES)
    assert {q.group for q in qs} == {"answerable", "near-miss", "off-topic"}


def test_a_bad_line_is_an_error_naming_it(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "x", "answers": ["y"]}\n{"id": "b", "question": "x", "answers": []}\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match=":2: "):
        load_questions(path)


# --- retrieval metrics on hand-made rankings (plain dicts) ----------------------------------


CORPUS = {"p1": "答え A です", "p2": "x", "p3": "別解B", "p4": "答えB", "p5": "y"}
ANSWERS = {"q1": ["答えＡ"], "q2": ["答えB", "別解B"], "q3": ["答えC"]}
RANKINGS = {"q1": ["p1", "p2", "p5"], "q2": ["p2", "p5", "p3", "p4"], "q3": ["p2"] * 3}


def test_relevance_is_judged_over_the_whole_corpus():
    rel = metrics.relevant_passages(CORPUS, ANSWERS)
    assert rel == {"q1": {"p1"}, "q2": {"p3", "p4"}, "q3": set()}


def test_exact_retrieval_metrics():
    rel = metrics.relevant_passages(CORPUS, ANSWERS)
    v = metrics.retrieval(rel, RANKINGS)
    assert v["q1"]["R@1"] == 1.0 and v["q1"]["MRR@10"] == 1.0 and v["q1"]["nDCG@10"] == pytest.approx(1.0)
    assert v["q2"]["R@1"] == 0.0 and v["q2"]["R@5"] == 1.0 and v["q2"]["MRR@10"] == pytest.approx(1 / 3)
    # both relevant passages at ranks 3 and 4, ideal at 1 and 2
    ideal = 1 + 1 / 1.5849625007211562
    assert v["q2"]["nDCG@10"] == pytest.approx((1 / 2 + 1 / 2.321928094887362) / ideal)
    assert v["q3"] == {"R@1": 0.0, "R@5": 0.0, "R@10": 0.0, "MRR@10": 0.0, "nDCG@10": 0.0}
    s = metrics.summarize(v, ["q1", "q2", "q3"])
    assert s["n"] == 3 and s["R@5"] == pytest.approx(2 / 3) and s["MRR@10"] == pytest.approx((1 + 1 / 3) / 3)


def test_answer_summary_and_reliability():
    recs = [
        {"group": "answerable", "found": True, "correct": True, "confidence": 0.95, "figure_expected": True,
         "figure_correct": True, "citation_ok": True},
        {"group": "answerable", "found": True, "correct": False, "confidence": 0.85, "figure_expected": True,
         "figure_correct": False, "figure_is_date": True},
        {"group": "answerable", "found": False, "correct": False, "confidence": 0.2},
        {"group": "near-miss", "found": True, "correct": False, "confidence": 0.9},
        {"group": "near-miss", "found": False, "correct": False, "confidence": 0.3},
        {"group": "off-topic", "found": False, "correct": False, "confidence": 0.1},
    ]
    s = metrics.answer_summary(recs)
    assert s["answer_accuracy"] == pytest.approx(1 / 3) and s["figure_accuracy"] == 0.5
    assert s["false_abstention"] == pytest.approx(1 / 3)
    assert s["abstention_near_miss"] == 0.5 and s["abstention_off_topic"] == 1.0 and s["date_figures"] == 1
    rows = {r["bin"]: r for r in metrics.reliability(recs)}
    assert rows["≥ 0.8"]["n"] == 3 and rows["≥ 0.8"]["accuracy"] == pytest.approx(1 / 3)
    assert rows["0.9–1.0"]["n"] == 2 and rows["0.5–0.6"]["n"] == 0


def test_figure_and_citation_judgements():
    assert figure_correct("約1,660万件", ["1,660万件"]) and not figure_correct("8,375件", ["7年"])
    assert figure_correct(None, ["1件"]) is None and figure_correct("3", ["3"])
    # a gold copied bare from a table cell (the unit in its header) says a value only
    assert figure_correct("11,252", ["11,252件"]) and not figure_correct("11,252", ["11,253件"])
    assert not figure_correct("67.9日", ["67.9"]) and not figure_correct("8,375件", ["8,375人"])
    # … under 1,000 too (the parser leaves such bare numbers in text alone), and before the share its cell gives
    assert figure_correct("178", ["178件"]) and not figure_correct("178", ["179件"])
    assert figure_correct("341(8.8%)", ["341"]) and figure_correct("341(8.8%)", ["8.8%"])  # the value or its share
    assert not figure_correct("341(8.8%)", ["342"]) and not figure_correct("341(8.8%)", ["8.9%"])
    # the gold figure printed to more digits (the table's 168,613社 of the text's 16.9万社) is the gold figure
    assert figure_correct("16.9万社", ["168,613社"]) and figure_correct("約97万人", ["968,000人"])
    assert not figure_correct("16.9万社", ["170,000社"]) and not figure_correct("16.9万社", ["168,613人"])
    assert not figure_correct("約97万人", ["約105万人"])
    # a decrease given with the report's minus sign (▲221億円 for 「どれだけ減った」: 221億円), not a signed gold unsigned
    assert figure_correct("221億円", ["▲221億円"]) and not figure_correct("221億円", ["▲222億円"])
    assert not figure_correct("▲0.4pt", ["0.4pt"]) and figure_correct("▲0.4pt", ["▲0.4pt"])
    q = Question("x", "?", ("a",), "I-1", "令和8年度計画策定に向けた課題", "challenge")
    assert citation_ok(q, {"section": "I-1", "policy": "確実な適用の実施", "citation": "I-1 … › 課題 (p.2)"})
    assert not citation_ok(q, {"section": "I-2", "policy": "確実な適用の実施", "citation": "… 課題"})


def _data(rankings: dict, answers: dict) -> dict:
    hits = {qid: [{"id": pid, "text": CORPUS[pid], "section": "I-1", "policy": "P", "citation": "I-1 P (p.2)"}
                  for pid in ranked] for qid, ranked in rankings.items()}
    return {"corpus": CORPUS, "hits": {"hybrid": hits}, "answers": answers, "timings": {}}


QS = [Question("q1", "一つ目", ("答えＡ",), "I-1", "P", "figure", "test", "public", figure=None),
      Question("q2", "二つ目", ("答えB", "別解B"), "I-1", "P", "table", "test", "report"),
      Question("q3", "三つ目", ("答えC",), "I-1", "P", "figure", "test", "kana"),
      Question("q4", "四つ目", (), None, None, "unanswerable", "test", "public", "near-miss", why="none")]
ANS = {"q1": {"found": True, "confidence": 0.9, "text": "答えA", "figure": None},
       "q2": {"found": True, "confidence": 0.7, "text": "違う", "figure": None},
       "q3": {"found": False, "confidence": 0.1, "text": "", "figure": None},
       "q4": {"found": False, "confidence": 0.2, "text": "", "figure": None}}


def test_scores_by_style_and_group():
    r = score(QS, _data(RANKINGS | {"q4": ["p2"]}, ANS))
    test = r.retrieval["hybrid"]["test"]
    assert test["all"]["n"] == 3 and test["public"]["n"] == 1 and test["kana"]["R@5"] == 0.0
    a = r.answer_tables["test"]
    assert a["all"]["answer_accuracy"] == pytest.approx(1 / 3) and a["public"]["abstention_near_miss"] == 1.0
    assert r.status["answer"] == {"q1": True, "q2": False, "q3": False, "q4": True}


def test_gate_and_changes():
    prev = {"headline": {"retrieval": {"hybrid": {"test": {"R@5": 0.9, "MRR@10": 0.8}}},
                         "answers": {"test": {"answer_accuracy": 0.7}}}}
    ok = {"retrieval": {"hybrid": {"test": {"R@5": 0.89, "MRR@10": 0.8}}}, "answers": {"test": {"answer_accuracy": 0.7}}}
    bad = {"retrieval": {"hybrid": {"test": {"R@5": 0.85, "MRR@10": 0.8}}}, "answers": {"test": {"answer_accuracy": 0.6}}}
    assert history.gate(prev, ok, 0.02) == ([], [])
    regressions, _ = history.gate(prev, bad, 0.02)
    assert len(regressions) == 2 and "R@5 0.900 → 0.850" in regressions[0]
    assert history.gate(None, bad, 0.02) == ([], [])
    ch = history.compare({"status": {"hybrid": {"q1": True, "q2": False}}}, {"hybrid": {"q1": False, "q2": True}},
                         {"q1": "一", "q2": "二"})
    assert ch["hybrid"].newly_failing == [("q1", "一")] and ch["hybrid"].newly_fixed == [("q2", "二")]


def test_report_sections_and_plot(tmp_path):
    r = score(QS, _data(RANKINGS | {"q4": ["p2"]}, ANS))
    md = render.report(r, {"git_commit": "abc"}, "2026-11-28T00:00:00+00:00", [], {}, None, [], {"threshold": 0.5})
    order = ["## Summary", "## What changed", "## Answers", "Confidence against correctness", "## Retrieval, every mode",
             "## Wrong answers and answered unanswerables", "## Retrieval misses", "## Settings"]
    positions = [md.index(h) for h in order]
    assert positions == sorted(positions)
    assert "| q2 | report | table | 二つ目 | answered: 違う |" in md and "| q3 | kana |" in md
    rows = [{"timestamp": f"2026-11-2{i}T03:17:00+00:00", "commit": f"{i}abcdef1234",
             "headline": r.headline()} for i in range(3)]
    out = tmp_path / "trend.png"
    render.plot(rows, out, 0.02)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_nightly_workflow_is_valid_and_keeps_history():
    import yaml

    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    on = wf.get("on", wf.get(True))
    assert "schedule" in on and "workflow_dispatch" in on
    steps = [s for job in wf["jobs"].values() for s in job["steps"]]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "nenkin eval" in runs and "torch==2.13.0" in runs
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/cache/restore") for u in uses) and any(u.startswith("actions/cache/save") for u in uses)
    matrix = wf["jobs"]["install-and-test"]["strategy"]["matrix"]["python"]
    assert {"3.11", "3.12", "3.13"} <= set(matrix)


# --- a real run ---------------------------------------------------------------------------


def _clone_with_working_tree(dest: Path) -> Path:
    """A git clone of the repository carrying the working tree's files, committed: what CI checks out."""
    subprocess.run(["git", "clone", "-q", str(REPO), str(dest)], check=True)
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    committed = subprocess.run(["git", "ls-tree", "-r", "-z", "--name-only", "HEAD"], cwd=REPO, capture_output=True,
                               check=True).stdout.decode().split("\0")
    for rel in filter(None, committed):
        if not (REPO / rel).exists():  # deleted (or no longer tracked) in the working tree
            (dest / rel).unlink(missing_ok=True)
    subprocess.run(["git", "add", "-A"], cwd=dest, check=True)
    subprocess.run(["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", "commit", "-q",
                    "--allow-empty", "-m", "working tree"], cwd=dest, check=True)
    return dest


#: seconds one full ``nenkin eval`` may take before it counts as hung
_EVAL_TIMEOUT = 1800


@pytest.mark.slow
def test_nenkin_eval_writes_its_report_and_leaves_git_clean(tmp_path, full_corpus, full_index, nenkin_env):
    clone = _clone_with_working_tree(tmp_path / "clone")
    env = nenkin_env(full_corpus, full_index) | {"PYTHONPATH": str(clone / "src")}
    cmd = [sys.executable, "-m", "nenkin_search", "eval"]
    # (a guard against a hang, not a speed check: a full run of the 4,011 questions takes about 6 minutes on two idle
    # cores, and twice that on a shared machine)
    first = subprocess.run(cmd, cwd=clone, env=env, capture_output=True, text=True, timeout=_EVAL_TIMEOUT)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "building the index" not in first.stderr, "the clone's code must match the session's index"
    reports = clone / "eval" / "reports"
    assert {p.name for p in reports.iterdir()} >= {"latest.json", "latest.md", "history.jsonl", "trend.png"}
    md = (reports / "latest.md").read_text(encoding="utf-8")
    assert md.index("## Summary") < md.index("## What changed") < md.index("## Wrong answers")
    for style in questions.STYLES:
        assert f"| {style} |" in md
    status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True).stdout
    assert status == "", status
    row = json.loads((reports / "history.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    from nenkin_search.settings import DEFAULT

    assert row["settings"] == json.loads(json.dumps(DEFAULT.to_dict()))
    assert len(row["fingerprint"]["settings_sha256"]) == 16

    # a second run compares against the first; a fabricated better past makes it exit 6
    second = subprocess.run(cmd, cwd=clone, env=env, capture_output=True, text=True, timeout=_EVAL_TIMEOUT)
    assert second.returncode == 0 and "No change" in second.stdout, second.stdout[-1500:]
    better = dict(row)
    better["headline"] = json.loads(json.dumps(row["headline"]))
    better["headline"]["retrieval"]["hybrid"]["test"]["R@5"] = 1.0
    history.append(reports / "history.jsonl", better)
    third = subprocess.run(cmd, cwd=clone, env=env, capture_output=True, text=True, timeout=_EVAL_TIMEOUT)
    assert third.returncode == 6 and "REGRESSION" in third.stdout, third.stdout[-1500:]
