"""POST /api/v1/first-contact/lookup/: the same lookup as the page, as JSON. POST, so names stay
out of URLs and server logs."""

import datetime as dt

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from safeguarding.access.models import TokenScope
from safeguarding.access.reasons import (
    DESCRIPTION_MAX_LENGTH,
    REFERENCE_HELP,
    REFERENCE_MAX_LENGTH,
    AccessReason,
    reason_given,
)
from safeguarding.access.roles import Permission
from safeguarding.firstcontact.query import BadQuery
from safeguarding.firstcontact.selectors import (
    AddressResult,
    FlagBadge,
    LookupResult,
    PersonResult,
    RiskSummary,
    SummaryLine,
)
from safeguarding.firstcontact.services import lookup_run


class LookupRequestSerializer(serializers.Serializer):
    q = serializers.CharField(
        allow_blank=True,
        max_length=200,
        help_text="Name (fuzzy), date of birth (dd/mm/yyyy, or a month or year with a name), "
        "address line, postcode or phone; combine them freely.",
    )
    reason_code = serializers.ChoiceField(
        choices=AccessReason.choices, help_text="Why: one of the reasons for reaching outside your districts."
    )
    reason_reference = serializers.CharField(
        allow_blank=True, max_length=REFERENCE_MAX_LENGTH, help_text=REFERENCE_HELP
    )
    reason_description = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text="Required when reason_code is 'other'.",
    )


class FlagBadgeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    severity = serializers.ChoiceField(choices=["danger", "warn", "info"])
    since = serializers.DateField()
    detail = serializers.CharField()


class SummaryLineSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="cp_plan, cse_risk, looked_after, missing, domestic_abuse, "
        "cumulative_risk, risk_adult, open_investigation, protective_bail"
    )
    severity = serializers.CharField()
    text = serializers.CharField()
    record_type = serializers.ChoiceField(choices=["person", "case"])
    record_id = serializers.IntegerField()
    url = serializers.CharField(help_text="The record's page; empty when there is none.")
    needs_reason = serializers.BooleanField(help_text="Outside your districts: opening it needs a reason.")


class RiskAdultSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    how = serializers.ListField(child=serializers.CharField())
    why = serializers.ListField(child=serializers.CharField())


class RiskSummarySerializer(serializers.Serializer):
    cp_plan_category = serializers.CharField()
    cp_plan_since = serializers.DateField(allow_null=True)
    cse_risk = serializers.BooleanField()
    looked_after = serializers.BooleanField()
    missing_total = serializers.IntegerField()
    missing_last_90_days = serializers.IntegerField()
    missing_last_grade = serializers.CharField()
    da_incidents_12_months = serializers.IntegerField()
    da_incidents_with_children_12_months = serializers.IntegerField()
    da_children_present_12_months = serializers.IntegerField(
        help_text="Children on the cases of those incidents (not the number callers reported)."
    )
    cumulative_risk = serializers.BooleanField()
    risk_adults = RiskAdultSerializer(many=True)
    open_investigations = serializers.IntegerField()
    protective_bail = serializers.IntegerField()
    lines = SummaryLineSerializer(many=True)


class PersonResultSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    age = serializers.IntegerField(allow_null=True)
    is_child = serializers.BooleanField()
    district = serializers.CharField()
    address = serializers.CharField()
    match = serializers.CharField()
    score = serializers.FloatField()
    in_scope = serializers.BooleanField(help_text="False: the full record needs a reason to open.")
    url = serializers.CharField()
    flags = FlagBadgeSerializer(many=True)
    summary = RiskSummarySerializer()


class ResidentSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    age = serializers.IntegerField(allow_null=True)
    flags = FlagBadgeSerializer(many=True)


class AddressResultSerializer(serializers.Serializer):
    address_id = serializers.IntegerField()
    label = serializers.CharField()
    postcode = serializers.CharField()
    district = serializers.CharField()
    residents = ResidentSerializer(many=True)
    da_incidents_12_months = serializers.IntegerField()
    cumulative_risk = serializers.BooleanField()
    lines = SummaryLineSerializer(many=True)


class LookupResponseSerializer(serializers.Serializer):
    people = PersonResultSerializer(many=True)
    addresses = AddressResultSerializer(many=True)
    more = serializers.BooleanField(help_text="More matched than shown: narrow the query.")
    outside_scope = serializers.IntegerField()


