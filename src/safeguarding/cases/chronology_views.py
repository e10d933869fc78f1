"""The printable chronology of a case and of a child (here, not in people: the child's is drawn
from the cases they are on, and people may not import cases)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify

from safeguarding.access.declarations import requires
from safeguarding.access.roles import Permission
from safeguarding.cases import scoping
from safeguarding.cases.chronology import (
    HANDLING,
    MARKING,
    Chronology,
    chronology,
    chronology_pdf,
    chronology_printed,
)
from safeguarding.cases.selectors import case_for_viewer
from safeguarding.cases.timeline import case_timeline, child_timeline


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


def _child_chronology(request, person_id: int, form: str):
    """Within the viewer's scope only: a record opened by a reasoned force-wide search is read on
    screen, not printed."""
    person = get_object_or_404(
        scoping.people_visible_to(request.user).select_related("district"), pk=person_id
    )
    born = person.date_of_birth.strftime("%-d %B %Y") if person.date_of_birth else "not known"
    subject = [("Name", person.full_name), ("Date of birth", born), ("District", str(person.district))]
    chron = chronology(
        f"Chronology of {person.full_name}", subject, child_timeline(request.user, person), request.user
    )
    return chronology_response(
        request,
        chron,
        form=form,
        object_type="person",
        record=person,
        back_url=reverse("people:child", args=[person.pk]),
        pdf_url=reverse("cases:child_chronology_pdf", args=[person.pk]),
    )


@requires(Permission.VIEW_CHILD_RECORD)
def child_chronology(request, person_id: int):
    return _child_chronology(request, person_id, "print page")


@requires(Permission.VIEW_CHILD_RECORD)
def child_chronology_pdf(request, person_id: int):
    return _child_chronology(request, person_id, "pdf")
