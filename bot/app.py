"""`digestbot run`: Discord when a token is set, otherwise the console schedule."""

from __future__ import annotations

from config.settings import Settings


async def run_bot(
    settings: Settings,
    *,
    sync: bool = False,
    shard_ids: str | None = None,
    shard_count: int | None = None,
) -> int:
    if not settings.env.discord_token:
        from bot.console import run_console

        return await run_console(settings)
    from bot.client import run_discord

    return await run_discord(settings, sync=sync, shard_ids=shard_ids, shard_count=shard_count)


async def sync_commands(settings: Settings) -> int:
    from bot.client import sync_and_exit

    return await sync_and_exit(settings)
