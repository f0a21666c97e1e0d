"""Maintainers' tool: import (text and PDF), matching, check, diff; and what changed in chat."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.answers import answer_topic, changes_reply
from bot.faq.__main__ import main
from bot.faq.diff import diff_versions, to_markdown
from bot.faq.store import FaqStore

from .conftest import ROOT, SEEDS

SEED_2022 = SEEDS / "004_2da938877dfebc48.txt"
SEED_2023 = SEEDS / "000_e25508fcd195fbf8.txt"
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not present")


@pytest.fixture()
def faq_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "faq", tmp_path / "faq")
    return tmp_path / "faq"


@needs_seeds
def test_reimporting_both_seeds_reproduces_the_committed_files(faq_copy: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    for seed, version in ((SEED_2022, "2022-09-29"), (SEED_2023, "2023-12-04")):
        assert main(["--faq-dir", str(faq_copy), "import", str(seed), "--version", version]) == 0
        committed = (ROOT / "faq/versions" / f"{version}.yml").read_text(encoding="utf-8")
        assert (faq_copy / "versions" / f"{version}.yml").read_text(encoding="utf-8") == committed
    assert (faq_copy / "topics.yml").read_text() == (ROOT / "faq/topics.yml").read_text()
    assert "Ontbrekende vraagnummers: 16" in capsys.readouterr().out


@needs_seeds
def test_uncertain_matches_stop_the_import_until_confirmed(faq_copy: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (faq_copy / "versions" / "2023-12-04.yml").unlink()
    args = ["--faq-dir", str(faq_copy), "import", str(SEED_2023), "--version", "2023-12-04"]
    assert main(args) == 2
    out = capsys.readouterr().out
    assert "--confirm 10=new" in out and "--confirm 12=new" in out
    assert not (faq_copy / "versions" / "2023-12-04.yml").exists(), "nothing merged silently"

    assert main(args + ["--confirm", "10=new", "--confirm", "12=new"]) == 0
    out = capsys.readouterr().out
    assert "vraag 6: changed (was vraag 7, lopende_indicaties" in out, "renumbered, same topic"
    assert "vraag 20: changed (was vraag 18, pgb" in out
    assert "Niet meer in deze versie:" in out and "vraag 6 (aanvragen_voor_2023)" in out
    store = FaqStore.from_dir(faq_copy)
    new = store.version("2023-12-04")
    assert new is not None and new.by_number(20).topic == "pgb"
    assert new.by_number(9).topic not in {q.topic for q in store.version("2022-09-29").questions}
    assert main(["--faq-dir", str(faq_copy), "check"]) == 1
    out = capsys.readouterr().out
    assert "faq/versions/2023-12-04.yml:" in out and "geen korte samenvatting" in out
    assert "voorbeelden (minimaal 12)" in out, "new topics need training examples"


def _tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given ASCII lines, built by hand (no PDF writer needed)."""
    ops = ["BT", "/F1 11 Tf", "50 800 Td", "14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_document_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    faq = tmp_path / "faq"
    (faq / "versions").mkdir(parents=True)
    (faq / "topics.yml").write_text("topics: []\n", encoding="utf-8")
    pdf = tmp_path / "faq.pdf"
    pdf.write_bytes(_tiny_pdf([
        "Vragen en antwoorden Basis jeugdhulp", "versie 1 maart 2030", "Algemeen",
        "1. Wat is nieuw?", "Alles is nieuw.", "2. Wie helpt?", "WIJ Groningen helpt:",
        "- bij opvoeden;", "- bij school.",
    ]))
    assert main(["--faq-dir", str(faq), "import", str(pdf), "--version", "2030-03-01"]) == 0
    store = FaqStore.from_dir(faq)
    v = store.version("2030-03-01")
    assert v is not None and v.label == "1 maart 2030"
    assert [q.question for q in v.questions] == ["Wat is nieuw?", "Wie helpt?"]
    assert v.by_number(2).answer[1].items == ("bij opvoeden;", "bij school.")
    assert len(store.topics) == 2, "each question of a first version is a new topic"


def test_bad_version_date(faq_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--faq-dir", str(faq_copy), "import", str(ROOT / "README.md"),
                 "--version", "1 maart"]) == 2
    assert "JJJJ-MM-DD" in capsys.readouterr().out


def test_diff_report_puts_policy_facts_first(store: FaqStore) -> None:
    report = to_markdown(diff_versions(store.version("2022-09-29"), store.version("2023-12-04")))
    assert report.index("## Beleidsfeiten") < report.index("## Nieuwe vragen")
    assert "Product 45A54 Groepsbegeleiding specialistisch: nieuw, naar WIJ vanaf 1 januari 2024" in report
    assert "Verwijzer Medisch specialist: naar WIJ vanaf 1 januari 2024 (was 1 oktober 2024" in report
    assert "## Nieuwe vragen (5)" in report and "## Vervallen vragen (4)" in report
    assert "### vraag 20 (was 18)" in report
    assert "**De keuze tussen ZIN en PGB ontstaat pas op het moment" in report


def test_diff_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "2022-09-29", "2023-12-04"]) == 0
    assert capsys.readouterr().out.startswith("# Wat is er veranderd: versie 29 september 2022")
    assert main(["diff", "2021-01-01", "2023-12-04"]) == 2


def test_changes_in_the_conversation(store: FaqStore) -> None:
    reply = changes_reply(store, "wat is er veranderd sinds 2022?")
    assert reply.text.startswith("Dit is er veranderd van de versie van 29 september 2022 naar "
                                 "de versie van 4 december 2023:")
    assert "7 producten erbij die naar WIJ gaan" in reply.text and "(vraag 5)" in reply.text
    assert "Nieuwe vragen: Triage: specialistische jeugdhulp nodig (vraag 9)" in reply.text
    assert reply.buttons[0].payload == "/faq_triage_specialistisch"


def test_answer_notes_a_change_since_the_previous_version(store: FaqStore) -> None:
    pgb = answer_topic(store, "pgb", "")
    assert pgb is not None and "veranderd sinds de versie van 29 september 2022" in pgb.reply.text
    only_new = answer_topic(store, "monitoring", "")
    assert only_new is not None and "veranderd sinds" not in only_new.reply.text
