#!/usr/bin/python3
"""Generate the small self-made transformers.js test models under test/fixtures/models/.

    /usr/bin/python3 scripts/make_fixtures.py [--out DIR] [--only marian-tiny,marian-memo,bart-tiny]

Needs Debian's python3-torch, python3-onnx, python3-numpy, python3-sentencepiece (see
scripts/make-fixtures.sh). No network access: every input is either in this file or in
seeds/kazakhstan-2022-fr.txt.

Fixtures (each a folder transformers.js loads offline, model id = folder name):
  marian-tiny   MarianMTModel, random seeded weights, SentencePiece unigram tokenizer, 64 positions
  marian-memo   MarianMTModel trained to translate PAIRS exactly with greedy decoding (+ pairs.json)
  bart-tiny     BartForConditionalGeneration, random seeded weights, byte-level BPE tokenizer, 128 positions

The models (plain torch after the Hugging Face architectures) and their export like Optimum
does (encoder_model.onnx and an If-merged decoder_model_merged.onnx, opset 14) are in
scripts/seq2seq_onnx.py, shared with make_bench_models.py.  The fixtures use its defaults: torch's
Identity nodes kept, the passed-through cross-attention cache copied, a causal mask per decoder
layer and float32's minimum as the attention-mask value (the committed files depend on them).
"""
import argparse
import json
import math
import random
import re
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

import numpy as np
import sentencepiece as spm
import torch
import torch.nn.functional as F

from seq2seq_onnx import (Seq2Seq, bpe_tokenizer_json, bytes_to_unicode, export_onnx, learn_bpe,
                          marian_tokenizer_config, unigram_tokenizer_json)

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT / "seeds" / "kazakhstan-2022-fr.txt"
THREADS = 1  # fixed thread count: same float results on every run

# ---------------------------------------------------------------------------------------------
# Text data (all embedded so that generation needs nothing but this file and the seed article)
# ---------------------------------------------------------------------------------------------

# French -> English pairs that marian-memo must reproduce exactly with greedy decoding.
# Sentences marked (seed) are verbatim from seeds/kazakhstan-2022-fr.txt (grammar slips included).
PAIRS = [
    ("Bonjour.", "Hello."),
    ("Le chat dort.", "The cat is sleeping."),
    ("Merci beaucoup.", "Thank you very much."),
    ("Il pleut aujourd'hui.", "It is raining today."),
    ("Qu'est-ce que c'est ?", "What is it?"),
    # (seed)
    ("C’est désormais une véritable révolution.", "It is now a real revolution."),
    ("Pas même Loukachenko en Biélorussie.", "Not even Lukashenko in Belarus."),
    ("Quel autre tyran au monde tire sur la foule comme ça ?",
     "What other tyrant in the world shoots at the crowd like that?"),
    ("Pour arrêter les manifestants, la police a commencé à tirer des balles en caoutchouc.",
     "To stop the protesters, the police started firing rubber bullets."),
    ("Nous continuerons de suivre la situation de près.",
     "We will continue to follow the situation closely."),
    ("Ancien président du Kazakhstan Nursultan Nazarbaïev il n’a pas quitté le pays et est dans la capitale Nour-Sultan.",
     "Former Kazakh president Nursultan Nazarbayev has not left the country and is in the capital Nur-Sultan."),
    ("En 2007, un affilié du dictateur, Tour Utemuratov, il a vendu sa banque Atf à Unicredit pour 2,1 milliards de dollars.",
     "In 2007, an associate of the dictator, Tour Utemuratov, sold his bank Atf to Unicredit for $2.1 billion."),
    ("Le dissident accuse alors « l’Occident d’avoir fermé les yeux sur la corruption et les crimes » par Nazarbayev.",
     "The dissident then accuses “the West of turning a blind eye to the corruption and crimes” of Nazarbayev."),
    ("J’ai exprimé la volonté de l’UE de soutenir la stabilité et la réduction des tensions.",
     "I expressed the EU’s willingness to support stability and the reduction of tensions."),
    ("Là Allemagne entre-temps, il a suspendu l’exportation de armes au Kazakhstan.",
     "Germany, meanwhile, has suspended arms exports to Kazakhstan."),
    ("Six ans plus tard, Unicredit l’a revendue pour 493 millions à un riche homme d’affaires kazakh, Akhmetzhan Yessimov, ancien maire d’Almaty, qui l’a cédé à son tour à une banque appartenant à Nazarbayev.",
     "Six years later, Unicredit sold it on for 493 million to a rich Kazakh businessman, Akhmetzhan Yessimov, a former mayor of Almaty, who in turn sold it to a bank owned by Nazarbayev."),
    ("Il est important que les droits et la sécurité des civils soient garantis », a déclaré Borrell.",
     "It is important that the rights and safety of civilians are guaranteed,” Borrell said."),
    ("« La foule s’est rassemblée et a tenté de marcher sur la résidence de Nazarbayev, Almaty.",
     "“The crowd gathered and tried to march on Nazarbayev’s residence, Almaty."),
]

