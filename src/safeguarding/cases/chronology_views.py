"""The printable chronology of a case (and the response shared with a child's, people/views.py)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify

from safeguarding.access.declarations import requires
from safeguarding.access.roles import Permission
from safeguarding.cases.chronology import (
    HANDLING,
    MARKING,
    Chronology,
    chronology,
    chronology_pdf,
    chronology_printed,
)
from safeguarding.cases.selectors import case_for_viewer
from safeguarding.cases.timeline import case_timeline


def chronology_response(
    request, chron: Chronology, *, form: str, object_type: str, record, back_url: str, pdf_url: str
) -> HttpResponse:
    """The print page or the PDF, logged as printed either way."""
    chronology_printed(
        actor=request.user,
        object_type=object_type,
        object_id=record.pk,
        district_id=record.district_id,
        form=form,
        entries=len(chron.items),
    )
    if form == "pdf":
        response = HttpResponse(chronology_pdf(chron), content_type="application/pdf")
        name = slugify(f"chronology {object_type} {record.pk}")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return render(
        request,
        "cases/chronology.html",
        {
            "chronology": chron,
            "marking": MARKING,
            "handling": HANDLING,
            "back_url": back_url,
            "pdf_url": pdf_url,
        },
    )


def _case_chronology(request, case_id: int, form: str) -> HttpResponse:
    case = case_for_viewer(request.user, case_id)
    subject = [
        ("Case", f"{case.reference} ({case.get_case_type_display()})"),
        ("District", str(case.district)),
        ("First reported", f"{case.first_reported_at:%-d %B %Y}"),
    ]
    chron = chronology(
        f"Chronology of case {case.reference}", subject, case_timeline(request.user, case), request.user
    )
    return chronology_response(
        request,
        chron,
        form=form,
        object_type="case",
        record=case,
        back_url=reverse("cases:case", args=[case.pk]),
        pdf_url=reverse("cases:chronology_pdf", args=[case.pk]),
    )


@requires(Permission.VIEW_CHILD_RECORD)
def case_chronology(request, case_id: int):
    return _case_chronology(request, case_id, "print page")


@requires(Permission.VIEW_CHILD_RECORD)
def case_chronology_pdf(request, case_id: int):
    return _case_chronology(request, case_id, "pdf")
