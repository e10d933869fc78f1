"""The exchange format: one file per entity (CSV or JSON Lines), its columns derived from the models.

The column lists are built from the model fields, so a new field on a stage entry appears in the
format, the docs (docs/exchange-format.md is generated from here) and the exporter together.
Foreign keys become references: to people, cases and addresses by the source system's reference,
to users by username, to teams by name within the case's district, and to another entry of the
same case by that entry's source reference.
"""

import re
from dataclasses import dataclass, field

from django.db import models

from safeguarding.cases.models import ENTRY_MODELS, Case, CaseEntry, CaseParticipant
from safeguarding.cases.vocabulary import ViewTheme
from safeguarding.people.models import Address, Flag, Person


class ColumnType:
    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    CODE = "code"
    CODES = "codes"  # a list of codes: ';'-separated in CSV, a JSON array in JSON Lines
    REFERENCE = "reference"  # another record's source reference
    USERNAME = "username"
    DISTRICT = "district"
    TEAM = "team"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = False
    example: str = ""
    description: str = ""
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    # The model field this column fills ('' for the key columns handled by the loader).
    field: str = ""
    # For REFERENCE: which entity it points at ("people", "cases", "addresses" or an entry entity).
    target: str = ""
    nullable: bool = False  # an empty value means NULL (not '')
    default: object = None


