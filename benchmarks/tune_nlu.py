"""Choose the classifier's settings and the fallback thresholds by cross-validation on the
training data (data/nlu), never on the test sets (tests/nlu_holdout*.yml).

Usage: python benchmarks/tune_nlu.py [--folds 5] [--model svm|logreg] [--C 2] [--temperature 0.2]
       [--char 2 5] [--word-source lemma|text] [--class-weight balanced] [--document-weight 3]
       [--max-wrong 0.02]
Without options it scores the settings of config.yml.

Stratified k-fold over every example of data/nlu/*.yml, with ``bot.classifier.TopicClassifier``
fed the way the Rasa pipeline feeds it (input guard, lower case, spaCy tokens or lemmas). Prints
FAQ and other top-1, then for a grid of FallbackClassifier settings the cheapest one (fewest
FAQ fallbacks) whose FAQ wrong-confident rate stays under ``--max-wrong``, and, at the
threshold of config.yml, what the "Of bedoel je" button (``bot.answers.RUNNER_UP_MIN``) would
do at several minima. About 25 s with the SVM on the current data (5,100 examples), longer
with logistic regression.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Ranking = list[tuple[str, float]]
THRESHOLDS = [round(0.15 + 0.025 * i, 3) for i in range(33)]  # 0.15 .. 0.95
AMBIGUITIES = (0.0, 0.05, 0.1, 0.15, 0.2)


@dataclass(frozen=True)
class Point:
    """Outcome of one (threshold, ambiguity) setting over the cross-validated rankings."""

    threshold: float
    ambiguity: float
    faq_fallback: float
    faq_wrong: float
    other_fallback: float
    other_wrong: float


def is_fallback(ranking: Ranking, threshold: float, ambiguity: float) -> bool:
    """What Rasa's FallbackClassifier decides: too unsure, or the best two too close."""
    top = ranking[0][1] if ranking else 0.0
    second = ranking[1][1] if len(ranking) > 1 else 0.0
    return top < threshold or top - second < ambiguity


def point(rankings: Sequence[Ranking], labels: Sequence[str], threshold: float,
          ambiguity: float) -> Point:
    """Fallback and wrong-confident rates for FAQ topics and for the other intents."""
    counts = {g: [0, 0, 0] for g in ("faq", "other")}  # n, fallback, wrong-confident
    for ranking, label in zip(rankings, labels, strict=True):
        group = counts["faq" if label.startswith("faq_") else "other"]
        fallback = is_fallback(ranking, threshold, ambiguity)
        group[0] += 1
        group[1] += fallback
        group[2] += (not fallback) and ranking[0][0] != label
    f, o = (counts[g] for g in ("faq", "other"))
    return Point(threshold, ambiguity, f[1] / max(f[0], 1), f[2] / max(f[0], 1),
                 o[1] / max(o[0], 1), o[2] / max(o[0], 1))


def cheapest(points: Iterable[Point], max_wrong: float) -> Point | None:
    """The setting with the fewest FAQ fallbacks whose FAQ wrong-confident rate ≤ max_wrong."""
    allowed = [p for p in points if p.faq_wrong <= max_wrong]
    return min(allowed, key=lambda p: (p.faq_fallback, p.other_fallback), default=None)


@dataclass(frozen=True)
class RunnerUpRow:
    """What the "Of bedoel je" button (``bot.answers.runner_up``) does at one minimum, over the
    FAQ examples answered above the threshold."""

    minimum: float
    rescued: int  # answered wrongly, the right topic one tap away
    wrong: int
    shown_when_right: int  # answered rightly, a button shown all the same
    right: int


def runner_up_rows(rankings: Sequence[Ranking], labels: Sequence[str], threshold: float,
                   ambiguity: float, minima: Sequence[float]) -> list[RunnerUpRow]:
    from bot.answers import runner_up, topic_of_intent
    from bot.faq.store import default_store

    store = default_store()
    answered = [(r, lab) for r, lab in zip(rankings, labels, strict=True)
                if lab.startswith("faq_") and r and r[0][0].startswith("faq_")
                and not is_fallback(r, threshold, ambiguity)]
    rows = []
    for minimum in minima:
        offered = [(runner_up(store, r, topic_of_intent(r[0][0]) or "", minimum), r[0][0] == lab,
                    topic_of_intent(lab)) for r, lab in answered]
        rows.append(RunnerUpRow(
            minimum,
            rescued=sum(o == want for o, right, want in offered if not right),
            wrong=sum(not right for _, right, _ in offered),
            shown_when_right=sum(o is not None for o, right, _ in offered if right),
            right=sum(right for _, right, _ in offered)))
    return rows


def load_examples() -> tuple[list[str], list[str], dict[str, str]]:
    """Texts and intents of every example in data/nlu, and the intents' documents."""
    from benchmarks.eval_nlu import load_documents, load_nlu

    paths = sorted((ROOT / "data/nlu").glob("*.yml"))
    rows = [row for path in paths for row in load_nlu(path)]
    documents = {k: v for path in paths for k, v in load_documents(path).items()}
    return [text for text, _ in rows], [label for _, label in rows], documents