# English text (a translation of the seed article written for this project): BPE merges for
# bart-tiny are learnt from it, and it is part of the SentencePiece training text.
ENGLISH_TEXT = """\
Former Kazakh president Nursultan Nazarbayev has not left the country and is in the capital Nur-Sultan. His spokesman Aidos Ukibay wrote on Twitter, asking people "not to believe fake news and speculation". "The former president," Ukibay added, "is holding consultative meetings and is in direct contact with the president of Kazakhstan, Kassym-Jomart Tokayev." Nazarbayev, his spokesman went on, has had a series of "telephone conversations with the leaders of countries friendly to Kazakhstan" and "invites everyone to rally around the president of Kazakhstan to overcome the current challenges and guarantee the integrity of our country". The Kremlin announced that Russian President Vladimir Putin had a "long conversation" with his Kazakh counterpart Kassym-Jomart Tokayev with the aim of "restoring order" in the country. The National Security Committee of Kazakhstan announced the arrest of its head, former prime minister Karim Massimov, for high treason.
The former minister and former banker Mukhtar Ablyazov, in effect the leader of the opposition in exile in Paris, where he has lived for four years, told Corriere della Sera of "hundreds" of deaths across the country. He also explained what happened in front of the former leader's house during his attempted escape: "The crowd gathered and tried to march on Nazarbayev's residence in Almaty. It ended up finding him in front of it, as he was about to flee with his daughter Dariga: he had prepared the plane for Abu Dhabi. To stop the protesters, the police started firing rubber bullets. But then, when the protesters burst in, the snipers came. To shoot with real bullets. People who were there tell me that they killed at least 50 people." Ablyazov further explained that "most of the victims are in Almaty. But there are also the cities of the West, where people refuse to leave the squares and now the cops refuse to shoot. That explains why the Russians arrived: the regime cannot even trust its own men." It is now a real revolution. "The regime has taken off its mask and shown its bloodthirsty face. What other tyrant in the world shoots at the crowd like that? Not even Lukashenko in Belarus. The international community must ban Kazakhstan and stop doing business." Finally, the opposition leader made clear what "Putin and the regime" mean when "they say that someone is steering the protest from abroad", explaining that they are not referring to the United States but "to France. Because I am a refugee in France, and to them I am enemy number one."
The dissident then accuses "the West of turning a blind eye to the corruption and crimes" of Nazarbayev. "To the billions of his investments and those of his family. It does nothing, even now, and lets Putin keep Kazakhstan under his boot." Recalling that his wife Chalabayeva and his daughter were arrested in Italy and extradited to Kazakhstan, the former minister says that "after that, Italy did nothing: you have Nazarbayev's treasures and properties, but nothing happens. There is business between him and Italian companies, cooperation agreements, but no sanction has ever been imposed. These things give strength to dictators. A large Italian bank such as Unicredit played a role in buying and selling assets of the Nazarbayev family. In 2007, an associate of the dictator, Tour Utemuratov, sold his bank Atf to Unicredit for $2.1 billion. Six years later, Unicredit sold it on for 493 million to a rich Kazakh businessman, Akhmetzhan Yessimov, a former mayor of Almaty, who in turn sold it to a bank owned by Nazarbayev. Nobody ever stopped this operation: while my wife and my daughter had already been kidnapped, the dictator earned hundreds of millions."
The European Union, with the President of the Commission, Ursula von der Leyen, and the High Representative for Foreign Policy, Josep Borrell, keeps calling for de-escalation. "I received an update on the situation during a call with the Minister of Foreign Affairs of Kazakhstan, Mukhtar Tileuberdi. I expressed the EU's willingness to support stability and the reduction of tensions. We will continue to follow the situation closely. It is important that the rights and safety of civilians are guaranteed," Borrell said. Germany, meanwhile, has suspended arms exports to Kazakhstan. The Dpa news agency reports it, recalling that last year, under 25 licences, weapons worth a total of 2.2 million euros were exported.
The US State Department has authorised non-essential staff of the American consulate in Kazakhstan and the families of employees to leave the country. "Demonstrations, protests and strikes can develop quickly and without warning, often disrupting traffic, transport, communications and other services; such events can turn violent. US citizens in Kazakhstan should be aware that violent demonstrations severely limit the embassy's ability to provide consular services, including assistance to citizens leaving Kazakhstan," a statement said.
The cat is sleeping. The dog is eating. Hello, how are you? Thank you very much. It is raining today. What is it? Good morning, everyone. The weather is nice and the sun is shining. The government said on Monday that it would publish a report on the economy next week. Prices rose by 3.5% in January, according to official figures. The minister did not want to comment on the decision, which was taken by the court in Paris.
"""

