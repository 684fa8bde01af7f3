"""Responses are compressed: with Brotli for an anonymous visitor whose client accepts it, else
with gzip, padded against BREACH; files are sent as they are stored."""

import gzip

import brotli
import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db

SEARCH = "/search/?q=latency"


@pytest.fixture
def results(db):
    make_article(title="Latency budgets", body="Where the latency goes. " * 40)


@pytest.mark.parametrize(
    ("accepted", "coding", "decompress"),
    [("gzip, deflate, br", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress),
     ("br;q=0, gzip", "gzip", gzip.decompress)],
)  # fmt: skip
def test_an_uncached_page_is_compressed_with_the_best_coding_the_client_accepts(
    client, results, accepted, coding, decompress
):
    plain = client.get(SEARCH).content
    response = client.get(SEARCH, HTTP_ACCEPT_ENCODING=accepted)
    assert response["Content-Encoding"] == coding
    assert "Accept-Encoding" in response["Vary"]
    assert int(response["Content-Length"]) == len(response.content) < len(plain)
    assert decompress(response.content) == plain


@pytest.mark.parametrize("refusal", ["br;q=0, gzip;q=0", "gzip; Q=0.000", "*, gzip;q=0"])
def test_a_coding_refused_with_q_0_is_not_sent(client, results, refusal):
    response = client.get(SEARCH, HTTP_ACCEPT_ENCODING=refusal)
    assert not response.has_header("Content-Encoding")
    assert b"Latency budgets" in response.content


@pytest.mark.parametrize("accepted", ["gzip", "br, gzip"])
def test_the_owners_pages_are_gzipped_to_a_length_that_varies_from_one_request_to_the_next(
    staff_client, results, accepted
):
    # They hold what visitors sent and echo what is typed into them. The gzip header carries a
    # file name of random length: a page that reflects what an attacker sends beside a secret
    # does not tell, by its length, how well the two compress. Brotli has no room for one.
    url = reverse("admin:contact_contactmessage_changelist") + "?q=latency"
    responses = [staff_client.get(url, HTTP_ACCEPT_ENCODING=accepted) for _ in range(20)]
    assert {response["Content-Encoding"] for response in responses} == {"gzip"}
    assert len({len(response.content) for response in responses}) > 5


@pytest.mark.parametrize("refusal", ["gzip;q=0", "br;q=0, GZIP; Q=0.0", "x-gzip;q=0, gzip;q=0"])
def test_a_streaming_response_is_not_gzipped_for_a_client_that_refuses_it(rf, refusal):
    from django.http import StreamingHttpResponse

    from web.middleware import CompressionMiddleware

    def streamed(request):
        return StreamingHttpResponse(b"A line of the response.\n" for _ in range(100))

    middleware = CompressionMiddleware(streamed)
    refused = middleware(rf.get("/", HTTP_ACCEPT_ENCODING=refusal))
    assert not refused.has_header("Content-Encoding")
    assert b"".join(refused.streaming_content).count(b"A line") == 100
    accepted = middleware(rf.get("/", HTTP_ACCEPT_ENCODING="x-gzip"))
    assert accepted["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(accepted.streaming_content)).count(b"A line") == 100
