#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (rasa 3.6 needs Python < 3.11).
# Looks on PATH first, then in pyenv; says clearly when there is none.
set -u
is310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; }
for cand in "${PYTHON:-}" python3.10 python3 python; do
  [ -n "$cand" ] || continue
  path=$(command -v "$cand" 2>/dev/null) || continue
  if is310 "$path"; then echo "$path"; exit 0; fi
done
for root in "${PYENV_ROOT:-}" "$HOME/.pyenv"; do
  [ -n "$root" ] && [ -d "$root/versions" ] || continue
  for path in $(ls -d "$root"/versions/3.10*/bin/python 2>/dev/null | sort -V -r); do
    if is310 "$path"; then echo "$path"; exit 0; fi
  done
done
cat >&2 <<'MSG'
Geen Python 3.10 gevonden (niet op PATH, niet in pyenv).
Rasa 3.6 werkt alleen met Python 3.8-3.10. Installeer Python 3.10, bijvoorbeeld met
  pyenv install 3.10.13
of wijs er een aan met  PYTHON=/pad/naar/python3.10 make install
MSG
exit 1
