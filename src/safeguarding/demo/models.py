from django.db import models


class DemoForceBuild(models.Model):
    """What the demo force in this database was generated with, so benchmarks can reuse it."""

    children = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    as_of = models.DateField(help_text="The reference date the generated dates lead up to.")
    built_at = models.DateTimeField()
    seconds = models.FloatField()
    rows = models.BigIntegerField()

    class Meta:
        ordering = ["-built_at"]

    def __str__(self) -> str:
        return f"{self.children} children, seed {self.seed}, as of {self.as_of}"
