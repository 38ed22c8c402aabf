"""Commands used away from a server the bot is in: in the bot's DM, and through a user's own
install of the app in a server the bot is not a member of."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.harness import World
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


def with_channel(world: World, options: dict[str, Any]) -> dict[str, Any]:
    """The options, with the channel named by its id in Alpha."""
    if options.get("channel") == "news":
        return {**options, "channel": world.a.news.id}
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
