"""Typed inputs and decisions of the routing rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from bot.routing.policy import Source


class Role(str, Enum):
    """Who asks. Referrers are checked against the phase-in of their referrals to WIJ."""

    RESIDENT = "inwoner"
    PROVIDER = "aanbieder"
    HUISARTS = "huisarts"
    GI = "gi"
    JEUGDARTS_GGD = "jeugdarts_ggd"
    MEDISCH_SPECIALIST = "medisch_specialist"
    RECHTBANK = "rechtbank"

    @property
    def is_referrer(self) -> bool:
        return self not in (Role.RESIDENT, Role.PROVIDER)


UNSURE = "onbekend"
SPECIALIST = "specialistisch"


@dataclass(frozen=True)
class Point:
    """One reason or step of a decision: a message key, its values, an optional date, sources."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    date: dt.date | None = None


@dataclass(frozen=True)
class Decision:
    """The outcome of a rule with the reasons and dated steps that explain it."""

    rule: str
    outcome: str
    reasons: tuple[Point, ...] = ()
    steps: tuple[Point, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def sources(self) -> tuple[Source, ...]:
        seen: dict[Source, None] = {}
        for point in (*self.reasons, *self.steps):
            seen.update(dict.fromkeys(point.sources))
        return tuple(seen)
