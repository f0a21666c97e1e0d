"""Match the questions of a new FAQ version to the topics of the previous one.

Each new question gets the topic of the most similar previous question (rapidfuzz on the
question and on the answer), marked same / changed / new, with its score. A match that is
neither clearly the same subject nor clearly new is *uncertain*: it is listed for the
maintainer to confirm and never merged silently. Previous topics that nothing matched are
*removed*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz

from bot.faq.model import Block, Question, Version

SURE = 75.0  # at or above: the same subject
UNSURE = 55.0  # between UNSURE and SURE: ask the maintainer


class Status(str, Enum):
    SAME = "same"
    CHANGED = "changed"
    NEW = "new"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class Match:
    number: int
    question: str
    status: Status
    topic: str | None  # the matched (or, when uncertain, the proposed) topic
    previous_number: int | None
    score: float


@dataclass(frozen=True)
class Matching:
    matches: tuple[Match, ...]
    removed: tuple[Question, ...]

    @property
    def uncertain(self) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.status is Status.UNCERTAIN)


def _norm(text: str) -> str:
    text = re.sub(r"\bSAMEN\.", "basis jeugdhulp", text)  # the task was renamed in 2023
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def answer_text(blocks: tuple[Block, ...] | list[Block]) -> str:
    return " ".join(b.text or " ".join(b.items) for b in blocks)


def similarity(q1: str, a1: str, q2: str, a2: str) -> float:
    """0-100: how alike two questions are, their question weighing more than their answer."""
    question = fuzz.token_set_ratio(_norm(q1), _norm(q2))
    answer = fuzz.token_set_ratio(_norm(a1), _norm(a2))
    return 0.6 * question + 0.4 * answer


def match_questions(
    new: list[tuple[int, str, str]],
    previous: Version,
    confirmed: dict[int, str] | None = None,
) -> Matching:
    """``new``: (number, question, answer text) per question of the new version.

    ``confirmed`` maps a new question number to a topic the maintainer chose ("new" for a
    new topic): those are taken as given.
    """
    confirmed = confirmed or {}
    pairs = sorted(
        (
            (similarity(q, a, old.question, answer_text(old.answer)), number, old)
            for number, q, a in new
            for old in previous.questions
            if number not in confirmed
        ),
        key=lambda p: -p[0],
    )
    taken_new: set[int] = set()
    taken_old: set[str] = {t for t in confirmed.values() if t != "new"}
    sure_old = set(taken_old)  # previous topics that certainly live on
    best: dict[int, tuple[float, Question]] = {}
    for score, number, old in pairs:  # greedy: the best pair first, each side used once
        if number in taken_new or old.topic in taken_old or score < UNSURE:
            continue
        best[number] = (score, old)
        taken_new.add(number)
        taken_old.add(old.topic)
        if score >= SURE:
            sure_old.add(old.topic)
    matches = []
    for number, question, answer in new:
        if number in confirmed:
            topic = confirmed[number]
            old_q = previous.by_topic(topic) if topic != "new" else None
            status = (
                Status.NEW if old_q is None
                else Status.SAME if _same(question, answer, old_q) else Status.CHANGED
            )
            matches.append(Match(number, question, status, None if old_q is None else topic,
                                 old_q.number if old_q else None, 100.0))
            continue
        if number not in best:
            matches.append(Match(number, question, Status.NEW, None, None, 0.0))
            continue
        score, old = best[number]
        if score < SURE:
            status = Status.UNCERTAIN
        elif _same(question, answer, old):
            status = Status.SAME
        else:
            status = Status.CHANGED
        matches.append(Match(number, question, status, old.topic, old.number, round(score, 1)))
    # Not matched for sure: removed, unless the maintainer confirms an uncertain match.
    removed = tuple(q for q in previous.questions if q.topic not in sure_old)
    return Matching(tuple(matches), removed)


def _same(question: str, answer: str, old: Question) -> bool:
    return _norm(question) == _norm(old.question) and _norm(answer) == _norm(
        answer_text(old.answer)
    )
