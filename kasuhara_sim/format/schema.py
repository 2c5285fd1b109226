"""The JSON Schema of scenario format v1, generated from the pydantic models that the loader validates with.

One source, two uses: the loader (with positions and Japanese messages) and editors with a YAML language server
(completion and inline errors via ``# yaml-language-server: $schema=…``). The shipped copy is
``schema/scenario.schema.json``; a test regenerates it and compares. What the schema cannot say (a ``next`` that names
no node, ``if`` on the last route, ``id`` unique across files) stays with the loader and ``validate``.
"""

from __future__ import annotations

import json
from typing import Any

from kasuhara_sim import strings as S
from kasuhara_sim.format.model import Scenario

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILE_NAME = "scenario.schema.json"

# Each enum of the format, recognised by its set of values, with its Japanese descriptions for hover and completion
# (``enumDescriptions`` is the keyword VS Code and the YAML language server read).
_ENUM_LABELS: list[dict[str, str]] = [
    S.CATEGORY_DESCRIPTIONS, S.LEVEL_DESCRIPTIONS, S.CHANNELS, S.OUTCOME_DESCRIPTIONS, S.STEPS, S.NG_TAGS,
    S.DIMENSIONS,
]


def _polish(node: Any) -> Any:
    """Japanese only, enums explained, node ids closed."""
    if isinstance(node, list):
        return [_polish(v) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "title":
            continue  # pydantic's titles are English renderings of field names ("Anger At Least")
        if key in ("properties", "patternProperties", "$defs"):
            out[key] = {name: _polish(v) for name, v in value.items()}  # names, not schema keywords
        else:
            out[key] = _polish(value)
    enum = out.get("enum")
    if isinstance(enum, list):
        for labels in _ENUM_LABELS:
            if set(enum) == set(labels):
                out["enumDescriptions"] = [labels[v] for v in enum]
                break
    if "patternProperties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False  # the loader rejects node ids that do not match the pattern
    return out


def build_schema() -> dict:
    """The schema as a dict (Draft 2020-12)."""
    schema = _polish(Scenario.model_json_schema(by_alias=True, mode="validation"))
    head = {"$schema": DIALECT, "title": S.Authoring.schema_title, "description": S.Authoring.schema_description}
    return {**head, **{k: v for k, v in schema.items() if k not in head}}


def schema_text() -> str:
    """The schema as the shipped file's text (stable order, UTF-8, final newline)."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"
