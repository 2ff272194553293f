"""What the functions tell an operator beyond their log lines: structured entries Cloud
Logging reads from a JSON line on stdout, which a log-based metric counts and an alert
watches (docs/deploy.md)."""

from __future__ import annotations

from typing import Any


def tamper_alert(match_id: str, reason: str | None) -> dict[str, Any]:
    """The structured log entry of a run that found what the functions did not write (a
    checkpoint or live/score edited, ledger entries at the chain's tail): Cloud Logging reads
    a JSON line on stdout as one entry, and a log-based metric counts these by
    `jsonPayload.alert` (docs/deploy.md sets it up, with an alert on it)."""
    return {"severity": "WARNING", "alert": TAMPER_ALERT, "matchId": match_id,
            "message": f"live/score of {match_id}: {reason or 'tampered'}"}


#: `jsonPayload.alert` of tamper_alert's entries: the log-based metric's filter
TAMPER_ALERT = "scorebook_tampered"
