"""The connection: a gateway RECONNECT is resumed, and a burst of commands is answered in time."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.e2e.harness import World

CALLBACK = ("POST", "/interactions/{interaction_id}/{token}/callback")


async def test_a_reconnect_resumes_the_session_and_commands_keep_working(running: World) -> None:
    fake = running.fake
    session = await fake.wait_for_session()
    connections = len(fake.gateway.connections)
    await fake.send_reconnect()
    resumed = await fake.wait_for(
        lambda: next((c for c in fake.gateway.connections[connections:] if c.resume), None),
        what="a RESUME on a new connection",
    )
    assert resumed.resume is not None and resumed.resume["session_id"] == session
    assert await fake.wait_for_session() == session
    assert all(c.identify is None for c in fake.gateway.connections[connections:])
    answer = await running.command("topic", "list", user=running.a.member)
    assert [f["name"] for f in answer.embeds[0]["fields"]] == ["tariffs (configured)"]


async def test_200_interactions_at_once_are_each_answered_within_3_seconds(running: World) -> None:
    fake, a = running.fake, running.a
    mix = [
        ("help", None, {}),
        ("topic", "list", {}),
        ("digest", "subscriptions", {}),
        ("news", "latest", {"count": 3}),
    ]
    ids = await asyncio.gather(
        *(
            fake.inject_interaction(a.id, a.general.id, a.member.id, name, sub, options)
            for name, sub, options in (mix[i % len(mix)] for i in range(200))
        )
    )
    answers = await asyncio.gather(*(fake.interaction_response(i, timeout=10) for i in ids))
    # Answered at once, or (when the store is slow to answer under the burst) deferred within
    # 100 ms and filled in afterwards: either way an answer with something in it, private
    # only for /help.
    assert all(answer.callback_type in (4, 5) for answer in answers)
    assert all(answer.content or answer.embeds for answer in answers)
    private = {fake.interaction(a.interaction_id).command for a in answers if a.ephemeral}
    assert private == {"help"}
    answered_at = {
        int(r.path.split("/")[2]): r.at
        for r in fake.requests_to(*CALLBACK)
        if r.status in (200, 204)
    }
    delays = sorted(answered_at[i] - fake.interaction(i).created_at for i in ids)
    assert len(delays) == 200
    assert delays[-1] < 3.0, f"slowest answer took {delays[-1]:.2f}s (median {delays[100]:.2f}s)"


async def test_a_compatible_servers_json_charset_and_empty_resumed_are_understood(
    world: World,
) -> None:
    """A server speaking Discord's protocol through aiohttp's ``json_response`` types its
    replies "application/json; charset=utf-8", and may send RESUMED with ``d: null``:
    discord.py alone fails the login on the first and dies on the second."""
    fake = world.fake
    fake.rest.json_charset = True
    fake.world.resumed_without_data = True
    await world.start_bot()
    answer = await world.command("topic", "list", user=world.a.member)
    assert [f["name"] for f in answer.embeds[0]["fields"]] == ["tariffs (configured)"]
    session = await fake.wait_for_session()
    connections = len(fake.gateway.connections)
    await fake.send_reconnect()
    await fake.wait_for(
        lambda: next((c for c in fake.gateway.connections[connections:] if c.resume), None),
        what="a RESUME on a new connection",
    )
    assert await fake.wait_for_session() == session
    answer = await world.command("topic", "list", user=world.a.member)
    assert [f["name"] for f in answer.embeds[0]["fields"]] == ["tariffs (configured)"]


async def test_an_event_discord_py_cannot_read_is_logged_and_skipped(
    running: World, caplog: pytest.LogCaptureFixture
) -> None:
    """discord.py reads GUILD_AUDIT_LOG_ENTRY_CREATE's ``action_type`` unchecked: without it,
    its parser raises KeyError in the gateway task, which took the whole bot down."""
    caplog.set_level(logging.ERROR)
    fake, a = running.fake, running.a
    malformed = {"guild_id": str(a.id), "id": "1", "user_id": str(a.admin.id)}
    assert await fake.gateway.dispatch("GUILD_AUDIT_LOG_ENTRY_CREATE", malformed)
    answer = await running.command("topic", "list", user=a.member)
    assert [f["name"] for f in answer.embeds[0]["fields"]] == ["tariffs (configured)"]
    [logged] = [r for r in caplog.records if "GUILD_AUDIT_LOG_ENTRY_CREATE" in r.getMessage()]
    assert "KeyError" in logged.getMessage() and "action_type" in logged.getMessage()
    fake.check_client()
