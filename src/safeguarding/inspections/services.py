"""Writes: importing reports and tracking recommendations. Each service is atomic and writes its
access-log event in the same transaction (reports hold no personal data, but who changed a
commitment and when is part of the record the panel relies on)."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction, User
from safeguarding.access.services import access_record
from safeguarding.inspections.evidence import validate_evidence_file
from safeguarding.inspections.models import (
    CaseAssessment,
    CaseTypeCount,
    FrequentRecommendation,
    InspectionReport,
    Recommendation,
    RecommendationAction,
    RecommendationEvidence,
    RecommendationNote,
    RecommendationStandard,
    RecommendationStatusChange,
    ThematicForceGrades,
)
from safeguarding.inspections.report_parser import (
    STANDARD_KEYWORDS,
    parse_force_report,
    parse_thematic_report,
    suggest_standards,
)
from safeguarding.inspections.vocabulary import RecommendationStatus, ReportKind, due_date_for, month_start

REPORT = record_type(InspectionReport)
RECOMMENDATION = record_type(Recommendation)
COVER_FIELDS = ("inspection_start", "inspection_end", "published")


class NotAnInspectionReport(ValueError):
    """The text is neither a force inspection report nor the thematic report."""


# --- Reading and importing reports ---------------------------------------------------------------


def recognise_report(text: str) -> tuple[ReportKind, dict]:
    """Which kind of report the text is, and its structure.

    A force report names its force and grades its cases or makes recommendations; the thematic
    report has the table of grades by force and grades no cases of its own.
    """
    force_report = parse_force_report(text)
    if force_report["force"] and (force_report["case_assessments"] or force_report["recommendations"]):
        return ReportKind.FORCE, force_report
    thematic = parse_thematic_report(text)
    if thematic["table2"]:
        return ReportKind.THEMATIC, thematic
    raise NotAnInspectionReport(
        "This does not read as a force inspection report (no force, case grades or recommendations) "
        "nor as the thematic report (no table of grades by force)."
    )


def fingerprint(kind: str, structure: dict) -> str:
    """What every extraction of one report shares: everything but the cover dates."""
    if kind == ReportKind.FORCE:
        shared = {
            key: structure[key] for key in ("force", "case_assessments", "case_types", "recommendations")
        }
    else:
        shared = {key: structure[key] for key in ("title", "table2", "table2_totals")}
    return hashlib.sha256(json.dumps(shared, sort_keys=True).encode()).hexdigest()


@dataclass
class ImportResult:
    report: InspectionReport
    created: bool
    filled_in: list[str] = field(default_factory=list)


@transaction.atomic
def report_import(*, actor: User, text: str, source_file_name: str) -> ImportResult:
    """Store a report's structure; importing the same report again changes nothing but missing dates."""
    kind, structure = recognise_report(text)
    cover = _cover(kind, structure)
    existing = (
        InspectionReport.objects.select_for_update()
        .filter(kind=kind, fingerprint=fingerprint(kind, structure))
        .first()
    )
    if existing is not None:
        filled_in = _fill_in_cover(existing, cover, structure)
        result = ImportResult(existing, created=False, filled_in=filled_in)
    else:
        report = InspectionReport.objects.create(
            kind=kind,
            force=structure.get("force") or "",
            title=structure.get("title") or "",
            source_file_name=source_file_name[:255],
            fingerprint=fingerprint(kind, structure),
            structured=structure,
            imported_by=actor if actor.pk else None,
            **cover,
        )
        if kind == ReportKind.FORCE:
            _store_force_report(report, structure, actor)
        else:
            _store_thematic_report(report, structure)
        result = ImportResult(report, created=True)
    access_record(
        actor=actor,
        action=AccessAction.IMPORT,
        object_type=REPORT,
        object_id=result.report.pk,
        object_label=str(result.report),
        detail={
            "source_file_name": source_file_name[:255],
            "kind": kind.value,
            "created": result.created,
            "filled_in": result.filled_in,
            "recommendations": result.report.recommendations.count(),
        },
    )
    return result


