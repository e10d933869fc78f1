import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.paginated_person_list import PaginatedPersonList
from ...models.people_list_ethnicity import PeopleListEthnicity
from ...models.people_list_ethnicity_self_defined import PeopleListEthnicitySelfDefined
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    date_of_birth: datetime.date | Unset = UNSET,
    district: str | Unset = UNSET,
    ethnicity: PeopleListEthnicity | Unset = UNSET,
    ethnicity_self_defined: PeopleListEthnicitySelfDefined | Unset = UNSET,
    forename: str | Unset = UNSET,
    is_child: bool | Unset = UNSET,
    limit: int | Unset = UNSET,
    nhs_number: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    ordering: str | Unset = UNSET,
    pnc_id: str | Unset = UNSET,
    surname: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    upn: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    json_date_of_birth: str | Unset = UNSET
    if not isinstance(date_of_birth, Unset):
        json_date_of_birth = date_of_birth.isoformat()
    params["date_of_birth"] = json_date_of_birth

    params["district"] = district

    json_ethnicity: str | Unset = UNSET
    if not isinstance(ethnicity, Unset):
        json_ethnicity = ethnicity.value

    params["ethnicity"] = json_ethnicity

    json_ethnicity_self_defined: str | Unset = UNSET
    if not isinstance(ethnicity_self_defined, Unset):
        json_ethnicity_self_defined = ethnicity_self_defined.value

    params["ethnicity_self_defined"] = json_ethnicity_self_defined

    params["forename"] = forename

    params["is_child"] = is_child

    params["limit"] = limit

    params["nhs_number"] = nhs_number

    params["offset"] = offset

    params["ordering"] = ordering

    params["pnc_id"] = pnc_id

    params["surname"] = surname

    json_updated_since: str | Unset = UNSET
    if not isinstance(updated_since, Unset):
        json_updated_since = updated_since.isoformat()
    params["updated_since"] = json_updated_since

    params["upn"] = upn

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/people/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedPersonList | Problem | None:
    if response.status_code == 200:
        response_200 = PaginatedPersonList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 405:
        response_405 = Problem.from_dict(response.json())

        return response_405

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaginatedPersonList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    date_of_birth: datetime.date | Unset = UNSET,
    district: str | Unset = UNSET,
    ethnicity: PeopleListEthnicity | Unset = UNSET,
    ethnicity_self_defined: PeopleListEthnicitySelfDefined | Unset = UNSET,
    forename: str | Unset = UNSET,
    is_child: bool | Unset = UNSET,
    limit: int | Unset = UNSET,
    nhs_number: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    ordering: str | Unset = UNSET,
    pnc_id: str | Unset = UNSET,
    surname: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    upn: str | Unset = UNSET,
) -> Response[PaginatedPersonList | Problem]:
    """
    Args:
        cursor (str | Unset):
        date_of_birth (datetime.date | Unset):
        district (str | Unset):
        ethnicity (PeopleListEthnicity | Unset):
        ethnicity_self_defined (PeopleListEthnicitySelfDefined | Unset):
        forename (str | Unset):
        is_child (bool | Unset):
        limit (int | Unset):
        nhs_number (str | Unset):
        offset (int | Unset):
        ordering (str | Unset):
        pnc_id (str | Unset):
        surname (str | Unset):
        updated_since (datetime.datetime | Unset):
        upn (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedPersonList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        date_of_birth=date_of_birth,
        district=district,
        ethnicity=ethnicity,
        ethnicity_self_defined=ethnicity_self_defined,
        forename=forename,
        is_child=is_child,
        limit=limit,
        nhs_number=nhs_number,
        offset=offset,
        ordering=ordering,
        pnc_id=pnc_id,
        surname=surname,
        updated_since=updated_since,
        upn=upn,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    date_of_birth: datetime.date | Unset = UNSET,
    district: str | Unset = UNSET,
    ethnicity: PeopleListEthnicity | Unset = UNSET,
    ethnicity_self_defined: PeopleListEthnicitySelfDefined | Unset = UNSET,
    forename: str | Unset = UNSET,
    is_child: bool | Unset = UNSET,
    limit: int | Unset = UNSET,
    nhs_number: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    ordering: str | Unset = UNSET,
    pnc_id: str | Unset = UNSET,
    surname: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    upn: str | Unset = UNSET,
) -> PaginatedPersonList | Problem | None:
    """
    Args:
        cursor (str | Unset):
        date_of_birth (datetime.date | Unset):
        district (str | Unset):
        ethnicity (PeopleListEthnicity | Unset):
        ethnicity_self_defined (PeopleListEthnicitySelfDefined | Unset):
        forename (str | Unset):
        is_child (bool | Unset):
        limit (int | Unset):
        nhs_number (str | Unset):
        offset (int | Unset):
        ordering (str | Unset):
        pnc_id (str | Unset):
        surname (str | Unset):
        updated_since (datetime.datetime | Unset):
        upn (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedPersonList | Problem
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        date_of_birth=date_of_birth,
        district=district,
        ethnicity=ethnicity,
        ethnicity_self_defined=ethnicity_self_defined,
        forename=forename,
        is_child=is_child,
        limit=limit,
        nhs_number=nhs_number,
        offset=offset,
        ordering=ordering,
        pnc_id=pnc_id,
        surname=surname,
        updated_since=updated_since,
        upn=upn,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    date_of_birth: datetime.date | Unset = UNSET,
    district: str | Unset = UNSET,
    ethnicity: PeopleListEthnicity | Unset = UNSET,
    ethnicity_self_defined: PeopleListEthnicitySelfDefined | Unset = UNSET,
    forename: str | Unset = UNSET,
    is_child: bool | Unset = UNSET,
    limit: int | Unset = UNSET,
    nhs_number: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    ordering: str | Unset = UNSET,
    pnc_id: str | Unset = UNSET,
    surname: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    upn: str | Unset = UNSET,
) -> Response[PaginatedPersonList | Problem]:
    """
    Args:
        cursor (str | Unset):
        date_of_birth (datetime.date | Unset):
        district (str | Unset):
        ethnicity (PeopleListEthnicity | Unset):
        ethnicity_self_defined (PeopleListEthnicitySelfDefined | Unset):
        forename (str | Unset):
        is_child (bool | Unset):
        limit (int | Unset):
        nhs_number (str | Unset):
        offset (int | Unset):
        ordering (str | Unset):
        pnc_id (str | Unset):
        surname (str | Unset):
        updated_since (datetime.datetime | Unset):
        upn (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedPersonList | Problem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        date_of_birth=date_of_birth,
        district=district,
        ethnicity=ethnicity,
        ethnicity_self_defined=ethnicity_self_defined,
        forename=forename,
        is_child=is_child,
        limit=limit,
        nhs_number=nhs_number,
        offset=offset,
        ordering=ordering,
        pnc_id=pnc_id,
        surname=surname,
        updated_since=updated_since,
        upn=upn,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    date_of_birth: datetime.date | Unset = UNSET,
    district: str | Unset = UNSET,
    ethnicity: PeopleListEthnicity | Unset = UNSET,
    ethnicity_self_defined: PeopleListEthnicitySelfDefined | Unset = UNSET,
    forename: str | Unset = UNSET,
    is_child: bool | Unset = UNSET,
    limit: int | Unset = UNSET,
    nhs_number: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    ordering: str | Unset = UNSET,
    pnc_id: str | Unset = UNSET,
    surname: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    upn: str | Unset = UNSET,
) -> PaginatedPersonList | Problem | None:
    """
    Args:
        cursor (str | Unset):
        date_of_birth (datetime.date | Unset):
        district (str | Unset):
        ethnicity (PeopleListEthnicity | Unset):
        ethnicity_self_defined (PeopleListEthnicitySelfDefined | Unset):
        forename (str | Unset):
        is_child (bool | Unset):
        limit (int | Unset):
        nhs_number (str | Unset):
        offset (int | Unset):
        ordering (str | Unset):
        pnc_id (str | Unset):
        surname (str | Unset):
        updated_since (datetime.datetime | Unset):
        upn (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedPersonList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            date_of_birth=date_of_birth,
            district=district,
            ethnicity=ethnicity,
            ethnicity_self_defined=ethnicity_self_defined,
            forename=forename,
            is_child=is_child,
            limit=limit,
            nhs_number=nhs_number,
            offset=offset,
            ordering=ordering,
            pnc_id=pnc_id,
            surname=surname,
            updated_since=updated_since,
            upn=upn,
        )
    ).parsed
