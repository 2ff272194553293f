"""What the live projection's use case needs from the store (`ProjectionTx`), what a
trigger tells it (`ActionEvent`) and what a run reports (`Outcome`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from scorebook.service.feed import FeedWrites
from scorebook.service.log_pages import StoredWrites

Document = Mapping[str, Any]


class ProjectionTx(Protocol):
    """One transaction's view of one match: all reads happen before `write`."""

    #: the count of voided actions is compared with the checkpoint after the commit, by the
    #: store's caller (`Outcome.voided`), rather than before it, and so is a new action as
    #: stored with the event's (`action`): a store that folds outside a snapshot commits the
    #: next ball without waiting for either read
    checks_after_commit: bool

    def match(self) -> Document | None: ...

    def lineups(self) -> list[tuple[str, Document]]:
        """The match's lineup documents: who plays, their names, the keeper."""
        ...

    def checkpoint(self) -> Document | None: ...

    def read_ahead(self, action_ids: Iterable[str]) -> None:
        """Start the reads the fold of a new ball makes after the checkpoint's (the count of
        voided actions, these action documents) beside it, not one after the other;
        `voided_count` and `action` then answer from them. Nothing to do for a store without
        round trips."""
        ...

    def actions_after(self, after_id: str | None) -> list[tuple[str, Document]]:
        """The action documents after `after_id` in the log (all when None), in any order:
        `fold_documents` puts them in log order (`log_position`: innings 10 after 9)."""
        ...

    def actions_at(self, action_ids: list[str]) -> list[tuple[str, Document]]:
        """The action documents at these ids, in their order, up to the first one the log
        does not hold: one read each, in one round trip."""
        ...

    def action(self, action_id: str, written: Document | None = None) -> Document | None:
        """The action document at this id as stored (None: there is none); one read. A
        store that `checks_after_commit` answers `written` (the document as its trigger's
        event says it was written) and compares the stored one after the commit."""
        ...

    def voided_count(self) -> int: ...

    def voided_actions(self) -> list[tuple[str, Document]]:
        """The voided action documents (a match has few), read only when a change before
        the current over is refolded from the log's pages."""
        ...

    def action_count(self) -> int: ...

    def live_score(self) -> Document | None:
        """live/score as stored (read only by a verification, never on a ball)."""
        ...

    def published_events(self, after_seq: int) -> list[tuple[int, Document]]:
        """The feed's events with a `seq` above `after_seq`, retracted ones included, in
        `seq` order (read only when a change before the last action is refolded)."""
        ...

    def pages(self, first: int, end: int) -> list[Document | None]:
        """The log's pages `first` to `end - 1` as stored (None: absent), read only when a
        change before the current over is refolded (`scorebook.service.log_pages`)."""
        ...

    def open_disputes(self) -> list[str]:
        """The positions of the match's open disputes (read only when the checkpoint that
        remembers them cannot be trusted)."""
        ...

    def ledger_entries(self) -> list[Document]:
        """The match's ledger, in `n` order (read only when a rebuild cannot tell from the
        checkpoint which changes of the log it has entered)."""
        ...

    def ledger_after(self, n: int) -> list[Document]:
        """The ledger's entries after entry `n`, in `n` order: read only by an attempt after
        one that lost its race (none otherwise), where an entry nobody chained from the
        checkpoint may hold the next `n`."""
        ...

    def write(
        self, checkpoint: Document, live_score: Document, match_fields: Document | None = None,
        feed: FeedWrites | None = None, ledger: list[dict[str, Any]] | None = None, *,
        previous: Document | None = None, pages: StoredWrites | None = None,
        counted_after: bool = False,
    ) -> None:
        """Write the checkpoint and live/score; `match_fields` (MATCH_FIELDS) into
        `matches/{id}` when given (the log moved the match on); the feed's new events and
        retraction marks; the ledger's new entries (`scorebook.ledger`); and the log's pages
        the run folded into. `previous` is live/score as written with the checkpoint read
        (None: not known): live/score may then be sent as the fields that changed, provided
        it is still as written then. `counted_after`: the run's caller counts the voided
        actions after the commit (`Outcome.voided`), a read the run's figures include."""
        ...

    def flag_match(self, problem: Document) -> None:
        """The match document cannot be read, so nothing can be projected: add `problem` to
        live/score's integrity (its other fields stay as they are) and keep it on the
        checkpoint as `matchInvalid`, so that balls folded meanwhile still report it and the
        match's next valid version refolds the log."""
        ...


@dataclass(frozen=True)
class ActionEvent:
    """What a trigger knows: which action document changed and what it holds now."""

    action_id: str
    after: Document | None  # None: the document was deleted
    #: what the document held before this write (None: it was created); tells an edit in
    #: place of an action already folded from a trigger delivered twice, without a read
    before: Document | None = None
    #: seconds between the write and this run: an event that waited is one of a queue the
    #: functions are behind on, and balls written after it are likely in the log already
    waited: float = 0.0
    #: when the document the event is about was created (the server's time): tells the
    #: document a run read from another one written later at the same place
    created: datetime | None = None


#: The matches an instance remembers what it last folded, wrote and rendered for (its
#: checkpoint object, the actions folded, the innings' scorecards): more than a league
#: Saturday's matches at once, each about 0.4 MB at a T20's end. Past it, a match's next run
#: parses its checkpoint again and reads what its events were about (at 100 matches on one
#: emulator with room for 64, a run that found its action folded took 91 ms, not 6).
RECENT_MATCHES = 128

#: an event that waited longer is behind the scorer: a scorer's next ball comes no sooner
#: than about a second after the last
CAUGHT_UP_SECONDS = 1.0


@dataclass
class Outcome:
    mode: Literal["folded", "rebuilt_over", "rebuilt_page", "rebuilt", "renamed", "unchanged",
                  "no_match", "verified", "mismatch", "noticed"]
    reason: str = ""
    version: int | None = None
    folded: int = 0
    stats: dict[str, int] = field(default_factory=dict)
    #: the stored state was not what the functions wrote (a checkpoint edited by hand or
    #: copied from another match, a live/score edited): logged as a warning, not routine
    suspicious: bool = False
    #: the `seq`s of the events this run published that followers are told of (a wicket,
    #: a milestone, the end of an innings, the result: scorebook.service.notify)
    notable: list[int] = field(default_factory=list)
    #: the count of voided actions the log holds if the checkpoint this run left stands for
    #: it, when the store compares it after the commit (`checks_after_commit`) and the
    #: count is due (`counts_voids`: an innings begun, or the match decided); else None
    voided: int | None = None
