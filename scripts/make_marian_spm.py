#!/usr/bin/python3
"""Generate test/fixtures/models/marian-spm/: a Marian model folder in the layout of the real
Xenova/opus-mt-fr-en, with Marian's own tokenizer files beside transformers.js's.

    /usr/bin/python3 scripts/make_marian_spm.py [--out DIR]

Needs Debian's python3-torch, python3-onnx, python3-sentencepiece (scripts/make-fixtures.sh
calls it). Reads only this folder's scripts and seeds/kazakhstan-2022-fr.txt.

The folder holds, like the real model:
  source.spm    SentencePiece unigram model trained (Debian's sentencepiece, default nmt_nfkc
                normalisation) on French text rewritten by OPUS-MT's preprocess-spm.sh
  target.spm    the same on English text
  vocab.json    the shared vocabulary: `</s>` 0, `<unk>` 1, `,` 2, `.` 3, then every piece of
                the encoded French and English training text by frequency (French and English
                pieces interleave), `<pad>` last; pieces that never occur are left out, as
                Marian's vocabulary builder leaves them out
  tokenizer.json         written the way transformers.js's Marian converter
                (scripts/extra/marian.py) writes it: Unigram over vocab.json's order, each piece
                scored max(source score, target score) (-100 when absent, 0 for special tokens),
                `unk_id` 2 (which is `,`), null Precompiled charsmap, WhitespaceSplit + Metaspace
  tokenizer_config.json, config.json, generation_config.json, onnx/ (random weights, fp32)
"""
import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import sentencepiece as spm
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import (ENGLISH_TEXT, PAIRS, SEED_ARTICLE, marian_config,  # noqa: E402
                           marian_generation_config, split_sentences, write_json)
from seq2seq_onnx import Seq2Seq, export_onnx, marian_tokenizer_config  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NAME = "marian-spm"
SOURCE_PIECES = 500
TARGET_PIECES = 450

# OPUS-MT-train scripts/preprocess-spm.sh, the sed mapping in its order (see src/backend/normalize/opus-mt.ts).
PREPROCESS_MAP = [
    ("，", ","), ("。", ". "), ("、", ","), ("”", '"'), ("“", '"'), ("∶", ":"), ("：", ":"),
    ("？", "?"), ("《", '"'), ("》", '"'), ("）", ")"), ("！", "!"), ("（", "("), ("；", ";"),
    ("１", '"'), ("」", '"'), ("「", '"'), ("０", "0"), ("３", "3"), ("２", "2"), ("５", "5"),
    ("６", "6"), ("９", "9"), ("７", "7"), ("８", "8"), ("４", "4"), ("．", ". "), ("～", "~"),
    ("’", "'"), ("…", "..."), ("━", "-"), ("〈", "<"), ("〉", ">"), ("【", "["), ("】", "]"),
    ("％", "%"),
]


def is_other(ch):
    """Perl's \\p{C}: Unicode general category C* (Cc, Cf, Cs, Co, Cn)."""
    import unicodedata
    return unicodedata.category(ch).startswith("C")


def preprocess_spm(line):
    """Python port of preprocess-spm.sh (sed mapping, \\p{C} -> space, zero-width removal,
    squeeze and trim spaces); written apart from the TypeScript one so each checks the other."""
    for a, b in PREPROCESS_MAP:
        if a in ("。", "．"):
            line = re.sub(re.escape(a) + " *", b, line)
        else:
            line = line.replace(a, b)
    line = "".join(" " if is_other(c) else c for c in line)
    line = re.sub("[\u2060\u200b\ufeff]", "", line)
    line = re.sub("  +", " ", line)
    return line.strip(" ")


def french_lines():
    lines = split_sentences(SEED_ARTICLE.read_text(encoding="utf-8")) + [fr for fr, _ in PAIRS]
    return [preprocess_spm(l) for l in lines]


def english_lines():
    return [preprocess_spm(l) for l in split_sentences(ENGLISH_TEXT) + [en for _, en in PAIRS]]


