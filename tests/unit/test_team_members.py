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
    assert ann.roles == ["coach", "player"]
    assert [(s.startDate, s.endDate) for s in ann.spans] == [
        (T0, T0 + 10 * DAY), (T0 + 20 * DAY, T0 + 30 * DAY)]  # not a member in between
    assert bob.roles == ["analyst", "manager"]
    assert [(s.startDate, s.endDate) for s in bob.spans] == [(T0, None)]  # overlapping: one


def test_beyond_four_spans_the_earliest_are_merged_and_the_latest_kept() -> None:
    terms = [appoint("home", "ann", "player", T0 + 10 * k * DAY, T0 + (10 * k + 5) * DAY)
             for k in range(6)]
    spans = team_members("home", terms).members["ann"].spans
    assert len(spans) == 4
    assert (spans[0].startDate, spans[0].endDate) == (T0, T0 + 25 * DAY)
    assert [(s.startDate, s.endDate) for s in spans[1:]] == [
        (T0 + 30 * DAY, T0 + 35 * DAY), (T0 + 40 * DAY, T0 + 45 * DAY),
        (T0 + 50 * DAY, T0 + 55 * DAY)]


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
