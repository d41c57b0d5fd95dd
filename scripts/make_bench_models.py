#!/usr/bin/python3
"""Build full-size benchmark models with real shapes and random (seeded) weights.

The Hugging Face hub is not reachable from this project's machines, so the
benchmarks run on models that have exactly the shapes of the real ones
(opus-mt-fr-en and distilbart-cnn-6-6) but random weights.  Their outputs are
gibberish; their speed and memory use are those of the real models.

Writes, per model, a folder that transformers.js loads offline:

    config.json  generation_config.json  tokenizer.json  tokenizer_config.json
    onnx/encoder_model.onnx               onnx/decoder_model_merged.onnx
    onnx/encoder_model_quantized.onnx     onnx/decoder_model_merged_quantized.onnx

The merged decoder is one graph: an ``If`` on ``use_cache_branch`` joins the
first-step graph (computes the cross-attention keys/values) and the with-cache
graph; every weight is stored once, in the outer graph.

Usage (Debian's python, see scripts/make-bench-models.sh):
    /usr/bin/python3 scripts/make_bench_models.py [--out DIR] [--only marian|bart] [--force]

Never commit the output: it lives in the git-ignored .cache/bench-models/.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import heapq
import io
import json
import math
import os
import re
import resource
import shutil
import sys
import sysconfig
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quantize_onnx  # noqa: E402  (our own dynamic int8 quantizer)

ROOT = Path(__file__).resolve().parents[1]
OPSET = 14
NEG = -1e9  # additive mask value; finite so a fully masked row stays finite


def log(msg: str) -> None:
    print(f"[bench-models] {msg}", flush=True)


# ---------------------------------------------------------------------------
# Training text
# ---------------------------------------------------------------------------

# Every character the project's inputs are likely to contain, so that the
# tokenizers never map them to <unk> (which vanishes on decode).
COVERAGE_CHARS = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "àâäáãåæçéèêëíìîïñóòôöõøœùúûüýÿ"
    + "ÀÂÄÁÃÅÆÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØŒÙÚÛÜÝŸ"
    + "ßðþÐÞ«»‹›‘’‚“”„–—‑•·…€£¥¢§¶©®™°±×÷¹²³¼½¾¡¿µ†‡′″№"
)


def french_texts() -> list[str]:
    """French news text: the shared segmentation dev set plus the repo's seeds."""
    lines: list[str] = []
    data = ROOT.parent / "shared" / "data" / "segmentation-dev.jsonl"
    if data.exists():
        for raw in data.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                lines.extend(json.loads(raw)["text"].split("\n"))
    else:
        log(f"note: {data} not found; training on the seeds only")
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        lines.extend(seed.read_text(encoding="utf-8").split("\n"))
    return [l.strip() for l in lines if l.strip()]


def english_texts(limit_chars: int = 1_500_000) -> list[str]:
    """English prose found on every machine with Debian's python3: the standard
    library's docstrings and the common licence texts."""
    out: list[str] = []
    total = 0
    lic = Path("/usr/share/common-licenses")
    sources = sorted(p for p in lic.iterdir() if p.is_file()) if lic.is_dir() else []
    for p in sources:
        try:
            text = p.read_text(encoding="utf-8", errors="ignore")
        except OSError:
            continue
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(para.split())
            if len(para) > 20:
                out.append(para)
                total += len(para)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for p in sorted(stdlib.glob("*.py")):
        if total >= limit_chars:
            break
        try:
            tree = ast.parse(p.read_text(encoding="utf-8", errors="ignore"))
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node)
                if not doc:
                    continue
                for para in re.split(r"\n\s*\n", doc):
                    para = " ".join(para.split())
                    if len(para) > 20 and not para.startswith(">>>"):
                        out.append(para)
                        total += len(para)
    return out


# ---------------------------------------------------------------------------
# Tokenizers
# ---------------------------------------------------------------------------

def special(id_: int, content: str, lstrip: bool = False) -> dict:
    return {
        "id": id_, "content": content, "single_word": False, "lstrip": lstrip,
        "rstrip": False, "normalized": False, "special": True,
    }


