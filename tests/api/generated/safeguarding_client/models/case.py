from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.case_type_enum import CaseTypeEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="Case")


@_attrs_define
class Case:
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
        created_at (datetime.datetime):
        created_by (int | None):
        district (str):
        first_reported_at (datetime.datetime): When the first report or call was received.
        id (int):
        reference (str):
        source_reference (str):
        source_system (str):
        updated_at (datetime.datetime):
        version (int):
        closed_at (datetime.datetime | None | Unset):
        officer_in_charge (int | None | Unset):
        significant_harm_suspected (bool | Unset):
        summary (str | Unset):
        supervisor (int | None | Unset):
        team (int | None | Unset):
    """

    case_type: CaseTypeEnum
    created_at: datetime.datetime
    created_by: int | None
    district: str
    first_reported_at: datetime.datetime
    id: int
    reference: str
    source_reference: str
    source_system: str
    updated_at: datetime.datetime
    version: int
    closed_at: datetime.datetime | None | Unset = UNSET
    officer_in_charge: int | None | Unset = UNSET
    significant_harm_suspected: bool | Unset = UNSET
    summary: str | Unset = UNSET
    supervisor: int | None | Unset = UNSET
    team: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_type = self.case_type.value

        created_at = self.created_at.isoformat()

        created_by: int | None
        created_by = self.created_by

        district = self.district

        first_reported_at = self.first_reported_at.isoformat()

        id = self.id

        reference = self.reference

        source_reference = self.source_reference

        source_system = self.source_system

        updated_at = self.updated_at.isoformat()

        version = self.version

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
                "created_at": created_at,
                "created_by": created_by,
                "district": district,
                "first_reported_at": first_reported_at,
                "id": id,
                "reference": reference,
                "source_reference": source_reference,
                "source_system": source_system,
                "updated_at": updated_at,
                "version": version,
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

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_created_by(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        created_by = _parse_created_by(d.pop("created_by"))

        district = d.pop("district")

        first_reported_at = datetime.datetime.fromisoformat(d.pop("first_reported_at"))

        id = d.pop("id")

        reference = d.pop("reference")

        source_reference = d.pop("source_reference")

        source_system = d.pop("source_system")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

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

        case = cls(
            case_type=case_type,
            created_at=created_at,
            created_by=created_by,
            district=district,
            first_reported_at=first_reported_at,
            id=id,
            reference=reference,
            source_reference=source_reference,
            source_system=source_system,
            updated_at=updated_at,
            version=version,
            closed_at=closed_at,
            officer_in_charge=officer_in_charge,
            significant_harm_suspected=significant_harm_suspected,
            summary=summary,
            supervisor=supervisor,
            team=team,
        )

        case.additional_properties = d
        return case

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
