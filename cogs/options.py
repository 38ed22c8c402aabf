"""Slash-command options checked against what the commands declare, before any command runs.

Discord's own clients keep a number within the ``min_value``/``max_value`` a command
registered, a text within its lengths, a choice among its choices and a channel among its
``channel_types``; discord.py trusts them and checks none of it. Any other client may send
``count: 0`` or a voice channel, so the tree checks every option as Discord would have and
answers a value out of bounds with one ephemeral message naming the option and its bounds.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

#: The names users know an option's ``channel_types`` by.
_CHANNEL_NAMES = {
    discord.ChannelType.text: "text",
    discord.ChannelType.news: "announcement",
    discord.ChannelType.forum: "forum",
}


class OptionOutOfBounds(app_commands.AppCommandError):
    """An option's value that the command does not accept; the message says which and why."""


class CheckedCommandTree(app_commands.CommandTree):
    """discord.py's tree, refusing options outside their declared bounds (see the module)."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.type is discord.InteractionType.application_command:
            command = interaction.command
            if isinstance(command, app_commands.Command):
                check_options(command, _given_options(interaction.data or {}), interaction)
        return True


def _given_options(data: Any) -> dict[str, dict[str, Any]]:
    """The options the user gave the leaf (sub)command, by name."""
    options = list(data.get("options") or [])
    while options and options[0].get("type") in (1, 2):  # a subcommand (group): go down
        options = list(options[0].get("options") or [])
    return {str(option.get("name")): option for option in options if "name" in option}


def check_options(
    command: app_commands.Command[Any, ..., Any],
    given: dict[str, dict[str, Any]],
    interaction: discord.Interaction | None = None,
) -> None:
    """Raise :class:`OptionOutOfBounds` for the first option ``given`` that ``command``'s
    parameters do not accept."""
    for parameter in command.parameters:
        option = given.get(parameter.display_name)
        if option is None:
            continue
        value = option.get("value")
        shown = parameter.display_name
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            low, high = parameter.min_value, parameter.max_value
            if (low is not None and value < low) or (high is not None and value > high):
                raise OptionOutOfBounds(f"`{shown}` must be {_bounds(low, high)} (not {value}).")
        if isinstance(value, str):
            if parameter.type is discord.AppCommandOptionType.string:
                low, high = parameter.min_value, parameter.max_value  # (lengths, for strings)
                if (low is not None and len(value) < low) or (
                    high is not None and len(value) > high
                ):
                    raise OptionOutOfBounds(
                        f"`{shown}` must be {_bounds(low, high)} characters long."
                    )
            if parameter.choices and value not in {str(c.value) for c in parameter.choices}:
                names = ", ".join(f"`{choice.name}`" for choice in parameter.choices)
                raise OptionOutOfBounds(f"`{shown}` must be one of {names}.")
        if parameter.type is discord.AppCommandOptionType.channel and interaction is not None:
            _check_channel(parameter, str(value), interaction)


def _check_channel(
    parameter: app_commands.Parameter, channel_id: str, interaction: discord.Interaction
) -> None:
    """A channel of the kinds the option lists, and of this server: a channel another server
    has is never one a command here may post to or change."""
    raw: dict[str, Any] = dict(interaction.data or {})
    resolved: dict[str, Any] = dict(raw.get("resolved") or {})
    data: dict[str, Any] = dict((resolved.get("channels") or {}).get(channel_id) or {})
    allowed = parameter.channel_types
    kind = data.get("type")
    if allowed and kind is not None and kind not in {int(t.value) for t in allowed}:
        kinds = [_CHANNEL_NAMES.get(t, t.name) for t in allowed]
        names = ", ".join(kinds[:-1]) + " or " + kinds[-1] if len(kinds) > 1 else kinds[0]
        raise OptionOutOfBounds(f"`{parameter.display_name}` must be a {names} channel.")
    guild = interaction.guild
    if guild is None or not channel_id.isdigit():
        return
    if guild.get_channel_or_thread(int(channel_id)) is not None:
        return
    known = interaction.client.get_channel(int(channel_id))
    elsewhere = getattr(known, "guild", None)
    if (elsewhere is not None and elsewhere.id != guild.id) or (
        str(data.get("guild_id") or guild.id) != str(guild.id)
    ):
        raise OptionOutOfBounds(f"<#{channel_id}> is not a channel of this server.")


def _bounds(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"between {low:g} and {high:g}"
    if low is not None:
        return f"at least {low:g}"
    return f"at most {high:g}"
