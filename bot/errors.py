"""Errors that reach users: each names what failed, so the CLI and cogs can show it as is."""

from __future__ import annotations


class DigestbotError(Exception):
    """Base for every error digestbot reports to a user (exit code 1 in the CLI)."""


class ConfigError(DigestbotError):
    """A bad setting: names the file, the key and the problem (exit code 2 in the CLI)."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: {problem}")


class FetchError(DigestbotError):
    """A URL could not be fetched: the URL and the reason."""

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        self.url, self.reason, self.status = url, reason, status
        super().__init__(f"could not fetch {url}: {reason}")


class ExtractionError(DigestbotError):
    """A page was fetched but its content could not be understood."""

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"could not extract {url}: {reason}")


class FeedError(DigestbotError):
    """A feed was fetched but is not a feed we can read."""

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"could not read feed {url}: {reason}")


class BlockedURLError(DigestbotError):
    """A user-supplied URL that digestbot refuses to fetch (not allowed, private address...)."""

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"refusing to fetch {url}: {reason}")


class UserInputError(DigestbotError):
    """A slash-command or CLI argument that is not acceptable; the message says why."""
