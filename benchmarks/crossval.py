"""Rasa's own cross-validation of the NLU pipeline (`rasa test nlu --cross-validation`),
summarised into benchmarks/results/crossval.json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# Rasa draws its folds (StratifiedKFold, shuffled, no seed) from numpy's global generator:
# seeded here, two runs on the same data and config give the same folds and the same figures
SEEDED_RASA = ("import sys, numpy; numpy.random.seed(int(sys.argv.pop(1))); "
               "from rasa.__main__ import main; sys.argv[0] = 'rasa'; main()")


def main(folds: int = 3, seed: int = 0) -> int:
    out = ROOT / "var" / "crossval"
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-c", SEEDED_RASA, str(seed), "test", "nlu",
         "--cross-validation", "--folds", str(folds),
         "--config", "config.yml", "--nlu", "data/nlu", "--out", str(out)],
        cwd=ROOT, check=True, capture_output=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    faq = {k: v for k, v in report.items() if k.startswith("faq_")}
    summary = {
        "folds": folds,
        "seed": seed,
        "accuracy": round(report["accuracy"], 4),
        "macro_f1": round(report["macro avg"]["f1-score"], 4),
        "weighted_f1": round(report["weighted avg"]["f1-score"], 4),
        "faq_mean_f1": round(sum(v["f1-score"] for v in faq.values()) / len(faq), 4),
        "weakest_faq_topics": sorted(
            ({"intent": k, "f1": round(v["f1-score"], 3)} for k, v in faq.items()),
            key=lambda r: (r["f1"], r["intent"]))[:5],
    }
    path = ROOT / "benchmarks" / "results" / "crossval.json"
    path.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(f"Kruisvalidatie ({folds} folds): accuracy {summary['accuracy']}, "
          f"macro-F1 {summary['macro_f1']}, FAQ gemiddelde F1 {summary['faq_mean_f1']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
