"""Print a fingerprint of everything a trained model depends on.

``scripts/train.sh`` compares it with the stamp saved beside the model, so that ``make run``
trains only when the model is missing or stale.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.nlp import choice_name  # noqa: E402

INPUTS = [
    "config.yml", "domain.yml", "data", "components",
    "bot/input_guard.py", "bot/classifier.py", "bot/nlp.py", "constraints.txt",
]


def fingerprint() -> str:
    h = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.suffix in {".pyc"}:
                continue
            h.update(str(f.relative_to(ROOT)).encode())
            h.update(f.read_bytes())
    h.update(choice_name().encode())
    return h.hexdigest()


if __name__ == "__main__":
    print(fingerprint())
