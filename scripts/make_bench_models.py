#!/usr/bin/python3
"""Build full-size benchmark models with real shapes and random (seeded) weights.

The Hugging Face hub is not reachable from this project's machines, so the
benchmarks run on models that have exactly the shapes of the real ones
(opus-mt-fr-en and distilbart-cnn-6-6) but random weights.  Their outputs are
gibberish; their speed and memory use are those of the real models.

Writes, per model, a folder that transformers.js loads offline:

    config.json  generation_config.json  tokenizer.json  tokenizer_config.json
    source.spm  target.spm  vocab.json    (Marian only: its own tokenizer files)
    onnx/encoder_model.onnx               onnx/decoder_model_merged.onnx
    onnx/encoder_model_quantized.onnx     onnx/decoder_model_merged_quantized.onnx

The merged decoder is one graph: an ``If`` on ``use_cache_branch`` joins the
first-step graph (computes the cross-attention keys/values) and the with-cache
graph; every weight is stored once, in the outer graph.  The torch models and
the export are in scripts/seq2seq_onnx.py (shared with make_fixtures.py); the
bench models strip torch's Identity nodes on initializers, give the with-cache
branch constant placeholders for the cross-attention outputs, make the causal
mask once per decoder call, and use -1e9 as the attention-mask value.

Usage (Debian's python, see scripts/make-bench-models.sh):
    /usr/bin/python3 scripts/make_bench_models.py [--out DIR] [--only marian|bart] [--force]

Never commit the output: it lives in the git-ignored .cache/bench-models/.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import resource
import shutil
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quantize_onnx  # noqa: E402  (our own dynamic int8 quantizer)
from seq2seq_onnx import (  # noqa: E402  (the models and their export, shared with make_fixtures.py)
    Seq2Seq, bpe_tokenizer_json, bytes_to_unicode, export_onnx, learn_bpe, marian_tokenizer_config,
    unigram_tokenizer_json,
)

ROOT = Path(__file__).resolve().parents[1]
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

def build_unigram_tokenizer(workdir: Path, vocab_size: int, spm_vocab: int) -> tuple[dict, bytes, dict]:
    """SentencePiece unigram trained on French+English, padded with filler
    pieces to ``vocab_size`` ids: </s>=0, <unk>=1, pieces, fillers, <pad>=last.
    Returns tokenizer.json, the SentencePiece model (written as Marian's source.spm
    and target.spm, one model for both sides) and vocab.json (piece -> id)."""
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
    spm_bytes = (workdir / "spm.model").read_bytes()
    vocab_json = {piece: i for i, (piece, _) in enumerate(vocab)}
    return unigram_tokenizer_json(vocab, vocab_size - 1, {"type": "NFKC"}), spm_bytes, vocab_json


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
    return bpe_tokenizer_json(vocab, merges, vocab_size - 1)


# ---------------------------------------------------------------------------
# Shapes (the models themselves and their export: scripts/seq2seq_onnx.py)
# ---------------------------------------------------------------------------

@dataclass
class Arch:
    d_model: int
    enc_layers: int
    dec_layers: int
    heads: int
    ffn: int
    vocab: int
    max_pos: int
    act: str  # "swish" | "gelu"
    pad_id: int


MARIAN = Arch(d_model=512, enc_layers=6, dec_layers=6, heads=8, ffn=2048, vocab=59514, max_pos=512, act="swish", pad_id=59513)
BART = Arch(d_model=1024, enc_layers=6, dec_layers=6, heads=16, ffn=4096, vocab=50264, max_pos=1024, act="gelu", pad_id=1)


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
    return config, gen, marian_tokenizer_config(512)


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
            # Marian's own files too, as the real Xenova/opus-mt-fr-en has them: fr2en tokenises with them
            tok_json, spm_bytes, vocab_json = build_unigram_tokenizer(Path(tmp), arch.vocab, spm_vocab=12000)
            (work / "source.spm").write_bytes(spm_bytes)
            (work / "target.spm").write_bytes(spm_bytes)
            write_json(work / "vocab.json", vocab_json)
        else:
            tok_json = build_bpe_tokenizer(arch.vocab, n_merges=8000)
    config, gen, tok_cfg = make_configs(arch)
    write_json(work / "tokenizer.json", tok_json)
    write_json(work / "tokenizer_config.json", tok_cfg)
    write_json(work / "config.json", config)
    write_json(work / "generation_config.json", gen)

    log(f"{folder}: building torch model (seed {seed})")
    torch.manual_seed(seed)  # the model's random weights come from torch's global generator
    m = Seq2Seq(config, mask_value=NEG, shared_causal_mask=True).eval()
    # Identity-free graphs (every Linear bias a plain initializer, for the quantizer) and
    # constant placeholders for the with-past branch's cross-attention outputs.
    export_onnx(m, work / "onnx", strip_identities=True, passthrough="zeros",
                producer="fr2en-bench-models", log=log)
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
        done = done and (which != "marian" or (out_root / folder / "source.spm").exists())
        if done and not args.force:
            log(f"{folder}: present, skipped (--force to rebuild)")
            continue
        build(which, out_root, args.seed, not args.no_quantize)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log(f"all done in {time.time() - t0:.0f}s, peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
