"""Shared by make_fixtures.py (small committed test models) and make_bench_models.py
(full-size synthetic benchmark models): Marian / BART written in plain torch, their ONNX
export as transformers.js expects it, and the tokenizer.json pieces both generators build.

The models follow the Hugging Face architectures (post-layer-norm encoder/decoder, q scaled
by head_dim^-0.5, tied LM head + final_logits_bias; Marian: static sinusoidal positions and
sqrt(d_model) embedding scale; BART: learned positions offset by 2 and layernorm_embedding),
with the parameter names of transformers (model.shared, encoder.layers.0.self_attn...).
They are exported like Optimum does: encoder_model.onnx and one decoder_model_merged.onnx in
which an ``If`` on ``use_cache_branch`` joins the first-step graph (computes the
cross-attention keys/values) and the with-cache graph, every weight stored once in the outer
graph.  Opset 14.

Not a script: the generators import it from this folder (their own folder is on sys.path).
"""
import copy
import hashlib
import heapq
import io
import math
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

OPSET = 14
NEG = float(torch.finfo(torch.float32).min)  # default additive mask value


# ---------------------------------------------------------------------------------------------
# Tokenizer pieces (tokenizer.json layouts of opus-mt and bart-large-cnn)
# ---------------------------------------------------------------------------------------------

def added_token(i, content, lstrip=False):
    return {"id": i, "content": content, "single_word": False, "lstrip": lstrip, "rstrip": False,
            "normalized": False, "special": True}


def unigram_tokenizer_json(pieces, pad_id, normalizer, add_prefix_space=None):
    """tokenizer.json shaped like Xenova/opus-mt-fr-en's: SentencePiece Unigram, </s> = 0,
    <unk> = 1, <pad> = pad_id; `pieces` is [[piece, score]].  `add_prefix_space` (the
    Metaspace option of older tokenizers versions) is written only when given."""
    metaspace = {"type": "Metaspace", "replacement": "\u2581"}
    if add_prefix_space is not None:
        metaspace["add_prefix_space"] = add_prefix_space
    metaspace.update({"prepend_scheme": "always", "split": True})
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added_token(0, "</s>"), added_token(1, "<unk>"), added_token(pad_id, "<pad>")],
        "normalizer": normalizer,
        "pre_tokenizer": metaspace,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": {"</s>": {"id": "</s>", "ids": [0], "tokens": ["</s>"]}},
        },
        "decoder": metaspace,
        "model": {"type": "Unigram", "unk_id": 1, "vocab": pieces, "byte_fallback": False},
    }


def marian_tokenizer_config(model_max_length):
    return {
        "tokenizer_class": "MarianTokenizer",
        "source_lang": "fr",
        "target_lang": "en",
        "model_max_length": model_max_length,
        "eos_token": "</s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "separate_vocabs": False,
        "sp_model_kwargs": {},
        "clean_up_tokenization_spaces": True,
    }


