"""Reliability: bad queries through the API, broken index states, broken corpora,
concurrency, offline operation and no pickles.

Everything runs on real files in temporary folders: the session builds one full
index (conftest ``full_index``) and one index of a small corpus (the report's
first lines, ``small_index``); tests that damage an index work on private copies.
Builds go through the real code (``api.open_index`` / ``api.build`` / ``nenkin build``).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nenkin_search import api
from nenkin_search import index as index_mod
from nenkin_search.api import ask, search
from nenkin_search.errors import CorpusError, IndexError_, QueryError
from nenkin_search.report import parse
from nenkin_search.search import MODES
from nenkin_search.settings import DEFAULT

THRESHOLD = DEFAULT.threshold
from nenkin_search.text import match_key

REPO = Path(__file__).resolve().parents[1]
REPORT_NAME = "nenkin_kikou_r7_torikumi_2025-12.txt"
EVAL_FILE = REPO / "eval" / "questions.jsonl"


def _current(index_dir: Path) -> Path:
    return index_dir / (index_dir / "CURRENT").read_text(encoding="utf-8").strip()


def _assert_one_line_error(res, code: int) -> None:
    assert "Traceback" not in res.stderr, res.stderr
    assert res.returncode == code, (res.returncode, res.stderr)
    assert len(res.stderr_lines) == 1, f"want one line on stderr, got:\n{res.stderr}"
    assert res.stderr_lines[0].startswith("nenkin: ")


def _assert_error(res, code: int) -> None:
    """Exit ``code``, no traceback, the error on the last stderr line; earlier lines are only progress notices."""
    assert "Traceback" not in res.stderr, res.stderr
    assert res.returncode == code, (res.returncode, res.stderr)
    lines = res.stderr_lines
    assert lines and all(line.startswith("nenkin: ") for line in lines), res.stderr
    assert all("building the index" in line for line in lines[:-1]), res.stderr


def _assert_index_ok(corpus: Path, index_dir: Path, embedder) -> index_mod.Index:
    """The published index loads without a rebuild and every file matches its manifest."""
    idx = api.open_index(corpus, index_dir, embedder=embedder, build=False)
    assert idx.path == _current(index_dir)
    index_mod.verify_files(idx.path, idx.manifest)
    assert len(idx.passages) == idx.manifest["passage_count"] == idx.dense.ntotal
    return idx


# === bad queries through the Python API ==================================================

UNUSABLE = {
    "empty": "",
    "whitespace": " \u3000\t\n ",
    "10,001 chars": "年" * 10_001,
    "2,001 chars": "a" * 2_001,
    "control chars only": "\x00\x01\x1b\x7f\u200b",
    "punctuation only": "！？。、…「」・",
    "emoji only": "😀🎉👍🏻",
    "None": None,
    "int": 8375,
    "bytes": "年金".encode(),
    "list": ["年金"],
}

USABLE = {
    "English": "What is the call center answer rate?",
    "full-width digits": "８，３７５件",
    "half-width katakana": "ｺｰﾙｾﾝﾀｰ 応答率",
    "number only": "8,375",
    "NUL inside": "年金\x00納付率",
    "control chars inside": "年金\x07\x1b[31m納付率",
}


@pytest.mark.parametrize("name", list(UNUSABLE))
def test_api_unusable_query_raises_query_error(api_env, name):
    q = UNUSABLE[name]
    for call in (lambda: search(q, k=3), lambda: ask(q, k=3)):
        with pytest.raises(QueryError) as err:
            call()
        assert isinstance(err.value, ValueError)
        assert str(err.value)


@pytest.mark.parametrize("name", list(USABLE))
def test_api_odd_but_usable_query_gets_a_normal_result(api_env, name):
    for mode in MODES:
        assert 1 <= len(search(USABLE[name], k=3, mode=mode)) <= 3
    ans = ask(USABLE[name], k=3)
    assert 1 <= len(ans.hits) <= 3 and isinstance(ans.found, bool)
    if ans.found:
        assert ans.features["p_answerable"] >= THRESHOLD


def test_api_query_at_the_length_limit_is_searched(api_env):
    assert len(search("a" * 2_000, k=2, mode="lexical")) <= 2  # 2,000 accepted, 2,001 refused above


BAD_ARGS = [{"k": 0}, {"k": -1}, {"k": "3"}, {"k": 2.5}, {"mode": "fuzzy"}, {"mode": None}]


def test_api_search_bad_k_and_mode_are_query_errors(api_env):
    for kwargs in BAD_ARGS:
        with pytest.raises(QueryError):
            search("年金", **kwargs)


def test_api_ask_bad_k_and_mode_are_query_errors(api_env):
    for kwargs in BAD_ARGS:
        with pytest.raises(QueryError):
            ask("年金", **kwargs)


def test_api_width_variants_rank_like_their_nfkc_form(api_env):
    for mode in MODES:
        for odd, plain in (("８，３７５件", "8,375件"), ("ｺｰﾙｾﾝﾀｰ 応答率", "コールセンター 応答率")):
            assert [h.passage_id for h in search(odd, k=5, mode=mode)] == [
                h.passage_id for h in search(plain, k=5, mode=mode)
            ], (odd, mode)
    assert "8,375" in match_key(search("8,375", k=1, mode="lexical")[0].text)
    assert "8,375" in match_key(search("８，３７５", k=1, mode="hybrid")[0].text)


@pytest.mark.parametrize("mode", MODES)
def test_api_lone_surrogate_is_a_query_error(api_env, mode):
    for call in (search, ask):
        try:
            call("年金\udcff", k=3, mode=mode)
        except QueryError:
            continue
        pytest.fail(f"{call.__name__} accepted a lone surrogate")


# --- property tests ---

_JA = list("年金納付率件数人万円厚生国民障害点検令和度月末８，３７５0123456789,.%ｱｲｳｺｰﾙｾﾝﾀｰ ・　\t\n\x00\x07！？。、😀abcXYZ")
QUERIES = st.one_of(st.text(max_size=40), st.text(alphabet=st.sampled_from(_JA), max_size=40))
PROPS = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check_ranked(hits, k):
    assert len(hits) <= k
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert len({h.passage_id for h in hits}) == len(hits)


@pytest.mark.slow
@PROPS
@given(q=QUERIES, k=st.integers(1, 8), mode=st.sampled_from(MODES))
def test_property_search_any_string(api_env, q, k, mode):
    try:
        hits = search(q, k=k, mode=mode)
    except QueryError:
        return
    assert hits, "a query that passes the checks gets hits (the index has thousands of passages)"
    _check_ranked(hits, k)


@pytest.mark.slow
@PROPS
@given(q=QUERIES, k=st.integers(1, 8), mode=st.sampled_from(MODES))
def test_property_ask_any_string(api_env, q, k, mode):
    try:
        ans = ask(q, k=k, mode=mode)
    except QueryError:
        return
    _check_ranked(ans.hits, k)
    assert 0.0 <= ans.confidence <= 1.0
    if ans.found:
        # each mode answers by its own models' threshold
        assert ans.text and ans.citation is not None and ans.features["p_answerable"] >= DEFAULT.models(mode)[2]
    else:
        assert ans.text == "" and ans.citation is None


# === broken index states ===================================================================


def _truncate_dense(idx: Path, b: Path) -> str:
    os.truncate(b / "dense.faiss", (b / "dense.faiss").stat().st_size // 2)
    return "dense.faiss"


def _manifest_invalid_json(idx: Path, b: Path) -> str:
    text = (b / "manifest.json").read_text(encoding="utf-8")
    (b / "manifest.json").write_text(text[: len(text) // 2], encoding="utf-8")
    return "manifest.json"


def _manifest_changed_checksum(idx: Path, b: Path) -> str:
    m = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    m["files"]["dense.faiss"] = "0" * 64
    (b / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    return "dense.faiss"


def _passages_missing(idx: Path, b: Path) -> str:
    (b / "passages.jsonl").unlink()
    return "passages.jsonl"


def _passages_edited(idx: Path, b: Path) -> str:
    p = b / "passages.jsonl"
    text = p.read_text(encoding="utf-8")
    assert "49万人" in text
    p.write_text(text.replace("49万人", "94万人"), encoding="utf-8")  # a wrong figure, same size
    return "passages.jsonl"


def _lexical_truncated(idx: Path, b: Path) -> str:
    p = b / "lexical" / "lemma" / "vocab.index.json"
    os.truncate(p, p.stat().st_size // 2)
    return "vocab.index.json"


def _sentences_truncated(idx: Path, b: Path) -> str:
    p = b / "sentences.npy"
    os.truncate(p, p.stat().st_size // 2)
    return "sentences.npy"


def _current_dangling(idx: Path, b: Path) -> str:
    (idx / "CURRENT").write_text("build-20000101-000000-1-1\n", encoding="utf-8")
    return "manifest.json"


DAMAGE = {
    "truncated dense.faiss": _truncate_dense,
    "manifest invalid JSON": _manifest_invalid_json,
    "manifest checksum changed": _manifest_changed_checksum,
    "passages.jsonl missing": _passages_missing,
    "passages.jsonl edited": _passages_edited,
    "lexical vocab truncated": _lexical_truncated,
    "sentence vectors truncated": _sentences_truncated,
    "CURRENT names a missing build": _current_dangling,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_corrupt_index_refused_with_no_build(small_workspace, embedder, damage):
    corpus, idx = small_workspace
    build = _current(idx)
    fname = DAMAGE[damage](idx, build)
    with pytest.raises(IndexError_) as err:
        api.open_index(corpus, idx, embedder=embedder, build=False)
    msg = str(err.value)
    assert fname in msg and "nenkin build --force" in msg, msg
    assert "\n" not in msg


@pytest.mark.slow
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_corrupt_index_detected_and_rebuilt(small_workspace, embedder, damage):
    corpus, idx = small_workspace
    damaged = _current(idx)
    fname = DAMAGE[damage](idx, damaged)
    logs: list[str] = []
    loaded = api.open_index(corpus, idx, embedder=embedder, log=logs.append)
    assert logs and fname in logs[0] and "building" in logs[0], logs
    assert loaded.path != damaged and loaded.path == _current(idx)
    assert not damaged.exists(), "the damaged build is removed once a good one is live"
    good = _assert_index_ok(corpus, idx, embedder)
    texts = "\n".join(p.text for p in good.passages)
    assert "49万人" in texts and "94万人" not in texts


@pytest.mark.slow
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_cli_no_build_refuses_corrupt_index_exit_4(run_nenkin, small_workspace, damage):
    corpus, idx = small_workspace
    fname = DAMAGE[damage](idx, _current(idx))
    before = sorted(p.name for p in idx.iterdir())
    res = run_nenkin(["search", "20歳到達者", "--no-build"], corpus=corpus, index=idx)
    _assert_one_line_error(res, 4)
    assert fname in res.stderr and "nenkin build --force" in res.stderr
    assert res.stdout == ""
    assert sorted(p.name for p in idx.iterdir()) == before, "refusing must not touch the index"


def test_manifest_that_lists_no_files_is_corrupt(small_workspace, embedder):
    corpus, idx = small_workspace
    build = _current(idx)
    _passages_edited(idx, build)
    m = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    m["files"] = {}
    (build / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(IndexError_, match="manifest.json"):  # today it loads, serving 94万人 for 49万人
        api.open_index(corpus, idx, embedder=embedder, build=False)


def test_missing_index_no_build_is_a_clear_error(run_nenkin, small_corpus, tmp_path, embedder):
    idx = tmp_path / "nothing-here"
    with pytest.raises(IndexError_, match="no index in"):
        api.open_index(small_corpus, idx, embedder=embedder, build=False)
    res = run_nenkin(["search", "年金", "--no-build"], corpus=small_corpus, index=idx)
    _assert_one_line_error(res, 4)
    assert str(idx) in res.stderr and "nenkin build" in res.stderr
    assert not idx.exists(), "--no-build creates nothing"


@pytest.mark.slow
def test_missing_index_is_built_automatically(small_corpus, tmp_path, embedder):
    idx = tmp_path / "new" / "index"
    logs: list[str] = []
    loaded = api.open_index(small_corpus, idx, embedder=embedder, log=logs.append)
    assert any("no index" in m for m in logs), logs
    assert len(loaded) > 0
    _assert_index_ok(small_corpus, idx, embedder)
    assert [p.name for p in idx.iterdir() if p.name.startswith(".tmp-")] == []


@pytest.mark.slow
def test_stale_index_detected_and_rebuilt(run_nenkin, small_workspace, embedder):
    corpus, idx = small_workspace
    old = _current(idx)
    with open(corpus / REPORT_NAME, "a", encoding="utf-8") as f:
        f.write("○テスト追記：特別検証用のカピバラ相談窓口を新設。\n")
    res = run_nenkin(["search", "カピバラ", "--no-build"], corpus=corpus, index=idx)
    _assert_one_line_error(res, 4)
    assert "corpus changed" in res.stderr and "nenkin build" in res.stderr
    with pytest.raises(IndexError_, match="corpus changed"):
        api.open_index(corpus, idx, embedder=embedder, build=False)
    logs: list[str] = []
    loaded = api.open_index(corpus, idx, embedder=embedder, log=logs.append)
    assert any("corpus changed" in m for m in logs), logs
    assert loaded.path != old and not old.exists()
    assert any("カピバラ" in p.text for p in loaded.passages), "the appended line is indexed"
    assert loaded.fingerprint["corpus_sha256"] == api.corpus_sha256(sorted(corpus.glob("*.txt")))
    _assert_index_ok(corpus, idx, embedder)


@pytest.mark.slow
def test_two_concurrent_force_builds(nenkin_env, small_corpus, tmp_path, embedder):
    idx = tmp_path / "index"
    env = nenkin_env(small_corpus, idx)
    cmd = [sys.executable, "-m", "nenkin_search", "build", "--force"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outs):
        assert p.returncode == 0, err.decode(errors="replace")
        assert b"Traceback" not in err
        assert "passages indexed in" in err.decode(), err.decode()  # each one built (--force), in turn
    _assert_index_ok(small_corpus, idx, embedder)
    names = sorted(p.name for p in idx.iterdir())
    assert [n for n in names if n.startswith("build-")] == [_current(idx).name], names
    assert not [n for n in names if n.startswith(".tmp-") or n.endswith(".tmp")], names


# --- a read-only index folder ---


def _readonly_prefix(folder: Path) -> list[str] | None:
    """A command prefix under which ``folder`` cannot be written, or None.

    As a normal user chmod 0o555 is enough (prefix []). Root ignores modes, so then
    the command runs in a private mount namespace with ``folder`` bind-mounted read-only.
    """
    probe = folder / ".write-probe"
    try:
        probe.write_text("x")
    except OSError:
        return []  # the mode bits hold
    probe.unlink()
    script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    prefix = ["unshare", "-m", "sh", "-c", script, str(folder)]
    if shutil.which("unshare") is None:
        return None
    check = subprocess.run([*prefix, "sh", "-c", f'! touch "{probe}" 2>/dev/null'], capture_output=True)
    if probe.exists():
        probe.unlink()
    return prefix if check.returncode == 0 else None


@pytest.mark.slow
def test_read_only_index_folder(run_nenkin, small_workspace, embedder):
    corpus, idx0 = small_workspace
    parent = idx0.parent / "ro"
    parent.mkdir()
    idx = parent / "index"
    shutil.move(idx0, idx)
    good = _current(idx)
    modes = {p: p.stat().st_mode for p in (parent, idx, good)}
    for p in modes:
        p.chmod(0o555)
    try:
        prefix = _readonly_prefix(parent)
        if prefix is None:
            pytest.skip("running as root (chmod does not stop writes) and no mount namespace for a read-only bind mount")
        # a forced rebuild cannot write: a clear message, exit 4
        res = run_nenkin(["build", "--force"], corpus=corpus, index=idx, prefix=prefix)
        _assert_one_line_error(res, 4)
        assert str(idx) in res.stderr and "cannot" in res.stderr
        # the previous good index still answers, read-only as it is
        res = run_nenkin(["search", "20歳到達者", "--json"], corpus=corpus, index=idx, prefix=prefix)
        assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
        assert json.loads(res.stdout)["hits"]
        # a stale index that cannot be rebuilt is refused, not served
        with open(corpus / REPORT_NAME, "a", encoding="utf-8") as f:
            f.write("○テスト追記：読み取り専用の確認。\n")
        res = run_nenkin(["search", "20歳到達者"], corpus=corpus, index=idx, prefix=prefix)
        _assert_error(res, 4)
        assert "cannot" in res.stderr_lines[-1]
    finally:
        for p, mode in modes.items():
            p.chmod(mode)
    assert _current(idx) == good and good.exists()
    idx_files = sorted(p.name for p in idx.iterdir())
    assert idx_files == [".lock", "CURRENT", good.name], idx_files


def test_index_path_through_a_file_is_a_clear_error(run_nenkin, small_corpus, tmp_path):
    """Checked before any work: one line, exit 4, nothing built (it used to fail half a minute into a build)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder is expected")
    for index in (blocker / "index", blocker):
        res = run_nenkin(["search", "年金"], corpus=small_corpus, index=index)
        _assert_one_line_error(res, 4)
        assert "not-a-folder" in res.stderr and "is a file" in res.stderr


