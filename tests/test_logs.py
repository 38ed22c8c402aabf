"""Logs never carry secrets, and JSON lines carry the delivery context."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logs import JsonLines, RedactSecrets, configure_logging

TOKEN = "MTE5ODc2NTQzMjEwOTg3NjU0.GhIjKl.abcdefghijklmnopqrstuvwxyz0123"


def capture(
    formatter: logging.Formatter, *, secrets: list[str]
) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets(secrets))
    handler.setFormatter(formatter)
    logger = logging.getLogger(f"test.logs.{id(stream)}")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


@pytest.mark.parametrize("formatter", [logging.Formatter("%(message)s"), JsonLines()])
def test_token_in_messages_arguments_and_tracebacks_is_redacted(
    formatter: logging.Formatter,
) -> None:
    logger, stream = capture(formatter, secrets=[TOKEN])
    logger.info("connecting with %s", TOKEN)
    logger.warning(f"header Authorization: Bot {TOKEN}")
    try:
        raise RuntimeError(f"login failed for token {TOKEN}")
    except RuntimeError:
        logger.exception("start failed")
    output = stream.getvalue()
    assert TOKEN not in output
    assert output.count("[redacted]") >= 3


def test_configure_logging_reads_the_token_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    configure_logging("INFO")
    logging.getLogger("bot.test").info("token is %s", TOKEN)
    err = capsys.readouterr().err
    assert TOKEN not in err and "[redacted]" in err


def test_json_lines_carry_ids_of_the_delivery() -> None:
    logger, stream = capture(JsonLines(), secrets=[])
    logger.info("delivered", extra={"guild_id": 1, "channel_id": 2, "subscription_id": 3})
    line = json.loads(stream.getvalue())
    assert line["message"] == "delivered"
    assert (line["guild_id"], line["channel_id"], line["subscription_id"]) == (1, 2, 3)
    assert line["level"] == "info"
