"""Rule 1, "Moet ik naar WIJ?": from where someone lives, who asks, what help, and whether
an indicatie is running, to an outcome with reasons (FAQ version and question)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.routing.model import SPECIALIST, UNSURE, Decision, Point, Role
from bot.routing.policy import Policy


@dataclass(frozen=True)
class NaarWijSituation:
    lives_in_gemeente: bool
    role: Role = Role.RESIDENT
    help: str = UNSURE  # a product code, SPECIALIST or UNSURE
    indicatie_running: bool = False


def decide(situation: NaarWijSituation, policy: Policy) -> Decision:
    """Where to go for youth care, on ``policy.on``."""
    s = situation

    def decision(outcome: str, *reasons: Point, **values: object) -> Decision:
        values["referrer"] = s.role.is_referrer
        return Decision("naar_wij", outcome, reasons, values=dict(values))

    if not s.lives_in_gemeente:
        return decision("not_our_municipality",
                        Point("only_gemeente_groningen", sources=(policy.cite("wat_is_basis_jeugdhulp"),)))
    start, start_source = policy.wij_start
    if policy.on < start:
        return decision("before_start", Point("wij_starts", {"date": start}, (start_source,)))
    if s.indicatie_running:
        return decision(
            "indicatie_continues",
            Point("running_indicaties_continue", sources=(policy.cite("lopende_indicaties"),)),
            Point("report_before_end", sources=(policy.cite("indicatie_loopt_af"),)),
        )
    if s.role.is_referrer:
        referrer = policy.referrer(s.role.value)
        if referrer is None:
            return decision(
                "referrer_unknown",
                Point("referrer_not_in_version", {"label": policy.version.label},
                      (policy.cite("waarmee_gestart"),)),
            )
        if referrer.wij_from > policy.on:
            return decision(
                "referrer_not_yet",
                Point(
                    "referrer_from",
                    {"referrer": referrer.name, "date": referrer.wij_from,
                     "approximate": referrer.approximate},
                    (policy.source(referrer.question),),
                ),
            )
    if s.help == SPECIALIST:
        return decision(
            "triage_then_referral",
            Point("no_indicatie_needed", sources=(policy.cite("indicatie_nodig"),)),
            Point("triage_refers_specialist", sources=(policy.cite("triage_specialistisch"),)),
        )
    if s.help == UNSURE:
        return decision(
            "go_to_wij_triage",
            Point("no_indicatie_needed", sources=(policy.cite("indicatie_nodig"),)),
            Point("triage_decides", sources=(policy.cite("wat_merken_gezinnen"),)),
        )
    product = policy.product(s.help)
    if product is None:
        return decision(
            "not_a_basis_product",
            Point("product_not_listed", {"code": s.help.upper(), "label": policy.version.label},
                  (policy.cite("producten"),)),
            Point("other_products_stay_with_rigg", sources=(policy.cite("overeenkomst_rigg"),)),
            code=s.help.upper(),
        )
    if product.wij_from > policy.on:
        return decision(
            "product_not_yet",
            Point("product_from", {"code": product.code, "name": product.name,
                                   "date": product.wij_from}, (policy.source(product.question),)),
            code=product.code,
        )
    reasons = [
        Point("product_at_wij", {"code": product.code, "name": product.name,
                                 "date": product.wij_from}, (policy.source(product.question),)),
        Point("no_indicatie_needed", sources=(policy.cite("indicatie_nodig"),)),
    ]
    open_house_end, oh_source = policy.date_fact("open_house_end")
    if policy.on < open_house_end:
        reasons.append(Point("open_house_until", {"date": open_house_end}, (oh_source,)))
    return decision("go_to_wij", *reasons, code=product.code)
