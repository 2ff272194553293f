"""A local stand-in for Firebase Cloud Messaging's HTTP v1 API, which has no emulator: it
takes `POST /v1/projects/{project}/messages:send` as FCM does (a bearer token, a JSON
`message` with a `token`), keeps every message it accepted, and answers a token that starts
with `gone-` as FCM answers one it no longer knows (404, `UNREGISTERED`)."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_SEND = re.compile(r"^/v1/projects/([^/]+)/messages:send$")


class FakeFcm:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                found = _SEND.match(self.path)
                if found is None:
                    return self._answer(404, {"error": {"status": "NOT_FOUND"}})
                if not (self.headers.get("Authorization") or "").startswith("Bearer "):
                    return self._answer(401, {"error": {"status": "UNAUTHENTICATED"}})
                try:
                    message = json.loads(body)["message"]
                    token = message["token"]
                except (ValueError, KeyError, TypeError):
                    return self._answer(400, {"error": {"status": "INVALID_ARGUMENT"}})
                if str(token).startswith("gone-"):
                    return self._answer(404, {"error": {"status": "NOT_FOUND", "details": [
                        {"errorCode": "UNREGISTERED"}]}})
                with fake.lock:
                    fake.sent.append({"project": found.group(1), **message})
                    n = len(fake.sent)
                return self._answer(200, {"name": f"projects/{found.group(1)}/messages/{n}"})

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeFcm:
        self.thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
