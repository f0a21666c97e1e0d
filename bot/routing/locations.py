"""Rule 2, "Welke WIJ-locatie?": from a postcode, wijk or village to the WIJ team.

Reads ``locations/wij.yml``. A postcode shared by teams is not guessed: the answer asks for
the wijk or street. Unknown or unconfirmed facts stay marked so in the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import JaroWinkler

from bot.fold import fold

LOCATIONS_FILE = Path(__file__).resolve().parents[2] / "locations" / "wij.yml"
POSTCODE_RE = re.compile(r"(?<![\d])([1-9]\d{3})\s*([A-Za-z]{2})?(?![A-Za-z\d])")
MIN_SIMILARITY = 0.85


class Outcome(str, Enum):
    TEAM = "team"  # one team serves it
    SPLIT = "split"  # a postcode shared by teams: ask the wijk or street
    MOSTLY_OUTSIDE = "mostly_outside"  # a postcode mostly outside the municipality
    OUTSIDE = "outside"  # not in the municipality
    UNKNOWN = "unknown"  # in the municipality, but no source names its team
    NOT_FOUND = "not_found"  # no postcode or known place in the text


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    status: str
    sources: tuple[str, ...]
    serves: tuple[str, ...]
    address_known: bool = False


@dataclass(frozen=True)
class LocationAnswer:
    outcome: Outcome
    team: Team | None = None
    candidates: tuple[Team, ...] = ()
    pc4: str | None = None
    place: str | None = None
    how: str = ""  # "postcode", or "wijk" for a wijk or village name
    derived: bool = False  # from our own postcode overlay rather than a named place
    score: float | None = None


class LocationIndex:
    """The location data, indexed by postcode and by place name."""

    def __init__(self, data: dict[str, Any], common_words: frozenset[str] = frozenset()) -> None:
        # Words that carry no place ("ik woon in de wijk Beijum"), and frequent ordinary words.
        self.common_words = common_words | frozenset(data.get("filler_words") or [])
        self.threshold = float(data.get("split_threshold", 95))
        self.teams = {
            t["id"]: Team(
                t["id"], t["name"], t.get("status", "reported"), tuple(t.get("sources", [])),
                tuple(t.get("serves", [])),
                address_known=(t.get("address") or {}).get("status") == "confirmed",
            )
            for t in data["teams"]
        }
        self.pc4: dict[str, dict[str, float]] = {
            str(k): {str(t): float(v) for t, v in shares.items()}
            for k, shares in (data.get("pc4") or {}).items()
        }
        self.village_pc4 = {str(k): str(v) for k, v in (data.get("villages_pc4") or {}).items()}
        self.unknown_pc4 = {str(p) for p in data.get("unknown_pc4") or []}
        self.places: dict[str, tuple[str, str | None]] = {}  # normalised name -> (name, team)
        for team in self.teams.values():
            for place in team.serves:
                self.places[fold(place)] = (place, team.id)
        for place in data.get("unknown_places") or []:
            self.places[fold(place)] = (place, None)

    @classmethod
    def from_file(
        cls, path: Path = LOCATIONS_FILE, common_words: frozenset[str] = frozenset()
    ) -> LocationIndex:
        with path.open(encoding="utf-8") as fh:
            return cls(yaml.safe_load(fh), common_words)

    def resolve(self, text: str) -> LocationAnswer:
        """The WIJ team for a postcode or place mentioned in ``text``."""
        m = POSTCODE_RE.search(text or "")
        if m:
            return self.by_postcode(m.group(1))
        return self.by_place(text or "")

    def by_postcode(self, pc4: str) -> LocationAnswer:
        if pc4 in self.village_pc4:
            return LocationAnswer(Outcome.TEAM, self.teams[self.village_pc4[pc4]], pc4=pc4,
                                  how="postcode")
        if pc4 in self.unknown_pc4:
            return LocationAnswer(Outcome.UNKNOWN, pc4=pc4, how="postcode")
        shares = self.pc4.get(pc4)
        if shares is None:
            return LocationAnswer(Outcome.OUTSIDE, pc4=pc4, how="postcode")
        inside = sorted(
            ((self.teams[t], v) for t, v in shares.items() if t in self.teams),
            key=lambda tv: -tv[1],
        )
        candidates = tuple(t for t, _ in inside)
        if shares.get("outside", 0) > 50:
            return LocationAnswer(Outcome.MOSTLY_OUTSIDE, candidates=candidates, pc4=pc4,
                                  how="postcode", derived=True)
        if inside and inside[0][1] >= self.threshold:
            return LocationAnswer(Outcome.TEAM, inside[0][0], pc4=pc4, how="postcode",
                                  derived=True, score=inside[0][1])
        return LocationAnswer(Outcome.SPLIT, candidates=candidates, pc4=pc4, how="postcode",
                              derived=True)

    def by_place(self, text: str) -> LocationAnswer:
        words = [w for w in fold(text).split() if w]
        best: tuple[float, int, str] | None = None
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                gram = words[i:i + size]
                if all(w in self.common_words for w in gram):
                    continue
                phrase = " ".join(gram)
                if len(phrase) < 4:
                    continue
                for key in self.places:
                    score = JaroWinkler.similarity(phrase, key)
                    if score >= MIN_SIMILARITY and (best is None or (score, size) > best[:2]):
                        best = (score, size, key)
        if best is None:
            return LocationAnswer(Outcome.NOT_FOUND)
        name, team_id = self.places[best[2]]
        if team_id is None:
            return LocationAnswer(Outcome.UNKNOWN, place=name, how="wijk", score=best[0])
        return LocationAnswer(Outcome.TEAM, self.teams[team_id], place=name, how="wijk",
                              score=best[0])


def common_words(examples: list[str], min_count: int = 3) -> frozenset[str]:
    """Words frequent in the FAQ training examples: ordinary words, never taken for a place
    ("helpen" is not a typo of "Helpman")."""
    counts: dict[str, int] = {}
    for example in examples:
        for word in set(fold(example).split()):
            counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, c in counts.items() if c >= min_count)


@lru_cache(maxsize=1)
def default_index() -> LocationIndex:
    from bot.faq.store import default_store

    examples = [e for t in default_store().topics.values() for e in t.examples]
    index = LocationIndex.from_file()
    index.common_words |= common_words(examples) - set(index.places)
    return index
