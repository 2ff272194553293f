"""schemas/*.schema.json and clients/js/types/scorebook.d.ts are the models, generated: the
checked-in files are never out of date, the schemas accept the documents the code writes and
refuse what the models refuse, and the TypeScript compiles against the JS SDK."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from scorebook.actions import ACTION_KINDS, ACTION_MODELS
from scorebook.cricsheet import lineups_from_cricsheet, load_match
from scorebook.document import to_document
from scorebook.feed import feed
from scorebook.feed_events import event_digest
from scorebook.match import lineup_documents
from scorebook.notify import Device, Following, notices
from scorebook.roles import (
    MatchRoleAssignment,
    SchoolRoleAssignment,
    TeamDocument,
    TeamRoleAssignment,
)
from scorebook.service.feed import event_document
from scorebook.views.lineups import project_lineups
from scorebook.views.live_now import innings_documents, now_document
from scorebook.views.scorecard import project
from scorebook_tools.generated_match import generated_match
from scorebook_tools.schema_export import (
    COMMAND,
    DOCUMENTS,
    ROOT,
    SCHEMAS,
    TYPES,
    ToolMissing,
    generated,
    main,
    node_tool,
    out_of_date,
    write,
)
from tests.unit.factories import Book, two_innings_match

KIT = TYPES.parent.parent  # clients/js: its tsconfig.json checks the kit, its example, check.ts


@pytest.fixture(scope="module")
def files() -> dict[Path, str]:
    """Every generated file, made once for the module (json-schema-to-typescript runs)."""
    try:
        return generated()
    except ToolMissing as missing:
        pytest.fail(str(missing))


def schema(name: str) -> dict[str, Any]:
    return json.loads((ROOT / SCHEMAS / f"{name}.schema.json").read_text())


def problems(name: str, document: Any) -> list[str]:
    """Why a document does not match the checked-in schema of its kind (none: it does)."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
            for e in Draft202012Validator(schema(name)).iter_errors(document)]


def test_the_checked_in_files_are_what_the_models_give(files: dict[Path, str],
                                                       tmp_path: Path) -> None:
    write(tmp_path, files)
    stale = [rel for rel in files
             if not (ROOT / rel).exists()
             or (ROOT / rel).read_text() != (tmp_path / rel).read_text()]
    strays = sorted(p.name for p in (ROOT / SCHEMAS).glob("*.schema.json")
                    if SCHEMAS / p.name not in files)
    assert not stale, "\n".join(f"{rel} is out of date: run `{COMMAND}`" for rel in stale)
    assert not strays, f"{strays}: no document has these schemas any more: run `{COMMAND}`"


def test_regenerating_is_idempotent(files: dict[Path, str], tmp_path: Path) -> None:
    assert sorted(map(str, write(tmp_path, files))) == sorted(map(str, files))
    assert write(tmp_path, files) == []
    (tmp_path / SCHEMAS / "gone.schema.json").write_text("{}")
    assert write(tmp_path, files) == [SCHEMAS / "gone.schema.json"]  # a stray is removed
    assert not (tmp_path / SCHEMAS / "gone.schema.json").exists()


def test_an_edited_or_stray_file_is_out_of_date(files: dict[Path, str], tmp_path: Path) -> None:
    write(tmp_path, files)
    assert out_of_date(tmp_path, files) == []
    (tmp_path / TYPES).write_text((tmp_path / TYPES).read_text() + "// edited\n")
    (tmp_path / SCHEMAS / "gone.schema.json").write_text("{}")
    assert out_of_date(tmp_path, files) == [TYPES, SCHEMAS / "gone.schema.json"]


def test_the_check_mode_says_the_checked_in_files_are_up_to_date() -> None:
    assert main(["--check"]) == 0


def test_the_types_compile_against_the_js_sdk_the_kit_and_its_example() -> None:
    """`tsc --noEmit -p clients/js`, strict, JS checked by its JSDoc: the kit (src/) and its
    example (examples/score-an-over.mjs) against the generated types and the firebase SDK's;
    types/check.ts builds a delivery and a lineup entry and reads live/score, and its
    `@ts-expect-error` lines check that wrong documents do not compile."""
    try:
        tsc = node_tool(".bin", "tsc")
        node_tool("firebase", "package.json")
    except ToolMissing as missing:
        pytest.fail(str(missing))
    # as Node resolves modules (the tsconfig's nodenext), and as bundlers (Vite) do
    for resolution in ([], ["--module", "preserve", "--moduleResolution", "bundler"]):
        command = [str(tsc), "--noEmit", "-p", str(KIT), *resolution]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                              check=False)
        assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}{done.stderr}"


