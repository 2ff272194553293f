"""Every Firestore path scorebook reads or writes, in one place.

The triggers (`functions/main.py`), the adapters beside this module, the tools and the tests
all take their paths from here; `firestore.rules` matches the same ones.
"""

from __future__ import annotations

MATCHES = "matches"
PERSONS = "persons"
MATCH_ROLES = "match_role_assignments"
TEAM_ROLES = "team_role_assignments"
SCHOOL_ROLES = "school_role_assignments"
TEAMS = "teams"
TEAM_MEMBERS = "team_members"

#: The documents whose writes trigger the functions, in the triggers' path syntax.
SCORING_ACTION_TRIGGER = "matches/{matchId}/scoring_actions/{actionId}"
LINEUP_TRIGGER = "matches/{matchId}/lineups/{lineupId}"
MATCH_TRIGGER = "matches/{matchId}"
TEAM_ROLE_TRIGGER = f"{TEAM_ROLES}/{{assignmentId}}"
SUBMISSION_TRIGGER = "matches/{matchId}/submissions/{submissionId}"
RESOLUTION_TRIGGER = "matches/{matchId}/resolutions/{resolutionId}"
DISPUTE_TRIGGER = "matches/{matchId}/disputes/{position}"


def match_path(match_id: str) -> str:
    return f"{MATCHES}/{match_id}"


def scoring_actions_path(match_id: str) -> str:
    """The log: one immutable document per action, its id its position (`1-0042`)."""
    return f"{match_path(match_id)}/scoring_actions"


def scoring_action_path(match_id: str, action_id: str) -> str:
    return f"{scoring_actions_path(match_id)}/{action_id}"


def live_score_path(match_id: str) -> str:
    """The live scorecard spectators listen to (written by the functions only)."""
    return f"{match_path(match_id)}/live/score"


def live_now_path(match_id: str) -> str:
    """What changes every ball, small (scorebook.views.live_now; written by the functions)."""
    return f"{match_path(match_id)}/live/now"


def live_innings_path(match_id: str, number: int) -> str:
    """One innings' scorecard, which stops changing when the innings ends (written by the
    functions)."""
    return f"{match_path(match_id)}/live/innings{number}"


def events_path(match_id: str) -> str:
    """The spectator feed: typed events in `seq` order (written by the functions only)."""
    return f"{match_path(match_id)}/events"


def event_path(match_id: str, seq: int) -> str:
    """An event's id is its `seq`, zero-padded so that ids sort as the feed does."""
    return f"{events_path(match_id)}/{seq:010d}"


def submissions_path(match_id: str) -> str:
    """The scorers' views of each ball under DUAL and TRIPLE: `{position}_{uid}`."""
    return f"{match_path(match_id)}/submissions"


def submission_path(match_id: str, position: str, uid: str) -> str:
    return f"{submissions_path(match_id)}/{position}_{uid}"


def disputes_path(match_id: str) -> str:
    """Positions whose scorers disagree, by position (written by the functions only)."""
    return f"{match_path(match_id)}/disputes"


def dispute_path(match_id: str, position: str) -> str:
    return f"{disputes_path(match_id)}/{position}"


def resolution_id(position: str, attempt: int = 1) -> str:
    """A resolution's id: the disputed position, then `-2`, `-3`, ... for a later attempt
    when one settled nothing (a majority vote without a majority)."""
    return position if attempt == 1 else f"{position}-{attempt}"


def resolution_path(match_id: str, resolution_id_: str) -> str:
    """An official's resolution of a dispute (immutable)."""
    return f"{match_path(match_id)}/resolutions/{resolution_id_}"


def ledger_path(match_id: str) -> str:
    """The tamper-evident chain of the log's changes (scorebook.ledger; the functions only)."""
    return f"{match_path(match_id)}/ledger"


def ledger_entry_path(match_id: str, n: int) -> str:
    """An entry's id is its `n`, zero-padded so that ids sort as the chain does."""
    return f"{ledger_path(match_id)}/{n:010d}"


def checkpoint_path(match_id: str) -> str:
    """The trigger's fold state after the last action it read (the functions only)."""
    return f"{match_path(match_id)}/projection/state"


def reconciled_path(match_id: str) -> str:
    """The reconciliation's record of the match (the functions only): when it last verified
    it whole (`scorebook.firestore.reconcile`)."""
    return f"{match_path(match_id)}/projection/reconciled"


