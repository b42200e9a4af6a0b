"""The benchmark's helpers: bench/benchlib.py (statistics, the 2x-target guard, the naive peers'
chunker, GNU time parsing, merging a partial run, the report), the peers' adapter to the eval
code (bench/peers.py) and the cache clearing of bench/workers.py. No timing assertions, no model,
no index: nothing here is timed."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import benchlib as bl  # noqa: E402
import peers  # noqa: E402
import workers  # noqa: E402


def test_percentile_matches_linear_interpolation():
    xs = [5, 1, 4, 2, 3]
    assert bl.percentile(xs, 0) == 1
    assert bl.percentile(xs, 50) == 3
    assert bl.percentile(xs, 100) == 5
    assert bl.percentile([1, 2, 3, 4], 50) == 2.5
    assert bl.percentile(range(1, 101), 95) == pytest.approx(95.05)
    assert bl.percentile([7], 95) == 7
    with pytest.raises(ValueError):
        bl.percentile([], 50)
    with pytest.raises(ValueError):
        bl.percentile([1], 101)


def test_percentile_agrees_with_numpy():
    np = pytest.importorskip("numpy")
    xs = [0.3, 12.0, 7.5, 7.5, 1.0, 100.0, 2.2]
    for p in (5, 25, 50, 90, 95, 99):
        assert bl.percentile(xs, p) == pytest.approx(float(np.percentile(xs, p)))


def test_summarize_median_min_max():
    s = bl.summarize([3.0, 1.0, 2.0, 10.0])
    assert (s["median"], s["min"], s["max"], s["n"]) == (2.5, 1.0, 10.0, 4)
    assert s["runs"] == [3.0, 1.0, 2.0, 10.0]
    with pytest.raises(ValueError):
        bl.summarize([])


def test_latency_summary_takes_percentiles_per_pass():
    passes = [[1, 2, 3, 4, 100], [2, 2, 2, 2, 2], [1, 1, 1, 1, 1]]
    s = bl.latency_summary(passes)
    assert s["p50"]["median"] == 2 and s["p50"]["min"] == 1 and s["p50"]["max"] == 3
    assert s["p95"]["max"] == pytest.approx(80.8)
    assert s["queries_per_pass"] == 5 and s["passes"] == 3
    with pytest.raises(ValueError):
        bl.latency_summary([[]])


def test_fixed_chunks_cover_the_text_exactly():
    text = "あ" * 650
    chunks = bl.fixed_chunks(text, 300)
    assert [len(c) for c in chunks] == [300, 300, 50]
    assert "".join(chunks) == text
    assert bl.fixed_chunks("", 300) == []
    assert bl.fixed_chunks("abc", 300) == ["abc"]
    assert bl.fixed_chunks("a" * 600, 300) == ["a" * 300, "a" * 300]


def test_fixed_chunks_overlap():
    chunks = bl.fixed_chunks("0123456789", 4, overlap=2)
    assert chunks == ["0123", "2345", "4567", "6789"]
    with pytest.raises(ValueError):
        bl.fixed_chunks("abc", 0)
    with pytest.raises(ValueError):
        bl.fixed_chunks("abc", 4, overlap=4)


def test_strip_html_removes_tags_and_folds_space():
    raw = '施策\t<ul style="x"> <li>○件数は&amp;8,375件</li>\n</ul>  終わり'
    assert bl.strip_html(raw) == "施策 ○件数は&8,375件 終わり"


def test_corpus_chunks_reads_sorted_txt_files(tmp_path):
    (tmp_path / "b.txt").write_text("<p>" + "い" * 10 + "</p>", encoding="utf-8")
    (tmp_path / "a.txt").write_text("あ" * 5, encoding="utf-8")
    (tmp_path / "skip.md").write_text("う" * 5, encoding="utf-8")
    assert bl.corpus_chunks(tmp_path, size=4) == ["ああああ", "あ", "いいいい", "いいいい", "いい"]


def test_recall_at():
    ranks = [1, 3, None, 6]
    assert bl.recall_at(ranks, 1) == 0.25
    assert bl.recall_at(ranks, 5) == 0.5
    assert bl.recall_at([], 5) is None


FAKE_TARGETS = (
    bl.Target("a.s", "a", 0.5, "s"),
    bl.Target("b.ms", "b", 10, "ms"),
    bl.Target("c.mb", "c", 300, "MB"),
    bl.Target("d.s", "d", 60, "s"),
)


def test_guard_passes_within_twice_the_target():
    verdicts = bl.check_targets({"a.s": 0.4, "b.ms": 15.0, "c.mb": 600.0, "d.s": None}, FAKE_TARGETS)
    assert [v.status for v in verdicts] == ["ok", "missed", "missed", "skipped"]
    assert bl.guard_exit_code(verdicts) == 0


def test_guard_fails_past_twice_the_target_and_names_it():
    verdicts = bl.check_targets({"a.s": 1.01, "b.ms": 9.0, "c.mb": 601.0, "d.s": 59.0}, FAKE_TARGETS)
    assert [v.status for v in verdicts] == ["FAIL", "ok", "FAIL", "ok"]
    assert bl.guard_exit_code(verdicts) == 1
    lines = [v.line() for v in verdicts if v.status == "FAIL"]
    assert "a: 1.01 s (target 0.5 s, 2.02x)" in lines[0]
    assert "c:" in lines[1]


def test_guard_on_the_issue_targets():
    keys = {t.key for t in bl.TARGETS}
    assert {"cold_cli.wall_s", "cold_cli.max_rss_mb", "warm.hybrid.p50_ms", "warm.hybrid.p95_ms",
            "build.uncached.wall_s", "build.cached.wall_s", "eval.wall_s"} == keys
    good = {t.key: t.limit for t in bl.TARGETS}
    assert bl.guard_exit_code(bl.check_targets(good)) == 0
    bad = dict(good, **{"warm.hybrid.p95_ms": 50.5})
    assert bl.guard_exit_code(bl.check_targets(bad)) == 1
    assert bl.guard_exit_code(bl.check_targets({})) == 0  # nothing measured: nothing to fail


def test_parse_time_v():
    out = """boom
