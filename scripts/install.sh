#!/usr/bin/env bash
# Create the virtual environment (.venv) with Python 3.10 and install the pinned packages.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
mkdir -p var
py=$(scripts/find_python.sh)
echo "Python 3.10: $py"
if [ ! -x "$VENV/bin/python" ]; then
  "$py" -m venv "$VENV"
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
echo "Pakketten installeren (rasa en de rest, met constraints.txt); log: var/install.log"
if ! "$VENV/bin/pip" install -c constraints.txt -r requirements.txt >var/install.log 2>&1; then
  grep -v "is ignored: it is neither a file nor a directory" var/install.log | tail -30
  echo "Installatie mislukt; zie var/install.log" >&2
  exit 1
fi
"$VENV/bin/pip" check
"$VENV/bin/python" -m bot.nlp --which
touch "$VENV/.installed"
echo "Klaar: $VENV"
