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
    assert [h["passage_id"] for h in wide["hits"]] == [h["passage_id"] for h in json.loads(plain.stdout)["hits"]]
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
        assert h["citation"] and h["section"] and h["page"] >= 1


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
