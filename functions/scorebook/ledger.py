"""The ledger: a tamper-evident chain of every change a match's log accepted, pure.

Each change (an action appended, an action voided) is an entry ``{n, change, actionId,
digest}``: ``n`` counts from 1, ``digest`` is the SHA-256 of the canonical JSON of what was
accepted (for an append, the action without its void fields, which a later undo fills in;
for a void, the void fields). Each stored entry also holds ``prev``, the hash of the entry
before it (the first one's is the match's genesis hash), and ``hash = SHA-256(prev + canonical
JSON of the entry)``. The functions write the entries in the transaction that folds the
change into live/score, which carries the last hash as ``chainHead``.

``verify`` recomputes the chain and compares it with the log as it is now: an action edited
after it was accepted (only admin credentials can), deleted, or a ledger whose entries were
edited, removed or reordered, is found, and the first entry that does not match is named.
Anyone who kept an earlier ``chainHead`` (a spectator's app, an export) can also tell a
ledger rewritten from that point on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

from scorebook.actions import is_voided
from scorebook.document import canonical_json

Document = Mapping[str, Any]
Change = Literal["append", "void"]

_GENESIS_DOMAIN = b"scorebook/ledger/v1\0"

#: What an undo writes on an action (the rules allow these fields to change, once): an
#: append's digest leaves them out, a void's digest is made of them.
VOID_FIELDS = ("isVoided", "voidReason", "voidedBy", "voidedAt", "correctedBy", "updatedAt")


def genesis(match_id: str) -> str:
    """The `prev` of a match's first entry: every chain starts from its match."""
    return hashlib.sha256(_GENESIS_DOMAIN + match_id.encode("utf-8")).hexdigest()


def digest(change: Change, document: Document) -> str:
    """What an entry records of the action: the action as appended, or its void."""
    if change == "append":
        accepted = {k: v for k, v in document.items() if k not in VOID_FIELDS}
    else:
        accepted = {k: document.get(k) for k in VOID_FIELDS}
    return hashlib.sha256(canonical_json(accepted)).hexdigest()


def link(prev: str, body: Document) -> str:
    """hash = SHA-256(previous hash + canonical JSON of the entry)."""
    return hashlib.sha256(prev.encode("ascii") + canonical_json(dict(body))).hexdigest()


class LedgerHead(BaseModel):
    """Where a match's chain ends: what the projection's checkpoint keeps of it, so that the
    next change is chained without reading the ledger."""

    n: int = 0
    hash: str = ""  # "": no entry yet (the chain is at the match's genesis)
    appended: int = 0
    #: the actions whose void has an entry: a void is entered once (a match has few)
    voidedIds: list[str] = Field(default_factory=list)
    #: entries the functions found at the chain's tail and did not write (an admin's
    #: credentials, or another program): the chain goes on after them, and they are reported
    foreign: list[int] = Field(default_factory=list)

    @classmethod
    def of(cls, entries: Iterable[Document]) -> LedgerHead:
        """The head after the stored entries (read in `n` order)."""
        head = cls()
        for entry in entries:
            head.n, head.hash = int(entry.get("n", head.n + 1)), str(entry.get("hash", ""))
            if entry.get("change") == "append":
                head.appended += 1
            elif entry.get("change") == "void":
                head.voidedIds.append(str(entry.get("actionId")))
        return head

    def adopt(self, entries: Iterable[Document]) -> list[int]:
        """Move past the entries stored after this head that the functions did not write
        (read in `n` order), as far as they follow on from it: a forged or foreign entry at
        the tail must not stop every later run from chaining (each lost its race for the same
        `n`). Returns their `n`s, which stay listed in `foreign`."""
        found = []
        for entry in entries:
            n, stored_hash = entry.get("n"), entry.get("hash")
            if n != self.n + 1 or not isinstance(stored_hash, str):
                break
            self.n, self.hash = n, stored_hash
            found.append(n)
        self.foreign.extend(found)
        return found

    def extend(self, match_id: str, changes: Iterable[tuple[Change, str, Document]],
               ) -> list[dict[str, Any]]:
        """The stored entries of `changes`, chained on from this head (which moves on)."""
        entries = []
        for change, action_id, document in changes:
            body = {"n": self.n + 1, "change": change, "actionId": action_id,
                    "digest": digest(change, document)}
            prev = self.hash or genesis(match_id)
            self.n, self.hash = self.n + 1, link(prev, body)
            if change == "append":
                self.appended += 1
            else:
                self.voidedIds.append(action_id)
            entries.append({**body, "prev": prev, "hash": self.hash})
        return entries


def changes_of(
    read: Iterable[tuple[str, Document]], head: LedgerHead, appended: set[str] | None = None,
) -> list[tuple[Change, str, Document]]:
    """The changes in the documents read (in log order) that the ledger has no entry for:
    each document not yet `appended` (None: every one read is new), and the void of each
    voided one whose void is not entered."""
    voided = set(head.voidedIds)
    found: list[tuple[Change, str, Document]] = []
    for doc_id, data in read:
        if appended is None or doc_id not in appended:
            found.append(("append", doc_id, data))
        if is_voided(data) and doc_id not in voided:
            found.append(("void", doc_id, data))
    return found


