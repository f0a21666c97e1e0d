"""The OpenAPI 3 description of the JSON API, served at /openapi.json."""

from __future__ import annotations

from typing import Any

from bot.faq.store import FaqStore
from bot.routing.model import SPECIALIST, UNSURE, Role


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": schema or {"type": "object"}}}}


def _post(summary: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"post": {
        "summary": summary,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "properties": properties, "required": required,
            "additionalProperties": False}}}},
        "responses": {"200": _ok("De beslissing, met redenen, bronnen en tekst",
                                 {"$ref": "#/components/schemas/Decision"}),
                      "400": _error("Geen geldige JSON"), "415": _error("Geen JSON"),
                      "422": _error("Een veld ontbreekt of klopt niet")},
    }}


def spec(store: FaqStore) -> dict[str, Any]:
    version_ids = [v.id for v in store.versions]
    products = sorted({p.code for v in store.versions for p in v.facts.products})
    boolean = {"type": "boolean"}
    date = {"type": "string", "description": "JJJJ-MM-DD of Nederlands, zoals '1 maart 2027'"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Basis jeugdhulp: beleid opzoeken en routeringsregels",
                 "version": "1.0",
                 "description": "Zoeken in elke versie van de FAQ Basis jeugdhulp (gemeente "
                                "Groningen), wijzigingen tussen versies, en de regels naar WIJ, "
                                "welk WIJ-team en indicatie loopt af. Fouten: 4xx met "
                                "{\"error\": \"...\"}."},
        "paths": {
            "/health": {"get": {"summary": "Draait de app? Met de status van de Rasa-server",
                                "responses": {"200": _ok("ok")}}},
            "/openapi.json": {"get": {"summary": "Deze beschrijving",
                                      "responses": {"200": _ok("OpenAPI 3")}}},
            "/api/versions": {"get": {"summary": "De FAQ-versies",
                                      "responses": {"200": _ok("Versies, oudste eerst")}}},
            "/api/search": {"get": {
                "summary": "Zoek vragen in alle versies (tikfouten toegestaan), beste eerst",
                "parameters": [
                    {"name": "q", "in": "query", "required": True,
                     "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
                    {"name": "limit", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}},
                ],
                "responses": {"200": _ok("Onderwerpen met per versie de vraag en de wijzigingen"),
                              "400": _error("Geen of een te lange zoekvraag")},
            }},
            "/api/versions/{version_id}/questions/{number}": {"get": {
                "summary": "Eén vraag uit één versie",
                "parameters": [
                    {"name": "version_id", "in": "path", "required": True,
                     "schema": {"type": "string", "enum": version_ids}},
                    {"name": "number", "in": "path", "required": True,
                     "schema": {"type": "integer", "minimum": 1}},
                ],
                "responses": {"200": _ok("De vraag"), "400": _error("Geen vraagnummer"),
                              "404": _error("Versie of vraag bestaat niet")},
            }},
            "/api/changes": {"get": {
                "summary": "Wat veranderde tussen twee versies (standaard de twee nieuwste)",
                "parameters": [
                    {"name": "from", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": version_ids}},
                    {"name": "to", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": version_ids}},
                ],
                "responses": {"200": _ok("Beleidsfeiten en vragen"),
                              "400": _error("from is niet ouder dan to"),
                              "404": _error("Versie bestaat niet")},
            }},
            "/api/route/naar-wij": _post(
                "Moet ik naar WIJ?",
                {"in_gemeente": boolean,
                 "rol": {"type": "string", "enum": [r.value for r in Role]},
                 "hulp": {"type": "string", "enum": [UNSURE, SPECIALIST, *products]},
                 "lopende_indicatie": boolean, "datum": date},
                [],
            ),
            "/api/route/locatie": _post(
                "Welk WIJ-team? Uit een postcode, wijk of dorp",
                {"plaats": {"type": "string", "minLength": 1, "maxLength": 200}}, ["plaats"],
            ),
            "/api/route/indicatie": _post(
                "Mijn indicatie loopt af: een plan met data",
                {"einddatum": date, "product": {"type": "string", "enum": products},
                 "meer_indicaties": boolean, "aanbieder_stopt": boolean, "vandaag": date},
                ["einddatum"],
            ),
            "/api/feedback": {
                "post": {
                    "summary": "Was dit antwoord nuttig? (duim omhoog/omlaag)",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {
                        "type": "object", "additionalProperties": False,
                        "required": ["vote", "source"],
                        "properties": {"vote": {"type": "string", "enum": ["up", "down"]},
                                       "source": {"type": "string", "maxLength": 300},
                                       "answer": {"type": "string", "maxLength": 4000}}}}}},
                    "responses": {"201": _ok("Opgeslagen"), "415": _error("Geen JSON"),
                                  "422": _error("Veld ontbreekt of klopt niet")},
                },
                "get": {
                    "summary": "De reacties, nieuwste eerst, en per vraag opgeteld",
                    "parameters": [{"name": "limit", "in": "query", "required": False,
                                    "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}],
                    "responses": {"200": _ok("Reacties")},
                },
            },
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"],
                      "properties": {"error": {"type": "string"}}},
            "Decision": {"type": "object",
                         "required": ["rule", "outcome", "reasons", "sources", "text"],
                         "properties": {"rule": {"type": "string"}, "outcome": {"type": "string"},
                                        "reasons": {"type": "array"}, "steps": {"type": "array"},
                                        "sources": {"type": "array"}, "text": {"type": "string"}}},
        }},
    }
