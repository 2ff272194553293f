"""What a request costs the security rules, as the Firestore emulator counts it.

Rules evaluate at most 1,000 expressions a request (every call, operator, list element and
literal); past that the request is refused. The emulator's coverage report does not give a
request's count: it counts nodes, not the literals in them (a plain ball shows 439 there and
costs 640). So the count is found the way the limit itself would find it: every `allow`
condition of the rules is loaded with a padding of `t` more expressions after it (`[0, 0,
...].size() >= 0`: the list's t elements and 4 more), and the largest `t` with which the
request still goes through says what it left of the 1,000. Ten loads of the rules and ten
tries of the request (a binary search); each try must be a request of its own (a new
position in the log), which the caller's `write` makes.

The rules are loaded for a project of their own (the emulator keeps rules and coverage per
project id), so nothing here changes what other tests meet.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import requests

#: The most expressions the rules may evaluate for one request.
LIMIT = 1000
#: What the padding costs beside its elements: the list, `.size()`, `>=` and `0`.
PAD_OVERHEAD = 4
_ALLOW = re.compile(r"(allow [a-z, ]+: if )(.*?);", re.DOTALL)

#: Where a delivery's expressions go: each part of the rules (its text in firestore.rules)
#: and what stands in for it, so that what the delivery costs without the part says what the
#: part costs it. A stand-in keeps the rest of the condition as it was; the parts overlap
#: nowhere, so their costs add up to less than the whole (the rest is the delivery's own
#: fields and the rules' way in). tests/unit/tools/test_rules_budget.py checks that each
#: text is still in the rules, once.
PARTS: dict[str, tuple[str, str]] = {
    "the action's common fields (isValidActionBase)": (
        "return isValidActionBase(matchId, actionId, data)\n", "return true\n"),
    "the shot's details (isValidShotData)": (
        "(data.shotData is map && isValidShotData(data.shotData))", "true"),
    "the scorer's role, the neutral one: looked up third (isScorer)": (
        "((isScorer(matchId) && game", "((true && game"),
    "the wicket's Laws (isLawfulDeliveryWicket)": (
        "data.isWicket == true && isLawfulDeliveryWicket(data, data.wicket, extras)",
        "data.isWicket == true"),
    "the extras' Laws (areExtrasLawful)": (": areExtrasLawful(data, extras, game))", ": true)"),
    "the players named are the match's (namesMatchPlayers)": (
        "? namesMatchPlayers(game.teams, [data.strikerId, data.nonStrikerId,\n"
        "                                                    data.bowlerId], "
        "data.get('wicket', null))", "? true"),
    "the action it follows (isFollowed)": (
        "&& (data.get('follows', null) == null || isFollowed(matchId, data.follows));", ";"),
}


def without(rules: str, part: str, stand_in: str) -> str:
    """`rules` with `part` replaced by `stand_in`; the part must be there exactly once."""
    if rules.count(part) != 1:
        raise ValueError(f"firestore.rules has {rules.count(part)} of {part[:70]!r}, not one:"
                         " rules_budget.PARTS must follow the rules")
    return rules.replace(part, stand_in)


def padded(rules: str, terms: int) -> str:
    """`rules` with every allow condition followed by `terms` more expressions (and the
    padding's own four): a condition that holds costs that much more."""
    pad = "[" + ",".join(["0"] * terms) + "].size() >= 0"
    return _ALLOW.sub(lambda m: f"{m.group(1)}({m.group(2)}) && ({pad});", rules)


class Meter:
    """Measures requests against `rules` on the Firestore emulator at `host`, in `project`."""

    def __init__(self, host: str, project: str, rules: str) -> None:
        self.url = f"http://{host}/emulator/v1/projects/{project}:securityRules"
        self.rules = rules
        self.session = requests.Session()

    def load(self, terms: int = 0) -> None:
        """The rules with `terms` of padding (0: as they are, but for the padding's four)."""
        text = padded(self.rules, terms) if terms >= 0 else self.rules
        response = self.session.put(self.url, json={"rules": {"files": [
            {"name": "firestore.rules", "content": text}]}}, timeout=60)
        if not response.ok:
            raise RuntimeError(f"the emulator refused the rules: {response.text[:500]}")

    def plain(self) -> None:
        """The rules as they are, for the writes that set a measurement up."""
        self.load(-1)

    def cost(self, write: Callable[[], bool]) -> int:
        """The expressions `write` costs: `write()` makes one new request of the same kind
        each time it is called and says whether the rules let it through. LIMIT when even no
        padding lets it through (it is at or past the limit)."""
        low, high = -1, LIMIT - PAD_OVERHEAD  # low: a padding it fits with (-1: none found)
        while low < high:
            middle = (low + high + 1) // 2
            self.load(middle)
            if write():
                low = middle
            else:
                high = middle - 1
        self.plain()
        return LIMIT if low < 0 else LIMIT - PAD_OVERHEAD - low

    def parts(self, write: Callable[[], bool], whole: int,
              parts: dict[str, tuple[str, str]] = PARTS) -> dict[str, int]:
        """What each part of the rules costs `write`: its cost with the rules as they are
        (`whole`, from `cost`), less its cost with the part's stand-in (one more binary search
        a part)."""
        rules = self.rules
        found: dict[str, int] = {}
        try:
            for label, (part, stand_in) in parts.items():
                self.rules = without(rules, part, stand_in)
                found[label] = whole - self.cost(write)
        finally:
            self.rules = rules
            self.plain()
        return found