# === corpus problems ========================================================================


def _shift_jis(path: Path) -> int:
    path.write_bytes(path.read_text(encoding="utf-8").encode("shift_jis", errors="replace"))
    return 3  # the title, first non-ASCII line


def _empty(path: Path) -> int | None:
    path.write_bytes(b"")
    return None


def _table_cut(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.count("<table") == 2 and "\t" in line)
    lines[n] = lines[n].replace("</table>", "", 1)
    path.write_text("".join(lines), encoding="utf-8")
    return n + 1


CORPUS_DAMAGE = {"Shift_JIS": _shift_jis, "empty file": _empty, "table cut in half": _table_cut}


@pytest.mark.parametrize("case", list(CORPUS_DAMAGE))
def test_corpus_problem_is_exit_3_and_keeps_the_old_index(run_nenkin, small_workspace, case):
    corpus, idx = small_workspace
    good = _current(idx)
    CORPUS_DAMAGE[case](corpus / REPORT_NAME)
    commands = [["search", "年金"], ["build"], ["passages"]] if case == "Shift_JIS" else [["search", "年金"]]
    for args in commands:
        res = run_nenkin(args, corpus=corpus, index=idx)
        _assert_error(res, 3)
    assert _current(idx) == good and good.exists(), "the previous index stays in service"
    assert sorted(p.name for p in idx.iterdir()) == [".lock", "CURRENT", good.name]


