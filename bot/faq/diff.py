"""What changed between two FAQ versions: policy facts first, then the questions."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from bot.dates import nl_date
from bot.faq.matching import answer_text
from bot.faq.model import Question, Version
from bot.texts import fact_label, section


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


def _sentences(question: Question) -> list[str]:
    text = answer_text(question.answer)
    # A sentence ends at . ? ! followed by a capital: "SAMEN. is" stays one sentence.
    return [s.strip() for s in re.split(r"(?<=[.?!;])\s+(?=[A-Z\"“(])", text) if s.strip()]


def _fmt_date(value: object) -> str:
    return nl_date(value) if isinstance(value, dt.date) else str(value)


def _d(key: str, **values: object) -> str:
    return section("diff", key, **values)


def fact_changes(old: Version, new: Version) -> list[str]:
    """Plain lines (Dutch) for products, referrers and dated/numeric facts that differ."""
    lines: list[str] = []
    old_p = {p.code: p for p in old.facts.products}
    new_p = {p.code: p for p in new.facts.products}
    for code, p in new_p.items():
        if code not in old_p:
            lines.append(_d("product_new", code=code, name=p.name, date=_fmt_date(p.wij_from),
                            number=p.question))
        elif old_p[code].wij_from != p.wij_from:
            lines.append(_d("product_date", code=code, date=_fmt_date(p.wij_from),
                            was=_fmt_date(old_p[code].wij_from), number=p.question))
    for code, p in old_p.items():
        if code not in new_p:
            lines.append(_d("product_gone", code=code, name=p.name))
    old_r = {r.id: r for r in old.facts.referrers}
    new_r = {r.id: r for r in new.facts.referrers}
    for rid in [*new_r, *(r for r in old_r if r not in new_r)]:
        o, n = old_r.get(rid), new_r.get(rid)
        if n and not o:
            lines.append(_d("referrer_new", name=n.name, date=_fmt_date(n.wij_from),
                            number=n.question))
        elif o and not n:
            lines.append(_d("referrer_gone", name=o.name))
        elif o and n and o.wij_from == n.wij_from and o.approximate != n.approximate:
            key = "referrer_planned" if n.approximate else "referrer_firm"
            lines.append(_d(key, name=n.name, date=_fmt_date(n.wij_from), number=n.question))
        elif o and n and o.wij_from != n.wij_from:
            lines.append(_d("referrer_date", name=n.name, date=_fmt_date(n.wij_from),
                            was=_fmt_date(o.wij_from), number=n.question,
                            planned=_d("planned") if o.approximate else ""))
    old_f = {f.id: f for f in old.facts.facts}
    for f in new.facts.facts:
        before = old_f.get(f.id)
        if before is None:
            lines.append(_d("fact_new", label=fact_label(f.id), value=_fmt_date(f.value),
                            number=f.question))
        elif before.value != f.value:
            lines.append(_d("fact_changed", label=fact_label(f.id), value=_fmt_date(f.value),
                            was=_fmt_date(before.value), number=f.question))
    return lines


def diff_versions(old: Version, new: Version) -> VersionDiff:
    old_topics = {q.topic: q for q in old.questions}
    new_topics = {q.topic: q for q in new.questions}
    changed = []
    for topic, nq in new_topics.items():
        oq = old_topics.get(topic)
        if oq is None:
            continue
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
    )


def to_markdown(d: VersionDiff) -> str:
    """A readable change report for maintainers and staff."""
    out = [_d("title", old=d.old.label, new=d.new.label), "", _d("facts"), ""]
    out += [f"- {line}" for line in d.fact_changes] or [f"- {_d('no_fact_changes')}"]
    out += ["", _d("added", count=len(d.added)), ""]
    out += [f"- {_d('added_item', number=q.number, question=q.question)}" for q in d.added] or [
        f"- {_d('none')}"]
    out += ["", _d("removed", count=len(d.removed)), ""]
    out += [f"- {_d('removed_item', number=q.number, question=q.question)}"
            for q in d.removed] or [f"- {_d('none')}"]
    out += ["", _d("changed", count=len(d.changed)), ""]
    for c in d.changed:
        assert c.old is not None and c.new is not None
        out += [_d("changed_item", number=c.new.number, was=c.old.number, question=c.new.question),
                ""]
        out += [f"- ~~{s}~~" for s in c.removed_sentences]
        out += [f"- **{s}**" for s in c.added_sentences]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
