"""schemas/*.schema.json and clients/js/types/scorebook.d.ts: the documents apps read and
write, as JSON Schema (draft 2020-12) and as TypeScript types, generated from the pydantic
models.

    make schema                                              # setup, then rewrite them all
    .venv/bin/python -m scorebook_tools.schema_export          # rewrite them all
    .venv/bin/python -m scorebook_tools.schema_export --check  # exit 1 if one is out of date

One JSON Schema per kind of document (`DOCUMENTS`). What clients write (actions, lineups,
role assignments, teams) is described in pydantic's validation mode: a field with a default
may be left out. What the functions write (`live/score`, `live/lineups`) is described in
serialization mode, as `to_document` stores it: every field present, null included, and
`live/score`'s innings flat (`innings1`, ...). The match is described in serialization mode
too (a field with a default may still be left out), for `teams[].playerIds`, which the model
derives and the security rules require of its writer. Timestamps are
`$defs/Timestamp`: a Firestore Timestamp, written in JSON as an RFC 3339 date-time string.

The TypeScript types are the same schemas, turned into declarations by the pinned
json-schema-to-typescript (node_modules; `make setup` installs it), with every timestamp
typed as the JS SDK's `Timestamp` (`firebase/firestore`): what a listener reads. A client
writes a document as `WithFieldValue<T>` (so `serverTimestamp()` fits where the rules want
the request time) or with `Timestamp.fromDate(...)`.
"""

from __future__ import annotations

import argparse
import inspect
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from scorebook.actions import ACTION_MODELS, Action, kind_of_model
from scorebook.document import View
from scorebook.feed_events import FeedEvent
from scorebook.match import Match, MatchLineup
from scorebook.notify import Device, Following, Notice
from scorebook.roles import (
    MatchRoleAssignment,
    SchoolRoleAssignment,
    TeamDocument,
    TeamRoleAssignment,
)
from scorebook.views.lineups import LineupsProjection
from scorebook.views.live_now import LiveNow
from scorebook.views.live_score_schema import InningsView, LiveScoreProjection

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = Path("schemas")
TYPES = Path("clients/js/types/scorebook.d.ts")
COMMAND = "make schema"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Document:
    """One kind of document: its schema file (``schemas/{name}.schema.json``), its type's
    name, the model (or union) it is, where it lives, who writes it, and the pydantic mode
    that describes it (validation: what a writer may send; serialization: what is stored,
    derived fields included)."""

    name: str
    title: str
    model: Any
    path: str
    writers: str
    mode: Literal["validation", "serialization"]


DOCUMENTS: tuple[Document, ...] = (
    Document("action", "Action", Action,
             "matches/{matchId}/scoring_actions/{innings}-{seq:04d}",
             "the match's scorers and admins (the one update, a void: scorers, on-field and "
             "third umpires, admins)", "validation"),
    Document("match", "Match", Match, "matches/{matchId}",
             "admins (status, resultType and winnerId: the functions)", "serialization"),
    Document("match-lineup", "MatchLineup", MatchLineup,
             "matches/{matchId}/lineups/{teamId}_{playerId}",
             "the team's officials and admins", "validation"),
    Document("team", "TeamDocument", TeamDocument, "teams/{teamId}", "admins", "validation"),
    Document("school-role-assignment", "SchoolRoleAssignment", SchoolRoleAssignment,
             "school_role_assignments/{schoolId}_{personId}_{role}", "admins", "validation"),
    Document("team-role-assignment", "TeamRoleAssignment", TeamRoleAssignment,
             "team_role_assignments/{teamId}_{personId}_{role}",
             "admins and the officials of the team's school", "validation"),
    Document("match-role-assignment", "MatchRoleAssignment", MatchRoleAssignment,
             "match_role_assignments/{matchId}_{personId}_{role}",
             "admins and the officials of a school whose team plays", "validation"),
    Document("live-score", "LiveScoreProjection", LiveScoreProjection,
             "matches/{matchId}/live/score", "the Cloud Functions only", "serialization"),
    Document("live-now", "LiveNow", LiveNow, "matches/{matchId}/live/now",
             "the Cloud Functions only", "serialization"),
    Document("live-innings", "LiveInnings", InningsView, "matches/{matchId}/live/innings{n}",
             "the Cloud Functions only", "serialization"),
    Document("live-lineups", "LineupsProjection", LineupsProjection,
             "matches/{matchId}/live/lineups", "the Cloud Functions only", "serialization"),
    Document("feed-event", "FeedEvent", FeedEvent, "matches/{matchId}/events/{seq:010d}",
             "the Cloud Functions only", "serialization"),
    Document("following", "Following", Following, "matches/{matchId}/followers/{uid}",
             "the person themself", "validation"),
    Document("device", "Device", Device, "users/{uid}/devices/{deviceId}",
             "the person themself", "validation"),
    Document("notification", "Notice", Notice,
             "users/{uid}/notifications/{matchId}-{actionId}-{key}", "the Cloud Functions only",
             "serialization"),
)

