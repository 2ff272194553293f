"""Who may read a private match (scorebook.roles.follows): the rules' isFollower, as the
validateAction callable asks it before it says anything about the match's log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scorebook.roles import follows

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
MATCH = {"visibility": "private", "memberIds": ["member"],
         "teams": [{"id": "home", "playerIds": ["player"]}, {"id": "away"}]}


def role(uid: str, role: str, **more: object) -> dict[str, dict]:
    return {f"m1_{uid}_{role}": {"personId": uid, "matchId": "m1", "role": role,
                                 "status": "assigned", **more}}


def sees(uid: str | None, *, admin: bool = False, assignments: dict | None = None,
         team_members: dict | None = None, match: dict = MATCH) -> bool:
    return follows(match, "m1", uid, is_admin=admin, assignments=assignments or {},
                   team_members=team_members or {}, now=NOW)


def test_a_public_match_is_anyones_and_a_private_one_its_peoples() -> None:
    assert sees(None, match={"visibility": "public", "teams": []})
    assert not sees(None) and not sees("stranger")
    assert sees("stranger", admin=True) and sees("member") and sees("player")


def test_its_officials_in_office_and_the_teams_people_now() -> None:
    assert sees("ump", assignments=role("ump", "umpire_on_field"))
    assert sees("ref", assignments=role("ref", "match_referee"))
    assert not sees("ump", assignments=role("ump", "umpire_on_field", status="no_show"))
    assert not sees("ump", assignments=role("ump", "umpire_on_field", revokedAt=NOW))
    assert not sees("ump", assignments=role("ump", "umpire_on_field",
                                            endDate=NOW - timedelta(days=1)))
    assert not sees("ground", assignments=role("ground", "groundskeeper"))
    span = {"startDate": NOW - timedelta(days=30), "endDate": None}
    assert sees("coach", team_members={"away": {"members": {"coach": {"spans": [span]}}}})
    ended = {"startDate": NOW - timedelta(days=30), "endDate": NOW - timedelta(days=1)}
    assert not sees("coach", team_members={"away": {"members": {"coach": {"spans": [ended]}}}})
