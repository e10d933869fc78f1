from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.case_type_enum import CaseTypeEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="CaseRequest")


@_attrs_define
class CaseRequest:
    """
    Attributes:
        case_type (CaseTypeEnum): * `cp_enquiry` - Child protection enquiry (s47)
            * `domestic_abuse` - Domestic abuse
            * `general_concern` - General concern with referral to children's social care
            * `sex_offender` - Sex offender enquiry
            * `missing` - Missing children
            * `police_protection` - Police protection (s46)
            * `cse` - At risk of sexual exploitation
            * `online_abuse` - Online sexual abuse
            * `custody` - Child in custody
        district (str):
        first_reported_at (datetime.datetime): When the first report or call was received.
        reference (str):
        closed_at (datetime.datetime | None | Unset):
        officer_in_charge (int | None | Unset):
        significant_harm_suspected (bool | Unset):
        summary (str | Unset):
        supervisor (int | None | Unset):
        team (int | None | Unset):
    """

    case_type: CaseTypeEnum
    district: str
    first_reported_at: datetime.datetime
    reference: str
    closed_at: datetime.datetime | None | Unset = UNSET
    officer_in_charge: int | None | Unset = UNSET
    significant_harm_suspected: bool | Unset = UNSET
    summary: str | Unset = UNSET
    supervisor: int | None | Unset = UNSET
    team: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_type = self.case_type.value

        district = self.district

        first_reported_at = self.first_reported_at.isoformat()

        reference = self.reference

        closed_at: None | str | Unset
        if isinstance(self.closed_at, Unset):
            closed_at = UNSET
        elif isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        officer_in_charge: int | None | Unset
        if isinstance(self.officer_in_charge, Unset):
            officer_in_charge = UNSET
        else:
            officer_in_charge = self.officer_in_charge

        significant_harm_suspected = self.significant_harm_suspected

        summary = self.summary

        supervisor: int | None | Unset
        if isinstance(self.supervisor, Unset):
            supervisor = UNSET
        else:
            supervisor = self.supervisor

        team: int | None | Unset
        if isinstance(self.team, Unset):
            team = UNSET
        else:
            team = self.team

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_type": case_type,
                "district": district,
                "first_reported_at": first_reported_at,
                "reference": reference,
            }
        )
        if closed_at is not UNSET:
            field_dict["closed_at"] = closed_at
        if officer_in_charge is not UNSET:
            field_dict["officer_in_charge"] = officer_in_charge
        if significant_harm_suspected is not UNSET:
            field_dict["significant_harm_suspected"] = significant_harm_suspected
        if summary is not UNSET:
            field_dict["summary"] = summary
        if supervisor is not UNSET:
            field_dict["supervisor"] = supervisor
        if team is not UNSET:
            field_dict["team"] = team

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        case_type = CaseTypeEnum(d.pop("case_type"))

        district = d.pop("district")

        first_reported_at = datetime.datetime.fromisoformat(d.pop("first_reported_at"))

        reference = d.pop("reference")

        def _parse_closed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        closed_at = _parse_closed_at(d.pop("closed_at", UNSET))

        def _parse_officer_in_charge(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        officer_in_charge = _parse_officer_in_charge(d.pop("officer_in_charge", UNSET))

        significant_harm_suspected = d.pop("significant_harm_suspected", UNSET)

        summary = d.pop("summary", UNSET)

        def _parse_supervisor(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        supervisor = _parse_supervisor(d.pop("supervisor", UNSET))

        def _parse_team(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        team = _parse_team(d.pop("team", UNSET))

        case_request = cls(
            case_type=case_type,
            district=district,
            first_reported_at=first_reported_at,
            reference=reference,
            closed_at=closed_at,
            officer_in_charge=officer_in_charge,
            significant_harm_suspected=significant_harm_suspected,
            summary=summary,
            supervisor=supervisor,
            team=team,
        )

        case_request.additional_properties = d
        return case_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
