"""The adapters' refusals: what a provider's HTTP answer becomes (httpx's MockTransport plays
the provider; the fake provider's real HTTP is tests/unit/ingest/test_poller.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from scorebook.http_providers import CricsheetLive, GenericFeed
from scorebook.ingest.answer import ProviderProblem, ProviderRef

REF = ProviderRef(name="feed", adapter="generic", url="http://feed", providerMatchId="m")


def feed(handler) -> GenericFeed:
    return GenericFeed(REF, httpx.Client(transport=httpx.MockTransport(handler)))


@pytest.mark.parametrize(("response", "code", "retry_after"), [
    (httpx.Response(429, headers={"Retry-After": "7"}), "rate_limited", 7.0),
    (httpx.Response(503), "unavailable", None),
    (httpx.Response(404), "not_found", None),
    (httpx.Response(400), "bad_answer", None),
    (httpx.Response(200, text="<html>"), "bad_answer", None),
    (httpx.Response(200, json={"events": [{"id": "e1"}]}), "bad_answer", None),
])
def test_a_refusal_is_a_problem_with_its_code(response, code, retry_after) -> None:
    with pytest.raises(ProviderProblem) as caught:
        feed(lambda request: response).poll(None, None)
    assert caught.value.code == code and caught.value.retry_after == retry_after


def test_retry_after_as_a_date_and_a_timeout() -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    with pytest.raises(ProviderProblem) as caught:
        feed(lambda r: httpx.Response(429, headers={"Retry-After": later})).poll(None, None)
    assert 25 < caught.value.retry_after <= 30

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(ProviderProblem) as caught:
        feed(slow).poll(None, None)
    assert caught.value.code == "timeout"


def test_the_cursor_and_the_backfill_are_asked_for() -> None:
    asked = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(dict(request.url.params))
        return httpx.Response(200, json={"events": [], "innings": {"1": 40}})

    provider = feed(answer)
    assert provider.poll((1, 30), None).lengths == {1: 40}
    provider.fetch([(1, 31), (1, 33), (2, 2)])
    assert asked == [{"after": "1-0030"}, {"innings": "1", "from": "31", "to": "33"},
                     {"innings": "2", "from": "2", "to": "2"}]


def test_a_cricsheet_file_that_is_not_one_is_a_bad_answer() -> None:
    client = httpx.Client(transport=httpx.MockTransport(
        lambda r: httpx.Response(200, json={"info": {"teams": []}})))
    ref = REF.model_copy(update={"adapter": "cricsheet", "url": "http://file/m.json"})
    with pytest.raises(ProviderProblem) as caught:
        CricsheetLive(ref, client, "m").poll(None, None)
    assert caught.value.code == "bad_answer"
