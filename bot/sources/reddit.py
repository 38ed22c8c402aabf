"""Reddit: posts matching a search in chosen subreddits, and their comment threads.

Discovery asks each subreddit's search (or its ``new`` listing when no query is configured).
A thread is read from the post's permalink JSON; the ``more`` stubs Reddit leaves in big
threads are expanded through ``/api/morechildren`` within a budget (``max_comments`` and a
few calls). Reddit's JSON escapes ``&``, ``<`` and ``>`` unless ``raw_json=1`` is asked, so
every request asks for it.

Without credentials the public JSON endpoints of www.reddit.com are used. With
``DIGESTBOT_REDDIT_CLIENT_ID`` / ``DIGESTBOT_REDDIT_CLIENT_SECRET`` set, an application-only
OAuth token (client credentials) is fetched, cached until it expires, and requests go to
oauth.reddit.com, which allows more requests per minute. Either way the
``x-ratelimit-remaining`` / ``x-ratelimit-reset`` headers are honoured.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp

from bot.errors import ExtractionError, FeedError, FetchError
from bot.models import Article, Comment, FeedEntry
from bot.revisit import Round
from bot.sources.base import Source

if TYPE_CHECKING:
    from bot.http import HttpClient, Response
    from bot.page_reader import PageReader
    from config.settings import EnvSettings, SourceSettings

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://www.reddit.com"
OAUTH_BASE_URL = "https://oauth.reddit.com"
DEFAULT_TOKEN_URL = "https://www.reddit.com/api/v1/access_token"
#: Hosts a user-supplied Reddit thread URL may name.
REDDIT_HOSTS = frozenset(
    {"reddit.com", "www.reddit.com", "old.reddit.com", "new.reddit.com", "np.reddit.com", "redd.it"}
)
_THREAD_ID = re.compile(r"/comments/([a-z0-9]+)", re.I)
_SHORT_LINK = re.compile(r"^/([a-z0-9]+)/?$", re.I)


@dataclass(frozen=True)
class RedditCredentials:
    """An application's OAuth client id and secret (a "script" or "web" app on Reddit)."""

    client_id: str
    client_secret: str

    def __repr__(self) -> str:  # never print the secret
        return f"RedditCredentials(client_id={self.client_id!r})"

    @classmethod
    def from_env(cls, env: EnvSettings) -> RedditCredentials | None:
        if env.digestbot_reddit_client_id and env.digestbot_reddit_client_secret:
            return cls(env.digestbot_reddit_client_id, env.digestbot_reddit_client_secret)
        return None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> RedditCredentials | None:
        client_id = environ.get("DIGESTBOT_REDDIT_CLIENT_ID", "").strip()
        secret = environ.get("DIGESTBOT_REDDIT_CLIENT_SECRET", "").strip()
        return cls(client_id, secret) if client_id and secret else None


_FROM_ENVIRONMENT: Any = object()


