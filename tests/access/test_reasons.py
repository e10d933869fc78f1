"""Reasons for out-of-district access: a choice from the list plus a real reference (issue 12)."""

import pytest
from django.core.exceptions import ValidationError

from safeguarding.access.reasons import AccessReason, GivenReason, reason_given


@pytest.mark.parametrize(
    "reference",
    ["INC-2026-0412", "43AB1234526", "CAD 1234 07/12", "MP/0077/26", "SR#2026.118", "1234"],
)
def test_real_references_are_accepted(reference):
    reason = reason_given(AccessReason.CALL_FOR_SERVICE, f"  {reference} ")
    assert reason.reference == reference
    assert reason.text == f"Call for service / incident in progress (ref {reference})"


@pytest.mark.parametrize(
    "reference",
    [
        "",
        " ",
        "x",
        ".",
        "-/-/",
        "123",
        "abcd",
        "none",
        "0000",
        "aaaa",
        "1-1-1-1",
        "-1234",
        "INC 12;34",
        "A" * 39 + "12",
    ],
)
def test_token_references_are_refused(reference):
    with pytest.raises(ValidationError) as refused:
        reason_given(AccessReason.CALL_FOR_SERVICE, reference)
    assert set(refused.value.message_dict) == {"reason_reference"}


@pytest.mark.parametrize("code", ["", "x", "Call: concern for a child", "OTHER"])
def test_the_reason_is_a_choice_from_the_list(code):
    with pytest.raises(ValidationError) as refused:
        reason_given(code, "INC-2026-0412")
    assert set(refused.value.message_dict) == {"reason_code"}


@pytest.mark.parametrize("description", ["", "x", "because!!!", "a b c d e f g"])
def test_other_needs_a_description(description):
    with pytest.raises(ValidationError) as refused:
        reason_given(AccessReason.OTHER, "INC-2026-0412", description)
    assert set(refused.value.message_dict) == {"reason_description"}


def test_other_with_a_description_reads_as_such_and_keeps_its_parts():
    reason = reason_given(AccessReason.OTHER, "SR 2026/118", "  Welfare  check asked by the school ")
    assert reason.text == "Other: Welfare check asked by the school (ref SR 2026/118)"
    assert reason.detail() == {
        "reason_code": "other",
        "reason_reference": "SR 2026/118",
        "reason_description": "Welfare check asked by the school",
    }
    assert GivenReason.from_detail(reason.detail()) == reason


def test_every_problem_is_named_at_once():
    with pytest.raises(ValidationError) as refused:
        reason_given("", "", "")
    assert set(refused.value.message_dict) == {"reason_code", "reason_reference"}
