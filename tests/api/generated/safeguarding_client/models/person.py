from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.blank_enum import BlankEnum
from ..models.disability_enum import DisabilityEnum
from ..models.ethnicity_enum import EthnicityEnum
from ..models.ethnicity_observed_enum import EthnicityObservedEnum
from ..models.ethnicity_self_defined_enum import EthnicitySelfDefinedEnum
from ..models.gender_enum import GenderEnum
from ..models.looked_after_enum import LookedAfterEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="Person")


@_attrs_define
class Person:
    """
    Attributes:
        created_at (datetime.datetime):
        district (str):
        forename (str):
        id (int):
        source_reference (str):  Default: ''.
        source_system (str):  Default: ''.
        surname (str):
        updated_at (datetime.datetime):
        version (int):
        current_address (int | None | Unset):
        date_of_birth (datetime.date | None | Unset):
        disability (BlankEnum | DisabilityEnum | Unset):
        ethnicity (BlankEnum | EthnicityEnum | Unset): Census group (what reports group by); follows the self-defined
            code when one is held.

            * `white` - White
            * `mixed` - Mixed or multiple ethnic groups
            * `asian` - Asian or Asian British
            * `black` - Black, Black British, Caribbean or African
            * `other` - Other ethnic group
            * `not_stated` - Chose not to say
            * `` - Not recorded
        ethnicity_observed (BlankEnum | EthnicityObservedEnum | Unset): Officer-observed ethnicity (IC code, e.g. IC1);
            never in place of the self-defined code.

            * `IC1` - IC1 White: North European
            * `IC2` - IC2 White: South European
            * `IC3` - IC3 Black
            * `IC4` - IC4 Asian: Indian subcontinent
            * `IC5` - IC5 Chinese, Japanese, Korean or other South East Asian
            * `IC6` - IC6 Arab or North African
            * `IC9` - IC9 Unknown
            * `` - Not recorded
        ethnicity_self_defined (BlankEnum | EthnicitySelfDefinedEnum | Unset): Self-defined ethnicity (18+1 code, e.g.
            W1); a DfE code (WBRI) is read as its 18+1 code.

            * `W1` - W1 White: English, Welsh, Scottish, Northern Irish or British
            * `W2` - W2 White: Irish
            * `W3` - W3 White: Gypsy or Irish Traveller
            * `W9` - W9 White: any other White background
            * `M1` - M1 Mixed: White and Black Caribbean
            * `M2` - M2 Mixed: White and Black African
            * `M3` - M3 Mixed: White and Asian
            * `M9` - M9 Mixed: any other Mixed or Multiple background
            * `A1` - A1 Asian or Asian British: Indian
            * `A2` - A2 Asian or Asian British: Pakistani
            * `A3` - A3 Asian or Asian British: Bangladeshi
            * `A4` - A4 Asian or Asian British: Chinese
            * `A9` - A9 Asian or Asian British: any other Asian background
            * `B1` - B1 Black or Black British: Caribbean
            * `B2` - B2 Black or Black British: African
            * `B9` - B9 Black or Black British: any other Black, Caribbean or African background
            * `O2` - O2 Other ethnic group: Arab
            * `O9` - O9 Other ethnic group: any other ethnic group
            * `NS` - NS Not stated
            * `` - Not recorded
        gender (BlankEnum | GenderEnum | Unset):
        is_child (bool | Unset): Under 18 when the record was made.
        looked_after (LookedAfterEnum | Unset): * `no` - Not looked after
            * `foster` - Looked after: foster care
            * `childrens_home` - Looked after: children's home
            * `kinship` - Looked after: kinship care
            * `other` - Looked after: other placement
        middle_names (str | Unset):
        nhs_number (str | Unset): NHS number, 10 digits with its check digit, e.g. 9434765919.
        phone (str | Unset):
        pnc_id (str | Unset): Police National Computer ID, YY/NNNNNNNL with its check letter, e.g. 12/0001234Y.
        school (str | Unset):
        upn (str | Unset): Unique pupil number (DfE), 13 characters with its check letter, e.g. B801200005001.
    """

    created_at: datetime.datetime
    district: str
    forename: str
    id: int
    surname: str
    updated_at: datetime.datetime
    version: int
    source_reference: str = ""
    source_system: str = ""
    current_address: int | None | Unset = UNSET
    date_of_birth: datetime.date | None | Unset = UNSET
    disability: BlankEnum | DisabilityEnum | Unset = UNSET
    ethnicity: BlankEnum | EthnicityEnum | Unset = UNSET
    ethnicity_observed: BlankEnum | EthnicityObservedEnum | Unset = UNSET
    ethnicity_self_defined: BlankEnum | EthnicitySelfDefinedEnum | Unset = UNSET
    gender: BlankEnum | GenderEnum | Unset = UNSET
    is_child: bool | Unset = UNSET
    looked_after: LookedAfterEnum | Unset = UNSET
    middle_names: str | Unset = UNSET
    nhs_number: str | Unset = UNSET
    phone: str | Unset = UNSET
    pnc_id: str | Unset = UNSET
    school: str | Unset = UNSET
    upn: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        district = self.district

        forename = self.forename

        id = self.id

        source_reference = self.source_reference

        source_system = self.source_system

        surname = self.surname

        updated_at = self.updated_at.isoformat()

        version = self.version

        current_address: int | None | Unset
        if isinstance(self.current_address, Unset):
            current_address = UNSET
        else:
            current_address = self.current_address

        date_of_birth: None | str | Unset
        if isinstance(self.date_of_birth, Unset):
            date_of_birth = UNSET
        elif isinstance(self.date_of_birth, datetime.date):
            date_of_birth = self.date_of_birth.isoformat()
        else:
            date_of_birth = self.date_of_birth

        disability: str | Unset
        if isinstance(self.disability, Unset):
            disability = UNSET
        elif isinstance(self.disability, DisabilityEnum):
            disability = self.disability.value
        else:
            disability = self.disability.value

        ethnicity: str | Unset
        if isinstance(self.ethnicity, Unset):
            ethnicity = UNSET
        elif isinstance(self.ethnicity, EthnicityEnum):
            ethnicity = self.ethnicity.value
        else:
            ethnicity = self.ethnicity.value

        ethnicity_observed: str | Unset
        if isinstance(self.ethnicity_observed, Unset):
            ethnicity_observed = UNSET
        elif isinstance(self.ethnicity_observed, EthnicityObservedEnum):
            ethnicity_observed = self.ethnicity_observed.value
        else:
            ethnicity_observed = self.ethnicity_observed.value

        ethnicity_self_defined: str | Unset
        if isinstance(self.ethnicity_self_defined, Unset):
            ethnicity_self_defined = UNSET
        elif isinstance(self.ethnicity_self_defined, EthnicitySelfDefinedEnum):
            ethnicity_self_defined = self.ethnicity_self_defined.value
        else:
            ethnicity_self_defined = self.ethnicity_self_defined.value

        gender: str | Unset
        if isinstance(self.gender, Unset):
            gender = UNSET
        elif isinstance(self.gender, GenderEnum):
            gender = self.gender.value
        else:
            gender = self.gender.value

        is_child = self.is_child

        looked_after: str | Unset = UNSET
        if not isinstance(self.looked_after, Unset):
            looked_after = self.looked_after.value

        middle_names = self.middle_names

        nhs_number = self.nhs_number

        phone = self.phone

        pnc_id = self.pnc_id

        school = self.school

        upn = self.upn

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "district": district,
                "forename": forename,
                "id": id,
                "source_reference": source_reference,
                "source_system": source_system,
                "surname": surname,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if current_address is not UNSET:
            field_dict["current_address"] = current_address
        if date_of_birth is not UNSET:
            field_dict["date_of_birth"] = date_of_birth
        if disability is not UNSET:
            field_dict["disability"] = disability
        if ethnicity is not UNSET:
            field_dict["ethnicity"] = ethnicity
        if ethnicity_observed is not UNSET:
            field_dict["ethnicity_observed"] = ethnicity_observed
        if ethnicity_self_defined is not UNSET:
            field_dict["ethnicity_self_defined"] = ethnicity_self_defined
        if gender is not UNSET:
            field_dict["gender"] = gender
        if is_child is not UNSET:
            field_dict["is_child"] = is_child
        if looked_after is not UNSET:
            field_dict["looked_after"] = looked_after
        if middle_names is not UNSET:
            field_dict["middle_names"] = middle_names
        if nhs_number is not UNSET:
            field_dict["nhs_number"] = nhs_number
        if phone is not UNSET:
            field_dict["phone"] = phone
        if pnc_id is not UNSET:
            field_dict["pnc_id"] = pnc_id
        if school is not UNSET:
            field_dict["school"] = school
        if upn is not UNSET:
            field_dict["upn"] = upn

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        district = d.pop("district")

        forename = d.pop("forename")

        id = d.pop("id")

        source_reference = d.pop("source_reference")

        source_system = d.pop("source_system")

        surname = d.pop("surname")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_current_address(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        current_address = _parse_current_address(d.pop("current_address", UNSET))

        def _parse_date_of_birth(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_of_birth_type_0 = datetime.date.fromisoformat(data)

                return date_of_birth_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        date_of_birth = _parse_date_of_birth(d.pop("date_of_birth", UNSET))

        def _parse_disability(data: object) -> BlankEnum | DisabilityEnum | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disability_type_0 = DisabilityEnum(data)

                return disability_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            disability_type_1 = BlankEnum(data)

            return disability_type_1

        disability = _parse_disability(d.pop("disability", UNSET))

        def _parse_ethnicity(data: object) -> BlankEnum | EthnicityEnum | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ethnicity_type_0 = EthnicityEnum(data)

                return ethnicity_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            ethnicity_type_1 = BlankEnum(data)

            return ethnicity_type_1

        ethnicity = _parse_ethnicity(d.pop("ethnicity", UNSET))

        def _parse_ethnicity_observed(
            data: object,
        ) -> BlankEnum | EthnicityObservedEnum | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ethnicity_observed_type_0 = EthnicityObservedEnum(data)

                return ethnicity_observed_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            ethnicity_observed_type_1 = BlankEnum(data)

            return ethnicity_observed_type_1

        ethnicity_observed = _parse_ethnicity_observed(
            d.pop("ethnicity_observed", UNSET)
        )

        def _parse_ethnicity_self_defined(
            data: object,
        ) -> BlankEnum | EthnicitySelfDefinedEnum | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ethnicity_self_defined_type_0 = EthnicitySelfDefinedEnum(data)

                return ethnicity_self_defined_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            ethnicity_self_defined_type_1 = BlankEnum(data)

            return ethnicity_self_defined_type_1

        ethnicity_self_defined = _parse_ethnicity_self_defined(
            d.pop("ethnicity_self_defined", UNSET)
        )

        def _parse_gender(data: object) -> BlankEnum | GenderEnum | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_0 = GenderEnum(data)

                return gender_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            gender_type_1 = BlankEnum(data)

            return gender_type_1

        gender = _parse_gender(d.pop("gender", UNSET))

        is_child = d.pop("is_child", UNSET)

        _looked_after = d.pop("looked_after", UNSET)
        looked_after: LookedAfterEnum | Unset
        if isinstance(_looked_after, Unset):
            looked_after = UNSET
        else:
            looked_after = LookedAfterEnum(_looked_after)

        middle_names = d.pop("middle_names", UNSET)

        nhs_number = d.pop("nhs_number", UNSET)

        phone = d.pop("phone", UNSET)

        pnc_id = d.pop("pnc_id", UNSET)

        school = d.pop("school", UNSET)

        upn = d.pop("upn", UNSET)

        person = cls(
            created_at=created_at,
            district=district,
            forename=forename,
            id=id,
            source_reference=source_reference,
            source_system=source_system,
            surname=surname,
            updated_at=updated_at,
            version=version,
            current_address=current_address,
            date_of_birth=date_of_birth,
            disability=disability,
            ethnicity=ethnicity,
            ethnicity_observed=ethnicity_observed,
            ethnicity_self_defined=ethnicity_self_defined,
            gender=gender,
            is_child=is_child,
            looked_after=looked_after,
            middle_names=middle_names,
            nhs_number=nhs_number,
            phone=phone,
            pnc_id=pnc_id,
            school=school,
            upn=upn,
        )

        person.additional_properties = d
        return person

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