class RedditSource(Source):
    kind = "reddit"

    #: Longest wait for a rate-limit window to reset; Reddit's windows are 10 minutes.
    max_rate_limit_sleep: float = 60.0
    #: At most this many /api/morechildren calls per thread.
    max_more_calls: int = 10
    #: Comment ids per /api/morechildren call (Reddit's limit).
    more_batch: int = 100

    def __init__(
        self,
        settings: SourceSettings,
        http: HttpClient,
        pages: PageReader | None = None,
        *,
        credentials: RedditCredentials | None = _FROM_ENVIRONMENT,
    ) -> None:
        """``credentials`` default to the ``DIGESTBOT_REDDIT_*`` environment variables."""
        super().__init__(settings, http, pages)
        if credentials is _FROM_ENVIRONMENT:
            credentials = RedditCredentials.from_environ(os.environ)
        self.credentials: RedditCredentials | None = credentials
        default_base = OAUTH_BASE_URL if credentials else DEFAULT_BASE_URL
        self.base_url = str(settings.base_url or default_base).rstrip("/")
        self.token_url = str(settings.token_url or DEFAULT_TOKEN_URL)
        self._token: str | None = None
        self._token_expires = 0.0
        self._token_lock = asyncio.Lock()
        self._resume_at = 0.0

    def hosts(self) -> set[str]:
        return super().hosts() | REDDIT_HOSTS

    # -- discovery ----------------------------------------------------------------------

    async def discover(self, schedule: Round | None = None) -> list[FeedEntry]:
        """Posts from every configured subreddit, newest first, each post once."""
        entries: dict[str, FeedEntry] = {}
        for subreddit in self.settings.subreddits:
            for entry in await self._discover_subreddit(subreddit):
                entries.setdefault(entry.guid or entry.url, entry)
        return sorted(
            entries.values(),
            key=lambda e: e.published.timestamp() if e.published else 0.0,
            reverse=True,
        )

    async def _discover_subreddit(self, subreddit: str) -> list[FeedEntry]:
        params = {"limit": "100", "raw_json": "1"}
        if self.settings.query.strip():
            url = f"{self.base_url}/r/{subreddit}/search.json"
            params |= {"q": self.settings.query, "restrict_sr": "1", "sort": "new", "t": "week"}
        else:
            url = f"{self.base_url}/r/{subreddit}/new.json"
        response = await self._get(url, params, conditional=True)
        if response.not_modified:
            return []
        try:
            posts = parse_listing(response.json())
        except ValueError as exc:
            raise FeedError(url, str(exc)) from exc
        return [entry_from_post(post) for post in posts]

    # -- one thread -----------------------------------------------------------------------

    async def fetch_article(
        self, entry: FeedEntry, *, fetched_at: datetime, revalidate: bool = False
    ) -> Article:
        """The linked article (or the self post) with the thread's comments."""
        path = thread_path(entry.discussion_url) or thread_path(entry.url)
        if path is None:
            raise ExtractionError(entry.discussion_url or entry.url, "not a Reddit thread URL")
        url = f"{self.base_url}{path}.json"
        response = await self._get(url, {"sort": "top", "limit": "500", "raw_json": "1"})
        try:
            tree = parse_thread(response.json())
        except ValueError as exc:
            raise ExtractionError(url, str(exc)) from exc
        await self._expand_more(tree)
        comments = comments_from_tree(tree)[: self.settings.max_comments]
        post = tree.post
        permalink = PUBLIC_ORIGIN + str(post.get("permalink") or path + "/")
        return Article(
            url=post_article_url(post),
            title=str(post.get("title") or entry.title),
            published=post_published(post) or entry.published,
            body=paragraphs(str(post.get("selftext") or "")),
            comments=tuple(comments),
            comment_count=max(_int(post.get("num_comments")), len(comments)),
            source=self.name,
            guid=f"reddit:t3_{post.get('id')}" if post.get("id") else entry.guid,
            discussion_url=permalink,
        )

    async def _expand_more(self, tree: ThreadTree) -> None:
        """Load the comments behind ``more`` stubs, within the comment and call budgets."""
        calls = 0
        link_id = f"t3_{tree.post.get('id')}"
        while tree.pending and len(tree.nodes) < self.settings.max_comments:
            stub = tree.pending.pop(0)
            if not stub.children:  # "continue this thread": a deep chain Reddit cut off
                log.debug("reddit %s: not following a deep thread under %s", link_id, stub.parent)
                continue
            if calls >= self.max_more_calls:
                tree.pending.insert(0, stub)
                break
            batch, rest = stub.children[: self.more_batch], stub.children[self.more_batch :]
            if rest:
                tree.pending.insert(0, MoreStub(parent=stub.parent, children=rest))
            url = f"{self.base_url}/api/morechildren.json"
            params = {
                "api_type": "json",
                "link_id": link_id,
                "children": ",".join(batch),
                "sort": "top",
                "raw_json": "1",
            }
            response = await self._get(url, params)
            calls += 1
            try:
                things = parse_morechildren(response.json())
            except ValueError as exc:
                raise ExtractionError(url, str(exc)) from exc
            tree.attach(things, default_parent=stub.parent)
        left = sum(len(s.children) for s in tree.pending)
        if left:
            log.info(
                "reddit %s: %d comments left unloaded (budget: %d comments, %d calls)",
                link_id,
                left,
                self.settings.max_comments,
                self.max_more_calls,
            )

    # -- HTTP: rate limits and OAuth --------------------------------------------------------

    async def _get(
        self, url: str, params: Mapping[str, str], *, conditional: bool = False
    ) -> Response:
        await self._wait_for_rate_limit()
        headers = await self._auth_headers()
        try:
            response = await self.http.get(
                url, params=params, headers=headers, conditional=conditional
            )
        except FetchError as exc:
            if exc.status != 401 or self.credentials is None:
                raise
            log.info("reddit: token refused, fetching a new one")
            self._token = None
            response = await self.http.get(
                url, params=params, headers=await self._auth_headers(), conditional=conditional
            )
        self._note_rate_limit(url, response.headers)
        return response

    async def _wait_for_rate_limit(self) -> None:
        delay = self._resume_at - asyncio.get_running_loop().time()
        if delay > 0:
            log.info("reddit: rate limit used up, waiting %.1f s for it to reset", delay)
            await asyncio.sleep(delay)

    def _note_rate_limit(self, url: str, headers: Mapping[str, str]) -> None:
        remaining = _float(headers.get("x-ratelimit-remaining"))
        reset = _float(headers.get("x-ratelimit-reset"))
        if remaining is None or reset is None or remaining >= 1:
            return
        if reset > self.max_rate_limit_sleep:
            log.warning(
                "reddit: rate limit resets in %.0f s (after %s); waiting only %.1f s",
                reset,
                url,
                self.max_rate_limit_sleep,
            )
        wait = min(max(reset, 0.0), self.max_rate_limit_sleep)
        self._resume_at = asyncio.get_running_loop().time() + wait

    async def _auth_headers(self) -> dict[str, str]:
        if self.credentials is None:
            return {}
        async with self._token_lock:
            loop = asyncio.get_running_loop()
            if self._token is None or loop.time() >= self._token_expires:
                self._token, lifetime = await self._fetch_token(self.credentials)
                # Renew a minute early so a request never goes out with a token about to lapse.
                self._token_expires = loop.time() + max(lifetime - 60.0, lifetime / 2)
        return {"Authorization": f"Bearer {self._token}"}

    async def _fetch_token(self, credentials: RedditCredentials) -> tuple[str, float]:
        """An application-only token (client credentials grant) and its lifetime in seconds.

        Reddit wants this one request form-encoded with HTTP basic auth, which the shared
        client (JSON posts only) does not send; a short-lived session with the same
        User-Agent and timeout makes it, about once a day.
        """
        http_settings = self.http.settings
        timeout = aiohttp.ClientTimeout(total=http_settings.timeout_seconds)
        try:
            async with (
                aiohttp.ClientSession(
                    headers={"User-Agent": http_settings.user_agent}, timeout=timeout
                ) as session,
                session.post(
                    self.token_url,
                    data={"grant_type": "client_credentials"},
                    headers={"Authorization": _basic_auth(credentials)},
                ) as resp,
            ):
                status = resp.status
                body = await resp.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise FetchError(self.token_url, f"token request failed ({exc!r})") from exc
        if status != 200:
            raise FetchError(
                self.token_url,
                f"HTTP {status} for the token request (check the client id and secret)",
                status=status,
            )
        try:
            payload = json.loads(body)
        except ValueError as exc:
            raise FetchError(self.token_url, f"invalid JSON: {exc}", status=status) from exc
        token = payload.get("access_token") if isinstance(payload, dict) else None
        if not isinstance(token, str) or not token:
            reason = payload.get("error") if isinstance(payload, dict) else None
            raise FetchError(self.token_url, f"no access token in the answer ({reason})")
        lifetime = _float(payload.get("expires_in")) or 3600.0
        log.info("reddit: got an application token valid for %.0f s", lifetime)
        return token, lifetime


