"""Children in custody: every detention of a child in the period (arrival at the custody suite),
by district: time held, overnight holds, accommodation asked for and given, secure requests and
their threshold, s38(6) certificates, the appropriate adult's arrival, looked-after children held
for behaviour in their children's home, s136 and the place of safety.
"""

import datetime as dt
from typing import cast

from django.db.models import (
    Avg,
    Count,
    DateField,
    DateTimeField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from safeguarding.cases.models import Case, CustodyDetention
from safeguarding.cases.vocabulary import AccommodationAnswer, PlaceOfSafety
from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.selectors.common import report_districts, total_label
from safeguarding.reports.tables import Cell, Chart, Report, Row, Table
from safeguarding.standards.catalogue._sql import HoursBetween, age_gap

SLUG = "custody"
TITLE = "Children in custody"
HOURS_LIMIT = 24
SECURE_MIN_AGE = 12
PROMPT = dt.timedelta(hours=2)


def _plus(field: str, delta: dt.timedelta) -> ExpressionWrapper:
    return ExpressionWrapper(F(field) + Value(delta), output_field=DateTimeField())


_charged_refused = Q(charged_at__isnull=False, bail_refused=True)
_certificate_needed = _charged_refused & Q(transferred_to_local_authority=False)
_threshold_met = Q(risk_of_serious_harm_to_public=True, x_age__gte=SECURE_MIN_AGE * 10000)

# (key, label, condition) in the order of the page; each is a count of detentions.
MEASURES: list[tuple[str, str, Q]] = [
    ("detentions", "Detentions", Q()),
    ("still_held", "Still held", Q(released_at__isnull=True)),
    ("over_24h", f"Held over {HOURS_LIMIT} hours", Q(x_end__gt=F("x_limit"))),
    ("overnight", "Held overnight (released on a later day)", Q(x_end_day__gt=F("x_arrival_day"))),
    ("charged_refused", "Charged and refused bail", _charged_refused),
    (
        "acc_requested",
        "Local authority accommodation asked for",
        _charged_refused & Q(accommodation_requested_at__isnull=False),
    ),
    (
        "acc_before_charge",
        "… asked for before charge",
        _charged_refused & Q(accommodation_requested_at__lte=F("charged_at")),
    ),
    (
        "acc_prompt",
        "… asked for within 2 h of becoming likely",
        _charged_refused & Q(accommodation_requested_at__lte=F("x_likely_limit")),
    ),
    ("acc_not_requested", "… not asked for", _charged_refused & Q(accommodation_requested_at__isnull=True)),
    ("acc_provided", "Accommodation provided", Q(accommodation_answer=AccommodationAnswer.PROVIDED)),
    ("transferred", "Transferred to local authority accommodation", Q(transferred_to_local_authority=True)),
    ("secure_requested", "Secure accommodation asked for", Q(secure_requested=True)),
    (
        "secure_threshold_met",
        "… threshold met (12+, risk of serious harm to the public)",
        Q(secure_requested=True) & _threshold_met,
    ),
    (
        "secure_threshold_not_met",
        "… threshold not met",
        Q(secure_requested=True)
        & (
            Q(risk_of_serious_harm_to_public=False)
            | Q(x_age__lt=SECURE_MIN_AGE * 10000)
            | Q(x_age__isnull=True)
        ),
    ),
    ("certificate_needed", "Charged, refused bail and not transferred", _certificate_needed),
    ("certificate_done", "… s38(6) certificate completed", _certificate_needed & Q(pace_certificate=True)),
    ("certificate_missing", "… no s38(6) certificate", _certificate_needed & Q(pace_certificate=False)),
    (
        "aa_prompt",
        "Appropriate adult arrived within 2 h",
        Q(appropriate_adult_arrived_at__lte=F("x_aa_limit")),
    ),
    ("aa_late", "Appropriate adult arrived after 2 h", Q(appropriate_adult_arrived_at__gt=F("x_aa_limit"))),
    (
        "aa_not_arrived",
        "Appropriate adult asked for, not arrived",
        Q(appropriate_adult_requested_at__isnull=False, appropriate_adult_arrived_at__isnull=True),
    ),
    (
        "lac_home",
        "Looked-after child held for behaviour in their children's home",
        Q(behaviour_in_childrens_home=True),
    ),
    ("minor_family", "Minor offence against a family member", Q(minor_offence_against_family=True)),
    ("s136", "Detained under s136 Mental Health Act", Q(under_s136=True)),
    (
        "s136_police_station",
        "… taken to a police station",
        Q(under_s136=True, place_of_safety=PlaceOfSafety.POLICE_STATION),
    ),
    (
        "s136_health",
        "… taken to a health-based place of safety",
        Q(under_s136=True, place_of_safety=PlaceOfSafety.HEALTH),
    ),
]
HOUR_BANDS = [
    ("under 6 h", Q(x_held__lt=6)),
    ("6–12 h", Q(x_held__gte=6, x_held__lt=12)),
    ("12–24 h", Q(x_held__gte=12, x_held__lt=24)),
    ("24 h or more", Q(x_held__gte=24)),
    ("still held", Q(released_at__isnull=True)),
]


def detentions(filters: ReportFilters, now: dt.datetime | None = None) -> QuerySet[CustodyDetention]:
    now = now or timezone.now()
    return (
        CustodyDetention.objects.filter(filters.in_period("occurred_at"), filters.cases("case__"))
        .annotate(
            x_end=Coalesce(F("released_at"), Value(now, output_field=DateTimeField())),
            x_limit=_plus("occurred_at", dt.timedelta(hours=HOURS_LIMIT)),
            x_likely_limit=_plus("accommodation_likely_at", PROMPT),
            x_aa_limit=_plus("appropriate_adult_requested_at", PROMPT),
            x_age=age_gap("child__date_of_birth", "occurred_at"),
            x_held=HoursBetween(F("occurred_at"), F("released_at")),
        )
        .annotate(
            x_end_day=TruncDate("x_end", output_field=DateField()),
            x_arrival_day=TruncDate("occurred_at", output_field=DateField()),
        )
    )


def grouped(filters: ReportFilters) -> list[dict]:
    """One GROUP BY district: every measure as a filtered count, with hours held."""
    return cast(  # rows of values(): dicts (the stubs give them a TypedDict of their own)
        list[dict],
        list(
            detentions(filters)
            .order_by()
            .values("case__district_id")
            .annotate(
                children=Count("child_id", distinct=True),
                mean_hours=Avg("x_held"),
                max_hours=Max("x_held"),
                **{f"m_{key}": Count("pk", filter=condition) for key, _, condition in MEASURES},
                **{f"band{i}": Count("pk", filter=condition) for i, (_, condition) in enumerate(HOUR_BANDS)},
            )
        ),
    )


def build(filters: ReportFilters) -> Report:
    rows = {row["case__district_id"]: row for row in grouped(filters)}
    districts = report_districts(filters)
    columns = [*districts, (None, total_label(filters))]

    def count(district_id, key) -> int:
        key = key if key.startswith("band") or key == "children" else f"m_{key}"
        if district_id is None:
            return sum(row[key] for row in rows.values())
        return rows.get(district_id, {}).get(key, 0)

    table = Table(
        "by_district",
        "Detentions of children, by district",
        ["Measure (detentions, unless it says children)", *[name for _, name in columns]],
        column_sums=[(len(districts), list(range(len(districts))))],
        by_column=True,  # the mean and longest hold go with their district's counts
    )
    table.rows.append(
        Row("Children detained (each child once)", [Cell.count(count(d, "children")) for d, _ in columns]),
    )
    for key, label, _ in MEASURES:
        figure = {"measure": key}
        table.rows.append(
            Row(
                label,
                [
                    Cell.count(count(d, key), {**figure, **({"district": str(d)} if d else {})})
                    for d, _ in columns
                ],
                heading=key == "detentions",
            )
        )
    measure_row = {key: 1 + i for i, (key, _, _) in enumerate(MEASURES)}
    total_held = {d: count(d, "detentions") - count(d, "still_held") for d, _ in columns}

    def mean(district_id):
        if district_id is None:
            weights = [
                (row["mean_hours"], rows[k]["m_detentions"] - rows[k]["m_still_held"])
                for k, row in rows.items()
                if row["mean_hours"] is not None
            ]
            weight = sum(w for _, w in weights)
            return sum(m * w for m, w in weights) / weight if weight else None
        value = rows.get(district_id, {}).get("mean_hours")
        return float(value) if value is not None else None

    def longest(district_id):
        values = [
            row["max_hours"]
            for k, row in rows.items()
            if row["max_hours"] is not None and (district_id is None or k == district_id)
        ]
        return max(values) if values else None

    table.rows.append(
        Row("Mean hours held (released children)", [Cell.number(mean(d), " h") for d, _ in columns])
    )
    table.rows.append(Row("Longest hold (hours)", [Cell.number(longest(d), " h", 0) for d, _ in columns]))
    del total_held

    bands = Table(
        "hours",
        "Time held (whole hours, arrival to release)",
        ["Time held", *[name for _, name in columns]],
        column_sums=[(len(districts), list(range(len(districts))))],
    )
    for i, (label, _) in enumerate(HOUR_BANDS):
        bands.rows.append(
            Row(
                label,
                [
                    Cell.count(count(d, f"band{i}"), {"band": str(i), **({"district": str(d)} if d else {})})
                    for d, _ in columns
                ],
            )
        )

    return Report(
        slug=SLUG,
        title=TITLE,
        summary=(
            "Every detention of a child in police custody in the period, counted by district: how long "
            "children were held, whether the local authority was asked early for accommodation and gave "
            "it, secure requests and their threshold, certificates, appropriate adults, looked-after "
            "children and s136."
        ),
        method=[
            "Counted: detentions whose arrival at the custody suite falls in the period, on cases of the "
            "chosen district and case type. A child detained twice counts twice (children detained counts "
            "each child once per district).",
            f"Held over {HOURS_LIMIT} hours and overnight are measured to release, or to now while still "
            "held. Overnight: released on a later calendar day than arrival.",
            "Accommodation (PACE s38(6)): for a child charged and refused bail, the local authority should "
            "be "
            "asked as soon as that became likely (within 2 hours), not at the point of charge. Secure "
            f"accommodation threshold: aged {SECURE_MIN_AGE} or over and a risk of serious harm to the "
            f"public "
            "(an unknown date of birth counts as not met).",
        ],
        tables=[table, bands],
        charts=[
            Chart(
                "long_holds",
                "Long and overnight holds, and no s38(6) certificate, by district (detentions)",
                "bar",
                [name for _, name in districts],
                [
                    {"label": f"Over {HOURS_LIMIT} h", "data": [count(d, "over_24h") for d, _ in districts]},
                    {"label": "Overnight", "data": [count(d, "overnight") for d, _ in districts]},
                    {
                        "label": "No s38(6) certificate",
                        "data": [count(d, "certificate_missing") for d, _ in districts],
                    },
                ],
                cells=[
                    [("by_district", measure_row[key], j) for j in range(len(districts))]
                    for key in ("over_24h", "overnight", "certificate_missing")
                ],
            ),
            Chart(
                "hours",
                "Time held (force, detentions)",
                "bar",
                [label for label, _ in HOUR_BANDS],
                [{"label": "Detentions", "data": [count(None, f"band{i}") for i in range(len(HOUR_BANDS))]}],
                cells=[[("hours", i, len(districts)) for i in range(len(HOUR_BANDS))]],
            ),
        ],
    )


def cases(filters: ReportFilters, figure: dict[str, str]) -> QuerySet[Case]:
    qs = detentions(filters)
    if figure.get("district"):
        qs = qs.filter(case__district_id=figure["district"])
    conditions = {key: condition for key, _, condition in MEASURES}
    if figure.get("measure") in conditions:
        qs = qs.filter(conditions[figure["measure"]])
    if figure.get("band", "").isdigit() and int(figure["band"]) < len(HOUR_BANDS):
        qs = qs.filter(HOUR_BANDS[int(figure["band"])][1])
    return Case.objects.filter(pk__in=qs.values("case_id"))


# The Concordat on children in custody (Home Office, 2017) asks forces for these figures.
CONCORDAT = [
    ("children_charged_refused_bail", "Children charged and refused bail (detentions)", "charged_refused"),
    ("transfer_requested", "Transfers to local authority accommodation requested", "acc_requested"),
    ("transfer_requested_before_charge", "… requested before charge", "acc_before_charge"),
    ("transfer_achieved", "Transfers achieved (child moved to local authority accommodation)", "transferred"),
    ("transfer_refused", "Requests refused by the local authority", None),
    ("transfer_none_available", "Requests answered: no accommodation available", None),
    ("transfer_awaiting", "Requests awaiting an answer", None),
    ("transfer_not_requested", "Charged, refused bail, no transfer requested", "acc_not_requested"),
    ("secure_requested", "Secure accommodation requested", "secure_requested"),
    ("secure_threshold_met", "… secure threshold met (12+, risk of serious harm)", "secure_threshold_met"),
    ("certificate_missing", "Kept in police custody without a s38(6) certificate", "certificate_missing"),
]


def concordat_return(filters: ReportFilters) -> list[tuple[str, str, str, int | float | str]]:
    """(measure key, label, district, value) for the Concordat return: counts per district and for
    the force, and times (hours from charge to release) for children charged and refused bail."""
    rows = {row["case__district_id"]: row for row in grouped(filters)}
    districts = report_districts(filters)
    answers = dict(
        (
            (row["case__district_id"], row["accommodation_answer"]),
            row["n"],
        )
        for row in detentions(filters)
        .filter(_charged_refused, accommodation_requested_at__isnull=False)
        .order_by()
        .values("case__district_id", "accommodation_answer")
        .annotate(n=Count("pk"))
    )
    answer_for = {
        "transfer_refused": AccommodationAnswer.REFUSED,
        "transfer_none_available": AccommodationAnswer.NONE_AVAILABLE,
        "transfer_awaiting": AccommodationAnswer.AWAITING,
    }
    out: list[tuple[str, str, str, int | float | str]] = []
    for key, label, measure in CONCORDAT:
        for district_id, name in [*districts, (None, "Force")]:
            ids = [district_id] if district_id else [d for d, _ in districts]
            if measure is None:
                value = sum(answers.get((d, answer_for[key]), 0) for d in ids)
            else:
                value = sum(rows.get(d, {}).get(f"m_{measure}", 0) for d in ids)
            out.append((key, label, name, value))
    held = (
        detentions(filters)
        .filter(_charged_refused, released_at__isnull=False)
        .annotate(x_after_charge=HoursBetween(F("charged_at"), F("released_at")))
        .values_list("x_after_charge", flat=True)
    )
    hours = sorted(h for h in held if h is not None)
    median: float | str = ""
    longest: float | str = ""
    if hours:
        middle = len(hours) // 2
        median = round(hours[middle] if len(hours) % 2 else (hours[middle - 1] + hours[middle]) / 2, 1)
        longest = round(hours[-1], 1)
    out.append(("hours_after_charge_median", "Hours held after charge (median)", "Force", median))
    out.append(("hours_after_charge_max", "Hours held after charge (longest)", "Force", longest))
    return out
