#!/usr/bin/python3
"""Validates a JSON document against one schema of an OpenAPI 3.0 document, with Debian's python3-jsonschema.

OpenAPI 3.0 schemas are almost JSON Schema draft 4/7; the differences handled here:
  * `nullable: true` becomes a "null" type (or an anyOf with {"type": "null"} when there is no type);
  * `#/components/schemas/X` references point at the converted definitions;
  * OpenAPI-only keywords (example, deprecated, readOnly, writeOnly, xml, ...) are dropped.
`format` is not asserted (jsonschema doesn't by default): the live API's "2019/01/15 15:40:49 +0000" timestamps
don't match the spec's `date-time` either.

Usage: validate_openapi.py --spec SPEC --schema NAME [--strict] [--allow-extra KEY ...] FILE
  NAME is a name under components.schemas, or "example:NAME" for a schema derived from components.examples.NAME
  (the token endpoint's JSON has only an example, ExpiringToken, in the spec).
  --strict rejects properties the schema doesn't name (except the --allow-extra ones), to catch misspelt fields.
Exit status 0 when valid; 1 with the errors on stdout when not; 2 on usage errors.
"""
import argparse
import json
import sys

import jsonschema

OPENAPI_ONLY = {"nullable", "example", "examples", "deprecated", "readOnly", "writeOnly", "xml", "externalDocs",
                "discriminator"}


def convert(node, strict, allow_extra):
    if isinstance(node, list):
        return [convert(item, strict, allow_extra) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in OPENAPI_ONLY:
            continue
        if key == "$ref":
            out[key] = value.replace("#/components/schemas/", "#/definitions/")
        elif key == "properties":
            # Keys here are property names, not keywords: convert only the schemas.
            out[key] = {name: convert(schema, strict, allow_extra) for name, schema in value.items()}
        else:
            out[key] = convert(value, strict, allow_extra)
    if strict and "properties" in out and "additionalProperties" not in out:
        for name in allow_extra:
            out["properties"].setdefault(name, {})
        out["additionalProperties"] = False
    if node.get("nullable") is True:
        if "type" in out:
            types = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = types + ["null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = out["enum"] + [None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def schema_from_example(example, strict):
    types = {str: "string", bool: "boolean", int: "integer", float: "number", list: "array", dict: "object"}
    schema = {
        "type": "object",
        "required": sorted(example),
        "properties": {key: {"type": types[type(value)]} for key, value in example.items() if value is not None},
    }
    if strict:
        schema["additionalProperties"] = False
    return schema


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--allow-extra", action="append", default=[])
    parser.add_argument("document")
    args = parser.parse_args()

    with open(args.spec, encoding="utf-8") as spec_file:
        spec = json.load(spec_file)
    with open(args.document, encoding="utf-8") as document_file:
        try:
            document = json.load(document_file)
        except json.JSONDecodeError as error:
            print("not JSON: %s" % error)
            return 1

    components = spec.get("components", {})
    definitions = {name: convert(schema, args.strict, args.allow_extra)
                   for name, schema in components.get("schemas", {}).items()}
    if args.schema.startswith("example:"):
        name = args.schema[len("example:"):]
        if name not in components.get("examples", {}):
            print("no example named %s in the spec" % name)
            return 2
        root = schema_from_example(components["examples"][name]["value"], args.strict)
    else:
        if args.schema not in definitions:
            print("no schema named %s in the spec" % args.schema)
            return 2
        root = {"$ref": "#/definitions/" + args.schema}
    root["definitions"] = definitions

    jsonschema.Draft7Validator.check_schema(root)
    validator = jsonschema.Draft7Validator(root)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    for error in errors:
        location = "/".join(str(part) for part in error.absolute_path) or "(root)"
        print("%s: %s" % (location, error.message))
    if not errors:
        print("valid against %s" % args.schema)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
