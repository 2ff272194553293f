"""What the Laws read of a delivery: the shape of a ball as Laws 18-41 speak of it. The log's
schema (``scorebook.actions``) validates its deliveries with these Laws, and its models have
this shape, so the Laws name no model of the schema."""

from __future__ import annotations

from typing import Protocol


class Extras(Protocol):
    wide: int
    noBall: int
    bye: int
    legBye: int
    penalty: int

    @property
    def total(self) -> int: ...


class Wicket(Protocol):
    type: str
    dismissedPlayerId: str


class Delivery(Protocol):
    strikerId: str
    nonStrikerId: str
    runsOffBat: int
    totalRuns: int
    isLegalDelivery: bool
    isBoundary: bool | None
    extras: Extras
    wicket: Wicket | None
