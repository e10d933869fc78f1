"""The part of the OpenAPI schema the committed generated client covers (people and cases), so
the client under tests/api/generated/ stays small. Regenerate it with:

    safeguarding spectacular --format openapi-json > schema.json
    python -m tests.api.client_schema schema.json > client-schema.json
    (cd /tmp && openapi-python-client generate --path client-schema.json --meta none \\
        --output-path /tmp/safeguarding_client)   # outside the repo: ruff's defaults, not ours
    cp -r /tmp/safeguarding_client tests/api/generated/

openapi-python-client==0.29.1 (PyPI; pinned in requirements-client.txt) needs httpx<0.29 while
the project pins httpx 0.29.0, so it runs from its own virtualenv:
    python3 -m venv /tmp/opc && /tmp/opc/bin/pip install -r requirements-client.txt
and the regeneration test runs when OPENAPI_PYTHON_CLIENT names its binary."""

import json
import sys

COVERED = ("/api/v1/people/", "/api/v1/cases/")


def _refs(node, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def client_schema(schema: dict) -> dict:
    paths = json.loads(json.dumps({p: ops for p, ops in schema["paths"].items() if p.startswith(COVERED)}))
    for operations in paths.values():
        for operation in operations.values():
            # The client sends JSON (the generator mishandles one body in three media types).
            content = operation.get("requestBody", {}).get("content") if isinstance(operation, dict) else None
            if content:
                operation["requestBody"]["content"] = {"application/json": content["application/json"]}
    wanted: set[str] = set()
    _refs(paths, wanted)
    components = schema["components"]["schemas"]
    while True:  # and whatever those refer to
        more: set[str] = set()
        for name in wanted:
            _refs(components[name], more)
        if more <= wanted:
            break
        wanted |= more
    pruned = {**schema, "paths": paths}
    pruned["components"] = {
        **schema["components"],
        "schemas": {name: components[name] for name in sorted(wanted)},
    }
    return pruned


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(json.dumps(client_schema(json.load(handle)), indent=2, sort_keys=True))