\tCommand being timed: "nenkin x"
\tUser time (seconds): 0.61
\tSystem time (seconds): 0.09
\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:00.80
\tMaximum resident set size (kbytes): 155836
\tExit status: 0
"""
    info = bl.parse_time_v(out)
    assert info == {"user_s": 0.61, "sys_s": 0.09, "max_rss_kb": 155836, "exit_status": 0}
    assert bl._strip_time_v(out) == "boom\n"


@pytest.mark.parametrize("use_time_bin", [False, True])
def test_run_measured_reports_wall_rss_and_exit_code(use_time_bin):
    if use_time_bin and not Path(bl.TIME_BIN).exists():
        pytest.skip("no /usr/bin/time")
    r = bl.run_measured([sys.executable, "-c", "import sys; print('hi'); sys.exit(3)"], use_time_bin=use_time_bin)
    assert r.returncode == 3
    assert r.stdout.strip() == "hi"
    assert r.wall_s > 0 and r.max_rss_mb and r.max_rss_mb > 1


def test_machine_info_parsers():
    assert bl.cpu_model("processor: 0\nmodel name\t: Intel(R) Xeon(R) Processor\n") == "Intel(R) Xeon(R) Processor"
    assert bl.ram_gib("MemTotal:       24675980 kB\nMemFree: 1 kB\n") == 23.5


def test_fmt_and_ratio():
    assert bl.fmt_summary({"median": 0.8, "min": 0.75, "max": 0.9, "n": 3}) == "0.8 (0.75–0.9)"
    assert bl.fmt_summary({"median": 12.34, "min": 12.34, "max": 12.34, "n": 1}) == "12.3"
    assert bl.fmt_summary(None) == "–"
    assert bl.ratio(1.0, 4.0) == 0.25 and bl.ratio(1.0, 0) is None and bl.ratio(None, 1) is None
    assert bl.fmt_ratio(0.25) == "0.25×" and bl.fmt_ratio(None) == "–"
    assert bl.get({"a": {"b": {"c": 1}}}, "a.b.c") == 1 and bl.get({}, "a.b", 7) == 7


def _summary(x):
    return {"median": x, "min": x * 0.9, "max": x * 1.1, "n": 3}


def test_render_markdown_with_fabricated_results():
    res = {
        "finished": "2026-01-01 00:00",
        "machine": {"cpu_model": "CPU", "usable_cores": 2, "ram_gib": 23.5, "python": "3.11.7", "git_commit": "abc"},
        "load_average": {"start": [0.1, 0.1, 0.1], "end": [0.2, 0.2, 0.2]},
        "ours": {
            "cold_cli": {"wall_s": _summary(0.8), "max_rss_mb": _summary(150), "cpu_s": _summary(0.6)},
            "warm": {m: {"p50": _summary(12), "p95": _summary(30)} for m in ("hybrid", "lexical", "dense")},
            "quality": {"hybrid": {"n": 156, "r1": 0.66, "r5": 0.9}},
            "build": {"cached": {"wall_s": _summary(40), "max_rss_mb": _summary(1300)},
                      "uncached": {"wall_s": _summary(55)}},
            "eval": {"skipped": "nenkin_search.evaluation is missing"},
        },
        "peers": {
            "lexical": {"cold": {"wall_s": _summary(0.5), "max_rss_mb": _summary(96)},
                        "warm": {"p50": _summary(0.3), "p95": _summary(5)}, "quality": {"r1": 0.5, "r5": 0.8}},
            "dense": {"cold": {"wall_s": _summary(8.0), "max_rss_mb": _summary(900)},
                      "warm": {"p50": _summary(20), "p95": _summary(40)}, "quality": {"r1": 0.4, "r5": 0.7},
                      "prepare": {"wall_s": _summary(60)}},
        },
        "growth": {"scales": [{"scale": 1, "passages": 512, "structures_build_s": 2.0, "dense_encode_s": 30.0,
                               "dense_encode_measured": True, "index_mb": 2.1, "max_rss_mb": 200,
                               "query": {m: {"p50_ms": 10, "p95_ms": 20} for m in ("hybrid", "lexical", "dense")}}],
                   "note": "what was measured"},
        "verdicts": [{"label": "cold CLI answer, wall", "value": 0.8, "limit": 0.5, "unit": "s", "status": "missed"}],
        "notes": ["a note"],
    }
    md = bl.render_markdown(res)
    assert "| Cold answer, wall (s) | 0.8 (0.72–0.88) | 0.5 (0.45–0.55) | 8.00 (7.20–8.80) | 1.60× | 0.10× | ≤ 0.5 |" in md
    assert "skipped: nenkin_search.evaluation is missing" in md
    assert "| 1× | 512 |" in md and "(measured)" in md
    assert "missed" in md and "- a note" in md
    json.dumps(res)  # the results stay JSON-serialisable


def test_answerable_skips_unanswerable_and_answerless_lines():
    assert bl.answerable({"answers": ["8,375件"], "unanswerable": None})
    assert not bl.answerable({"answers": [], "unanswerable": "near-miss"})
    assert not bl.answerable({"answers": ["x"], "unanswerable": "off-topic"})
    assert not bl.answerable({"question": "?"})


# --- retrieval by style ----------------------------------------------------------------------


def _summ(n, r1, r5):
    return {"n": n, "R@1": r1, "R@5": r5, "R@10": r5, "MRR@10": r1, "nDCG@10": r1, "citation_accuracy": None}


STYLES = {
    "split": "test",
    "ours": {"hybrid": {"test": {"all": _summ(12, 0.75, 0.9), "report": _summ(10, 0.8, 1.0),
                                 "kana": _summ(2, 0.5, 0.5), "typo": _summ(0, None, None)}}},
    "lexical": {"test": {"all": _summ(12, 0.5, 0.8), "report": _summ(10, 0.6, 0.9), "kana": _summ(2, 0.0, 0.0),
                         "typo": _summ(0, None, None)}},
    "dense": {"test": {"all": _summ(12, 0.4, 0.7), "report": _summ(10, 0.4, 0.8), "kana": _summ(2, 0.5, 1.0),
                       "typo": _summ(0, None, None)}},
}


def test_style_rows_per_style_then_all():
    rows = bl.style_rows(STYLES)
    assert [r[0] for r in rows] == ["report", "kana", "typo", "**all**"]
    assert rows[0] == ["report", "10", "0.800", "1.000", "0.600", "0.900", "0.400", "0.800"]
    assert rows[2] == ["typo", "0", "–", "–", "–", "–", "–", "–"]  # no answerable question of that style
    assert rows[3][:4] == ["**all**", "12", "0.750", "0.900"]
    md = bl.render_styles(STYLES)
    assert md.splitlines()[0] == ("| style | answerable n | ours (hybrid) R@1 | ours (hybrid) R@5 | naive lexical R@1 "
                                  "| naive lexical R@5 | naive dense R@1 | naive dense R@5 |")
    assert "| kana | 2 | 0.500 | 0.500 | 0.000 | 0.000 | 0.500 | 1.000 |" in md


def test_style_rows_without_a_peer():
    rows = bl.style_rows({"ours": STYLES["ours"]})
    assert rows[0] == ["report", "10", "0.800", "1.000", "–", "–", "–", "–"]


def test_peer_hits_are_scored_by_the_eval_code():
    """The adapter a peer hands to evaluation.collect: ids are chunk indexes, citations have no section."""
    from nenkin_search import evaluation

    class FakePeer:
        chunks = ["障害年金の不支給点検件数は8,375件", "国民年金の納付率は 77.6 %", "その他"]

        def top(self, query, k=5):
            return [1, 0, 2][:k] if "納付率" in query else [2, 0, 1][:k]

    hits = peers.search_fn(FakePeer())("納付率", k=2, mode="peer")
    assert [h.passage_id for h in hits] == ["1", "0"] and hits[0].text == FakePeer.chunks[1]
    assert hits[0].citation.section is None and hits[0].citation.policy is None and str(hits[0].citation) == "chunk 1"
    assert peers.chunk_corpus(FakePeer.chunks) == {"0": FakePeer.chunks[0], "1": FakePeer.chunks[1], "2": "その他"}
    qs = [evaluation.Question("a", "納付率は", ("77.6%",), split="test", style="keyword"),
          evaluation.Question("b", "不支給の点検件数は", ("8,375件",), split="test", style="report"),
          evaluation.Question("c", "受給者の平均年齢は", (), split="test", style="public", unanswerable="near-miss")]
    data = evaluation.collect(qs, peers.search_fn(FakePeer()), None, peers.chunk_corpus(FakePeer.chunks), ("peer",))
    json.dumps(data)
    ret = evaluation.score(qs, data).retrieval["peer"]["test"]
    assert ret["keyword"]["n"] == 1 and ret["keyword"]["R@1"] == 1.0
    assert ret["report"]["R@1"] == 0.0 and ret["report"]["R@5"] == 1.0
    assert ret["all"]["n"] == 2 and ret["all"]["citation_accuracy"] == 0.0


# --- merging a partial run -------------------------------------------------------------------


def _previous():
    return {
        "finished": "2026-11-26 17:06", "profile": "full", "machine": {"git_commit": "653ac0c", "cpu_model": "Xeon"},
        "ours": {"cold_cli": {"wall_s": _summary(0.3)}, "warm": {"hybrid": {"p50": _summary(13)}},
                 "quality": {"hybrid": {"r1": 0.7}}},
        "peers": {"lexical": {"warm": {"p50": _summary(0.3)}}, "dense": {}},
        "growth": {}, "styles": {"split": "test", "ours": {"hybrid": {}}},
    }


def test_merge_previous_copies_only_the_sections_not_run():
    res = {"finished": "2026-11-29 10:00", "profile": "quick", "machine": {"git_commit": "new"},
           "ours": {"warm": {"hybrid": {"p50": _summary(9)}}}, "peers": {"lexical": {}, "dense": {}},
           "growth": {}, "styles": {}}
    res["sections"] = {"warm": bl.provenance(res)}
    copied = bl.merge_previous(res, _previous(), ran={"warm"})
    assert copied == ["cold", "peers", "styles"]  # nothing measured before for build, eval, growth
    assert res["ours"]["warm"]["hybrid"]["p50"]["median"] == 9  # this run's, not the copy
    assert "quality" not in res["ours"]  # part of warm: not copied either
    assert res["ours"]["cold_cli"]["wall_s"]["median"] == 0.3
    assert res["peers"]["lexical"]["warm"]["p50"]["median"] == 0.3
    assert res["sections"]["cold"] == {"finished": "2026-11-26 17:06", "git_commit": "653ac0c", "cpu": "Xeon",
                                       "profile": "full"}
    assert res["sections"]["warm"]["git_commit"] == "new"
    # a second merge keeps each section's own provenance, not the last file's
    again = {"finished": "2026-11-30 09:00", "profile": "quick", "machine": {"git_commit": "newer"}, "ours": {},
             "styles": STYLES, "reps_note": bl.reps_note({}, {"styles"})}
    again["sections"] = {"styles": bl.provenance(again)}
    bl.merge_previous(again, res, ran={"styles"})
    assert again["sections"]["cold"]["git_commit"] == "653ac0c" and again["sections"]["warm"]["git_commit"] == "new"
    md = bl.render_markdown(again)
    assert "- cold: measured 2026-11-26 17:06 at commit 653ac0c on Xeon, full profile" in md
    assert "- warm: measured 2026-11-29 10:00 at commit new on ?, quick profile" in md
    assert md.startswith("This run measured styles; the other sections were copied from earlier runs")
    assert "Each cell" not in md.split("\n", 1)[0]  # nothing timed in this run


def test_reps_note_names_only_what_ran():
    reps = {"cold": 3, "warm": 2, "peer_warm": 2, "build": 1, "eval": 1, "prepare": 1, "growth_passes": 1}
    assert bl.reps_note(reps, {"styles"}) == ""
    assert bl.reps_note(reps, {"warm", "eval"}) == "2 warm passes over the eval questions for ours, 1 eval runs"
    assert bl.reps_note(reps, {"peers"}).startswith("3 cold runs, 2 warm passes for the peers")


def test_render_markdown_has_the_styles_section():
    md = bl.render_markdown({"styles": STYLES, "finished": "x", "machine": {}})
    assert "Retrieval by question style, test split" in md
    assert "| report | 10 | 0.800 | 1.000 | 0.600 | 0.900 | 0.400 | 0.800 |" in md
    assert "Sections not measured in this run" not in md


def test_section_keys_cover_every_run_section():
    run_src = (BENCH / "run.py").read_text(encoding="utf-8")
    sections = run_src.split("SECTIONS = (", 1)[1].split(")", 1)[0]
    assert {s.strip().strip('"') for s in sections.split(",") if s.strip()} == set(bl.SECTION_KEYS)


# --- workers: caches and per-report tokenisation ----------------------------------------------


def test_fresh_per_report_clears_at_each_report_start():
    cleared, seen = [], []

    class Field:
        name = "lemma"

        def analyze(self, text):
            seen.append(text)
            return [text]

    passages = [SimpleNamespace(report=r) for r in ("a", "a", "a", "b", "b", "c")]
    starts = workers.report_starts(passages)
    assert starts == [0, 3, 5]
    f = workers.FreshPerReport(Field(), starts, clear=lambda: cleared.append(len(seen)))
    assert f.name == "lemma"
    assert [f.analyze(str(i)) for i in range(6)] == [[str(i)] for i in range(6)]
    assert cleared == [0, 3, 5]  # before the first passage of each report
    assert workers.report_starts([]) == []
