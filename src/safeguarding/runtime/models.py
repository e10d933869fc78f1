"""Work done outside the request (ADR 14): one row per queued job, which the page polls.

django-tasks keeps its own row per task (django_tasks_db); this one is ours because the page
needs what that one lacks: who asked (only they and administrators see it), the step it has
reached, and an outcome in the domain's words. The requester is kept as id and username text
(as the access log does), so removing a user never removes the record of what their job did.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class JobKind(models.TextChoices):
    IMPORT = "import", "Import an extract"
    EVALUATE = "evaluate", "Evaluate the practice standards"
    SCHEDULED = "scheduled", "Scheduled job"
    EXPORT = "export", "Prepare an export"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed: nothing was saved"


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class BackgroundJob(models.Model):
    kind = models.CharField(max_length=16, choices=JobKind.choices)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    requested_by_id = models.BigIntegerField(null=True, help_text="Empty for the scheduler.")
    requested_by_username = models.CharField(max_length=150)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What it is doing now, and how far through its steps: written as it goes, outside any
    # transaction the job holds open, so the page sees it.
    step = models.CharField(max_length=100, blank=True)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    # Options and outcome: switches, counts and ids only, never a value from the records.
    parameters = models.JSONField(default=dict, blank=True)
    outcome = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True, help_text="Why it failed, in words the requester can act on.")
    task_id = models.CharField(max_length=64, blank=True, help_text="django-tasks' result id.")
    # The worker's sign of life while it runs (queue.HEARTBEAT_EVERY): a job whose heartbeat
    # is older than queue.STALLED_AFTER lost its worker (killed, machine down) and is failed or
    # started once more by the scheduler's `recover-stalled-jobs`.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    restarts = models.PositiveSmallIntegerField(
        default=0, help_text="Times it was queued again after its worker stopped answering."
    )

    class Meta:
        ordering = ["-queued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FINISHED, finished_at__isnull=False)
                | (~Q(status__in=FINISHED) & Q(finished_at__isnull=True)),
                name="background_job_finished_iff_done_or_failed",
            ),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.FAILED) | ~Q(failure=""),
                name="background_job_failure_says_why",
            ),
        ]
        indexes = [
            # The requester's recent jobs on the import page.
            models.Index(fields=["requested_by_id", "-queued_at"], name="background_job_requester_idx"),
            # The scheduler's "is one already waiting or running?" before it queues another.
            models.Index(fields=["kind", "status"], name="background_job_kind_status_idx"),
            # recover-stalled-jobs: the running jobs whose worker last answered long ago.
            models.Index(fields=["status", "heartbeat_at"], name="background_job_heartbeat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0


class JobUpload(models.Model):
    """The uploaded file a job works on, held in the database until the job has run (then
    deleted), so a worker on another machine needs no shared folder. It holds personal data:
    it lives only as long as the job waits or runs."""

    job = models.OneToOneField(BackgroundJob, on_delete=models.CASCADE, related_name="upload")
    name = models.CharField(max_length=255)
    content = models.BinaryField()


class JobFile(models.Model):
    """The file an export job made (a PDF), held in the database so the server that answers
    the download need not be the worker's machine. It holds personal data: only the requester
    may download it, each download is logged, and it is deleted at `expires_at` (the
    scheduler's `prune-jobs`), or with its job."""

    job = models.OneToOneField(BackgroundJob, on_delete=models.CASCADE, related_name="file")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    made_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            # prune-jobs: the files past their time.
            models.Index(fields=["expires_at"], name="job_file_expires_idx"),
        ]
