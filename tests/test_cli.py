"""The `nenkin` command as a real process: bad queries, stdin, exit codes, no tracebacks.

Every case runs `python -m nenkin_search …` against the session's prebuilt full
index (NENKIN_INDEX/NENKIN_CORPUS), so nothing is rebuilt. The processes of the
bad-query matrix start together (a small pool) and each case asserts on its own
result.
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from nenkin_search.text import match_key

# id → (argv after `python -m nenkin_search`, stdin bytes or None, expected exit code)
BAD_QUERIES: dict[str, tuple[list, bytes | None, int]] = {
    "empty (default command)": ([""], None, 2),
    "empty search": (["search", ""], None, 2),
    "whitespace only": (["search", " \u3000\t  "], None, 2),
    "whitespace on stdin": (["ask", "-"], b"  \n\t\n", 2),
    "10,001 chars": (["search", "年" * 10_001], None, 2),
    "10,001 chars on stdin": (["-"], ("金" * 10_001).encode(), 2),
    "2,001 chars (just over the limit)": (["search", "a" * 2_001], None, 2),
    "control characters around words": (["search", "年金\x07\x1b[31m納付率\x7f"], None, 0),
    "control characters only": (["search", "\x01\x02\x1b\x7f"], None, 2),
    "NUL inside a query on stdin": (["search", "-"], "年金\x00納付率".encode(), 0),
    "NUL only on stdin": (["search", "-"], b"\x00\x00\x00", 2),
    "invalid UTF-8 on stdin": (["-"], b"\xff\xfe\x00\x80\x81 bad \xc3\x28", 2),
    "Shift_JIS on stdin": (["search", "-"], "年金の納付率".encode("shift_jis"), 2),
    "UTF-8 with BOM on stdin": (["search", "-"], "\ufeff年金の納付率".encode(), 0),
    "punctuation only": (["search", "！？。、…「」・"], None, 2),
    "emoji only": (["ask", "😀🎉👍🏻"], None, 2),
    "English question": (["ask", "What is the call center answer rate?"], None, 0),
    "full-width digits": (["search", "８，３７５件", "--json"], None, 0),
    "half-width katakana": (["search", "ｺｰﾙｾﾝﾀｰ 応答率", "--json"], None, 0),
    "only a number (default command)": (["8,375"], None, 0),
    "only a number (search)": (["search", "8,375", "--json", "--mode", "lexical"], None, 0),
    "unknown mode": (["search", "年金", "--mode", "fuzzy"], None, 2),
}

#: invalid UTF-8 in argv: Python decodes it with surrogateescape into lone surrogates
ARGV_BYTES = (["search", "年金".encode() + b"\xff\xfe"], None, 2)


@pytest.fixture(scope="module")
def bad_query_results(nenkin):
    def run(item):
        name, (args, stdin, _) = item
        return name, nenkin(*args, input=stdin, timeout=240)

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(pool.map(run, BAD_QUERIES.items()))


def _assert_clean_failure(res, code: int) -> None:
    assert "Traceback" not in res.stderr, res.stderr
    assert res.returncode == code, (res.returncode, res.stderr)
    if code != 0:
        assert len(res.stderr_lines) == 1, f"want one line on stderr, got:\n{res.stderr}"
        assert res.stderr_lines[0].startswith("nenkin: "), res.stderr
        assert res.stdout.strip() == "", "no data on stdout for a refused query"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BAD_QUERIES))
def test_bad_query_gets_result_or_one_line_message(bad_query_results, name):
    args, _, code = BAD_QUERIES[name]
    res = bad_query_results[name]
    _assert_clean_failure(res, code)
    if code == 0:
        assert res.stdout.strip(), "a usable query prints a result"


@pytest.mark.slow
def test_messages_say_what_is_wrong(bad_query_results):
    r = bad_query_results
    assert "empty" in r["empty search"].stderr
    assert "10,001" in r["10,001 chars"].stderr and "2,000" in r["10,001 chars"].stderr
    assert "UTF-8" in r["invalid UTF-8 on stdin"].stderr
    assert "UTF-8" in r["Shift_JIS on stdin"].stderr
    assert "letters or digits" in r["emoji only"].stderr
    assert "fuzzy" in r["unknown mode"].stderr


@pytest.mark.slow
def test_width_variants_find_what_the_plain_query_finds(bad_query_results, nenkin):
    """Full-width digits and half-width katakana are searched as their NFKC forms."""
    plain = nenkin("search", "8,375件", "--json")
    assert plain.returncode == 0, plain.stderr
    wide = json.loads(bad_query_results["full-width digits"].stdout)
    assert [h["id"] for h in wide["hits"]] == [h["id"] for h in json.loads(plain.stdout)["hits"]]
    assert "8,375" in match_key(wide["hits"][0]["text"])
    kana = json.loads(bad_query_results["half-width katakana"].stdout)
    assert any("コールセンター" in h["text"] for h in kana["hits"])


@pytest.mark.slow
def test_number_only_query_finds_the_figure(bad_query_results):
    out = json.loads(bad_query_results["only a number (search)"].stdout)
    assert "8,375" in match_key(out["hits"][0]["text"])
    assert bad_query_results["only a number (default command)"].stdout.strip()


@pytest.mark.slow
def test_json_output_is_utf8_and_unescaped(bad_query_results):
    raw = bad_query_results["full-width digits"].stdout
    assert "\\u" not in raw and "件" in raw
    data = json.loads(raw)
    assert data["query"] == "８，３７５件" and 1 <= len(data["hits"]) <= 5
    for h in data["hits"]:
        c = h["citation"]
        assert c["label"] and c["section"] and c["page_label"].endswith(f"p.{c['page'] or c['reference_page']}")


@pytest.mark.slow
def test_invalid_utf8_in_argv_is_a_query_error(nenkin):
    args, stdin, code = ARGV_BYTES
    _assert_clean_failure(nenkin(*args, input=stdin), code)


@pytest.mark.slow
def test_default_command_is_ask(nenkin):
    a = nenkin("障害年金の不支給点検件数は", "--json")
    b = nenkin("ask", "障害年金の不支給点検件数は", "--json")
    assert a.returncode == b.returncode == 0, (a.stderr, b.stderr)
    assert json.loads(a.stdout) == json.loads(b.stdout)
    ans = json.loads(a.stdout)
    assert ans["hits"] and any("8,375" in match_key(h["text"]) for h in ans["hits"])


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [["search", "年金", "--top-k", "0"], ["search"], ["search", "年金", "--bogus-flag"], []],
    ids=["top-k 0", "missing query", "unknown option", "no arguments"],
)
def test_usage_errors_exit_2_without_traceback(nenkin, args):
    res = nenkin(*args)
    assert "Traceback" not in res.stderr, res.stderr
    assert res.returncode == 2, (args, res.returncode)


# --- issue 13: the forms a new user tries ------------------------------------------------


@pytest.mark.slow
def test_several_unquoted_words_are_one_query(nenkin):
    a = nenkin("障害年金", "不支給", "件数", "--json")
    b = nenkin("障害年金 不支給 件数", "--json")
    assert a.returncode == b.returncode == 0, a.stderr
    assert json.loads(a.stdout) == json.loads(b.stdout)
    assert json.loads(a.stdout)["query"] == "障害年金 不支給 件数"
    c = nenkin("search", "電話", "つながりやすさ", "-k", "2", "--json")
    assert c.returncode == 0 and json.loads(c.stdout)["query"] == "電話 つながりやすさ"


@pytest.mark.slow
def test_a_query_named_like_a_command(nenkin):
    for args in (["ask", "search", "--json"], ["--json", "--", "search"], ["ask", "--json", "--", "search"]):
        res = nenkin(*args)
        assert res.returncode == 0, res.stderr
        assert json.loads(res.stdout)["query"] == "search"


def test_version_and_top_level_help():
    import subprocess
    import sys

    from nenkin_search import __version__

    out = subprocess.run([sys.executable, "-m", "nenkin_search", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == f"nenkin-search {__version__}"
    assert __version__ != "0+unknown"
    out = subprocess.run([sys.executable, "-m", "nenkin_search", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for option in ("--top-k", "-k", "--json", "--mode", "--explain", "--no-build", "--version", "ask", "search"):
        assert option in out.stdout, option


@pytest.mark.slow
def test_scores_only_with_explain(nenkin):
    plain = nenkin("search", "ねんきんネット", "-k", "2")
    assert plain.returncode == 0 and "score" not in plain.stdout
    assert not [ln for ln in plain.stdout.splitlines() if ln.startswith("#") and ln.rstrip()[-1].isdigit()
                and ln.rstrip().split()[-1].replace(".", "").isdigit()]
    explained = nenkin("search", "ねんきんネット", "-k", "2", "--explain")
    lines = [ln.strip() for ln in explained.stdout.splitlines() if ln.strip().startswith("score ")]
    assert len(lines) == 2 and all("lemma" in ln and "dense" in ln and "prior" in ln for ln in lines), lines


@pytest.mark.slow
def test_one_json_schema(nenkin):
    passage = json.loads(nenkin("passages", "--json").stdout.splitlines()[0])
    hit = json.loads(nenkin("search", "障害年金", "-k", "1", "--json").stdout)["hits"][0]
    assert set(hit) == set(passage) | {"rank", "score", "signals"}
    for key in ("id", "report", "kind", "text", "citation", "cells"):
        assert key in passage and key in hit
    assert set(hit["citation"]) == set(passage["citation"])
    found = json.loads(nenkin("障害年金の不支給点検件数は", "-k", "2", "--json").stdout)
    assert found["mode"] == "hybrid" and found["k"] == 2 and found["citation"]["page_label"] == "p.12"
    assert len(found["hits"]) == 2 and found["nearest"] == []
    assert set(found["hits"][0]) == set(hit)
    missing = json.loads(nenkin("iDeCoの掛金の上限は", "--json").stdout)
    assert missing["found"] is False and missing["citation"] is None and missing["hits"] == []
    assert missing["nearest"] and missing["figure"] is None


@pytest.mark.slow
def test_missing_or_unusable_model_is_exit_5(nenkin, tmp_path):
    res = nenkin("search", "年金", "--model", str(tmp_path / "no-such-model"))
    assert res.returncode == 5 and "Traceback" not in res.stderr, res.stderr
    assert len(res.stderr_lines) == 1 and "no-such-model" in res.stderr
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text('{"model_type": "bert"}', encoding="utf-8")
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    res = nenkin("build", "--model", str(broken), index=tmp_path / "idx")
    assert res.returncode == 5 and "Traceback" not in res.stderr, res.stderr
    assert res.stderr_lines[-1].startswith("nenkin: cannot load")


@pytest.mark.slow
def test_an_unexpected_error_is_one_line_and_exit_1(full_corpus):
    import subprocess
    import sys

    code = ("import nenkin_search.api as a\n"
            "def boom(*args, **kwargs): raise RuntimeError('simulated bug')\n"
            "a.passages = boom\n"
            "from nenkin_search.cli import main\n"
            "main(['passages'])\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert res.stderr.strip() == ("nenkin: unexpected error: RuntimeError: simulated bug "
                                  "(set NENKIN_DEBUG=1 for the traceback)")


def _wait_until_blocked(pid: int, timeout: float = 60.0) -> None:
    """Until the process sleeps with its CPU time standing still (blocked on a read), however slow its start."""
    import time

    def cpu() -> tuple[str, int]:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return fields[0], int(fields[11]) + int(fields[12])

    deadline, still, last = time.monotonic() + timeout, 0, None
    while time.monotonic() < deadline and still < 3:
        state, used = cpu()
        still = still + 1 if state == "S" and used == last else 0
        last = used
        time.sleep(0.2)


@pytest.mark.slow
def test_interrupt_is_exit_130(nenkin_env, full_corpus, full_index):
    import signal
    import subprocess
    import sys

    # a test runner started in the background has SIGINT ignored, and children inherit that: restore it
    proc = subprocess.Popen([sys.executable, "-m", "nenkin_search", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=nenkin_env(full_corpus, full_index),
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    _wait_until_blocked(proc.pid)  # it waits for the question on stdin, its imports done
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.decode().strip() == "nenkin: interrupted"


@pytest.mark.slow
def test_rebuild_announces_itself_off_a_terminal(run_nenkin, small_corpus, tmp_path):
    res = run_nenkin(["build"], corpus=small_corpus, index=tmp_path / "idx")
    assert res.returncode == 0, res.stderr
    lines = res.stderr_lines
    assert lines[0].startswith("nenkin: no index in") and "building the index" in lines[1]
    assert "index built in" in lines[2] and " s " in lines[2]
    assert (tmp_path / "idx" / ".lock").exists() and not list(tmp_path.glob(".*lock"))
