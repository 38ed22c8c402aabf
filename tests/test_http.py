"""HttpClient against the fake news site: what a source (and its operator) would notice."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiohttp import web

import bot.http as http_module
from bot.errors import FetchError
from bot.http import MAX_RETRY_AFTER, HttpClient, decode_text, parse_retry_after
from config.settings import HttpSettings
from tests.fakes.newssite import Fault, NewsSite, sample_tariff_article

UA = "digestbot-test/1.0 (+https://example.org/digestbot)"


def settings(**changes: object) -> HttpSettings:
    values: dict[str, object] = {
        "user_agent": UA,
        "timeout_seconds": 3,
        "retries": 2,
        "backoff_seconds": 0.01,
        "per_host_concurrency": 4,
    }
    values.update(changes)
    return HttpSettings.model_validate(values)


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with NewsSite() as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[HttpClient]:
    async with HttpClient(settings()) as http:
        yield http


async def test_sends_the_configured_user_agent_and_accepts_compression(
    site: NewsSite, client: HttpClient
) -> None:
    url = site.add_page("/page", "<p>hello</p>")
    response = await client.get(url)
    assert response.text() == "<p>hello</p>"
    (request,) = site.requests_for("/page")
    assert request.headers["User-Agent"] == UA
    assert request.headers["Accept-Encoding"] == "gzip, deflate"


async def test_gzip_answers_are_decompressed(client: HttpClient) -> None:
    async with NewsSite(compress=True) as site:
        article = sample_tariff_article()
        url = site.add_article(article)
        response = await client.get(url)
    assert response.headers["Content-Encoding"] == "gzip"
    assert article.title in response.text()
    assert '>-3</span> <span class="vote-detail">( +1 / -4 )</span>' in response.text()


async def test_conditional_get_remembers_validators_and_skips_unchanged(
    site: NewsSite, client: HttpClient
) -> None:
    article = sample_tariff_article()
    url = site.add_article(article)

    first = await client.get(url, conditional=True)
    assert first.status == 200 and not first.not_modified
    assert client.validators[url] == (first.headers["ETag"], first.headers["Last-Modified"])

    second = await client.get(url, conditional=True)
    assert second.not_modified and second.status == 304 and second.body == b""
    assert site.requests_for(article.path)[1].headers["If-None-Match"] == first.headers["ETag"]
    assert client.stats.not_modified == 1

    article.comments[0].up += 5  # a vote arrives: the page changes
    third = await client.get(url, conditional=True)
    assert (
        third.status == 200 and '">10</span> <span class="vote-detail">( +11 / -1 )' in third.text()
    )
    assert client.validators[url][0] == third.headers["ETag"] != first.headers["ETag"]


async def test_if_modified_since_alone_gives_not_modified(
    site: NewsSite, client: HttpClient
) -> None:
    url = site.add_page("/static", "<p>same</p>")
    first = await client.get(url, conditional=True)
    client.validators[url] = (None, first.headers["Last-Modified"])
    second = await client.get(url, conditional=True)
    assert second.not_modified
    sent = site.requests_for("/static")[1].headers
    assert "If-None-Match" not in sent
    assert sent["If-Modified-Since"] == first.headers["Last-Modified"]


async def test_unconditional_get_sends_no_validators(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/p", "<p>x</p>")
    await client.get(url, conditional=True)
    again = await client.get(url)
    assert again.status == 200 and again.body == b"<p>x</p>"
    assert "If-None-Match" not in site.requests_for("/p")[1].headers


async def test_remember_keeps_validators_without_sending_any(
    site: NewsSite, client: HttpClient
) -> None:
    url = site.add_page("/p", "<p>x</p>")
    await client.get(url, conditional=True)
    await client.get(url, remember=True)
    assert "If-None-Match" not in site.requests_for("/p")[1].headers
    assert client.validators[url][0] is not None


async def test_only_the_most_recently_used_validators_are_kept(
    site: NewsSite, client: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http_module, "MAX_VALIDATORS", 2)
    feed, old, new = (site.add_page(f"/{name}", f"<p>{name}</p>") for name in "abc")
    await client.get(feed, conditional=True)
    await client.get(old, remember=True)
    assert (await client.get(feed, conditional=True)).not_modified  # used again: kept longest
    await client.get(new, remember=True)
    assert set(client.validators) == {feed, new}
    client.validators.update({f"{feed}?old={i}": ('"e"', None) for i in range(5)})  # loaded
    await client.get(old, remember=True)
    assert list(client.validators) == [f"{feed}?old=4", old]


async def test_503_with_retry_after_is_retried_after_the_wait(
    site: NewsSite, client: HttpClient
) -> None:
    url = site.add_page("/busy", "<p>finally</p>")
    site.set_fault("/busy", Fault.http_status(503, retry_after="1"), times=1)
    started = time.monotonic()
    response = await client.get(url)
    assert response.text() == "<p>finally</p>"
    assert time.monotonic() - started >= 0.95
    assert len(site.requests_for("/busy")) == 2
    assert client.stats.retries == 1


async def test_429_is_retried(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/limited", "<p>ok</p>")
    site.set_fault("/limited", Fault.http_status(429), times=2)
    assert (await client.get(url)).status == 200
    assert len(site.requests_for("/limited")) == 3


async def test_persistent_500_fails_after_every_attempt(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/broken", "<p>never</p>")
    site.set_fault("/broken", Fault.http_status(500))
    with pytest.raises(FetchError) as caught:
        await client.get(url)
    assert caught.value.status == 500
    assert caught.value.url == url
    assert (
        str(caught.value) == f"could not fetch {url}: HTTP 500 Internal Server Error (3 attempts)"
    )
    assert len(site.requests_for("/broken")) == 3
    assert client.stats.errors == 1


async def test_404_fails_at_once_without_retrying(site: NewsSite, client: HttpClient) -> None:
    url = site.url_for("/missing")
    with pytest.raises(FetchError) as caught:
        await client.get(url)
    assert caught.value.status == 404
    assert caught.value.reason == "HTTP 404 Not Found"
    assert len(site.requests_for("/missing")) == 1


async def test_streamed_body_over_the_cap_is_refused(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/huge", "")
    site.set_fault("/huge", Fault.huge(5_000_000))
    with pytest.raises(FetchError) as caught:
        await client.get(url, max_bytes=200_000)
    assert caught.value.reason == "response larger than 200000 bytes"
    assert client.stats.bytes < 200_000 + 64 * 1024


async def test_declared_length_over_the_cap_fails_before_reading(
    site: NewsSite, client: HttpClient
) -> None:
    url = site.add_page("/declared", "")
    site.set_fault("/declared", Fault.huge(50_000_000, declare_length=True))
    started = time.monotonic()
    with pytest.raises(FetchError, match="response larger than 100000 bytes"):
        await client.get(url, max_bytes=100_000)
    assert client.stats.bytes == 0
    assert time.monotonic() - started < 5  # not read to the end


async def test_settings_cap_applies_without_max_bytes(site: NewsSite) -> None:
    url = site.add_page("/big", "")
    site.set_fault("/big", Fault.huge(300_000))
    async with HttpClient(settings(max_response_bytes=100_000)) as http:
        with pytest.raises(FetchError, match="response larger than 100000 bytes"):
            await http.get(url)


async def test_gzip_bomb_stops_at_the_decompressed_cap(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/bomb", "")
    site.set_fault("/bomb", Fault.gzip_bomb(50_000_000))
    with pytest.raises(FetchError, match="response larger than 1000000 bytes"):
        await client.get(url, max_bytes=1_000_000)
    # It stopped soon after the cap instead of inflating 50 MB.
    assert 1_000_000 < client.stats.bytes < 1_000_000 + 256 * 1024


async def test_redirects_are_followed_and_the_final_url_reported(
    site: NewsSite, client: HttpClient
) -> None:
    site.add_page("/new-home", "<p>moved</p>")
    url = site.add_page("/old", "")
    site.set_fault("/old", Fault.redirect("/new-home", status=301))
    response = await client.get(url)
    assert response.url == site.url_for("/new-home")
    assert response.text() == "<p>moved</p>"


async def test_redirect_to_another_scheme_is_an_error(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/to-ftp", "")
    site.set_fault("/to-ftp", Fault.redirect("ftp://files.example/x"))
    with pytest.raises(FetchError) as caught:
        await client.get(url)
    assert caught.value.reason == "redirected to an unusable URL (ftp://files.example/x)"


async def test_redirect_loop_is_an_error(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/loop", "")
    site.set_fault("/loop", Fault.redirect_loop())
    with pytest.raises(FetchError) as caught:
        await client.get(url)
    assert caught.value.reason == "too many redirects"
    assert len(site.requests_for("/loop")) == 10  # aiohttp gives up at the 10th redirect


async def test_trickling_server_times_out(site: NewsSite) -> None:
    url = site.add_page("/slow", "<p>" + "x" * 200 + "</p>")
    site.set_fault("/slow", Fault.trickle(interval=0.1))
    started = time.monotonic()
    async with HttpClient(settings(timeout_seconds=0.5, retries=1)) as http:
        with pytest.raises(FetchError) as caught:
            await http.get(url)
    assert caught.value.reason == "timed out after 0.5 s (2 attempts)"
    assert time.monotonic() - started < 5


async def test_connection_reset_is_retried(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/flaky", "<p>second time lucky</p>")
    site.set_fault("/flaky", Fault.reset(), times=1)
    assert (await client.get(url)).text() == "<p>second time lucky</p>"
    assert len(site.requests_for("/flaky")) == 2


async def test_body_cut_short_by_a_reset_fails_after_retries(
    site: NewsSite, client: HttpClient
) -> None:
    url = site.add_page("/cut", "<p>" + "y" * 5000 + "</p>")
    site.set_fault("/cut", Fault.reset(after_bytes=100))
    with pytest.raises(FetchError) as caught:
        await client.get(url)
    assert caught.value.reason == "the connection broke before the whole body arrived (3 attempts)"


async def test_per_host_concurrency_limit_holds(site: NewsSite) -> None:
    url = site.add_page("/slowish", "<p>ok</p>")
    site.set_fault("/slowish", Fault.delay(0.2))
    async with HttpClient(settings(per_host_concurrency=2)) as http:
        responses = await asyncio.gather(*(http.get(url) for _ in range(8)))
    assert [r.status for r in responses] == [200] * 8
    assert site.max_in_flight == 2


async def test_stats_count_requests_bytes_and_retries(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/counted", "<p>12345</p>")
    site.set_fault("/counted", Fault.http_status(502), times=1)
    await client.get(url)
    assert (client.stats.requests, client.stats.bytes, client.stats.retries) == (2, 12, 1)


async def test_invalid_utf8_page_is_decoded_with_replacements_and_one_warning(
    site: NewsSite, client: HttpClient, caplog: pytest.LogCaptureFixture
) -> None:
    url = site.add_page("/mixed", "<p>café and more text</p>" * 20)
    site.set_fault("/mixed", Fault.invalid_utf8())
    response = await client.get(url)
    with caplog.at_level(logging.WARNING, logger="bot.http"):
        text = response.text()
        assert response.text() is text
    assert "\ufffd" in text and "café" in text
    warnings = [r for r in caplog.records if r.name == "bot.http"]
    assert len(warnings) == 1 and url in warnings[0].getMessage()


async def test_binary_answer_is_not_a_text_document(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/blob", "")
    site.set_fault("/blob", Fault.binary())
    response = await client.get(url)
    with pytest.raises(FetchError, match="not a text document"):
        response.text()


async def test_wrong_charset_label_shows_replacements(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/latin", "<p>naïve café</p>")
    site.set_fault("/latin", Fault.wrong_charset(declared="utf-8", actual="cp1252"))
    assert (await client.get(url)).text() == "<p>na\ufffdve caf\ufffd</p>"


async def test_empty_body_is_an_empty_text(site: NewsSite, client: HttpClient) -> None:
    url = site.add_page("/empty", "<p>not this</p>")
    site.set_fault("/empty", Fault.empty())
    response = await client.get(url)
    assert (response.status, response.body, response.text()) == (200, b"", "")


async def test_invalid_json_names_the_url(site: NewsSite, client: HttpClient) -> None:
    url = site.add_resource("/api", b"{not json", "application/json")
    response = await client.get(url)
    with pytest.raises(FetchError, match=f"could not fetch {url}: invalid JSON"):
        response.json()


async def test_post_json_sends_and_reads_json(client: HttpClient) -> None:
    seen: list[dict[str, object]] = []
    failures = [503]

    async def echo(request: web.Request) -> web.Response:
        seen.append(await request.json())
        if failures:
            return web.Response(status=failures.pop())
        if request.headers.get("Authorization") != "Bearer k":
            return web.json_response({"error": "bad key"}, status=401)
        return web.json_response({"echo": seen[-1], "type": request.content_type})

    app = web.Application()
    app.router.add_post("/v1/chat", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    port = runner.addresses[0][1]
    url = f"http://127.0.0.1:{port}/v1/chat"
    try:
        answer = await client.post_json(
            url, {"q": "tariffs"}, headers={"Authorization": "Bearer k"}
        )
        assert answer.json() == {"echo": {"q": "tariffs"}, "type": "application/json"}
        assert len(seen) == 2  # the 503 was retried
        with pytest.raises(FetchError) as caught:
            await client.post_json(url, {"q": 1}, retries=0)
        assert caught.value.status == 401
        assert caught.value.reason == 'HTTP 401 Unauthorized: {"error": "bad key"}'
    finally:
        await runner.cleanup()


# -- pure helpers ---------------------------------------------------------------------------


def test_retry_after_seconds_and_http_dates() -> None:
    now = datetime(2025, 7, 6, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now=now) == 120.0
    assert parse_retry_after("Sun, 06 Jul 2025 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Sun, 06 Jul 2025 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None) is None


def test_retry_delay_caps_retry_after_and_jitters_within_the_exponential_bound() -> None:
    http = HttpClient(settings(backoff_seconds=0.5))
    assert http.retry_delay(0, 3600.0) == MAX_RETRY_AFTER == 60.0
    assert http.retry_delay(2, 7.0) == 7.0
    delays = [http.retry_delay(3, None) for _ in range(200)]
    assert all(0 <= d <= 0.5 * 2**3 for d in delays)
    assert max(delays) > 2.0  # full jitter spreads over the whole window


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("café".encode("cp1252"), "text/html; charset=windows-1252", "café"),
        ("café".encode("cp1252"), "text/html; charset=ISO-8859-1", "café"),
        (b"\xef\xbb\xbfcaf\xc3\xa9", "text/html", "café"),
        ("\ufeffcafé".encode("utf-16-le"), None, "café"),
        ('<meta charset="shift_jis"><p>関税</p>'.encode("cp932"), "text/html", "関税"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=euc-jp">関税'.encode(
                "euc-jp"
            ),
            None,
            "関税",
        ),
        ('<?xml version="1.0" encoding="ISO-8859-15"?><a>€</a>'.encode("iso-8859-15"), None, "€"),
        ("关税 café".encode(), "text/html", "关税 café"),
        ("café".encode(), "text/html; charset=no-such-charset", "café"),
        # Labels browsers read as the supersets servers really send (WHATWG's mapping).
        ("记者 张喆".encode("gbk"), "text/html; charset=gb2312", "记者 张喆"),
        ("똠방각하".encode("cp949"), "text/html; charset=euc-kr", "똠방각하"),
        ("香港 𨋢".encode("big5hkscs"), "text/html; charset=big5", "香港 𨋢"),
    ],
)
def test_text_decoding_order(body: bytes, content_type: str | None, expected: str) -> None:
    assert expected in decode_text(body, content_type, url="http://example.org/")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1/feed", "not a valid URL (Invalid IPv6 URL)"),
        ("japantoday.com/feed", "not an absolute http or https URL"),
        ("ftp://example.org/x", "not an absolute http or https URL"),
    ],
)
async def test_unusable_urls_are_fetch_errors_naming_the_url(
    client: HttpClient, url: str, reason: str
) -> None:
    with pytest.raises(FetchError) as caught:
        await client.get(url)
    assert (caught.value.url, caught.value.reason) == (url, reason)
