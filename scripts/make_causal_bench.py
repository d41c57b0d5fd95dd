"""Random-weight decoder-only model of Qwen2.5-0.5B-Instruct's shape for `npm run bench` (never
committed): hidden 896, 24 layers, 14 heads, 2 key/value heads, head size 64, MLP 4864,
vocabulary 151 936, tied head; onnx/model.onnx + model.onnx_data (fp32, ~2 GB), the
onnx-community layout. Its tokenizer is make_causal_fixture.py's Unigram one over the seed's
words, padded to 151 936 pieces (token counts of the seed are close to, not equal to, Qwen's BPE).

  make_causal_bench.py SEED.txt OUT_DIR
"""
import json, os, sys, tempfile

import onnx
import torch

sys.path.insert(0, os.path.dirname(__file__))
import make_causal_fixture as m  # noqa: E402

m.D, m.LAYERS, m.HEADS, m.KV, m.HD, m.FFN, m.CTX = 896, 24, 14, 2, 64, 4864, 32768
VOCAB = 151936


def main(seed, out):
    os.makedirs(out, exist_ok=True)
    text = open(seed, encoding='utf-8').read()
    with tempfile.TemporaryDirectory() as tmp:
        pairs = os.path.join(tmp, 'pairs.json')
        instructions = 'Summarize the article below. Write the most important points of the article as a bulleted list of at most 5 bullet points, one per line, each starting with "- ". Write in English, whatever the language of the article. Reply with the summary only, no introduction. Article: part of a longer in a few sentences of plain keeping its key facts'
        json.dump([{'prompt': text + '\n' + instructions, 'answer': ''}], open(pairs, 'w'))
        m.make_tokenizer(pairs, out)
    tok_path = os.path.join(out, 'tokenizer.json')
    tok = json.load(open(tok_path, encoding='utf-8'))
    vocab = tok['model']['vocab']
    vocab += [[f'<pad{i}>', -20.0] for i in range(VOCAB - len(vocab))]
    json.dump(tok, open(tok_path, 'w', encoding='utf-8'), ensure_ascii=False)
    cfg = json.load(open(os.path.join(out, 'tokenizer_config.json')))
    cfg['model_max_length'] = 32768
    json.dump(cfg, open(os.path.join(out, 'tokenizer_config.json'), 'w'))
    torch.manual_seed(0)
    model = m.Qwen2Tiny(VOCAB)
    model.lm_head.weight = model.embed_tokens.weight
    model.eval()
    names_past = [f'past_key_values.{i}.{kv}' for i in range(m.LAYERS) for kv in ('key', 'value')]
    names_present = [n.replace('past_key_values', 'present') for n in names_past]
    dyn = {'input_ids': {0: 'batch_size', 1: 'sequence_length'}, 'attention_mask': {0: 'batch_size', 1: 'total_sequence_length'},
           'position_ids': {0: 'batch_size', 1: 'sequence_length'}, 'logits': {0: 'batch_size', 1: 'sequence_length'}}
    for n in names_past:
        dyn[n] = {0: 'batch_size', 2: 'past_sequence_length'}
    for n in names_present:
        dyn[n] = {0: 'batch_size', 2: 'total_sequence_length'}
    example = (torch.tensor([[5, 6, 7]]), torch.ones(1, 5, dtype=torch.long), torch.tensor([[2, 3, 4]]),
               *[torch.zeros(1, m.KV, 2, m.HD) for _ in names_past])
    os.makedirs(os.path.join(out, 'onnx'), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'model.onnx')
        with torch.no_grad():
            torch.onnx.export(model, example, path, input_names=['input_ids', 'attention_mask', 'position_ids', *names_past],
                              output_names=['logits', *names_present], dynamic_axes=dyn, opset_version=14, do_constant_folding=True)
        graph = onnx.load(path)
        onnx.save_model(graph, os.path.join(out, 'onnx', 'model.onnx'), save_as_external_data=True, all_tensors_to_one_file=True,
                        location='model.onnx_data', size_threshold=1024)
    m.write_json(os.path.join(out, 'config.json'), {
        'architectures': ['Qwen2ForCausalLM'], 'model_type': 'qwen2', 'hidden_size': m.D, 'intermediate_size': m.FFN,
        'num_hidden_layers': m.LAYERS, 'num_attention_heads': m.HEADS, 'num_key_value_heads': m.KV, 'head_dim': m.HD,
        'max_position_embeddings': m.CTX, 'rope_theta': 1000000.0, 'rms_norm_eps': 1e-6, 'vocab_size': VOCAB,
        'bos_token_id': 0, 'eos_token_id': 2, 'tie_word_embeddings': True, 'torch_dtype': 'float32',
        'transformers.js_config': {'use_external_data_format': {'model.onnx': 1}},
    })
    m.write_json(os.path.join(out, 'generation_config.json'), {'bos_token_id': 0, 'eos_token_id': [2, 0], 'do_sample': False})
    print({f: os.path.getsize(os.path.join(out, 'onnx', f)) for f in os.listdir(os.path.join(out, 'onnx'))})


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
