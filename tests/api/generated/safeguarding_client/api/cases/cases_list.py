import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cases_list_case_type import CasesListCaseType
from ...models.paginated_case_list import PaginatedCaseList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    case_type: CasesListCaseType | Unset = UNSET,
    cursor: str | Unset = UNSET,
    district: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    open_: bool | Unset = UNSET,
    ordering: str | Unset = UNSET,
    reference: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_case_type: str | Unset = UNSET
    if not isinstance(case_type, Unset):
        json_case_type = case_type.value

    params["case_type"] = json_case_type

    params["cursor"] = cursor

    params["district"] = district

    params["limit"] = limit

    params["offset"] = offset

    params["open"] = open_

    params["ordering"] = ordering

    params["reference"] = reference

    json_updated_since: str | Unset = UNSET
    if not isinstance(updated_since, Unset):
        json_updated_since = updated_since.isoformat()
    params["updated_since"] = json_updated_since

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/cases/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedCaseList | Problem | None:
    if response.status_code == 200:
        response_200 = PaginatedCaseList.from_dict(response.json())

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
) -> Response[PaginatedCaseList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    case_type: CasesListCaseType | Unset = UNSET,
    cursor: str | Unset = UNSET,
    district: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    open_: bool | Unset = UNSET,
    ordering: str | Unset = UNSET,
    reference: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedCaseList | Problem]:
    """
    Args:
        case_type (CasesListCaseType | Unset):
        cursor (str | Unset):
        district (str | Unset):
        limit (int | Unset):
        offset (int | Unset):
        open_ (bool | Unset):
        ordering (str | Unset):
        reference (str | Unset):
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedCaseList | Problem]
    """

    kwargs = _get_kwargs(
        case_type=case_type,
        cursor=cursor,
        district=district,
        limit=limit,
        offset=offset,
        open_=open_,
        ordering=ordering,
        reference=reference,
        updated_since=updated_since,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    case_type: CasesListCaseType | Unset = UNSET,
    cursor: str | Unset = UNSET,
    district: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    open_: bool | Unset = UNSET,
    ordering: str | Unset = UNSET,
    reference: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> PaginatedCaseList | Problem | None:
    """
    Args:
        case_type (CasesListCaseType | Unset):
        cursor (str | Unset):
        district (str | Unset):
        limit (int | Unset):
        offset (int | Unset):
        open_ (bool | Unset):
        ordering (str | Unset):
        reference (str | Unset):
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedCaseList | Problem
    """

    return sync_detailed(
        client=client,
        case_type=case_type,
        cursor=cursor,
        district=district,
        limit=limit,
        offset=offset,
        open_=open_,
        ordering=ordering,
        reference=reference,
        updated_since=updated_since,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    case_type: CasesListCaseType | Unset = UNSET,
    cursor: str | Unset = UNSET,
    district: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    open_: bool | Unset = UNSET,
    ordering: str | Unset = UNSET,
    reference: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Response[PaginatedCaseList | Problem]:
    """
    Args:
        case_type (CasesListCaseType | Unset):
        cursor (str | Unset):
        district (str | Unset):
        limit (int | Unset):
        offset (int | Unset):
        open_ (bool | Unset):
        ordering (str | Unset):
        reference (str | Unset):
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedCaseList | Problem]
    """

    kwargs = _get_kwargs(
        case_type=case_type,
        cursor=cursor,
        district=district,
        limit=limit,
        offset=offset,
        open_=open_,
        ordering=ordering,
        reference=reference,
        updated_since=updated_since,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    case_type: CasesListCaseType | Unset = UNSET,
    cursor: str | Unset = UNSET,
    district: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    open_: bool | Unset = UNSET,
    ordering: str | Unset = UNSET,
    reference: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> PaginatedCaseList | Problem | None:
    """
    Args:
        case_type (CasesListCaseType | Unset):
        cursor (str | Unset):
        district (str | Unset):
        limit (int | Unset):
        offset (int | Unset):
        open_ (bool | Unset):
        ordering (str | Unset):
        reference (str | Unset):
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedCaseList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            case_type=case_type,
            cursor=cursor,
            district=district,
            limit=limit,
            offset=offset,
            open_=open_,
            ordering=ordering,
            reference=reference,
            updated_since=updated_since,
        )
    ).parsed
