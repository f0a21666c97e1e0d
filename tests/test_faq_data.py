"""The versioned FAQ: import from the seed documents, committed files, generated data."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import yaml

from bot.answers import intent_of_topic
from bot.faq import generate
from bot.faq.check import problems
from bot.faq.importer import build_version, parse_document
from bot.faq.store import FaqStore, version_to_dict

from .conftest import ROOT, SEEDS

SEED_FILES = {"2022-09-29": "004_2da938877dfebc48.txt", "2023-12-04": "000_e25508fcd195fbf8.txt"}
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not present")


def _official(version_dict: dict) -> list[tuple]:
    return [(q["number"], q["section"], q["question"], q["answer"]) for q in version_dict["questions"]]


@needs_seeds
@pytest.mark.parametrize("version_id", sorted(SEED_FILES))
def test_import_reproduces_committed_version(store: FaqStore, version_id: str) -> None:
    """Importing the seed document gives the same questions, numbers and answers."""
    committed = store.version(version_id)
    assert committed is not None
    parsed = parse_document((SEEDS / SEED_FILES[version_id]).read_text(encoding="utf-8"))
    imported = build_version(parsed, version_id, SEED_FILES[version_id], existing=committed)
    assert _official(version_to_dict(imported)) == _official(version_to_dict(committed))
    assert imported.label == committed.label


@needs_seeds
@pytest.mark.parametrize(
    "version_id, count, gaps",
    [("2022-09-29", 23, []), ("2023-12-04", 24, [16])],
)
def test_numbering(version_id: str, count: int, gaps: list[int]) -> None:
    parsed = parse_document((SEEDS / SEED_FILES[version_id]).read_text(encoding="utf-8"))
    assert len(parsed.questions) == count
    assert parsed.numbering_gaps == gaps


@needs_seeds
def test_pdf_noise_removed() -> None:
    parsed = parse_document((SEEDS / SEED_FILES["2022-09-29"]).read_text(encoding="utf-8"))
    assert parsed.shape == "pdf"
    text = " ".join(b.text or " ".join(b.items) for q in parsed.questions for b in q.answer)
    assert "organiseren" in parsed.intro and "organise-" not in parsed.intro
    assert "Zorgvuldigheid staat hierbij voorop" in text, "hyphenation over a line end joined"
    assert "individuele- en gezinsbegeleiding" in text, "a real hyphen is kept"
    assert "Doorontwikkeling Jeugdhulp |" not in text, "footnotes removed"
    q12 = parsed.questions[11]
    assert q12.question == "Wanneer stopt de Open House voor de producten?", "footnote mark removed"
    q13 = parsed.questions[12]
    assert q13.question.endswith("met de RIGG?"), "a question wrapped over two lines"
    assert len(parsed.removed) == 4


def test_lists_are_kept(store: FaqStore) -> None:
    q5 = store.version("2023-12-04").by_number(5)
    lists = [b.items for b in q5.answer if b.is_list]
    assert [len(items) for items in lists] == [4, 7]


def test_committed_faq_passes_check(store: FaqStore) -> None:
    assert problems(store) == []


def test_check_reports_problems(store: FaqStore) -> None:
    from dataclasses import replace

    v = store.newest
    broken_q = replace(v.questions[0], summary="", topic="onbekend")
    broken = FaqStore([replace(v, questions=(broken_q,) + v.questions[1:])], tuple(store.topics.values()))
    found = problems(broken)
    assert any(p.startswith("faq/versions/2023-12-04.yml:") and "vraag 1: geen korte samenvatting" in p
               for p in found), found
    assert any("topic onbekend staat niet in faq/topics.yml" in p for p in found)


def test_policy_facts(store: FaqStore) -> None:
    new = store.version("2023-12-04").facts
    assert len(new.products) == 11
    assert {p.code for p in new.products if p.wij_from.year == 2023} == {
        "45A51", "45A04", "45A56", "45A53"}
    assert new.fact("open_house_end").value.isoformat() == "2025-07-01"
    assert new.fact("contact_within_working_days").value == 5
    old = store.version("2022-09-29").facts
    assert {r.id: r.wij_from.isoformat() for r in old.referrers}["medisch_specialist"] == "2024-10-01"


def test_every_faq_intent_carries_its_topic_text(store: FaqStore) -> None:
    """The classifier's documents (intent metadata in data/nlu/faq.yml): one per topic, with
    every version's question and the newest answer, and no other intent has one."""
    from benchmarks.eval_nlu import load_documents

    documents = load_documents(ROOT / "data/nlu/faq.yml")
    assert set(documents) == {intent_of_topic(t) for t in store.topics}
    for topic in store.topics:
        document = documents[intent_of_topic(topic)]
        found = store.versions_with(topic)
        assert all(" ".join(f.question.question.split()) in document for f in found), topic
        first = found[0].question.answer[0]
        assert " ".join((first.text or first.items[0]).split()) in document, topic
    for path in ("chitchat.yml", "routing.yml"):
        assert load_documents(ROOT / "data/nlu" / path) == {}


