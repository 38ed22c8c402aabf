"""Typed settings: `config/default.toml` (or `DIGESTBOT_CONFIG`) plus the environment.

A bad file or value raises :class:`bot.errors.ConfigError` naming the file, the key and the
problem; the CLI turns it into one line on stderr and exit code 2.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigError

DEFAULT_CONFIG = Path(__file__).with_name("default.toml")

SourceKind = Literal["japantoday", "rss", "reddit", "hackernews"]
Sort = Literal["best", "top", "controversial", "newest"]
NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,31}$"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PollSettings(_Section):
    interval_minutes: Annotated[float, Field(gt=0, le=24 * 60)] = 10
    refresh_hours: Annotated[float, Field(ge=0, le=24 * 30)] = 48
    #: A feed or thread that has gone quiet is still asked at least every this many cycles
    #: (see bot.revisit); 1 asks every one every cycle.
    max_revisit_cycles: Annotated[int, Field(ge=1, le=1000)] = 6
    max_new_articles: Annotated[int, Field(ge=1, le=10_000)] = 100
    #: Processes that read article pages beside the bot's own; 0: pages are read in the bot's
    #: process; "auto": one when the machine has two cores or more, else none.
    extract_workers: Annotated[int, Field(ge=0, le=32)] | Literal["auto"] = 0

    def page_workers(self) -> int:
        if self.extract_workers == "auto":
            return 1 if (os.cpu_count() or 1) >= 2 else 0
        return self.extract_workers


class HttpSettings(_Section):
    user_agent: Annotated[str, Field(min_length=1)] = "digestbot/0.1"
    timeout_seconds: Annotated[float, Field(gt=0, le=600)] = 20
    per_host_concurrency: Annotated[int, Field(ge=1, le=256)] = 4
    total_concurrency: Annotated[int, Field(ge=1, le=4096)] = 32
    max_response_bytes: Annotated[int, Field(ge=1024)] = 10_000_000
    retries: Annotated[int, Field(ge=0, le=10)] = 3
    backoff_seconds: Annotated[float, Field(ge=0, le=600)] = 1.0


class DigestSettings(_Section):
    sort: Sort = "best"
    top_comments: Annotated[int, Field(ge=0, le=10)] = 3
    max_articles: Annotated[int, Field(ge=1, le=25)] = 10
    min_comments: Annotated[int, Field(ge=0)] = 0
    first_post_articles: Annotated[int, Field(ge=1, le=25)] = 3
    window_hours: Annotated[float, Field(gt=0)] = 48
    timezone: str = "UTC"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value


class Selectors(_Section):
    """CSS selectors that help or override the structural comment finder for one site."""

    comment: str | None = None
    author: str | None = None
    text: str | None = None
    votes: str | None = None
    posted: str | None = None
    title: str | None = None
    body: str | None = None


class SourceSettings(_Section):
    name: Annotated[str, Field(pattern=NAME_PATTERN)]
    kind: SourceKind
    feeds: list[HttpUrl] = []
    subreddits: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9_]{2,21}$")]] = []
    query: str = ""
    base_url: HttpUrl | None = None
    token_url: HttpUrl | None = None  # Reddit OAuth token endpoint (default: Reddit's own)
    enabled: bool = True
    selectors: Selectors = Selectors()
    max_comments: Annotated[int, Field(ge=1, le=100_000)] = 2000
    #: The zone its pages show comment times in, when they do not say: an IANA name, or
    #: "page" to read it from each page (its published time's offset, language, domain).
    #: Unset: Tokyo for a ``japantoday`` source, which the page is read with.
    timezone: str | None = None

    @field_validator("timezone")
    @classmethod
    def _zone_or_page(cls, value: str | None) -> str | None:
        if value is None or value == "page":
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f'unknown timezone {value!r} (an IANA name or "page")') from exc
        return value

    @model_validator(mode="after")
    def _kind_needs(self) -> SourceSettings:
        if self.kind in ("japantoday", "rss") and not self.feeds:
            raise ValueError(f"a {self.kind} source needs at least one entry in feeds")
        if self.kind == "reddit" and not self.subreddits:
            raise ValueError("a reddit source needs at least one entry in subreddits")
        return self


class TopicSettings(_Section):
    name: Annotated[str, Field(pattern=NAME_PATTERN)]
    include: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
    exclude: list[Annotated[str, Field(min_length=1)]] = []

    @field_validator("include", "exclude")
    @classmethod
    def _compiles(cls, terms: list[str]) -> list[str]:
        for term in terms:
            try:
                re.compile(term)
            except re.error as exc:
                raise ValueError(f"term {term!r} is not a valid pattern: {exc}") from exc
        return terms


class SecuritySettings(_Section):
    allow_private_addresses: bool = False


class LlmSettings(_Section):
    timeout_seconds: Annotated[float, Field(gt=0, le=600)] = 30
    max_comments: Annotated[int, Field(ge=1, le=1000)] = 60
    max_comment_chars: Annotated[int, Field(ge=50, le=10_000)] = 600


class DiscordSettings(_Section):
    sync_commands: Literal["changed", "always", "never"] = "changed"
    admin_channel_id: Annotated[int, Field(ge=0)] = 0
    failure_threshold: Annotated[int, Field(ge=1, le=1000)] = 3


class OpsSettings(_Section):
    """The operations web server (``/healthz``, ``/metrics``) inside the bot process."""

    port: Annotated[int, Field(ge=0, le=65535)] = 0  # 0: no server
    host: Annotated[str, Field(min_length=1)] = "127.0.0.1"


class ClusterSettings(_Section):
    """Several bot processes on one PostgreSQL database (``run --shard-ids … --shard-count``;
    see docs/deploy.md): how often they check who leads and post their shards' digests."""

    #: How often a follower tries for the leader's lock, and the leader confirms it holds it.
    leader_check_seconds: Annotated[float, Field(gt=0, le=60)] = 5
    #: A leadership check slower than this counts as a lost database connection.
    leader_timeout_seconds: Annotated[float, Field(gt=0, le=300)] = 10
    #: How long a claimed outbox entry stays a process's own (renewed while it posts).
    claim_lease_seconds: Annotated[float, Field(gt=0, le=3600)] = 60
    #: How often each process claims and posts the outbox entries of its shards.
    flush_seconds: Annotated[float, Field(gt=0, le=600)] = 5
    #: How often the leader re-reads the subscriptions (made through other processes).
    resync_seconds: Annotated[float, Field(gt=0, le=3600)] = 60


