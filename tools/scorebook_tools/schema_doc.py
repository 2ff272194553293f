"""docs/schema.md: the documents as apps see them, written from the pydantic models.

    make schema                                             # this page, schemas/, the TS types
    .venv/bin/python -m scorebook_tools.schema_doc          # rewrite docs/schema.md
    .venv/bin/python -m scorebook_tools.schema_doc --check  # exit 1 if it is out of date

The models are the schema; this page is generated so that it cannot drift from them
(tests/unit/tools/test_schema_doc.py checks it). The JSON Schemas and TypeScript types of the
same documents are schema_export.py's.
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import sys
import types
import typing
from collections.abc import Iterable
from itertools import compress
from pathlib import Path

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from scorebook.actions import (
    ACTION_MODELS,
    Coordinates,
    Extras,
    ShotData,
    Wicket,
    WinMargin,
    kind_of_model,
)
from scorebook.feed_events import (
    BallBowledEvent,
    BallRetractedEvent,
    DisputeRaisedEvent,
    DisputeResolvedEvent,
    InningsCompleteEvent,
    MatchCompleteEvent,
    MilestoneEvent,
    OverCompleteEvent,
    PlayerChangedEvent,
    TargetRevisedEvent,
    WicketFallenEvent,
)
from scorebook.match import Match, MatchLineup, Player, Team, Toss
from scorebook.notify import Device, Following, Notice
from scorebook.roles import ROLE_ASSIGNMENT_MODELS, TeamDocument
from scorebook.views.lineups import LineupsProjection
from scorebook.views.live_now import LiveNow
from scorebook.views.live_score_schema import LiveScoreProjection

PAGE = Path(__file__).resolve().parents[2] / "docs" / "schema.md"

INTRO = """# The documents, as apps see them

Generated from the pydantic models by `make schema`, which also writes the same documents as
JSON Schemas (`schemas/*.schema.json`, draft 2020-12) and as TypeScript types
(`clients/js/types/scorebook.d.ts`); do not edit by hand. Field names are the camelCase names
on the wire. "required" fields must be present; the others may be left out and take the
default shown (the security rules may still require a field of a new document: `isVoided:
false` on a new action). Views (`live/now`, `live/innings{n}`, `live/score`, `live/lineups`)
are written by the Cloud Functions only. Problem codes are in [integrity.md](integrity.md).

`live/score` implements the product schema's `LiveScoreProjection` (Schema V3, the TypeScript
the apps are built against): each of its tables names the interface it implements, and the
"product schema" column says which fields that interface has ("yes") and which this project
adds ("extension"; apps built against the schema may ignore them). Optional fields of the
schema (`target?`) are written as `null` when they have no value, as every field here is.
"""


def type_name(annotation: object) -> str:
    """A short, readable name of a field's type."""
    origin = typing.get_origin(annotation)
    if origin in _GENERIC_NAMES:
        return _GENERIC_NAMES[origin](typing.get_args(annotation))
    if annotation is type(None):
        return "null"
    if isinstance(annotation, type):
        return _TYPE_NAMES.get(annotation.__name__, annotation.__name__)
    return re.sub(r"typing\.|[a-z_]+\.", "", str(annotation))


#: the schema's words for Python's types (any other type is named as Python names it)
_TYPE_NAMES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean",
               "datetime": "timestamp", "date": "date"}


def _literal_name(args: tuple[object, ...]) -> str:
    return " \\| ".join(f"`{a!r}`".replace("'", '"') for a in args)


def _union_name(args: tuple[object, ...]) -> str:
    return " \\| ".join(type_name(a) for a in args)


def _list_name(args: tuple[object, ...]) -> str:
    return f"list of {type_name(args[0])}" if args else "list"


def _map_name(args: tuple[object, ...]) -> str:
    return f"map of {type_name(args[1])}" if len(args) == 2 else "map"


#: how a generic type is named, by its origin (`list[int]`'s is `list`)
_GENERIC_NAMES: dict[object, typing.Callable[[tuple[object, ...]], str]] = {
    typing.Literal: _literal_name,
    typing.Union: _union_name,
    types.UnionType: _union_name,
    typing.Annotated: lambda args: type_name(args[0]),
    list: _list_name, tuple: _list_name, set: _list_name, frozenset: _list_name,
    dict: _map_name,
}


