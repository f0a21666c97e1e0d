#!/usr/bin/env bash
# Train models/jeugdhulp.tar.gz unless it is already up to date with its inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
MODEL=models/jeugdhulp.tar.gz
STAMP=models/jeugdhulp.stamp
want=$("$VENV/bin/python" scripts/model_stamp.py)
if [ -f "$MODEL" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "Model is actueel: $MODEL"
  exit 0
fi
echo "Model trainen (duurt een paar minuten)..."
start=$(date +%s)
"$VENV/bin/rasa" train --fixed-model-name jeugdhulp --out models ${RASA_TRAIN_ARGS:-}
echo "$want" >"$STAMP"
echo "Getraind in $(( $(date +%s) - start )) s: $MODEL"
