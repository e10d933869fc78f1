from django.urls import reverse

from tests.access_matrix.table import ALLOW, Row

# VIEW_REPORTS: supervisors, the safeguarding unit, auditors, inspectors and the PCC analyst.
_READERS = (
    "supervisor_north",
    "supervisor_south",
    "safeguarding_unit",
    "auditor",
    "inspector",
    "pcc_analyst",
)
# The cases behind a figure: report readers who may also see cases (never the PCC analyst).
_DRILLERS = ("supervisor_north", "supervisor_south", "safeguarding_unit", "auditor", "inspector")
_SLUGS = ("voice", "outcomes", "custody", "fairness", "consistency")

ROWS = [
    Row("reports:index", lambda w: reverse("reports:index"), dict.fromkeys(_READERS, ALLOW)),
    # the Concordat return: exact counts, for report readers who may see cases
    Row("reports:concordat_csv", lambda w: reverse("reports:concordat_csv"), dict.fromkeys(_DRILLERS, ALLOW)),
]
for _slug in _SLUGS:
    ROWS += [
        # the read-only aggregate API: the report as published (suppressed), for every report reader
        Row(
            "api:v1:aggregate-report",
            lambda w, s=_slug: reverse("v1:aggregate-report", args=[s]),
            dict.fromkeys(_READERS, ALLOW),
        ),
        Row(
            "reports:report",
            lambda w, s=_slug: reverse("reports:report", args=[s]),
            dict.fromkeys(_READERS, ALLOW),
        ),
        Row(
            "reports:report_csv",
            lambda w, s=_slug: reverse("reports:report_csv", args=[s]),
            dict.fromkeys(_READERS, ALLOW),
        ),
        Row(
            "reports:report_pdf",
            lambda w, s=_slug: reverse("reports:report_pdf", args=[s]),
            dict.fromkeys(_READERS, ALLOW),
        ),
        # POST queues the PDF for the worker (reports/exports.py) and redirects to the job's page.
        Row(
            "reports:report_pdf",
            lambda w, s=_slug: reverse("reports:report_pdf", args=[s]),
            dict.fromkeys(_READERS, ALLOW),
            method="post",
        ),
        Row(
            "reports:cases",
            lambda w, s=_slug: (
                reverse("reports:cases", args=[s]) + f"?f_district={w['case_north'].district_id}"
            ),
            dict.fromkeys(_DRILLERS, ALLOW),
        ),
    ]

# The read-only aggregate API: each audit's force-wide estimate, for every report reader.
ROWS.append(
    Row("api:v1:aggregate-audits", lambda w: reverse("v1:aggregate-audits"), dict.fromkeys(_READERS, ALLOW))
)