class FileSettings(_Section):
    """Everything `config/default.toml` holds."""

    poll: PollSettings = PollSettings()
    http: HttpSettings = HttpSettings()
    digest: DigestSettings = DigestSettings()
    sources: list[SourceSettings] = []
    topics: list[TopicSettings] = []
    security: SecuritySettings = SecuritySettings()
    llm: LlmSettings = LlmSettings()
    discord: DiscordSettings = DiscordSettings()
    ops: OpsSettings = OpsSettings()
    cluster: ClusterSettings = ClusterSettings()

    @model_validator(mode="after")
    def _unique_names(self) -> FileSettings:
        for what, names in (
            ("sources", [s.name for s in self.sources]),
            ("topics", [t.name for t in self.topics]),
        ):
            seen: set[str] = set()
            for name in names:
                if name in seen:
                    raise ValueError(f"{what}: the name {name!r} is used twice")
                seen.add(name)
        return self


class EnvSettings(BaseSettings):
    """Secrets and deployment details, from the environment only."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    discord_token: str | None = Field(default=None, repr=False)
    database_url: str = ""
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    digestbot_llm_base_url: str | None = None
    digestbot_llm_model: str | None = None
    digestbot_llm_api_key: str | None = Field(default=None, repr=False)
    digestbot_reddit_client_id: str | None = None
    digestbot_reddit_client_secret: str | None = Field(default=None, repr=False)
    digestbot_data_dir: str = "data"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: FileSettings
    env: EnvSettings
    path: str

    @property
    def database_url(self) -> str:
        if self.env.database_url:
            return self.env.database_url
        return f"sqlite+aiosqlite:///{Path(self.env.digestbot_data_dir) / 'digestbot.sqlite3'}"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.env.digestbot_llm_base_url and self.env.digestbot_llm_model)

    def source(self, name: str) -> SourceSettings | None:
        return next((s for s in self.file.sources if s.name == name), None)

    def topic(self, name: str) -> TopicSettings | None:
        return next((t for t in self.file.topics if t.name == name), None)


def _key_of(loc: tuple[int | str, ...], data: Mapping[str, Any]) -> str:
    """A pydantic location as a config key: ``sources[0].kind`` → ``sources[japantoday].kind``."""
    parts: list[str] = []
    node: Any = data
    for item in loc:
        if isinstance(item, int):
            name = None
            if isinstance(node, list) and 0 <= item < len(node) and isinstance(node[item], dict):
                name = node[item].get("name")
            parts[-1:] = [f"{parts[-1]}[{name or item}]"] if parts else [f"[{item}]"]
            node = node[item] if isinstance(node, list) and 0 <= item < len(node) else None
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts)


def _first_error(exc: ValidationError, data: Mapping[str, Any]) -> tuple[str, str]:
    err = exc.errors()[0]
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p and "]" in p))
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    elif err["type"] == "missing":
        msg = "required key is missing"
    elif "input" in err and not isinstance(err["input"], (dict, list)):
        msg = f"{msg} (got {err['input']!r})"
    return _key_of(loc, data), msg


def parse_file_settings(text: str, path: str) -> FileSettings:
    """Validate a TOML document's text; errors name ``path``, the key and the problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"not valid TOML: {exc}") from exc
    try:
        return FileSettings.model_validate(data)
    except ValidationError as exc:
        key, problem = _first_error(exc, data)
        raise ConfigError(path, key, problem) from exc


def load_settings(
    path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Load the configuration file and the environment into one validated :class:`Settings`."""
    env_map = dict(os.environ if environ is None else environ)
    chosen = path or env_map.get("DIGESTBOT_CONFIG") or DEFAULT_CONFIG
    file_path = Path(chosen)
    try:
        text = file_path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(str(file_path), "", "file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(file_path), "", f"cannot read: {exc}") from exc
    file_settings = parse_file_settings(text, str(file_path))
    lowered = {k.lower(): v for k, v in env_map.items()}
    try:
        env = EnvSettings.model_validate(
            {k: v for k, v in lowered.items() if k in EnvSettings.model_fields}
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ConfigError("environment", str(err["loc"][0]).upper(), err["msg"]) from exc
    url = env.database_url
    if url and not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise ConfigError(
            "environment",
            "DATABASE_URL",
            "must start with sqlite+aiosqlite:// or postgresql+asyncpg://",
        )
    return Settings(file=file_settings, env=env, path=str(file_path))
