"""The JSON API: search, questions, changes, routing rules and feedback.

Handlers parse and check input, call one function of ``bot/`` and shape the result. Bad
input raises ``ApiError`` (a 4xx with a Dutch message); the app turns it into JSON.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from bot.answers import source_line
from bot.dates import parse_dutch_date
from bot.faq.diff import diff_versions
from bot.faq.matching import answer_text
from bot.faq.model import Block, Question, Version
from bot.faq.store import FaqStore
from bot.lookup import MAX_QUERY_CHARS, Entry, Hit, Lookup, word_diff
from bot.routing.indicatie import IndicatieSituation, plan
from bot.routing.locations import LocationAnswer, LocationIndex, Team
from bot.routing.model import SPECIALIST, UNSURE, Decision, Point, Role
from bot.routing.naar_wij import NaarWijSituation, decide
from bot.routing.policy import Policy, Source
from bot.routing.render import render_decision, render_location
from bot.web.errors import ApiError, json_object
from bot.web.feedback import VOTES, FeedbackStore

MAX_LIMIT = 50


@dataclass
class Services:
    store: FaqStore
    lookup: Lookup
    locations: LocationIndex
    feedback: FeedbackStore
    today: Any  # () -> dt.date, replaceable in tests
    products: frozenset[str]  # every product code any version names


# --- shaping ---------------------------------------------------------------------------------

def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def version_json(version: Version) -> dict[str, Any]:
    return {"id": version.id, "label": version.label, "date": version.date.isoformat(),
            "title": version.title, "questions": len(version.questions)}


def blocks_json(blocks: tuple[Block, ...]) -> list[dict[str, Any]]:
    return [{"items": list(b.items)} if b.is_list else {"text": b.text} for b in blocks]


def question_json(version: Version, question: Question) -> dict[str, Any]:
    return {
        "version": version.id, "label": version.label, "number": question.number,
        "topic": question.topic, "section": question.section, "question": question.question,
        "summary": question.summary, "official": blocks_json(question.answer),
        "source": source_line(version, question),
    }


def hit_json(hit: Hit) -> dict[str, Any]:
    versions = []
    previous: Entry | None = None
    for entry in hit.entries:
        item = question_json(entry.version, entry.question)
        if previous is None:
            item.update(changed=None, diff=None, previous=None)
        else:
            old = answer_text(previous.question.answer)
            new = answer_text(entry.question.answer)
            changed = old != new or previous.question.question != entry.question.question
            item.update(
                changed=changed,
                diff=[{"op": s.op, "text": s.text} for s in word_diff(old, new)] if changed else None,
                previous={"version": previous.version.id, "label": previous.version.label,
                          "number": previous.question.number},
            )
        versions.append(item)
        previous = entry
    return {"topic": hit.topic, "title": hit.title, "score": hit.score,
            "matched": list(hit.matched), "versions": versions}


def source_json(source: Source) -> dict[str, Any]:
    return {"version": source.version_id, "label": source.version_label,
            "question": source.question}


def point_json(point: Point) -> dict[str, Any]:
    return {"key": point.key, "values": _jsonable(point.values),
            "date": point.date.isoformat() if point.date else None,
            "sources": [source_json(s) for s in point.sources]}


def decision_json(decision: Decision, policy: Policy) -> dict[str, Any]:
    return {
        "rule": decision.rule, "outcome": decision.outcome,
        "policy": {"on": policy.on.isoformat(), "version": policy.version.id,
                   "label": policy.version.label},
        "reasons": [point_json(p) for p in decision.reasons],
        "steps": [point_json(p) for p in decision.steps],
        "sources": [source_json(s) for s in decision.sources],
        "values": _jsonable(decision.values),
        "text": render_decision(decision),
    }


def team_json(team: Team) -> dict[str, Any]:
    return {"id": team.id, "name": team.name, "status": team.status,
            "sources": list(team.sources)}


def location_json(answer: LocationAnswer) -> dict[str, Any]:
    return {
        "outcome": answer.outcome.value,
        "team": team_json(answer.team) if answer.team else None,
        "candidates": [team_json(t) for t in answer.candidates],
        "pc4": answer.pc4, "place": answer.place, "how": answer.how or None,
        "derived": answer.derived, "text": render_location(answer),
    }


# --- input -----------------------------------------------------------------------------------

def body(request: Request, allowed: set[str], example: str) -> dict[str, Any]:
    """The JSON object of a POST (``json_object``), with 422 for unknown fields."""
    data = json_object(request, example)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ApiError("unknown_field", 422, fields=", ".join(unknown),
                       allowed=", ".join(sorted(allowed)))
    return data


def _text(data: dict[str, Any], key: str, required: bool = False, max_len: int = 200) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise ApiError("missing", 422, key=key)
        return None
    if not isinstance(value, str) or not value.strip():
        raise ApiError("not_text", 422, key=key)
    if len(value) > max_len:
        raise ApiError("text_too_long", 422, key=key, max_len=max_len)
    return value.strip()


def _bool(data: dict[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ApiError("not_bool", 422, key=key)
    return value


def _date(value: str | None, key: str, today: dt.date) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        found = parse_dutch_date(value, today)
        if found is None:
            raise ApiError("not_a_date", 422, key=key, value=value) from None
        return found


def _query_int(request: Request, key: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(key)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError("not_int", key=key) from None
    if not low <= value <= high:
        raise ApiError("out_of_range", key=key, low=low, high=high)
    return value


# --- routes ----------------------------------------------------------------------------------

def blueprint(services: Services) -> Blueprint:
    bp = Blueprint("api", url_prefix="/api")
    s = services

    def version_or_404(version_id: str) -> Version:
        version = s.store.version(version_id)
        if version is None:
            known = ", ".join(v.id for v in s.store.versions)
            raise ApiError("no_version", 404, version=version_id, known=known)
        return version

    @bp.get("/versions")
    async def versions(request: Request) -> HTTPResponse:
        return json({"versions": [version_json(v) for v in s.store.versions]})

    @bp.get("/search")
    async def search(request: Request) -> HTTPResponse:
        query = (request.args.get("q") or "").strip()
        if not query:
            raise ApiError("no_query")
        if len(query) > MAX_QUERY_CHARS:
            raise ApiError("query_too_long", max_len=MAX_QUERY_CHARS)
        limit = _query_int(request, "limit", 10, 1, MAX_LIMIT)
        return json({"query": query,
                     "results": [hit_json(h) for h in s.lookup.search(query, limit)]})

    @bp.get("/versions/<version_id>/questions/<number>")
    async def question(request: Request, version_id: str, number: str) -> HTTPResponse:
        version = version_or_404(version_id)
        if not number.isdigit():
            raise ApiError("number_not_int", number=number)
        found = version.by_number(int(number))
        if found is None:
            numbers = ", ".join(str(q.number) for q in version.questions)
            raise ApiError("no_question", 404, label=version.label, number=number, numbers=numbers)
        return json(question_json(version, found))

    @bp.get("/changes")
    async def changes(request: Request) -> HTTPResponse:
        ordered = sorted(s.store.versions, key=lambda v: v.date)
        if len(ordered) < 2:
            raise ApiError("one_version", 404)
        old = version_or_404(request.args.get("from") or ordered[-2].id)
        new = version_or_404(request.args.get("to") or ordered[-1].id)
        if old.date >= new.date:
            raise ApiError("from_after_to")
        d = diff_versions(old, new)
        questions = [
            {"topic": c.topic, "title": s.lookup.title(c.topic), "kind": "changed",
             "old_number": c.old.number if c.old else None,
             "new_number": c.new.number if c.new else None,
             "removed": list(c.removed_sentences), "added": list(c.added_sentences)}
            for c in d.changed
        ]
        questions += [{"topic": q.topic, "title": s.lookup.title(q.topic), "kind": "new",
                       "old_number": None, "new_number": q.number} for q in d.added]
        questions += [{"topic": q.topic, "title": s.lookup.title(q.topic), "kind": "removed",
                       "old_number": q.number, "new_number": None} for q in d.removed]
        return json({"from": version_json(old), "to": version_json(new),
                     "facts": list(d.fact_changes), "questions": questions})

    @bp.post("/route/naar-wij")
    async def naar_wij(request: Request) -> HTTPResponse:
        data = body(request, {"in_gemeente", "rol", "hulp", "lopende_indicatie", "datum"},
                    '{"rol": "huisarts", "hulp": "45A51"}')
        role = _text(data, "rol") or Role.RESIDENT.value
        if role not in {r.value for r in Role}:
            raise ApiError("unknown_role", 422, role=role, roles=", ".join(r.value for r in Role))
        help_ = _text(data, "hulp") or UNSURE
        if help_ not in (UNSURE, SPECIALIST):
            code = help_.upper()
            if code not in s.products:
                raise ApiError("unknown_help", 422, value=help_, specialist=SPECIALIST,
                               unsure=UNSURE)
            help_ = code
        today = s.today()
        policy = Policy(s.store, _date(_text(data, "datum"), "datum", today) or today)
        situation = NaarWijSituation(
            lives_in_gemeente=_bool(data, "in_gemeente", True), role=Role(role), help=help_,
            indicatie_running=_bool(data, "lopende_indicatie", False),
        )
        return json(decision_json(decide(situation, policy), policy))

    @bp.post("/route/locatie")
    async def locatie(request: Request) -> HTTPResponse:
        data = body(request, {"plaats"}, '{"plaats": "9736"}')
        place = _text(data, "plaats", required=True)
        assert place is not None
        return json(location_json(s.locations.resolve(place)))

    @bp.post("/route/indicatie")
    async def indicatie(request: Request) -> HTTPResponse:
        data = body(request, {"einddatum", "product", "meer_indicaties", "aanbieder_stopt",
                              "vandaag"}, '{"einddatum": "1 maart 2027"}')
        today = _date(_text(data, "vandaag"), "vandaag", s.today()) or s.today()
        end = _date(_text(data, "einddatum", required=True), "einddatum", today)
        assert end is not None
        product = _text(data, "product")
        if product is not None:
            product = product.upper()
            if product not in s.products:
                raise ApiError("unknown_product", 422, value=product)
        policy = Policy(s.store, today)
        situation = IndicatieSituation(
            end_date=end, product=product,
            other_indicaties=_bool(data, "meer_indicaties", False),
            provider_stopping=_bool(data, "aanbieder_stopt", False),
        )
        return json(decision_json(plan(situation, policy), policy))

    @bp.post("/feedback")
    async def add_feedback(request: Request) -> HTTPResponse:
        data = body(request, {"vote", "source", "answer"}, '{"vote": "up", "source": "Bron: ..."}')
        vote = _text(data, "vote", required=True)
        if vote not in VOTES:
            raise ApiError("bad_vote", 422)
        source = _text(data, "source", required=True, max_len=300)
        answer = _text(data, "answer", max_len=4000) or ""
        assert vote is not None and source is not None
        saved = s.feedback.add(vote, source, answer)
        return json({"id": saved.id, "version": saved.version, "question": saved.question},
                    status=201)

    @bp.get("/feedback")
    async def list_feedback(request: Request) -> HTTPResponse:
        limit = _query_int(request, "limit", 100, 1, 1000)
        return json({"summary": s.feedback.summary(),
                     "feedback": [f.to_json() for f in s.feedback.latest(limit)]})

    async def preflight(request: Request) -> HTTPResponse:
        """CORS preflight for the POST endpoints (the widget may sit on another site)."""
        return HTTPResponse(status=204, headers={
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "86400",
        })

    for path in ("/route/naar-wij", "/route/locatie", "/route/indicatie", "/feedback"):
        bp.add_route(preflight, path, methods=["OPTIONS"], name="preflight_" + path.strip("/")
                     .replace("/", "_").replace("-", "_"))
    return bp
