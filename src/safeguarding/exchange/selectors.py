"""Reads for the exchange pages: batches hold counts and row errors; the review queue shows people."""

from django.db.models import QuerySet

from safeguarding.exchange.models import ImportBatch, MatchReview, ReviewStatus


def recent_batches(limit: int = 20) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.all()[:limit]


def pending_reviews() -> QuerySet[MatchReview]:
    return MatchReview.objects.filter(status=ReviewStatus.PENDING).select_related(
        "candidate", "candidate__district"
    )
