import re

from django import forms
from django.db.models import Q

from safeguarding import dateinput
from safeguarding.access.models import User
from safeguarding.access.reasons import ReasonForm
from safeguarding.access.roles import Scope
from safeguarding.force.models import District
from safeguarding.force.scoping import districts_editable_by
from safeguarding.people.models import Address, Flag, Person
from safeguarding.people.selectors import SearchTermError, parse_search
from safeguarding.people.validators import (
    IDENTIFIERS,
    Problems,
    child_flag_problem,
    date_of_birth_problem,
    ethnicity_problems,
    flag_problems,
    person_values_normalised,
)
from safeguarding.people.vocabulary import RelationshipKind

# Royal Mail postcode shapes (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA).
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


def add_problems(form: forms.BaseForm, problems: Problems) -> None:
    """Put the shared validators' (or a service's) problems on the form, each on its field; a
    field already in error keeps its first message only."""
    for name, messages in problems.items():
        field = name if name in form.fields else None
        if field is not None and field in form.errors:
            continue
        for message in messages:
            form.add_error(field, message)


class ChildSearchForm(ReasonForm):
    q = forms.CharField(
        label="Name, date of birth, NHS number, PNC ID or UPN",
        max_length=200,
        required=False,
        help_text="For example: Amelia Hartley, Hartley 12/04/2015 or 2015-04-12. Spelling can be rough.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "words", "spellcheck": "false"}
        ),
    )
    whole_force = forms.BooleanField(label="Search the whole force", required=False)
    field_order = ["q", "whole_force", "reason_code", "reason_reference", "reason_description"]

    def __init__(self, *args, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.offers_whole_force = viewer.scope == Scope.OWN_DISTRICTS
        if not self.offers_whole_force:
            for name in ("whole_force", "reason_code", "reason_reference", "reason_description"):
                del self.fields[name]

    def reason_needed(self, data: dict) -> bool:
        # Only an officer widening the search beyond their districts gives (and needs) a reason.
        return self.offers_whole_force and bool(data.get("whole_force"))

    def clean_q(self):
        try:
            self.terms = parse_search(self.cleaned_data["q"])
        except SearchTermError as error:
            raise forms.ValidationError(str(error)) from error
        return self.terms.text


class PersonForm(forms.ModelForm):
    line1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    line2 = forms.CharField(label="Address line 2", max_length=200, required=False)
    town = forms.CharField(label="Town", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    # Typed with spaces or slashes as often as without: the field takes the longer form and the
    # clean method keeps the normal form (people/validators.py).
    pnc_id = forms.CharField(label="PNC ID", max_length=20, required=False, help_text="e.g. 12/0001234Y")
    nhs_number = forms.CharField(
        label="NHS number", max_length=20, required=False, help_text="e.g. 943 476 5919"
    )
    upn = forms.CharField(label="UPN (unique pupil number)", max_length=20, required=False)

    class Meta:
        model = Person
        fields = [
            "forename",
            "middle_names",
            "surname",
            "date_of_birth",
            "is_child",
            "gender",
            "ethnicity",
            "ethnicity_self_defined",
            "ethnicity_observed",
            "disability",
            "school",
            "looked_after",
            "phone",
            "pnc_id",
            "nhs_number",
            "upn",
            "district",
        ]
        labels = {
            "forename": "First name",
            "middle_names": "Middle names",
            "surname": "Last name",
            "is_child": "This person is a child (under 18)",
            "looked_after": "Looked-after status",
            "district": "Home district",
            "ethnicity": "Ethnicity (census group)",
            "ethnicity_self_defined": "Ethnicity as the person describes it (18+1)",
            "ethnicity_observed": "Ethnicity as the officer sees it (IC code)",
        }
        formfield_callback = dateinput.formfield

    def __init__(self, *args, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        districts = districts_editable_by(viewer)
        if self.instance.pk:
            # The person's district stays a choice: keeping it is not a move.
            districts = District.objects.filter(
                Q(pk__in=districts.values("pk")) | Q(pk=self.instance.district_id)
            )
        self.fields["district"].queryset = districts
        if len(districts) == 1 and not self.instance.pk:
            self.fields["district"].initial = districts[0].pk
        address = self.instance.current_address if self.instance.pk else None
        if address is not None:
            for name in ("line1", "line2", "town"):
                self.fields[name].initial = getattr(address, name)
            self.fields["postcode"].initial = address.display_postcode

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        problem = date_of_birth_problem(born)
        if problem:
            raise forms.ValidationError(problem)
        return born

    def _clean_identifier(self, name: str) -> str:
        normalise, problem_of = IDENTIFIERS[name]
        value = normalise(self.cleaned_data.get(name) or "")
        problem = problem_of(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_pnc_id(self):
        return self._clean_identifier("pnc_id")

    def clean_nhs_number(self):
        return self._clean_identifier("nhs_number")

    def clean_upn(self):
        return self._clean_identifier("upn")

    def clean_postcode(self):
        postcode = Address.normalise_postcode(self.cleaned_data.get("postcode") or "")
        if postcode and not POSTCODE.match(postcode):
            raise forms.ValidationError("Enter a real postcode, for example NM1 4AB.")
        return postcode

    def clean(self):
        data = super().clean()
        if "date_of_birth" not in self.errors:
            problem = child_flag_problem(data.get("date_of_birth"), data.get("is_child"))
            if problem:
                self.add_error("is_child", problem)
        if "ethnicity" not in self.errors and "ethnicity_self_defined" not in self.errors:
            # The group follows the self-defined code; a group chosen against it is refused.
            given = {name: data.get(name) or "" for name in ("ethnicity", "ethnicity_self_defined")}
            if self.instance.pk and "ethnicity" not in self.changed_data:
                given.pop("ethnicity")
            values = person_values_normalised(given)
            problems = ethnicity_problems(values)
            for message in problems.get("ethnicity", []):
                self.add_error("ethnicity", message)
            if not problems and "ethnicity" in values:
                data["ethnicity"] = values["ethnicity"]
        address_given = any((data.get(name) or "").strip() for name in ("line1", "line2", "town", "postcode"))
        if address_given:
            for name, message in (
                ("line1", "Enter the first line of the address."),
                ("town", "Enter the town."),
                ("postcode", "Enter the postcode."),
            ):
                if not (data.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, message)
        return data

    def address_data(self) -> dict | None:
        data = self.cleaned_data
        if not (data.get("line1") or "").strip():
            return None
        return {
            "line1": data["line1"].strip(),
            "line2": (data.get("line2") or "").strip(),
            "town": data["town"].strip(),
            "postcode": data["postcode"],
        }

    def person_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FlagForm(forms.ModelForm):
    class Meta:
        model = Flag
        fields = ["kind", "cp_category", "starts_on", "ends_on", "details"]
        labels = {
            "kind": "Flag",
            "cp_category": "Child protection plan category",
            "starts_on": "From",
            "ends_on": "Until (leave empty if it still applies)",
        }
        help_texts = {"cp_category": "Only for a child protection plan."}
        formfield_callback = dateinput.formfield

    def clean(self):
        data = super().clean()
        for name, messages in flag_problems(data).items():
            if name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        return data


class LinkForm(forms.Form):
    """`person` is <kind> of `other`, both chosen from the people offered (on the page's person's
    cases and at their addresses, or on the case): "Jade Cole is the parent of Ruby Cole"."""

    person = forms.TypedChoiceField(label="Who", coerce=int)
    kind = forms.ChoiceField(label="is the", choices=RelationshipKind.choices)
    other = forms.TypedChoiceField(label="of", coerce=int)
    starts_on = dateinput.DateField(
        label="Since (if known)", required=False, subject="The date they have been linked since"
    )

    def __init__(self, *args, people: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        choices = [(person.pk, person.full_name) for person in people]
        self.fields["person"].choices = choices
        self.fields["other"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("person") is not None and data.get("person") == data.get("other"):
            self.add_error("other", "Choose two different people.")
        return data

    def link_data(self) -> dict:
        data = self.cleaned_data
        return {
            "person": self.people[data["person"]],
            "kind": data["kind"],
            "other": self.people[data["other"]],
            "starts_on": data.get("starts_on"),
        }


class AliasForm(forms.Form):
    forename = forms.CharField(label="Forename known by", max_length=100, required=False)
    surname = forms.CharField(label="Surname known by", max_length=100)
