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
    """A user-supplied URL that digestbot refuses to fetch (not allowed, private address...).

    The message quotes the URL without any user name or password in it, and cut short:
    it is shown back in Discord and written to the logs.
    """

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"refusing to fetch {shown_url(url)}: {reason}")


def shown_url(url: str, limit: int = 200) -> str:
    """``url`` safe to echo: credentials (``user:pass@``) replaced by ``…@``, at most
    ``limit`` characters."""
    scheme, sep, rest = url.partition("://")
    if sep:
        authority_end = min((i for i in map(rest.find, "/?#") if i >= 0), default=len(rest))
        at = rest.rfind("@", 0, authority_end)
        if at >= 0:
            rest = "…@" + rest[at + 1 :]
        url = scheme + sep + rest
    return url if len(url) <= limit else url[: limit - 1] + "…"


class UserInputError(DigestbotError):
    """A slash-command or CLI argument that is not acceptable; the message says why."""
