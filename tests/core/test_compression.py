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


def test_gzip_refused_with_q_0_is_not_sent(client, results):
    response = client.get(SEARCH, HTTP_ACCEPT_ENCODING="br;q=0, gzip;q=0")
    assert not response.has_header("Content-Encoding")
    assert b"Latency budgets" in response.content


def test_the_compressed_length_varies_from_one_request_to_the_next(client, results):
    # The gzip header carries a file name of random length: a page that reflects what an
    # attacker sends beside a secret does not tell, by its length, how well the two compress.
    lengths = {len(client.get(SEARCH, HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(20)}
    assert len(lengths) > 5
