"""A request to add a case to an audit by hand, and the safeguarding unit's decision on it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safeguarding.audits.vocabulary import AdditionStatus, CaseScope


class AuditAddition(models.Model):
    """A case named by an auditor or inspector for an audit, outside its drawn sample.

    Until the safeguarding unit approves it there is no AuditCase, so the case stays out of the
    requester's scope (cases_visible_to reads AuditCase only). Approval creates the AuditCase."""

    audit = models.ForeignKey("audits.Audit", on_delete=models.CASCADE, related_name="additions")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="audit_additions")
    scope = models.CharField(max_length=10, choices=CaseScope.choices)
    reason = models.TextField(help_text="Why the requester wants the case in the audit.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=AdditionStatus.choices, default=AdditionStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="audit_addition_has_reason"),
            models.CheckConstraint(
                condition=Q(status=AdditionStatus.PENDING, decided_by__isnull=True, decided_at__isnull=True)
                | (~Q(status=AdditionStatus.PENDING) & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="audit_addition_decided_iff_not_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status=AdditionStatus.REFUSED) | ~Q(decision_reason=""),
                name="audit_addition_refusal_has_reason",
            ),
            # Four eyes: nobody approves their own request.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                name="audit_addition_not_self_decided",
            ),
            models.UniqueConstraint(
                fields=["audit", "case"],
                condition=Q(status=AdditionStatus.PENDING),
                name="audit_addition_one_pending_per_case",
            ),
        ]
        indexes = [
            # additions_awaiting_approval: the safeguarding unit's queue, oldest first
            models.Index(fields=["status", "requested_at"], name="audit_addition_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"Addition of case {self.case_id} to audit {self.audit_id} ({self.status})"
