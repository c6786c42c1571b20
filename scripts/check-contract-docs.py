#!/usr/bin/env python3
"""Checks that the contract documents itself: descriptions everywhere, valid examples.

Usage: python scripts/check-contract-docs.py openapi.yaml [--only paths|components]

Fails (exit 1), printing each fault with its JSON pointer, unless:
  (a) every operation has a non-empty `description`;
  (b) every parameter (inline under `paths`, or under `components.parameters`) has one;
  (c) every property of every schema has one, recursively (properties, items, prefixItems,
      allOf/oneOf/anyOf/not/if/then/else, additionalProperties, patternProperties…), in
      `components` and inline under `paths`. A property that is only a `$ref` counts as
      described when the schema it refers to has a description (tools show that one);
  (d) every operation has at least one example of its request body (when it has a JSON
      body) and of at least one of its 2xx responses that has JSON content (a response that
      is a `$ref` to `components.responses` carries its examples there);
  (e) every example validates against its schema with jsonschema's Draft202012Validator
      (`$ref`s resolved inside the whole document): media-type `example`/`examples`,
      parameter `example`/`examples`, and schema `example`/`examples` keywords. Formats
      `date`, `date-time`, `int32` and `int64` are checked too;
  (f) every operation, even one without a JSON body (a DELETE, a CSV, the /docs page), has
      at least one example: of a parameter (its own or a shared one), a body or a response.

Faults are reported per section (`paths`, `components`) so that each part of the document
can be checked on its own; `--only SECTION` makes the exit status depend on that section's
faults alone (the others are still counted). Needs PyYAML and jsonschema.

The YAML is read as the server serves it as JSON: timestamps are not resolved, so an
unquoted date in an example stays a string.
"""
import argparse
import datetime
import re
import sys
from urllib.parse import quote

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

METHODS = ("get", "put", "post", "patch", "delete", "options", "head", "trace")
BASE = "urn:fne-api:openapi"
SUBSCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
SUBSCHEMAS = ("items", "not", "if", "then", "else", "contains", "additionalProperties",
              "unevaluatedProperties", "unevaluatedItems", "propertyNames")
SUBSCHEMA_MAPS = ("patternProperties", "dependentSchemas", "$defs")


class Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver (dates stay strings, as in JSON)."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def pointer(*parts):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def is_json(media_type):
    media_type = media_type.split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def described(node):
    return isinstance(node, dict) and isinstance(node.get("description"), str) and node["description"].strip() != ""


def format_checker():
    checker = FormatChecker(formats=())

    @checker.checks("date", raises=ValueError)
    def is_date(value):
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("not a YYYY-MM-DD date")
        datetime.date.fromisoformat(value)
        return True

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", value):
            raise ValueError("not an RFC 3339 date-time")
        datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        return True

    for name, bits in (("int32", 32), ("int64", 64)):
        def check(value, bits=bits):
            if isinstance(value, bool) or not isinstance(value, int):
                return True
            return -(2 ** (bits - 1)) <= value < 2 ** (bits - 1)
        checker.checks(name)(check)
    return checker