@pytest.mark.parametrize("case", list(CORPUS_DAMAGE))
def test_corpus_error_names_file_and_line(run_nenkin, small_workspace, embedder, case):
    corpus, idx = small_workspace
    path = corpus / REPORT_NAME
    line = CORPUS_DAMAGE[case](path)
    where = f"{path}:{line}" if line else f"{path}:"
    with pytest.raises(CorpusError) as err:
        parse(path)
    assert str(err.value).startswith(where), str(err.value)
    with pytest.raises(CorpusError) as err:  # and the index is not rebuilt from it
        api.open_index(corpus, idx, embedder=embedder)
    assert str(err.value).startswith(where)
    res = run_nenkin(["build", "--force"], corpus=corpus, index=idx)
    assert res.returncode == 3 and f"nenkin: {where}" in res.stderr, res.stderr


# === concurrency and isolation ==============================================================


def _eval_jobs(n: int = 50) -> list[tuple[str, str, str]]:
    rows = [json.loads(line) for line in EVAL_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    step = max(1, len(rows) // n)
    questions = [r["question"] for r in rows[::step]][:n]
    return [(q, MODES[i % 3], "ask" if (i // 3) % 2 else "search") for i, q in enumerate(questions)]


def _run_job(job):
    q, mode, kind = job
    if kind == "search":
        return [(h.passage_id, h.score, dict(h.signals)) for h in search(q, k=5, mode=mode)]
    a = ask(q, k=5, mode=mode)
    return (a.found, a.text, str(a.citation), a.confidence, a.figure, [h.passage_id for h in a.hits])


@pytest.mark.slow
def test_threads_give_the_sequential_results(api_env):
    jobs = _eval_jobs(50)
    assert len(jobs) == 50 and {m for _, m, _ in jobs} == set(MODES)
    expected = [_run_job(j) for j in jobs]
    n_threads = 8
    barrier = threading.Barrier(n_threads)
    results: dict[int, dict[int, object]] = {}
    errors: list[BaseException] = []

    def worker(t: int) -> None:
        try:
            barrier.wait()
            order = list(range(len(jobs)))
            order = order[t * 6 :] + order[: t * 6]  # each thread starts elsewhere in the list
            results[t] = {i: _run_job(jobs[i]) for i in order}
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(n_threads)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=600)
    assert not errors, errors
    assert len(results) == n_threads
    for t, got in results.items():
        for i, exp in enumerate(expected):
            assert got[i] == exp, (t, jobs[i])


def test_answer_statistics_follow_the_engine(small_corpus, small_index, full_corpus, full_index, embedder):
    """Each loaded index answers with its own document frequencies (nothing leaks between engines)."""
    api.reset()
    try:
        small = api.engine(small_corpus, small_index)
        full = api.engine(full_corpus, full_index)
        assert small is not full and len(small.passages) < len(full.passages)
        # 障害年金 is in the full report, not in the small one (contents + I-1 + a page of I-2)
        assert small._idf("障害") > full._idf("障害")
        assert api.engine(small_corpus, small_index) is small
    finally:
        api.reset()


def test_offline_search_ask_and_load(network_guard, api_env, small_workspace, embedder):
    assert network_guard == [], f"something tried the network during the session builds: {network_guard}"
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=2)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s4, pytest.raises(OSError):
        s4.connect(("93.184.216.34", 443))
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s6, pytest.raises(OSError):
        s6.connect_ex(("2001:db8::1", 443, 0, 0))
    assert len(network_guard) == 3
    with socket.socket() as server:  # loopback stays allowed
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        socket.create_connection(server.getsockname(), timeout=2).close()
    corpus, idx = small_workspace
    assert len(api.open_index(corpus, idx, embedder=embedder, build=False)) > 0
    assert search("障害年金の不支給点検件数", k=3)
    assert ask("障害年金の不支給点検件数は").hits
    assert len(network_guard) == 3, f"search/ask/load tried the network: {network_guard[3:]}"


def test_hf_hub_offline_after_import():
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    code = (
        "import os, nenkin_search.embed\n"
        "assert os.environ['HF_HUB_OFFLINE'] == '1', os.environ.get('HF_HUB_OFFLINE')\n"
        "assert os.environ['TRANSFORMERS_OFFLINE'] == '1'\n"
        "import huggingface_hub.constants as c\n"
        "assert c.HF_HUB_OFFLINE, 'huggingface_hub is online'\n"
        "print('offline')\n"
    )
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "offline", res.stderr
    import nenkin_search.embed  # noqa: F401  (and in this process too)

    assert os.environ["HF_HUB_OFFLINE"] == "1"


# --- no pickles ---

_PICKLE_USE = re.compile(
    r"^\s*(?:import|from)\s+(?:c?pickle|joblib|dill|cloudpickle|shelve)\b"
    r"|\b(?:c?pickle|joblib|dill)\.loads?\("
    r"|allow_pickle\s*=\s*True"
    r"|\btorch\.load\("
    r"|weights_only\s*=\s*False",
    re.M,
)


def test_source_never_loads_pickles():
    src = REPO / "src" / "nenkin_search"
    offenders = [
        f"{path.relative_to(REPO)}:{text[: m.start()].count(chr(10)) + 1}: {m.group(0).strip()}"
        for path in sorted(src.rglob("*.py"))
        for text in [path.read_text(encoding="utf-8")]
        for m in _PICKLE_USE.finditer(text)
    ]
    assert offenders == []
    assert "allow_pickle=False" in (src / "index.py").read_text(encoding="utf-8")


def _pickle_payload(marker: Path) -> bytes:
    """Protocol-0 pickle opcodes for ``os.mkdir(marker)``, written by hand (the project never imports pickle).

    ``c`` pushes the global ``os.mkdir``, ``(``…``t`` builds the argument tuple, ``R`` calls it, ``.`` stops:
    whatever unpickles these bytes creates ``marker``, which the tests then look for.
    """
    return b"cos\nmkdir\n(V" + str(marker).encode("raw_unicode_escape") + b"\ntR."


def _npy_payload(path: Path, marker: Path) -> None:
    """A valid .npy file of one object element whose body is the payload (what np.save writes for objects)."""
    header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    path.write_bytes(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode("latin1") + _pickle_payload(marker))


def _forge_checksums(build: Path) -> None:
    """Make the manifest agree with the tampered files, so only the loader stands in the way."""
    m = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    for rel in m["files"]:
        m["files"][rel] = index_mod._sha256_file(build / rel)
    (build / "manifest.json").write_text(json.dumps(m), encoding="utf-8")


def test_npy_payload_is_an_object_array(tmp_path):
    """The tampered .npy is well formed: numpy recognises an object array and refuses it without pickle."""
    path = tmp_path / "payload.npy"
    _npy_payload(path, tmp_path / "ran")
    with pytest.raises(ValueError, match="allow_pickle"):
        np.load(path, allow_pickle=False)
    assert not (tmp_path / "ran").exists()


@pytest.mark.slow
@pytest.mark.parametrize("target", ["lexical/lemma/data.csc.index.npy", "sentences.npy", "passages.jsonl"])
@pytest.mark.parametrize("forged", [False, True], ids=["checksum-kept", "checksum-forged"])
def test_tampered_index_is_refused_and_never_unpickled(run_nenkin, small_workspace, embedder, tmp_path, target, forged):
    corpus, idx = small_workspace
    build = _current(idx)
    marker = tmp_path / "UNPICKLED"
    if target.endswith(".npy"):
        _npy_payload(build / target, marker)
    else:
        (build / target).write_bytes(_pickle_payload(marker) + b"\n")
    if forged:
        _forge_checksums(build)
    with pytest.raises(IndexError_) as err:
        api.open_index(corpus, idx, embedder=embedder, build=False)
    assert (Path(target).name in str(err.value)) or forged, str(err.value)
    assert not marker.exists(), "the index loader unpickled a payload"
    if forged:  # the CLI refuses it too (exit 4), without unpickling
        res = run_nenkin(["search", "年金", "--no-build"], corpus=corpus, index=idx)
        _assert_one_line_error(res, 4)
        assert not marker.exists()
    rebuilt = api.open_index(corpus, idx, embedder=embedder, log=lambda m: None)  # default: rebuilt, not unpickled
    assert rebuilt.path != build and not marker.exists()
    _assert_index_ok(corpus, idx, embedder)
