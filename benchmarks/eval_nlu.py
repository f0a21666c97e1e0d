"""Top-1 accuracy of the trained model on the held-out phrasings (tests/nlu_holdout.yml).

Usage: python benchmarks/eval_nlu.py [--model models/jeugdhulp.tar.gz] [--holdout FILE ...]
       [--out FILE ...] [--audit tests/holdout_label_audit.yml] [--errors]
Scores each test set (one --out file per --holdout file, the model loaded once); by
default tests/nlu_holdout.yml into benchmarks/results/eval_nlu.json. Prints a summary per
set. FAQ topics and the other intents are reported apart: the floors (issue 6) are on the FAQ
topics, top-1 ≥ 0.95 and wrong-confident ≤ 0.02. With the blind label audit it also reports
how often independent annotators chose the set's own label, a ceiling for what top-1 can mean
on that set.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import yaml  # noqa: E402

from bot.answers import FALLBACK_INTENT as FALLBACK  # noqa: E402
from bot.answers import ranking_of, runner_up, suggested_topics, topic_of_intent  # noqa: E402
from bot.faq.store import FaqStore, default_store  # noqa: E402


def load_nlu(path: Path) -> list[tuple[str, str]]:
    """(text, intent) for every intent example of a Rasa NLU file (other blocks skipped)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = []
    for block in data.get("nlu") or []:
        for line in block.get("examples", "").splitlines() if "intent" in block else []:
            if line.strip().startswith("- "):
                rows.append((line.strip()[2:].strip(), block["intent"]))
    return rows


def load_documents(path: Path) -> dict[str, str]:
    """Intent -> the ``document`` of its intent metadata, for the intents of a Rasa NLU file
    that have one (bot/faq/generate.py writes one per FAQ topic)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {block["intent"]: block["metadata"]["document"] for block in data.get("nlu") or []
            if "intent" in block and (block.get("metadata") or {}).get("document")}


async def predict(model: Path, sets: list[list[str]]) -> list[tuple[list[dict[str, Any]], float]]:
    """Parses of each set's texts, and the seconds each set took, with the model loaded once."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    results = []
    for texts in sets:
        start = time.perf_counter()
        parses = [await agent.parse_message(t) for t in texts]
        results.append((parses, round(time.perf_counter() - start, 1)))
    return results


def best_guess(parse: dict[str, Any]) -> str:
    """The intent the classifier ranked first, also when the FallbackClassifier stepped in."""
    ranking = [r["name"] for r in parse.get("intent_ranking") or [] if r["name"] != FALLBACK]
    return ranking[0] if ranking else parse["intent"]["name"]


def score(rows: list[tuple[str, str]], parses: list[dict[str, Any]],
          store: FaqStore | None = None) -> dict[str, Any]:
    """Outcome per phrasing (answered right, fallback, wrong with confidence) and top-1, per
    intent and for the FAQ and the other intents; for a fallback, whether the topics it offers
    (``bot.answers.suggested_topics``, from ``store``, by default the FAQ) hold the right one."""
    store = store or default_store()
    per_intent: dict[str, Counter[str]] = defaultdict(Counter)
    guess_right: Counter[str] = Counter()
    suggested: Counter[str] = Counter()  # fallbacks whose two suggestions hold the right one
    confusions: Counter[tuple[str, str]] = Counter()
    errors = []
    for (text, expected), parse in zip(rows, parses, strict=False):
        predicted = parse["intent"]["name"]
        guess = best_guess(parse)
        guess_right[expected] += guess == expected
        if predicted == FALLBACK:
            outcome = "fallback"
            suggested[expected] += topic_of_intent(expected) in suggested_topics(
                store, ranking_of(parse))
        elif predicted == expected:
            outcome = "correct"
        else:
            outcome = "wrong_confident"
            confusions[(expected, predicted)] += 1
        per_intent[expected][outcome] += 1
        if outcome != "correct":
            errors.append({"text": text, "expected": expected, "predicted": predicted,
                           "best_guess": guess,
                           "confidence": round(parse["intent"]["confidence"], 3)})

    def summary(names: list[str]) -> dict[str, float | int]:
        c: Counter[str] = Counter()
        for n in names:
            c.update(per_intent[n])
        total = sum(c.values()) or 1
        # six digits, so that a report rounding to three gets 5/196 = 0.02551 right (0.026)
        return {"n": sum(c.values()),
                "top1": round(sum(guess_right[n] for n in names) / total, 6),
                "answered_correctly": round(c["correct"] / total, 6),
                "fallback_rate": round(c["fallback"] / total, 6),
                "fallback_with_right_suggestion": round(
                    sum(suggested[n] for n in names) / max(c["fallback"], 1), 6),
                "wrong_confident_rate": round(c["wrong_confident"] / total, 6),
                "wrong_confident": c["wrong_confident"]}

    faq = [n for n in per_intent if n.startswith("faq_")]
    other = [n for n in per_intent if not n.startswith("faq_")]
    return {
        "faq": summary(faq),
        "other": summary(other),
        "per_intent": {n: summary([n]) for n in sorted(per_intent)},
        "confusions": [{"expected": e, "predicted": p, "count": k}
                       for (e, p), k in confusions.most_common()],
        "errors": errors,
    }


