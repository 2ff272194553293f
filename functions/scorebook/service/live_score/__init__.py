"""Use case: keep live/score equal to the projection of the log, by job:

- `ports`: what the use case needs from the store, what a trigger tells it, what it reports;
- `checkpoint`: the fold of the log read so far, sealed, and a warm instance's copies;
- `decide`: the plan, from the checkpoint and the event alone: fold, resume, rebuild;
- `fold`: fold action documents onto a checkpoint;
- `resume`, `rebuild`: refold part of the log, or all of it;
- `render`: live/score as a checkpoint stands for it;
- `write`: what a run writes;
- `maintain`: a run, carrying out the plan; `verify`, the reconciliation's check;
- `notices`: the disputes' notices in the feed.

What the adapters, the tools and the tests use is named here.
"""

from scorebook.service.live_score.checkpoint import (
    CHECKPOINT_FORMAT,
    RECENT,
    Checkpoint,
    Untrusted,
    chain_log_digest,
    checkpoint_seal,
    log_digest_seed,
    stored_seal,
)
from scorebook.service.live_score.decide import Plan, edited_in_place, plan
from scorebook.service.live_score.fold import (
    describe_error,
    fold_documents,
    in_log_order,
    parse_document,
    rebuild_checkpoint,
)
from scorebook.service.live_score.maintain import maintain, verify
from scorebook.service.live_score.notices import publish_notice
from scorebook.service.live_score.ports import (
    CAUGHT_UP_SECONDS,
    ActionEvent,
    Document,
    Outcome,
    ProjectionTx,
)
from scorebook.service.live_score.render import (
    SCORECARDS,
    changed_fields,
    expected_document,
    expected_live_score,
    live_score_differences,
    within_document_limit,
    without_history,
)
from scorebook.service.live_score.resume import log_in_pages
from scorebook.service.live_score.write import MATCH_FIELDS, MAX_LEDGER_ENTRIES, match_edit_matters

__all__ = [
    "CAUGHT_UP_SECONDS", "CHECKPOINT_FORMAT", "MATCH_FIELDS", "MAX_LEDGER_ENTRIES", "RECENT",
    "SCORECARDS", "ActionEvent", "Checkpoint", "Document", "Outcome", "Plan", "ProjectionTx",
    "Untrusted", "chain_log_digest", "changed_fields", "checkpoint_seal", "describe_error",
    "edited_in_place", "expected_document", "expected_live_score", "fold_documents", "in_log_order",
    "live_score_differences", "log_digest_seed", "log_in_pages", "maintain", "match_edit_matters",
    "parse_document", "plan", "publish_notice", "rebuild_checkpoint", "stored_seal", "verify",
    "within_document_limit", "without_history",
]
