"""Who may follow a team's private matches (scorebook.roles.team_members), from its role
assignments: pure, no Firebase."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scorebook.roles import TeamRoleAssignment, team_members

T0 = datetime(2026, 4, 1, tzinfo=UTC)
DAY = timedelta(days=1)


def appoint(team: str, person: str, role: str, start: datetime, end: datetime | None = None,
            **more) -> TeamRoleAssignment:
    return TeamRoleAssignment.assign(team, person, role, by="admin", at=T0, startDate=start,
                                     endDate=end, isCaptain=False, isViceCaptain=False, **more)


def test_each_person_is_one_member_with_every_role_and_the_span_they_cover() -> None:
    got = team_members("home", [
        appoint("home", "ann", "player", T0, T0 + 10 * DAY),
        appoint("home", "ann", "coach", T0 + 20 * DAY, T0 + 30 * DAY),
        appoint("home", "bob", "manager", T0 + DAY),
        appoint("home", "bob", "analyst", T0, T0 + 5 * DAY),
    ])

    assert set(got.members) == {"ann", "bob"}
    ann, bob = got.members["ann"], got.members["bob"]
    assert (ann.roles, ann.startDate, ann.endDate) == (["coach", "player"], T0, T0 + 30 * DAY)
    assert (bob.roles, bob.startDate, bob.endDate) == (["analyst", "manager"], T0, None)


def test_revoked_appointments_and_other_teams_give_nothing() -> None:
    got = team_members("home", [
        appoint("home", "ann", "coach", T0, revokedBy="admin", revokedAt=T0 + DAY),
        appoint("away", "bob", "manager", T0),
        appoint("home", "cat", "player", T0, revokedBy="admin", revokedAt=T0 + DAY),
        appoint("home", "cat", "scorer", T0 + DAY),
    ], problems=["home_x_coach: role: not a team role"])

    assert list(got.members) == ["cat"]
    assert got.members["cat"].roles == ["scorer"]
    assert got.problems == ["home_x_coach: role: not a team role"]
