"""Choose the classifier's settings and the fallback thresholds by cross-validation on the
training data (data/nlu), never on the test sets (tests/nlu_holdout*.yml).

Usage: python benchmarks/tune_nlu.py [--folds 5] [--model svm|logreg] [--C 2] [--temperature 0.2]
       [--char 2 5] [--word-source lemma|text] [--class-weight balanced] [--document-weight 3]
       [--max-wrong 0.02] [--dev tests/nlu_dev.yml ...]
Without options it scores the settings of config.yml.

Stratified k-fold over every example of data/nlu/*.yml, with ``bot.classifier.TopicClassifier``
fed the way the Rasa pipeline feeds it (input guard, lower case, spaCy tokens or lemmas). Prints
FAQ and other top-1, then for a grid of FallbackClassifier settings the cheapest one (fewest
FAQ fallbacks) whose FAQ wrong-confident rate stays under ``--max-wrong``, and, at the
threshold of config.yml, what the "Of bedoel je" button (``bot.answers.RUNNER_UP_MIN``) would
do at several minima. Then the development sets (``--dev``, by default ``DEV_SETS``): a model
trained on all of data/nlu ranks their phrasings, which no training example was written with;
cross-validation folds share their writers with the training data, so the development sets show
what CV cannot: phrasings by other writers, and questions about a detail of an answer. When
config.yml has ``DocumentSentenceExamples``, the FAQ texts' sentences train every model as they
do in Rasa, and are never scored. About 40 s with the SVM on the current data (5,100 examples
and 371 sentences), longer with logistic regression.
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
# never trained on and never tests: for choosing (tests/nlu_holdout*.yml only confirm)
DEV_SETS = ("tests/nlu_dev.yml", "tests/nlu_dev_c.yml")
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
    """The entry of config.yml's pipeline whose name is ``name`` or ends in ``.name``; empty
    when there is none."""
    import yaml

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    return dict(next((c for c in pipeline if c["name"] == name or c["name"].endswith("." + name)),
                     {}))


def sentence_examples(documents: dict[str, str], examples: Iterable[tuple[str, str]],
                      word_source: str) -> tuple[list[str], list[str], list[str]]:
    """What ``DocumentSentenceExamples`` adds to the training data when config.yml has it:
    tokens, texts and intents of the documents' sentences that are not already one of the
    (text, intent) ``examples`` (none without the component)."""
    from bot.classifier import document_sentences

    entry = _pipeline_entry("DocumentSentenceExamples")
    if not entry:
        return [], [], []
    rows = document_sentences(documents, int(entry.get("min_chars", 25)), examples)
    words, cleaned = pipeline_inputs([text for text, _ in rows], word_source)
    return words, cleaned, [intent for _, intent in rows]


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


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    from components.topic_classifier import classifier_settings

    return classifier_settings({
        **configured(), "C": args.C, "model": args.model, "temperature": args.temperature,
        "char_ngrams": args.char, "class_weight": args.class_weight,
        "document_weight": args.document_weight,
    })


@dataclass(frozen=True)
class Training:
    """The classifier's inputs for every example of data/nlu (tokens or lemmas, cleaned texts,
    intents), the intents' documents, and the documents' sentences that train every model
    (``extra``: the same three lists; empty without ``DocumentSentenceExamples``)."""

    words: list[str]
    texts: list[str]
    labels: list[str]
    documents: dict[str, str]
    extra: tuple[list[str], list[str], list[str]]

    @classmethod
    def load(cls, word_source: str) -> Training:
        texts, labels, documents = load_examples()
        words, cleaned = pipeline_inputs(texts, word_source)
        extra = sentence_examples(documents, zip(texts, labels, strict=True), word_source)
        return cls(words, cleaned, labels, documents, extra)

    def training_rows(self, rows: Sequence[int]) -> tuple[list[str], list[str], list[str]]:
        """Tokens, texts and labels of the examples ``rows`` and all of ``extra``: the
        sentences are not user phrasings, so they train every fold and are never scored."""
        words, texts, labels = self.extra
        return ([self.words[i] for i in rows] + words, [self.texts[i] for i in rows] + texts,
                [self.labels[i] for i in rows] + labels)

    def fit(self, settings: dict[str, Any], rows: Sequence[int]) -> Any:
        """A ``TopicClassifier`` trained on ``training_rows(rows)``."""
        from bot.classifier import TopicClassifier

        model = TopicClassifier(**settings)
        model.fit(*self.training_rows(rows), self.documents)
        return model


def cross_validate(args: argparse.Namespace,
                   training: Training | None = None) -> tuple[list[Ranking], list[str]]:
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    data = training or Training.load(args.word_source)
    settings = _settings(args)
    rankings: list[Ranking] = [[] for _ in data.labels]
    folds = StratifiedKFold(args.folds, shuffle=True, random_state=0)
    for train, test in folds.split(np.zeros(len(data.labels)), data.labels):
        model = data.fit(settings, train)
        ranked = model.rank([data.words[i] for i in test], [data.texts[i] for i in test], top=5)
        for i, ranking in zip(test, ranked, strict=True):
            rankings[i] = ranking
    return rankings, data.labels


def rank_dev_sets(args: argparse.Namespace, paths: Sequence[Path],
                  training: Training | None = None,
                  ) -> dict[Path, tuple[list[Ranking], list[str]]]:
    """Each development set's rankings by a model trained on every example of data/nlu, and
    its labels."""
    from benchmarks.eval_nlu import load_nlu

    data = training or Training.load(args.word_source)
    model = data.fit(_settings(args), range(len(data.labels)))
    ranked = {}
    for path in paths:
        rows = load_nlu(path)
        words, cleaned = pipeline_inputs([text for text, _ in rows], args.word_source)
        ranked[path] = (model.rank(words, cleaned, top=5), [label for _, label in rows])
    return ranked


def top1(rankings: Sequence[Ranking], labels: Sequence[str], faq: bool) -> tuple[float, int]:
    """Top-1 accuracy over the FAQ phrasings (``faq``) or the others, and their number."""
    rows = [(r, lab) for r, lab in zip(rankings, labels, strict=True)
            if lab.startswith("faq_") == faq]
    return sum(bool(r) and r[0][0] == lab for r, lab in rows) / max(len(rows), 1), len(rows)


def parser(description: str | None = __doc__) -> argparse.ArgumentParser:
    """The tuner's options; their defaults are config.yml's settings."""
    parser = argparse.ArgumentParser(description=description,
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
    parser.add_argument("--dev", type=Path, nargs="*", default=[ROOT / p for p in DEV_SETS],
                        help="development sets (Rasa NLU YAML); none: --dev without a path")
    return parser


def report(args: argparse.Namespace, training: Training) -> None:
    """Cross-validation, the fallback grid, the "Of bedoel je" table and the development sets
    for ``training`` (``Training`` or a variant of it with its own ``fit``)."""
    rankings, labels = cross_validate(args, training)
    for group in ("faq", "other"):
        accuracy, n = top1(rankings, labels, group == "faq")
        print(f"{group:<5} n={n}  top-1 {accuracy:.3f}")
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
    dev_sets = rank_dev_sets(args, [p for p in args.dev if p.exists()], training)
    for path, (ranked, truth) in dev_sets.items():
        (faq, n), (other, m) = top1(ranked, truth, True), top1(ranked, truth, False)
        print(f"{path.name}: faq n={n} top-1 {faq:.3f}" + (f", other n={m} top-1 {other:.3f}"
                                                            if m else ""))
        for t in sorted({threshold, 0.7, 0.8}):
            p = point(ranked, truth, t, ambiguity)
            print(f"  threshold {t}: FAQ fallback {p.faq_fallback:.3f} fout {p.faq_wrong:.3f}"
                  + (f" | overig fallback {p.other_fallback:.3f} fout {p.other_wrong:.3f}"
                     if m else ""))


def main() -> int:
    args = parser().parse_args()
    report(args, Training.load(args.word_source))
    return 0


if __name__ == "__main__":
    sys.exit(main())