def _pipeline_entry(name: str) -> dict[str, Any]:
    """The entry of config.yml's pipeline whose name is ``name`` or ends in ``.name``."""
    import yaml

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    return dict(next(c for c in pipeline if c["name"] == name or c["name"].endswith("." + name)))


def configured() -> dict[str, Any]:
    """The classifier's settings in config.yml (over the component's defaults): the tuner's
    defaults, so that a run without options scores what `make train` trains."""
    from components.topic_classifier import TopicIntentClassifier

    return {**TopicIntentClassifier.get_default_config(), **_pipeline_entry("TopicIntentClassifier")}


def fallback_settings() -> tuple[float, float]:
    """The FallbackClassifier's threshold and ambiguity_threshold in config.yml."""
    entry = _pipeline_entry("FallbackClassifier")
    return float(entry["threshold"]), float(entry["ambiguity_threshold"])


def pipeline_inputs(texts: list[str], word_source: str) -> tuple[list[str], list[str]]:
    """Tokens (or lemmas) and cleaned texts, as InputCleaner, DutchSpacyNLP and SpacyTokenizer
    produce them (spaCy sees lower case: case_sensitive is off)."""
    from bot.input_guard import inspect
    from bot.nlp import load_dutch

    cleaned = [inspect(t).cleaned for t in texts]
    docs = load_dutch().nlp.pipe([c.lower() for c in cleaned])
    words = [" ".join((t.lemma_ or t.text) if word_source == "lemma" else t.text for t in d)
             for d in docs]
    return words, cleaned


def cross_validate(args: argparse.Namespace) -> tuple[list[Ranking], list[str]]:
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from bot.classifier import TopicClassifier
    from components.topic_classifier import classifier_settings

    settings = classifier_settings({
        **configured(), "C": args.C, "model": args.model, "temperature": args.temperature,
        "char_ngrams": args.char, "class_weight": args.class_weight,
        "document_weight": args.document_weight,
    })
    texts, labels, documents = load_examples()
    words, cleaned = pipeline_inputs(texts, args.word_source)
    rankings: list[Ranking] = [[] for _ in texts]
    folds = StratifiedKFold(args.folds, shuffle=True, random_state=0)
    for train, test in folds.split(np.zeros(len(labels)), labels):
        model = TopicClassifier(**settings)
        model.fit([words[i] for i in train], [cleaned[i] for i in train],
                  [labels[i] for i in train], documents)
        ranked = model.rank([words[i] for i in test], [cleaned[i] for i in test], top=5)
        for i, ranking in zip(test, ranked, strict=True):
            rankings[i] = ranking
    return rankings, labels


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    now = configured()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--model", choices=("logreg", "svm"), default=now["model"])
    parser.add_argument("--C", type=float, default=float(now["C"]))
    parser.add_argument("--temperature", type=float, default=float(now["temperature"]),
                        help="svm only")
    parser.add_argument("--char", type=int, nargs=2, default=list(now["char_ngrams"]))
    parser.add_argument("--word-source", choices=("text", "lemma"), default=now["word_source"])
    parser.add_argument("--class-weight", choices=("balanced",), default=now["class_weight"])
    parser.add_argument("--document-weight", type=float, default=float(now["document_weight"]),
                        help="0: no similarity to the FAQ topics' text")
    parser.add_argument("--max-wrong", type=float, default=0.02)
    args = parser.parse_args()
    rankings, labels = cross_validate(args)
    for group in ("faq", "other"):
        rows = [(r, lab) for r, lab in zip(rankings, labels, strict=True)
                if lab.startswith("faq_") == (group == "faq")]
        top1 = sum(r[0][0] == lab for r, lab in rows) / len(rows)
        print(f"{group:<5} n={len(rows)}  top-1 {top1:.3f}")
    points = [point(rankings, labels, t, a) for t, a in itertools.product(THRESHOLDS, AMBIGUITIES)]
    threshold, ambiguity = fallback_settings()
    print(f"Knop 'Of bedoel je' (bot.answers.runner_up) bij threshold {threshold}, ambiguity "
          f"{ambiguity} (config.yml):")
    for row in runner_up_rows(rankings, labels, threshold, ambiguity, (0.02, 0.05, 0.1, 0.2)):
        print(f"  minimum {row.minimum}: fout beantwoord, juiste onderwerp als knop "
              f"{row.rescued}/{row.wrong}; knop ook bij goed antwoord "
              f"{row.shown_when_right}/{row.right} ({row.shown_when_right / max(row.right, 1):.3f})")
    for limit in sorted({0.03, 0.025, args.max_wrong, 0.015}, reverse=True):
        best = cheapest(points, limit)
        if best:
            print(f"FAQ fout-met-zekerheid ≤ {limit}: threshold {best.threshold} ambiguity "
                  f"{best.ambiguity}  FAQ fallback {best.faq_fallback:.3f} fout "
                  f"{best.faq_wrong:.3f} | overig fallback {best.other_fallback:.3f} fout "
                  f"{best.other_wrong:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
