"""Table tests for the fallback arithmetic of benchmarks/tune_nlu.py."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.tune_nlu import Point, cheapest, is_fallback, point, runner_up_rows, top1


@pytest.mark.parametrize(
    "ranking, threshold, ambiguity, expected, reason",
    [
        ([("faq_a", 0.6), ("faq_b", 0.1)], 0.4, 0.1, False, "sure and clear"),
        ([("faq_a", 0.3), ("faq_b", 0.1)], 0.4, 0.1, True, "under the threshold"),
        ([("faq_a", 0.5), ("faq_b", 0.45)], 0.4, 0.1, True, "best two too close"),
        ([("faq_a", 0.5), ("faq_b", 0.45)], 0.4, 0.0, False, "no ambiguity check"),
        ([("faq_a", 0.5)], 0.4, 0.1, False, "only one intent"),
        ([], 0.4, 0.1, True, "nothing ranked"),
    ],
)
def test_is_fallback(ranking: list[tuple[str, float]], threshold: float, ambiguity: float,
                     expected: bool, reason: str) -> None:
    assert is_fallback(ranking, threshold, ambiguity) is expected, reason


def test_point_counts_faq_and_other_apart() -> None:
    rankings = [
        [("faq_a", 0.9), ("faq_b", 0.05)],  # FAQ, right
        [("faq_b", 0.9), ("faq_a", 0.05)],  # FAQ, wrong and confident
        [("faq_a", 0.2), ("faq_b", 0.1)],  # FAQ, fallback
        [("greet", 0.3), ("faq_a", 0.2)],  # other, fallback
    ]
    labels = ["faq_a", "faq_a", "faq_a", "greet"]
    p = point(rankings, labels, 0.4, 0.1)
    assert (p.faq_fallback, p.faq_wrong) == pytest.approx((1 / 3, 1 / 3))
    assert (p.other_fallback, p.other_wrong) == (1.0, 0.0)


@pytest.mark.parametrize(
    "max_wrong, expected_threshold, reason",
    [
        (0.05, 0.3, "the lowest threshold is allowed"),
        (0.02, 0.4, "a stricter limit needs a higher threshold"),
        (0.001, None, "no setting meets the limit"),
    ],
)
def test_cheapest(max_wrong: float, expected_threshold: float | None, reason: str) -> None:
    points = [
        Point(0.3, 0.1, 0.10, 0.04, 0.2, 0.05),
        Point(0.4, 0.1, 0.15, 0.02, 0.3, 0.03),
        Point(0.5, 0.1, 0.25, 0.01, 0.4, 0.02),
    ]
    best = cheapest(points, max_wrong)
    assert (best.threshold if best else None) == expected_threshold, reason


def test_defaults_are_the_configured_classifier() -> None:
    """Without options the tuner scores what `make train` trains (config.yml)."""
    import yaml

    from benchmarks.tune_nlu import ROOT, configured
    from components.topic_classifier import CONFIG_KEYS

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    entry = next(c for c in pipeline if c["name"].endswith(".TopicIntentClassifier"))
    now = configured()
    assert set(CONFIG_KEYS) | {"word_source"} <= set(now)
    assert all(now[key] == value for key, value in entry.items())


def test_nlu_reader_keeps_intent_examples_only(tmp_path) -> None:
    from benchmarks.eval_nlu import load_nlu

    path = tmp_path / "nlu.yml"
    path.write_text('version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hoi\n'
                    "    - goedemorgen\n- synonym: pgb\n  examples: |\n    - persoonsgebonden budget\n"
                    "- regex: postcode\n  examples: |\n    - \\d{4}\n", encoding="utf-8")
    assert load_nlu(path) == [("hoi", "greet"), ("goedemorgen", "greet")]


def test_documents_come_from_intent_metadata(tmp_path) -> None:
    from benchmarks.eval_nlu import load_documents, load_nlu

    path = tmp_path / "nlu.yml"
    path.write_text('version: "3.1"\nnlu:\n- intent: faq_pgb\n  metadata:\n'
                    '    document: "Pgb: zo zit het."\n  examples: |\n    - mijn pgb\n'
                    "- intent: greet\n  examples: |\n    - hoi\n"
                    "- intent: thank\n  metadata:\n    sentiment: blij\n  examples: |\n    - dank\n",
                    encoding="utf-8")
    assert load_documents(path) == {"faq_pgb": "Pgb: zo zit het."}
    assert load_nlu(path) == [("mijn pgb", "faq_pgb"), ("hoi", "greet"), ("dank", "thank")]


def test_runner_up_rows_count_rescues_and_extra_buttons() -> None:
    rankings = [
        [("faq_pgb", 0.8), ("faq_producten", 0.1)],  # wrong, right topic second at 0.1
        [("faq_pgb", 0.9), ("faq_producten", 0.03)],  # wrong, right topic second at 0.03
        [("faq_pgb", 0.9), ("faq_producten", 0.1)],  # right, a button all the same
        [("faq_pgb", 0.3), ("faq_producten", 0.2)],  # fallback: not counted
        [("greet", 0.9), ("faq_pgb", 0.1)],  # not an FAQ answer: not counted
    ]
    labels = ["faq_producten", "faq_producten", "faq_pgb", "faq_producten", "faq_pgb"]
    low, high = runner_up_rows(rankings, labels, 0.5, 0.0, (0.02, 0.05))
    assert (low.rescued, low.wrong, low.shown_when_right, low.right) == (2, 2, 1, 1)
    assert (high.rescued, high.wrong, high.shown_when_right, high.right) == (1, 2, 1, 1)


def test_top1_counts_faq_and_other_apart() -> None:
    rankings = [[("faq_a", 0.9)], [("faq_b", 0.9)], [("greet", 0.9)], []]
    labels = ["faq_a", "faq_a", "greet", "greet"]
    assert top1(rankings, labels, faq=True) == (0.5, 2)
    assert top1(rankings, labels, faq=False) == (0.5, 2)  # an empty ranking is a miss
    assert top1([], [], faq=True) == (0.0, 0)


def test_rank_dev_sets_ranks_each_phrasing_with_a_model_of_all_the_data(tmp_path: Any) -> None:
    from benchmarks.tune_nlu import parser, rank_dev_sets

    dev = tmp_path / "dev.yml"
    dev.write_text('version: "3.1"\nnlu:\n- intent: faq_pgb\n  examples: |\n'
                   "    - kan ik bij wij een persoonsgebonden budget krijgen\n"
                   "- intent: greet\n  examples: |\n    - goedemorgen\n", encoding="utf-8")
    ranked = rank_dev_sets(parser().parse_args([]), [dev])
    rankings, labels = ranked[dev]
    assert labels == ["faq_pgb", "greet"]
    assert [len(r) for r in rankings] == [5, 5]
    assert [r[0][0] for r in rankings] == labels  # plain phrasings of two well-taught intents



def test_read_lexicon() -> None:
    from benchmarks.try_lexicon import read_lexicon

    lines = ["# a comment", "", "Indicatie\tbeschikking; Toewijzing;;indicatie;zorg besluit;beschikking",
             "groningen\t", "kind\tkinderen"]
    assert read_lexicon(lines) == {"indicatie": ["beschikking", "toewijzing"], "groningen": [],
                                   "kind": ["kinderen"]}, "no comment, phrase, self or repeat"


def test_concepts_link_a_synonym_to_its_word() -> None:
    from benchmarks.try_lexicon import concept_text, concepts_of

    table = {"indicatie": ["beschikking"], "beschikking": ["besluit"], "kind": ["kinderen"]}
    found = concepts_of(table, lemma=lambda w: {"kinderen": "kind"}.get(w, w))
    assert found["beschikking"] == ["beschikking", "indicatie"], "a word and what it stands for"
    assert found["besluit"] == ["beschikking"]
    assert found["kind"] == ["kind"]
    assert "zorg" not in found
    assert concept_text(["mijn beschikking", "hallo"], found) == ["c_beschikking c_indicatie", "c_"]


def test_synonym_copy_replaces_words_with_synonyms_only() -> None:
    import random

    from benchmarks.try_lexicon import synonym_copy

    words = [("mijn", "mijn", " "), ("beschikking", "beschikking", " "), ("stopt", "stoppen", "")]
    table = {"beschikking": ["indicatie"], "stoppen": ["eindigen"]}
    assert synonym_copy(words, table, 1.0, random.Random(0)) == "mijn indicatie eindigen"
    assert synonym_copy(words, table, 0.0, random.Random(0)) == "mijn beschikking stopt"


def test_a_fold_trains_on_the_copies_of_its_own_rows_only() -> None:
    from benchmarks.try_lexicon import LexiconTraining

    training = LexiconTraining(
        words=["w0", "w1", "w2"], texts=["t0", "t1", "t2"], labels=["a", "b", "a"],
        documents={}, extra=(["ws"], ["ts"], ["a"]),
        copies=([0, 2, 2], ["c0", "c2", "c2b"], ["u0", "u2", "u2b"], ["a", "a", "a"]))
    words, texts, labels = training.training_rows([1, 2])
    assert words == ["w1", "w2", "ws", "c2", "c2b"]
    assert texts == ["t1", "t2", "ts", "u2", "u2b"]
    assert labels == ["b", "a", "a", "a", "a"]
