"""Settings: the shipped file is valid, and every bad value is named with file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.schedule import parse_schedule
from bot.topics import Topic
from config.settings import DEFAULT_CONFIG, load_settings, parse_file_settings


def test_shipped_config_is_valid_and_complete() -> None:
    settings = load_settings(DEFAULT_CONFIG, environ={})
    file = settings.file
    assert file.poll.interval_minutes == 10
    assert [s.name for s in file.sources] == ["japantoday"]
    assert file.sources[0].kind == "japantoday"
    assert [str(u) for u in file.sources[0].feeds] == [
        "https://japantoday.com/feed",
        "https://japantoday.com/category/politics/feed",
    ]
    assert file.security.allow_private_addresses is False
    parse_schedule("daily 09:00", file.digest.timezone)


def test_default_tariffs_topic_matches_what_users_mean() -> None:
    topic_settings = load_settings(DEFAULT_CONFIG, environ={}).topic("tariffs")
    assert topic_settings is not None
    topic = Topic("tariffs", tuple(topic_settings.include), tuple(topic_settings.exclude))
    for title in (
        "Japan tariff negotiator in Washington holds talks twice with Lutnick",
        "U.S. imposes new tariffs on steel",
        "Trade war fears weigh on Nikkei",
        "EU and U.S. reach trade deal",
        "Commerce opens Section 232 probe into chips",
        "Reciprocal tariffs take effect",
        "China slaps anti-dumping duties on brandy",
    ):
        assert topic.matches(title), title
    for title in ("Cherry blossoms bloom early in Tokyo", "Tariffication of rice explained"):
        assert not topic.matches(title), title


def test_environment_database_url_and_default_sqlite(tmp_path: Path) -> None:
    settings = load_settings(DEFAULT_CONFIG, environ={"DIGESTBOT_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path}/digestbot.sqlite3"
    pg = load_settings(DEFAULT_CONFIG, environ={"DATABASE_URL": "postgresql+asyncpg://u:p@h/db"})
    assert pg.database_url == "postgresql+asyncpg://u:p@h/db"


def test_digestbot_config_env_points_to_another_file(tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(
        '[poll]\ninterval_minutes = 3\n[[topics]]\nname = "chips"\ninclude = ["chip"]\n'
    )
    settings = load_settings(environ={"DIGESTBOT_CONFIG": str(other)})
    assert settings.file.poll.interval_minutes == 3
    assert settings.path == str(other)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[poll]\ninterval_minutes = -1\n",
            "f.toml: poll.interval_minutes: Input should be greater than 0",
        ),
        ("[poll]\nintervl_minutes = 5\n", "f.toml: poll.intervl_minutes: unknown key"),
        ("[poll\n", "f.toml: not valid TOML"),
        (
            '[[sources]]\nname = "x"\nkind = "bogus"\nfeeds = ["https://a.example"]\n',
            "f.toml: sources[x].kind: Input should be "
            "'japantoday', 'rss', 'reddit' or 'hackernews'",
        ),
        (
            '[[sources]]\nname = "x"\nkind = "rss"\n',
            "f.toml: sources[x]: a rss source needs at least one entry in feeds",
        ),
        (
            '[[sources]]\nname = "x"\nkind = "rss"\nfeeds = ["not a url"]\n',
            "f.toml: sources[x].feeds[0]",
        ),
        (
            '[[topics]]\nname = "t"\ninclude = ["("]\n',
            "f.toml: topics[t].include: term '(' is not a valid pattern",
        ),
        ('[[topics]]\nname = "t"\ninclude = []\n', "f.toml: topics[t].include"),
        (
            '[[sources]]\nname = "x"\nkind = "japantoday"\nfeeds = ["https://a.example"]\n'
            'timezone = "Rome"\n',
            "f.toml: sources[x].timezone: unknown timezone 'Rome' (an IANA name or \"page\")",
        ),
        (
            '[digest]\ntimezone = "Mars/Olympus"\n',
            "f.toml: digest.timezone: unknown timezone 'Mars/Olympus'",
        ),
        (
            '[[topics]]\nname = "t"\ninclude = ["a"]\n[[topics]]\nname = "t"\ninclude = ["b"]\n',
            "topics: the name 't' is used twice",
        ),
    ],
)
def test_bad_file_names_file_key_and_problem(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_file_settings(text, "f.toml")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_and_bad_database_url(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: file not found"):
        load_settings(tmp_path / "nope.toml", environ={})
    with pytest.raises(ConfigError, match="environment: DATABASE_URL: must start with"):
        load_settings(DEFAULT_CONFIG, environ={"DATABASE_URL": "mysql://x"})
