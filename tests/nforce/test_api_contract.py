"""Every API contract of the snapshot holds: docs/openapi.yaml against the schema the code makes now.

The snapshot is the schema as it was published (`manage.py spectacular`). An operation of the
snapshot must still be there, with every parameter, request field and response field it had, of
the same type and required as before, and every status code it answered. What is added (an
operation, an optional field, a status code) is allowed. When an addition is meant to be part
of the contract, regenerate the snapshot:

    .venv/bin/python manage.py spectacular --file docs/openapi.yaml
"""

import copy
from pathlib import Path

import pytest
import yaml
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keys whose change changes what a value is on the wire; descriptions and examples may change.
TYPE_KEYS = ("type", "format", "nullable")


def current_schema() -> dict:
    """What `manage.py spectacular` writes, read back as plain data."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return yaml.safe_load(OpenApiYamlRenderer().render(schema, renderer_context={}))


def contract_breaks(before: dict, after: dict) -> list[str]:
    """What `after` broke of `before`'s operations, one line each (empty: nothing)."""
    breaks = []
    for path, operations in before["paths"].items():
        for method in (m for m in operations if m in METHODS):
            where = f"{method.upper()} {path}"
            now = after["paths"].get(path, {}).get(method)
            if now is None:
                breaks.append(f"{where}: the operation is gone")
                continue
            compare = _Comparison(before, after, breaks)
            compare.parameters(operations[method], now, where)
            compare.request(operations[method], now, where)
            compare.responses(operations[method], now, where)
    return breaks


class _Comparison:
    def __init__(self, before: dict, after: dict, breaks: list[str]) -> None:
        self.before, self.after, self.breaks = before, after, breaks

    def parameters(self, old: dict, new: dict, where: str) -> None:
        now = {(p["in"], p["name"]): p for p in new.get("parameters", [])}
        had = {(p["in"], p["name"]) for p in old.get("parameters", [])}
        for parameter in old.get("parameters", []):
            key = (parameter["in"], parameter["name"])
            here = f"{where} parameter {parameter['name']}"
            if key not in now:
                self.breaks.append(f"{here}: gone")
                continue
            self._required(parameter.get("required", False), now[key].get("required", False), here)
            self.schema(parameter.get("schema", {}), now[key].get("schema", {}), here, set())
        for key, parameter in now.items():
            if parameter.get("required") and key not in had:
                self.breaks.append(f"{where} parameter {key[1]}: added as required")

    def request(self, old: dict, new: dict, where: str) -> None:
        if "requestBody" not in old:
            return
        if "requestBody" not in new:
            self.breaks.append(f"{where} request body: gone")
            return
        old_body, new_body = old["requestBody"], new["requestBody"]
        self._required(old_body.get("required", False), new_body.get("required", False), f"{where} body")
        self._contents(old_body["content"], new_body.get("content", {}), f"{where} request", request=True)

    def responses(self, old: dict, new: dict, where: str) -> None:
        for status, response in old.get("responses", {}).items():
            if status not in new.get("responses", {}):
                self.breaks.append(f"{where}: status {status} is no longer answered")
                continue
            now = new["responses"][status].get("content", {})
            self._contents(response.get("content", {}), now, f"{where} {status}", request=False)

    def _contents(self, old: dict, new: dict, where: str, *, request: bool) -> None:
        for media_type, content in old.items():
            if media_type not in new:
                self.breaks.append(f"{where} {media_type}: gone")
                continue
            old_schema, new_schema = content.get("schema", {}), new[media_type].get("schema", {})
            self.schema(old_schema, new_schema, f"{where} {media_type}", set(), request=request)

    def schema(self, old: dict, new: dict, where: str, seen: set, *, request: bool = True) -> None:
        pair = (old.get("$ref"), new.get("$ref"))
        if pair != (None, None):
            if pair in seen:
                return
            seen = seen | {pair}
        old, new = self._resolved(old, self.before), self._resolved(new, self.after)
        for key in TYPE_KEYS:
            if old.get(key) != new.get(key):
                self.breaks.append(f"{where}: {key} {old.get(key)!r} -> {new.get(key)!r}")
        self._enum(old, new, where, request=request)
        if "items" in old:
            self.schema(old["items"], new.get("items", {}), f"{where}[]", seen, request=request)
        self._properties(old, new, where, seen, request=request)

    def _properties(self, old: dict, new: dict, where: str, seen: set, *, request: bool) -> None:
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        properties = new.get("properties", {})
        for name, field in old.get("properties", {}).items():
            here = f"{where}.{name}"
            if name not in properties:
                self.breaks.append(f"{here}: gone")
                continue
            self._required(name in old_required, name in new_required, here)
            self.schema(field, properties[name], here, seen, request=request)
        if request:
            for name in sorted(new_required - set(old.get("properties", {}))):
                self.breaks.append(f"{where}.{name}: added as required")

    def _enum(self, old: dict, new: dict, where: str, *, request: bool) -> None:
        """A request may come to accept more values, a response may come to send fewer."""
        if "enum" not in old and "enum" not in new:
            return
        old_values, new_values = set(old.get("enum", ())), set(new.get("enum", ()))
        if "enum" in old and "enum" in new:
            narrowed = bool(old_values - new_values if request else new_values - old_values)
        else:  # a list of values appeared (narrows a request) or went (widens a response)
            narrowed = request == ("enum" in new)
        if narrowed:
            self.breaks.append(f"{where}: values {sorted(old_values)} -> {sorted(new_values)}")

    def _required(self, was: bool, is_now: bool, where: str) -> None:
        if was != is_now:
            self.breaks.append(f"{where}: {_required_word(was)} -> {_required_word(is_now)}")

    @staticmethod
    def _resolved(schema: dict, document: dict) -> dict:
        """$ref followed, and a lone allOf (spectacular's way to say a nullable reference) merged."""
        if len(schema.get("allOf", ())) == 1:
            schema = {**_Comparison._resolved(schema["allOf"][0], document), **schema}
            schema.pop("allOf")
        if "$ref" in schema:
            named = document["components"]["schemas"][schema["$ref"].removeprefix("#/components/schemas/")]
            return {**named, **{key: value for key, value in schema.items() if key != "$ref"}}
        return schema


