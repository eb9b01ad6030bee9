"""The JSON Schema of a record (``vnnq schema``), derived from the dataclasses."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from vnnq import model


def _type_schema(tp: Any) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        subs = [_type_schema(a) for a in args if a is not type(None)]
        sch = subs[0] if len(subs) == 1 else {"anyOf": subs}
        if type(None) in args:
            return {"anyOf": [sch, {"type": "null"}]}
        return sch
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type_schema(args[1])}
    if dataclasses.is_dataclass(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    return {str: {"type": "string"}, int: {"type": "integer"}, float: {"type": "number"},
            bool: {"type": "boolean"}}.get(tp, {})


def _dc_schema(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, vars(model))
    props = {f.name: _type_schema(hints[f.name]) for f in dataclasses.fields(cls)}
    return {"type": "object", "properties": props, "required": list(props)}


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of ``Directive.to_dict()``."""
    defs = {c.__name__: _dc_schema(c) for c in (
        model.Span, model.Item, model.Signer, model.Mention, model.DateValue, model.Deadline,
        model.Task, model.DocumentInfo, model.SourceInfo, model.UnitRef, model.Role, model.Category,
        model.UnitTasks, model.OcrPage)}
    ref = _dc_schema(model.Reference)
    ref["properties"]["start"] = {"type": "integer"}
    defs["Reference"] = ref
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "vnnq directive record",
        "type": "object",
        "properties": {
            "schema_version": {"const": model.SCHEMA_VERSION},
            "source": {"$ref": "#/$defs/SourceInfo"},
            "document": {"$ref": "#/$defs/DocumentInfo"},
            "references": {"type": "array", "items": {"$ref": "#/$defs/Reference"}},
            "dates": {"type": "array", "items": {"$ref": "#/$defs/DateValue"}},
            "deadlines": {"type": "array", "items": {"$ref": "#/$defs/Deadline"}},
            "tasks": {"type": "array", "items": {"$ref": "#/$defs/Task"}},
            "tasks_by_unit": {"type": "array", "items": {"$ref": "#/$defs/UnitTasks"}},
            "warnings": {"type": "array", "items": {"type": "string"}},
            # pages read by OCR; values from them carry a ``confidence`` (0-1)
            "ocr_pages": {"type": "array", "items": {"$ref": "#/$defs/OcrPage"}},
            "text": {"type": "string"},
        },
        "required": ["schema_version", "source", "document", "references", "dates", "deadlines", "tasks"],
        "$defs": defs,
    }