def build_unigram_tokenizer(workdir: Path, vocab_size: int, spm_vocab: int) -> dict:
    """SentencePiece unigram trained on French+English, padded with filler
    pieces to ``vocab_size`` ids: </s>=0, <unk>=1, pieces, fillers, <pad>=last."""
    import sentencepiece as spm

    fr = french_texts()
    en = english_texts()
    corpus = workdir / "spm-corpus.txt"
    with corpus.open("w", encoding="utf-8") as f:
        for line in fr + en + [COVERAGE_CHARS] * 3:
            f.write(line.replace("\r", " ") + "\n")
    log(f"sentencepiece: {len(fr)} French + {len(en)} English lines, vocab {spm_vocab}")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(workdir / "spm"), vocab_size=spm_vocab,
        model_type="unigram", character_coverage=1.0, normalization_rule_name="nfkc",
        eos_id=0, unk_id=1, bos_id=-1, pad_id=-1, input_sentence_size=0,
        max_sentence_length=1 << 16, num_threads=2, minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_file=str(workdir / "spm.model"))
    vocab: list[list] = [["</s>", 0.0], ["<unk>", 0.0]]
    scores = []
    for i in range(2, sp.get_piece_size()):
        if sp.is_control(i) or sp.is_unknown(i):
            continue
        vocab.append([sp.id_to_piece(i), float(sp.get_score(i))])
        scores.append(float(sp.get_score(i)))
    filler_score = min(scores) - 1.0
    n_fill = vocab_size - 1 - len(vocab)
    assert n_fill >= 0, "sentencepiece vocab larger than the model's"
    vocab.extend([f"<filler_{i:05d}>", filler_score] for i in range(n_fill))
    vocab.append(["<pad>", 0.0])
    assert len(vocab) == vocab_size
    metaspace = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(0, "</s>"), special(1, "<unk>"), special(vocab_size - 1, "<pad>")],
        "normalizer": {"type": "NFKC"},
        "pre_tokenizer": metaspace,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [
                {"Sequence": {"id": "A", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
            ],
            "special_tokens": {"</s>": {"id": "</s>", "ids": [0], "tokens": ["</s>"]}},
        },
        "decoder": metaspace,
        "model": {"type": "Unigram", "unk_id": 1, "vocab": vocab, "byte_fallback": False},
    }


