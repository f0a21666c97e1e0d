"""The web app in-process (Sanic test client): every endpoint, good and bad input."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sanic import Sanic

from bot.faq.store import FaqStore
from bot.lookup import Lookup, word_diff
from bot.web.app import STATIC, create_app
from bot.web.config import WebConfig

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, store: FaqStore) -> Sanic:
    Sanic.test_mode = True
    tmp = tmp_path_factory.mktemp("web")
    config = WebConfig(feedback_db=tmp / "feedback.db", tracker_db=tmp / "tracker.db",
                       rasa_port=1)
    return create_app(config, store, name="web_test", today=lambda: TODAY)


def get(app: Sanic, url: str, **kw: Any) -> Any:
    _, response = app.test_client.get(url, **kw)
    return response


def post(app: Sanic, url: str, payload: Any = None, raw: str | bytes | None = None,
         content_type: str = "application/json") -> Any:
    data = raw if raw is not None else json.dumps(payload)
    _, response = app.test_client.post(url, content=data, headers={"content-type": content_type})
    return response


# --- pages and static files ------------------------------------------------------------------

def test_demo_page_embeds_widget_with_config(app: Sanic) -> None:
    r = get(app, "/", headers={"host": "example.test:8000"})
    assert r.status == 200
    assert 'lang="nl"' in r.text
    assert "{{" not in r.text, "a placeholder was not filled"
    assert '"http://example.test:1"' in r.text  # the Rasa server (RASA_PORT) on the page's host
    assert re.search(r"retentionDays:\s*30", r.text)
    assert r.text.count('src="/widget/widget.js"') == 1
    csp = r.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in csp and "unsafe-inline" not in csp
    assert "connect-src 'self' http://example.test:1" in csp


def test_public_rasa_url_from_config(store: FaqStore, tmp_path: Path) -> None:
    config = WebConfig(feedback_db=tmp_path / "f.db", rasa_public_url="https://chat.example.nl/")
    app = create_app(config, store, name="web_test_public")
    assert '"https://chat.example.nl"' in get(app, "/").text


@pytest.mark.parametrize("url, kind", [
    ("/widget/widget.js", "javascript"), ("/widget/widget.css", "css"),
    ("/static/staff.js", "javascript"), ("/static/staff.css", "css"), ("/medewerkers", "html"),
])
def test_static_files(app: Sanic, url: str, kind: str) -> None:
    r = get(app, url)
    assert r.status == 200 and kind in r.headers["content-type"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_frontend_never_writes_html_from_data() -> None:
    """Bot and user text are shown as text: no innerHTML and friends in our scripts."""
    for script in STATIC.glob("*.js"):
        source = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, f"{script.name} uses {sink}"


def test_health(app: Sanic, store: FaqStore) -> None:
    r = get(app, "/health")
    assert r.status == 200
    assert r.json["status"] == "ok"
    assert r.json["versions"] == [v.id for v in store.versions]
    assert r.json["rasa"] == "down"  # nothing listens on port 1


def test_openapi_documents_every_route(app: Sanic) -> None:
    r = get(app, "/openapi.json")
    assert r.status == 200 and r.json["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in r.json["paths"].items() for method in ops}
    served = set()
    for route in app.router.routes:
        path = "/" + route.path.strip("/")
        if path.startswith(("/static", "/widget")) or path in ("/", "/medewerkers", "/favicon.ico"):
            continue
        path = re.sub(r"<(\w+)(?::[^>]*)?>", r"{\1}", path)
        served |= {(path, m) for m in route.methods if m not in ("OPTIONS", "HEAD")}
    assert served == documented


# --- search ----------------------------------------------------------------------------------

@pytest.mark.parametrize("query, topic", [
    ("pgb", "pgb"),
    ("PGB", "pgb"),
    ("herindicatie", "aanvragen_voor_2023"),
    ("huisarts", "verwijzers_informeren"),
    ("huisars", "verwijzers_informeren"),  # typo
    ("herindikatie", "aanvragen_voor_2023"),  # typo
    ("open house", "open_house_einde"),
    ("rigg", "overeenkomst_rigg"),
    ("pgb herindicatie", "pgb"),
    ("verwijzing huisarts", "verwijzingen_aannemen"),
])
def test_search_best_first(app: Sanic, query: str, topic: str) -> None:
    r = get(app, "/api/search", params={"q": query})
    assert r.status == 200
    assert r.json["results"][0]["topic"] == topic
    scores = [hit["score"] for hit in r.json["results"]]
    assert scores == sorted(scores, reverse=True)


def test_search_shows_every_version_side_by_side_with_changes(app: Sanic, store: FaqStore) -> None:
    hit = get(app, "/api/search", params={"q": "pgb"}).json["results"][0]
    old, new = hit["versions"]
    assert (old["version"], old["number"], new["version"], new["number"]) == (
        "2022-09-29", 18, "2023-12-04", 20)
    assert old["diff"] is None and old["changed"] is None
    assert new["changed"] is True and new["previous"]["number"] == 18
    ops = {s["op"] for s in new["diff"]}
    assert {"equal", "insert"} <= ops or {"equal", "delete"} <= ops
    # The diff spells both texts (up to whitespace).
    spell = lambda keep: " ".join("".join(s["text"] for s in new["diff"] if s["op"] in keep).split())  # noqa: E731
    flat = lambda blocks: " ".join(" ".join(b.get("items") or [b.get("text", "")]) for b in blocks)  # noqa: E731
    assert spell({"equal", "insert"}) == " ".join(flat(new["official"]).split())
    assert spell({"equal", "delete"}) == " ".join(flat(old["official"]).split())


def test_search_nothing_found_and_limits(app: Sanic) -> None:
    assert get(app, "/api/search", params={"q": "xyzzy"}).json["results"] == []
    assert get(app, "/api/search", params={"q": "de het een"}).json["results"] == []
    assert len(get(app, "/api/search", params={"q": "jeugdhulp", "limit": 3}).json["results"]) == 3


@pytest.mark.parametrize("params, status, words", [
    ({}, 400, "zoekwoorden"),
    ({"q": "  "}, 400, "zoekwoorden"),
    ({"q": "x" * 201}, 400, "te lang"),
    ({"q": "pgb", "limit": "abc"}, 400, "geheel getal"),
    ({"q": "pgb", "limit": "0"}, 400, "tussen"),
    ({"q": "pgb", "limit": "51"}, 400, "tussen"),
])
def test_search_bad_input(app: Sanic, params: dict[str, str], status: int, words: str) -> None:
    r = get(app, "/api/search", params=params)
    assert r.status == status and words in r.json["error"]


def test_word_diff_spells_both_sides() -> None:
    segments = word_diff("Het oude woord staat hier.", "Het nieuwe woord staat hier nog.")
    assert "".join(s.text for s in segments if s.op != "insert") == "Het oude woord staat hier."
    assert "".join(s.text for s in segments if s.op != "delete") == "Het nieuwe woord staat hier nog."
    assert [s.op for s in segments] == ["equal", "delete", "insert", "equal", "delete", "insert"]


def test_lookup_query_terms_are_bounded(store: FaqStore) -> None:
    assert Lookup(store).search("pgb " * 500)[0].topic == "pgb"


# --- questions, versions, changes ------------------------------------------------------------

def test_versions(app: Sanic) -> None:
    versions = get(app, "/api/versions").json["versions"]
    assert [v["id"] for v in versions] == ["2023-12-04", "2022-09-29"]
    assert all(v["questions"] > 20 for v in versions)


def test_one_question(app: Sanic, store: FaqStore) -> None:
    r = get(app, "/api/versions/2023-12-04/questions/20")
    assert r.status == 200
    v = store.version("2023-12-04")
    assert v is not None and r.json["question"] == v.by_number(20).question  # type: ignore[union-attr]
    assert r.json["source"].endswith("versie 4 december 2023, vraag 20.")
    assert r.json["official"] and all(set(b) <= {"text", "items"} for b in r.json["official"])


@pytest.mark.parametrize("url, status, words", [
    ("/api/versions/2023-12-04/questions/16", 404, "geen vraag 16"),  # the 2023 text skips 16
    ("/api/versions/2023-12-04/questions/abc", 400, "geen getal"),
    ("/api/versions/2030-01-01/questions/1", 404, "bestaat niet"),
    ("/api/nothing", 404, "bestaat niet"),
    ("/api/changes?from=2023-12-04&to=2022-09-29", 400, "oudere versie"),
    ("/api/changes?from=1999", 404, "bestaat niet"),
])
def test_bad_urls(app: Sanic, url: str, status: int, words: str) -> None:
    r = get(app, url)
    assert r.status == status and words in r.json["error"]


def test_changes_between_versions(app: Sanic) -> None:
    r = get(app, "/api/changes")
    assert r.status == 200
    assert (r.json["from"]["id"], r.json["to"]["id"]) == ("2022-09-29", "2023-12-04")
    assert r.json["facts"], "policy facts changed between the two versions"
    kinds = {q["kind"] for q in r.json["questions"]}
    assert {"changed", "new", "removed"} <= kinds
    pgb = next(q for q in r.json["questions"] if q["topic"] == "pgb")
    assert (pgb["old_number"], pgb["new_number"]) == (18, 20)


# --- routing rules ---------------------------------------------------------------------------

def test_route_naar_wij(app: Sanic) -> None:
    r = post(app, "/api/route/naar-wij", {"rol": "inwoner", "hulp": "45a51"})
    assert r.status == 200
    assert r.json["outcome"] == "go_to_wij"
    assert r.json["policy"] == {"on": "2026-11-22", "version": "2023-12-04",
                                "label": "4 december 2023"}
    assert all(reason["sources"] for reason in r.json["reasons"])
    assert "WIJ" in r.json["text"]


def test_route_naar_wij_on_an_earlier_date_uses_that_version(app: Sanic) -> None:
    r = post(app, "/api/route/naar-wij", {"datum": "1 oktober 2022"})
    assert r.status == 200
    assert r.json["outcome"] == "before_start"
    assert r.json["policy"]["version"] == "2022-09-29"


def test_route_locatie(app: Sanic) -> None:
    r = post(app, "/api/route/locatie", {"plaats": "9736"})
    assert r.status == 200
    assert r.json["outcome"] == "team" and r.json["team"]["id"] == "beijum"
    assert r.json["derived"] is True and "niet door WIJ Groningen bevestigd" in r.json["text"]
    assert post(app, "/api/route/locatie", {"plaats": "Beijum"}).json["how"] == "wijk"
    assert post(app, "/api/route/locatie", {"plaats": "1012"}).json["outcome"] == "outside"


def test_route_indicatie_dated_plan(app: Sanic) -> None:
    r = post(app, "/api/route/indicatie", {"einddatum": "1 maart 2027", "product": "45A51"})
    assert r.status == 200
    steps = {s["key"]: s for s in r.json["steps"]}
    assert steps["report_by"]["date"] == "2026-12-01"  # 3 months before the end
    assert steps["end_date"]["date"] == "2027-03-01"
    assert all(s["version"] == "2023-12-04" for s in r.json["sources"])


@pytest.mark.parametrize("url, payload, status, words", [
    ("/api/route/locatie", {}, 422, "'plaats' ontbreekt"),
    ("/api/route/locatie", {"plaats": ""}, 422, "niet-lege tekst"),
    ("/api/route/locatie", {"plaats": 9736}, 422, "niet-lege tekst"),
    ("/api/route/locatie", {"plaats": "x" * 201}, 422, "te lang"),
    ("/api/route/locatie", {"plaats": "9736", "extra": 1}, 422, "Onbekend veld: extra"),
    ("/api/route/locatie", [1, 2], 400, "JSON-object"),
    ("/api/route/locatie", None, 400, "JSON-object"),
    ("/api/route/naar-wij", {"rol": "koning"}, 422, "Onbekende rol"),
    ("/api/route/naar-wij", {"hulp": "99Z99"}, 422, "Onbekende hulp"),
    ("/api/route/naar-wij", {"in_gemeente": "ja"}, 422, "true of false"),
    ("/api/route/naar-wij", {"datum": "gisteren misschien"}, 422, "geen datum"),
    ("/api/route/indicatie", {}, 422, "'einddatum' ontbreekt"),
    ("/api/route/indicatie", {"einddatum": "2027-02-30"}, 422, "geen datum"),
    ("/api/route/indicatie", {"einddatum": "2027-03-01", "product": "pgb"}, 422, "Onbekend product"),
    ("/api/feedback", {"vote": "meh", "source": "Bron: x"}, 422, "'up' of 'down'"),
    ("/api/feedback", {"vote": "up"}, 422, "'source' ontbreekt"),
])
def test_routing_bad_input(app: Sanic, url: str, payload: Any, status: int, words: str) -> None:
    r = post(app, url, payload)
    assert r.status == status and words in r.json["error"], r.json


@pytest.mark.parametrize("raw, content_type, status", [
    ("{bad json", "application/json", 400),
    ("", "application/json", 400),
    ("plaats=9736", "application/x-www-form-urlencoded", 415),
    ('{"plaats": "9736"}', "text/plain", 415),
    ("x" * (1024 * 1024), "application/json", 413),
])
def test_malformed_bodies_get_4xx(app: Sanic, raw: str, content_type: str, status: int) -> None:
    r = post(app, "/api/route/locatie", raw=raw, content_type=content_type)
    assert r.status == status
    assert r.json["error"]


def test_wrong_method_is_4xx(app: Sanic) -> None:
    _, r = app.test_client.delete("/api/search")
    assert r.status == 405


def test_cors_for_the_widget_on_other_sites(app: Sanic) -> None:
    _, r = app.test_client.options("/api/feedback", headers={
        "Origin": "https://gemeente.groningen.nl", "Access-Control-Request-Method": "POST"})
    assert r.status == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]


# --- feedback --------------------------------------------------------------------------------

def test_feedback_is_stored_and_listed_without_personal_data(app: Sanic) -> None:
    source = "Bron: Vragen en antwoorden Basis jeugdhulp, versie 4 december 2023, vraag 20."
    r = post(app, "/api/feedback", {"vote": "down", "source": source,
                                    "answer": "Bel 06-12345678 of mail jan@example.nl. BSN 111222333"})
    assert r.status == 201
    assert (r.json["version"], r.json["question"]) == ("2023-12-04", 20)
    post(app, "/api/feedback", {"vote": "up", "source": source})
    listed = get(app, "/api/feedback").json
    assert listed["feedback"][0]["vote"] == "up"
    stored = json.dumps(listed)
    for secret in ("06-12345678", "jan@example.nl", "111222333"):
        assert secret not in stored
    summary = next(s for s in listed["summary"] if s["question"] == 20)
    assert (summary["up"], summary["down"]) == (1, 1)


# --- no input makes a 500 --------------------------------------------------------------------
# Through the ASGI client (in-process, ~30 ms a request instead of ~90 ms with a server).

@pytest.fixture(scope="module")
def asgi(app: Sanic) -> Iterator[Callable[..., Any]]:
    loop = asyncio.new_event_loop()

    def call(method: str, url: str, **kw: Any) -> Any:
        _, response = loop.run_until_complete(getattr(app.asgi_client, method)(url, **kw))
        return response

    yield call
    loop.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=50),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=8,
)
fields = st.sampled_from(["plaats", "rol", "hulp", "in_gemeente", "lopende_indicatie", "datum",
                          "einddatum", "product", "meer_indicaties", "aanbieder_stopt", "vandaag",
                          "vote", "source", "answer"])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    url=st.sampled_from(["/api/route/naar-wij", "/api/route/locatie", "/api/route/indicatie",
                         "/api/feedback"]),
    payload=st.dictionaries(fields, json_values, max_size=5) | json_values,
)
def test_fuzz_post_endpoints_never_500(asgi: Callable[..., Any], url: str, payload: Any) -> None:
    r = asgi("post", url, content=json.dumps(payload), headers={"content-type": "application/json"})
    assert r.status < 500, (url, payload, r.text)
    assert r.json is not None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=250), limit=st.text(max_size=4) | st.integers(-5, 80).map(str))
def test_fuzz_search_never_500(asgi: Callable[..., Any], q: str, limit: str) -> None:
    r = asgi("get", "/api/search", params={"q": q, "limit": limit})
    assert r.status < 500, (q, limit, r.text)