#: Other names apps know the documents by, as the Python models spell them
#: (``scorebook.actions.Delivery``) or as the product schema does.
ALIASES: dict[str, tuple[str, str]] = {
    "Delivery": ("ScoringAction", "A delivery: the action of `kind` \"delivery\" (the "
                 "default: a document without `kind` is a ball)."),
    "ActionKind": ('NonNullable<Action["kind"]>', "Every kind of action of the log."),
    "LiveScore": ("LiveScoreProjection", "`matches/{matchId}/live/score`."),
    "LiveLineups": ("LineupsProjection", "`matches/{matchId}/live/lineups`."),
}

TIMESTAMP: JsonSchemaValue = {
    "type": "string",
    "format": "date-time",
    "title": "Timestamp",
    "description": "A Firestore Timestamp. JSON (and these schemas) write it as an RFC 3339 "
    "date-time string; the Firestore SDKs read and write a Timestamp (JS: `Timestamp` of "
    "firebase/firestore; `serverTimestamp()` where the security rules want the request time).",
}

#: `live/score` writes its innings' scorecards flat, one field per innings
#: (`LiveScoreProjection._flatten_innings`): `innings1`, `innings2`, ...
FLAT_INNINGS = "^innings[1-9][0-9]*$"


class _Generator(GenerateJsonSchema):
    """pydantic's generator, without a title on every field (a field's name says it), and
    describing a model that serializes through a ``model_serializer`` returning a plain dict
    by its fields (see `_flat_innings` for the one that rearranges them)."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def model_schema(self, schema: Any) -> JsonSchemaValue:
        """A view as the functions store it (`to_document`): every field written, null
        included."""
        out = super().model_schema(schema)
        if self.mode == "serialization" and issubclass(schema["cls"], View):
            out["required"] = list(out.get("properties", {}))
        return out

    def ser_schema(self, schema: Any) -> JsonSchemaValue | None:
        returned = schema.get("return_schema") or {}
        if schema["type"] == "function-wrap" and returned.get("type") == "dict":
            return None
        return super().ser_schema(schema)


def _walk(node: Any, visit: Any) -> Any:
    """``node`` with ``visit`` applied to every schema object in it, innermost first."""
    if isinstance(node, list):
        return [_walk(item, visit) for item in node]
    if isinstance(node, dict):
        return visit({key: _walk(value, visit) for key, value in node.items()})
    return node


def _prose(text: str) -> str:
    """A docstring as plain text: paragraphs kept, lines within each joined, RST's
    ``double backticks`` as Markdown's single ones."""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs).replace("``", "`")


def _tidy(node: dict[str, Any]) -> dict[str, Any]:
    # pydantic marks a derived field readOnly; the one there is (the match's
    # teams[].playerIds) is the writer's to send: the security rules require it
    node.pop("readOnly", None)
    if node.get("format") == "date-time" and node.get("type") == "string":
        node = _as_timestamp(node)
    if isinstance(node.get("description"), str):
        node["description"] = _prose(node["description"])
    return node


def _as_timestamp(node: dict[str, Any]) -> dict[str, Any]:
    """A date-time string as a reference to `$defs/Timestamp`, its other keys kept."""
    rest = {k: v for k, v in node.items() if k not in ("type", "format")}
    return {"$ref": "#/$defs/Timestamp", **rest}


def _flat_innings(schema: JsonSchemaValue) -> JsonSchemaValue:
    """``innings`` (a list) as the stored document has it: one field per innings."""
    properties = dict(schema["properties"])
    innings = properties.pop("innings")
    required = [name for name in schema["required"] if name != "innings"]
    described = {**innings["items"], "description": innings.get("description", "")}
    return {**schema, "properties": properties, "required": required,
            "patternProperties": {FLAT_INNINGS: described}}


def document_schema(doc: Document) -> JsonSchemaValue:
    """The JSON Schema of one kind of document, as schemas/{name}.schema.json holds it."""
    adapter = TypeAdapter(doc.model)
    raw = adapter.json_schema(mode=doc.mode, schema_generator=_Generator)
    defs = raw.pop("$defs", {})
    if doc.model is LiveScoreProjection:
        raw = _flat_innings(raw)
    if doc.model is Action:
        raw = _action_union(raw)
    body = _walk({**raw, "$defs": defs}, _tidy)
    defs = body.pop("$defs")
    if _uses_timestamps(body) or _uses_timestamps(defs):
        defs["Timestamp"] = dict(TIMESTAMP)
    head = _head(doc, body.pop("description", ""))
    return {**head, **{k: v for k, v in body.items() if k != "title"},
            "$defs": dict(sorted(defs.items()))}