def thread_path(url: str | None) -> str | None:
    """The path of a Reddit thread URL (``/r/sub/comments/id/slug``), or None.

    Accepts www/old/new.reddit.com permalinks and redd.it short links.
    """
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "redd.it":
        short = _SHORT_LINK.match(parts.path)
        return f"/comments/{short.group(1)}" if short else None
    if host not in REDDIT_HOSTS and not host.endswith(".reddit.com"):
        return None
    if not _THREAD_ID.search(parts.path):
        return None
    return parts.path.rstrip("/").removesuffix(".json")


def _basic_auth(credentials: RedditCredentials) -> str:
    pair = f"{credentials.client_id}:{credentials.client_secret}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


# -- pure parsing: Reddit JSON → values ---------------------------------------------------

PUBLIC_ORIGIN = "https://www.reddit.com"
#: Bodies Reddit shows in place of a deleted or removed comment; their replies stay.
_GONE_BODIES = frozenset({"[deleted]", "[removed]", "[ removed by reddit ]"})


@dataclass
class CommentNode:
    """A ``t1`` comment's data and its replies, in thread order."""

    data: dict[str, Any]
    children: list[CommentNode] = field(default_factory=list)


@dataclass(frozen=True)
class MoreStub:
    """Comments Reddit left out of a thread: their ids, under ``parent`` (None: top level)."""

    parent: str | None
    children: tuple[str, ...]