class Checker:
    def __init__(self, doc):
        self.doc = doc
        self.faults = []  # (section, pointer, message)
        self.counts = {s: {"operations": 0, "parameters": 0, "properties": 0, "examples": 0}
                       for s in ("paths", "components")}
        self.registry = Registry().with_resource(BASE, DRAFT202012.create_resource(doc))
        self.formats = format_checker()

    # ── helpers
    def fault(self, where, message):
        section = "components" if where.startswith("/components") else "paths"
        self.faults.append((section, where, message))

    def resolve(self, node):
        """Follows a local `$ref` (several hops); returns (node, its pointer or None)."""
        seen = set()
        where = None
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
            ref = node["$ref"]
            if ref in seen:
                break
            seen.add(ref)
            where = ref[1:]
            node = self.doc
            for part in where.split("/")[1:]:
                part = part.replace("~1", "/").replace("~0", "~")
                node = node.get(part) if isinstance(node, dict) else None
        return node, where

    def validate(self, value, schema_pointer, example_pointer):
        section = "components" if example_pointer.startswith("/components") else "paths"
        self.counts[section]["examples"] += 1
        schema = {"$ref": BASE + "#" + quote(schema_pointer, safe="/~")}
        validator = Draft202012Validator(schema, registry=self.registry, format_checker=self.formats)
        errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
        for error in errors[:5]:
            at = "".join(f"/{p}" for p in error.absolute_path) or "(root)"
            self.fault(example_pointer, f"example does not validate at {at}: {error.message[:300]}")

    # ── (c) schemas, and their own examples
    def walk_schema(self, schema, where):
        if not isinstance(schema, dict):
            return
        section = "components" if where.startswith("/components") else "paths"
        if "example" in schema:
            self.validate(schema["example"], where, where + "/example")
        if isinstance(schema.get("examples"), list):
            for i, value in enumerate(schema["examples"]):
                self.validate(value, where, f"{where}/examples/{i}")
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                prop_where = where + pointer("properties", name)
                self.counts[section]["properties"] += 1
                target = prop
                if not described(prop) and isinstance(prop, dict) and "$ref" in prop:
                    target, _ = self.resolve(prop)
                if not described(target):
                    self.fault(prop_where, "property has no description")
                self.walk_schema(prop, prop_where)
        for key in SUBSCHEMAS:
            if isinstance(schema.get(key), dict):
                self.walk_schema(schema[key], where + pointer(key))
        for key in SUBSCHEMA_LISTS:
            if isinstance(schema.get(key), list):
                for i, sub in enumerate(schema[key]):
                    self.walk_schema(sub, where + pointer(key, i))
        for key in SUBSCHEMA_MAPS:
            if isinstance(schema.get(key), dict):
                for name, sub in schema[key].items():
                    self.walk_schema(sub, where + pointer(key, name))

    # ── (b) parameters, with their examples
    def check_parameter(self, parameter, where):
        if isinstance(parameter, dict) and "$ref" in parameter:
            return  # checked where it is defined (components.parameters)
        section = "components" if where.startswith("/components") else "paths"
        self.counts[section]["parameters"] += 1
        if not described(parameter):
            self.fault(where, f"parameter `{parameter.get('name')}` has no description")
        if "schema" in parameter:
            self.walk_schema(parameter["schema"], where + "/schema")
            if "example" in parameter:
                self.validate(parameter["example"], where + "/schema", where + "/example")
            for name, example in (parameter.get("examples") or {}).items():
                example, _ = self.resolve(example)
                if isinstance(example, dict) and "value" in example:
                    self.validate(example["value"], where + "/schema", where + pointer("examples", name, "value"))

    # ── media types: schemas and examples; returns whether a JSON one has an example
    def check_content(self, content, where):
        has_json_example = False
        for media_type, media in (content or {}).items():
            media_where = where + pointer(media_type)
            schema_where = media_where + "/schema"
            if not isinstance(media, dict):
                continue
            if "schema" in media:
                self.walk_schema(media["schema"], schema_where)
            examples = []
            if "example" in media:
                examples.append((media["example"], media_where + "/example"))
            for name, example in (media.get("examples") or {}).items():
                example, _ = self.resolve(example)
                if isinstance(example, dict) and "value" in example:
                    examples.append((example["value"], media_where + pointer("examples", name, "value")))
            for value, example_where in examples:
                if "schema" in media:
                    self.validate(value, schema_where, example_where)
            if examples and is_json(media_type):
                has_json_example = True
        return has_json_example

    def check_headers(self, headers, where):
        for name, header in (headers or {}).items():
            if isinstance(header, dict) and "schema" in header:
                self.walk_schema(header["schema"], where + pointer(name, "schema"))

    def has_any_example(self, op, item):
        """Whether an operation shows an example anywhere: a parameter, a body, a response."""
        def with_example(node):
            node, _ = self.resolve(node)
            return isinstance(node, dict) and ("example" in node or bool(node.get("examples")))
        if any(with_example(p) for p in (item.get("parameters") or []) + (op.get("parameters") or [])):
            return True
        bodies = [op.get("requestBody")] + list((op.get("responses") or {}).values())
        for body in bodies:
            body, _ = self.resolve(body) if body is not None else (None, None)
            if isinstance(body, dict) and any(with_example(m) for m in (body.get("content") or {}).values()):
                return True
        return False

    # ── the document
    def run(self):
        doc = self.doc
        components = doc.get("components") or {}
        for name, schema in (components.get("schemas") or {}).items():
            self.walk_schema(schema, pointer("components", "schemas", name))
        for name, parameter in (components.get("parameters") or {}).items():
            self.check_parameter(parameter, pointer("components", "parameters", name))
        self.check_headers(components.get("headers"), pointer("components", "headers"))
        for name, response in (components.get("responses") or {}).items():
            where = pointer("components", "responses", name)
            self.check_content(response.get("content"), where + "/content")
            self.check_headers(response.get("headers"), where + "/headers")
        for name, body in (components.get("requestBodies") or {}).items():
            self.check_content(body.get("content"), pointer("components", "requestBodies", name, "content"))

        missing_shared = {}  # components response pointer -> operations that need its example
        for template, item in (doc.get("paths") or {}).items():
            item_where = pointer("paths", template)
            for i, parameter in enumerate(item.get("parameters") or []):
                self.check_parameter(parameter, item_where + pointer("parameters", i))
            for method in METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                where = item_where + pointer(method)
                name = op.get("operationId", f"{method.upper()} {template}")
                self.counts["paths"]["operations"] += 1
                if not described(op):  # (a)
                    self.fault(where + "/description", f"operation {name} has no description")
                for i, parameter in enumerate(op.get("parameters") or []):
                    self.check_parameter(parameter, where + pointer("parameters", i))
                body = op.get("requestBody")
                if body is not None:  # (d) request
                    body, body_ref = self.resolve(body)
                    body_where = body_ref or where + "/requestBody"
                    has_example = self.check_content(body.get("content"), body_where + "/content") if body_ref is None \
                        else any(is_json(m) and ("example" in v or v.get("examples"))
                                 for m, v in (body.get("content") or {}).items())
                    json_body = any(is_json(m) for m in (body.get("content") or {}))
                    if json_body and not has_example:
                        self.fault(body_where + "/content", f"{name}: no example of its JSON request body")
                json_2xx, example_2xx, shared = False, False, []
                for status, response in (op.get("responses") or {}).items():
                    response_where = where + pointer("responses", status)
                    target, ref = self.resolve(response)
                    if not isinstance(target, dict):
                        continue
                    if ref is None:
                        has_example = self.check_content(target.get("content"), response_where + "/content")
                        self.check_headers(target.get("headers"), response_where + "/headers")
                    else:
                        has_example = any(is_json(m) and ("example" in v or v.get("examples"))
                                          for m, v in (target.get("content") or {}).items())
                    if str(status).startswith("2") and any(is_json(m) for m in (target.get("content") or {})):
                        json_2xx = True
                        example_2xx = example_2xx or has_example
                        if ref is not None and not has_example:
                            shared.append(ref)
                if not self.has_any_example(op, item):  # (f)
                    self.fault(where, f"{name}: no example at all (parameter, body or response)")
                if json_2xx and not example_2xx:  # (d) response
                    if shared:
                        for ref in shared:
                            missing_shared.setdefault(ref, []).append(name)
                    else:
                        self.fault(where + "/responses", f"{name}: no example of a 2xx JSON response")
        for ref, names in missing_shared.items():
            self.fault(ref + "/content", "no example of this 2xx JSON response, shared by " + ", ".join(names))
        return self


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("contract", help="the OpenAPI document (openapi.yaml)")
    parser.add_argument("--only", choices=("paths", "components"),
                        help="exit status from this section's faults only")
    args = parser.parse_args()
    with open(args.contract, encoding="utf-8") as file:
        doc = yaml.load(file, Loader=Loader)
    checker = Checker(doc).run()

    for section, where, message in checker.faults:
        print(f"{section}: {where}: {message}")
    by_section = {s: sum(1 for f in checker.faults if f[0] == s) for s in checker.counts}
    for section, counts in checker.counts.items():
        print(f"  {section}: {counts['operations']} operations, {counts['parameters']} parameters, "
              f"{counts['properties']} properties, {counts['examples']} examples: "
              + ("all described, all valid" if not by_section[section] else f"{by_section[section]} faults"))
    total = {k: sum(c[k] for c in checker.counts.values()) for k in ("operations", "properties", "examples")}
    head = (f"contract docs: {total['operations']} operations, {total['properties']} properties, "
            f"{total['examples']} examples: ")
    if not checker.faults:
        print(head + "all described, all valid")
        return 0
    print(head + f"{len(checker.faults)} faults ("
          + ", ".join(f"{s} {n}" for s, n in by_section.items()) + ")")
    considered = by_section[args.only] if args.only else len(checker.faults)
    return 1 if considered else 0


if __name__ == "__main__":
    sys.exit(main())