def _action_union(raw: JsonSchemaValue) -> JsonSchemaValue:
    """The action's union, described, with OpenAPI's discriminator of its `kind`."""
    return {
        **raw,
        "description": "One event of the log: a delivery, or one of the few events the "
        "Laws need between deliveries. `kind` says which (each branch holds its value "
        "as a `const`); a document without `kind` is a delivery. `discriminator` is "
        "OpenAPI's annotation of the same tag, which JSON Schema validators ignore.",
        "discriminator": {
            "propertyName": "kind",
            "mapping": {kind_of_model(m): f"#/$defs/{m.__name__}" for m in ACTION_MODELS},
        },
    }


def _head(doc: Document, description: str) -> JsonSchemaValue:
    """The schema file's first keys: its draft, that it is generated, its title and its
    description, which ends with who writes the document and where (unless it says)."""
    where = f"Written by {doc.writers}" + (
        "." if f"`{doc.path}`" in description else f", at `{doc.path}`.")
    return {
        "$schema": DRAFT,
        "$comment": f"Generated from the pydantic models by `{COMMAND}`; do not edit.",
        "title": doc.title,
        "description": f"{description}\n\n{where}".strip(),
    }


def _uses_timestamps(node: Any) -> bool:
    return '"#/$defs/Timestamp"' in json.dumps(node)


def schema_files() -> dict[Path, str]:
    """Each document's schema file and its text."""
    return {SCHEMAS / f"{doc.name}.schema.json": json.dumps(document_schema(doc), indent=2) + "\n"
            for doc in DOCUMENTS}


def combined_schema() -> JsonSchemaValue:
    """Every document in one schema, for the TypeScript declarations: each document and
    each model they are made of is one definition (a name two documents use must mean the
    same there, which is checked), and the root is the union of the documents."""
    defs: dict[str, Any] = {}
    for doc in DOCUMENTS:
        for name, definition in _definitions(doc):
            if defs.setdefault(name, definition) != definition:
                raise ValueError(f"two documents define {name} differently: name one of them")
    defs.pop("Timestamp", None)
    combined = {
        "title": "ScorebookDocument",
        "description": "Any document apps read or write.",
        "anyOf": [{"$ref": f"#/$defs/{doc.title}"} for doc in DOCUMENTS],
        "$defs": defs,
    }
    return _walk(combined, _for_typescript)


def _definitions(doc: Document) -> list[tuple[str, Any]]:
    """The definitions a document's schema makes, and the document's own by its title."""
    schema = document_schema(doc)
    own = {k: v for k, v in schema.items() if k not in ("$defs", "$schema", "$comment")}
    return [*schema.get("$defs", {}).items(), (doc.title, own)]


def _for_typescript(node: dict[str, Any]) -> dict[str, Any]:
    if node.get("$ref") == "#/$defs/Timestamp":
        node = {"tsType": "Timestamp", **{k: v for k, v in node.items() if k != "$ref"}}
    # json-schema-to-typescript would declare an OpenAPI discriminator's mapping as a type
    node.pop("discriminator", None)
    if "patternProperties" in node:
        # it folds pattern properties into one string index signature of every field's
        # type, except beside `additionalProperties: true`, where it only declares their
        # types and writes `[k: string]: unknown`, which `_flat_innings_signature` replaces
        node["additionalProperties"] = True
    return node


def _flat_innings_signature(declarations: str) -> str:
    """The live score's ``innings1``, ``innings2``, ... fields, declared in its interface
    as what they are: a template-literal index signature (json-schema-to-typescript cannot
    say it)."""
    schema = document_schema(next(d for d in DOCUMENTS if d.title == "LiveScoreProjection"))
    innings = schema["patternProperties"][FLAT_INNINGS]
    start = declarations.index("export interface LiveScoreProjection {\n")
    end = declarations.index("\n}\n", start)
    body = declarations[start:end]
    anything = "\n  [k: string]: unknown | undefined;"  # (strictIndexSignatures)
    if body.count(anything) != 1:
        raise ValueError("LiveScoreProjection: json-schema-to-typescript wrote its pattern "
                         "property unexpectedly; see _for_typescript")
    view = innings["$ref"].rsplit("/", 1)[1]
    member = (f"\n  /**\n   * {innings['description']}\n   */\n"
              f"  [innings: `innings${{number}}`]: {view} | undefined;")
    return declarations[:start] + body.replace(anything, member) + declarations[end:]