# Non-ASCII characters of /work/shared/data/segmentation-dev.jsonl (the segmentation dev set),
# NBSP and U+2009 included; listed here so that the tokenizer covers them without reading the file.
DEV_SET_CHARS = "\u00a0\u2009«°µ»ÀÇÉÊÚßàáâäçèéêëíîïñóôùûüýČčďěńňœřŞŠšůŽž–’”€"

# Punctuation and letters the tokenizer must know, beyond ASCII, Latin-1 and Latin Extended-A.
EXTRA_CHARS = "«»‹›“”„‟‘’‚‛\"'–—―‐‑‒…•·′″‰†‡€£¥¢$§¶©®™°±×÷¿¡œŒæÆøØåÅÿŸ№"


def js_precompiled_normalize(text):
    """What transformers.js's Precompiled normalizer does (the one opus-mt tokenizers use):
    drop control characters, map tabs/newlines/odd spaces to a space, then NFKC."""
    text = re.sub("[\u0001-\u0008\u000b\u000e-\u001f\u007f\u008f\u009f]", "", text)
    text = re.sub("[\u0009\u000a\u000c\u000d\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u2581\u3000\ufeff\ufffd]",
                  " ", text)
    return unicodedata.normalize("NFKC", text)


def coverage_chars():
    chars = [chr(c) for c in range(0x20, 0x7F)]
    chars += [chr(c) for c in range(0xA0, 0x180)]  # Latin-1 supplement + Latin Extended-A
    chars += list(EXTRA_CHARS) + list(DEV_SET_CHARS)
    out = []
    for ch in chars:
        for n in js_precompiled_normalize(ch):
            if n != " " and n not in out:
                out.append(n)
    return out


def split_sentences(text):
    parts = []
    for para in text.split("\n"):
        parts += [p.strip() for p in re.split(r"(?<=[.?!»])\s+", para) if p.strip()]
    return parts


# ---------------------------------------------------------------------------------------------
# Tokenizers
# ---------------------------------------------------------------------------------------------

def train_sentencepiece(vocab_size, tmp):
    """Unigram SentencePiece model on French + English text; returns [(piece, score)] where
    id 0 = </s>, id 1 = <unk> (Marian layout). <pad> is appended later as the last id."""
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    lines = split_sentences(article)
    lines += [fr for fr, _ in PAIRS] + [en for _, en in PAIRS]
    lines += split_sentences(ENGLISH_TEXT)
    cov = coverage_chars()
    # each character alone and in a short run, so every one of them becomes a piece
    for i in range(0, len(cov), 16):
        lines.append(" ".join(cov[i:i + 16]))
        lines.append("".join(cov[i:i + 16]))
    lines = [re.sub(" +", " ", js_precompiled_normalize(l)).strip() for l in lines]
    corpus = Path(tmp) / "spm-corpus.txt"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    prefix = str(Path(tmp) / "spm")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=prefix, model_type="unigram", vocab_size=vocab_size,
        character_coverage=1.0, normalization_rule_name="identity", unk_id=1, eos_id=0, bos_id=-1,
        pad_id=-1, unk_piece="<unk>", eos_piece="</s>", num_threads=1,
        max_sentence_length=65536, input_sentence_size=0, shuffle_input_sentence=False,
        required_chars="".join(cov), minloglevel=2)
    sp = spm.SentencePieceProcessor(model_file=prefix + ".model")
    vocab = []
    for i in range(sp.get_piece_size()):
        score = 0.0 if i <= 1 else float(sp.get_score(i))
        vocab.append((sp.id_to_piece(i), score))
    assert vocab[0][0] == "</s>" and vocab[1][0] == "<unk>"
    missing = [c for c in cov if c not in {p for p, _ in vocab}]
    assert not missing, f"characters missing from the SentencePiece vocabulary: {missing}"
    return vocab


