#!/usr/bin/env bash
# Regenerate the self-made test models in test/fixtures/models/ (`npm run fixtures`).
# Needs Debian's Python with torch, onnx, numpy and sentencepiece; no network access.
# Extra arguments go to scripts/make_fixtures.py (e.g. --only marian-memo, --out DIR);
# then scripts/make_marian_spm.py and scripts/spm_reference.py always run (a few seconds).
set -euo pipefail

cd "$(dirname "$0")/.."

PY=/usr/bin/python3
APT_LINE="apt-get install -y python3-torch python3-onnx python3-numpy python3-sentencepiece sentencepiece"

if [ ! -x "$PY" ]; then
  echo "make-fixtures: $PY not found. On Debian/Ubuntu (as root):" >&2
  echo "  apt-get update && $APT_LINE" >&2
  exit 1
fi

missing=()
for mod in torch onnx numpy sentencepiece; do
  "$PY" -c "import $mod" 2>/dev/null || missing+=("$mod")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "make-fixtures: $PY cannot import: ${missing[*]}. Install Debian's packages (as root):" >&2
  echo "  apt-get update && $APT_LINE" >&2
  exit 1
fi

# One thread everywhere: the generated files are then the same bytes on every run.
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0
"$PY" scripts/make_fixtures.py "$@"
# Marian folder with its own tokenizer files (source.spm, target.spm, vocab.json), and the
# Google-sentencepiece reference ids the parity test compares against
"$PY" scripts/make_marian_spm.py
"$PY" scripts/spm_reference.py
# the 8-token beam-search fixture (test/fixtures/models/marian-beam), its own script
"$PY" scripts/make_beam_fixture.py
# the decoder-only chat fixture (test/fixtures/models/qwen2-memo): prompts from fr2en's own prompt
# builder, encoded by transformers.js's own chat template and tokenizer, then trained and exported
Q=test/fixtures/models/qwen2-memo; T=$(mktemp -d)
npx tsx scripts/causal-fixture-data.ts pairs "$T/pairs.json"
"$PY" scripts/make_causal_fixture.py tokenizer "$T/pairs.json" "$Q"
npx tsx scripts/causal-fixture-data.ts encode "$Q" "$T/pairs.json" "$T/ids.json"
"$PY" scripts/make_causal_fixture.py model "$T/ids.json" "$Q"
rm -rf "$T"
