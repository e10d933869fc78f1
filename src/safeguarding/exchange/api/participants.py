"""The people in a case over the API (issue 16): list, read, add and take off, through the same
services as the pages (cases.services.participant_add / participant_remove), so the roles, the
out-of-district reason and the re-judging of the per-child standards hold on both ways in."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import mixins, serializers

from safeguarding.access.models import User
from safeguarding.access.reasons import GivenReason, reason_given
from safeguarding.access.roles import Scope
from safeguarding.cases import services
from safeguarding.cases.models import CaseParticipant
from safeguarding.cases.scoping import cases_visible_to, people_visible_to
from safeguarding.cases.selectors import case_for_editor
from safeguarding.cases.vocabulary import ParticipantRole
from safeguarding.exchange.api.filters import ParticipantFilter
from safeguarding.exchange.api.views import RecordViewSet
from safeguarding.people.models import Person

MAX_ID = 10**18 - 1


class ParticipantSerializer(serializers.ModelSerializer):
    # Ids as the URLs take them (1 to 18 digits): a larger number is no record, not a server error.
    case = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    # Every role reads back (the subject child included); the service refuses to add a subject child.
    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    # A person of another district: the reason (from the list, with a reference), as on the pages.
    reason_code = serializers.CharField(write_only=True, required=False, allow_blank=True)
    reason_reference = serializers.CharField(write_only=True, required=False, allow_blank=True)
    reason_description = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = CaseParticipant
        fields = ["id", "case", "person", "role", "reason_code", "reason_reference", "reason_description"]

    def to_representation(self, instance):
        return {
            "id": instance.pk,
            "case": instance.case_id,
            "person": instance.person_id,
            "role": instance.role,
        }


def _as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


def _person_for(user: User, person_id: int, reason: GivenReason | None) -> Person:
    person = people_visible_to(user).filter(pk=person_id).first()
    if person is None and reason is not None and user.scope == Scope.OWN_DISTRICTS:
        person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    return person


class ParticipantViewSet(mixins.DestroyModelMixin, RecordViewSet):
    """People in a case: children present, victims, suspects, parents or carers, other adults."""

    model = CaseParticipant
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def scoped(self):
        return CaseParticipant.objects.filter(case__in=cases_visible_to(self.request.user)).order_by("id")

    def perform_create(self, serializer):
        user, data = self.request.user, serializer.validated_data
        case = case_for_editor(user, data["case"])
        reason = None
        if data.get("reason_code"):
            try:
                reason = reason_given(
                    data["reason_code"], data.get("reason_reference"), data.get("reason_description")
                )
            except DjangoValidationError as error:
                raise _as_api_error(error) from error
        person = _person_for(user, data["person"], reason)
        try:
            serializer.instance = services.participant_add(
                actor=user, case=case, person=person, role=data["role"], reason=reason
            )
        except DjangoValidationError as error:
            raise _as_api_error(error) from error

    def perform_destroy(self, instance):
        case_for_editor(self.request.user, instance.case_id)
        try:
            services.participant_remove(actor=self.request.user, participant=instance)
        except DjangoValidationError as error:
            raise _as_api_error(error) from error