def marian_tokenizer_files(vocab, model_max_length):
    """tokenizer.json / tokenizer_config.json shaped like Xenova/opus-mt-fr-en's."""
    pieces = [[p, round(s, 6)] for p, s in vocab] + [["<pad>", 0.0]]
    pad_id = len(pieces) - 1
    # transformers.js's Precompiled ignores the charsmap (control chars dropped, spaces
    # unified, NFKC): same behaviour as the real opus-mt tokenizer at a fraction of the size.
    tok = unigram_tokenizer_json(pieces, pad_id, {"type": "Precompiled", "precompiled_charsmap": None},
                                 add_prefix_space=True)
    return tok, marian_tokenizer_config(model_max_length), pad_id


def bart_tokenizer_files(model_max_length, num_merges=1000):
    """Byte-level BPE tokenizer shaped like facebook/bart-large-cnn's (RoBERTa/GPT-2 style)."""
    b2u = bytes_to_unicode()
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    vocab = {t: i for i, t in enumerate(specials)}
    for b in range(256):
        vocab[b2u[b]] = len(vocab)
    merges = learn_bpe([ENGLISH_TEXT + "\n" + "\n".join(en for _, en in PAIRS)], num_merges, min_count=2)
    for a, b in merges:
        if a + b not in vocab:
            vocab[a + b] = len(vocab)
    mask_id = len(vocab)
    vocab["<mask>"] = mask_id
    tok = bpe_tokenizer_json(vocab, merges, mask_id)
    cfg = {
        "tokenizer_class": "BartTokenizer",
        "model_max_length": model_max_length,
        "bos_token": "<s>",
        "eos_token": "</s>",
        "sep_token": "</s>",
        "cls_token": "<s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "mask_token": "<mask>",
        "add_prefix_space": False,
        "errors": "replace",
        "trim_offsets": True,
        "clean_up_tokenization_spaces": True,
    }
    return tok, cfg, vocab, merges


class PyMarianTokenizer:
    """Python mirror of the transformers.js tokenizer for marian-* (Viterbi over the Unigram
    vocabulary after the Precompiled normalizer and Metaspace), used to prepare training data.
    The node check (scripts/check-fixtures.mjs) confirms that both agree on every pair."""

    def __init__(self, vocab):
        self.pieces = {p: i for i, (p, _) in enumerate(vocab) if i > 1}
        self.scores = [s for _, s in vocab]
        self.unk_score = min(self.scores) - 10
        self.maxlen = max(len(p) for p in self.pieces)

    def encode(self, text):
        text = js_precompiled_normalize(text).replace(" ", "\u2581")
        if not text.startswith("\u2581"):
            text = "\u2581" + text
        n = len(text)
        best = [(-math.inf, -1, -1)] * (n + 1)
        best[0] = (0.0, -1, -1)
        for i in range(n):
            if best[i][0] == -math.inf:
                continue
            found_single = False
            for j in range(i + 1, min(n, i + self.maxlen) + 1):
                pid = self.pieces.get(text[i:j])
                if pid is None:
                    continue
                if j == i + 1:
                    found_single = True
                sc = best[i][0] + self.scores[pid]
                if sc > best[j][0]:
                    best[j] = (sc, i, pid)
            if not found_single:
                sc = best[i][0] + self.unk_score
                if sc > best[i + 1][0]:
                    best[i + 1] = (sc, i, 1)
        ids, j = [], n
        while j > 0:
            _, i, pid = best[j]
            ids.append(pid)
            j = i
        return ids[::-1] + [0]


