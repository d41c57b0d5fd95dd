"""Tiny decoder-only fixture in the onnx-community (transformers.js) layout of Qwen2 models:
test/fixtures/models/qwen2-memo.

  make_causal_fixture.py tokenizer PAIRS.json OUT_DIR   # tokenizer.json + tokenizer_config.json (chat template)
  make_causal_fixture.py model IDS.json OUT_DIR         # config, generation config, onnx/model.onnx + model.onnx_data

The model is plain torch (no HF transformers package here): Qwen2's architecture (RMSNorm,
rotary positions, grouped-query attention with q/k/v biases, SwiGLU MLP, untied head) at a tiny
size, trained until greedy decoding reproduces the memorised answers of PAIRS (written by
scripts/causal-fixture-data.ts with fr2en's own prompt builder, encoded by transformers.js's own
chat template and tokenizer). Graph: inputs input_ids, attention_mask, position_ids,
past_key_values.N.key|value; outputs logits, present.N.key|value; weights in model.onnx_data.
"""
import json, math, os, re, sys, tempfile

import onnx
import torch
import torch.nn as nn

SPECIAL = ['<|endoftext|>', '<|im_start|>', '<|im_end|>', '<unk>']
CHAT_TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
D, LAYERS, HEADS, KV, HD, FFN, CTX = 96, 2, 4, 2, 24, 192, 384


def write_json(path, obj):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write('\n')


def make_tokenizer(pairs_path, out):
    pairs = json.load(open(pairs_path, encoding='utf-8'))
    # the chat template's words and everything the tests send or expect
    corpus = 'user assistant system\n' + '\n'.join(p['prompt'] + '\n' + p['answer'] for p in pairs)
    chars = sorted(set(corpus) - {' '})
    runs = sorted(set(re.findall(r'\w+', corpus)) - set(chars))
    vocab = [[s, 0.0] for s in SPECIAL]
    seen = set(s for s, _ in vocab)
    for piece, score in [(r, -2.0) for r in runs] + [('\u2581' + r, -2.0) for r in runs] + [(c, -8.0) for c in chars] + [('\u2581' + c, -8.0) for c in chars] + [('\u2581', -9.0)]:
        if piece not in seen:
            seen.add(piece)
            vocab.append([piece, score])
    meta = {'type': 'Metaspace', 'replacement': '\u2581', 'prepend_scheme': 'always', 'split': True}
    tok = {
        'version': '1.0', 'truncation': None, 'padding': None,
        'added_tokens': [{'id': i, 'content': s, 'single_word': False, 'lstrip': False, 'rstrip': False, 'normalized': False, 'special': True} for i, s in enumerate(SPECIAL)],
        'normalizer': None, 'pre_tokenizer': meta, 'post_processor': None, 'decoder': meta,
        'model': {'type': 'Unigram', 'unk_id': 3, 'vocab': vocab, 'byte_fallback': False},
    }
    os.makedirs(out, exist_ok=True)
    write_json(os.path.join(out, 'tokenizer.json'), tok)
    write_json(os.path.join(out, 'tokenizer_config.json'), {
        'tokenizer_class': 'PreTrainedTokenizer', 'chat_template': CHAT_TEMPLATE,
        'bos_token': None, 'eos_token': '<|im_end|>', 'pad_token': '<|endoftext|>', 'unk_token': '<unk>',
        'model_max_length': CTX, 'clean_up_tokenization_spaces': False,
    })
    print(f'tokenizer: {len(vocab)} pieces')


class RMSNorm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):
        return self.weight * x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6)