def test_every_schema_is_a_valid_draft_2020_12_schema_saying_where_its_document_is() -> None:
    for doc in DOCUMENTS:
        s = schema(doc.name)
        Draft202012Validator.check_schema(s)
        assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert s["title"] == doc.title
        assert "Written by" in s["description"], doc.name
        assert doc.path.split("/")[0] in s["description"], doc.name


def test_the_action_schema_is_the_union_of_every_kind_tagged_by_kind() -> None:
    s = schema("action")
    assert [b["$ref"] for b in s["oneOf"]] == [f"#/$defs/{m.__name__}" for m in ACTION_MODELS]
    assert s["discriminator"]["propertyName"] == "kind"
    assert list(s["discriminator"]["mapping"]) == list(ACTION_KINDS)
    assert "kind" not in s["$defs"]["ScoringAction"]["required"]  # a ball by default
    assert "kind" in s["$defs"]["InningsStart"]["required"]


def test_timestamps_are_firestore_timestamps_as_date_time_strings() -> None:
    for name in ("action", "match-lineup", "match-role-assignment", "live-score"):
        timestamp = schema(name)["$defs"]["Timestamp"]
        assert timestamp["format"] == "date-time"
        assert "Firestore Timestamp" in timestamp["description"]
    lineup = schema("match-lineup")["properties"]
    assert lineup["selectedAt"] == {"$ref": "#/$defs/Timestamp"}


def test_views_have_every_field_the_functions_write_and_the_match_its_player_ids() -> None:
    live = schema("live-score")
    assert set(live["required"]) == set(live["properties"])
    assert "innings" not in live["properties"]
    assert set(live["patternProperties"]) == {"^innings[1-9][0-9]*$"}
    team = schema("match")["$defs"]["Team"]
    assert "playerIds" in team["required"] and "readOnly" not in team["properties"]["playerIds"]
    # what clients write may leave out a field that has a default
    assert "isVoided" not in schema("action")["$defs"]["ScoringAction"]["required"]


def test_the_documents_the_code_writes_match_their_schemas() -> None:
    data = generated_match()
    match, actions = load_match(data, match_id="gen")
    lineups = lineups_from_cricsheet(data, match_id="gen")
    at = datetime(2026, 11, 22, tzinfo=UTC)
    roles = [
        SchoolRoleAssignment.assign("s1", "u1", "director_of_cricket", by="admin", at=at,
                                    startDate=at, isPrimary=True),
        TeamRoleAssignment.assign("t1", "u2", "coach", by="u1", at=at, startDate=at,
                                  isCaptain=False, isViceCaptain=False),
        MatchRoleAssignment.assign("gen", "u3", "scorer_home", by="u1", at=at,
                                   status="confirmed"),
    ]
    live = to_document(project(match, actions), json=True)
    live_lineups = project_lineups("gen", lineup_documents(lineups),
                                   team_ids=[t.id for t in match.teams])
    written = [
        ("match", to_document(match, json=True)),
        ("team", to_document(TeamDocument(id="t1", name="Home", schoolId="s1"), json=True)),
        *[("action", to_document(a, json=True)) for a in actions],
        *[("match-lineup", to_document(e, json=True)) for e in lineups],
        *zip(("school-role-assignment", "team-role-assignment", "match-role-assignment"),
             (to_document(r, json=True) for r in roles), strict=True),
        ("live-score", live),
        ("live-now", now_document(live)),
        *[("live-innings", card) for card in innings_documents(live).values()],
        ("live-lineups", to_document(live_lineups, json=True)),
        *[("feed-event", {**to_document(e, json=True), "seq": n, "digest": event_digest(e)})
          for n, e in enumerate(feed(match, actions), start=1)],
        ("following", to_document(Following(kinds=["wicket", "result"], createdAt=at), json=True)),
        ("device", to_document(Device(token="t" * 160, platform="android", createdAt=at),
                               json=True)),
        *[("notification", to_document(n.model_copy(update={"createdAt": at}), json=True))
          for n in notices("gen", "Home v Away", [
              (n, event_document(e, n)) for n, e in enumerate(feed(match, actions), start=1)],
              {})],
    ]
    assert {"innings1", "innings2"} <= set(live)
    assert {kind for kind, _ in written} == {doc.name for doc in DOCUMENTS}
    for kind, document in written:
        assert problems(kind, document) == [], (kind, document.get("id"))


