#!/usr/bin/env bash
# Builds the synthetic full-size benchmark models (random weights, real shapes)
# into .cache/bench-models/ (git-ignored; never commit them):
#   opus-mt-fr-en-synthetic/       ~420 MB fp32 + ~110 MB int8, ~25 s, ~1.7 GB RAM
#   distilbart-cnn-6-6-synthetic/  ~1.1 GB fp32 + ~290 MB int8, ~50 s, ~4 GB RAM
# Models already present are skipped; pass --force to rebuild them.
# Other arguments go to scripts/make_bench_models.py (--only marian|bart, --out DIR, --seed N).
#
#   npm run bench:models [-- --force]
#   node scripts/check-bench-models.mjs     # load them and measure speed
set -euo pipefail

cd "$(dirname "$0")/.."

# Debian's python: the torch/onnx/sentencepiece it needs come from apt, not pip.
PY=/usr/bin/python3
APT_LINE="apt-get update && apt-get install -y python3-torch python3-onnx python3-numpy python3-sentencepiece sentencepiece"

if [[ ! -x "$PY" ]]; then
  echo "make-bench-models: $PY not found. Install it with:" >&2
  echo "  $APT_LINE" >&2
  exit 1
fi

missing=()
for mod in torch onnx numpy sentencepiece; do
  if ! "$PY" -c "import $mod" >/dev/null 2>&1; then
    missing+=("$mod")
  fi
done
if ((${#missing[@]})); then
  echo "make-bench-models: python modules missing for $PY: ${missing[*]}. Install them with:" >&2
  echo "  $APT_LINE" >&2
  exit 1
fi

# torch's exporter prints a TracerWarning for each traced shape computation.
exec "$PY" -W ignore scripts/make_bench_models.py "$@"
