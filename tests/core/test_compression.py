"""Responses the page cache does not keep (search results, the admin, error pages) are
compressed for each request: with gzip, for a client that accepts it, padded against BREACH."""

import gzip

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db

SEARCH = "/search/?q=latency"


@pytest.fixture
def results(db):
    make_article(title="Latency budgets", body="Where the latency goes. " * 40)


def test_an_uncached_page_is_gzipped_for_a_client_that_accepts_it(client, results):
    plain = client.get(SEARCH).content
    response = client.get(SEARCH, HTTP_ACCEPT_ENCODING="br, gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert int(response["Content-Length"]) == len(response.content) < len(plain)
    assert gzip.decompress(response.content) == plain


@pytest.mark.parametrize("refusal", ["br;q=0, gzip;q=0", "gzip; Q=0.000", "*, gzip;q=0"])
def test_gzip_refused_with_q_0_is_not_sent(client, results, refusal):
    response = client.get(SEARCH, HTTP_ACCEPT_ENCODING=refusal)
    assert not response.has_header("Content-Encoding")
    assert b"Latency budgets" in response.content


def test_the_compressed_length_varies_from_one_request_to_the_next(client, results):
    # The gzip header carries a file name of random length: a page that reflects what an
    # attacker sends beside a secret does not tell, by its length, how well the two compress.
    lengths = {len(client.get(SEARCH, HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(20)}
    assert len(lengths) > 5


@pytest.mark.parametrize("refusal", ["gzip;q=0", "br;q=0, GZIP; Q=0.0", "x-gzip;q=0, gzip;q=0"])
def test_a_streaming_response_is_not_gzipped_for_a_client_that_refuses_it(rf, refusal):
    from django.http import StreamingHttpResponse

    from core.middleware import GZipMiddleware

    def streamed(request):
        return StreamingHttpResponse(b"A line of the response.\n" for _ in range(100))

    middleware = GZipMiddleware(streamed)
    refused = middleware(rf.get("/", HTTP_ACCEPT_ENCODING=refusal))
    assert not refused.has_header("Content-Encoding")
    assert b"".join(refused.streaming_content).count(b"A line") == 100
    accepted = middleware(rf.get("/", HTTP_ACCEPT_ENCODING="x-gzip"))
    assert accepted["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(accepted.streaming_content)).count(b"A line") == 100
