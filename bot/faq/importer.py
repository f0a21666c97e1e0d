"""Turn a published FAQ document (plain text, clean or extracted from a PDF) into structure.

The municipality publishes "Vragen en antwoorden" as a document. Two shapes occur:
- clean text: one paragraph a line, lists as ``- item``;
- text extracted from a PDF: every visual line on its own, page noise (runs of blank
  lines), words hyphenated over line ends, bullets as ``•``, footnotes at page bottoms.
``parse_document`` handles both and reports what it removed and any gap in the numbering.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.faq.model import Block, PolicyFacts, Question, Version

QUESTION_RE = re.compile(r"^(\d{1,3})\.?\s+(\S.*)$")
BULLET_RE = re.compile(r"^[-•●▪·*]\s+(.*)$")
FOOTNOTE_RE = re.compile(r"^(\d{1,2})\s+\S.*\|")
URL_LINE_RE = re.compile(r"^https?://\S+$")
VERSION_RE = re.compile(r"^versie\s+(\d{1,2}\s+\w+\s+\d{4})$", re.IGNORECASE)
SUPERSCRIPT_RE = re.compile("[\u00b9\u00b2\u00b3\u2070-\u2079]+")
MD_LINK_RE = re.compile(r"\[([^\]]+)\]\((?:#|[^)]*)\)")
ANGLE_URL_RE = re.compile(r"<(https?://[^>]+)>")
DISCLAIMER_START = "Aan deze vraag"
# A PDF line shorter than this did not reach the right margin: its paragraph ends there.
PDF_FULL_LINE = 86


@dataclass
class ParsedQuestion:
    number: int
    section: str
    question: str
    answer: list[Block] = field(default_factory=list)


@dataclass
class ParsedDocument:
    title: str
    version_label: str
    intro: str
    questions: list[ParsedQuestion]
    disclaimer: str
    shape: str
    removed: list[str] = field(default_factory=list)

    @property
    def numbering_gaps(self) -> list[int]:
        numbers = [q.number for q in self.questions]
        if not numbers:
            return []
        return [n for n in range(1, max(numbers) + 1) if n not in numbers]


def _clean_inline(text: str) -> str:
    text = MD_LINK_RE.sub(r"\1", text)
    text = ANGLE_URL_RE.sub(r"\1", text)
    text = SUPERSCRIPT_RE.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _join_wrapped(lines: list[str]) -> str:
    """Join the visual lines of one PDF paragraph, undoing hyphenation at line ends."""
    out = ""
    for line in lines:
        line = line.strip()
        if not out:
            out = line
        elif re.search(r"[a-zà-ÿ]-$", out) and re.match(r"[a-zà-ÿ]", line):
            out = out[:-1] + line
        else:
            out = out + " " + line
    return out


def _logical_lines(raw: str) -> tuple[list[str], str, list[str]]:
    """Split a document into logical lines (paragraphs, list items, headings)."""
    lines = [ln.rstrip() for ln in raw.replace("\r\n", "\n").split("\n")]
    content = [ln for ln in lines if ln.strip()]
    shape = "clean" if any(len(ln) > 150 for ln in content) else "pdf"
    removed: list[str] = []
    footnote_numbers: set[str] = set()
    kept: list[str] = []
    for ln in content:
        s = ln.strip()
        m = FOOTNOTE_RE.match(s)
        if shape == "pdf" and m:
            footnote_numbers.add(m.group(1))
            removed.append(f"voetnoot: {s}")
            continue
        if shape == "pdf" and URL_LINE_RE.match(s):
            removed.append(f"voetnoot-url: {s}")
            continue
        kept.append(s)
    if shape == "clean":
        return [_clean_inline(s) for s in kept], shape, removed

    logical: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            logical.append(_join_wrapped(buf))
            buf.clear()

    for s in kept:
        starts_new = bool(QUESTION_RE.match(s) or BULLET_RE.match(s)) or s.startswith(
            DISCLAIMER_START
        )
        if starts_new:
            flush()
        buf.append(s)
        if QUESTION_RE.match(buf[0]) and len(buf) < 3:
            # A question may wrap at any length; it ends at its question mark.
            if s.endswith("?"):
                flush()
        elif len(s) < PDF_FULL_LINE:
            flush()
    flush()
    # Footnote markers glued to a word or closing quote ("producten2?", "jeugdhulp”1 Op").
    if footnote_numbers:
        marks = "|".join(sorted(footnote_numbers))
        marker_re = re.compile(rf"(?<=[a-zà-ÿ”\"])({marks})(?=[\s?.,;:]|$)")
        logical = [marker_re.sub("", ln) for ln in logical]
    return [_clean_inline(ln) for ln in logical], shape, removed


def _is_heading(line: str) -> bool:
    return (
        len(line) < 40
        and line[:1].isupper()
        and not re.search(r"[.?:;,!]$", line)
        and not QUESTION_RE.match(line)
        and not BULLET_RE.match(line)
    )


def parse_document(raw: str) -> ParsedDocument:
    """Parse the text of one FAQ version into title, intro, questions and disclaimer."""
    lines, shape, removed = _logical_lines(raw)
    title_parts: list[str] = []
    version_label = ""
    i = 0
    while i < len(lines) and not version_label:
        m = VERSION_RE.match(lines[i])
        if m:
            version_label = m.group(1)
        else:
            title_parts.append(lines[i])
        i += 1
    if not version_label:
        raise ValueError("geen regel 'versie <datum>' gevonden bovenaan het document")

    section = ""
    intro: list[str] = []
    disclaimer: list[str] = []
    questions: list[ParsedQuestion] = []
    current: ParsedQuestion | None = None
    in_disclaimer = False
    for line in lines[i:]:
        if line.startswith(DISCLAIMER_START):
            in_disclaimer = True
        if in_disclaimer:
            disclaimer.append(line)
            continue
        qm = QUESTION_RE.match(line)
        is_question = bool(qm) and (
            line.endswith("?") or (_is_heading(qm.group(2)) if qm else False)
        )
        if qm and is_question and (not current or int(qm.group(1)) > current.number):
            current = ParsedQuestion(int(qm.group(1)), section, qm.group(2).strip())
            questions.append(current)
            continue
        if _is_heading(line) and (current is None or current.answer):
            section = line
            continue
        bm = BULLET_RE.match(line)
        if current is None:
            intro.append(line)
            continue
        if bm:
            item = bm.group(1).strip()
            if current.answer and current.answer[-1].is_list:
                last = current.answer[-1]
                current.answer[-1] = Block(items=last.items + (item,))
            else:
                current.answer.append(Block(items=(item,)))
        elif (
            shape == "pdf"
            and current.answer
            and current.answer[-1].is_list
            and line[:1].islower()
        ):
            # The wrapped second line of a bullet.
            last = current.answer[-1]
            current.answer[-1] = Block(items=last.items[:-1] + (last.items[-1] + " " + line,))
        else:
            current.answer.append(Block(text=line))
    return ParsedDocument(
        title=_clean_inline(" ".join(title_parts)),
        version_label=version_label,
        intro=" ".join(intro),
        questions=questions,
        disclaimer=" ".join(disclaimer),
        shape=shape,
        removed=removed,
    )


def build_version(
    parsed: ParsedDocument,
    version_id: str,
    source_document: str,
    topics: dict[int, str] | None = None,
    existing: Version | None = None,
) -> Version:
    """A ``Version`` from a parsed document.

    Topic ids come from ``topics`` (question number -> topic) or, failing that, from the
    ``existing`` file of the same version, whose summaries and facts are kept too: importing
    a document again never throws away what maintainers wrote beside the official text.
    """
    topics = topics or {}
    questions = []
    for pq in parsed.questions:
        old = existing.by_number(pq.number) if existing else None
        questions.append(
            Question(
                number=pq.number,
                topic=topics.get(pq.number) or (old.topic if old else ""),
                section=pq.section,
                question=pq.question,
                answer=tuple(pq.answer),
                summary=old.summary if old else "",
            )
        )
    return Version(
        id=version_id,
        date=dt.date.fromisoformat(version_id),
        label=parsed.version_label,
        title=parsed.title,
        short_title=existing.short_title if existing else parsed.title,
        questions=tuple(questions),
        intro=parsed.intro,
        disclaimer=parsed.disclaimer,
        source_document=source_document,
        facts=existing.facts if existing else PolicyFacts(),
    )
