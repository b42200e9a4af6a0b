"""Shared fixtures: built indexes (one full, one small) per session, a CLI runner, a network guard.

Tests marked ``slow`` need the embedding model or a built index; ``python -m pytest -m "not slow"`` is the
quick loop and must not touch either (those tests parse, tokenize, score and render only).
"""
from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS_SRC = REPO / "corpus"
REPORT_NAME = "nenkin_kikou_r7_torikumi_2025-12.txt"
#: first lines of the report kept in the small corpus: contents + I-1 + the first page of I-2
#: (one HTML table with its flattened copy); about 23 passages, built in seconds
SMALL_LINES = 57


#: fixtures that load the embedding model or a built index: a test using one is slow, whatever it says
_SLOW_FIXTURES = {"embedder", "full_index", "small_index", "small_workspace", "api_env", "nenkin", "model_dir",
                  "st_model", "bad_query_results"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


# --- network guard ------------------------------------------------------------------


class NetworkBlocked(ConnectionRefusedError):
    """Raised by the guard for a connection to anything but loopback or a Unix socket."""


def _allowed(family: int, address) -> bool:
    if family == getattr(socket, "AF_UNIX", object()):
        return True
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:  # a host name other than localhost would need DNS and the network
        return False


@pytest.fixture(scope="session", autouse=True)
def network_guard():
    """Every test (and every session fixture, index builds included) runs with the network blocked.

    Yields the list of blocked attempts, so a test can assert that nothing tried.
    """
    attempts: list[tuple] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_create = socket.create_connection

    def _check(family, address):
        if not _allowed(family, address):
            attempts.append((family, address))
            raise NetworkBlocked(f"network access is blocked in tests: {address!r}")

    def connect(self, address):
        _check(self.family, address)
        return real_connect(self, address)

    def connect_ex(self, address):
        _check(self.family, address)
        return real_connect_ex(self, address)

    def create_connection(address, *args, **kwargs):
        _check(socket.AF_INET, address)
        return real_create(address, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", connect)
    mp.setattr(socket.socket, "connect_ex", connect_ex)
    mp.setattr(socket, "create_connection", create_connection)
    try:
        yield attempts
    finally:
        mp.undo()


# --- corpora and built indexes ----------------------------------------------------------


def _quiet(_msg: str) -> None:
    pass


@pytest.fixture(scope="session")
def embedder():
    """One embedder for every in-process build, so sentence-transformers loads once."""
    from nenkin_search.embed import Embedder

    return Embedder()


@pytest.fixture(scope="session")
def full_corpus(tmp_path_factory) -> Path:
    """A copy of corpus/ (tests may not touch the repository's corpus)."""
    dest = tmp_path_factory.mktemp("full") / "corpus"
    shutil.copytree(CORPUS_SRC, dest)
    return dest


@pytest.fixture(scope="session")
def full_index(full_corpus, embedder) -> Path:
    """The one full index of the session (~25 s). Never damage it: copy it first."""
    from nenkin_search import api

    dest = full_corpus.parent / "index"
    api.build(full_corpus, dest, embedder=embedder, progress=False, log=_quiet)
    return dest


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    """The report's first SMALL_LINES lines: it parses (table of contents, I-1, I-2) and builds in seconds."""
    from nenkin_search.report import parse

    dest = tmp_path_factory.mktemp("small") / "corpus"
    dest.mkdir()
    lines = (CORPUS_SRC / REPORT_NAME).read_text(encoding="utf-8").splitlines(keepends=True)
    (dest / REPORT_NAME).write_text("".join(lines[:SMALL_LINES]), encoding="utf-8")
    report = parse(dest / REPORT_NAME)
    assert [s.id for s in report.sections] == ["I-1", "I-2"], "the small corpus no longer parses as expected"
    assert any(b.table is not None for b in report.blocks)
    return dest


@pytest.fixture(scope="session")
def small_index(small_corpus, embedder) -> Path:
    """A built index of the small corpus (pristine: copy it before damaging it)."""
    from nenkin_search import api

    dest = small_corpus.parent / "index"
    api.build(small_corpus, dest, embedder=embedder, progress=False, log=_quiet)
    return dest


@pytest.fixture
def small_workspace(tmp_path, small_corpus, small_index) -> tuple[Path, Path]:
    """(corpus_dir, index_dir): private copies of the small corpus and its built index."""
    corpus, idx = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(small_corpus, corpus)
    shutil.copytree(small_index, idx)
    return corpus, idx


@pytest.fixture
def api_env(monkeypatch, full_corpus, full_index):
    """search()/ask() without arguments use the session's full index; loaded engines are forgotten after."""
    from nenkin_search.api import reset

    monkeypatch.setenv("NENKIN_CORPUS", str(full_corpus))
    monkeypatch.setenv("NENKIN_INDEX", str(full_index))
    monkeypatch.delenv("NENKIN_MODEL", raising=False)
    reset()
    yield full_corpus, full_index
    reset()


# --- the CLI as a real process -------------------------------------------------------


@dataclass
class CliResult:
    args: list
    returncode: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def cli_env(corpus: Path | None, index: Path | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NENKIN_")}
    if corpus is not None:
        env["NENKIN_CORPUS"] = str(corpus)
    if index is not None:
        env["NENKIN_INDEX"] = str(index)
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        NO_COLOR="1",
        PYTHONIOENCODING="utf-8",
        # any stray HTTP(S) request from the child fails at once on a closed loopback port
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        NO_PROXY="",
    )
    env.pop("NENKIN_MODEL", None)
    env.update(extra)
    return env


def run_cli(args, *, corpus=None, index=None, input: bytes | None = None, timeout: float = 300,
            prefix: list[str] | None = None, env: dict | None = None) -> CliResult:
    cmd = [*(prefix or []), sys.executable, "-m", "nenkin_search", *args]
    proc = subprocess.run(
        cmd,
        input=input if input is not None else b"",
        capture_output=True,
        env=env or cli_env(corpus, index),
        timeout=timeout,
        cwd=str(REPO),
    )
    return CliResult(list(args), proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


@pytest.fixture(scope="session")
def nenkin(full_corpus, full_index):
    """Run `python -m nenkin_search ARGS…` against the session's full index (no rebuild).

    ``corpus=``/``index=`` point it elsewhere; ``input=`` is fed to stdin as bytes.
    """

    def run(*args, corpus=None, index=None, **kwargs) -> CliResult:
        return run_cli(list(args), corpus=corpus or full_corpus, index=index or full_index, **kwargs)

    return run


@pytest.fixture(scope="session")
def run_nenkin():
    """``run_nenkin(args, corpus=…, index=…, input=…, prefix=…)``: the CLI against any corpus and index."""
    return run_cli


@pytest.fixture(scope="session")
def nenkin_env():
    """``nenkin_env(corpus, index)``: the environment the CLI runs with (for Popen)."""
    return cli_env


@pytest.fixture(scope="session")
def twin_corpus(tmp_path_factory) -> Path:
    """The real report twice, under two names: two reports in one corpus."""
    dest = tmp_path_factory.mktemp("twin") / "corpus"
    dest.mkdir()
    for name in ("report_a.txt", "report_b.txt"):
        shutil.copyfile(CORPUS_SRC / REPORT_NAME, dest / name)
    return dest


@pytest.fixture(scope="session")
def small_twin_corpus(tmp_path_factory, small_corpus) -> Path:
    """The small corpus twice, under two names (builds in seconds)."""
    dest = tmp_path_factory.mktemp("smalltwin") / "corpus"
    dest.mkdir()
    for name in ("r7_a.txt", "r7_b.txt"):
        shutil.copyfile(small_corpus / REPORT_NAME, dest / name)
    return dest


# --- the embedding model ------------------------------------------------------------

#: texts that stress the tokenizer and normalisation (widths, symbols, English, controls)
E5_TEXTS = [
    "障害年金の不支給事案について8,375件の点検を実施",
    "令和7年9月末の厚生年金保険料の収納率は97.7%",
    "国民年金保険料の納付率は令和６年度末で７７．２％となった",  # full-width digits
    "ﾈﾝｷﾝﾈｯﾄのﾃﾞｰﾀ更新とﾊﾟｽﾜｰﾄﾞ再発行",  # half-width katakana, voiced marks
    "The Japan Pension Service (JPS) expanded its online application services.",
    "ねんきん定期便　送付件数：約６，２００万件（㈱委託分を含む）",  # ideographic space, ㈱
    "年金相談の予約率は90%以上を維持し、待ち時間は平均15分",
    "マイナポータル連携により、Ｅメールでの通知①〜③を開始",
    "  前後の空白と\t改行\nを含む   テキスト  ",
    "ゼロ幅\u200b文字\u200dと制御\x07文字",
    "年金",
]


@pytest.fixture(scope="session")
def e5_texts() -> list[str]:
    return list(E5_TEXTS)


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One conversion per session, in a throw-away cache that Embedder() also uses."""
    from nenkin_search import convert

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NENKIN_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield convert.ensure_model()


@pytest.fixture(scope="session")
def st_model(model_dir: Path):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)