def _cover(kind: str, structure: dict) -> dict:
    inspection = structure.get("inspection") or {}
    return {
        "inspection_start": _date(inspection.get("start")),
        "inspection_end": _date(inspection.get("end")),
        "published": month_start(structure.get("published")),
    }


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _fill_in_cover(report: InspectionReport, cover: dict, structure: dict) -> list[str]:
    """Dates a later extraction states that the stored one did not; a stated date is never replaced."""
    filled_in = [name for name in COVER_FIELDS if getattr(report, name) is None and cover[name] is not None]
    if not filled_in:
        return []
    for name in filled_in:
        setattr(report, name, cover[name])
    for key in ("inspection", "published"):
        if key in structure and not _stated(report.structured.get(key)):
            report.structured[key] = structure[key]
    report.save(update_fields=[*filled_in, "structured"])
    if "published" in filled_in:
        for recommendation in report.recommendations.all():
            recommendation.due_date = due_date_for(report.published, recommendation.timescale)
            recommendation.save(update_fields=["due_date"])
        RecommendationStatusChange.objects.filter(recommendation__report=report, from_status="").update(
            effective_on=report.published
        )
    return filled_in


def _stated(value) -> bool:
    if isinstance(value, dict):
        return any(v is not None for v in value.values())
    return value is not None


def _store_force_report(report: InspectionReport, structure: dict, actor: User) -> None:
    CaseAssessment.objects.bulk_create(
        CaseAssessment(report=report, position=position, **assessment)
        for position, assessment in enumerate(structure["case_assessments"], start=1)
    )
    CaseTypeCount.objects.bulk_create(
        CaseTypeCount(report=report, position=position, case_type=case_type[:300], cases=cases)
        for position, (case_type, cases) in enumerate(structure["case_types"].items(), start=1)
    )
    # Open from the day it was made public; the import date when that is unknown.
    opened_on = report.published or timezone.localdate()
    for number, item in enumerate(structure["recommendations"], start=1):
        recommendation = Recommendation.objects.create(
            report=report,
            number=number,
            timescale=item["timescale"] or "",
            text=item["text"],
            stage=item["stage"] or "",
            suggested_standards=item["standards"],
            due_date=due_date_for(report.published, item["timescale"]),
        )
        RecommendationStandard.objects.bulk_create(
            RecommendationStandard(recommendation=recommendation, standard_id=standard, suggested=True)
            for standard in item["standards"]
        )
        RecommendationStatusChange.objects.create(
            recommendation=recommendation,
            to_status=RecommendationStatus.OPEN,
            effective_on=opened_on,
            comment=f"Imported from {report.source_file_name}",
            changed_by=actor if actor.pk else None,
        )


def _store_thematic_report(report: InspectionReport, structure: dict) -> None:
    rows = [*structure["table2"], *([structure["table2_totals"]] if structure["table2_totals"] else [])]
    ThematicForceGrades.objects.bulk_create(
        ThematicForceGrades(
            report=report,
            position=position,
            force_label=row["force"],
            is_total=row is structure["table2_totals"],
            good=row["good"],
            adequate=row["adequate"],
            inadequate=row["inadequate"],
            total=row["total"],
        )
        for position, row in enumerate(rows, start=1)
    )
    FrequentRecommendation.objects.bulk_create(
        FrequentRecommendation(
            report=report,
            position=position,
            theme=item["theme"] or "",
            text=item["text"],
            forces=item["forces"],
            standards=suggest_standards(item["text"]),
        )
        for position, item in enumerate(structure["frequent_recommendations"], start=1)
    )


# --- Tracking ----------------------------------------------------------------------------------


def _log(actor: User, action: AccessAction, recommendation: Recommendation, what: str, **detail) -> None:
    access_record(
        actor=actor,
        action=action,
        object_type=RECOMMENDATION,
        object_id=recommendation.pk,
        object_label=f"{recommendation.report} - {recommendation}",
        detail={"change": what, **detail},
    )


