"""A fake Discord (REST API v10 + JSON gateway) for end-to-end tests of a discord.py bot.

See README.md in this folder for usage.
"""

from .interactions import CommandNotPermitted, InteractionAnswer, InteractionRecord
from .limits import Fault, RateLimitPolicy
from .messages import EPHEMERAL, FakeMessage, StoredAttachment
from .models import (
    ADMINISTRATOR,
    ATTACH_FILES,
    BOT_DEFAULT,
    EMBED_LINKS,
    MANAGE_GUILD,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    Channel,
    Guild,
    Member,
    Overwrite,
    Role,
    User,
    make_guild,
)
from .rest import RecordedRequest
from .server import FakeDiscord

__all__ = [
    "ADMINISTRATOR",
    "ATTACH_FILES",
    "BOT_DEFAULT",
    "EMBED_LINKS",
    "EPHEMERAL",
    "MANAGE_GUILD",
    "SEND_MESSAGES",
    "VIEW_CHANNEL",
    "Channel",
    "CommandNotPermitted",
    "FakeDiscord",
    "FakeMessage",
    "Fault",
    "Guild",
    "InteractionAnswer",
    "InteractionRecord",
    "Member",
    "Overwrite",
    "RateLimitPolicy",
    "RecordedRequest",
    "Role",
    "StoredAttachment",
    "User",
    "make_guild",
]