ChainProblemCode = Literal[
    "entry_altered", "out_of_order", "action_changed", "action_missing", "void_changed",
    "not_in_ledger", "head_mismatch", "entered_twice",
]


@dataclass(frozen=True)
class ChainProblem:
    code: ChainProblemCode
    message: str
    n: int | None = None
    actionId: str | None = None


@dataclass(frozen=True)
class ChainReport:
    """What `verify` found: the entries checked, the head it recomputed, and the first
    problem (None: the chain holds and matches the log)."""

    entries: int
    head: str
    problem: ChainProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _chain_problem(match_id: str, entries: Sequence[Document]) -> tuple[str, ChainProblem | None]:
    prev = genesis(match_id)
    for i, entry in enumerate(entries, start=1):
        problem = _link_problem(i, entry, prev)
        if problem is not None:
            return prev, problem
        prev = str(entry["hash"])
    return prev, None


def _link_problem(i: int, entry: Document, prev: str) -> ChainProblem | None:
    """What is wrong with the `i`th entry as a link of the chain after `prev`."""
    body = {k: entry.get(k) for k in ("n", "change", "actionId", "digest")}
    if entry.get("n") != i or entry.get("prev") != prev:
        return ChainProblem(
            "out_of_order", f"entry {i} is not the one after entry {i - 1} (its n is "
            f"{entry.get('n')!r}, its prev does not match): entries were removed or"
            " reordered", i, str(entry.get("actionId")))
    if entry.get("hash") != link(prev, body):
        return ChainProblem(
            "entry_altered", f"entry {i}'s hash does not match its contents: it was"
            " edited", i, str(entry.get("actionId")))
    return None


def _entry_problem(entry: Document, document: Document | None, entered: set[str],
                   ) -> ChainProblem | None:
    """What is wrong with one entry, against the log's document it names (None: absent) and
    the actions whose change of its kind the entries before it entered."""
    n, action_id, change = entry["n"], str(entry.get("actionId")), entry.get("change")
    if action_id in entered:
        return ChainProblem("entered_twice", f"entry {n}: action {action_id}'s"
                            f" {change} is entered a second time: the functions enter each"
                            " change once, so this entry was written outside them", n,
                            action_id)
    if document is None:
        return ChainProblem("action_missing", f"entry {n}: action {action_id} is not in"
                            " the log: it was deleted", n, action_id)
    return _changed_since(entry, document, n, action_id)


def _changed_since(entry: Document, document: Document, n: int,
                   action_id: str) -> ChainProblem | None:
    """The log's document is no longer as the entry recorded it: unvoided, or changed."""
    change: Change = "void" if entry.get("change") == "void" else "append"
    if change == "void" and not is_voided(document):
        return ChainProblem("void_changed", f"entry {n}: action {action_id} was voided,"
                            " and is not any more", n, action_id)
    if entry.get("digest") != digest(change, document):
        code, what = _CHANGED[change]
        return ChainProblem(code, f"entry {n}: action {action_id} is not as the log accepted"
                            f" it: {what} since", n, action_id)
    return None


#: what a document whose digest is not its entry's had changed, by the entry's change
_CHANGED: dict[Change, tuple[ChainProblemCode, str]] = {
    "void": ("void_changed", "its void was changed"),
    "append": ("action_changed", "it was changed"),
}


def _log_problem(entries: Sequence[Document], log: Mapping[str, Document]) -> ChainProblem | None:
    appended: set[str] = set()
    voided: set[str] = set()
    for entry in entries:
        action_id, change = str(entry.get("actionId")), entry.get("change")
        entered = voided if change == "void" else appended
        problem = _entry_problem(entry, log.get(action_id), entered)
        if problem is not None:
            return problem
        entered.add(action_id)
    return _unentered(log, appended, voided)


def _unentered(log: Mapping[str, Document], appended: set[str], voided: set[str],
               ) -> ChainProblem | None:
    """The first action of the log whose append, or void, the ledger has no entry for."""
    for action_id, document in log.items():
        if action_id not in appended or (is_voided(document) and action_id not in voided):
            return ChainProblem("not_in_ledger", f"action {action_id} is in the log"
                                " without its ledger entry (written outside the functions,"
                                " or not folded yet)", None, action_id)
    return None


def verify(match_id: str, entries: Sequence[Document], log: Mapping[str, Document],
           head: str | None = None) -> ChainReport:
    """Recompute the chain of `entries` (in stored order) and check it against `log` (action
    id -> document as it is now) and, when given, live/score's `head`."""
    last, found = _chain_problem(match_id, entries)
    if found is None:
        found = _log_problem(entries, log)
    if found is None:
        found = _head_problem(entries, last, head)
    return ChainReport(len(entries), last, found)


def _head_problem(entries: Sequence[Document], last: str,
                  head: str | None) -> ChainProblem | None:
    """live/score's head, when given, is not where the entries' chain ends."""
    if head is None or not entries or head == last:
        return None
    return ChainProblem("head_mismatch", "live/score's chainHead is not the ledger's"
                        " last hash")
