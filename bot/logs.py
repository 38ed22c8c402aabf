"""Logging set-up: plain or one JSON object a line, and secrets never written."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime

_SECRET_VARS = ("DISCORD_TOKEN", "DIGESTBOT_LLM_API_KEY", "DIGESTBOT_REDDIT_CLIENT_SECRET")
_CONTEXT_KEYS = ("guild_id", "channel_id", "subscription_id", "delivery_id", "source", "url")


class RedactSecrets(logging.Filter):
    """Replaces the values of secret environment variables wherever they appear in a record."""

    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__()
        found = secrets if secrets is not None else [os.environ.get(v, "") for v in _SECRET_VARS]
        self.secrets = [s for s in found if len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        changed = False
        for secret in self.secrets:
            if secret in message:
                message = message.replace(secret, "[redacted]")
                changed = True
            if record.exc_text and secret in record.exc_text:
                record.exc_text = record.exc_text.replace(secret, "[redacted]")
        if changed:
            record.msg, record.args = message, None
        return True


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in _CONTEXT_KEYS:
            value = getattr(record, key, None)
            if value is not None:
                data[key] = value
        # exc_text first: RedactSecrets has already written the cleaned traceback there.
        if record.exc_text:
            data["exception"] = record.exc_text
        elif record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def configure_logging(level: str = "WARNING", *, json_lines: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactSecrets())
    if json_lines:
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper() if level.upper() in logging.getLevelNamesMapping() else "WARNING")
    logging.getLogger("discord").setLevel(max(root.level, logging.INFO))
