"""Logging in and syncing slash commands: once, and again only when they changed."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands

from bot.client import DigestBot, sync_and_exit
from tests.e2e.harness import World

SYNC = ("PUT", "/applications/{application_id}/commands")


async def _ping(interaction: discord.Interaction) -> None:
    """Is the bot there?"""
    await interaction.response.send_message("pong")


def add_ping(bot: DigestBot) -> None:
    bot.tree.add_command(
        app_commands.Command(name="ping", description="Is the bot there?", callback=_ping)
    )


async def test_first_start_syncs_and_a_restart_with_the_same_commands_does_not(
    world: World,
) -> None:
    await world.start_bot(poll=False)
    assert len(world.fake.requests_to(*SYNC)) == 1
    registered = {c["name"]: c for c in world.fake.commands()}
    assert sorted(registered) == ["digest", "help", "news", "stats", "topic"]
    subcommands = [o["name"] for o in registered["digest"]["options"]]
    assert subcommands == ["now", "article", "subscribe", "edit", "unsubscribe", "subscriptions"]
    assert (world.tmp / "data" / "commands.sha256").exists()

    await world.stop_bot()
    await world.start_bot(poll=False)
    assert len(world.fake.requests_to(*SYNC)) == 1, "unchanged commands must not be synced again"
    assert (await world.command("help")).embeds[0]["title"] == "digestbot"


async def test_a_changed_command_set_is_synced_on_the_next_start(world: World) -> None:
    await world.start_bot(poll=False)
    await world.stop_bot()
    await world.start_bot(poll=False, prepare=add_ping)
    assert len(world.fake.requests_to(*SYNC)) == 2
    assert "ping" in {c["name"] for c in world.fake.commands()}
    assert (await world.command("ping")).content == "pong"


async def test_digestbot_sync_says_how_many_commands_it_registered(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await sync_and_exit(world.settings) == 0
    assert len(world.fake.requests_to(*SYNC)) == 1
    assert capsys.readouterr().out == "synced 5 slash commands\n"
