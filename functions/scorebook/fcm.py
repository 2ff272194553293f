"""The Firebase Cloud Messaging adapter: one notification to one device, through FCM's HTTP v1
API (`POST {base}/v1/projects/{project}/messages:send`, an OAuth access token of the
functions' service account). FCM has no emulator: on the emulators nothing is sent unless
SCOREBOOK_FCM_URL names a server that speaks its API (the tests' fake,
`scorebook_tools.fake_fcm`); deployed, it is FCM itself.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

import httpx

from scorebook.notify import Notice

log = logging.getLogger(__name__)

FCM_URL = "https://fcm.googleapis.com"
_SCOPE = "https://www.googleapis.com/auth/firebase.messaging"


def _access_token() -> str:
    import google.auth
    from google.auth.transport.requests import Request

    credentials, _ = google.auth.default(scopes=[_SCOPE])
    credentials.refresh(Request())
    return str(credentials.token)


class FcmSender:
    """Sends each notice to a registration token; answers False for a token FCM no longer
    knows (the app was uninstalled, the token rotated): its device is then forgotten."""

    def __init__(self, project: str, base_url: str = FCM_URL,
                 access_token: Callable[[], str] = _access_token,
                 http: httpx.Client | None = None) -> None:
        self.url = f"{base_url.rstrip('/')}/v1/projects/{project}/messages:send"
        self.access_token = access_token
        self.http = http or httpx.Client(timeout=10.0)
        self._token: str | None = None

    def send(self, token: str, notice: Notice) -> bool:
        self._token = self._token or self.access_token()
        answer = self.http.post(self.url, json=_message(token, notice),
                                headers={"Authorization": f"Bearer {self._token}"})
        if _token_unknown(answer):
            return False
        if answer.status_code >= 400:
            log.warning("FCM refused a notification of %s (%s): %s", notice.matchId,
                        answer.status_code, answer.text[:300])
        return True


def _message(token: str, notice: Notice) -> dict[str, Any]:
    """The FCM message of a notice to one device, opening the match when tapped."""
    return {"message": {
        "token": token,
        "notification": {"title": notice.title, "body": notice.body},
        "data": {"matchId": notice.matchId, "seq": str(notice.seq), "kind": notice.kind},
        "webpush": {"fcm_options": {"link": f"/match/{notice.matchId}"}},
    }}


def _token_unknown(answer: httpx.Response) -> bool:
    """FCM no longer knows the token (UNREGISTERED), or it was never one."""
    return answer.status_code == 404 or (answer.status_code == 400
                                         and "INVALID_ARGUMENT" in answer.text)


def sender_from_env() -> FcmSender | None:
    """FCM deployed; on the emulators only the server SCOREBOOK_FCM_URL names, else none."""
    project = os.environ.get("GCLOUD_PROJECT") or os.environ.get("GOOGLE_CLOUD_PROJECT") or ""
    url = os.environ.get("SCOREBOOK_FCM_URL")
    if url:
        return FcmSender(project, url, access_token=lambda: "emulated")
    if os.environ.get("FUNCTIONS_EMULATOR") == "true":
        return None
    return FcmSender(project)