def test_the_schemas_refuse_what_the_models_refuse() -> None:
    data = generated_match()
    match, actions = load_match(data, match_id="gen")
    ball = to_document(next(a for a in actions if a.kind == "delivery"), json=True)
    start = to_document(next(a for a in actions if a.kind == "innings_start"), json=True)
    entry = to_document(lineups_from_cricsheet(data, match_id="gen")[0], json=True)
    live = to_document(project(match, actions), json=True)
    refused = [
        ("action", {**ball, "kind": "lunch"}),
        ("action", {**ball, "extras": {"wide": True}}),
        ("action", {**ball, "runsOffBat": -1}),
        ("action", {k: v for k, v in start.items() if k != "battingTeamId"}),
        ("action", {**start, "umpire": "x"}),
        ("match-lineup", {**entry, "isWicketKeeper": True}),
        ("match-lineup", {k: v for k, v in entry.items() if k != "selectedAt"}),
        ("match", {**to_document(match, json=True), "teams": []}),
        ("live-score", {**live, "innings3": {"runs": "many"}}),
        ("live-score", {k: v for k, v in live.items() if k != "batsmen"}),
    ]
    for kind, document in refused:
        assert problems(kind, document), (kind, document)


def test_the_typescript_declares_every_document_and_kind() -> None:
    text = (ROOT / TYPES).read_text()
    assert 'import type { Timestamp } from "firebase/firestore";' in text
    for name in [*(m.__name__ for m in ACTION_MODELS), "Match", "Team", "MatchLineup",
                 "MatchRoleAssignment", "LiveScoreProjection", "LineupsProjection"]:
        assert f"export interface {name} {{" in text, name
    for alias in ("Action", "Delivery", "LiveScore", "LiveLineups", "ActionKind"):
        assert f"export type {alias} =" in text, alias
    assert "[innings: `innings${number}`]: InningsView | undefined;" in text
    assert "timestamp: Timestamp;" in text and ": string; // " not in text


def test_every_kind_of_action_and_the_live_score_it_makes_match_their_schemas() -> None:
    book = Book(two_innings_match())
    book.start(strikerId="h1", nonStrikerId="h2", bowlerId="a1")
    book.ball(4, boundary=True, angle="Over the Wicket")
    book.ball(wide=1)
    book.ball(0, out="caught", fielders=["a5"])
    book.event("retirement", batterId="h2", type="retired_hurt")
    book.event("absence", batterId="h11", reason="absent_ill")
    book.event("batter_change", strikerId="h3", nonStrikerId="h4")
    book.event("penalty_runs", runs=5, awardedToTeamId="home", reason="ball tampering")
    book.event("dismissal", wicket={"type": "run_out", "dismissedPlayerId": "h4",
                                    "fielderIds": ["a2"]}, bowlerId="a1")
    book.event("revised_target", maxOvers=40, method="DLS")
    book.event("interruption", maxOvers=30, reason="rain")  # a Test has none: flagged
    book.event("declaration")
    book.start()
    book.balls(1, 2)
    book.event("innings_end", reason="other", note="bad light")
    book.start()
    book.event("forfeit")
    book.start()
    book.ball(6)
    book.event("match_result", result="draw", note="time ran out")
    voided = book.actions[1].model_copy(update={"isVoided": True, "voidReason": "mis-keyed",
                                                "voidedBy": "scorer-1",
                                                "voidedAt": datetime(2026, 1, 1, tzinfo=UTC)})
    kinds = {a.kind for a in book.actions}
    assert kinds == set(ACTION_KINDS), set(ACTION_KINDS) - kinds
    for action in [*book.actions, voided]:
        assert problems("action", to_document(action, json=True)) == [], action.id
    live = to_document(project(book.match, book.actions), json=True)
    assert live["resultType"] == "draw" and live["innings1"]["retirements"]
    assert problems("live-score", live) == []