def default_text(field: typing.Any) -> str:
    if field.is_required():
        return "required"
    value = field.default_factory() if field.default_factory is not None else field.default
    if value is PydanticUndefined:
        return ""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True)
    return "`" + json.dumps(value, default=str) + "`"


def _cell(text: str | None) -> str:
    """Text for one table cell: one line, pipes escaped."""
    return " ".join((text or "").split()).replace("|", "\\|")


def model_section(model: type[BaseModel], title: str | None = None, *,
                  product: bool = False) -> str:
    """One model's heading, first docstring paragraph and table of fields. A field's
    description (its docstring) fills a "notes" column when the model has any. ``product``:
    the model belongs to a document of the product's schema, so say which of its fields the
    schema has (``productFields``) and which are this project's extensions."""
    doc, marked = _introduction(model, product)
    computed = model.model_computed_fields
    noted = any(field.description for field in [*model.model_fields.values(),
                                                 *computed.values()])
    table = [["field", "type", "default", "product schema", "notes"], *_field_rows(model)]
    table += [[f"`{derived.alias or name}`", type_name(derived.return_type), "derived",
               "extension", _cell(derived.description)] for name, derived in computed.items()]
    # the product-schema and notes columns only where the table has something to say in them
    shown = (True, True, True, marked, noted)
    header, *rows = ["| " + " | ".join(compress(row, shown)) + " |" for row in table]
    return "\n".join([f"### {title or model.__name__}", "", doc, "",
                      header, "|" + "---|" * sum(shown), *rows, ""])


def _field_rows(model: type[BaseModel]) -> list[list[str]]:
    """A row per stored field: its name on the wire, type, default, whether the product
    schema has it, and its description."""
    product_fields = getattr(model, "productFields", frozenset())
    return [[f"`{field.alias or name}`", type_name(field.annotation), default_text(field),
             "yes" if name in product_fields else "extension", _cell(field.description)]
            for name, field in model.model_fields.items()]


def _introduction(model: type[BaseModel], product: bool) -> tuple[str, bool]:
    """The model's first docstring paragraph, said to be the product schema's interface or
    an extension; and whether its fields are marked as one or the other."""
    doc = inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].replace("\n", " ")
    interface = getattr(model, "productInterface", None)
    if product and interface is not None:
        return (f"Product schema: `{interface}`; the fields marked \"extension\" are this "
                f"project's own. {doc}").rstrip(), True
    if product:
        return f"Not in the product schema: an extension. {doc}".rstrip(), False
    return doc, False


def nested_models(model: type[BaseModel], seen: set[type]) -> list[type[BaseModel]]:
    """The models a view is made of, in the order their fields name them."""
    out: list[type[BaseModel]] = []
    for field in model.model_fields.values():
        for candidate in _models_in(field.annotation):
            if candidate not in seen:
                seen.add(candidate)
                out.append(candidate)
                out.extend(nested_models(candidate, seen))
    return out


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for a in typing.get_args(annotation) for m in _models_in(a)]