def runner_up_buttons(rows: list[tuple[str, str]], parses: list[dict[str, Any]]) -> dict[str, int]:
    """What the "Of bedoel je" button (bot.answers.runner_up, as the answer action uses it) does
    on the FAQ phrasings answered directly: for how many of those answered with a wrong FAQ topic
    it offers the right one, and under how many right answers it shows all the same."""
    store = default_store()
    counts = {"wrong_confident_right_offered": 0, "right_with_button": 0}
    for (_, expected), parse in zip(rows, parses, strict=True):
        answered = topic_of_intent(parse["intent"]["name"])
        if not expected.startswith("faq_") or not answered:
            continue
        offered = runner_up(store, ranking_of(parse), answered)
        if parse["intent"]["name"] == expected:
            counts["right_with_button"] += offered is not None
        else:
            counts["wrong_confident_right_offered"] += offered == topic_of_intent(expected)
    return counts


def label_audit(rows: list[tuple[str, str]], parses: list[dict[str, Any]],
                audit: list[dict[str, Any]], set_name: str | None = None) -> dict[str, Any] | None:
    """How far blind annotators agree with the test set's FAQ labels (tests/holdout_label_audit.yml),
    and top-1 on the phrasings whose label every annotator chose first. ``set_name``: only the
    audit's items of that test set (file name). None when the audit has none of these phrasings."""
    items = {item["text"]: item for item in audit if set_name in (None, item.get("set"))}
    audited = [(text, label, best_guess(parse), parse["intent"]["name"], items[text])
               for (text, label), parse in zip(rows, parses, strict=True)
               if label.startswith("faq_") and text in items]
    if not audited:
        return None
    annotators = len(audited[0][4]["primary"])
    confirmed = [(label, guess, predicted) for _, label, guess, predicted, item in audited
                 if all(p == label for p in item["primary"])]
    n = max(len(confirmed), 1)
    return {
        "n": len(audited),
        "annotator_agrees_with_label": [
            round(sum(item["primary"][k] == label for _, label, _, _, item in audited)
                  / len(audited), 6) for k in range(annotators)],
        "label_confirmed": round(len(confirmed) / len(audited), 6),
        "top1_on_confirmed": round(sum(g == lab for lab, g, _ in confirmed) / n, 6),
        "wrong_confident_on_confirmed": round(
            sum(p not in (lab, FALLBACK) for lab, _, p in confirmed) / n, 6),
        "n_confirmed": len(confirmed),
        "disputed": [{"text": text, "label": label, "annotators": item["primary"],
                      "best_guess": guess} for text, label, guess, _, item in audited
                     if any(p != label for p in item["primary"])],
    }


def baselines(rows: list[tuple[str, str]]) -> dict[str, float]:
    """Top-1 FAQ topic accuracy of the baselines on the same FAQ phrasings."""
    from benchmarks.baselines import rapidfuzz_search, tfidf_cosine

    faq = [(t, i) for t, i in rows if i.startswith("faq_")]
    texts = [t for t, _ in faq]
    out = {}
    for name, method in (("rapidfuzz search", rapidfuzz_search), ("TF-IDF cosine", tfidf_cosine)):
        predicted = method(default_store(), texts)
        out[name] = round(sum(p == i for p, (_, i) in zip(predicted, faq, strict=False)) / len(faq), 4)
    return out


