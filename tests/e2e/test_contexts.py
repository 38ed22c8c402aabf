"""Commands used away from a server the bot is in: in the bot's DM, and through a user's own
install of the app in a server the bot is not a member of."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.harness import Server, World, make_server
from tests.fakes.discord import CommandNotPermitted

#: Commands that act on a server: its subscriptions and topics (and digests of its topics).
SERVER_COMMANDS = [
    pytest.param("digest", "subscribe", {"channel": "news"}, id="digest-subscribe"),
    pytest.param("digest", "edit", {"channel": "news", "max_articles": 3}, id="digest-edit"),
    pytest.param("digest", "unsubscribe", {"channel": "news"}, id="digest-unsubscribe"),
    pytest.param("digest", "subscriptions", {}, id="digest-subscriptions"),
    pytest.param("digest", "now", {}, id="digest-now"),
    pytest.param("topic", "add", {"name": "rice", "keywords": "rice"}, id="topic-add"),
    pytest.param("topic", "remove", {"name": "rice"}, id="topic-remove"),
    pytest.param("topic", "list", {}, id="topic-list"),
]


def with_channel(
    world: World, options: dict[str, Any], server: Server | None = None
) -> dict[str, Any]:
    """The options, with the channel named by its id in ``server`` (default: Alpha)."""
    if options.get("channel") == "news":
        return {**options, "channel": (server or world.a).news.id}
    return dict(options)


@pytest.mark.parametrize(("name", "sub", "options"), SERVER_COMMANDS)
async def test_a_server_command_in_a_dm_says_it_only_works_in_a_server(
    running: World, name: str, sub: str, options: dict[str, Any]
) -> None:
    fake, admin = running.fake, running.a.admin
    options = with_channel(running, options)
    with pytest.raises(CommandNotPermitted):  # Discord does not offer it in a DM
        await fake.inject_dm_interaction(admin.id, name, sub, options)
    iid = await fake.inject_dm_interaction(admin.id, name, sub, options, unchecked=True)
    answer = await fake.interaction_response(iid)
    assert answer.content == "This command only works in a server."
    assert answer.ephemeral
    store = running.running.runtime.store
    assert await store.subscriptions() == [] and await store.guild_topics() == []


async def test_help_still_answers_in_a_dm(running: World) -> None:
    iid = await running.fake.inject_dm_interaction(running.a.member.id, "help")
    answer = await running.fake.interaction_response(iid)
    assert answer.embeds[0]["title"] == "digestbot"


NOT_A_MEMBER = (
    "The bot is not a member of this server, so it can post nothing and keep nothing here: "
    "ask a server admin to add the bot to the server first."
)


@pytest.fixture
async def xenon(world: World) -> Server:
    """A server the bot is not in, whose admin installed the app for themselves; the operator
    ticked User Install for the app. The bot started."""
    world.fake.app_integration_types = [0, 1]
    server = make_server("Xenon Server")
    world.fake.add_guild_without_bot(server.guild)
    await world.start_bot()
    return server


async def test_server_commands_are_registered_for_the_servers_install_only(
    world: World, xenon: Server
) -> None:
    registered = {c["name"]: c for c in world.fake.commands()}
    assert registered["digest"]["integration_types"] == [0]
    assert registered["topic"]["integration_types"] == [0]
    assert registered["digest"]["contexts"] == registered["topic"]["contexts"] == [0]
    assert registered["help"]["integration_types"] == [0, 1]  # (the app's, as configured)
    with pytest.raises(CommandNotPermitted, match="integration_types"):
        await world.fake.inject_interaction(
            xenon.id, xenon.general.id, xenon.admin.id, "digest", "subscribe",
            {"channel": xenon.news.id}, installed_by_user=True,
        )  # fmt: skip


@pytest.mark.parametrize("where", ["a server the bot is not in", "a user's install in Alpha"])
@pytest.mark.parametrize(("name", "sub", "options"), SERVER_COMMANDS)
async def test_a_server_command_through_a_users_install_is_refused_and_changes_nothing(
    world: World, xenon: Server, where: str, name: str, sub: str, options: dict[str, Any]
) -> None:
    """As a client sends it whatever the registration says (or Discord did, before it)."""
    server = xenon if where.startswith("a server") else world.a
    iid = await world.fake.inject_interaction(
        server.id, server.general.id, server.admin.id, name, sub,
        with_channel(world, options, server), installed_by_user=True, unchecked=True,
    )  # fmt: skip
    answer = await world.fake.interaction_response(iid)
    assert answer.content == NOT_A_MEMBER
    assert answer.ephemeral
    store = world.running.runtime.store
    assert await store.subscriptions() == [] and await store.guild_topics() == []
    assert world.fake.messages(server.news.id) == []