def log_page_path(match_id: str, k: int) -> str:
    """A page of the log, beside the checkpoint (the functions only): the fold where it
    starts and the actions after it as folded (`scorebook.service.log_pages`)."""
    from scorebook.service.log_pages import page_id

    return f"{match_path(match_id)}/projection/{page_id(k)}"


def lineups_path(match_id: str) -> str:
    """Who plays: one document per player (`{teamId}_{playerId}`) or per team sheet."""
    return f"{match_path(match_id)}/lineups"


def live_lineups_path(match_id: str) -> str:
    """The lineup projection (written by the functions only)."""
    return f"{match_path(match_id)}/live/lineups"


def legacy_archive_path(match_id: str) -> str:
    """Where a migration keeps the legacy live/score before it converts it."""
    return f"{match_path(match_id)}/legacy/live_score"


def pre_match_path(match_id: str) -> str:
    """The legacy apps' pre-match procedure (team sheets confirmed at the toss)."""
    return f"{match_path(match_id)}/pre_match/procedure"


def match_role_path(match_id: str, uid: str, role: str) -> str:
    return _assignment_path(MATCH_ROLES, match_id, uid, role)


def team_role_path(team_id: str, uid: str, role: str) -> str:
    return _assignment_path(TEAM_ROLES, team_id, uid, role)


def school_role_path(school_id: str, uid: str, role: str) -> str:
    return _assignment_path(SCHOOL_ROLES, school_id, uid, role)


def _assignment_path(collection: str, scope_id: str, uid: str, role: str) -> str:
    # imported here: every trigger imports this module, and the roles' nine models (5-8 ms
    # of a cold start) are for the few triggers that read or write an assignment
    from scorebook.roles import assignment_id

    return f"{collection}/{assignment_id(scope_id, uid, role)}"


def team_path(team_id: str) -> str:
    """A team and the school it belongs to (admins write it)."""
    return f"{TEAMS}/{team_id}"


def team_members_path(team_id: str) -> str:
    """Who may follow a team's private matches (written by the functions only)."""
    return f"{TEAM_MEMBERS}/{team_id}"


# --- after the match: archives, summaries and season statistics (functions write them) -------

COMPETITIONS = "competitions"
COMPETITION_TRIGGER = f"{COMPETITIONS}/{{competitionId}}"
#: a competition's table, ranked: one document per competition
COMPETITION_TABLES = "competition_tables"
#: what each completed match last gave its competition and players (the functions' own)
SEASON_CONTRIBUTIONS = "season_contributions"
MATCH_SUMMARIES = "match_summaries"


def competition_path(competition_id: str) -> str:
    return f"{COMPETITIONS}/{competition_id}"


def match_summary_path(match_id: str) -> str:
    return f"{MATCH_SUMMARIES}/{match_id}"


def archive_path(match_id: str) -> str:
    """The ball-by-ball archive: pages of deliveries, `{innings}-{page}` (`01-00`)."""
    return f"{match_summary_path(match_id)}/balls"


def season_contribution_path(match_id: str) -> str:
    return f"{SEASON_CONTRIBUTIONS}/{match_id}"


# -- live matches from outside (scorebook.ingest) ------------------------------------------

INGESTION = "ingestion"
INGESTION_TRIGGER = f"{INGESTION}/{{matchId}}"
PROVIDER_MAPPINGS = "provider_mappings"


def ingestion_path(match_id: str) -> str:
    """A live match taken from its providers: its providers, cadence, health, lease and what
    it has taken (`scorebook.service.ingest.Ingestion`; admins read it, no client writes)."""
    return f"{INGESTION}/{match_id}"


def provider_mapping_path(provider: str) -> str:
    """A provider's ids of players and teams -> this project's (admins write it)."""
    return f"{PROVIDER_MAPPINGS}/{provider}"


USERS = "users"


def followers_path(match_id: str) -> str:
    """Who follows a match: `{uid}` each, with the kinds of event to be told of."""
    return f"{match_path(match_id)}/followers"


def notifications_path(uid: str) -> str:
    """A user's notifications, one per event of a match followed
    (`{matchId}-{actionId}-{key}`)."""
    return f"{USERS}/{uid}/notifications"


def devices_path(uid: str) -> str:
    """A user's devices that take notifications: `{deviceId}` with its messaging token."""
    return f"{USERS}/{uid}/devices"
