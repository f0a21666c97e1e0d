"""Turn routing decisions into short Dutch messages with their reasons and sources."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.dates import nl_date
from bot.routing.locations import LocationAnswer, Outcome
from bot.routing.model import Decision, Point
from bot.routing.policy import Source

MESSAGES_FILE = Path(__file__).with_name("messages.yml")


@lru_cache(maxsize=1)
def messages() -> dict[str, Any]:
    """``bot/routing/messages.yml``, read once per process."""
    with MESSAGES_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)  # type: ignore[no-any-return]



def _fill(template: str, values: dict[str, Any]) -> str:
    shown = {k: nl_date(v) if isinstance(v, dt.date) else v for k, v in values.items()}
    return template.format(**shown)


def _sources(sources: tuple[Source, ...]) -> str:
    """ "versie 4 december 2023, vraag 7" or, for several of one version, "vragen 7 en 12"."""
    by_version: dict[str, list[int]] = {}
    for s in sources:
        numbers = by_version.setdefault(s.version_label, [])
        if s.question not in numbers:
            numbers.append(s.question)
    parts = []
    for label, numbers in by_version.items():
        if len(numbers) == 1:
            parts.append(messages()["labels"]["source"].format(label=label, number=numbers[0]))
        else:
            listed = ", ".join(map(str, numbers[:-1])) + f" en {numbers[-1]}"
            parts.append(messages()["labels"]["sources"].format(label=label, numbers=listed))
    return "; ".join(parts)


def _point(section: str, point: Point) -> str:
    values = dict(point.values)
    if "approximate" in values:
        values["approx"] = messages()["reasons"]["approx_suffix"] if values.pop("approximate") else ""
    text = _fill(messages()[section][point.key], values)
    if point.sources:
        text += f" ({_sources(point.sources)})"
    return text


def render_decision(decision: Decision) -> str:
    """Headline, then "Waarom:" with reasons, then dated "Wat je kunt doen:" steps."""
    m = messages()
    values = {**decision.values, **{k: v for p in decision.reasons for k, v in p.values.items()}}
    texts = m[decision.rule]
    key = decision.outcome
    if values.get("referrer") is True and f"{key}_verwijzer" in texts:
        key = f"{key}_verwijzer"  # a referrer refers; a resident goes
    parts = [_fill(texts[key], values)]
    if decision.reasons:
        parts.append(m["labels"]["why"] + "\n" + "\n".join(
            f"- {_point('reasons', p)}" for p in decision.reasons))
    if decision.steps:
        lines = []
        for step in decision.steps:
            prefix = f"{nl_date(step.date)}: " if step.date else ""
            lines.append(f"- {prefix}{_point('steps', step)}")
        parts.append(m["labels"]["steps"] + "\n" + "\n".join(lines))
    return "\n\n".join(parts)


def render_location(answer: LocationAnswer) -> str:
    m: dict[str, str] = messages()["locations"]
    names = ", ".join(t.name for t in answer.candidates)
    if answer.outcome is Outcome.TEAM and answer.team is not None:
        head = (m["team_postcode"].format(pc4=answer.pc4, team=answer.team.name)
                if answer.how == "postcode" else
                m["team_place"].format(place=answer.place, team=answer.team.name))
        note = m["derived_note"] if answer.derived else m["reported_note"]
        parts = [head, note]
        if not answer.team.address_known:
            parts.append(m["address_unknown"])
        return "\n\n".join(parts)
    if answer.outcome is Outcome.SPLIT:
        key = "split" if len(answer.candidates) > 1 else "split_unknown"
        return m[key].format(pc4=answer.pc4, candidates=names)
    if answer.outcome is Outcome.MOSTLY_OUTSIDE:
        return m["mostly_outside"].format(pc4=answer.pc4)
    if answer.outcome is Outcome.OUTSIDE:
        return m["outside"].format(pc4=answer.pc4)
    if answer.outcome is Outcome.UNKNOWN:
        if answer.place:
            return m["unknown_place"].format(place=answer.place)
        return m["unknown_postcode"].format(pc4=answer.pc4)
    return m["not_found"]


def hint(key: str, **values: Any) -> str:
    """A re-ask hint or form message from the ``hints`` section."""
    return str(messages()["hints"][key]).format(**values)


def location_text(key: str) -> str:
    return str(messages()["locations"][key])
