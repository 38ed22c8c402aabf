"""Logging set-up: plain or one JSON object a line, and secrets never written."""

from __future__ import annotations

import asyncio
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


#: Where APScheduler 3 logs what its coroutine jobs raised.
SCHEDULER_JOB_LOGGER = "apscheduler.executors.default"


class CancelledJobsAreNotErrors(logging.Filter):
    """A scheduled job cut off by shutdown is expected, not an error.

    APScheduler 3 logs a coroutine job whose task was cancelled (the scheduler's shutdown
    cancels running jobs) as "raised an exception", at ERROR, with a CancelledError traceback:
    every SIGTERM during a poll looked like a crash. Such a record becomes one INFO line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, asyncio.CancelledError):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg = str(record.msg).replace("raised an exception", "was stopped by shutdown")
            record.exc_info, record.exc_text = None, None
        return True


def quiet_cancelled_jobs() -> None:
    """Install :class:`CancelledJobsAreNotErrors` on APScheduler's job logger, once."""
    logger = logging.getLogger(SCHEDULER_JOB_LOGGER)
    if not any(isinstance(f, CancelledJobsAreNotErrors) for f in logger.filters):
        logger.addFilter(CancelledJobsAreNotErrors())


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