def train(lines, size, tmp, name):
    """Trains in `tmp` with relative paths: the model records its input and prefix, so the same
    names give the same bytes on every run."""
    cwd = os.getcwd()
    os.chdir(tmp)
    try:
        return _train(lines, size, name)
    finally:
        os.chdir(cwd)


def _train(lines, size, prefix):
    corpus = Path(prefix + ".txt")
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=prefix, model_type="unigram", vocab_size=size,
        character_coverage=1.0, unk_id=1, eos_id=0, bos_id=-1, pad_id=-1, unk_piece="<unk>",
        eos_piece="</s>", num_threads=1, input_sentence_size=0, shuffle_input_sentence=False,
        minloglevel=2)
    data = Path(prefix + ".model").read_bytes()
    return spm.SentencePieceProcessor(model_proto=data), data


def shared_vocab(sp_src, sp_tgt, fr, en):
    """Marian's joint vocabulary: pieces of the encoded training text by frequency."""
    counts = Counter()
    for sp, lines in ((sp_src, fr), (sp_tgt, en)):
        for line in lines:
            counts.update(sp.encode(line, out_type=str))
    order = ["</s>", "<unk>", ",", "."]
    rest = sorted((p for p in counts if p not in order), key=lambda p: (-counts[p], p))
    vocab = {p: i for i, p in enumerate(order + rest)}
    vocab["<pad>"] = len(vocab)
    return vocab


def transformers_js_tokenizer_json(vocab, sp_src, sp_tgt):
    """tokenizer.json as transformers.js's scripts/extra/marian.py writes it."""
    special = ["</s>", "<unk>", "<pad>"]
    src = {sp_src.id_to_piece(i): sp_src.get_score(i) for i in range(sp_src.get_piece_size())}
    tgt = {sp_tgt.id_to_piece(i): sp_tgt.get_score(i) for i in range(sp_tgt.get_piece_size())}
    meta = {"type": "Metaspace", "replacement": "\u2581", "add_prefix_space": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": vocab[t], "special": True, "content": t, "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": False} for t in special],
        "normalizer": {"type": "Precompiled", "precompiled_charsmap": None},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "WhitespaceSplit"}, meta]},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": {"</s>": {"id": "</s>", "ids": [0], "tokens": ["</s>"]}},
        },
        "decoder": meta,
        "model": {"type": "Unigram", "unk_id": 2,
                  "vocab": [[k, 0.0 if k in special else max(src.get(k, -100), tgt.get(k, -100))] for k in vocab]},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "test" / "fixtures" / "models"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    d = Path(args.out) / NAME
    fr, en = french_lines(), english_lines()
    with tempfile.TemporaryDirectory() as tmp:
        sp_src, src_bytes = train(fr, SOURCE_PIECES, tmp, "source")
        sp_tgt, tgt_bytes = train(en, TARGET_PIECES, tmp, "target")
    vocab = shared_vocab(sp_src, sp_tgt, fr, en)
    pad_id = vocab["<pad>"]
    c = marian_config(len(vocab), pad_id, d=32, layers=1, heads=4, ffn=64, max_pos=128)
    torch.manual_seed(404)
    model = Seq2Seq(c)
    model.eval()
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    (d / "source.spm").write_bytes(src_bytes)
    (d / "target.spm").write_bytes(tgt_bytes)
    write_json(d / "vocab.json", vocab)
    (d / "tokenizer.json").write_text(
        json.dumps(transformers_js_tokenizer_json(vocab, sp_src, sp_tgt), ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8")
    write_json(d / "tokenizer_config.json", marian_tokenizer_config(128))
    write_json(d / "config.json", c)
    write_json(d / "generation_config.json", marian_generation_config(c))
    export_onnx(model, d / "onnx", producer="fr2en make_marian_spm.py")
    print(f"{NAME}: source.spm {sp_src.get_piece_size()} pieces, target.spm {sp_tgt.get_piece_size()} pieces, "
          f"vocab.json {len(vocab)} entries")
    for p in sorted(d.rglob("*")):
        if p.is_file():
            print(f"{p.stat().st_size:>9}  {p.relative_to(d.parent)}")


if __name__ == "__main__":
    main()
