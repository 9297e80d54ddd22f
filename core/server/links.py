"""OpenAPI links between operations, found from the paths themselves.

flask-smorest documents each operation on its own; a client (or a fuzzer testing sequences
of calls) also wants to know that the ``id`` a ``POST /rides`` answers is the ``ride_id`` of
``/rides/{ride_id}/outcome``. The rule: an operation under ``…/{name}`` takes ``name`` from
the ``id`` that the collection path before it answers (its POST's 201, its GET's 200, an
object or the first of a list), and the path parameters the two share from the request.
Every plugin's API is linked this way without saying anything.
"""
from __future__ import annotations

import re

PARAMETER = re.compile(r"/\{([^}/]+)\}")
METHODS = ("get", "put", "post", "patch", "delete")
#: which answer of a collection carries the new or listed ids
SOURCES = (("post", "201"), ("get", "200"))


def add_links(spec: dict) -> None:
    """Give every operation an ``operationId`` and each collection's answers their links."""
    paths = spec["paths"]
    for path, operations in paths.items():
        for method in METHODS:
            if method in operations:
                operations[method].setdefault("operationId", operation_id(method, path))
    for path, operations in paths.items():
        for match in PARAMETER.finditer(path):
            collection = path[:match.start()]
            for method, status in SOURCES:
                response = paths.get(collection, {}).get(method, {}).get("responses", {}).get(status)
                pointer = _id_pointer(response, spec) if response and "$ref" not in response else None
                if pointer:
                    _link(response, collection, path, operations, match.group(1), pointer)


def operation_id(method: str, path: str) -> str:
    """``post /api/v1/transport/rides/{ride_id}/outcome`` → ``post_transport_rides_ride_id_outcome``."""
    words = re.findall(r"[A-Za-z0-9]+", path.removeprefix("/api/v1"))
    return "_".join([method, *words])


def _link(response: dict, collection: str, path: str, operations: dict, name: str, pointer: str) -> None:
    shared = {p: f"$request.path.{p}" for p in PARAMETER.findall(collection)}
    links = response.setdefault("links", {})
    for method in METHODS:
        if method in operations:
            target = operations[method]["operationId"]
            links[target] = {"operationId": target, "parameters": {**shared, name: f"$response.body#{pointer}"}}


def _id_pointer(response: dict, spec: dict) -> str | None:
    """Where the id lies in this answer: ``/id`` for an object, ``/0/id`` for a list; None without one."""
    schema = _resolve(response, spec).get("content", {}).get("application/json", {}).get("schema", {})
    schema = _resolve(schema, spec)
    prefix = ""
    if schema.get("type") == "array":
        schema, prefix = _resolve(schema.get("items", {}), spec), "/0"
    return f"{prefix}/id" if "id" in schema.get("properties", {}) else None


def _resolve(node: dict, spec: dict) -> dict:
    while "$ref" in node:
        _, *parts = node["$ref"].split("/")
        node = spec
        for part in parts:
            node = node[part]
    return node