def rotate_half(x):
    a, b = x[..., : HD // 2], x[..., HD // 2:]
    return torch.cat([-b, a], dim=-1)


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.input_layernorm, self.post_attention_layernorm = RMSNorm(D), RMSNorm(D)
        self.q_proj, self.k_proj, self.v_proj = nn.Linear(D, HEADS * HD), nn.Linear(D, KV * HD), nn.Linear(D, KV * HD)
        self.o_proj = nn.Linear(HEADS * HD, D, bias=False)
        self.gate_proj, self.up_proj, self.down_proj = nn.Linear(D, FFN, bias=False), nn.Linear(D, FFN, bias=False), nn.Linear(FFN, D, bias=False)

    def forward(self, x, cos, sin, mask, past_k, past_v):
        b, s = x.shape[0], x.shape[1]
        h = self.input_layernorm(x)
        q = self.q_proj(h).view(b, s, HEADS, HD).transpose(1, 2)
        k = self.k_proj(h).view(b, s, KV, HD).transpose(1, 2)
        v = self.v_proj(h).view(b, s, KV, HD).transpose(1, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        k, v = torch.cat([past_k, k], dim=2), torch.cat([past_v, v], dim=2)
        rep = HEADS // KV
        kk = k.unsqueeze(2).expand(-1, -1, rep, -1, -1).reshape(b, HEADS, -1, HD)
        vv = v.unsqueeze(2).expand(-1, -1, rep, -1, -1).reshape(b, HEADS, -1, HD)
        att = torch.softmax(q @ kk.transpose(-1, -2) / math.sqrt(HD) + mask, dim=-1)
        x = x + self.o_proj((att @ vv).transpose(1, 2).reshape(b, s, HEADS * HD))
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(nn.functional.silu(self.gate_proj(h)) * self.up_proj(h)), k, v


class Qwen2Tiny(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, D)
        self.layers = nn.ModuleList([Layer() for _ in range(LAYERS)])
        self.norm = RMSNorm(D)
        self.lm_head = nn.Linear(D, vocab, bias=False)
        self.register_buffer('inv_freq', 1.0 / (10000.0 ** (torch.arange(0, HD, 2).float() / HD)), persistent=False)

    def forward(self, input_ids, attention_mask, position_ids, *past):
        x = self.embed_tokens(input_ids)
        freqs = position_ids.unsqueeze(-1).float() * self.inv_freq
        emb = torch.cat([freqs, freqs], dim=-1).unsqueeze(1)
        cos, sin = emb.cos(), emb.sin()
        # causal over positions (cumsum of the mask): works with left padding and a cache
        kpos = torch.cumsum(attention_mask, -1) - 1
        allowed = (kpos.unsqueeze(1) <= position_ids.unsqueeze(-1)) & (attention_mask.unsqueeze(1) > 0)
        mask = torch.where(allowed, torch.zeros((), dtype=torch.float32), torch.full((), -1e9)).unsqueeze(1)
        presents = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, cos, sin, mask, past[2 * i], past[2 * i + 1])
            presents += [k, v]
        return (self.lm_head(self.norm(x)), *presents)


def empty_past(b):
    return [torch.zeros(b, KV, 0, HD) for _ in range(2 * LAYERS)]


def full_forward(model, ids):
    t = torch.tensor([ids])
    return model(t, torch.ones_like(t), torch.arange(len(ids)).unsqueeze(0), *empty_past(1))[0]


def greedy(model, prompt, eos, max_new):
    ids = list(prompt)
    for _ in range(max_new):
        nxt = int(full_forward(model, ids)[0, -1].argmax())
        if nxt in eos:
            break
        ids.append(nxt)
    return ids[len(prompt):]


def make_model(ids_path, out):
    torch.manual_seed(15)
    data = json.load(open(ids_path))
    tok = json.load(open(os.path.join(out, 'tokenizer.json'), encoding='utf-8'))
    vocab = len(tok['model']['vocab'])
    model = Qwen2Tiny(vocab)
    seqs = [d['prompt'] + d['answer'] for d in data]
    n = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), n, dtype=torch.long)
    mask = torch.zeros(len(seqs), n, dtype=torch.long)
    target = torch.full((len(seqs), n), -100, dtype=torch.long)
    for r, (d, s) in enumerate(zip(data, seqs)):
        ids[r, : len(s)] = torch.tensor(s)
        mask[r, : len(s)] = 1
        p = len(d['prompt'])
        target[r, p - 1: len(s) - 1] = torch.tensor(d['answer'])
    pos = (torch.cumsum(mask, -1) - 1).clamp(min=0)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    eos = [2, 0]
    for step in range(1, 2001):
        logits = model(ids, mask, pos, *empty_past(len(seqs)))[0]
        loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), target.reshape(-1), ignore_index=-100)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 100 == 0:
            with torch.no_grad():
                ok = sum(greedy(model, d['prompt'], eos, len(d['answer']) + 5) == d['answer'][:-1] for d in data)
            print(f'step {step} loss {loss.item():.4f} memorised {ok}/{len(data)}', flush=True)
            if ok == len(data) and loss.item() < 0.02:
                break
    else:
        raise SystemExit('qwen2-memo did not memorise its answers')
    model.eval()
    # check the cache path equals the full forward
    with torch.no_grad():
        p = data[0]['prompt']
        out_full = full_forward(model, p)
        t = torch.tensor([p[:-1]])
        first = model(t, torch.ones_like(t), torch.arange(len(p) - 1).unsqueeze(0), *empty_past(1))
        last = model(torch.tensor([[p[-1]]]), torch.ones(1, len(p), dtype=torch.long), torch.tensor([[len(p) - 1]]), *first[1:])
        assert torch.allclose(last[0][0, -1], out_full[0, -1], atol=1e-4), 'cache path differs from full forward'

    names_past = [f'past_key_values.{i}.{kv}' for i in range(LAYERS) for kv in ('key', 'value')]
    names_present = [n.replace('past_key_values', 'present') for n in names_past]
    dyn = {'input_ids': {0: 'batch_size', 1: 'sequence_length'}, 'attention_mask': {0: 'batch_size', 1: 'total_sequence_length'},
           'position_ids': {0: 'batch_size', 1: 'sequence_length'}, 'logits': {0: 'batch_size', 1: 'sequence_length'}}
    for n in names_past:
        dyn[n] = {0: 'batch_size', 2: 'past_sequence_length'}
    for n in names_present:
        dyn[n] = {0: 'batch_size', 2: 'total_sequence_length'}
    example = (torch.tensor([[5, 6, 7]]), torch.ones(1, 5, dtype=torch.long), torch.tensor([[2, 3, 4]]),
               *[torch.zeros(1, KV, 2, HD) for _ in names_past])
    os.makedirs(os.path.join(out, 'onnx'), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'model.onnx')
        torch.onnx.export(model, example, path, input_names=['input_ids', 'attention_mask', 'position_ids', *names_past],
                          output_names=['logits', *names_present], dynamic_axes=dyn, opset_version=14, do_constant_folding=True)
        graph = onnx.load(path)
    target_path = os.path.join(out, 'onnx', 'model.onnx')
    for f in ('model.onnx', 'model.onnx_data'):
        if os.path.exists(os.path.join(out, 'onnx', f)):
            os.remove(os.path.join(out, 'onnx', f))
    onnx.save_model(graph, target_path, save_as_external_data=True, all_tensors_to_one_file=True, location='model.onnx_data', size_threshold=0)
    onnx.checker.check_model(target_path)
    write_json(os.path.join(out, 'config.json'), {
        'architectures': ['Qwen2ForCausalLM'], 'model_type': 'qwen2', 'is_encoder_decoder': False,
        'hidden_size': D, 'intermediate_size': FFN, 'num_hidden_layers': LAYERS, 'num_attention_heads': HEADS,
        'num_key_value_heads': KV, 'head_dim': HD, 'max_position_embeddings': CTX, 'rope_theta': 10000.0,
        'rms_norm_eps': 1e-6, 'hidden_act': 'silu', 'vocab_size': vocab, 'bos_token_id': 0, 'eos_token_id': 2,
        'pad_token_id': 0, 'tie_word_embeddings': False, 'use_cache': True, 'torch_dtype': 'float32',
        'transformers.js_config': {'use_external_data_format': {'model.onnx': 1}},
    })
    write_json(os.path.join(out, 'generation_config.json'), {'bos_token_id': 0, 'eos_token_id': [2, 0], 'pad_token_id': 0, 'do_sample': False})
    sizes = {f: os.path.getsize(os.path.join(out, 'onnx', f)) for f in os.listdir(os.path.join(out, 'onnx'))}
    print(f'qwen2-memo: vocab {vocab}, files {sizes}')


if __name__ == '__main__':
    mode, a, out = sys.argv[1:4]
    (make_tokenizer if mode == 'tokenizer' else make_model)(a, out)
