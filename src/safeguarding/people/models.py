from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from safeguarding.people.codes import ObservedEthnicity, SelfDefinedEthnicity
from safeguarding.people.names import normalise_name, phonetic_key
from safeguarding.people.vocabulary import (
    CpPlanCategory,
    Disability,
    Ethnicity,
    FlagKind,
    Gender,
    LookedAfter,
    RelationshipKind,
)


class Address(models.Model):
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10, help_text="Stored upper case without the space, e.g. NM14AB.")
    district = models.ForeignKey("force.District", on_delete=models.PROTECT, related_name="addresses")
    source_reference = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            # first contact: address lookup by postcode
            models.Index(fields=["postcode"], name="address_postcode_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.line1}, {self.town} {self.display_postcode}"

    @property
    def display_postcode(self) -> str:
        pc = self.postcode
        return f"{pc[:-3]} {pc[-3:]}" if len(pc) > 3 else pc

    @staticmethod
    def normalise_postcode(postcode: str) -> str:
        return "".join(postcode.split()).upper()


class Person(models.Model):
    """A child or an adult. Whether a person is a child is a matter of date of birth."""

    forename = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    is_child = models.BooleanField(default=True, help_text="Under 18 when the record was made.")
    gender = models.CharField(max_length=16, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(
        max_length=16,
        choices=Ethnicity.choices,
        blank=True,
        help_text="Census group (what reports group by); follows the self-defined code when one is held.",
    )
    # The finest codes held (people/codes.py): the person's own answer and the officer's view.
    ethnicity_self_defined = models.CharField(
        max_length=2,
        choices=SelfDefinedEthnicity.choices,
        blank=True,
        default="",
        db_default="",
        help_text="Self-defined ethnicity (18+1 code, e.g. W1); a DfE code (WBRI) is read as its 18+1 code.",
    )
    ethnicity_observed = models.CharField(
        max_length=3,
        choices=ObservedEthnicity.choices,
        blank=True,
        default="",
        db_default="",
        help_text="Officer-observed ethnicity (IC code, e.g. IC1); never in place of the self-defined code.",
    )
    # National identifiers, held in one normal form (people/validators.py) so a search is exact.
    pnc_id = models.CharField(
        "PNC ID",
        max_length=11,
        blank=True,
        default="",
        db_default="",
        help_text="Police National Computer ID, YY/NNNNNNNL with its check letter, e.g. 12/0001234Y.",
    )
    nhs_number = models.CharField(
        "NHS number",
        max_length=10,
        blank=True,
        default="",
        db_default="",
        help_text="NHS number, 10 digits with its check digit, e.g. 9434765919.",
    )
    upn = models.CharField(
        "UPN",
        max_length=13,
        blank=True,
        default="",
        db_default="",
        help_text="Unique pupil number (DfE), 13 characters with its check letter, e.g. B801200005001.",
    )
    disability = models.CharField(max_length=16, choices=Disability.choices, blank=True)
    school = models.CharField(max_length=200, blank=True)
    looked_after = models.CharField(max_length=16, choices=LookedAfter.choices, default=LookedAfter.NO)
    phone = models.CharField(max_length=20, blank=True)
    # The district whose officers hold the person's record (their home district).
    district = models.ForeignKey("force.District", on_delete=models.PROTECT, related_name="people")
    current_address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="current_residents"
    )
    # Keys for fuzzy search; derived from the names by set_name_keys(), never typed.
    forename_key = models.CharField(max_length=16, blank=True, editable=False)
    surname_key = models.CharField(max_length=16, blank=True, editable=False)
    source_system = models.CharField(max_length=32, blank=True)
    source_reference = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)
    # Bumped by every change (records/history.py): a save from a stale form or ETag is refused.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name_plural = "people"
        indexes = [
            # first contact / search: phonetic surname + date of birth
            models.Index(fields=["surname_key", "date_of_birth"], name="person_surname_key_dob_idx"),
            # first contact: transposed names and forename-led queries
            models.Index(fields=["forename_key", "date_of_birth"], name="person_forename_key_dob_idx"),
            # search by date of birth alone
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
            models.Index(fields=["phone"], name="person_phone_idx"),
            # first contact and person search: an NHS number, PNC ID or UPN typed finds the person
            models.Index(fields=["nhs_number"], name="person_nhs_number_idx"),
            models.Index(fields=["pnc_id"], name="person_pnc_id_idx"),
            models.Index(fields=["upn"], name="person_upn_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "source_reference"],
                condition=~Q(source_reference=""),
                name="person_unique_source_reference",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.forename, self.middle_names, self.surname) if part)

    def set_name_keys(self) -> None:
        self.forename_key = phonetic_key(self.forename)
        self.surname_key = phonetic_key(self.surname)

    def age_on(self, day) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class PersonAlias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    forename = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100)
    forename_key = models.CharField(max_length=16, blank=True, editable=False)
    surname_key = models.CharField(max_length=16, blank=True, editable=False)

    class Meta:
        verbose_name_plural = "person aliases"
        indexes = [models.Index(fields=["surname_key"], name="alias_surname_key_idx")]

    def set_name_keys(self) -> None:
        self.forename_key = phonetic_key(self.forename)
        self.surname_key = phonetic_key(self.surname)

    @property
    def full_name(self) -> str:
        return f"{self.forename} {self.surname}".strip()