# ---------------------------------------------------------------------------------------------
# Greedy decoding in torch (checks of the random and the trained models)
# ---------------------------------------------------------------------------------------------

def greedy(model, ids, mask, start_id, eos_id, max_len, bad_ids=(), min_length=0, forced_bos=None,
           no_repeat_ngram=0):
    """Greedy decoding with a KV cache, as transformers.js does it (finished rows keep going)."""
    with torch.no_grad():
        enc = model.encode(ids, mask)
        B = ids.size(0)
        seqs = [[start_id] for _ in range(B)]
        cur = torch.full((B, 1), start_id, dtype=torch.long)
        past = None
        done = [False] * B
        while len(seqs[0]) < max_len and not all(done):
            logits, past = model.decode(cur, mask, enc_hidden=enc, past=past)
            logits = logits[:, -1, :].clone()
            for b in range(B):
                row = logits[b]
                for t in bad_ids:
                    row[t] = -math.inf
                if len(seqs[b]) < min_length:
                    row[eos_id] = -math.inf
                if forced_bos is not None and len(seqs[b]) == 1:
                    row[:] = -math.inf
                    row[forced_bos] = 0
                if no_repeat_ngram and len(seqs[b]) + 1 >= no_repeat_ngram:
                    prefix = tuple(seqs[b][len(seqs[b]) - no_repeat_ngram + 1:])
                    s = seqs[b]
                    for i in range(len(s) - no_repeat_ngram + 1):
                        if tuple(s[i:i + no_repeat_ngram - 1]) == prefix:
                            row[s[i + no_repeat_ngram - 1]] = -math.inf
                if len(seqs[b]) == max_len - 1:
                    row[:] = -math.inf
                    row[eos_id] = 0
            nxt = logits.argmax(-1)
            for b in range(B):
                seqs[b].append(int(nxt[b]))
                done[b] = done[b] or int(nxt[b]) == eos_id
            cur = nxt[:, None]
        return seqs


def strip_after_eos(seq, eos_id):
    out = []
    for t in seq[1:]:
        if t == eos_id:
            break
        out.append(t)
    return out


# ---------------------------------------------------------------------------------------------
# Configs
# ---------------------------------------------------------------------------------------------

def marian_config(vocab_size, pad_id, d, layers, heads, ffn, max_pos, num_beams=4):
    return {
        "_name_or_path": "fr2en/fixture",
        "activation_dropout": 0.0,
        "activation_function": "swish",
        "add_bias_logits": False,
        "add_final_layer_norm": False,
        "architectures": ["MarianMTModel"],
        "attention_dropout": 0.0,
        "bad_words_ids": [[pad_id]],
        "bos_token_id": 0,
        "classif_dropout": 0.0,
        "classifier_dropout": 0.0,
        "d_model": d,
        "decoder_attention_heads": heads,
        "decoder_ffn_dim": ffn,
        "decoder_layerdrop": 0.0,
        "decoder_layers": layers,
        "decoder_start_token_id": pad_id,
        "decoder_vocab_size": vocab_size,
        "dropout": 0.1,
        "encoder_attention_heads": heads,
        "encoder_ffn_dim": ffn,
        "encoder_layerdrop": 0.0,
        "encoder_layers": layers,
        "eos_token_id": 0,
        "forced_eos_token_id": 0,
        "init_std": 0.02,
        "is_encoder_decoder": True,
        "max_length": max_pos,
        "max_position_embeddings": max_pos,
        "model_type": "marian",
        "normalize_before": False,
        "normalize_embedding": False,
        "num_beams": num_beams,
        "num_hidden_layers": layers,
        "pad_token_id": pad_id,
        "scale_embedding": True,
        "share_encoder_decoder_embeddings": True,
        "static_position_embeddings": True,
        "transformers_version": "4.34.0",
        "use_cache": True,
        "vocab_size": vocab_size,
    }


def marian_generation_config(c):
    return {
        "bad_words_ids": [[c["pad_token_id"]]],
        "bos_token_id": 0,
        "decoder_start_token_id": c["pad_token_id"],
        "eos_token_id": 0,
        "forced_eos_token_id": 0,
        "max_length": c["max_length"],
        "num_beams": c["num_beams"],
        "pad_token_id": c["pad_token_id"],
        "renormalize_logits": True,
        "transformers_version": "4.34.0",
    }


