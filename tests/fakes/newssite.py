"""A fake news site on 127.0.0.1 for end-to-end tests: Japan Today-style pages, RSS feeds,
conditional GET, a request log and per-path faults.

Usage::

    async with NewsSite() as site:
        url = site.add_article(FakeArticle(path="/category/politics/talks", title=..., ...))
        feed_url = site.publish_feed("/feed")          # RSS of every article, newest first
        site.set_fault("/feed", Fault.http_status(503, retry_after="1"), times=1)
        ...
        assert len(site.requests_for("/feed")) == 2

Articles are plain mutable dataclasses: append a comment or change votes and the next
request renders the new page (with a new ETag and Last-Modified). ``?comment-order=popular``
lists comments by net votes, as Japan Today does; any other order lists them oldest first.

The page markup (:func:`render_japantoday_page`) imitates Japan Today's: article header,
body paragraphs, "N Comments", then one block per comment with the author, a time such as
``Today 06:39 pm JST``, paragraphs (a reply's quote first, its header gluing the quoted
user's name to the time) and the vote line ``-11 ( +2 / -13 )``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from types import TracebackType
from typing import Any, Literal

from aiohttp import web
from multidict import CIMultiDict

JST = timezone(timedelta(hours=9), "JST")
POPULAR = "popular"

# -- the site's content model ---------------------------------------------------------------


@dataclass
class FakeQuote:
    """What a reply quotes. With ``author``, the quote header glues name and time together."""

    text: str
    author: str | None = None
    time_label: str | None = None


@dataclass
class FakeComment:
    """One reader comment; ``text`` paragraphs are separated by blank lines."""

    author: str
    text: str
    up: int = 0
    down: int = 0
    posted: datetime | None = None
    time_label: str | None = None  # overrides the label computed from ``posted``
    quote: FakeQuote | None = None
    id: str = ""  # assigned by render when empty: 100001, 100002, ...

    @property
    def score(self) -> int:
        return self.up - self.down


@dataclass
class FakeArticle:
    path: str
    title: str
    body: list[str]
    comments: list[FakeComment] = field(default_factory=list)
    published: datetime = field(default_factory=lambda: datetime(2025, 7, 6, 6, 15, tzinfo=JST))
    category: str = "politics"
    credit: str = "© KYODO"
    image_caption: str | None = None
    comment_count: int | None = None  # the announced count; default len(comments)

    @property
    def announced_comments(self) -> int:
        return len(self.comments) if self.comment_count is None else self.comment_count


@dataclass(frozen=True)
class RssItem:
    title: str
    link: str
    published: datetime | None = None
    description: str = ""  # HTML, written as CDATA
    guid: str | None = None  # defaults to the link
    category: str | None = None
    comment_count: int | None = None  # written as <slash:comments> when set


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: CIMultiDict[str]
    at: datetime


FaultKind = Literal[
    "status", "delay", "trickle", "reset", "redirect", "redirect_loop", "huge",
    "gzip_bomb", "invalid_utf8", "wrong_charset", "empty", "binary",
]  # fmt: skip


@dataclass(frozen=True)
class Fault:
    """How a path misbehaves; build one with the class methods."""

    kind: FaultKind
    status: int = 500
    retry_after: str | None = None
    seconds: float = 0.0
    size: int = 0
    location: str = ""
    declare_length: bool = False
    charset: str = "utf-8"  # the charset a wrong_charset answer declares
    actual_charset: str = "utf-8"  # ... and the one its bytes are really in

    @classmethod
    def http_status(cls, status: int, *, retry_after: str | None = None) -> Fault:
        return cls("status", status=status, retry_after=retry_after)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Wait, then answer normally."""
        return cls("delay", seconds=seconds)

    @classmethod
    def trickle(cls, interval: float = 0.2, chunk: int = 1) -> Fault:
        """Send the real body ``chunk`` bytes every ``interval`` seconds."""
        return cls("trickle", seconds=interval, size=chunk)

    @classmethod
    def reset(cls, *, after_bytes: int | None = None) -> Fault:
        """Reset the TCP connection (RST) at once, or after part of the body."""
        return cls("reset", size=-1 if after_bytes is None else after_bytes)

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Fault:
        return cls("redirect", status=status, location=location)

    @classmethod
    def redirect_loop(cls) -> Fault:
        return cls("redirect_loop", status=302)

    @classmethod
    def huge(cls, size: int, *, declare_length: bool = False) -> Fault:
        """Stream ``size`` bytes of HTML (chunked unless ``declare_length``)."""
        return cls("huge", size=size, declare_length=declare_length)

    @classmethod
    def gzip_bomb(cls, size: int) -> Fault:
        """A small gzip body that inflates to ``size`` bytes."""
        return cls("gzip_bomb", size=size)

    @classmethod
    def invalid_utf8(cls) -> Fault:
        """The real body with stray bytes that are not UTF-8, still labelled UTF-8."""
        return cls("invalid_utf8")

    @classmethod
    def wrong_charset(cls, *, declared: str = "utf-8", actual: str = "cp1252") -> Fault:
        """The real body encoded in ``actual`` but labelled ``declared``."""
        return cls("wrong_charset", charset=declared, actual_charset=actual)

    @classmethod
    def empty(cls) -> Fault:
        return cls("empty")

    @classmethod
    def binary(cls, size: int = 4096) -> Fault:
        """Bytes that are not text at all, labelled text/html."""
        return cls("binary", size=size)


