from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "safeguarding.retention"
    label = "retention"

    def ready(self) -> None:
        # The scheduler's daily `retention-review` job runs the reviewers registered on its hook
        # (runtime/jobs.py, ADR 0014): this app's is the recomputation of review dates.
        from safeguarding.retention.services import reviews_refresh_due
        from safeguarding.runtime import jobs

        if reviews_refresh_due not in jobs.retention_reviewers:
            jobs.retention_reviewers.append(reviews_refresh_due)