def page() -> str:
    parts = [INTRO, "## The log: `matches/{matchId}/scoring_actions/{innings}-{seq:04d}`", ""]
    parts += [model_section(m, f"`kind: {kind_of_model(m)}` ({m.__name__})")
              for m in ACTION_MODELS]
    parts += _sections((Extras, Wicket, ShotData, Coordinates, WinMargin))
    parts += ["## The match: `matches/{matchId}`", ""]
    parts += _sections((Match, Team, Player, Toss))
    parts += ["## Who plays: `matches/{matchId}/lineups/{teamId}_{playerId}`", ""]
    parts += [model_section(MatchLineup)]
    parts += ["## Teams and role assignments", "",
              "One assignment per person, role and scope, at `{scopeId}_{personId}_{role}` "
              "(`personId` is the Firebase Auth uid); revoked and ended assignments stay as "
              "history. What each role may do: rules/README.md.", ""]
    parts += _sections((TeamDocument, *ROLE_ASSIGNMENT_MODELS))
    for view, path, product in ((LiveScoreProjection, "live/score", True),
                                (LineupsProjection, "live/lineups", False)):
        parts += [f"## `matches/{{matchId}}/{path}`", ""]
        parts += _sections((view, *nested_models(view, {view})), product=product)
    parts += ["## `matches/{matchId}/live/now` and `live/innings{n}`", "",
              "Written by the functions with live/score, cut from the same rendering: "
              "`live/now` what changes every ball (a scoreboard, an overlay, a ticker listen "
              "to it alone), `live/innings{n}` each innings' scorecard (`LiveInnings` in the "
              "kit's types), as live/score's `innings{n}`: its fields are `InningsView`'s "
              "above; it stops changing when the innings ends. "
              "The views they share with live/score are described above.", "",
              "The cards are not indexed (`firestore.indexes.json`: `innings1` to `innings6`, "
              "`batsmen`, `bowlers`, `fallOfWickets`, `currentInnings`, `currentOver`, "
              "`overHistory`, `partnerships` of the `live` collection group): read by path, "
              "never queried, they are most of a five-day Test's live/score (4,400 fields by "
              "the end), and the card of the innings in progress is written with every ball, "
              "in live/score and in live/innings{n} (about 1,000 fields each by an innings' "
              "end, each indexed twice unless exempt: up to 4,000 index entries a ball). Index "
              "fanout is most of a write's latency in production. The one query on these "
              "documents, the reconciliation's, filters on live/score's `status` and "
              "`lastUpdated`.", ""]
    shown = set(nested_models(LiveScoreProjection, {LiveScoreProjection}))
    parts += _sections((LiveNow, *nested_models(LiveNow, {LiveNow, *shown})))
    parts += ["## The spectator feed: `matches/{matchId}/events/{seq:010d}`", "",
              "Written by the functions only, with live/score; one document per event, its id "
              "its `seq` zero-padded. Every event has the fields of `BALL_BOWLED` below but "
              "its `type` and `payload`; docs/clients.md §11 shows how to follow the feed.",
              ""]
    seen: set[type] = set(nested_models(LiveScoreProjection, {LiveScoreProjection}))
    for event in FEED_EVENTS:
        seen.add(event)
        parts += _sections((event, *nested_models(event, seen)))
    parts += ["## Notifications: followers, devices and notices", "",
              "A person follows a match and registers their devices (their app writes both, "
              "for themself only); the functions write one notice per follower and event worth "
              "telling, and send it to the follower's devices. docs/clients.md §11 shows how "
              "to follow a match.", ""]
    parts += _sections((Following, Device, Notice))
    return _with_contents("\n".join(parts).rstrip() + "\n")


def _sections(models: Iterable[type[BaseModel]], *, product: bool = False) -> list[str]:
    """Each model's section (`model_section`), in order."""
    return [model_section(m, product=product) for m in models]


def _with_contents(text: str) -> str:
    """The page with a list of its sections (its `##` headings, linked) after the
    introduction."""
    titles = re.findall(r"^## (.+)$", text, re.MULTILINE)
    contents = "\n".join(f"- [{title}](#{_anchor(title)})" for title in titles)
    first = text.index("\n## ")
    return f"{text[:first]}\n**Contents**\n\n{contents}\n{text[first:]}"


def _anchor(title: str) -> str:
    """The id GitHub gives a heading: lower case, spaces as hyphens, other punctuation
    dropped."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


FEED_EVENTS = (BallBowledEvent, WicketFallenEvent, OverCompleteEvent, InningsCompleteEvent,
               MatchCompleteEvent, PlayerChangedEvent, MilestoneEvent, BallRetractedEvent,
               DisputeRaisedEvent, DisputeResolvedEvent, TargetRevisedEvent)


def _check(current: str, text: str) -> int:
    if current != text:
        print(f"{PAGE} is out of date: run `make schema`", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when docs/schema.md is out of date")
    args = parser.parse_args(argv)
    text = page()
    current = PAGE.read_text() if PAGE.exists() else ""
    if args.check:
        return _check(current, text)
    if current == text:
        print(f"{PAGE}: up to date")
        return 0
    PAGE.write_text(text)
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