@dataclass
class _Resource:
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _FeedSpec:
    category: str | None
    title: str
    comment_counts: bool
    limit: int


@dataclass
class _Validators:
    etag: str
    last_modified: datetime


# -- the server -----------------------------------------------------------------------------


class NewsSite:
    """The fake site. ``async with NewsSite() as site`` (or ``await start()`` / ``stop()``).

    ``now`` fixes the clock used for "Today"/"Yesterday" time labels (default: real time).
    ``requests`` logs every request; ``max_in_flight`` is the most handled at once.
    """

    def __init__(self, *, now: datetime | None = None, compress: bool = False) -> None:
        self.now = now
        self.compress = compress  # gzip/deflate answers when the client accepts them
        self.articles: dict[str, FakeArticle] = {}
        self.requests: list[RecordedRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._resources: dict[str, _Resource] = {}
        self._feeds: dict[str, _FeedSpec] = {}
        self._faults: dict[str, tuple[Fault, int | None]] = {}
        self._validators: dict[tuple[str, str], _Validators] = {}
        self._runner: web.AppRunner | None = None
        self._port = 0

    # lifecycle

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> NewsSite:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://127.0.0.1:{self._port}"

    def url_for(self, path: str) -> str:
        return self.url + (path if path.startswith("/") else "/" + path)

    # content

    def add_article(self, article: FakeArticle) -> str:
        """Serve ``article`` at its path; returns its URL."""
        self.articles[article.path] = article
        return self.url_for(article.path)

    def add_resource(
        self, path: str, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> str:
        self._resources[path] = _Resource(body, content_type, dict(headers or {}))
        return self.url_for(path)

    def add_page(self, path: str, html: str, *, charset: str = "utf-8") -> str:
        return self.add_resource(path, html.encode(charset), f"text/html; charset={charset}")

    def add_feed(self, path: str, xml: str | bytes, *, content_type: str | None = None) -> str:
        """Serve a fixed feed document at ``path``."""
        body = xml.encode("utf-8") if isinstance(xml, str) else xml
        return self.add_resource(path, body, content_type or "application/rss+xml; charset=utf-8")

    def publish_feed(
        self,
        path: str = "/feed",
        *,
        category: str | None = None,
        title: str = "Japan Today",
        comment_counts: bool = False,
        limit: int = 20,
    ) -> str:
        """Serve an RSS feed of the site's articles (of ``category``), newest first, rendered
        at each request so added articles appear in it."""
        self._feeds[path] = _FeedSpec(category, title, comment_counts, limit)
        return self.url_for(path)

    def remove(self, path: str) -> None:
        self.articles.pop(path, None)
        self._resources.pop(path, None)
        self._feeds.pop(path, None)

    # faults and the log

    def set_fault(self, path: str, fault: Fault, *, times: int | None = None) -> None:
        """Misbehave on ``path`` for the next ``times`` requests (forever when ``None``)."""
        self._faults[path] = (fault, times)

    def clear_fault(self, path: str) -> None:
        self._faults.pop(path, None)

    def requests_for(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    def reset_log(self) -> None:
        self.requests.clear()
        self.max_in_flight = 0

    # request handling

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(
            RecordedRequest(
                request.method,
                request.path,
                dict(request.query),
                CIMultiDict(request.headers),
                datetime.now(UTC),
            )
        )
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._respond(request)
        finally:
            self.in_flight -= 1

    def _take_fault(self, path: str) -> Fault | None:
        entry = self._faults.get(path)
        if entry is None:
            return None
        fault, times = entry
        if times is not None:
            if times <= 1:
                del self._faults[path]
            else:
                self._faults[path] = (fault, times - 1)
        return fault

    async def _respond(self, request: web.Request) -> web.StreamResponse:
        fault = self._take_fault(request.path)
        if fault is not None:
            early = await self._early_fault(request, fault)
            if early is not None:
                return early
            if fault.kind == "delay":
                fault = None  # waited; now answer normally
        content = self._content(request)
        if content is None:
            return web.Response(status=404, text="<h1>Not Found</h1>", content_type="text/html")
        if fault is not None:
            return await self._content_fault(request, fault, content)
        validators = self._validators_for(request, content.body)
        headers = {
            "ETag": validators.etag,
            "Last-Modified": format_datetime(validators.last_modified, usegmt=True),
            **content.headers,
        }
        if _not_modified(request, validators):
            return web.Response(status=304, headers=headers)
        headers["Content-Type"] = content.content_type
        response = web.Response(body=content.body, headers=headers)
        if self.compress and "gzip" in request.headers.get("Accept-Encoding", ""):
            response.enable_compression(web.ContentCoding.gzip)
        return response

    def _content(self, request: web.Request) -> _Resource | None:
        path = request.path
        if path in self.articles:
            order = request.query.get("comment-order", "oldest")
            html = render_japantoday_page(
                self.articles[path], comment_order=order, now=self.now, base_url=self.url
            )
            return _Resource(html.encode("utf-8"), "text/html; charset=utf-8")
        if path in self._feeds:
            spec = self._feeds[path]
            chosen = sorted(
                (a for a in self.articles.values() if spec.category in (None, a.category)),
                key=lambda a: a.published,
                reverse=True,
            )[: spec.limit]
            items = [rss_item_for(a, self.url, comment_counts=spec.comment_counts) for a in chosen]
            xml = render_rss(items, title=spec.title, link=self.url + "/")
            return _Resource(xml.encode("utf-8"), "application/rss+xml; charset=utf-8")
        return self._resources.get(path)

    def _validators_for(self, request: web.Request, body: bytes) -> _Validators:
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        key = (request.path, request.query_string)
        known = self._validators.get(key)
        if known is None or known.etag != etag:
            now = datetime.now(UTC).replace(microsecond=0)
            if known is not None and now <= known.last_modified:
                now = known.last_modified + timedelta(seconds=1)
            known = self._validators[key] = _Validators(etag, now)
        return known

    async def _early_fault(self, request: web.Request, fault: Fault) -> web.StreamResponse | None:
        """Faults that replace the answer whatever the content; ``None`` to go on."""
        if fault.kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return web.Response(status=fault.status, text=f"error {fault.status}", headers=headers)
        if fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
            return None
        if fault.kind == "redirect":
            return web.Response(status=fault.status, headers={"Location": fault.location})
        if fault.kind == "redirect_loop":
            return web.Response(status=302, headers={"Location": request.path_qs})
        if fault.kind == "reset" and fault.size < 0:
            _reset_connection(request, abort=True)
            return web.Response(status=500)  # never reaches the client
        if fault.kind == "huge":
            return await _stream_huge(request, fault.size, fault.declare_length)
        if fault.kind == "gzip_bomb":
            body = _gzip_bomb(fault.size)
            headers = {"Content-Encoding": "gzip", "Content-Type": "text/html; charset=utf-8"}
            return web.Response(body=body, headers=headers)
        if fault.kind == "binary":
            noise = bytes(range(256)) * (fault.size // 256 + 1)
            return web.Response(body=noise[: fault.size], content_type="text/html")
        return None

    async def _content_fault(
        self, request: web.Request, fault: Fault, content: _Resource
    ) -> web.StreamResponse:
        """Faults that distort the real content."""
        if fault.kind == "trickle":
            return await _trickle(request, content, fault.seconds, max(1, fault.size))
        if fault.kind == "reset":
            response = web.StreamResponse(headers={"Content-Type": content.content_type})
            response.content_length = len(content.body)
            await response.prepare(request)
            await response.write(content.body[: fault.size])
            _reset_connection(request, abort=False)
            return response
        if fault.kind == "empty":
            return web.Response(body=b"", headers={"Content-Type": content.content_type})
        if fault.kind == "invalid_utf8":
            middle = len(content.body) // 2
            body = content.body[:middle] + b"\xff\xfe\xc3\x28" + content.body[middle:]
            return web.Response(body=body, headers={"Content-Type": content.content_type})
        if fault.kind == "wrong_charset":
            body = content.body.decode("utf-8").encode(fault.actual_charset, errors="replace")
            kind = content.content_type.split(";")[0]
            headers = {"Content-Type": f"{kind}; charset={fault.charset}"}
            return web.Response(body=body, headers=headers)
        raise AssertionError(f"unhandled fault {fault.kind}")


def _not_modified(request: web.Request, validators: _Validators) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or validators.etag in tags
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return validators.last_modified <= since
    return False


def _reset_connection(request: web.Request, *, abort: bool) -> None:
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:  # linger 0: closing sends RST instead of FIN
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    if abort:
        transport.abort()
    else:
        transport.close()


async def _trickle(
    request: web.Request, content: _Resource, interval: float, chunk: int
) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": content.content_type})
    response.content_length = len(content.body)
    await response.prepare(request)
    for start in range(0, len(content.body), chunk):
        await asyncio.sleep(interval)
        await response.write(content.body[start : start + chunk])
    await response.write_eof()
    return response


async def _stream_huge(request: web.Request, size: int, declare_length: bool) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
    if declare_length:
        response.content_length = size
    await response.prepare(request)
    block = b"<p>" + b"filler text " * 5000 + b"</p>\n"
    sent = 0
    while sent < size:
        part = block[: size - sent]
        await response.write(part)
        sent += len(part)
    await response.write_eof()
    return response


_BOMBS: dict[int, bytes] = {}


def _gzip_bomb(size: int) -> bytes:
    if size not in _BOMBS:
        compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        block = b"a" * (1 << 20)
        parts = [compressor.compress(block) for _ in range(size >> 20)]
        parts += [compressor.compress(b"a" * (size & ((1 << 20) - 1))), compressor.flush()]
        _BOMBS[size] = b"".join(parts)
    return _BOMBS[size]


# -- rendering ------------------------------------------------------------------------------


def time_label(posted: datetime, now: datetime | None = None) -> str:
    """Japan Today's comment time: ``Today 06:39 pm JST``, ``Yesterday ...``, ``Jul. 4 ...``."""
    local = posted.astimezone(JST)
    today = (now or datetime.now(UTC)).astimezone(JST).date()
    clock = local.strftime("%I:%M %p").lower() + " JST"
    if local.date() == today:
        return f"Today {clock}"
    if local.date() == today - timedelta(days=1):
        return f"Yesterday {clock}"
    month = local.strftime("%b") + ("" if local.month == 5 else ".")
    year = "" if local.year == today.year else f", {local.year}"
    return f"{month} {local.day}{year} {clock}"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-") or "user"


def order_comments(comments: Sequence[FakeComment], order: str) -> list[FakeComment]:
    """``popular``: net votes, then upvotes, then page order; otherwise oldest first."""
    indexed = list(enumerate(comments))
    if order == POPULAR:
        indexed.sort(key=lambda pair: (-pair[1].score, -pair[1].up, pair[0]))
    else:
        far_future = datetime.max.replace(tzinfo=UTC)
        indexed.sort(key=lambda pair: (pair[1].posted or far_future, pair[0]))
    return [comment for _, comment in indexed]


def _render_comment(comment: FakeComment, now: datetime | None) -> str:
    label = comment.time_label or (time_label(comment.posted, now) if comment.posted else "")
    member = f"/member/{_slug(comment.author)}"
    parts: list[str] = []
    if comment.quote is not None:
        quote = comment.quote
        header = ""
        if quote.author:
            header = (
                f'<div class="quote-header"><span class="quote-author">{escape(quote.author)}'
                f'</span><span class="quote-date">{escape(quote.time_label or "")}</span></div>'
            )
        quoted = "".join(f"<p>{escape(p)}</p>" for p in _paragraphs(quote.text))
        parts.append(f'<blockquote class="comment-quote">{header}{quoted}</blockquote>')
    parts.extend(f"<p>{escape(p)}</p>" for p in _paragraphs(comment.text))
    tone = "positive" if comment.score > 0 else "negative" if comment.score < 0 else "neutral"
    return f"""
<div class="comment media" id="comment-{escape(comment.id)}">
  <div class="media-left"><a href="{member}"><img class="avatar media-object" src="/avatars/{_slug(comment.author)}.png" alt="" width="40" height="40"></a></div>
  <div class="media-body">
    <div class="comment-meta"><a class="comment-author" href="{member}">{escape(comment.author)}</a> <span class="comment-date">{escape(label)}</span></div>
    <div class="comment-body">{"".join(parts)}</div>
    <div class="comment-footer">
      <div class="comment-votes" data-comment-id="{escape(comment.id)}"><a class="vote vote-up" href="#" rel="nofollow" title="Agree"><i class="fa fa-thumbs-o-up"></i></a><a class="vote vote-down" href="#" rel="nofollow" title="Disagree"><i class="fa fa-thumbs-o-down"></i></a> <span class="vote-total {tone}">{comment.score}</span> <span class="vote-detail">( +{comment.up} / -{comment.down} )</span></div>
    </div>
  </div>
</div>"""  # noqa: E501


def render_japantoday_page(
    article: FakeArticle,
    *,
    comment_order: str = "oldest",
    now: datetime | None = None,
    base_url: str = "https://japantoday.com",
) -> str:
    """A whole article page in Japan Today's style (see the module docstring)."""
    for number, comment in enumerate(article.comments, start=100001):
        comment.id = comment.id or str(number)
    url = base_url + article.path
    count = article.announced_comments
    noun = "Comment" if count == 1 else "Comments"
    published = article.published.astimezone(JST)
    summary = article.body[0] if article.body else ""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": published.isoformat(),
        "commentCount": count,
        "publisher": {"@type": "Organization", "name": "Japan Today"},
    }
    caption = ""
    if article.image_caption:
        caption = (
            f'<figure class="article-image"><img src="/images/{_slug(article.title)[:40]}.jpg" '
            f'alt="{escape(article.image_caption)}"><figcaption>'
            f"{escape(article.image_caption)}</figcaption></figure>"
        )
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article.body)
    ordered = order_comments(article.comments, comment_order)
    comments = "".join(_render_comment(c, now) for c in ordered)
    active = {o: ' class="active"' if comment_order == o else "" for o in ("oldest", POPULAR)}
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(article.title)} - Japan Today</title>
<link rel="canonical" href="{escape(url)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(article.title)}">
<meta property="og:url" content="{escape(url)}">
<meta property="og:description" content="{escape(summary)}">
<meta property="article:published_time" content="{published.isoformat()}">
<meta property="article:section" content="{escape(article.category)}">
<script type="application/ld+json">{json.dumps(ld)}</script>
<link rel="stylesheet" href="/assets/application.css">
</head>
<body class="articles show">
<header id="header" class="navbar navbar-default"><div class="container">
<a class="navbar-brand" href="/">Japan Today</a>
<ul class="nav navbar-nav"><li><a href="/category/national">National</a></li><li><a href="/category/politics">Politics</a></li><li><a href="/category/business">Business</a></li><li><a href="/category/crime">Crime</a></li></ul>
</div></header>
<div id="main" class="container"><div class="row">
<div class="col-md-8">
<article class="article-show" itemscope itemtype="https://schema.org/NewsArticle">
{caption}
<p class="article-category"><a href="/category/{escape(article.category)}">{escape(article.category)}</a></p>
<h1 class="article-title" itemprop="headline">{escape(article.title)}</h1>
<div class="article-meta"><time datetime="{published.isoformat()}" itemprop="datePublished">{time_label(article.published, now)}</time></div>
<p class="article-comments"><a class="comments-link" href="#comments"><i class="fa fa-comments"></i> {count} {noun}</a></p>
<div class="article-body" itemprop="articleBody">
{body}
<p class="article-source">{escape(article.credit)}</p>
</div>
<p class="copyright">©{published.year} GPlusMedia Inc.</p>
</article>
<section id="comments" class="comments">
<div class="comments-header"><h2 class="section-title">{count} {noun}</h2>
<div class="comments-sort">Sort by <a href="?comment-order=oldest"{active["oldest"]}>Oldest</a> | <a href="?comment-order=popular"{active[POPULAR]}>Popular</a></div>
<a class="btn btn-primary" href="/login?return_to={escape(article.path)}">Login to comment</a></div>
<div class="comments-list">{comments}
</div>
<a class="btn btn-default" href="/login">Login to leave a comment</a>
</section>
<div class="login-box"><h3>Facebook users</h3>
<p>Use your Facebook account to login or register with JapanToday. By doing so, you will also receive an email inviting you to receive our news alerts.</p>
<a class="btn btn-facebook" href="/auth/facebook">Facebook Connect</a>
<h3>Login with your JapanToday account</h3><a href="/register">User registration</a></div>
</div>
<aside class="col-md-4 sidebar"><h3>Articles, Offers &amp; Useful Resources</h3>
<p>A mix of what's trending on our other sites</p></aside>
</div></div>
<footer class="footer"><div class="container">©{published.year} GPlusMedia Inc.</div></footer>
</body>
</html>
"""  # noqa: E501


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def render_rss(
    items: Iterable[RssItem],
    *,
    title: str = "Japan Today",
    link: str = "https://japantoday.com/",
    description: str = "Japan Today: Japan news and discussion",
) -> str:
    """An RSS 2.0 document in the style of Japan Today's feeds."""
    rendered: list[str] = []
    for item in items:
        parts = [
            f"<title>{escape(item.title, quote=False)}</title>",
            f"<link>{escape(item.link, quote=False)}</link>",
            f"<description>{_cdata(item.description)}</description>",
            f'<guid isPermaLink="true">{escape(item.guid or item.link, quote=False)}</guid>',
        ]
        if item.published is not None:
            parts.append(f"<pubDate>{format_datetime(item.published.astimezone(JST))}</pubDate>")
        if item.category:
            parts.append(f"<category>{escape(item.category, quote=False)}</category>")
        if item.comment_count is not None:
            parts.append(f"<slash:comments>{item.comment_count}</slash:comments>")
        rendered.append("<item>\n  " + "\n  ".join(parts) + "\n</item>")
    body = "\n".join(rendered)
    namespaces = (
        'xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:slash="http://purl.org/rss/1.0/modules/slash/"'
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" {namespaces}>
<channel>
<title>{escape(title, quote=False)}</title>
<link>{escape(link, quote=False)}</link>
<description>{escape(description, quote=False)}</description>
<language>en</language>
{body}
</channel>
</rss>
"""


def rss_item_for(article: FakeArticle, base_url: str, *, comment_counts: bool = False) -> RssItem:
    """The feed item Japan Today would publish for ``article``."""
    summary = article.body[0] if article.body else ""
    return RssItem(
        title=article.title,
        link=base_url + article.path,
        published=article.published,
        description=f"<p>{escape(summary)}</p>",
        category=article.category,
        comment_count=article.announced_comments if comment_counts else None,
    )


def sample_tariff_article(
    path: str = "/category/politics/japan-tariff-negotiator-talks",
) -> FakeArticle:
    """A small article in the spirit of the seed page: a few comments, one quoting reply."""
    at = datetime(2025, 7, 6, 18, 0, tzinfo=JST)
    dan_reply = (
        "America is very much Japan's friend.\n\n"
        "It's the idiot in the White House who is not anybody's friend."
    )
    ossan_reply = (
        "Will you provide some evidence of the link?\n\n"
        "As for auto tariffs, it is not as simple as it seems to resolve."
    )
    peter = (
        "Anyway, 27.5% tariff on imported cars and parts is bad for the economies of Japan "
        "and the US. No one wins."
    )
    comments = [
        FakeComment("ken", "Maybe japan needs to do what Canada just did.", 6, 1, at),
        FakeComment("sakura", "America is not your friend Japan .", 1, 4, at.replace(minute=9)),
        FakeComment(
            "dan",
            dan_reply,
            up=1,
            down=1,
            posted=at + timedelta(minutes=39),
            quote=FakeQuote("America is not your friend Japan ."),
        ),
        FakeComment(
            "OssanAmerica",
            ossan_reply,
            up=0,
            down=1,
            posted=at + timedelta(hours=2, minutes=25),
            quote=FakeQuote(
                "It's the idiot in the White House who is not anybody's friend.",
                author="dan",
                time_label="Today 06:39 pm JST",
            ),
        ),
        FakeComment("Peter Neil", peter, 4, 1, at + timedelta(minutes=50)),
    ]
    return FakeArticle(
        path=path,
        title="Japan tariff negotiator in Washington holds talks twice with Lutnick",
        body=[
            "Japan's top tariff negotiator, Ryosei Akazawa, spoke with U.S. Commerce Secretary "
            "Howard Lutnick by phone twice on Saturday, an official said.",
            "In the ongoing negotiations, Japan has placed top priority on mitigating the impact "
            "of the tariff on imported automobiles.",
        ],
        comments=comments,
        published=datetime(2025, 7, 6, 6, 15, tzinfo=JST),
        image_caption="Japan's top tariff negotiator Ryosei Akazawa Image: REUTERS file",
    )


def copy_article(article: FakeArticle, **changes: Any) -> FakeArticle:
    """A deep-enough copy (its own comment list) with ``changes`` applied."""
    return replace(article, comments=[replace(c) for c in article.comments], **changes)
