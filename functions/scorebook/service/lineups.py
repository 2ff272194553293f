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
        version = _stored_version(previous)
        if _says_the_same(previous, projection):
            return None
    return to_document(projection.model_copy(update={"version": version + 1}))


def _stored_version(previous: Mapping[str, Any]) -> int:
    stored = previous.get("version")
    return stored if isinstance(stored, int) and not isinstance(stored, bool) else 0


def _says_the_same(previous: Mapping[str, Any], projection: LineupsProjection) -> bool:
    """Whether the stored live/lineups is the projection, its version aside (a stored one
    that cannot be read is not)."""
    try:
        old = LineupsProjection.model_validate(previous)
    except ValidationError:
        return False
    return old.model_copy(update={"version": 0}) == projection.model_copy(update={"version": 0})