def bytes_to_unicode() -> dict[int, str]:
    """The byte-level BPE alphabet: printable bytes map to themselves, the
    others to code points from 256 up."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table = {b: chr(b) for b in keep}
    n = 0
    for b in range(256):
        if b not in table:
            table[b] = chr(256 + n)
            n += 1
    return table


# GPT-2's pre-tokenizer pattern, with \p{L} / \p{N} approximated by `re` classes.
PRETOK = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")


def learn_bpe(texts: list[str], n_merges: int) -> list[tuple[str, str]]:
    """Classic BPE: repeatedly merge the most frequent adjacent pair; pair
    counts are updated incrementally, the best pair found with a lazy heap."""
    b2u = bytes_to_unicode()
    counts: Counter = Counter()
    for t in texts:
        for w in PRETOK.findall(t):
            counts["".join(b2u[b] for b in w.encode("utf-8"))] += 1
    words = [list(w) for w in counts]
    freqs = list(counts.values())
    pair_count: Counter = Counter()
    where: defaultdict = defaultdict(set)
    for i, w in enumerate(words):
        for p in zip(w, w[1:]):
            pair_count[p] += freqs[i]
            where[p].add(i)
    heap = [(-c, p) for p, c in pair_count.items()]
    heapq.heapify(heap)
    merges: list[tuple[str, str]] = []
    while len(merges) < n_merges and heap:
        c, p = heapq.heappop(heap)
        if pair_count.get(p, 0) != -c or c == 0:
            continue  # stale entry
        merges.append(p)
        a, b = p
        merged = a + b
        touched = Counter()
        for i in list(where[p]):
            w = words[i]
            f = freqs[i]
            for q in zip(w, w[1:]):
                pair_count[q] -= f
                touched[q] += 1
            nw, j = [], 0
            while j < len(w):
                if j + 1 < len(w) and w[j] == a and w[j + 1] == b:
                    nw.append(merged)
                    j += 2
                else:
                    nw.append(w[j])
                    j += 1
            for q in zip(w, w[1:]):
                where[q].discard(i)
            for q in zip(nw, nw[1:]):
                pair_count[q] += f
                where[q].add(i)
                touched[q] += 1
            words[i] = nw
        del pair_count[p]
        where.pop(p, None)
        for q in touched:
            if q in pair_count:
                if pair_count[q] > 0:
                    heapq.heappush(heap, (-pair_count[q], q))
                else:
                    del pair_count[q]
    return merges


def build_bpe_tokenizer(vocab_size: int, n_merges: int) -> dict:
    """Byte-level BPE (RoBERTa/BART layout): <s>=0 <pad>=1 </s>=2 <unk>=3,
    256 byte symbols, learned merges, fillers, <mask>=last."""
    texts = english_texts() + french_texts()[:2000] + [COVERAGE_CHARS] * 3
    t0 = time.time()
    merges = learn_bpe(texts, n_merges)
    log(f"BPE: learned {len(merges)} merges in {time.time() - t0:.1f}s")
    vocab: dict[str, int] = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for ch in bytes_to_unicode().values():
        vocab.setdefault(ch, len(vocab))
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    i = 0
    while len(vocab) < vocab_size - 1:
        vocab[f"<filler_{i:05d}>"] = len(vocab)
        i += 1
    vocab["<mask>"] = len(vocab)
    assert len(vocab) == vocab_size
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            special(0, "<s>"), special(1, "<pad>"), special(2, "</s>"), special(3, "<unk>"),
            special(vocab_size - 1, "<mask>", lstrip=True),
        ],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {
            "type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0],
            "trim_offsets": True, "add_prefix_space": False,
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
            "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
            "vocab": vocab, "merges": [f"{a} {b}" for a, b in merges],
        },
    }


# ---------------------------------------------------------------------------
# Models (post-layer-norm encoder-decoder: Marian and BART)
# ---------------------------------------------------------------------------

@dataclass
class Arch:
    kind: str  # "marian" | "bart"
    d_model: int
    enc_layers: int
    dec_layers: int
    heads: int
    ffn: int
    vocab: int
    max_pos: int
    act: str  # "swish" | "gelu"
    scale_embedding: bool
    pad_id: int

    @property
    def head_dim(self) -> int:
        return self.d_model // self.heads


def sinusoidal_table(n_pos: int, dim: int) -> torch.Tensor:
    """Marian's static positions: sin of the even-indexed angles in the first
    half of the features, cos of the odd-indexed ones in the second half."""
    pos = np.arange(n_pos, dtype=np.float64)[:, None]
    j = np.arange(dim, dtype=np.float64)[None, :]
    angle = pos / np.power(10000.0, 2 * (j // 2) / dim)
    half = (dim + 1) // 2 if dim % 2 else dim // 2
    out = np.zeros((n_pos, dim), dtype=np.float32)
    out[:, :half] = np.sin(angle[:, 0::2])
    out[:, half:] = np.cos(angle[:, 1::2])
    return torch.from_numpy(out)


class Attention(nn.Module):
    def __init__(self, d: int, h: int):
        super().__init__()
        self.h, self.dh = h, d // h
        self.scaling = self.dh ** -0.5
        self.q_proj = nn.Linear(d, d)
        self.k_proj = nn.Linear(d, d)
        self.v_proj = nn.Linear(d, d)
        self.out_proj = nn.Linear(d, d)

    def split(self, x: torch.Tensor) -> torch.Tensor:  # [B,T,D] -> [B,H,T,Dh]
        return x.reshape(x.shape[0], -1, self.h, self.dh).transpose(1, 2)

    def kv(self, x: torch.Tensor):
        return self.split(self.k_proj(x)), self.split(self.v_proj(x))

    def attend(self, x, k, v, bias):
        q = self.split(self.q_proj(x) * self.scaling)
        w = torch.softmax(torch.matmul(q, k.transpose(2, 3)) + bias, dim=-1)
        o = torch.matmul(w, v).transpose(1, 2).reshape(x.shape[0], -1, self.h * self.dh)
        return self.out_proj(o)


class EncoderLayer(nn.Module):
    def __init__(self, a: Arch):
        super().__init__()
        self.self_attn = Attention(a.d_model, a.heads)
        self.self_attn_layer_norm = nn.LayerNorm(a.d_model)
        self.fc1 = nn.Linear(a.d_model, a.ffn)
        self.fc2 = nn.Linear(a.ffn, a.d_model)
        self.final_layer_norm = nn.LayerNorm(a.d_model)
        self.act = F.silu if a.act == "swish" else F.gelu

    def forward(self, x, bias):
        k, v = self.self_attn.kv(x)
        x = self.self_attn_layer_norm(x + self.self_attn.attend(x, k, v, bias))
        return self.final_layer_norm(x + self.fc2(self.act(self.fc1(x))))


class DecoderLayer(nn.Module):
    def __init__(self, a: Arch):
        super().__init__()
        self.self_attn = Attention(a.d_model, a.heads)
        self.self_attn_layer_norm = nn.LayerNorm(a.d_model)
        self.encoder_attn = Attention(a.d_model, a.heads)
        self.encoder_attn_layer_norm = nn.LayerNorm(a.d_model)
        self.fc1 = nn.Linear(a.d_model, a.ffn)
        self.fc2 = nn.Linear(a.ffn, a.d_model)
        self.final_layer_norm = nn.LayerNorm(a.d_model)
        self.act = F.silu if a.act == "swish" else F.gelu

    def forward(self, x, self_bias, cross_bias, past_k, past_v, cross_k, cross_v):
        k, v = self.self_attn.kv(x)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        x = self.self_attn_layer_norm(x + self.self_attn.attend(x, k, v, self_bias))
        x = self.encoder_attn_layer_norm(x + self.encoder_attn.attend(x, cross_k, cross_v, cross_bias))
        x = self.final_layer_norm(x + self.fc2(self.act(self.fc1(x))))
        return x, k, v


class Seq2Seq(nn.Module):
    """Marian / BART conditional generation, tied LM head, final_logits_bias."""

    def __init__(self, a: Arch):
        super().__init__()
        self.a = a
        self.shared = nn.Embedding(a.vocab, a.d_model)
        self.embed_scale = math.sqrt(a.d_model) if a.scale_embedding else 1.0
        if a.kind == "marian":
            self.register_buffer("pos_table", sinusoidal_table(a.max_pos, a.d_model))
        else:  # BART: learned positions, offset 2, layer norm after the embeddings
            self.enc_pos = nn.Embedding(a.max_pos + 2, a.d_model)
            self.dec_pos = nn.Embedding(a.max_pos + 2, a.d_model)
            self.enc_ln_emb = nn.LayerNorm(a.d_model)
            self.dec_ln_emb = nn.LayerNorm(a.d_model)
        self.enc_layers = nn.ModuleList(EncoderLayer(a) for _ in range(a.enc_layers))
        self.dec_layers = nn.ModuleList(DecoderLayer(a) for _ in range(a.dec_layers))
        self.register_buffer("final_logits_bias", torch.zeros(a.vocab))

    @torch.no_grad()
    def init_weights(self, seed: int) -> None:
        g = torch.Generator().manual_seed(seed)
        for name, p in self.named_parameters():
            if p.dim() >= 2:  # linear weights and embeddings
                p.copy_(torch.randn(p.shape, generator=g) * 0.02)
            elif name.endswith("weight"):  # layer norm gains
                p.fill_(1.0)
            else:
                p.zero_()
        self.shared.weight[self.a.pad_id].zero_()

    def embed(self, ids, start, side: str):
        x = self.shared(ids)
        if self.embed_scale != 1.0:
            x = x * self.embed_scale
        pos = torch.arange(ids.shape[1], dtype=torch.long) + start
        if self.a.kind == "marian":
            x = x + self.pos_table[pos]
        else:
            table = self.enc_pos if side == "enc" else self.dec_pos
            x = x + table(pos + 2)
            x = (self.enc_ln_emb if side == "enc" else self.dec_ln_emb)(x)
        return x

    def encode(self, input_ids, attention_mask):
        x = self.embed(input_ids, 0, "enc")
        bias = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * NEG
        for layer in self.enc_layers:
            x = layer(x, bias)
        return x

    def decode(self, input_ids, encoder_attention_mask, encoder_hidden_states=None, past=None):
        past_len = past[0][0].shape[2] if past is not None else 0
        x = self.embed(input_ids, past_len, "dec")
        t = input_ids.shape[1]
        q_pos = torch.arange(t, dtype=torch.long).unsqueeze(1) + past_len
        k_pos = torch.arange(t + past_len, dtype=torch.long).unsqueeze(0)
        self_bias = ((k_pos > q_pos).to(torch.float32) * NEG)[None, None]
        cross_bias = (1.0 - encoder_attention_mask[:, None, None, :].to(torch.float32)) * NEG
        presents = []
        for i, layer in enumerate(self.dec_layers):
            if past is None:
                pk = pv = None
                ck, cv = layer.encoder_attn.kv(encoder_hidden_states)
            else:
                pk, pv, ck, cv = past[i]
            x, k, v = layer(x, self_bias, cross_bias, pk, pv, ck, cv)
            presents += [k, v, ck, cv]
        # 2-D linear on the shared embedding: exported as one Gemm (transB=1)
        # reading the same initializer as the embedding Gather.
        logits = F.linear(x.reshape(-1, self.a.d_model), self.shared.weight, self.final_logits_bias)
        return (logits.reshape(x.shape[0], -1, self.a.vocab), *presents)


class EncoderWrap(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask):
        return self.m.encode(input_ids, attention_mask)


class DecoderFirstWrap(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, encoder_attention_mask, input_ids, encoder_hidden_states):
        return self.m.decode(input_ids, encoder_attention_mask, encoder_hidden_states=encoder_hidden_states)


class DecoderPastWrap(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, encoder_attention_mask, input_ids, *flat_past):
        past = [tuple(flat_past[4 * i: 4 * i + 4]) for i in range(len(flat_past) // 4)]
        return self.m.decode(input_ids, encoder_attention_mask, past=past)


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------

def kv_names(prefix: str, n_layers: int) -> list[str]:
    return [f"{prefix}.{i}.{side}.{kv}" for i in range(n_layers) for side in ("decoder", "encoder") for kv in ("key", "value")]


def export(module: nn.Module, args: tuple, inputs: list[str], outputs: list[str], axes: dict) -> onnx.ModelProto:
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(
            module, args, buf, input_names=inputs, output_names=outputs, dynamic_axes=axes,
            opset_version=OPSET, do_constant_folding=True,
        )
    return strip_initializer_identities(onnx.load_from_string(buf.getvalue()))


def strip_initializer_identities(model: onnx.ModelProto) -> onnx.ModelProto:
    """torch 1.13 stores identical parameters once (all the zero biases, all the
    unit layer-norm gains) and re-creates the other names with Identity nodes.
    Point the readers at the initializer itself so every Linear's bias is a
    plain initializer (the quantizer folds those into the fused int8 kernel)."""
    g = model.graph
    inits = {t.name for t in g.initializer}
    outputs = {o.name for o in g.output}
    alias = {}
    for n in g.node:
        if n.op_type == "Identity" and n.input[0] in inits and n.output[0] not in outputs:
            alias[n.output[0]] = n.input[0]
    if not alias:
        return model
    keep = []
    for n in g.node:
        if n.op_type == "Identity" and n.output[0] in alias:
            continue
        c = onnx.NodeProto()
        c.CopyFrom(n)
        for i, x in enumerate(c.input):
            if x in alias:
                c.input[i] = alias[x]
        keep.append(c)
    del g.node[:]
    g.node.extend(keep)
    return model


def tensor_key(t: TensorProto) -> tuple:
    data = t.raw_data if t.HasField("raw_data") else onnx.numpy_helper.to_array(t).tobytes()
    return (t.data_type, tuple(t.dims), hashlib.sha1(data).hexdigest())


def merge_decoders(first: onnx.ModelProto, with_past: onnx.ModelProto,
                   inputs: list[onnx.ValueInfoProto], outputs: list[onnx.ValueInfoProto]) -> onnx.ModelProto:
    """One graph: If(use_cache_branch) then with_past else first.  Both branch
    graphs read their weights from the outer graph, identical tensors (by
    content) stored once; branch-local names get a prefix."""
    outer_inits: list[TensorProto] = []
    by_key: dict[tuple, str] = {}
    taken = {vi.name for vi in inputs} | {vi.name for vi in outputs}

    def intern(t: TensorProto) -> str:
        key = tensor_key(t)
        if key in by_key:
            return by_key[key]
        name, n = t.name, 1
        while name in taken:
            name, n = f"{t.name}__{n}", n + 1
        taken.add(name)
        nt = TensorProto()
        nt.CopyFrom(t)
        nt.name = name
        outer_inits.append(nt)
        by_key[key] = name
        return name

    def branch(m: onnx.ModelProto, prefix: str) -> onnx.GraphProto:
        g = m.graph
        rename = {t.name: intern(t) for t in g.initializer}
        for vi in g.input:
            rename[vi.name] = vi.name  # read from the outer graph's inputs

        def r(n: str) -> str:
            if not n:
                return n
            if n not in rename:
                rename[n] = prefix + n
            return rename[n]

        graph_inputs = {vi.name for vi in g.input}
        graph_outputs = {vi.name for vi in g.output}
        nodes, produced = [], set()
        for node in g.node:
            if node.op_type == "Identity" and node.input[0] in graph_inputs and node.output[0] in graph_outputs:
                rename[node.output[0]] = node.input[0]  # torch's pass-through: handled below
                continue
            assert not any(a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS) for a in node.attribute)
            nn_ = onnx.NodeProto()
            nn_.CopyFrom(node)
            nn_.name = prefix + (node.name or node.op_type)
            del nn_.input[:]
            nn_.input.extend(r(x) for x in node.input)
            del nn_.output[:]
            nn_.output.extend(r(x) for x in node.output)
            produced.update(nn_.output)
            nodes.append(nn_)
        outs = []
        declared = {vi.name: vi for vi in outputs}
        for o in g.output:
            src = r(o.name)
            if src not in produced:
                # A pass-through of an input (the cross-attention keys/values of
                # the with-cache branch).  transformers.js ignores these outputs
                # after the first step and keeps the first step's tensors, so
                # emit a tiny constant, as optimum does, instead of copying
                # every layer's encoder keys/values out of the session each step.
                dims = [d.dim_value if d.HasField("dim_value") else 1 for d in declared[o.name].type.tensor_type.shape.dim]
                dst = prefix + o.name + "/constant"
                zeros = np.zeros(dims, dtype=onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[o.type.tensor_type.elem_type])
                nodes.append(helper.make_node("Constant", [], [dst], name=dst, value=onnx.numpy_helper.from_array(zeros, dst)))
                src = dst
            outs.append(helper.make_tensor_value_info(src, o.type.tensor_type.elem_type, None))
        return helper.make_graph(nodes, prefix.rstrip("/"), [], outs)

    else_g = branch(first, "no_past/")
    then_g = branch(with_past, "with_past/")
    if_node = helper.make_node(
        "If", ["use_cache_branch"], [o.name for o in outputs], name="optimum::if",
        then_branch=then_g, else_branch=else_g,
    )
    graph = helper.make_graph([if_node], "merged_decoder", inputs, outputs, initializer=outer_inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="fr2en-bench-models")
    model.ir_version = first.ir_version
    return model


def export_model(m: Seq2Seq, onnx_dir: Path) -> None:
    a = m.a
    H, Dh, L = a.heads, a.head_dim, a.dec_layers
    B, S, T, P = 2, 7, 3, 4
    ids = torch.randint(4, 1000, (B, S))
    mask = torch.ones(B, S, dtype=torch.long)
    mask[1, -2:] = 0

    t0 = time.time()
    enc = export(
        EncoderWrap(m), (ids, mask), ["input_ids", "attention_mask"], ["last_hidden_state"],
        {"input_ids": {0: "batch_size", 1: "encoder_sequence_length"},
         "attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
         "last_hidden_state": {0: "batch_size", 1: "encoder_sequence_length"}},
    )
    onnx.checker.check_model(enc)
    onnx.save(enc, str(onnx_dir / "encoder_model.onnx"))
    del enc
    log(f"  encoder exported ({time.time() - t0:.1f}s)")

    with torch.no_grad():
        hidden = m.encode(ids, mask)
    present = kv_names("present", L)
    past = kv_names("past_key_values", L)
    out_axes = {"logits": {0: "batch_size", 1: "decoder_sequence_length"}}
    for n in present:
        out_axes[n] = {0: "batch_size", 2: "encoder_sequence_length_out" if ".encoder." in n else "present_sequence_length"}

    first = export(
        DecoderFirstWrap(m), (mask, ids[:, :T], hidden),
        ["encoder_attention_mask", "input_ids", "encoder_hidden_states"], ["logits", *present],
        {"encoder_attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
         "input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
         "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"}, **out_axes},
    )
    flat = []
    for i in range(L):
        flat += [torch.randn(B, H, P, Dh), torch.randn(B, H, P, Dh), torch.randn(B, H, S, Dh), torch.randn(B, H, S, Dh)]
    past_axes = {n: {0: "batch_size", 2: "encoder_sequence_length_out" if ".encoder." in n else "past_decoder_sequence_length"} for n in past}
    with_past = export(
        DecoderPastWrap(m), (mask, ids[:, :1], *flat),
        ["encoder_attention_mask", "input_ids", *past], ["logits", *present],
        {"encoder_attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
         "input_ids": {0: "batch_size", 1: "decoder_sequence_length"}, **past_axes, **out_axes},
    )

    vi = helper.make_tensor_value_info
    inputs = [
        vi("encoder_attention_mask", TensorProto.INT64, ["batch_size", "encoder_sequence_length"]),
        vi("input_ids", TensorProto.INT64, ["batch_size", "decoder_sequence_length"]),
        vi("encoder_hidden_states", TensorProto.FLOAT, ["batch_size", "encoder_sequence_length", a.d_model]),
    ]
    inputs += [vi(n, TensorProto.FLOAT, ["batch_size", H, "encoder_sequence_length_out" if ".encoder." in n else "past_decoder_sequence_length", Dh]) for n in past]
    inputs.append(vi("use_cache_branch", TensorProto.BOOL, [1]))
    outputs = [vi("logits", TensorProto.FLOAT, ["batch_size", "decoder_sequence_length", a.vocab])]
    outputs += [vi(n, TensorProto.FLOAT, ["batch_size", H, "encoder_sequence_length_out" if ".encoder." in n else "present_sequence_length", Dh]) for n in present]
    merged = merge_decoders(first, with_past, inputs, outputs)
    del first, with_past
    onnx.checker.check_model(merged)
    onnx.save(merged, str(onnx_dir / "decoder_model_merged.onnx"))
    log(f"  merged decoder exported ({time.time() - t0:.1f}s total), {len(merged.graph.initializer)} shared initializers")


# ---------------------------------------------------------------------------
# The two models
# ---------------------------------------------------------------------------

MARIAN = Arch("marian", 512, 6, 6, 8, 2048, 59514, 512, "swish", True, 59513)
BART = Arch("bart", 1024, 6, 6, 16, 4096, 50264, 1024, "gelu", False, 1)


def marian_configs(a: Arch) -> tuple[dict, dict, dict]:
    config = {
        "_name_or_path": "opus-mt-fr-en-synthetic",
        "_comment": "Shape of Helsinki-NLP/opus-mt-fr-en with RANDOM weights, for benchmarks only.",
        "architectures": ["MarianMTModel"], "model_type": "marian",
        "activation_function": a.act, "activation_dropout": 0.0, "attention_dropout": 0.0, "dropout": 0.1,
        "add_bias_logits": False, "add_final_layer_norm": False,
        "d_model": a.d_model, "vocab_size": a.vocab, "decoder_vocab_size": a.vocab,
        "encoder_layers": a.enc_layers, "decoder_layers": a.dec_layers, "num_hidden_layers": a.enc_layers,
        "encoder_attention_heads": a.heads, "decoder_attention_heads": a.heads,
        "encoder_ffn_dim": a.ffn, "decoder_ffn_dim": a.ffn,
        "encoder_layerdrop": 0.0, "decoder_layerdrop": 0.0,
        "max_position_embeddings": a.max_pos, "max_length": 512, "num_beams": 4,
        "scale_embedding": True, "static_position_embeddings": True,
        "normalize_before": False, "normalize_embedding": False,
        "share_encoder_decoder_embeddings": True, "tie_word_embeddings": True,
        "init_std": 0.02, "is_encoder_decoder": True, "use_cache": True,
        "bos_token_id": 0, "eos_token_id": 0, "pad_token_id": a.pad_id, "decoder_start_token_id": a.pad_id,
        "forced_eos_token_id": 0, "bad_words_ids": [[a.pad_id]],
    }
    gen = {
        "bad_words_ids": [[a.pad_id]], "bos_token_id": 0, "decoder_start_token_id": a.pad_id,
        "eos_token_id": 0, "forced_eos_token_id": 0, "max_length": 512, "num_beams": 4,
        "pad_token_id": a.pad_id, "renormalize_logits": True,
    }
    tok = {
        "tokenizer_class": "MarianTokenizer", "source_lang": "fr", "target_lang": "en",
        "model_max_length": 512, "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
        "separate_vocabs": False, "sp_model_kwargs": {}, "clean_up_tokenization_spaces": True,
    }
    return config, gen, tok


def bart_configs(a: Arch) -> tuple[dict, dict, dict]:
    summ = {"early_stopping": True, "length_penalty": 2.0, "max_length": 142, "min_length": 56,
            "no_repeat_ngram_size": 3, "num_beams": 4}
    config = {
        "_name_or_path": "distilbart-cnn-6-6-synthetic",
        "_comment": "Shape of sshleifer/distilbart-cnn-6-6 with RANDOM weights, for benchmarks only.",
        "architectures": ["BartForConditionalGeneration"], "model_type": "bart",
        "activation_function": a.act, "activation_dropout": 0.0, "attention_dropout": 0.0, "dropout": 0.1,
        "add_bias_logits": False, "add_final_layer_norm": False,
        "d_model": a.d_model, "vocab_size": a.vocab,
        "encoder_layers": a.enc_layers, "decoder_layers": a.dec_layers, "num_hidden_layers": a.enc_layers,
        "encoder_attention_heads": a.heads, "decoder_attention_heads": a.heads,
        "encoder_ffn_dim": a.ffn, "decoder_ffn_dim": a.ffn,
        "encoder_layerdrop": 0.0, "decoder_layerdrop": 0.0,
        "max_position_embeddings": a.max_pos, "extra_pos_embeddings": 2,
        "scale_embedding": False, "static_position_embeddings": False,
        "normalize_before": False, "normalize_embedding": True,
        "init_std": 0.02, "is_encoder_decoder": True, "use_cache": True, "output_past": True,
        "bos_token_id": 0, "pad_token_id": 1, "eos_token_id": 2, "decoder_start_token_id": 2,
        "forced_bos_token_id": 0, "forced_eos_token_id": 2,
        "prefix": " ", "task_specific_params": {"summarization": summ}, **summ,
    }
    gen = {
        "bos_token_id": 0, "decoder_start_token_id": 2, "eos_token_id": 2, "forced_bos_token_id": 0,
        "forced_eos_token_id": 2, "pad_token_id": 1, **summ,
    }
    tok = {
        "tokenizer_class": "BartTokenizer", "model_max_length": 1024, "add_prefix_space": False,
        "errors": "replace", "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>",
        "cls_token": "<s>", "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>",
        "clean_up_tokenization_spaces": True,
    }
    return config, gen, tok


MODELS = {
    "marian": ("opus-mt-fr-en-synthetic", MARIAN, marian_configs),
    "bart": ("distilbart-cnn-6-6-synthetic", BART, bart_configs),
}


def write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2 if not path.name.startswith("tokenizer.json") else None) + "\n", encoding="utf-8")


def build(which: str, out_root: Path, seed: int, quantize: bool) -> None:
    folder, arch, make_configs = MODELS[which]
    final = out_root / folder
    work = out_root / (folder + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    (work / "onnx").mkdir(parents=True)
    t0 = time.time()
    log(f"{folder}: tokenizer")
    with tempfile.TemporaryDirectory() as tmp:
        if which == "marian":
            tok_json = build_unigram_tokenizer(Path(tmp), arch.vocab, spm_vocab=12000)
        else:
            tok_json = build_bpe_tokenizer(arch.vocab, n_merges=8000)
    config, gen, tok_cfg = make_configs(arch)
    write_json(work / "tokenizer.json", tok_json)
    write_json(work / "tokenizer_config.json", tok_cfg)
    write_json(work / "config.json", config)
    write_json(work / "generation_config.json", gen)

    log(f"{folder}: building torch model (seed {seed})")
    torch.manual_seed(seed)
    m = Seq2Seq(arch).eval()
    m.init_weights(seed)
    export_model(m, work / "onnx")
    del m
    if quantize:
        for name in ("encoder_model", "decoder_model_merged"):
            tq = time.time()
            src = work / "onnx" / f"{name}.onnx"
            dst = work / "onnx" / f"{name}_quantized.onnx"
            stats = quantize_onnx.quantize_file(src, dst)
            log(f"  {dst.name}: {stats} ({time.time() - tq:.1f}s)")
    shutil.rmtree(final, ignore_errors=True)
    work.rename(final)
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.0f} MB" for p in sorted((final / "onnx").iterdir()))
    log(f"{folder}: done in {time.time() - t0:.0f}s: {sizes}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / ".cache" / "bench-models"))
    ap.add_argument("--only", choices=sorted(MODELS), action="append")
    ap.add_argument("--force", action="store_true", help="rebuild models already present")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--no-quantize", action="store_true")
    args = ap.parse_args()
    out_root = Path(args.out)
    out_root.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    t0 = time.time()
    for which in args.only or sorted(MODELS, reverse=True):  # marian first
        folder = MODELS[which][0]
        names = ["encoder_model", "decoder_model_merged"]
        if not args.no_quantize:
            names += [n + "_quantized" for n in names]
        done = all((out_root / folder / "onnx" / f"{n}.onnx").exists() for n in names)
        if done and not args.force:
            log(f"{folder}: present, skipped (--force to rebuild)")
            continue
        build(which, out_root, args.seed, not args.no_quantize)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log(f"all done in {time.time() - t0:.0f}s, peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