class PersonNameKey(models.Model):
    """One search key of a person: every part of every name they hold (their own and aliases'),
    as the folded word, its Double Metaphone codes, its variant groups and its consonant
    skeleton, and their phone in E.164 (see people/names.py for the kinds, written as a prefix
    of the key). Derived, never typed: set only by people.matching (person_keys_refresh,
    person_keys_add_new)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [
            # person search, first contact, import matching: the people holding a key
            models.Index(fields=["key", "person"], name="person_name_key_idx"),
        ]

    def __str__(self) -> str:
        return self.key


class Residence(models.Model):
    """A person living at an address for a period: the household."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residences")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="residence_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["address", "person"], name="residence_address_idx")]


class Relationship(models.Model):
    """`person` is <kind> of `other`: e.g. person=father, kind=parent, other=child."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(max_length=16, choices=RelationshipKind.choices)
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="related_from")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(person=models.F("other")), name="relationship_not_to_self"),
            models.UniqueConstraint(fields=["person", "kind", "other"], name="relationship_unique"),
        ]
        indexes = [models.Index(fields=["other", "kind"], name="relationship_other_idx")]


class Flag(models.Model):
    """A warning marker on a person with its dates; visible at first contact."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=32, choices=FlagKind.choices)
    cp_category = models.CharField(max_length=16, choices=CpPlanCategory.choices, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    details = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(help_text="When the flag was put on the record (CP_PLAN_FLAG).")
    # For the API's incremental sync (?updated_since=, ADR 0015).
    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="flag_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind=FlagKind.CP_PLAN, cp_category__gt="")
                | (~Q(kind=FlagKind.CP_PLAN) & Q(cp_category="")),
                name="flag_cp_plan_has_category",
            ),
        ]
        indexes = [models.Index(fields=["person", "kind"], name="flag_person_kind_idx")]

    def __str__(self) -> str:
        return self.get_kind_display()

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class MergeState(models.TextChoices):
    REQUESTED = "requested", "Awaiting approval"
    MERGED = "merged", "Merged"
    REFUSED = "refused", "Refused"
    UNDONE = "undone", "Undone"


class PersonMerge(models.Model):
    """Two records of one person made one (people/merging.py): asked for by one user, approved
    by another. `journal` says what was moved, deleted or added, so undo can put it back; the
    merged person's own row is kept there too (it is deleted by the merge). Ids, not foreign
    keys: the merged person no longer exists while the merge stands."""

    survivor_id = models.IntegerField()
    merged_id = models.IntegerField()
    merged_name = models.CharField(max_length=300)
    survivor_name = models.CharField(max_length=300)
    district = models.ForeignKey("force.District", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    state = models.CharField(max_length=16, choices=MergeState.choices, default=MergeState.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    journal = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(survivor_id=models.F("merged_id")), name="merge_two_people"),
        ]
        indexes = [
            models.Index(fields=["state", "requested_at"], name="merge_state_idx"),
            models.Index(fields=["merged_id"], name="merge_merged_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.merged_name} into {self.survivor_name}"


__all__ = [
    "Address",
    "MergeState",
    "PersonMerge",
    "Flag",
    "Person",
    "PersonAlias",
    "PersonNameKey",
    "Relationship",
    "Residence",
    "normalise_name",
]
