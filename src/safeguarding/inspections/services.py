"""Writes: importing reports and tracking recommendations. Each service is atomic and writes its
access-log event in the same transaction (reports hold no personal data, but who changed a
commitment and when is part of the record the panel relies on)."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
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
    ReportFinding,
    ThematicForceGrades,
    TopicGrade,
)
from safeguarding.inspections.report_parser import (
    STANDARD_KEYWORDS,
    canonical_force,
    forces_introduced,
    parse_force_report,
    parse_thematic_report,
    split_reports,
    suggest_standards,
)
from safeguarding.inspections.report_parser.recommendations import _similarity
from safeguarding.inspections.vocabulary import (
    FindingCategory,
    RecommendationStatus,
    ReportKind,
    ReportType,
    due_date_for,
    month_start,
)

ASSESSMENT_FIELDS = (
    "assessor", "scope", "cases", "good", "adequate", "requires_improvement", "inadequate",
    "combined", "shares", "source",
)  # fmt: skip
REPORT = record_type(InspectionReport)
RECOMMENDATION = record_type(Recommendation)
COVER_FIELDS = ("inspection_start", "inspection_end", "published")


class NotAnInspectionReport(ValueError):
    """The text is neither a force inspection report nor the thematic report."""


class UnlistedForce(NotAnInspectionReport):
    """The report names a force that is not on the list of bodies the inspectorate reports on."""


class SeveralReports(NotAnInspectionReport):
    """The file holds more than one report: they are imported one at a time, never merged."""

    def __init__(self, message: str, parts: list[str]):
        super().__init__(message)
        self.parts = parts


# --- Reading and importing reports ---------------------------------------------------------------


def accepted_forces() -> tuple[str, ...]:
    """Bodies accepted beside the list: the force this installation serves (settings.FORCE_NAME)."""
    return tuple(name for name in (getattr(settings, "FORCE_NAME", ""),) if name)


def _force_report_read_something(report: dict) -> bool:
    return bool(
        report["case_assessments"]
        or report["recommendations"]
        or report["grades"]
        or report["topic_grades"]
        or report["causes_of_concern"]
        or report["areas_for_improvement"]
        or report["review_findings"]
    )


def recognise_report(text: str) -> tuple[ReportKind, dict]:
    """Which kind of report the text is, and its structure.

    A force report names a listed force and grades cases or topics, or makes recommendations;
    the thematic report has the table of grades by force. A file holding several reports, or a
    force not on the list, is refused with a message naming what was found.
    """
    parts = split_reports(text)
    introduced = forces_introduced(text)
    if len(parts) > 1 or len(introduced) > 1:
        named = introduced or [
            parse_force_report(part, accepted_forces())["force"] or "unnamed" for part in parts
        ]
        raise SeveralReports(
            f"This file holds {max(len(parts), len(introduced))} reports ({'; '.join(named)}): "
            "import them one at a time (import-report --split imports each); nothing was imported.",
            parts if len(parts) > 1 else [],
        )
    thematic = parse_thematic_report(text)
    if thematic["table2"]:
        thematic["warnings"] = []
        return ReportKind.THEMATIC, thematic
    force_report = parse_force_report(text, accepted_forces())
    if force_report["force"] and _force_report_read_something(force_report):
        if not force_report["force_listed"]:
            raise UnlistedForce(
                f'The force this report names, "{force_report["force"]}", is not one of the 43 territorial '
                "forces of England and Wales nor another police body the inspectorate reports on; "
                "nothing was imported."
            )
        return ReportKind.FORCE, force_report
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
        for key in ("topic_grades", "review_findings"):
            if structure.get(key):
                shared[key] = [{k: v for k, v in item.items() if k != "source"} for item in structure[key]]
        if structure.get("report_type", ReportType.INSPECTION) != ReportType.INSPECTION:
            shared["report_type"] = structure["report_type"]
    else:
        shared = {key: structure[key] for key in ("title", "table2", "table2_totals")}
    return hashlib.sha256(json.dumps(shared, sort_keys=True).encode()).hexdigest()


@dataclass
class ImportResult:
    report: InspectionReport
    created: bool
    filled_in: list[str] = field(default_factory=list)
    review_updates: list[str] = field(default_factory=list)


CORRECTABLE = ("force", "report_type", "published")


def preview_report(text: str) -> tuple[ReportKind, dict]:
    """What an import would store, without storing it (the preview a person confirms)."""
    return recognise_report(text)


def apply_corrections(structure: dict, corrections: dict | None, actor: User) -> list[dict]:
    """A person's corrections to what was read: applied, and kept as field / read / corrected."""
    kept = []
    for name, value in (corrections or {}).items():
        if name not in CORRECTABLE:
            raise ValidationError({name: f"{name} cannot be corrected at import"})
        value = (value or "").strip()
        if not value or value == (structure.get(name) or ""):
            continue
        if name == "force":
            listed = canonical_force(value, accepted_forces())
            if listed is None:
                raise ValidationError(
                    {"force": f'"{value}" is not a police body the inspectorate reports on'}
                )
            value = listed
        if name == "report_type" and value not in ReportType.values:
            raise ValidationError({"report_type": f"Unknown report type {value!r}"})
        if name == "published":
            try:
                month_start(value)
            except ValueError as error:
                raise ValidationError({"published": "Give the month of publication as YYYY-MM"}) from error
        kept.append(
            {
                "field": name,
                "read": structure.get(name),
                "corrected": value,
                "by": actor.get_username(),
                "at": timezone.now().isoformat(timespec="seconds"),
            }
        )
        structure[name] = value
    return kept