def _required_word(required: bool) -> str:
    return "required" if required else "optional"


@pytest.fixture(scope="module")
def snapshot() -> dict:
    return yaml.safe_load(SNAPSHOT.read_text(encoding="utf-8"))


def test_every_operation_of_the_snapshot_keeps_its_contract(snapshot):
    breaks = contract_breaks(snapshot, current_schema())
    assert not breaks, "The API no longer keeps its published contract:\n" + "\n".join(breaks)


def test_the_snapshot_holds_every_api_operation(snapshot):
    operations = {(path, method) for path, item in snapshot["paths"].items() for method in item}
    assert ("/api/v1/detections", "post") in operations and len(operations) >= 10


def _component(schema: dict, name: str) -> dict:
    return schema["components"]["schemas"][name]


def _remove_a_response_field(schema: dict) -> None:
    del _component(schema, "DetectionRecord")["properties"]["latitude"]


def _remove_a_request_field(schema: dict) -> None:
    del _component(schema, "PersonCheckRequestRequest")["properties"]["lat"]


def _change_a_type(schema: dict) -> None:
    _component(schema, "EmployerResult")["properties"]["score"]["type"] = "string"


def _make_a_field_required(schema: dict) -> None:
    _component(schema, "OutcomeInputRequest")["required"].append("employer_code")


def _make_a_field_nullable(schema: dict) -> None:
    _component(schema, "DetectionRecord")["properties"]["subject"]["nullable"] = True


def _drop_a_status_code(schema: dict) -> None:
    del schema["paths"]["/api/v1/detections"]["post"]["responses"]["409"]


def _drop_an_operation(schema: dict) -> None:
    del schema["paths"]["/api/v1/registry/persons/check"]["post"]


def _drop_a_query_parameter(schema: dict) -> None:
    schema["paths"]["/api/v1/assignments/mine"]["get"]["parameters"].pop(0)


def _drop_an_accepted_value(schema: dict) -> None:
    _component(schema, "RelationEnum")["enum"].remove("parent")


def _drop_a_media_type(schema: dict) -> None:
    del schema["paths"]["/api/v1/detections"]["post"]["requestBody"]["content"]["multipart/form-data"]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_remove_a_response_field, ".latitude: gone"),
        (_remove_a_request_field, "POST /api/v1/registry/persons/check request application/json.lat: gone"),
        (_change_a_type, ".score: type 'number' -> 'string'"),
        (_make_a_field_required, ".employer_code: optional -> required"),
        (_make_a_field_nullable, ".subject: nullable None -> True"),
        (_drop_a_status_code, "POST /api/v1/detections: status 409 is no longer answered"),
        (_drop_an_operation, "POST /api/v1/registry/persons/check: the operation is gone"),
        (_drop_a_query_parameter, "GET /api/v1/assignments/mine parameter latitude: gone"),
        (_drop_an_accepted_value, "values"),
        (_drop_a_media_type, "multipart/form-data: gone"),
    ],
)
def test_the_comparison_catches_what_breaks_a_client(snapshot, change, said):
    changed = copy.deepcopy(snapshot)
    change(changed)
    breaks = contract_breaks(snapshot, changed)
    assert any(said in line for line in breaks), breaks


def test_a_removed_response_field_is_named_in_every_operation_that_returns_it(snapshot):
    changed = copy.deepcopy(snapshot)
    _remove_a_response_field(changed)
    assert sorted(contract_breaks(snapshot, changed)) == [
        "POST /api/v1/detections 200 application/json.latitude: gone",
        "POST /api/v1/detections 201 application/json.latitude: gone",
    ]


def test_additions_keep_the_contract(snapshot):
    changed = copy.deepcopy(snapshot)
    changed["paths"]["/api/v1/new"] = {"get": {"responses": {"200": {"description": ""}}}}
    _component(changed, "DetectionRecord")["properties"]["extra"] = {"type": "string"}
    _component(changed, "OutcomeInputRequest")["properties"]["extra"] = {"type": "string"}
    changed["paths"]["/api/v1/detections"]["post"]["responses"]["422"] = {"description": ""}
    _component(changed, "OutcomeInputOutcomeEnum")["enum"].append("closed_by_court")
    assert contract_breaks(snapshot, changed) == []


def test_a_new_required_request_field_breaks_the_contract(snapshot):
    changed = copy.deepcopy(snapshot)
    request = _component(changed, "OutcomeInputRequest")
    request["properties"]["reason"] = {"type": "string"}
    request["required"].append("reason")
    assert contract_breaks(snapshot, changed) == [
        "POST /api/v1/assignments/{id}/outcome request application/json.reason: added as required"
    ]
