# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Validate JSON documents against the schemas of our OpenAPI 3.1 file.

A deliberately small JSON Schema (2020-12) subset, enough for the API's own file and no
dependency: ``type`` (one or a list, ``null`` included), ``properties``, ``required``,
``additionalProperties`` (boolean or schema), ``items``, ``enum``, ``minimum``, ``minLength``,
``maxLength``, ``minItems``, ``maxItems``, ``oneOf`` and local ``$ref``. :func:`unknown_keywords`
lists anything else a schema uses, so a keyword is never silently ignored (the contract tests
assert it is empty).
"""

KNOWN = {
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "minimum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "oneOf",
    "$ref",
    "description",
    "format",
    "example",
    "title",
}
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def resolve(spec, ref):
    """The schema a local ``$ref`` points to.

    >>> resolve({"components": {"schemas": {"A": {"type": "string"}}}}, "#/components/schemas/A")
    {'type': 'string'}
    """
    if not ref.startswith("#/"):
        raise ValueError(f"only local references are supported: {ref}")
    node = spec
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _is_type(value, name):
    if name in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, TYPES[name])


def errors(spec, schema, value, path="$"):
    """Messages for each place ``value`` breaks ``schema`` (empty: valid).

    >>> spec = {"components": {"schemas": {"Qty": {"type": "number", "minimum": 0}}}}
    >>> schema = {"type": "object", "required": ["sku", "qty"], "additionalProperties": False,
    ...           "properties": {"sku": {"type": "string"}, "qty": {"$ref": "#/components/schemas/Qty"},
    ...                          "note": {"type": ["string", "null"]}}}
    >>> errors(spec, schema, {"sku": "A", "qty": 2, "note": None})
    []
    >>> errors(spec, schema, {"sku": 1, "qty": -1, "x": True})
    ['$: unexpected property x', '$.sku: expected string, got int', '$.qty: -1 is below 0']
    >>> errors(spec, {"type": "array", "items": {"enum": ["a", "b"]}}, ["a", "c"])
    ["$[1]: 'c' not in ['a', 'b']"]
    >>> errors(spec, {"type": "integer"}, True)
    ['$: expected integer, got bool']
    """
    if "$ref" in schema:
        return errors(spec, resolve(spec, schema["$ref"]), value, path)
    if "oneOf" in schema:
        matching = [option for option in schema["oneOf"] if not errors(spec, option, value, path)]
        if len(matching) != 1:
            return [f"{path}: matches {len(matching)} of the oneOf schemas, not exactly one"]
        return []
    kinds = schema.get("type")
    if kinds:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_is_type(value, kind) for kind in kinds):
            return [f"{path}: expected {' or '.join(kinds)}, got {type(value).__name__}"]
    found = []
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: {value!r} not in {schema['enum']!r}")
    found += _scalar_errors(schema, value, path)
    if isinstance(value, dict):
        found += _object_errors(spec, schema, value, path)
    if isinstance(value, list):
        found += _array_errors(spec, schema, value, path)
    return found


def _scalar_errors(schema, value, path):
    found = []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{path}: {value} is below {schema['minimum']}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            found.append(f"{path}: shorter than {schema['minLength']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            found.append(f"{path}: longer than {schema['maxLength']}")
    return found


def _object_errors(spec, schema, value, path):
    found = []
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for name in sorted(set(value) - set(properties)):
        if extra is False:
            found.append(f"{path}: unexpected property {name}")
        elif isinstance(extra, dict):
            found.extend(errors(spec, extra, value[name], f"{path}.{name}"))
    for name in schema.get("required", []):
        if name not in value:
            found.append(f"{path}: missing property {name}")
    for name, subschema in properties.items():
        if name in value:
            found.extend(errors(spec, subschema, value[name], f"{path}.{name}"))
    return found


def _array_errors(spec, schema, value, path):
    found = []
    if len(value) < schema.get("minItems", 0):
        found.append(f"{path}: fewer than {schema['minItems']} items")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        found.append(f"{path}: more than {schema['maxItems']} items")
    if "items" in schema:
        for index, item in enumerate(value):
            found.extend(errors(spec, schema["items"], item, f"{path}[{index}]"))
    return found


def unknown_keywords(schema, path="$"):
    """Keywords of ``schema`` (walked recursively) that :func:`errors` does not check.

    >>> unknown_keywords({"type": "object", "properties": {"a": {"type": "string", "pattern": "x"}}})
    ['$.properties.a: pattern']
    """
    found = [f"{path}: {key}" for key in sorted(set(schema) - KNOWN)]
    for name, subschema in schema.get("properties", {}).items():
        found.extend(unknown_keywords(subschema, f"{path}.properties.{name}"))
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found.extend(unknown_keywords(schema[key], f"{path}.{key}"))
    for index, option in enumerate(schema.get("oneOf", [])):
        found.extend(unknown_keywords(option, f"{path}.oneOf[{index}]"))
    return found
