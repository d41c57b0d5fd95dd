#!/usr/bin/python3
"""Write test/fixtures/spm-reference.json: what Google's sentencepiece (Debian's
python3-sentencepiece) and Python's MarianTokenizer make of text, on the marian-spm fixture,
so the tests can check fr2en's Marian tokenizer against it without Python.

    /usr/bin/python3 scripts/spm_reference.py [--dev ../shared/data/segmentation-dev.jsonl]

Encoding (`texts`): preprocess-spm.sh's rewriting (Python port in make_marian_spm.py), then
source.spm's pieces, each mapped through vocab.json (a piece vocab.json lacks -> `<unk>`), then
`</s>` appended: MarianTokenizer's input ids. Texts: every gold sentence of the segmentation dev
set, every sentence of the seed article, and lines holding every character class the OPUS-MT
normalisation rewrites.

Decoding (`decodes`): ids -> pieces through vocab.json, special tokens (`</s>`, `<unk>`, `<pad>`)
dropped, target.spm's decode_pieces, `▁` -> space, strip (MarianTokenizer.convert_tokens_to_string),
then transformers' clean_up_tokenization (tokenizer_config.json says
`clean_up_tokenization_spaces: true`). Cases: the English training sentences as target.spm cuts
them, and seeded random id sequences over the whole vocabulary (French-only pieces included).
"""
import argparse
import json
import random
import sys
from pathlib import Path

import sentencepiece as spm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import ENGLISH_TEXT, SEED_ARTICLE, split_sentences  # noqa: E402
from make_marian_spm import preprocess_spm  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "test" / "fixtures" / "models" / "marian-spm"
OUT = ROOT / "test" / "fixtures" / "spm-reference.json"

# Every character class the normalisation touches, in French sentences.
CHARACTER_LINES = [
    "L’État a dit “non” … puis « oui ».",
    "Il a payé ５０ ％ （ environ ） ： ４２３ ６７８ ９１ ！",
    "Une question ？ Une réponse ； une liste ， une autre 、 fin 。 Suite ． Encore",
    "Titre 《 livre 》 et 「 citation 」 ～ tilde ━ ligne 〈 a 〉 【 b 】 ∶ ratio",
    "Un espace\u200bde largeur nulle, un joint\u2060de mot et un\ufeffBOM.",
    "Une commande\u0007 de contrôle,\u0001 une tabulation\tet un saut\nde ligne\r ici.",
    "Un tiret\u00adconditionnel, une marque\u200edirectionnelle et un joiner\u200d ici.",
    "  Des   espaces    multiples  ",
    "Espaces insécables\u00a0: «\u00a0bonjour\u00a0» et\u202fainsi\u2009de suite…",
    "Caractères inconnus : Ωμέγα, 漢字, emoji 🙂 et ŠŽČ.",
]


def clean_up_tokenization(text):
    """transformers' PreTrainedTokenizerBase.clean_up_tokenization."""
    return (text.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
            .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" 's", "'s")
            .replace(" 've", "'ve").replace(" 're", "'re"))


def compact(ids):
    return json.dumps(ids, separators=(",", ":"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", default=str(ROOT.parent / "shared" / "data" / "segmentation-dev.jsonl"))
    args = ap.parse_args()
    src = spm.SentencePieceProcessor(model_file=str(FIXTURE / "source.spm"))
    tgt = spm.SentencePieceProcessor(model_file=str(FIXTURE / "target.spm"))
    vocab = json.loads((FIXTURE / "vocab.json").read_text(encoding="utf-8"))
    inverse = {i: p for p, i in vocab.items()}
    special = {vocab["</s>"], vocab["<unk>"], vocab["<pad>"]}

    def encode(text):
        return [vocab.get(p, vocab["<unk>"]) for p in src.encode(preprocess_spm(text), out_type=str)] + [vocab["</s>"]]

    def decode(ids):
        pieces = [inverse[i] for i in ids if i not in special]
        return clean_up_tokenization(tgt.decode_pieces(pieces).replace("\u2581", " ").strip())

    texts = []
    with open(args.dev, encoding="utf-8") as f:
        for line in f:
            for s in json.loads(line)["sentences"]:
                texts.append(("dev", s))
    texts += [("seed", s) for s in split_sentences(SEED_ARTICLE.read_text(encoding="utf-8"))]
    texts += [("chars", s) for s in CHARACTER_LINES]

    decodes = []
    for s in split_sentences(ENGLISH_TEXT):
        decodes.append([vocab.get(p, vocab["<unk>"]) for p in tgt.encode(preprocess_spm(s), out_type=str)] + [0])
    rng = random.Random(7)
    for _ in range(200):
        decodes.append([rng.randrange(len(vocab)) for _ in range(rng.randrange(1, 25))])

    with open(OUT, "w", encoding="utf-8") as out:
        out.write('{"about":"scripts/spm_reference.py: Google sentencepiece %s on test/fixtures/models/marian-spm",\n'
                  % spm.__version__)
        # the dev set's texts stay in ../shared (the tests read them there): its ids only, in order
        out.write('"dev":[\n' + ",\n".join(compact(encode(t)) for k, t in texts if k == "dev") + "],\n")
        out.write('"texts":[\n' + ",\n".join(
            json.dumps({"set": k, "text": t, "ids": encode(t)}, ensure_ascii=False, separators=(",", ":"))
            for k, t in texts if k != "dev") + "],\n")
        out.write('"decodes":[\n' + ",\n".join(
            json.dumps({"ids": ids, "text": decode(ids)}, ensure_ascii=False, separators=(",", ":")) for ids in decodes) + "]}\n")
    counts = {k: sum(1 for kk, _ in texts if kk == k) for k in ("dev", "seed", "chars")}
    print(f"{OUT.relative_to(ROOT)}: {counts} texts, {len(decodes)} decodes, sentencepiece {spm.__version__}")


if __name__ == "__main__":
    main()