class LookupView(APIView):
    required_permission = Permission.FIRST_CONTACT_LOOKUP
    token_scope = TokenScope.READ  # a POST (names stay out of URLs) that only reads

    @extend_schema(
        operation_id="first_contact_lookup",
        summary="First contact: what do we already know?",
        description="Searches the whole force (the reason is written to the access log). Returns "
        "ranked people and addresses, each with flags and a risk summary whose lines name the "
        "record behind them. A query that cannot be right is refused with 400 and nothing is searched.",
        request=LookupRequestSerializer,
        responses={200: LookupResponseSerializer},  # errors: Problem (api_problems.py)
        examples=[
            OpenApiExample(
                "Misspelt name",
                value={
                    "q": "Amelia Hartly",
                    "reason_code": "call_for_service",
                    "reason_reference": "INC-2026-0412",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        incoming = LookupRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)  # a problem naming each field (api_problems.py)
        data = incoming.validated_data
        try:
            # The same check as the page's: a choice from the list and a real reference.
            reason = reason_given(data["reason_code"], data["reason_reference"], data["reason_description"])
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        try:
            result = lookup_run(actor=request.user, text=data["q"], reason=reason)
        except BadQuery as problem:
            raise serializers.ValidationError({"q": [str(problem)]}) from problem
        return Response(lookup_json(result))


# The response, built directly: the serializers above describe it (OpenAPI) and a test holds the
# two equal, but running them costs several milliseconds a lookup (20 people x a dozen lines).


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _flag_json(flag: FlagBadge) -> dict:
    return {
        "kind": flag.kind,
        "label": flag.label,
        "severity": flag.severity,
        "since": _day(flag.since),
        "detail": flag.detail,
    }


def _line_json(line: SummaryLine) -> dict:
    return {
        "kind": line.kind,
        "severity": line.severity,
        "text": line.text,
        "record_type": line.record_type,
        "record_id": line.record_id,
        "url": line.url,
        "needs_reason": line.needs_reason,
    }


def _summary_json(summary: RiskSummary) -> dict:
    return {
        "cp_plan_category": summary.cp_plan_category,
        "cp_plan_since": _day(summary.cp_plan_since),
        "cse_risk": summary.cse_risk,
        "looked_after": summary.looked_after,
        "missing_total": summary.missing_total,
        "missing_last_90_days": summary.missing_last_90_days,
        "missing_last_grade": summary.missing_last_grade,
        "da_incidents_12_months": summary.da_incidents_12_months,
        "da_incidents_with_children_12_months": summary.da_incidents_with_children_12_months,
        "da_children_present_12_months": summary.da_children_present_12_months,
        "cumulative_risk": summary.cumulative_risk,
        "risk_adults": [
            {"person_id": adult.person_id, "name": adult.name, "how": list(adult.how), "why": list(adult.why)}
            for adult in summary.risk_adults
        ],
        "open_investigations": summary.open_investigations,
        "protective_bail": summary.protective_bail,
        "lines": [_line_json(line) for line in summary.lines],
    }


def _person_json(person: PersonResult) -> dict:
    return {
        "person_id": person.person_id,
        "name": person.name,
        "date_of_birth": _day(person.date_of_birth),
        "age": person.age,
        "is_child": person.is_child,
        "district": person.district,
        "address": person.address,
        "match": person.match,
        "score": float(person.score),
        "in_scope": person.in_scope,
        "url": person.url,
        "flags": [_flag_json(flag) for flag in person.flags],
        "summary": _summary_json(person.summary) if person.summary is not None else None,
    }


def _address_json(address: AddressResult) -> dict:
    return {
        "address_id": address.address_id,
        "label": address.label,
        "postcode": address.postcode,
        "district": address.district,
        "residents": [
            {
                "person_id": resident.person_id,
                "name": resident.name,
                "age": resident.age,
                "flags": [_flag_json(flag) for flag in resident.flags],
            }
            for resident in address.residents
        ],
        "da_incidents_12_months": address.da_incidents_12_months,
        "cumulative_risk": address.cumulative_risk,
        "lines": [_line_json(line) for line in address.lines],
    }


def lookup_json(result: LookupResult) -> dict:
    """What LookupResponseSerializer(asdict(result)).data gives, without the serializer."""
    return {
        "people": [_person_json(person) for person in result.people],
        "addresses": [_address_json(address) for address in result.addresses],
        "more": result.more,
        "outside_scope": result.outside_scope,
    }
