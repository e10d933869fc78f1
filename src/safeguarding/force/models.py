from django.db import models


class District(models.Model):
    """A policing district (basic command unit); cases and staff belong to districts."""

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=100, unique=True)
    local_authority = models.CharField(
        max_length=100, blank=True, help_text="Children's social care partner."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamKind(models.TextChoices):
    RESPONSE = "response", "Response"
    SAFEGUARDING = "safeguarding", "Safeguarding / public protection"
    CHILD_ABUSE = "child_abuse", "Child abuse investigation (specialist)"
    SEXUAL_OFFENCES = "sexual_offences", "Sexual offences (specialist)"
    CSE = "cse", "Child sexual exploitation (specialist)"
    ONLINE = "online", "Online child abuse (specialist)"
    OFFENDER_MANAGEMENT = "offender_management", "Offender management"
    CUSTODY = "custody", "Custody"
    MISSING = "missing", "Missing persons"
    CID = "cid", "CID (non-specialist)"


SPECIALIST_KINDS = {TeamKind.CHILD_ABUSE, TeamKind.SEXUAL_OFFENCES, TeamKind.CSE, TeamKind.ONLINE}


class Team(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=32, choices=TeamKind.choices)

    class Meta:
        ordering = ["district__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="team_unique_name_in_district")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.district})"

    @property
    def is_specialist(self) -> bool:
        return self.kind in SPECIALIST_KINDS


class DistrictPopulation(models.Model):
    """Child population of a district by group (for the fairness report); invented for the demo."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="population")
    dimension = models.CharField(max_length=32)  # ethnicity, gender, age_band, disability
    group = models.CharField(max_length=64)
    children = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "dimension", "group"], name="population_unique_group")
        ]
