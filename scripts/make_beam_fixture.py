#!/usr/bin/python3
"""Generate test/fixtures/models/marian-beam: a Marian-shaped model with an 8-token vocabulary,
for the beam-search tests (beam search with beams = vocabulary size against an exhaustive
enumeration of every output up to a length cap; beam score >= greedy score on the seed).

    /usr/bin/python3 scripts/make_beam_fixture.py [--out DIR]

Vocabulary: </s> 0 (eos), <unk> 1, then the pieces "▁", "e", "a", "s", "t", and <pad> 7
(decoder start, banned like Marian's).  French text becomes a sequence of these five pieces
and <unk>, so the (random) output varies with the input.  Weights are random (seed 808) with an
init std of 0.3 (not 0.02) so that the output depends on the input, not only on the position:
12 distinct greedy outputs on the seed's first 12 sentences.
Same ONNX layout as the other fixtures (scripts/seq2seq_onnx.py); generation config shaped like
opus-mt's, with num_beams 8 = the vocabulary size.
"""
import argparse
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import (ROOT, THREADS, greedy, marian_config, marian_generation_config,  # noqa: E402
                           seed_sentences, strip_after_eos, write_fixture)
from seq2seq_onnx import Seq2Seq, marian_tokenizer_config, unigram_tokenizer_json  # noqa: E402

PIECES = [["</s>", 0.0], ["<unk>", 0.0], ["\u2581", -2.0], ["e", -2.0], ["a", -2.5], ["s", -2.5], ["t", -2.5], ["<pad>", 0.0]]
PAD = len(PIECES) - 1


def encode(text):
    """About what the Unigram tokenizer makes of `text` (enough to check that outputs vary): "▁" before each
    word, known characters as themselves, runs of other characters as one <unk>, then </s>."""
    ids = []
    index = {p: i for i, (p, _) in enumerate(PIECES)}
    for word in text.split():
        prev_unk = False
        for ch in "\u2581" + word:
            i = index.get(ch, 1) if ch not in ("</s>", "<unk>", "<pad>") else 1
            if i == 1 and prev_unk:
                continue
            prev_unk = i == 1
            ids.append(i)
    return ids + [0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "test" / "fixtures" / "models"))
    out = Path(ap.parse_args().out)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    tok = unigram_tokenizer_json(PIECES, PAD, {"type": "Precompiled", "precompiled_charsmap": None}, add_prefix_space=True)
    c = marian_config(len(PIECES), PAD, d=32, layers=2, heads=2, ffn=128, max_pos=64, num_beams=len(PIECES))
    c["init_std"] = 0.3
    torch.manual_seed(808)
    model = Seq2Seq(c)
    model.eval()
    outputs = set()
    for s in seed_sentences()[:12]:
        ids = encode(s)[:64]
        seq = greedy(model, torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long), PAD, 0, 24, bad_ids=(PAD,))[0]
        outputs.add(tuple(strip_after_eos(seq, 0)))
    print(f"marian-beam: {len(outputs)} distinct greedy outputs on 12 seed sentences", flush=True)
    assert len(outputs) >= 8, "the output should vary with the input"
    write_fixture(out, "marian-beam", model, c, marian_generation_config(c), tok, marian_tokenizer_config(64))


if __name__ == "__main__":
    main()
