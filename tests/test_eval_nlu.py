"""Table tests for the scoring in benchmarks/eval_nlu.py that needs no model."""

from __future__ import annotations

from typing import Any

from benchmarks.eval_nlu import FALLBACK, best_guess, label_audit, runner_up_buttons, score


def _parse(intent: str, *ranking: str) -> dict[str, Any]:
    return {"intent": {"name": intent, "confidence": 0.9},
            "intent_ranking": [{"name": n, "confidence": 0.5} for n in ranking]}


def test_best_guess_looks_past_the_fallback() -> None:
    assert best_guess(_parse(FALLBACK, FALLBACK, "faq_b", "faq_a")) == "faq_b"
    assert best_guess(_parse("faq_a", "faq_a", "faq_b")) == "faq_a"
    assert best_guess(_parse("faq_a")) == "faq_a"


def test_label_audit_counts_agreement_and_top1_on_confirmed_labels() -> None:
    rows = [("een", "faq_a"), ("twee", "faq_a"), ("drie", "faq_b"), ("vier", "faq_b"),
            ("hallo", "greet"), ("niet bekeken", "faq_a")]
    parses = [_parse("faq_a", "faq_a"), _parse(FALLBACK, FALLBACK, "faq_b"),
              _parse("faq_b", "faq_b"), _parse("faq_a", "faq_a"), _parse("greet", "greet"),
              _parse("faq_b", "faq_b")]
    audit = [
        {"text": "een", "primary": ["faq_a", "faq_a"]},  # confirmed, right
        {"text": "twee", "primary": ["faq_a", "faq_a"]},  # confirmed, best guess wrong
        {"text": "drie", "primary": ["faq_c", "faq_b"]},  # disputed by the first annotator
        {"text": "vier", "primary": ["faq_b", "faq_b"]},  # confirmed, wrong
        {"text": "hallo", "primary": ["greet", "greet"]},  # not an FAQ phrasing: left out
    ]
    result = label_audit(rows, parses, audit)
    assert result is not None
    assert result["n"] == 4  # "niet bekeken" is not in the audit
    assert result["annotator_agrees_with_label"] == [0.75, 1.0]
    assert result["label_confirmed"] == 0.75 and result["n_confirmed"] == 3
    assert result["top1_on_confirmed"] == round(1 / 3, 6)
    assert result["wrong_confident_on_confirmed"] == round(1 / 3, 6)  # "vier"; "twee" fell back
    assert result["disputed"] == [{"text": "drie", "label": "faq_b",
                                   "annotators": ["faq_c", "faq_b"], "best_guess": "faq_b"}]


def test_label_audit_without_audited_phrasings_is_none() -> None:
    assert label_audit([("een", "faq_a")], [_parse("faq_a")], [{"text": "ander",
                                                               "primary": ["faq_a"]}]) is None


def test_label_audit_takes_only_its_own_sets_items() -> None:
    audit = [{"set": "a.yml", "text": "een", "primary": ["faq_a"]},
             {"set": "b.yml", "text": "een", "primary": ["faq_b"]}]
    rows, parses = [("een", "faq_a")], [_parse("faq_a")]
    result = label_audit(rows, parses, audit, "a.yml")
    assert result is not None and result["label_confirmed"] == 1.0
    result = label_audit(rows, parses, audit, "b.yml")
    assert result is not None and result["label_confirmed"] == 0.0
    assert label_audit(rows, parses, audit, "c.yml") is None


def test_runner_up_buttons_count_rescues_and_extra_buttons() -> None:
    rows = [("een", "faq_producten"), ("twee", "faq_producten"), ("drie", "faq_producten"),
            ("vier", "faq_producten"), ("vijf", "greet")]
    ranked = [("faq_pgb", 0.8), ("faq_producten", 0.15)]
    parses = [
        {"intent": {"name": "faq_pgb"}, "intent_ranking": [{"name": n, "confidence": c}
                                                          for n, c in ranked]},  # offered
        {"intent": {"name": "faq_pgb"}, "intent_ranking": [{"name": "faq_pgb", "confidence": 0.99},
                                                          {"name": "faq_producten",
                                                           "confidence": 0.01}]},  # too unsure
        {"intent": {"name": "faq_producten"}, "intent_ranking": [
            {"name": "faq_producten", "confidence": 0.8},
            {"name": "faq_pgb", "confidence": 0.2}]},  # right, with a button
        {"intent": {"name": FALLBACK}, "intent_ranking": []},  # fell back: not counted
        {"intent": {"name": "faq_pgb"}, "intent_ranking": [{"name": n, "confidence": c}
                                                          for n, c in ranked]},  # not FAQ
    ]
    assert runner_up_buttons(rows, parses) == {"wrong_confident_right_offered": 1,
                                               "right_with_button": 1}


def test_score_counts_outcomes_and_the_fallbacks_suggestions() -> None:
    rows = [("een", "faq_pgb"), ("twee", "faq_pgb"), ("drie", "faq_monitoring"),
            ("vier", "faq_fasering"), ("vijf", "greet")]
    parses = [
        _parse("faq_pgb", "faq_pgb", "faq_monitoring"),  # right
        _parse("faq_monitoring", "faq_monitoring", "faq_pgb"),  # wrong, confident
        # fell back; the suggestions skip the flow and an unknown topic: monitoring is second
        _parse(FALLBACK, FALLBACK, "ask_locatie", "faq_bestaat_niet", "faq_pgb", "faq_monitoring"),
        _parse(FALLBACK, FALLBACK, "faq_pgb", "faq_monitoring", "faq_fasering"),  # third: not offered
        _parse("greet", "greet"),
    ]
    result = score(rows, parses)
    assert result["faq"]["n"] == 4
    assert result["faq"]["answered_correctly"] == 0.25
    assert result["faq"]["wrong_confident"] == 1
    assert result["faq"]["fallback_rate"] == 0.5
    assert result["faq"]["fallback_with_right_suggestion"] == 0.5
    assert result["faq"]["top1"] == 0.25, "best guesses: pgb, monitoring, ask_locatie, pgb"
    assert result["other"] == {**result["other"], "n": 1, "answered_correctly": 1.0}
    assert result["confusions"] == [{"expected": "faq_pgb", "predicted": "faq_monitoring",
                                     "count": 1}]
