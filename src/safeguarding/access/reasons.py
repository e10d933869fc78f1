"""Reasons for reaching outside one's own districts (a first-contact lookup, a whole-force search,
opening a record in another district): a choice from a list plus an incident or reference
number, and a description when the choice is "Other". One definition for the pages, the API and
the services, so a one-character reason is refused everywhere alike.

The access event keeps the reason as readable text (`reason`) and as its parts (`detail`:
reason_code, reason_reference, reason_description), so the log can be filtered by kind of reason
and each access traced to its incident."""

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class AccessReason(models.TextChoices):
    CALL_FOR_SERVICE = "call_for_service", _("Call for service / incident in progress")
    MISSING_PERSON = "missing_person", _("Child found / missing person enquiry")
    AGENCY_REFERRAL = "agency_referral", _("Safeguarding referral from another agency")
    COURT_OR_CPS = "court_or_cps", _("Court or CPS request")
    OTHER = "other", _("Other (describe)")


# An incident, CAD, crime, referral or court reference: letters, digits and the separators forces
# use (space / - . : #), starting and ending with a letter or digit, at least one digit in it.
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9 /.:#-]*[A-Za-z0-9])?$")
REFERENCE_MIN_CHARACTERS = 4  # letters and digits, separators not counted
REFERENCE_MAX_LENGTH = 40
DESCRIPTION_MIN_LETTERS = 10
DESCRIPTION_MAX_LENGTH = 300

REFERENCE_HELP = "The incident, CAD, crime, referral or court reference, e.g. INC-2026-0412 or 43AB1234526."


def _squeeze(value: str | None) -> str:
    return " ".join((value or "").split())


def reference_problem(reference: str) -> str | None:
    """Why the reference cannot be accepted, or None."""
    if not reference:
        return "Give the incident or reference number."
    if len(reference) > REFERENCE_MAX_LENGTH:
        return f"The reference is at most {REFERENCE_MAX_LENGTH} characters."
    alphanumerics = [c for c in reference if c.isalnum()]
    if not REFERENCE_PATTERN.match(reference) or len(alphanumerics) < REFERENCE_MIN_CHARACTERS:
        return (
            f"The reference needs at least {REFERENCE_MIN_CHARACTERS} letters or digits "
            "(separators: space / - . : #), e.g. INC-2026-0412."
        )
    if not any(c.isdigit() for c in alphanumerics):
        return "The reference needs a number in it, e.g. INC-2026-0412."
    if len(set(c.lower() for c in alphanumerics)) == 1:
        return "The reference cannot be one character repeated."
    return None


@dataclass(frozen=True)
class GivenReason:
    code: str
    reference: str
    description: str = ""

    @property
    def label(self) -> str:
        # In English whatever the page's language: the access log is read and searched in one language.
        with translation.override("en-gb"):
            return str(AccessReason(self.code).label)

    @property
    def text(self) -> str:
        """As the access log and the child's page show it."""
        what = f"Other: {self.description}" if self.code == AccessReason.OTHER else self.label
        if self.description and self.code != AccessReason.OTHER:
            what = f"{what}: {self.description}"
        return f"{what} (ref {self.reference})"

    def detail(self) -> dict[str, str]:
        return {
            "reason_code": self.code,
            "reason_reference": self.reference,
            "reason_description": self.description,
        }

    @classmethod
    def from_detail(cls, detail: dict) -> "GivenReason":
        return cls(detail["reason_code"], detail["reason_reference"], detail.get("reason_description", ""))


def reason_given(code: str | None, reference: str | None, description: str | None = "") -> GivenReason:
    """The reason, checked; else ValidationError naming each field (reason_code,
    reason_reference, reason_description)."""
    code = (code or "").strip()
    reference = _squeeze(reference)
    description = _squeeze(description)
    errors: dict[str, str] = {}
    if code not in AccessReason.values:
        errors["reason_code"] = "Choose the reason from the list."
    problem = reference_problem(reference)
    if problem:
        errors["reason_reference"] = problem
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors["reason_description"] = f"The description is at most {DESCRIPTION_MAX_LENGTH} characters."
    elif code == AccessReason.OTHER and sum(c.isalpha() for c in description) < DESCRIPTION_MIN_LETTERS:
        errors["reason_description"] = (
            f"For “Other”, describe the reason (at least {DESCRIPTION_MIN_LETTERS} letters)."
        )
    if errors:
        raise ValidationError(errors)
    return GivenReason(code, reference, description)


class ReasonForm(forms.Form):
    """The three reason fields; `given_reason` is set once the form is valid and a reason was
    needed. Subclasses say when it is needed (`reason_needed`); by default always."""

    reason_code = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Choose the reason…")), *AccessReason.choices], required=False
    )
    reason_reference = forms.CharField(
        label=_("Incident or reference number"),
        max_length=REFERENCE_MAX_LENGTH,
        required=False,
        help_text=REFERENCE_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason_description = forms.CharField(
        label=_("Description (required for “Other”)"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    given_reason: GivenReason | None = None

    def reason_needed(self, data: dict) -> bool:
        return True

    def clean(self):
        data = super().clean()
        self.given_reason = None
        if not self.reason_needed(data):
            return data
        try:
            self.given_reason = reason_given(
                data.get("reason_code"), data.get("reason_reference"), data.get("reason_description")
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    if field not in self.errors:
                        self.add_error(field, message)
        return data
