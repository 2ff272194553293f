"""The live documents over HTTP (scorebook.firestore.live_http): compressed only for a client
that takes gzip, and only when it is worth it."""

from __future__ import annotations

import gzip
import json

import pytest

from scorebook.firestore.live_http import SMALLEST_COMPRESSED, Answer, compressed

CARD = json.dumps({"batsmen": [{"name": f"Batter {n}", "runs": n} for n in range(11)]} | {
    "overHistory": [{"over": n, "runs": n % 7} for n in range(50)]})


@pytest.mark.parametrize("accept", ["gzip", "gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8",
                                    "*"])
def test_a_client_that_takes_gzip_gets_the_body_compressed(accept: str) -> None:
    answer = compressed(Answer(200, {"ETag": '"t"'}, CARD), accept)
    assert answer.headers == {"ETag": '"t"', "Content-Encoding": "gzip"}
    assert gzip.decompress(answer.body) == CARD.encode()
    assert len(answer.body) * 3 < len(CARD)


@pytest.mark.parametrize("accept", [None, "", "identity", "br", "gzip;q=0", "gzip; q=0.000"])
def test_others_get_it_as_it_is(accept: str | None) -> None:
    answer = Answer(200, {}, CARD)
    assert compressed(answer, accept) is answer


def test_a_small_body_or_none_is_sent_as_it_is() -> None:
    small = Answer(200, {}, "x" * (SMALLEST_COMPRESSED - 1))
    assert compressed(small, "gzip") is small
    not_modified = Answer(304, {"ETag": '"t"'})
    assert compressed(not_modified, "gzip") is not_modified