@transaction.atomic
def recommendation_assign_owner(*, actor: User, recommendation: Recommendation, owner: User | None) -> None:
    recommendation.owner = owner
    recommendation.save(update_fields=["owner"])
    _log(actor, AccessAction.UPDATE, recommendation, "owner", owner_id=owner.pk if owner else None)


@transaction.atomic
def recommendation_status_change(
    *,
    actor: User,
    recommendation: Recommendation,
    status: str,
    effective_on: dt.date,
    comment: str = "",
) -> RecommendationStatusChange:
    status = RecommendationStatus(status)
    change = RecommendationStatusChange.objects.create(
        recommendation=recommendation,
        from_status=recommendation.status,
        to_status=status,
        effective_on=effective_on,
        comment=comment,
        changed_by=actor,
    )
    recommendation.status = status
    recommendation.save(update_fields=["status"])
    _log(
        actor,
        AccessAction.UPDATE,
        recommendation,
        "status",
        to_status=status.value,
        from_status=change.from_status,
    )
    return change


@transaction.atomic
def recommendation_action_add(
    *, actor: User, recommendation: Recommendation, text: str, due: dt.date, owner: User | None = None
) -> RecommendationAction:
    action = RecommendationAction.objects.create(
        recommendation=recommendation, text=text, due=due, owner=owner, created_by=actor
    )
    _log(actor, AccessAction.CREATE, recommendation, "action", action_id=action.pk)
    return action


@transaction.atomic
def recommendation_action_complete(*, actor: User, action: RecommendationAction, done_at: dt.date) -> None:
    action.done_at = done_at
    action.save(update_fields=["done_at"])
    _log(actor, AccessAction.UPDATE, action.recommendation, "action done", action_id=action.pk)


@transaction.atomic
def recommendation_evidence_attach(
    *, actor: User, recommendation: Recommendation, upload: UploadedFile, description: str = ""
) -> RecommendationEvidence:
    validate_evidence_file(upload)  # the service holds the rule, whichever door the file came in by
    evidence = RecommendationEvidence(
        recommendation=recommendation,
        original_name=upload.name[:255],
        size=upload.size,
        description=description,
        uploaded_by=actor,
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    _log(actor, AccessAction.CREATE, recommendation, "evidence", evidence_id=evidence.pk, size=evidence.size)
    return evidence


@transaction.atomic
def recommendation_note_add(*, actor: User, recommendation: Recommendation, text: str) -> RecommendationNote:
    note = RecommendationNote.objects.create(recommendation=recommendation, text=text, author=actor)
    _log(actor, AccessAction.CREATE, recommendation, "note", note_id=note.pk)
    return note


@transaction.atomic
def recommendation_standards_confirm(
    *, actor: User, recommendation: Recommendation, standard_ids: list[str]
) -> list[RecommendationStandard]:
    """The person's choice replaces the suggestions: chosen standards are confirmed, others dropped.

    The original suggestions stay on the recommendation (suggested_standards).
    """
    unknown = sorted(set(standard_ids) - set(STANDARD_KEYWORDS))
    if unknown:
        raise ValidationError(f"Unknown practice standards: {', '.join(unknown)}")
    chosen = list(dict.fromkeys(standard_ids))
    recommendation.standards.exclude(standard_id__in=chosen).delete()
    now = timezone.now()
    confirmed = []
    for standard_id in chosen:
        row, _ = RecommendationStandard.objects.get_or_create(
            recommendation=recommendation,
            standard_id=standard_id,
            defaults={"suggested": standard_id in recommendation.suggested_standards},
        )
        if not row.is_confirmed:
            row.confirmed_by, row.confirmed_at = actor, now
            row.save(update_fields=["confirmed_by", "confirmed_at"])
        confirmed.append(row)
    _log(actor, AccessAction.UPDATE, recommendation, "standards", standards=chosen)
    return confirmed