@dataclass(frozen=True)
class EntityFormat:
    name: str  # file stem: people.csv / people.jsonl
    model: type[models.Model]
    columns: tuple[Column, ...]
    description: str = ""
    # Columns that together identify the record within the batch's source system.
    key: tuple[str, ...] = ("source_reference",)
    is_entry: bool = False
    extra: dict = field(default_factory=dict)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def entry_entity_name(model: type[models.Model]) -> str:
    """Incident -> incidents, DemeanourRecord -> demeanour_records."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower() + "s"


_EXAMPLES = {
    ColumnType.TEXT: "free text",
    ColumnType.INTEGER: "2",
    ColumnType.BOOLEAN: "true",
    ColumnType.DATE: "2026-03-02",
    ColumnType.DATETIME: "2026-03-02T09:30:00+00:00",
    ColumnType.USERNAME: "officer_north",
    ColumnType.DISTRICT: "north",
    ColumnType.TEAM: "North Child Abuse Team",
}
_NAMED_EXAMPLES = {
    "forename": "Amelia",
    "middle_names": "Rose",
    "surname": "Hartley",
    "date_of_birth": "2015-04-12",
    "school": "Mill Lane Primary",
    "phone": "01632 960001",
    "nhs_number": "943 476 5919",
    "pnc_id": "12/0001234Y",
    "upn": "B801200005001",
    "line1": "1 Mill Lane",
    "town": "Northmoor",
    "postcode": "NM1 4AB",
    "reference": "NM/26/000123",
    "offence": "Criminal damage",
    "tool_version": "2009",
    "designated_officer": "Insp. Cole",
    "agencies": "CSC; health; education",
    "method": "In person with carer",
    "decision": "No further action against the suspect",
}


def _example(column_type: str, name: str, choices: tuple[str, ...]) -> str:
    if name in _NAMED_EXAMPLES:
        return _NAMED_EXAMPLES[name]
    if choices:
        return next((c for c in choices if c), "")
    return _EXAMPLES.get(column_type, "")


def _is_required(model_field: models.Field) -> bool:
    if model_field.null or model_field.blank:
        return False
    return not model_field.has_default()


def _column_for_field(model_field: models.Field, *, entry_model: type | None) -> Column:
    """Map a model field to its exchange column."""
    name = model_field.name
    required = _is_required(model_field)
    description = str(model_field.help_text or model_field.verbose_name).strip()
    default = model_field.get_default() if model_field.has_default() else None
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model
        null_ok = True
        if related is Person:
            return Column(
                f"{name}_reference",
                ColumnType.REFERENCE,
                required,
                "P-1001",
                f"{description} (a person's source reference)",
                field=name,
                target="people",
                nullable=null_ok,
            )
        if related is Address:
            return Column(
                f"{name}_reference",
                ColumnType.REFERENCE,
                required,
                "A-2001",
                f"{description} (an address's source reference)",
                field=name,
                target="addresses",
                nullable=null_ok,
            )
        if related.__name__ == "User":
            return Column(
                name,
                ColumnType.USERNAME,
                required,
                "officer_north",
                f"{description} (username)",
                field=name,
                nullable=null_ok,
            )
        if related.__name__ == "Team":
            return Column(
                name,
                ColumnType.TEAM,
                required,
                "North Child Abuse Team",
                f"{description} (team name in the case's district)",
                field=name,
                nullable=null_ok,
            )
        if related.__name__ == "District":
            return Column(name, ColumnType.DISTRICT, required, "north", "District code", field=name)
        if entry_model is not None and issubclass(related, CaseEntry):
            return Column(
                f"{name}_reference",
                ColumnType.REFERENCE,
                required,
                "E-3001",
                f"The {related._meta.verbose_name}'s source reference in the same case",
                field=name,
                target=entry_entity_name(related),
                nullable=null_ok,
            )
        raise TypeError(f"No exchange mapping for {model_field!r}")
    if isinstance(model_field, models.JSONField):
        choices = tuple(ViewTheme.values)
        return Column(
            name,
            ColumnType.CODES,
            False,
            ";".join(choices[:2]),
            "Codes separated by ';' in CSV, a JSON array in JSON Lines",
            choices=choices,
            field=name,
            default=[],
        )
    if model_field.choices:
        choices = tuple(str(value) for value, _label in model_field.flatchoices)
        return Column(
            name,
            ColumnType.CODE,
            required,
            _example(ColumnType.CODE, name, choices),
            description,
            choices=choices,
            max_length=model_field.max_length,
            field=name,
            default=default if default is not None else "",
        )
    if isinstance(model_field, models.BooleanField):
        return Column(
            name,
            ColumnType.BOOLEAN,
            required,
            "true",
            description,
            field=name,
            nullable=model_field.null,
            default=default,
        )
    if isinstance(model_field, models.DateTimeField):
        return Column(
            name,
            ColumnType.DATETIME,
            required,
            _example(ColumnType.DATETIME, name, ()),
            description,
            field=name,
            nullable=True,
        )
    if isinstance(model_field, models.DateField):
        return Column(
            name,
            ColumnType.DATE,
            required,
            _example(ColumnType.DATE, name, ()),
            description,
            field=name,
            nullable=True,
        )
    if isinstance(model_field, models.IntegerField):
        return Column(
            name,
            ColumnType.INTEGER,
            required,
            "2",
            description,
            field=name,
            nullable=model_field.null,
            default=default,
        )
    if isinstance(model_field, (models.CharField, models.TextField)):
        return Column(
            name,
            ColumnType.TEXT,
            required,
            _example(ColumnType.TEXT, name, ()),
            description,
            max_length=model_field.max_length,
            field=name,
            default="",
        )
    raise TypeError(f"No exchange mapping for {model_field!r}")


def _model_columns(
    model: type[models.Model], skip: set[str], *, entry_model: type | None = None
) -> list[Column]:
    return [
        _column_for_field(f, entry_model=entry_model)
        for f in model._meta.concrete_fields
        if f.name not in skip and not f.primary_key and f.editable
    ]


_KEY = Column(
    "source_reference",
    ColumnType.TEXT,
    True,
    "NICHE-0001",
    "The record's reference in the source system",
    max_length=64,
)

ADDRESSES = EntityFormat(
    "addresses",
    Address,
    (_KEY, *_model_columns(Address, {"source_reference"})),
    "Addresses, keyed by their source reference.",
)

PEOPLE = EntityFormat(
    "people",
    Person,
    (
        _KEY,
        *_model_columns(Person, {"source_reference", "source_system"}),
    ),
    "Children and adults, keyed by source system and reference; matched to existing people.",
)

CASES = EntityFormat(
    "cases",
    Case,
    (_KEY, *_model_columns(Case, {"source_reference", "source_system", "created_by"})),
    "Cases, keyed by source system and reference.",
)

PARTICIPANTS = EntityFormat(
    "participants",
    CaseParticipant,
    (
        Column(
            "case_reference",
            ColumnType.REFERENCE,
            True,
            "C-5001",
            "The case's source reference",
            field="case",
            target="cases",
        ),
        *_model_columns(CaseParticipant, {"case"}),
    ),
    "Who is in each case and in what role. The children present at an incident are the people in "
    "a child role here (`subject_child`, `child_present`): the standards judge each of them. An "
    "incident's `children_present` is only the number the caller reported; it adds nobody.",
    key=("case_reference", "person_reference", "role"),
)

FLAGS = EntityFormat(
    "flags",
    Flag,
    tuple(_model_columns(Flag, set())),
    "Warning markers on people, keyed by person, kind and start date.",
    key=("person_reference", "kind", "starts_on"),
)


def _entry_format(model: type[CaseEntry]) -> EntityFormat:
    common = [
        _KEY,
        Column(
            "case_reference",
            ColumnType.REFERENCE,
            True,
            "C-5001",
            "The case's source reference",
            field="case",
            target="cases",
        ),
    ]
    columns = _model_columns(model, {"source_reference", "case"}, entry_model=model)
    # When it was put on the record is what TIMELY_RECORD measures: an import never invents it.
    columns = [
        Column(c.name, c.type, True, c.example, c.description, field=c.field, nullable=True)
        if c.name == "recorded_at"
        else c
        for c in columns
    ]
    if model.child_required:
        columns = [
            Column(
                c.name,
                c.type,
                True,
                c.example,
                c.description + "; required for this entry",
                field=c.field,
                target=c.target,
            )
            if c.field == "child"
            else c
            for c in columns
        ]
    return EntityFormat(
        entry_entity_name(model),
        model,
        (*common, *columns),
        f"{str(model._meta.verbose_name).capitalize()} (stage: {model.stage.label}), "
        "keyed by case and source reference.",
        key=("case_reference", "source_reference"),
        is_entry=True,
    )


ENTRY_FORMATS = tuple(_entry_format(m) for m in ENTRY_MODELS)

# In load order: everything an entity references comes before it.
FORMATS: tuple[EntityFormat, ...] = (ADDRESSES, PEOPLE, CASES, PARTICIPANTS, FLAGS, *ENTRY_FORMATS)
FORMATS_BY_NAME = {f.name: f for f in FORMATS}