def bytes_to_unicode():
    """The byte-level BPE alphabet (GPT-2): printable bytes map to themselves, the others
    to code points from 256 up."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


# GPT-2's pre-tokenisation pattern, written for Python's `re` (no \p{L}): letters = [^\W\d_]
GPT2_SPLIT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")


def learn_bpe(texts, num_merges, min_count=1):
    """Plain byte-level BPE (GPT-2 style): repeatedly merge the most frequent adjacent pair,
    ties broken by the pair's text (deterministic), until `num_merges` merges or no pair
    occurs `min_count` times.  Pair counts are updated incrementally and the best pair is
    found with a lazy heap.  Returns the list of merges [(a, b)]."""
    b2u = bytes_to_unicode()
    counts = Counter()
    for t in texts:
        for w in GPT2_SPLIT.findall(t):
            counts["".join(b2u[b] for b in w.encode("utf-8"))] += 1
    words = [list(w) for w in counts]
    freqs = list(counts.values())
    pair_count = Counter()
    where = defaultdict(set)
    for i, w in enumerate(words):
        for p in zip(w, w[1:]):
            pair_count[p] += freqs[i]
            where[p].add(i)
    heap = [(-c, p) for p, c in pair_count.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < num_merges and heap:
        c, p = heapq.heappop(heap)
        if pair_count.get(p, 0) != -c or c == 0:
            continue  # stale entry
        if -c < min_count:
            break  # the best pair left is too rare
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


def bpe_tokenizer_json(vocab, merges, mask_id):
    """tokenizer.json shaped like facebook/bart-large-cnn's (RoBERTa/GPT-2 byte-level BPE):
    <s>=0 <pad>=1 </s>=2 <unk>=3, <mask>=mask_id; `vocab` is {token: id}."""
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added_token(0, "<s>"), added_token(1, "<pad>"), added_token(2, "</s>"),
                         added_token(3, "<unk>"), added_token(mask_id, "<mask>", lstrip=True)],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0],
                           "trim_offsets": True, "add_prefix_space": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": [f"{a} {b}" for a, b in merges]},
    }


# ---------------------------------------------------------------------------------------------
# Models (after transformers' modeling_marian.py / modeling_bart.py)
# ---------------------------------------------------------------------------------------------

def sinusoidal_table(n_pos, dim):
    """MarianSinusoidalPositionalEmbedding._init_weight."""
    position_enc = np.array([[pos / np.power(10000, 2 * (j // 2) / dim) for j in range(dim)] for pos in range(n_pos)])
    out = torch.empty(n_pos, dim)
    sentinel = dim // 2 if dim % 2 == 0 else (dim // 2) + 1
    out[:, 0:sentinel] = torch.FloatTensor(np.sin(position_enc[:, 0::2]))
    out[:, sentinel:] = torch.FloatTensor(np.cos(position_enc[:, 1::2]))
    return out


class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.h, self.dh = heads, d // heads
        self.scaling = self.dh ** -0.5
        self.k_proj = nn.Linear(d, d)
        self.v_proj = nn.Linear(d, d)
        self.q_proj = nn.Linear(d, d)
        self.out_proj = nn.Linear(d, d)

    def split(self, x):  # [B, T, d] -> [B, H, T, Dh]
        return x.view(x.size(0), -1, self.h, self.dh).transpose(1, 2)

    def attend(self, q, k, v, bias):
        w = torch.matmul(q, k.transpose(2, 3))
        if bias is not None:
            w = w + bias
        w = torch.softmax(w, dim=-1)
        o = torch.matmul(w, v).transpose(1, 2)
        return self.out_proj(o.reshape(o.size(0), -1, self.h * self.dh))


def padding_bias(mask, neg=NEG):  # [B, S] (1 = token, 0 = pad) -> additive [B, 1, 1, S]
    return (1.0 - mask[:, None, None, :].to(torch.float32)) * neg


def causal_bias(q_len, k_len, neg=NEG):  # the q_len queries are the last q_len of the k_len keys
    i = torch.arange(q_len) + (k_len - q_len)
    j = torch.arange(k_len)
    return (j[None, :] > i[:, None]).to(torch.float32) * neg


def activation(name, x):
    if name == "swish":
        return x * torch.sigmoid(x)
    if name == "gelu":
        return F.gelu(x)
    raise ValueError(name)


class EncoderLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["d_model"]
        self.act = c["activation_function"]
        self.self_attn = Attention(d, c["encoder_attention_heads"])
        self.self_attn_layer_norm = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, c["encoder_ffn_dim"])
        self.fc2 = nn.Linear(c["encoder_ffn_dim"], d)
        self.final_layer_norm = nn.LayerNorm(d)

    def forward(self, x, bias):
        a = self.self_attn
        h = a.attend(a.split(a.q_proj(x) * a.scaling), a.split(a.k_proj(x)), a.split(a.v_proj(x)), bias)
        x = self.self_attn_layer_norm(x + h)
        h = self.fc2(activation(self.act, self.fc1(x)))
        return self.final_layer_norm(x + h)


class DecoderLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["d_model"]
        self.act = c["activation_function"]
        self.self_attn = Attention(d, c["decoder_attention_heads"])
        self.self_attn_layer_norm = nn.LayerNorm(d)
        self.encoder_attn = Attention(d, c["decoder_attention_heads"])
        self.encoder_attn_layer_norm = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, c["decoder_ffn_dim"])
        self.fc2 = nn.Linear(c["decoder_ffn_dim"], d)
        self.final_layer_norm = nn.LayerNorm(d)

    def forward(self, x, enc_bias, past=None, enc_hidden=None, neg=NEG, self_bias=None):
        """past: None or (self_k, self_v, cross_k, cross_v); returns x and the new 4 cache tensors.
        self_bias: the causal mask, made here from q's and k's lengths when not given."""
        a = self.self_attn
        q = a.split(a.q_proj(x) * a.scaling)
        k, v = a.split(a.k_proj(x)), a.split(a.v_proj(x))
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        if self_bias is None:
            self_bias = causal_bias(q.size(2), k.size(2), neg)
        x = self.self_attn_layer_norm(x + a.attend(q, k, v, self_bias))
        c = self.encoder_attn
        if past is not None:
            ck, cv = past[2], past[3]
        else:
            ck, cv = c.split(c.k_proj(enc_hidden)), c.split(c.v_proj(enc_hidden))
        x = self.encoder_attn_layer_norm(x + c.attend(c.split(c.q_proj(x) * c.scaling), ck, cv, enc_bias))
        h = self.fc2(activation(self.act, self.fc1(x)))
        return self.final_layer_norm(x + h), (k, v, ck, cv)


class Stack(nn.Module):
    """model.encoder / model.decoder: positions, (BART) layernorm_embedding, layers."""

    def __init__(self, c, layer_cls, n_layers):
        super().__init__()
        d, n_pos = c["d_model"], c["max_position_embeddings"]
        if c["model_type"] == "bart":  # BartLearnedPositionalEmbedding: 2 extra rows, offset 2
            self.embed_positions = nn.Embedding(n_pos + 2, d)
            self.layernorm_embedding = nn.LayerNorm(d)
        else:  # MarianSinusoidalPositionalEmbedding: static
            self.embed_positions = nn.Embedding(n_pos, d)
            self.embed_positions.weight = nn.Parameter(sinusoidal_table(n_pos, d), requires_grad=False)
            self.layernorm_embedding = None
        self.layers = nn.ModuleList([layer_cls(c) for _ in range(n_layers)])


class Seq2Seq(nn.Module):
    """MarianMTModel (config['model_type'] == 'marian') or BartForConditionalGeneration, built
    from its config.json dict; the parameter names follow transformers' (model.shared,
    model.encoder.layers.0.self_attn...).  Weights are initialised like transformers does
    (normal(0, init_std), zero biases, unit layer-norm gains) from torch's global generator.
    `mask_value` is the additive attention-mask value baked into the exported graphs; with
    `shared_causal_mask` the decoder makes its causal mask once for all layers (as transformers
    does) instead of once per layer: the same values, fewer small nodes in the ONNX graph."""

    def __init__(self, c, mask_value=NEG, shared_causal_mask=False):
        super().__init__()
        self.c = c
        self.neg = mask_value
        self.shared_causal_mask = shared_causal_mask
        d, V = c["d_model"], c["vocab_size"]
        self.bart = c["model_type"] == "bart"
        self.pos_offset = 2 if self.bart else 0
        self.embed_scale = math.sqrt(d) if c["scale_embedding"] else 1.0
        self.shared = nn.Embedding(V, d, padding_idx=c["pad_token_id"])
        self.encoder = Stack(c, EncoderLayer, c["encoder_layers"])
        self.decoder = Stack(c, DecoderLayer, c["decoder_layers"])
        self.register_buffer("final_logits_bias", torch.zeros(1, V))
        self.init_weights()

    def init_weights(self):  # PreTrainedModel._init_weights for BART/Marian
        std = self.c["init_std"]
        for m in self.modules():
            if isinstance(m, nn.Linear):
                m.weight.data.normal_(0.0, std)
                m.bias.data.zero_()
            elif isinstance(m, nn.Embedding) and m.weight.requires_grad:
                m.weight.data.normal_(0.0, std)
                if m.padding_idx is not None:
                    m.weight.data[m.padding_idx].zero_()

    def embed(self, ids, stack, start):
        pos = torch.arange(ids.size(1)) + (start + self.pos_offset)
        x = self.shared(ids) * self.embed_scale + F.embedding(pos, stack.embed_positions.weight)[None]
        if stack.layernorm_embedding is not None:
            x = stack.layernorm_embedding(x)
        return x

    def encode(self, ids, mask):
        x = self.embed(ids, self.encoder, 0)
        bias = padding_bias(mask, self.neg)
        for layer in self.encoder.layers:
            x = layer(x, bias)
        return x

    def decode(self, ids, enc_mask, enc_hidden=None, past=None, hidden_only=False):
        """Returns logits [B, T, V] (or the last hidden state when hidden_only) and the cache
        [(self_k, self_v, cross_k, cross_v)] per layer."""
        start = past[0][0].size(2) if past is not None else 0
        x = self.embed(ids, self.decoder, start)
        bias = padding_bias(enc_mask, self.neg)
        self_bias = causal_bias(ids.size(1), start + ids.size(1), self.neg) if self.shared_causal_mask else None
        cache = []
        for i, layer in enumerate(self.decoder.layers):
            x, kv = layer(x, bias, None if past is None else past[i], enc_hidden, self.neg, self_bias)
            cache.append(kv)
        if hidden_only:
            return x, cache
        # 2-D linear: exported as one Gemm (transB=1) on the tied embedding, reading the same
        # initializer as the embedding Gather (no transposed copy)
        logits = F.linear(x.reshape(-1, x.size(2)), self.shared.weight, self.final_logits_bias[0])
        return logits.view(x.size(0), -1, logits.size(1)), cache


# ---------------------------------------------------------------------------------------------
# ONNX export (encoder_model.onnx + If-merged decoder_model_merged.onnx)
# ---------------------------------------------------------------------------------------------

class EncoderExport(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.model = m

    def forward(self, input_ids, attention_mask):
        return self.model.encode(input_ids, attention_mask)


class DecoderFirstExport(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.model = m

    def forward(self, encoder_attention_mask, input_ids, encoder_hidden_states):
        logits, cache = self.model.decode(input_ids, encoder_attention_mask, enc_hidden=encoder_hidden_states)
        return (logits,) + tuple(t for kv in cache for t in kv)


class DecoderWithPastExport(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.model = m

    def forward(self, encoder_attention_mask, input_ids, *flat_past):
        past = [tuple(flat_past[4 * i:4 * i + 4]) for i in range(len(flat_past) // 4)]
        logits, cache = self.model.decode(input_ids, encoder_attention_mask, past=past)
        # the encoder part of the cache is passed through unchanged
        return (logits,) + tuple(t for kv in cache for t in kv)


def kv_names(prefix, n_layers):
    names = []
    for i in range(n_layers):
        for part in ("decoder", "encoder"):
            for kv in ("key", "value"):
                names.append(f"{prefix}.{i}.{part}.{kv}")
    return names


def torch_export(module, args, input_names, output_names, dynamic_axes, strip_identities=False):
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(module, args, buf, input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, opset_version=OPSET, do_constant_folding=True)
    model = onnx.load_from_string(buf.getvalue())
    for node in model.graph.node:
        node.doc_string = ""
    model.graph.doc_string = ""
    model.doc_string = ""
    if strip_identities:
        strip_initializer_identities(model)
    return model


def strip_initializer_identities(model):
    """torch 1.13 stores identical parameters once (all the zero biases, all the unit
    layer-norm gains of a freshly initialised model) and re-creates the other names with
    Identity nodes.  Point the readers at the initializer itself so that every Linear's bias
    is a plain initializer (scripts/quantize_onnx.py folds those into the fused int8 kernel)."""
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


def export_encoder(model, strip_identities=False):
    c = model.c
    ids = torch.tensor([[5, 6, 7, 8, 0], [9, 10, 0, c["pad_token_id"], c["pad_token_id"]]])
    if c["vocab_size"] <= 10:  # tiny vocabularies (make_beam_fixture.py): example ids within it
        ids = torch.tensor([[2, 3, 4, 5, 0], [6, 2, 0, c["pad_token_id"], c["pad_token_id"]]])
    mask = (ids != c["pad_token_id"]).long()
    axes = {"input_ids": {0: "batch_size", 1: "encoder_sequence_length"},
            "attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
            "last_hidden_state": {0: "batch_size", 1: "encoder_sequence_length"}}
    return torch_export(EncoderExport(model), (ids, mask), ["input_ids", "attention_mask"],
                        ["last_hidden_state"], axes, strip_identities)


def export_decoders(model, strip_identities=False):
    """The first-step decoder and the with-past decoder, with their present / past names."""
    c = model.c
    L, H, d = c["decoder_layers"], c["decoder_attention_heads"], c["d_model"]
    B, S, P = 2, 5, 3
    enc_mask = torch.ones(B, S, dtype=torch.long)
    enc_mask[1, 3:] = 0
    enc = torch.randn(B, S, d, generator=torch.Generator().manual_seed(0))
    ids2 = torch.tensor([[c["decoder_start_token_id"], 5], [c["decoder_start_token_id"], 6]])
    present = kv_names("present", L)
    past = kv_names("past_key_values", L)
    axes = {"encoder_attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
            "input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
            "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"},
            "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
    for n in present:
        axes[n] = {0: "batch_size", 2: ("decoder_sequence_length" if ".decoder." in n else "encoder_sequence_length_out")}
    first = torch_export(DecoderFirstExport(model), (enc_mask, ids2, enc),
                         ["encoder_attention_mask", "input_ids", "encoder_hidden_states"], ["logits"] + present, axes,
                         strip_identities)
    g = torch.Generator().manual_seed(1)
    flat = []
    for n in past:
        flat.append(torch.randn(B, H, P if ".decoder." in n else S, d // H, generator=g))
    ids1 = torch.tensor([[5], [6]])
    axes = {"encoder_attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
            "input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
            "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
    for n in past:
        axes[n] = {0: "batch_size", 2: ("past_decoder_sequence_length" if ".decoder." in n else "encoder_sequence_length_out")}
    for n in present:
        axes[n] = {0: "batch_size", 2: ("past_decoder_sequence_length + 1" if ".decoder." in n else "encoder_sequence_length_out")}
    with_past = torch_export(DecoderWithPastExport(model), (enc_mask, ids1, *flat),
                             ["encoder_attention_mask", "input_ids"] + past, ["logits"] + present, axes,
                             strip_identities)
    return first, with_past, present, past


def tensor_key(t):
    """Content key of an initializer (type, shape, values), hashed without concatenated copies
    (the bench models' embeddings are hundreds of MB)."""
    h = hashlib.sha256(bytes([t.data_type]))
    h.update(str(list(t.dims)).encode())
    h.update(t.raw_data if t.HasField("raw_data") else numpy_helper.to_array(t).tobytes())
    return h.hexdigest()


def to_branch(model, prefix, outer_inputs, shared, shared_order, out_names, passthrough="copy"):
    """Turn an exported graph into an If branch: no inputs (outer values are referenced by
    name), initializers moved to the outer graph (deduplicated by content), every other value
    renamed with `prefix` so the two branches never share a name.

    An output that is an outer value passed through unchanged (the cross-attention keys/values
    of the with-past decoder) becomes, with passthrough="copy", a copy of that value (Identity);
    with passthrough="zeros", a tiny constant of zeros, as Optimum does: transformers.js keeps
    the first step's cross-attention tensors and ignores these outputs, so this saves copying
    every layer's encoder keys/values out of the session at each step."""
    g = model.graph
    graph_inputs = {i.name for i in g.input}
    nodes_in = list(g.node)
    if passthrough == "zeros":  # drop torch's pass-through Identity nodes: handled below
        graph_outputs = {o.name for o in g.output}
        nodes_in = [n for n in nodes_in if not (n.op_type == "Identity" and n.input[0] in graph_inputs
                                                and n.output[0] in graph_outputs)]
    elif passthrough != "copy":
        raise ValueError(passthrough)
    rename = {}
    for init in g.initializer:
        key = tensor_key(init)
        if key not in shared:
            name = init.name
            taken = {t.name for t in shared.values()}
            if name in taken or name in outer_inputs:
                name = prefix + name
            t = copy.deepcopy(init)
            t.name = name
            shared[key] = t
            shared_order.append(key)
        rename[init.name] = shared[key].name
    for node in nodes_in:
        for i, o in enumerate(node.output):
            if o and o not in rename:
                rename[o] = prefix + o
        node.name = prefix + node.name if node.name else ""
    nodes = []
    for node in nodes_in:
        n = copy.deepcopy(node)
        for i, x in enumerate(n.input):
            if x in rename:
                n.input[i] = rename[x]
            elif x and x not in graph_inputs:
                raise RuntimeError(f"unknown value {x}")
        for i, x in enumerate(n.output):
            if x:
                n.output[i] = rename[x]
        nodes.append(n)
    outputs = []
    by_name = {o.name: o for o in g.output}
    for name in out_names:
        o = by_name[name]
        src = rename.get(o.name, o.name)
        if src in graph_inputs or src == o.name:  # an outer value: needs its own node
            if passthrough == "zeros":
                dst = prefix + o.name + "/constant"
                dims = [d.dim_value if d.HasField("dim_value") else 1 for d in o.type.tensor_type.shape.dim]
                zeros = np.zeros(dims, dtype=onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[o.type.tensor_type.elem_type])
                nodes.append(helper.make_node("Constant", [], [dst], name=dst, value=numpy_helper.from_array(zeros, dst)))
            else:
                dst = prefix + "out." + o.name
                nodes.append(helper.make_node("Identity", [src], [dst], name=prefix + "Identity_out_" + o.name))
            src = dst
        outputs.append(helper.make_tensor_value_info(src, o.type.tensor_type.elem_type, None))
    return helper.make_graph(nodes, prefix.rstrip("/"), [], outputs)


def merge_decoders(first, with_past, present, past, passthrough="copy", producer="fr2en"):
    """One graph: If(use_cache_branch) then with_past else first; see to_branch."""
    shared, order = {}, []
    outer_input_names = {"encoder_attention_mask", "input_ids", "encoder_hidden_states", "use_cache_branch", *past}
    out_names = ["logits"] + present
    else_branch = to_branch(first, "no_past/", outer_input_names, shared, order, out_names, passthrough)
    then_branch = to_branch(with_past, "with_past/", outer_input_names, shared, order, out_names, passthrough)
    fi = {i.name: i for i in first.graph.input}
    wi = {i.name: i for i in with_past.graph.input}
    inputs = [fi["encoder_attention_mask"], fi["input_ids"], fi["encoder_hidden_states"]] + [wi[n] for n in past]
    inputs = [copy.deepcopy(i) for i in inputs]
    inputs.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))
    fo = {o.name: o for o in first.graph.output}
    outputs = [copy.deepcopy(fo["logits"])]
    for n in present:  # [batch_size, H, *, Dh] with H and Dh as numbers, like the past inputs
        dims = [d.dim_value for d in wi[n.replace("present", "past_key_values")].type.tensor_type.shape.dim]
        seq = "present_decoder_sequence_length" if ".decoder." in n else "encoder_sequence_length_out"
        outputs.append(helper.make_tensor_value_info(n, TensorProto.FLOAT, ["batch_size", dims[1], seq, dims[3]]))
    node = helper.make_node("If", ["use_cache_branch"], out_names, name="optimum::if",
                            then_branch=then_branch, else_branch=else_branch)
    graph = helper.make_graph([node], "merged_decoder", inputs, outputs, [shared[k] for k in order])
    merged = helper.make_model(graph, opset_imports=list(first.opset_import), producer_name=producer)
    merged.ir_version = first.ir_version
    return merged


def save_onnx(model, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(model.SerializeToString())


def export_onnx(model, onnx_dir, strip_identities=False, passthrough="copy", producer="fr2en", log=None):
    """Write onnx_dir/encoder_model.onnx and onnx_dir/decoder_model_merged.onnx; returns the
    number of initializers of the merged decoder.  `log`, if given, receives progress lines."""
    t0 = time.time()
    model.eval()
    onnx_dir = Path(onnx_dir)
    encoder = export_encoder(model, strip_identities)
    onnx.checker.check_model(encoder)
    save_onnx(encoder, onnx_dir / "encoder_model.onnx")
    del encoder
    if log:
        log(f"  encoder exported ({time.time() - t0:.1f}s)")
    first, with_past, present, past = export_decoders(model, strip_identities)
    merged = merge_decoders(first, with_past, present, past, passthrough, producer)
    del first, with_past  # before the check, which holds a serialized copy of the model
    onnx.checker.check_model(merged)
    save_onnx(merged, onnx_dir / "decoder_model_merged.onnx")
    n_inits = len(merged.graph.initializer)
    if log:
        log(f"  merged decoder exported ({time.time() - t0:.1f}s total), {n_inits} shared initializers")
    return n_inits
