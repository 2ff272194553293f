"""Firestore through its REST API, as a mobile or web app calls it: the rules apply.

Used by the demo, the tests and the benchmarks to act as a signed-in scorer or an anonymous
spectator against the emulators. The emulator accepts unsigned ID tokens (`alg: none`)
and evaluates the security rules for the user they name; `Bearer owner` is an admin that
bypasses the rules.
"""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import requests

DATABASE = "(default)"
ABORT_RETRIES = 6


class FirestoreError(Exception):
    """A refused or failed request: `status` is the HTTP status, `code` the Firestore status
    (PERMISSION_DENIED, ALREADY_EXISTS, ABORTED, ...), `reason` the server's word."""

    def __init__(self, status: int, code: str, reason: str, method: str, path: str) -> None:
        super().__init__(f"{method} {path}: HTTP {status} {code}: {reason}")
        self.status = status
        self.code = code
        self.reason = reason

    @property
    def denied(self) -> bool:
        return self.status == 403

    @property
    def already_exists(self) -> bool:
        return self.code == "ALREADY_EXISTS"


def _b64(data: Mapping[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def mock_id_token(uid: str, project: str, **claims: Any) -> str:
    """An unsigned Firebase ID token for `uid` with custom `claims`; the emulators accept it."""
    now = int(time.time())
    payload = {
        "iss": f"https://securetoken.google.com/{project}",
        "aud": project,
        "iat": now,
        "exp": now + 3600,
        "auth_time": now,
        "sub": uid,
        "user_id": uid,
        "firebase": {"sign_in_provider": "custom", "identities": {}},
        **claims,
    }
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(payload)}."


# --- Firestore's typed JSON values ---------------------------------------------------------


def to_value(value: Any) -> dict[str, Any]:
    if value is None:
        return {"nullValue": None}
    for kind, convert in _TO_VALUE:
        if isinstance(value, kind):
            return convert(value)
    raise TypeError(f"cannot store {type(value).__name__} in Firestore")


def _timestamp_value(value: datetime) -> dict[str, Any]:
    """A timestamp in UTC; a naive one is taken to be UTC."""
    stamp = value if value.tzinfo else value.replace(tzinfo=UTC)
    return {"timestampValue": stamp.astimezone(UTC).isoformat().replace("+00:00", "Z")}


#: each Python type Firestore stores and how, in the order they are tried: a bool is an int,
#: and a datetime a date, so each comes before the other
_TO_VALUE: tuple[tuple[Any, Callable[[Any], dict[str, Any]]], ...] = (
    (bool, lambda v: {"booleanValue": v}),
    (int, lambda v: {"integerValue": str(v)}),
    (float, lambda v: {"doubleValue": v}),
    (datetime, _timestamp_value),
    # Firestore has no date type; a calendar day is stored as its ISO string.
    (date, lambda v: {"stringValue": v.isoformat()}),
    (str, lambda v: {"stringValue": v}),
    (Mapping, lambda v: {"mapValue": {"fields": to_fields(v)}}),
    (list | tuple, lambda v: {"arrayValue": {"values": [to_value(x) for x in v]}}),
)


def to_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    return {key: to_value(v) for key, v in data.items()}


def from_value(value: Mapping[str, Any]) -> Any:
    ((kind, inner),) = value.items()
    # stringValue, booleanValue, doubleValue, referenceValue, ... are the value itself
    return _FROM_VALUE.get(kind, _itself)(inner)


def _itself(inner: Any) -> Any:
    return inner


#: how each kind of Firestore value that is not the Python value itself is read
_FROM_VALUE: dict[str, Callable[[Any], Any]] = {
    "nullValue": lambda _: None,
    "integerValue": int,
    "timestampValue": lambda inner: datetime.fromisoformat(inner.replace("Z", "+00:00")),
    "mapValue": lambda inner: from_fields(inner.get("fields", {})),
    "arrayValue": lambda inner: [from_value(v) for v in inner.get("values", [])],
}


def from_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {key: from_value(v) for key, v in fields.items()}


# --- the client -----------------------------------------------------------------------------


class FirestoreRest:
    """A Firestore REST client for one user (an ID token), or anonymous, or the admin."""

    def __init__(
        self,
        project: str,
        token: str | None = None,
        host: str | None = None,
        session: requests.Session | None = None,
        timeout: float = 10.0,
    ) -> None:
        host = host or os.environ.get("FIRESTORE_EMULATOR_HOST", "127.0.0.1:8080")
        self.project = project
        self.origin = f"http://{host}"
        self.root = f"projects/{project}/databases/{DATABASE}/documents"
        self.session = session or requests.Session()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.timeout = timeout

    @classmethod
    def as_user(cls, project: str, uid: str, **claims: Any) -> FirestoreRest:
        return cls(project, mock_id_token(uid, project, **claims))

    @classmethod
    def as_admin(cls, project: str) -> FirestoreRest:
        return cls(project, "owner")

    @classmethod
    def anonymous(cls, project: str) -> FirestoreRest:
        return cls(project)

    def _call(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        # ABORTED means the write met a transaction holding the same documents (a trigger
        # folding the previous ball); the Firestore SDKs retry it, and so do we.
        for attempt in range(ABORT_RETRIES + 1):
            response = self.session.request(
                method, url, headers=self.headers, timeout=self.timeout, **kwargs
            )
            if response.status_code < 400:
                return response.json() if response.content else {}
            code, reason = _error_of(response)
            if code != "ABORTED" or attempt == ABORT_RETRIES:
                break
            time.sleep(min(1.0, 0.05 * 2**attempt))
        where = url.rsplit("/documents", maxsplit=1)[-1]
        raise FirestoreError(response.status_code, code, reason, method, where)

    def _url(self, path: str) -> str:
        return f"{self.origin}/v1/{self.root}/{path.strip('/')}"

    def get(self, path: str, fields: Sequence[str] = ()) -> dict[str, Any] | None:
        """The document at `path` (only `fields`, when named), or None when it does not
        exist."""
        try:
            doc = self._call("GET", self._url(path),
                             params={"mask.fieldPaths": list(fields)} if fields else None)
        except FirestoreError as error:
            if error.status == 404:
                return None
            raise
        return from_fields(doc.get("fields", {}))

    def create(self, collection: str, doc_id: str, data: Mapping[str, Any]) -> datetime:
        """Create `collection/doc_id`; refused (409) when it exists already. Returns when the
        server committed it."""
        created = self._call(
            "POST",
            self._url(collection),
            params={"documentId": doc_id},
            json={"fields": to_fields(data)},
        )
        return datetime.fromisoformat(created["createTime"].replace("Z", "+00:00"))

    def set(self, path: str, data: Mapping[str, Any]) -> None:
        """Create or overwrite the document at `path`."""
        self._call("PATCH", self._url(path), json={"fields": to_fields(data)})

    def update(self, path: str, data: Mapping[str, Any], server_time: tuple[str, ...] = ()) -> None:
        """Change only the fields in `data` (and set `server_time` fields to the request time)
        of an existing document, as the SDKs' `update()` with `serverTimestamp()` does."""
        self.commit([self.update_write(path, data, server_time)])

    def set_write(self, path: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """A `set` (create or overwrite) as one write of a batch (see `commit`)."""
        return {"update": {"name": f"{self.root}/{path.strip('/')}", "fields": to_fields(data)}}

    def update_write(
        self, path: str, data: Mapping[str, Any], server_time: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """An `update` as one write of a batch (see `commit`)."""
        return {
            "update": {"name": f"{self.root}/{path.strip('/')}", "fields": to_fields(data)},
            "updateMask": {"fieldPaths": list(data)},
            "updateTransforms": [
                {"fieldPath": field, "setToServerValue": "REQUEST_TIME"} for field in server_time
            ],
            "currentDocument": {"exists": True},
        }

    def create_write(self, path: str, data: Mapping[str, Any],
                     server_time: tuple[str, ...] = ()) -> dict[str, Any]:
        """A `create` (refused when the document exists) as one write of a batch, its
        `server_time` fields set to the request time (the SDKs' serverTimestamp())."""
        write: dict[str, Any] = {
            "update": {"name": f"{self.root}/{path.strip('/')}", "fields": to_fields(data)},
            "currentDocument": {"exists": False},
        }
        if server_time:
            write["updateTransforms"] = [
                {"fieldPath": field, "setToServerValue": "REQUEST_TIME"} for field in server_time]
        return write

    def commit(self, writes: list[dict[str, Any]]) -> None:
        """Several writes at once, all or none (the SDKs' `writeBatch()`): the rules judge
        each against the documents as the whole batch leaves them."""
        self._call(
            "POST",
            f"{self.origin}/v1/projects/{self.project}/databases/{DATABASE}/documents:commit",
            json={"writes": writes},
        )

    def delete(self, path: str) -> None:
        self._call("DELETE", self._url(path))

    def count(self, collection_id: str) -> int:
        """How many documents all collections named `collection_id` hold, wherever they are
        (a collection group's count: one aggregation, not a read of each)."""
        query = {"from": [{"collectionId": collection_id, "allDescendants": True}]}
        answer = self._call(
            "POST",
            f"{self.origin}/v1/projects/{self.project}/databases/{DATABASE}/documents"
            ":runAggregationQuery",
            json={"structuredAggregationQuery": {
                "structuredQuery": query, "aggregations": [{"alias": "n", "count": {}}]}},
        )
        rows = answer if isinstance(answer, list) else [answer]
        return sum(int(row.get("result", {}).get("aggregateFields", {}).get("n", {}).get(
            "integerValue", 0)) for row in rows)

    def list(self, collection: str, page_size: int = 300) -> list[tuple[str, dict[str, Any]]]:
        """All documents of a collection as (id, data), in id order."""
        out: list[tuple[str, dict[str, Any]]] = []
        token = None
        while True:
            params: dict[str, Any] = {"pageSize": page_size}
            if token:
                params["pageToken"] = token
            page = self._call("GET", self._url(collection), params=params)
            for doc in page.get("documents", []):
                out.append((doc["name"].rsplit("/", 1)[-1], from_fields(doc.get("fields", {}))))
            token = page.get("nextPageToken")
            if not token:
                return out


def _error_of(response: requests.Response) -> tuple[str, str]:
    """(status, message) of a Firestore error answer; an answer that is not one: ("", its
    text)."""
    try:
        error = response.json()["error"]
        return error.get("status", ""), error.get("message", "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return "", response.text[:500]


def clear_emulator(project: str, host: str | None = None, deadline: float = 60.0) -> None:
    """Delete every document of the emulator's database (emulator only).

    The emulator answers 409 (aborted) or 499 (cancelled) while a transaction of a trigger
    still at work holds documents, so this retries until the deadline.
    """
    host = host or os.environ.get("FIRESTORE_EMULATOR_HOST", "127.0.0.1:8080")
    url = f"http://{host}/emulator/v1/projects/{project}/databases/{DATABASE}/documents"
    end = time.monotonic() + deadline
    while True:
        response = requests.delete(url, timeout=30)
        if response.status_code not in (409, 499) or time.monotonic() > end:
            response.raise_for_status()
            return
        time.sleep(0.1)