#: json-schema-to-typescript's options: no index signature for extra fields (the documents'
#: fields are the ones listed), every definition declared, formatted by its pinned prettier.
TS_OPTIONS: dict[str, Any] = {
    "additionalProperties": False,
    "unreachableDefinitions": True,
    "declareExternallyReferenced": True,
    "enableConstEnums": False,
    "format": True,
    "strictIndexSignatures": True,
    "unknownAny": True,
    "style": {"printWidth": 100, "singleQuote": False, "trailingComma": "all"},
    "bannerComment": "",
}

TS_HEADER = f"""\
/**
 * The documents of scorebook, as apps read and write them: generated from the pydantic
 * models (functions/scorebook) by `{COMMAND}`; do not edit. The same as JSON Schema:
 * schemas/*.schema.json.
 *
 * A timestamp is the JS SDK's `Timestamp`: what a listener reads. Write a document as
 * `WithFieldValue<T>` (firebase/firestore), with `Timestamp.fromDate(...)` or, where the
 * security rules want the request time, `serverTimestamp()`. An optional field (`?`) may be
 * left out and takes its default; the views (`LiveScore`, `LiveLineups`) are written by the
 * Cloud Functions with every field present.
 */
import type {{ Timestamp }} from "firebase/firestore";
"""


class ToolMissing(RuntimeError):
    """node, or a package of node_modules, is not installed."""


def node_tool(*parts: str) -> Path:
    """A file of node_modules (``node_tool(".bin", "tsc")``), or :class:`ToolMissing`
    saying how to install it."""
    path = ROOT.joinpath("node_modules", *parts)
    if shutil.which("node") is None or not path.exists():
        raise ToolMissing(f"node and node_modules/{'/'.join(parts)} are needed (the versions "
                          "package.json pins): run `make setup`")
    return path


def typescript() -> str:
    """clients/js/types/scorebook.d.ts: the declarations of every document."""
    node_tool("json-schema-to-typescript")
    payload = {"schema": combined_schema(), "name": "ScorebookDocument", "options": TS_OPTIONS}
    done = subprocess.run(
        ["node", str(Path(__file__).with_name("schema_to_ts.mjs"))],
        input=json.dumps(payload), capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"json-schema-to-typescript failed:\n{done.stderr}")
    aliases = [f"/** {doc} */\nexport type {alias} = {target};"
               for alias, (target, doc) in ALIASES.items()]
    declarations = _flat_innings_signature(done.stdout.rstrip() + "\n")
    return TS_HEADER + "\n" + declarations + "\n" + "\n\n".join(aliases) + "\n"


def generated() -> dict[Path, str]:
    """Every generated file (relative to the repository) and its text."""
    return {**schema_files(), TYPES: typescript()}


def strays(root: Path, files: dict[Path, str]) -> list[Path]:
    """Schema files under ``root`` that no document has any more."""
    return [p.relative_to(root) for p in sorted((root / SCHEMAS).glob("*.schema.json"))
            if p.relative_to(root) not in files]


def write(root: Path = ROOT, files: dict[Path, str] | None = None) -> list[Path]:
    """Write the generated files under ``root`` and remove stray schema files; return the
    files that changed."""
    files = generated() if files is None else files
    changed = out_of_date(root, files)
    for relative in changed:
        path = root / relative
        if relative in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(files[relative])
        else:  # a stray
            path.unlink()
    return changed


def out_of_date(root: Path = ROOT, files: dict[Path, str] | None = None) -> list[Path]:
    """The files under ``root`` that differ from what the models give: generated files that
    are missing or differ, and stray schema files."""
    files = generated() if files is None else files
    stale = [rel for rel, text in files.items()
             if not (root / rel).exists() or (root / rel).read_text() != text]
    return stale + strays(root, files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when a generated file is out of date")
    args = parser.parse_args(argv)
    try:
        files = generated()
    except ToolMissing as missing:
        print(missing, file=sys.stderr)
        return 2
    return _check(files) if args.check else _rewrite(files)


def _check(files: dict[Path, str]) -> int:
    stale = out_of_date(ROOT, files)
    for path in stale:
        print(f"{path} is out of date: run `{COMMAND}`", file=sys.stderr)
    return 1 if stale else 0


def _rewrite(files: dict[Path, str]) -> int:
    changed = write(ROOT, files)
    for path in changed:
        print(f"wrote {path}")
    print(f"{SCHEMAS}/ ({len(DOCUMENTS)} schemas) and {TYPES}: "
          + ("updated" if changed else "up to date"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