@dataclass
class ThreadTree:
    """A thread as read so far: the post, its comment tree and the stubs still to load."""

    post: dict[str, Any]
    roots: list[CommentNode] = field(default_factory=list)
    nodes: dict[str, CommentNode] = field(default_factory=dict)
    pending: list[MoreStub] = field(default_factory=list)

    def add(self, things: list[dict[str, Any]], parent: str | None) -> None:
        """Add a Listing's children (nested replies included) under ``parent``."""
        for thing in things:
            data = thing.get("data")
            if not isinstance(data, dict):
                continue
            if thing.get("kind") == "more":
                ids = tuple(str(c) for c in data.get("children") or () if c)
                self.pending.append(MoreStub(parent=parent, children=ids))
                continue
            comment_id = data.get("id")
            if thing.get("kind") != "t1" or not isinstance(comment_id, str):
                continue
            if comment_id in self.nodes:
                continue
            node = CommentNode(data)
            self.nodes[comment_id] = node
            (self.nodes[parent].children if parent in self.nodes else self.roots).append(node)
            replies = data.get("replies")
            if isinstance(replies, dict):
                self.add(_listing_children(replies, "a comment's replies"), comment_id)

    def attach(self, things: list[dict[str, Any]], *, default_parent: str | None) -> None:
        """Add /api/morechildren's flat list: each thing names its parent in ``parent_id``."""
        for thing in things:
            data = thing.get("data")
            parent = _parent_of(data) if isinstance(data, dict) else None
            if parent is not None and parent not in self.nodes:
                parent = default_parent
            self.add([thing], parent)


def parse_listing(payload: Any) -> list[dict[str, Any]]:
    """The posts (``t3`` data) of a Listing; ValueError when the payload is not one."""
    posts = []
    for child in _listing_children(payload, "a listing of posts"):
        data = child.get("data")
        if child.get("kind") != "t3" or not isinstance(data, dict):
            continue
        if isinstance(data.get("id"), str) and isinstance(data.get("permalink"), str):
            posts.append(data)
    return posts


def parse_thread(payload: Any) -> ThreadTree:
    """A permalink's JSON — ``[post listing, comment listing]`` — as a :class:`ThreadTree`."""
    if not isinstance(payload, list) or len(payload) < 2:
        raise ValueError(f"expected [post listing, comment listing], got {_describe(payload)}")
    posts = parse_listing(payload[0])
    if not posts:
        raise ValueError("the thread has no post")
    tree = ThreadTree(post=posts[0])
    tree.add(_listing_children(payload[1], "a listing of comments"), None)
    return tree


def parse_morechildren(payload: Any) -> list[dict[str, Any]]:
    """The things of an ``/api/morechildren`` answer (``api_type=json``)."""
    body = payload.get("json") if isinstance(payload, dict) else None
    if not isinstance(body, dict):
        raise ValueError(f"expected a morechildren answer, got {_describe(payload)}")
    if body.get("errors"):
        raise ValueError(f"Reddit answered with errors: {body['errors']!r}")
    data = body.get("data")
    things = data.get("things") if isinstance(data, dict) else None
    if not isinstance(things, list):
        raise ValueError("a morechildren answer without json.data.things")
    return [t for t in things if isinstance(t, dict)]


