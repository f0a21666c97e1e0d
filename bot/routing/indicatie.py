"""Rule 3, "Mijn indicatie loopt af": a dated plan from the end date and the product."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.dates import add_months
from bot.routing.model import Decision, Point
from bot.routing.policy import Policy


@dataclass(frozen=True)
class IndicatieSituation:
    end_date: dt.date
    product: str | None = None  # a product code, or None when not known
    other_indicaties: bool = False
    provider_stopping: bool = False


def plan(situation: IndicatieSituation, policy: Policy) -> Decision:
    """When to report to WIJ, when the end evaluation is due, what triage decides, and more.

    ``policy.on`` is today. Less than the preferred period left, or past the end date: the
    plan says what to do now instead.
    """
    s, today = situation, policy.on
    months, report_source = policy.int_fact("report_to_wij_months_before_end")
    eval_min, eval_source = policy.int_fact("end_evaluation_min_months")
    eval_pref, _ = policy.int_fact("end_evaluation_preferred_months")
    report_by = add_months(s.end_date, -months)
    eval_latest = add_months(s.end_date, -eval_min)
    eval_preferred = add_months(s.end_date, -eval_pref)
    reasons: list[Point] = []
    steps: list[Point] = []

    if s.provider_stopping:
        outcome = "provider_stopping"
        steps.append(Point("report_now_provider_stops", sources=(policy.cite("aanbieder_stopt"),),
                           date=today))
    elif today > s.end_date:
        outcome = "past_end"
        steps.append(Point("report_now_past", {"end": s.end_date},
                           (report_source,), date=today))
    elif today > report_by:
        outcome = "late"
        steps.append(Point("report_now_late", {"end": s.end_date, "months": months,
                                                "report_by": report_by},
                           (report_source,), date=today))
    else:
        outcome = "on_time"
        steps.append(Point("report_by", {"months": months}, (report_source,), date=report_by))
    if not s.provider_stopping and today <= eval_latest:
        steps.append(Point("end_evaluation", {"preferred": eval_preferred, "latest": eval_latest,
                                              "min": eval_min, "pref": eval_pref},
                           (eval_source,), date=eval_latest))
    elif not s.provider_stopping and today <= s.end_date:
        steps.append(Point("end_evaluation_overdue", {"min": eval_min}, (eval_source,)))
    steps.append(Point("end_date", {"end": s.end_date}, date=s.end_date))

    contact_days, contact_source = policy.int_fact("contact_within_working_days")
    steps.append(Point("triage", {"days": contact_days},
                       (policy.cite("indicatie_loopt_af"), contact_source)))
    steps.append(Point("clientondersteuner", sources=(policy.cite("indicatie_loopt_af"),)))

    code = (s.product or "").upper() or None
    product = policy.product(code) if code else None
    if code and product is None:
        reasons.append(Point("product_not_listed", {"code": code, "label": policy.version.label},
                             (policy.cite("producten"),)))
        reasons.append(Point("other_products_stay_with_rigg",
                             sources=(policy.cite("overeenkomst_rigg"),)))
    elif product is not None and product.wij_from > s.end_date:
        reasons.append(Point("product_not_at_wij_by_end", {"code": product.code, "name": product.name,
                                                           "date": product.wij_from},
                             (policy.source(product.question),)))
    elif product is not None:
        reasons.append(Point("product_at_wij", {"code": product.code, "name": product.name,
                                                "date": product.wij_from},
                             (policy.source(product.question),)))
    if s.other_indicaties:
        reasons.append(Point("other_indicaties_continue",
                             sources=(policy.cite("meerdere_indicaties"),)))
    reasons.append(Point("pgb_after_end", sources=(policy.cite("pgb"),)))
    return Decision("indicatie", outcome, tuple(reasons), tuple(steps),
                    values={"end": s.end_date, "code": code, "report_by": report_by})
