"""Use case: keep live/lineups equal to the projection of the lineup documents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from scorebook.document import to_document
from scorebook.views.lineups import LineupsProjection


def next_lineups_document(
    previous: Mapping[str, Any] | None, projection: LineupsProjection
) -> dict[str, Any] | None:
    """What ``live/lineups`` must become: None when the stored one already says the same
    (a repeated or late trigger run writes nothing), else the projection with ``version``
    one more than the stored one."""
    version = 0
    if isinstance(previous, Mapping):
        stored = previous.get("version")
        version = stored if isinstance(stored, int) and not isinstance(stored, bool) else 0
        try:
            old = LineupsProjection.model_validate(previous)
        except ValidationError:
            old = None
        if old is not None and old.model_copy(update={"version": 0}) == projection.model_copy(
            update={"version": 0}
        ):
            return None
    return to_document(projection.model_copy(update={"version": version + 1}))