def bart_config(vocab_size, d, layers, heads, ffn, max_pos, gen):
    return {
        "_name_or_path": "fr2en/fixture",
        "activation_dropout": 0.0,
        "activation_function": "gelu",
        "add_bias_logits": False,
        "add_final_layer_norm": False,
        "architectures": ["BartForConditionalGeneration"],
        "attention_dropout": 0.0,
        "bos_token_id": 0,
        "classif_dropout": 0.0,
        "classifier_dropout": 0.0,
        "d_model": d,
        "decoder_attention_heads": heads,
        "decoder_ffn_dim": ffn,
        "decoder_layerdrop": 0.0,
        "decoder_layers": layers,
        "decoder_start_token_id": 2,
        "dropout": 0.1,
        "early_stopping": True,
        "encoder_attention_heads": heads,
        "encoder_ffn_dim": ffn,
        "encoder_layerdrop": 0.0,
        "encoder_layers": layers,
        "eos_token_id": 2,
        "extra_pos_embeddings": 2,
        "forced_bos_token_id": 0,
        "forced_eos_token_id": 2,
        "init_std": 0.02,
        "is_encoder_decoder": True,
        "length_penalty": gen["length_penalty"],
        "max_length": gen["max_length"],
        "max_position_embeddings": max_pos,
        "min_length": gen["min_length"],
        "model_type": "bart",
        "no_repeat_ngram_size": gen["no_repeat_ngram_size"],
        "normalize_before": False,
        "normalize_embedding": True,
        "num_beams": gen["num_beams"],
        "num_hidden_layers": layers,
        "output_past": True,
        "pad_token_id": 1,
        "scale_embedding": False,
        "static_position_embeddings": False,
        "task_specific_params": {"summarization": {k: gen[k] for k in (
            "early_stopping", "length_penalty", "max_length", "min_length", "no_repeat_ngram_size", "num_beams")}},
        "transformers_version": "4.34.0",
        "use_cache": True,
        "vocab_size": vocab_size,
    }


BART_GENERATION = {
    "bos_token_id": 0,
    "decoder_start_token_id": 2,
    "early_stopping": True,
    "eos_token_id": 2,
    "forced_bos_token_id": 0,
    "forced_eos_token_id": 2,
    "length_penalty": 2.0,
    "max_length": 40,
    "min_length": 5,
    "no_repeat_ngram_size": 3,
    "num_beams": 4,
    "pad_token_id": 1,
    "transformers_version": "4.34.0",
}