def evaluate(rows: list[tuple[str, str]], parses: list[dict[str, Any]], holdout: Path,
             audit: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Everything the report shows for one test set."""
    result = score(rows, parses)
    result["baselines"] = baselines(rows)
    result["baselines"]["assistant (top-1)"] = result["faq"]["top1"]
    result["faq"].update(runner_up_buttons(rows, parses))
    if audit is not None:
        result["label_audit"] = label_audit(rows, parses, audit, holdout.name)
    return result


def show(result: dict[str, Any], errors: bool) -> None:
    f, o = result["faq"], result["other"]
    for name, r in (("FAQ-topics", f), ("Overig", o)):
        print(f"{name:<11} n={r['n']}  top-1 {r['top1']:.3f}  direct goed {r['answered_correctly']:.3f}"
              f"  fallback {r['fallback_rate']:.3f}"
              f" (goede suggestie {r['fallback_with_right_suggestion']:.2f})"
              f"  fout-met-zekerheid {r['wrong_confident_rate']:.3f}")
    print(f"Knop 'Of bedoel je': juiste onderwerp bij {f['wrong_confident_right_offered']} van de "
          f"{f['wrong_confident']} FAQ-fouten met zekerheid; ook onder "
          f"{f['right_with_button']} goede antwoorden")
    print("Baselines, FAQ top-1 op dezelfde zinnen: " + ", ".join(
        f"{k} {v:.3f}" for k, v in result["baselines"].items()))
    audited = result.get("label_audit")
    if audited:
        print("Labelcontrole: annotatoren kiezen het label van de set bij "
              + " en ".join(f"{a:.3f}" for a in audited["annotator_agrees_with_label"])
              + f"; op de {audited['n_confirmed']} door allen bevestigde zinnen top-1 "
              f"{audited['top1_on_confirmed']:.3f}, fout-met-zekerheid "
              f"{audited['wrong_confident_on_confirmed']:.3f}")
    if errors:
        for e in result["errors"]:
            print(f"  {e['expected']:<36} -> {e['predicted']:<36} {e['confidence']:.2f}  {e['text']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=ROOT / "models/jeugdhulp.tar.gz")
    parser.add_argument("--holdout", type=Path, nargs="+", default=[ROOT / "tests/nlu_holdout.yml"],
                        help="one or more test sets, scored with one load of the model")
    parser.add_argument("--out", type=Path, nargs="+",
                        default=[ROOT / "benchmarks/results/eval_nlu.json"],
                        help="one result file per test set, in the same order")
    parser.add_argument("--audit", type=Path, default=ROOT / "tests/holdout_label_audit.yml",
                        help="blind annotators' labels of the sets' FAQ phrasings "
                             "(tests/dev_label_audit.yml for tests/nlu_dev.yml)")
    parser.add_argument("--errors", action="store_true", help="list every miss")
    args = parser.parse_args()
    if len(args.holdout) != len(args.out):
        parser.error("give one --out file per --holdout file")
    # Relative paths (as the Makefile passes them) are relative to the working directory.
    model, audit_file = args.model.resolve(), args.audit.resolve()
    holdouts, outs = [p.resolve() for p in args.holdout], [p.resolve() for p in args.out]
    audit = (yaml.safe_load(audit_file.read_text(encoding="utf-8"))["items"]
             if audit_file.exists() else None)
    sets = [load_nlu(h) for h in holdouts]
    parsed = asyncio.run(predict(model, [[t for t, _ in rows] for rows in sets]))
    for holdout, out, rows, (parses, seconds) in zip(holdouts, outs, sets, parsed, strict=True):
        result = evaluate(rows, parses, holdout, audit)
        result["seconds"] = seconds
        result["model"] = str(model.relative_to(ROOT) if model.is_relative_to(ROOT) else model)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"== {holdout.relative_to(ROOT) if holdout.is_relative_to(ROOT) else holdout}")
        show(result, args.errors)
        print(f"Resultaat: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
