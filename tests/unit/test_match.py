"""Match configuration (scorebook.match): a lineup document is the product schema's
MatchLineup, one player per document; the team sheet it replaced is refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, Literal, get_args, get_origin

import pytest

from scorebook.document import to_document
from scorebook.match import (
    LineupParseError,
    MatchLineup,
    TeamSheetError,
    lineup_id,
    parse_lineup_document,
)

#: The product schema's lineup, as the apps are built against it.
PRODUCT_SCHEMA = """
export interface MatchLineup {
  id: string; matchId: string; teamId: string; playerId: string;
  role: 'playing_xi' | 'substitute' | 'reserve' | 'withdrawn';
  isCaptain: boolean; isViceCaptain: boolean; isWicketkeeper: boolean;
  battingPosition?: number;  // 1-11
  substitutedAt?: Date | string; substitutedFor?: string;    // Player ID they replaced
  substitutionReason?: 'concussion' | 'covid' | 'tactical' | 'injury';
  selectedAt: Date | string; selectedBy: string; confirmedAt?: Date | string; confirmedBy?: string;
  createdAt: Date | string; updatedAt?: Date | string;
}
"""
#: The fields the project adds to it.
EXTENSIONS = {"name"}
AT = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)


def schema_fields() -> dict[str, tuple[bool, str]]:
    """field -> (required, TypeScript type) of the product schema."""
    body = re.sub(r"//[^\n]*", "", PRODUCT_SCHEMA.split("{", 1)[1].rsplit("}", 1)[0])
    fields = {}
    for declaration in filter(None, (d.strip() for d in body.split(";"))):
        name, kind = (part.strip() for part in declaration.split(":", 1))
        fields[name.rstrip("?")] = (not name.endswith("?"), kind)
    return fields


def literal_values(annotation: Any) -> set[str]:
    inner = [annotation] if get_origin(annotation) is Literal else get_args(annotation)
    (literal,) = [a for a in inner if get_origin(a) is Literal]
    return set(get_args(literal))


def copied_from_the_schema(**fields: Any) -> dict[str, Any]:
    """A lineup document with every field of the schema filled."""
    return {
        "id": "home_h12", "matchId": "m1", "teamId": "home", "playerId": "h12",
        "role": "playing_xi", "isCaptain": False, "isViceCaptain": True, "isWicketkeeper": True,
        "battingPosition": 4, "substitutedAt": AT, "substitutedFor": "h4",
        "substitutionReason": "concussion", "selectedAt": AT, "selectedBy": "u-manager",
        "confirmedAt": AT, "confirmedBy": "u-captain", "createdAt": AT, "updatedAt": AT,
    } | fields


def test_the_model_has_the_product_schemas_fields_names_and_required_ones() -> None:
    schema = schema_fields()
    model = MatchLineup.model_fields
    assert set(model) == set(schema) | EXTENSIONS
    assert {n for n, f in model.items() if f.is_required()} == {
        n for n, (required, _) in schema.items() if required
    }
    assert not any(model[n].is_required() for n in EXTENSIONS)


@pytest.mark.parametrize("field", ["role", "substitutionReason"])
def test_the_model_has_the_product_schemas_values(field: str) -> None:
    values = set(re.findall(r"'([a-z_]+)'", schema_fields()[field][1]))
    assert literal_values(MatchLineup.model_fields[field].annotation) == values


def test_a_lineup_copied_from_the_schema_parses_as_it_is() -> None:
    data = copied_from_the_schema()
    entry = parse_lineup_document("home_h12", data)
    assert to_document(entry) == data | {"name": None}
    assert entry.id == lineup_id("home", "h12")


def test_the_keeper_has_one_spelling() -> None:
    with pytest.raises(LineupParseError, match="isWicketKeeper"):
        parse_lineup_document("home_h12", copied_from_the_schema(isWicketKeeper=True))
    data = copied_from_the_schema()
    data["isWicketKeeper"] = data.pop("isWicketkeeper")
    with pytest.raises(LineupParseError, match="isWicketkeeper: Field required"):
        parse_lineup_document("home_h12", data)


@pytest.mark.parametrize("field", ["selectedAt", "selectedBy", "createdAt", "role", "isCaptain"])
def test_a_field_the_schema_requires_is_required(field: str) -> None:
    data = copied_from_the_schema()
    del data[field]
    with pytest.raises(LineupParseError, match=f"{field}: Field required"):
        parse_lineup_document("home_h12", data)


def test_the_name_is_optional_and_never_empty() -> None:
    assert parse_lineup_document("home_h12", copied_from_the_schema()).name is None
    named = parse_lineup_document("home_h12", copied_from_the_schema(name="Newcomer"))
    assert named.name == "Newcomer"
    with pytest.raises(LineupParseError, match="name"):
        parse_lineup_document("home_h12", copied_from_the_schema(name=""))


def test_a_team_sheet_is_not_a_lineup() -> None:
    sheet = {
        "id": "home", "matchId": "m1", "teamId": "home",
        "players": [{"id": "h1", "name": "Ali"}, {"id": "h12", "name": "Newcomer"}],
        "captainId": "h1", "wicketKeeperId": "h12",
    }
    with pytest.raises(TeamSheetError) as error:
        parse_lineup_document("home", sheet)
    assert (error.value.team_id, error.value.player_ids) == ("home", ["h1", "h12"])
    assert "team sheet" in str(error.value)


def test_a_replacement_names_someone_else() -> None:
    with pytest.raises(LineupParseError, match="cannot replace themselves"):
        parse_lineup_document("home_h12", copied_from_the_schema(substitutedFor="h12"))
    with pytest.raises(LineupParseError, match="needs the player replaced"):
        parse_lineup_document("home_h12", copied_from_the_schema(substitutedFor=None))
