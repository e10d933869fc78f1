"""Reading the API's RFC 9457 problems in tests (safeguarding/api_problems.py)."""

PROBLEM_JSON = "application/problem+json"


def refused_fields(response) -> dict[str, list[str]]:
    """A 400 problem's errors as {field: [messages]} (non-field errors under "non_field_errors")."""
    assert response["Content-Type"].startswith(PROBLEM_JSON), response.content[:300]
    fields: dict[str, list[str]] = {}
    for error in response.json()["errors"]:
        name = error.get("pointer", "#/non_field_errors").removeprefix("#/").split("/")[0]
        fields.setdefault(name, []).append(error["detail"])
    return fields
