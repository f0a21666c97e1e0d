"""What changed between two FAQ versions: policy facts first, then the questions."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from bot.dates import nl_date
from bot.faq.matching import answer_text
from bot.faq.model import Question, Version
from bot.texts import fact_label


@dataclass(frozen=True)
class QuestionChange:
    topic: str
    old: Question | None
    new: Question | None
    removed_sentences: tuple[str, ...] = ()
    added_sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class VersionDiff:
    old: Version
    new: Version
    fact_changes: tuple[str, ...] = ()
    added: tuple[Question, ...] = ()
    removed: tuple[Question, ...] = ()
    changed: tuple[QuestionChange, ...] = ()
    renumbered: tuple[tuple[str, int, int], ...] = field(default=())


def _sentences(question: Question) -> list[str]:
    text = answer_text(question.answer)
    # A sentence ends at . ? ! followed by a capital: "SAMEN. is" stays one sentence.
    return [s.strip() for s in re.split(r"(?<=[.?!;])\s+(?=[A-Z\"“(])", text) if s.strip()]


def _fmt_date(value: object) -> str:
    return nl_date(value) if isinstance(value, dt.date) else str(value)


def fact_changes(old: Version, new: Version) -> list[str]:
    """Plain lines (Dutch) for products, referrers and dated/numeric facts that differ."""
    lines: list[str] = []
    old_p = {p.code: p for p in old.facts.products}
    new_p = {p.code: p for p in new.facts.products}
    for code, p in new_p.items():
        if code not in old_p:
            lines.append(f"Product {code} {p.name}: nieuw, naar WIJ vanaf {_fmt_date(p.wij_from)}"
                         f" (vraag {p.question})")
        elif old_p[code].wij_from != p.wij_from:
            lines.append(f"Product {code}: naar WIJ vanaf {_fmt_date(p.wij_from)} "
                         f"(was {_fmt_date(old_p[code].wij_from)}; vraag {p.question})")
    for code, p in old_p.items():
        if code not in new_p:
            lines.append(f"Product {code} {p.name}: niet meer genoemd")
    old_r = {r.id: r for r in old.facts.referrers}
    new_r = {r.id: r for r in new.facts.referrers}
    for rid in [*new_r, *(r for r in old_r if r not in new_r)]:
        o, n = old_r.get(rid), new_r.get(rid)
        if n and not o:
            lines.append(f"Verwijzer {n.name}: nieuw, naar WIJ vanaf {_fmt_date(n.wij_from)}"
                         f" (vraag {n.question})")
        elif o and not n:
            lines.append(f"Verwijzer {o.name}: niet meer genoemd")
        elif o and n and o.wij_from == n.wij_from and o.approximate != n.approximate:
            state = "gepland" if n.approximate else "nu vast"
            lines.append(f"Verwijzer {n.name}: {_fmt_date(n.wij_from)} is {state} (vraag {n.question})")
        elif o and n and o.wij_from != n.wij_from:
            planned = " (volgens de planning)" if o.approximate else ""
            lines.append(f"Verwijzer {n.name}: naar WIJ vanaf {_fmt_date(n.wij_from)} "
                         f"(was {_fmt_date(o.wij_from)}{planned}; vraag {n.question})")
    old_f = {f.id: f for f in old.facts.facts}
    for f in new.facts.facts:
        before = old_f.get(f.id)
        if before is None:
            lines.append(f"Nieuw: {fact_label(f.id)}: {_fmt_date(f.value)} (vraag {f.question})")
        elif before.value != f.value:
            lines.append(f"{fact_label(f.id)}: {_fmt_date(f.value)} (was {_fmt_date(before.value)};"
                         f" vraag {f.question})")
    return lines


def diff_versions(old: Version, new: Version) -> VersionDiff:
    old_topics = {q.topic: q for q in old.questions}
    new_topics = {q.topic: q for q in new.questions}
    changed = []
    renumbered = []
    for topic, nq in new_topics.items():
        oq = old_topics.get(topic)
        if oq is None:
            continue
        if oq.number != nq.number:
            renumbered.append((topic, oq.number, nq.number))
        a, b = _sentences(oq), _sentences(nq)
        if a != b or oq.question != nq.question:
            sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
            removed, added = [], []
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag in ("replace", "delete"):
                    removed += a[i1:i2]
                if tag in ("replace", "insert"):
                    added += b[j1:j2]
            changed.append(QuestionChange(topic, oq, nq, tuple(removed), tuple(added)))
    return VersionDiff(
        old, new,
        fact_changes=tuple(fact_changes(old, new)),
        added=tuple(q for t, q in new_topics.items() if t not in old_topics),
        removed=tuple(q for t, q in old_topics.items() if t not in new_topics),
        changed=tuple(changed),
        renumbered=tuple(renumbered),
    )


def to_markdown(d: VersionDiff) -> str:
    """A readable change report for maintainers and staff."""
    out = [f"# Wat is er veranderd: versie {d.old.label} → versie {d.new.label}", ""]
    out += ["## Beleidsfeiten", ""]
    out += [f"- {line}" for line in d.fact_changes] or ["- geen wijzigingen"]
    out += ["", f"## Nieuwe vragen ({len(d.added)})", ""]
    out += [f"- vraag {q.number}: {q.question}" for q in d.added] or ["- geen"]
    out += ["", f"## Vervallen vragen ({len(d.removed)})", ""]
    out += [f"- vraag {q.number} (oud): {q.question}" for q in d.removed] or ["- geen"]
    out += ["", f"## Gewijzigde vragen ({len(d.changed)})", ""]
    for c in d.changed:
        assert c.old is not None and c.new is not None
        out.append(f"### vraag {c.new.number} (was {c.old.number}): {c.new.question}")
        out.append("")
        out += [f"- ~~{s}~~" for s in c.removed_sentences]
        out += [f"- **{s}**" for s in c.added_sentences]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
