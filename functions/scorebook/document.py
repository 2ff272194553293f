"""The base of every schema model and view, and how one becomes a Firestore document."""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
)


class Schema(BaseModel):
    """Base for documents: frozen, unknown fields refused (a typo must not default to 0)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def to_document(model: BaseModel, *, json: bool = False) -> dict[str, Any]:
    """The Firestore document of a model: camelCase, every field present (None included, so
    the document shape is stable for rules and clients). ``json=True`` turns datetimes into
    ISO strings (for JSON output); the default keeps ``datetime`` for the Firestore client."""
    return model.model_dump(mode="json" if json else "python", by_alias=True)


class View(BaseModel):
    """Base for projection documents: frozen, written only by functions."""

    model_config = ConfigDict(frozen=True, extra="ignore")