def test_generated_files_are_current(store: FaqStore) -> None:
    """data/nlu/faq.yml, data/rules/faq.yml and the domain's FAQ block match faq/."""
    assert (ROOT / "data/nlu/faq.yml").read_text(encoding="utf-8") == generate.nlu_yaml(store)
    assert (ROOT / "data/rules/faq.yml").read_text(encoding="utf-8") == generate.rules_yaml(store)
    forms = (ROOT / "data/rules/forms.yml").read_text(encoding="utf-8")
    assert forms == generate.forms_rules_yaml(store)
    domain = (ROOT / "domain.yml").read_text(encoding="utf-8")
    assert domain == generate.domain_with_intents(domain, store)
    for path in ("data/nlu/faq.yml", "data/rules/faq.yml"):
        assert (ROOT / path).read_text(encoding="utf-8").startswith("# Generated by `make data`")


TEST_SETS = ["nlu_holdout.yml", "nlu_holdout_b.yml", "nlu_holdout_c.yml"]
DEV_SETS = ["nlu_dev.yml", "nlu_dev_c.yml"]


@pytest.mark.parametrize("name", TEST_SETS)
def test_holdout_is_separate_and_large_enough(store: FaqStore, name: str) -> None:
    """Every topic has at least 5 phrasings in the first test set, the one the floors are
    measured on; a topic added later needs them there (MAINTAINING.md, step 2), not in the
    other two sets, which were written once for the topics of their day."""
    from benchmarks.eval_nlu import load_nlu

    holdout = load_nlu(ROOT / "tests" / name)
    train = {text.lower() for path in (ROOT / "data/nlu").glob("*.yml") for text, _ in load_nlu(path)}
    per_intent = Counter(intent for _, intent in holdout)
    topics = store.topics if name == TEST_SETS[0] else [
        t for t in store.topics if per_intent[f"faq_{t}"]]
    for topic in topics:
        assert per_intent[f"faq_{topic}"] >= 5, (
            f"topic {topic}: {per_intent[f'faq_{topic}']} phrasings in tests/{name}, 5 needed")
    assert {intent for _, intent in holdout} <= {f"faq_{t}" for t in store.topics} | set(
        yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])
    leaked = [text for text, _ in holdout if text.lower() in train]
    assert leaked == [], "holdout phrasings must never be trained on"


@pytest.mark.parametrize("name", DEV_SETS)
def test_development_sets_are_apart_from_training_and_test_sets(name: str) -> None:
    """Settings are chosen on the development sets (benchmarks/tune_nlu.py --dev): never
    trained on, and none of their phrasings in a test set, which only confirm. A topic added
    later needs no phrasings here (the test sets need them, above)."""
    from benchmarks.eval_nlu import load_nlu

    dev = load_nlu(ROOT / "tests" / name)
    train = {text.lower() for path in (ROOT / "data/nlu").glob("*.yml") for text, _ in load_nlu(path)}
    tests = {text.lower() for test in TEST_SETS for text, _ in load_nlu(ROOT / "tests" / test)}
    assert [text for text, _ in dev if text.lower() in train] == [], "never trained on"
    assert [text for text, _ in dev if text.lower() in tests] == [], "never a test phrasing"
    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])
    assert {intent for _, intent in dev} <= intents


def test_every_topic_has_enough_training_examples(store: FaqStore) -> None:
    for topic in store.topics.values():
        assert len(topic.examples) >= 12, topic.id


def test_label_audit_covers_the_test_sets_faq_phrasings() -> None:
    """tests/holdout_label_audit.yml holds every FAQ phrasing of the three test sets, with the
    set's own label, and two annotators' labels that are intents of the domain. Phrasings of a
    topic the audit never saw (added after it, MAINTAINING.md) are left out: eval_nlu scores the
    audit on the phrasings it has."""
    from benchmarks.eval_nlu import load_nlu

    audit = yaml.safe_load((ROOT / "tests/holdout_label_audit.yml").read_text(encoding="utf-8"))
    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])
    items = audit["items"]
    audited_topics = {i["label"] for i in items}
    faq_rows = {(name, text, label) for name in TEST_SETS
                for text, label in load_nlu(ROOT / "tests" / name) if label in audited_topics}
    assert {(i["set"], i["text"], i["label"]) for i in items} == faq_rows
    assert len(items) == len(faq_rows)
    _check_annotations(items, intents)


def _check_annotations(items: list[dict[str, Any]], intents: set[str]) -> None:
    """Each audit item has two annotators' primary label, other labels and certainty, and
    every label they chose is an intent of the domain."""
    for item in items:
        assert len(item["primary"]) == len(item["also"]) == len(item["sure"]) == 2, item["text"]
        labels = {*item["primary"], *(label for also in item["also"] for label in also)}
        assert labels <= intents, (item["text"], labels - intents)


def test_dev_label_audit_covers_the_general_development_sets_faq_phrasings() -> None:
    """tests/dev_label_audit.yml: the same blind audit as holdout_label_audit.yml, of every FAQ
    phrasing of tests/nlu_dev.yml, with the set's own label and the domain's intents."""
    from benchmarks.eval_nlu import load_nlu

    audit = yaml.safe_load((ROOT / "tests/dev_label_audit.yml").read_text(encoding="utf-8"))
    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])
    rows = [("nlu_dev.yml", text, label) for text, label in load_nlu(ROOT / "tests/nlu_dev.yml")
            if label.startswith("faq_")]
    assert sorted((i["set"], i["text"], i["label"]) for i in audit["items"]) == sorted(rows)
    _check_annotations(audit["items"], intents)