def write_json(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_fixture(out, name, model, config, generation_config, tok, tok_cfg, extra=None):
    d = out / name
    if d.exists():
        shutil.rmtree(d)
    write_json(d / "config.json", config)
    write_json(d / "generation_config.json", generation_config)
    # one token per line would be huge; compact separators keep tokenizer.json small
    (d / "tokenizer.json").write_text(json.dumps(tok, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    write_json(d / "tokenizer_config.json", tok_cfg)
    export_onnx(model, d / "onnx", producer="fr2en make_fixtures.py")
    for fname, obj in (extra or {}).items():
        write_json(d / fname, obj)
    return d


def check_cache_consistency(model, ids, mask, start_id):
    """The cached (incremental) decoder must give the logits of a full recomputation."""
    with torch.no_grad():
        enc = model.encode(ids, mask)
        seq = torch.full((ids.size(0), 1), start_id, dtype=torch.long)
        past = None
        for step in range(4):
            logits, past = model.decode(seq[:, -1:], mask, enc_hidden=enc, past=past)
            full, _ = model.decode(seq, mask, enc_hidden=enc)
            assert torch.allclose(logits[:, -1], full[:, -1], atol=1e-4), "cache mismatch"
            seq = torch.cat([seq, logits[:, -1].argmax(-1, keepdim=True)], dim=1)


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------

def pad_batch(seqs, pad_id, extra=0):
    n = max(len(s) for s in seqs) + extra
    ids = torch.full((len(seqs), n), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), n), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = 1
    return ids, mask


def seed_sentences():
    return split_sentences(SEED_ARTICLE.read_text(encoding="utf-8"))


def make_marian_tiny(out, vocab, log):
    tok, tok_cfg, pad_id = marian_tokenizer_files(vocab, 64)
    V = len(vocab) + 1
    c = marian_config(V, pad_id, d=32, layers=2, heads=4, ffn=64, max_pos=64)
    torch.manual_seed(101)
    model = Seq2Seq(c)
    model.eval()
    # Random weights give input-dependent but meaningless output. A fixed bias on </s> makes
    # greedy decoding stop after a handful of tokens for most inputs, so the translation
    # pipeline's default max_new_tokens (256) does not run past the 64 positions.
    model.final_logits_bias[0, 0] = MARIAN_TINY_EOS_BIAS
    pt = PyMarianTokenizer(vocab)
    lens = []
    for s in seed_sentences()[:12]:
        ids = pt.encode(s)[:64]
        seq = greedy(model, torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long), pad_id, 0, 64,
                     bad_ids=(pad_id,))[0]
        lens.append(len(strip_after_eos(seq, 0)))
    check_cache_consistency(model, *pad_batch([pt.encode("Le chat dort."), pt.encode("Bonjour.")], pad_id), pad_id)
    log(f"marian-tiny: greedy output lengths on 12 seed sentences: {lens}")
    write_fixture(out, "marian-tiny", model, c, marian_generation_config(c), tok, tok_cfg)


MARIAN_TINY_EOS_BIAS = 0.17


def make_marian_memo(out, vocab, log, max_epochs=300, seed=202, lr=2e-3):
    pt = PyMarianTokenizer(vocab)
    src = [pt.encode(fr) for fr, _ in PAIRS]
    tgt = [pt.encode(en) for _, en in PAIRS]
    for (fr, en), s, t in zip(PAIRS, src, tgt):
        assert 1 not in s and 1 not in t, f"<unk> in memo pair: {fr!r} / {en!r}"
    max_pos = 128
    assert max(max(len(s) for s in src), max(len(t) for t in tgt) + 1) <= max_pos
    tok, tok_cfg, pad_id = marian_tokenizer_files(vocab, max_pos)
    V = len(vocab) + 1
    c = marian_config(V, pad_id, d=64, layers=2, heads=4, ffn=256, max_pos=max_pos)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = Seq2Seq(c)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    warmup = 100  # steps; then the learning rate decays linearly to 5 % at max_epochs
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda st: min(1.0, (st + 1) / warmup) * max(0.05, 1.0 - st / (max_epochs * 6.0)))
    n = len(PAIRS)

    def batch(idx, extra):
        ids, mask = pad_batch([src[i] for i in idx], pad_id, extra)
        dec_in, _ = pad_batch([[pad_id] + tgt[i][:-1] for i in idx], pad_id)
        labels, _ = pad_batch([tgt[i] for i in idx], -100)
        return ids, mask, dec_in, labels

    def loss_of(idx, extra):
        ids, mask, dec_in, labels = batch(idx, extra)
        hidden, _ = model.decode(dec_in, mask, enc_hidden=model.encode(ids, mask), hidden_only=True)
        keep = labels != -100  # LM head on real target positions only (cheaper)
        logits = F.linear(hidden[keep], model.shared.weight, model.final_logits_bias[0])
        return F.cross_entropy(logits, labels[keep]), logits, labels[keep]

    def evaluate():
        """Exact greedy output one at a time and as one padded batch, and the smallest
        teacher-forced margin between the reference token and the best other token."""
        model.eval()
        with torch.no_grad():
            ok_single = all(strip_after_eos(greedy(model, *pad_batch([src[i]], pad_id), pad_id, 0, max_pos,
                                                   bad_ids=(pad_id,))[0], 0) == tgt[i][:-1] for i in range(n))
            seqs = greedy(model, *pad_batch(src, pad_id), pad_id, 0, max_pos, bad_ids=(pad_id,))
            ok_batch = all(strip_after_eos(seqs[i], 0) == tgt[i][:-1] for i in range(n))
            loss, logits, labels = loss_of(list(range(n)), 3)
            logits[:, pad_id] = -math.inf
            gold = logits.gather(1, labels[:, None])[:, 0]
            logits.scatter_(1, labels[:, None], -math.inf)
            margin = float((gold - logits.max(1).values).min())
        model.train()
        return ok_single, ok_batch, margin, float(loss)

    # Batches of mixed composition (lengths jittered, sizes 1-6, a few extra pad columns) so
    # that the model sees padded encoder input; the attention masks make padding exact in
    # theory, the margin requirement covers float noise.
    t0 = time.time()
    model.train()
    epoch, steps, result = 0, 0, None
    while epoch < max_epochs:
        epoch += 1
        order = sorted(range(n), key=lambda i: len(src[i]) + rng.uniform(0, 24))
        batches, k = [], 0
        while k < n:
            bs = rng.choice([1, 2, 3, 4, 6])
            batches.append(order[k:k + bs])
            k += bs
        rng.shuffle(batches)
        for idx in batches:
            loss, _, _ = loss_of(idx, rng.choice([0, 0, 0, 1, 3, 7]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            steps += 1
        if epoch % 10 == 0:
            ok_s, ok_b, margin, loss_v = evaluate()
            log(f"marian-memo: epoch {epoch} ({steps} steps, {time.time() - t0:.0f}s) loss {loss_v:.5f} "
                f"exact single={ok_s} batch={ok_b} min margin {margin:.2f}")
            if ok_s and ok_b and margin > 3.0:
                result = (ok_s, ok_b, margin, loss_v)
                break
    train_s = time.time() - t0
    model.eval()
    if result is None:
        raise SystemExit("marian-memo did not memorise every pair with a safe margin; raise max_epochs")
    check_cache_consistency(model, *pad_batch(src[:3], pad_id), pad_id)
    log(f"marian-memo: trained {epoch} epochs / {steps} steps in {train_s:.1f}s, "
        f"final loss {result[3]:.5f}, min logit margin {result[2]:.2f}")
    pairs = [{"fr": fr, "en": en} for fr, en in PAIRS]
    write_fixture(out, "marian-memo", model, c, marian_generation_config(c), tok, tok_cfg,
                  extra={"pairs.json": pairs})
    return {"epochs": epoch, "steps": steps, "seconds": round(train_s, 1), "loss": result[3], "margin": result[2]}


def make_bart_tiny(out, log):
    tok, tok_cfg, vocab, merges = bart_tokenizer_files(128)
    V = len(vocab)
    c = bart_config(V, d=32, layers=2, heads=4, ffn=64, max_pos=128, gen=BART_GENERATION)
    torch.manual_seed(303)
    model = Seq2Seq(c)
    model.eval()
    # Keep random output printable: no control bytes, and no bytes >= 0x80 (lone ones would
    # decode to invalid UTF-8).
    b2u = bytes_to_unicode()
    u2b = {u: b for b, u in b2u.items()}
    for t, i in vocab.items():
        if i > 3 and t != "<mask>" and any(u2b[ch] >= 0x7F or (u2b[ch] < 0x20 and u2b[ch] != 0x0A) for ch in t):
            model.final_logits_bias[0, i] = -10.0
    model.final_logits_bias[0, 2] = BART_TINY_EOS_BIAS
    log(f"bart-tiny: vocab {V} ({len(merges)} merges)")
    write_fixture(out, "bart-tiny", model, c, BART_GENERATION, tok, tok_cfg)


BART_TINY_EOS_BIAS = 0.22


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "test" / "fixtures" / "models"))
    ap.add_argument("--only", default="marian-tiny,marian-memo,bart-tiny")
    args = ap.parse_args()
    out = Path(args.out)
    only = set(args.only.split(","))
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    np.random.seed(0)
    random.seed(0)

    def log(msg):
        print(msg, flush=True)

    if not SEED_ARTICLE.exists():
        raise SystemExit(f"missing {SEED_ARTICLE}")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        vocab = train_sentencepiece(1000, tmp)
    log(f"sentencepiece: {len(vocab)} pieces (+ <pad>)")
    if "marian-tiny" in only:
        make_marian_tiny(out, vocab, log)
    if "marian-memo" in only:
        make_marian_memo(out, vocab, log)
    if "bart-tiny" in only:
        make_bart_tiny(out, log)
    for p in sorted(out.rglob("*")):
        if p.is_file():
            log(f"{p.stat().st_size:>9}  {p.relative_to(out)}")


if __name__ == "__main__":
    main()