@transaction.atomic
def report_import(
    *, actor: User, text: str, source_file_name: str, corrections: dict | None = None
) -> ImportResult:
    """Store a report's structure; importing the same report again changes nothing but missing dates."""
    kind, structure = recognise_report(text)
    kept_corrections = apply_corrections(structure, corrections, actor) if kind == ReportKind.FORCE else []
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
            report_type=structure.get("report_type") or ReportType.THEMATIC,
            scale=structure.get("scale") or "",
            warnings=structure.get("warnings") or [],
            corrections=kept_corrections,
            **cover,
        )
        result = ImportResult(report, created=True)
        if kind == ReportKind.FORCE:
            _store_force_report(report, structure, actor)
            result.review_updates = _link_review(report, structure, actor)
        else:
            _store_thematic_report(report, structure)
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
            "warnings": len(result.report.warnings),
            "corrections": [item["field"] for item in kept_corrections],
        },
    )
    return result


def _link_review(report: InspectionReport, structure: dict, actor: User) -> list[str]:
    """A post-inspection review or re-inspection links to the force's inspection it follows up,
    and its findings move that inspection's recommendations on (in the inspectorate's words)."""
    if report.report_type not in (ReportType.POST_INSPECTION_REVIEW, ReportType.RE_INSPECTION):
        return []
    earlier = InspectionReport.objects.filter(
        kind=ReportKind.FORCE,
        force=report.force,
        report_type__in=[ReportType.INSPECTION, ReportType.FRAMEWORK_2024],
    ).exclude(pk=report.pk)
    year = structure.get("reviews_inspection_year")
    if year:
        in_year = earlier.filter(
            Q(inspection_start__year=year) | Q(published__year=year) | Q(published__year=year + 1)
        )
        earlier = in_year if in_year.exists() else earlier
    if report.published:
        earlier = earlier.filter(Q(published__lt=report.published) | Q(published__isnull=True))
    parent = earlier.order_by("-published", "-id").first()
    if parent is None:
        report.warnings = [
            *report.warnings,
            {"code": "inspection-not-found",
             "message": "The inspection this review follows up is not imported yet",
             "source": report.force},
        ]  # fmt: skip
        report.save(update_fields=["warnings"])
        return []
    report.reviews = parent
    report.save(update_fields=["reviews"])
    updates = []
    recommendations = list(parent.recommendations.all())
    effective_on = report.published or timezone.localdate()
    for finding in structure.get("review_findings", []):
        target = _finding_target(finding, recommendations)
        if target is None:
            continue
        RecommendationStatusChange.objects.create(
            recommendation=target,
            from_status=target.status,
            to_status=finding["status"],
            effective_on=effective_on,
            comment=(
                f"{report.get_report_type_display()} ({report.source_file_name}): "
                f'"{finding["wording"]}" - {finding["source"]}'
            ),
            changed_by=actor if actor.pk else None,
        )
        target.status = finding["status"]
        target.save(update_fields=["status"])
        updates.append(f"recommendation {target.number}: {finding['wording']}")
    return updates


def _finding_target(finding: dict, recommendations: list[Recommendation]) -> Recommendation | None:
    if finding.get("number"):
        return next((item for item in recommendations if item.number == finding["number"]), None)
    if not finding.get("recommendation"):
        return None
    scored = sorted(
        ((_similarity(finding["recommendation"], item.text), item.number, item) for item in recommendations),
        key=lambda row: (-row[0], row[1]),
    )
    return scored[0][2] if scored and scored[0][0] >= 0.35 else None


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
        CaseAssessment(
            report=report,
            position=position,
            scale=structure.get("scale") or "",
            **{key: value for key, value in assessment.items() if key in ASSESSMENT_FIELDS},
        )
        for position, assessment in enumerate(structure["case_assessments"], start=1)
    )
    TopicGrade.objects.bulk_create(
        TopicGrade(report=report, position=position, topic=item["topic"], grade=item["grade"],
                   scale=structure.get("scale") or "", source=item["source"])
        for position, item in enumerate(structure.get("topic_grades", []), start=1)
    )  # fmt: skip
    for category, key in (
        (FindingCategory.CAUSE_OF_CONCERN, "causes_of_concern"),
        (FindingCategory.AREA_FOR_IMPROVEMENT, "areas_for_improvement"),
    ):
        ReportFinding.objects.bulk_create(
            ReportFinding(report=report, position=position, category=category, text=item["text"],
                          timescale=item["timescale"] or "", standards=item["standards"],
                          recommendation_numbers=item["recommendations"])
            for position, item in enumerate(structure.get(key, []), start=1)
        )  # fmt: skip
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
    name = upload.name or "evidence"  # validate_evidence_file refuses a file without a name
    evidence = RecommendationEvidence(
        recommendation=recommendation,
        original_name=name[:255],
        size=upload.size or 0,
        description=description,
        uploaded_by=actor,
    )
    evidence.file.save(name, upload, save=False)
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