def comments_from_tree(tree: ThreadTree) -> list[Comment]:
    """The thread's comments in depth-first order.

    Deleted and removed comments are left out; their replies stay, hanging under the nearest
    comment that is still there (or at the top level), so every ``parent`` names a comment
    in the list.
    """
    out: list[Comment] = []
    stack: list[tuple[CommentNode, str | None]] = [(n, None) for n in reversed(tree.roots)]
    while stack:
        node, parent = stack.pop()
        comment = _comment(node.data, parent, len(out))
        if comment is not None:
            out.append(comment)
        below = comment.id if comment is not None else parent
        stack.extend((child, below) for child in reversed(node.children))
    replies = Counter(c.parent for c in out if c.parent is not None)
    return [replace(c, replies=replies[c.id]) for c in out]


def entry_from_post(post: Mapping[str, Any]) -> FeedEntry:
    return FeedEntry(
        url=post_article_url(post),
        title=str(post.get("title") or "").strip(),
        published=post_published(post),
        guid=f"reddit:t3_{post['id']}",
        summary=str(post.get("selftext") or "").strip(),
        discussion_url=PUBLIC_ORIGIN + str(post["permalink"]),
        comment_count=_int(post.get("num_comments")),
    )


def post_article_url(post: Mapping[str, Any]) -> str:
    """The linked article for a link post (so it merges with the site's own copy); the
    thread itself for a self post."""
    permalink = PUBLIC_ORIGIN + str(post.get("permalink") or "")
    if post.get("is_self"):
        return permalink
    url = str(post.get("url_overridden_by_dest") or post.get("url") or "")
    if url.startswith("/"):
        url = PUBLIC_ORIGIN + url
    return url if url.startswith(("http://", "https://")) else permalink


def post_published(post: Mapping[str, Any]) -> datetime | None:
    return _utc(post.get("created_utc"))


def paragraphs(markdown: str) -> tuple[str, ...]:
    """A self post's text split at blank lines."""
    return tuple(p.strip() for p in re.split(r"\n\s*\n", markdown) if p.strip())


def _comment(data: Mapping[str, Any], parent: str | None, position: int) -> Comment | None:
    body = str(data.get("body") or "").strip()
    if not body or body.lower() in _GONE_BODIES:
        return None
    hidden = bool(data.get("score_hidden"))
    score = None if hidden else _int(data.get("score"))
    # Reddit reports ``ups`` equal to the score (negative for a downvoted comment) and hides
    # downvotes; a negative upvote count means nothing, so it is floored at 0.
    up = None if hidden else max(_int(data.get("ups", data.get("score"))), 0)
    return Comment(
        id=str(data["id"]),
        author=str(data.get("author") or "[deleted]"),
        text=body,
        posted=_utc(data.get("created_utc")),
        score=score,
        up=up,
        down=None,
        parent=parent,
        position=position,
    )


def _parent_of(data: Mapping[str, Any]) -> str | None:
    """``t1_abc`` → ``abc``; a post (``t3_``) or nothing → None (top level)."""
    parent = str(data.get("parent_id") or "")
    return parent[3:] if parent.startswith("t1_") else None


def _listing_children(payload: Any, what: str) -> list[dict[str, Any]]:
    if not isinstance(payload, dict) or payload.get("kind") != "Listing":
        raise ValueError(f"expected {what} (a Listing), got {_describe(payload)}")
    data = payload.get("data")
    children = data.get("children") if isinstance(data, dict) else None
    if not isinstance(children, list):
        raise ValueError(f"{what} without data.children")
    return [c for c in children if isinstance(c, dict)]


def _describe(payload: Any) -> str:
    if isinstance(payload, dict):
        return f"an object with keys {sorted(payload)[:6]}"
    return f"a {type(payload).__name__}"


def _utc(value: Any) -> datetime | None:
    seconds = _float(value)
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None
