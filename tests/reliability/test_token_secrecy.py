"""The bot token never shows up anywhere but the Authorization header and the IDENTIFY.

A whole scenario — start, poll, commands that work and commands that fail, a digest that
Discord refuses, an unexpected error with a traceback, gateway reconnects and a new session —
runs with every logger at DEBUG and a token nobody could mistake. Then every log record (its
message, arguments and traceback), every message posted, every interaction answer and every
request the bot sent is searched for it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.e2e.harness import World, make_server, now_utc, skip_identify_wait, tariff_article
from tests.fakes.discord import FakeDiscord, Fault
from tests.fakes.newssite import NewsSite
from tests.reliability.discord_env import SECRET_TOKEN, write_config


@pytest.fixture
async def secret_world(tmp_path: Path) -> AsyncIterator[World]:
    a, b = make_server("Alpha Server"), make_server("Beta Server")
    async with (
        NewsSite() as site,
        FakeDiscord(guilds=[a.guild, b.guild], valid_tokens={SECRET_TOKEN}) as fake,
    ):
        site.add_article(tariff_article(now_utc()))
        config = write_config(
            tmp_path,
            [site.publish_feed("/feed")],
            token=SECRET_TOKEN,
            api_url=fake.api_url,
            gateway_url=fake.gateway_url,
        )
        world = World(tmp_path, site, fake, config.settings(), a, b, now_utc(), token=SECRET_TOKEN)
        try:
            yield world
        finally:
            await world.close()


def record_text(record: logging.LogRecord) -> str:
    """Everything a handler could write for this record."""
    parts = [record.getMessage(), repr(record.args), repr(record.__dict__)]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append("".join(traceback.format_exception(record.exc_info[1])))
    return "\n".join(parts)


async def test_the_token_is_in_no_log_message_or_request_body(
    secret_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="discord")
    world, fake, a = secret_world, secret_world.fake, secret_world.a
    bot = await world.start_bot(prepare=skip_identify_wait)

    await world.command("digest", "now", user=a.member)
    await world.command("news", "search", {"query": "carmakers"}, user=a.member)
    refused = await fake.inject_interaction(
        a.id, a.general.id, a.member.id, "digest", "article", {"url": "http://[::1]/"}
    )
    assert (await fake.interaction_response(refused)).ephemeral  # (refused before any defer)
    # An unexpected error: Discord fails the answer to a command (logged with a traceback).
    bad_request = Fault(400, {"message": "Invalid Form Body", "code": 50035})
    fake.fail_next("POST", "/interactions/*/*/callback", bad_request)
    broken = await fake.inject_interaction(a.id, a.general.id, a.member.id, "topic", "list")
    await fake.wait_for(
        lambda: any(r.levelno == logging.ERROR for r in caplog.records), what="the error logged"
    )
    # A digest that Discord refuses, then one it says it does not know the bot for.
    later = now_utc() + timedelta(hours=12)
    await world.command(
        "digest", "subscribe", {"channel": a.news.id, "schedule": f"daily {later:%H:%M}"}
    )
    [sub] = await bot.runtime.store.subscriptions(a.id)
    fake.fail_next("POST", f"/channels/{a.news.id}/messages", Fault.unauthorized())
    await bot.subscriptions.run(sub.id)
    # The gateway: a resume, then a new session (the token goes out in the IDENTIFY).
    await fake.send_reconnect()
    await fake.wait_for(lambda: sum(1 for c in fake.gateway.connections if c.resume) == 1)
    await fake.send_invalid_session(False)
    await fake.wait_for(lambda: sum(1 for c in fake.gateway.connections if c.identify) == 2)
    await fake.wait_for_session()
    await world.command("help", user=a.member)
    await world.stop_bot()

    said = await fake.interaction_response(broken)
    assert said.ephemeral and said.content == "Something went wrong; it has been logged."
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)
    assert any(r.name.startswith("discord") and r.levelno == logging.DEBUG for r in caplog.records)
    assert len(caplog.records) > 100
    leaks = [r.name for r in caplog.records if SECRET_TOKEN in record_text(r)]
    assert leaks == []
    assert SECRET_TOKEN not in caplog.text

    # What the bot sent: only the Authorization header carries the token.
    for request in fake.requests:
        sent = repr((request.path, request.query, request.json))
        headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
        assert SECRET_TOKEN not in sent + repr(headers), request.route
    for messages in fake.world.messages.values():
        for message in messages:
            assert SECRET_TOKEN not in repr(message.payload())
    for record in fake.desk.records.values():
        for answer in [record.original, *record.followups]:
            assert answer is None or SECRET_TOKEN not in repr(answer.payload())
    frames = [f for f in fake.gateway.received if SECRET_TOKEN in repr(f)]
    assert [f["op"] for f in frames] == [2, 6, 2]  # IDENTIFY, RESUME, IDENTIFY: by design
