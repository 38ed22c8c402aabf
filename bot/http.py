"""The one HTTP client every source uses: polite, bounded, retrying, and safe with user URLs.

* One shared :class:`aiohttp.ClientSession` (plus a second one, whose resolver only hands out
  vetted public addresses, for URLs a Discord user typed — see :mod:`bot.netguard`).
* Concurrency: at most ``per_host_concurrency`` requests to one host and
  ``total_concurrency`` overall, whichever session they use.
* Conditional GET: ``conditional=True`` sends the ETag / Last-Modified remembered in
  :attr:`HttpClient.validators` and answers a 304 with ``Response.not_modified``; a 200 to
  it (or to a GET with ``remember=True``) remembers the new ones. The most recently used
  :data:`MAX_VALIDATORS` URLs are remembered.
* Retries: connection errors, timeouts, truncated bodies, 429 and 500/502/503/504 are retried
  ``settings.retries`` times with exponential backoff and full jitter, or after the server's
  ``Retry-After`` (capped at :data:`MAX_RETRY_AFTER` seconds). Other 4xx fail at once.
* Size cap: the body is counted after decompression while it is read, so neither a large
  download nor a gzip bomb gets past ``max_bytes``.

Every failure is a :class:`bot.errors.FetchError` (or :class:`bot.errors.BlockedURLError`)
naming the URL and the reason.
"""

from __future__ import annotations

import asyncio
import codecs
import json
import logging
import random
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cached_property
from types import TracebackType
from typing import Any

import aiohttp
from yarl import URL

from bot.errors import BlockedURLError, FetchError
from bot.netguard import AddressGuard, AddressRefused, VettedResolver
from config.settings import HttpSettings

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_RETRY_AFTER = 60.0
MAX_REDIRECTS = 10
MAX_USER_REDIRECTS = 5
#: URLs whose validators are kept: every feed, and the threads a poll re-reads.
MAX_VALIDATORS = 20_000
CHUNK_SIZE = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"


@dataclass
class HttpStats:
    """Counters for benchmarks and the operator: what the client did since it started."""

    requests: int = 0  # attempts sent, retries included
    bytes: int = 0  # body bytes received, after decompression
    not_modified: int = 0  # 304 answers to conditional GETs
    retries: int = 0  # attempts that were retried
    errors: int = 0  # calls that ended in FetchError / BlockedURLError


@dataclass(frozen=True)
class Response:
    """A complete response: the body is read (and bounded) before this exists."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    not_modified: bool = False

    def text(self) -> str:
        """The body as text: HTTP charset, then BOM, ``<meta charset>`` / XML declaration, UTF-8."""
        return self._decoded

    @cached_property
    def _decoded(self) -> str:
        return decode_text(self.body, self.headers.get("Content-Type"), url=self.url)

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise FetchError(self.url, f"invalid JSON: {exc}", status=self.status) from exc


class _Retryable(Exception):
    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.status, self.retry_after = reason, status, retry_after


class HttpClient:
    """Shared by every source; create once, ``async with`` it (or ``await start()/close()``)."""

    def __init__(
        self,
        settings: HttpSettings,
        *,
        allow_private_addresses: bool = False,
        address_guard: AddressGuard | None = None,
    ) -> None:
        self.settings = settings
        self.guard = address_guard or AddressGuard(allow_private=allow_private_addresses)
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.stats = HttpStats()
        self._session: aiohttp.ClientSession | None = None
        self._guarded_session: aiohttp.ClientSession | None = None
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._total_slots = asyncio.Semaphore(settings.total_concurrency)

    async def start(self) -> None:
        if self._session is None:
            self._session = self._new_session(None)
            self._guarded_session = self._new_session(VettedResolver(self.guard))

    async def close(self) -> None:
        for session in (self._session, self._guarded_session):
            if session is not None:
                await session.close()
        self._session = self._guarded_session = None

    async def __aenter__(self) -> HttpClient:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def get(
        self,
        url: str,
        *,
        conditional: bool = False,
        remember: bool = False,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        user_supplied: bool = False,
        allowed_hosts: Collection[str] | None = None,
    ) -> Response:
        """GET ``url``; a user-supplied URL is checked at every hop (see :mod:`bot.netguard`).

        ``conditional``: send the validators remembered for ``url`` (see the module doc);
        ``remember``: remember the validators of a 200 without sending any this time.
        """
        await self.start()
        limit = max_bytes or self.settings.max_response_bytes
        sent = dict(headers or {})
        key = str(_parse_url(url).update_query(params)) if params else url
        if conditional:
            etag, last_modified = self.validators.get(key, (None, None))
            if etag:
                sent["If-None-Match"] = etag
            if last_modified:
                sent["If-Modified-Since"] = last_modified
        try:
            if user_supplied:
                response = await self._get_user_supplied(url, params, sent, limit, allowed_hosts)
            else:
                assert self._session is not None
                response = await self._with_retries(
                    self._session, "GET", url, params=params, headers=sent, limit=limit
                )
        except (FetchError, BlockedURLError):
            self.stats.errors += 1
            raise
        if response.not_modified:
            self.stats.not_modified += 1
            if key in self.validators:  # recently used: kept longest
                self.validators[key] = self.validators.pop(key)
        elif (conditional or remember) and response.status == 200:
            etag = response.headers.get("ETag")
            last_modified = response.headers.get("Last-Modified")
            self.validators.pop(key, None)
            if etag or last_modified:
                self.validators[key] = (etag, last_modified)
                while len(self.validators) > MAX_VALIDATORS:  # also after a bulk update
                    del self.validators[next(iter(self.validators))]
        return response

    async def post_json(
        self,
        url: str,
        payload: Any,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - the per-call budget is the API
        retries: int | None = None,
    ) -> Response:
        """POST ``payload`` as JSON; ``retries`` overrides ``settings.retries`` for this call."""
        await self.start()
        assert self._session is not None
        try:
            return await self._with_retries(
                self._session,
                "POST",
                url,
                payload=payload,
                headers=dict(headers or {}),
                limit=self.settings.max_response_bytes,
                timeout_seconds=timeout,
                retries=retries,
            )
        except FetchError:
            self.stats.errors += 1
            raise

    # -- internals -------------------------------------------------------------------------

    def _new_session(self, resolver: VettedResolver | None) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self.settings.total_concurrency,
            limit_per_host=self.settings.per_host_concurrency,
            resolver=resolver,
            use_dns_cache=resolver is None,  # vetted answers are used once, never cached
        )
        return aiohttp.ClientSession(
            connector=connector,
            timeout=self._timeout(None),
            headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            auto_decompress=True,
            trust_env=False,  # a proxy from the environment would bypass the address checks
        )

    def _timeout(self, total: float | None) -> aiohttp.ClientTimeout:
        seconds = total or self.settings.timeout_seconds
        return aiohttp.ClientTimeout(
            total=seconds, sock_connect=min(seconds, 10.0), sock_read=seconds
        )

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        slot = self._host_slots.get(host)
        if slot is None:
            slot = self._host_slots[host] = asyncio.Semaphore(self.settings.per_host_concurrency)
        return slot

    async def _get_user_supplied(
        self,
        url: str,
        params: Mapping[str, str] | None,
        headers: dict[str, str],
        limit: int,
        allowed_hosts: Collection[str] | None,
    ) -> Response:
        assert self._guarded_session is not None
        current = url
        for hop in range(MAX_USER_REDIRECTS + 1):
            target = self.guard.check_url(current, allowed_hosts)
            response = await self._with_retries(
                self._guarded_session,
                "GET",
                target,
                params=params if hop == 0 else None,
                headers=headers,
                limit=limit,
                follow_redirects=False,
                shown_url=current,
            )
            if response.status not in REDIRECT_STATUSES:
                return response
            location = response.headers.get("Location")
            if not location:
                raise FetchError(current, f"HTTP {response.status} redirect without a Location")
            current = str(URL(response.url).join(URL(location)))
            log.debug("user-supplied %s redirects to %s", url, current)
        raise FetchError(url, "too many redirects", status=None)

    async def _with_retries(
        self,
        session: aiohttp.ClientSession,
        method: str,
        url: str | URL,
        *,
        params: Mapping[str, str] | None = None,
        headers: dict[str, str],
        limit: int,
        payload: Any = None,
        timeout_seconds: float | None = None,
        retries: int | None = None,
        follow_redirects: bool = True,
        shown_url: str | None = None,
    ) -> Response:
        shown = shown_url or str(url)
        attempts = (self.settings.retries if retries is None else retries) + 1
        for attempt in range(attempts):
            try:
                return await self._attempt(
                    session,
                    method,
                    url,
                    shown,
                    params=params,
                    headers=headers,
                    payload=payload,
                    limit=limit,
                    client_timeout=self._timeout(timeout_seconds),
                    follow_redirects=follow_redirects,
                )
            except _Retryable as failure:
                if attempt == attempts - 1:
                    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
                    raise FetchError(
                        shown, f"{failure.reason} ({tries})", status=failure.status
                    ) from failure
                delay = self.retry_delay(attempt, failure.retry_after)
                self.stats.retries += 1
                log.info("%s %s: %s; retrying in %.1f s", method, shown, failure.reason, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def retry_delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds before retry ``attempt + 1``: the server's wish (capped), else full jitter."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), MAX_RETRY_AFTER)
        return random.uniform(0, self.settings.backoff_seconds * 2**attempt)

    async def _attempt(
        self,
        session: aiohttp.ClientSession,
        method: str,
        url: str | URL,
        shown: str,
        *,
        params: Mapping[str, str] | None,
        headers: dict[str, str],
        payload: Any,
        limit: int,
        client_timeout: aiohttp.ClientTimeout,
        follow_redirects: bool,
    ) -> Response:
        host = ((url if isinstance(url, URL) else _parse_url(url)).host or "").lower()
        # The host's slot first: a request queued behind its busy host must not hold one of
        # the total slots meanwhile, or requests to one slow host starve every other host.
        async with self._host_slot(host), self._total_slots:
            self.stats.requests += 1
            try:
                async with session.request(
                    method,
                    url,
                    params=params,
                    headers=headers,
                    json=payload,
                    allow_redirects=follow_redirects,
                    max_redirects=MAX_REDIRECTS,
                    timeout=client_timeout,
                ) as resp:
                    return await self._complete(resp, method, shown, limit, follow_redirects)
            except aiohttp.TooManyRedirects as exc:
                raise FetchError(shown, "too many redirects", status=exc.status) from exc
            except TimeoutError as exc:
                raise _Retryable(f"timed out after {client_timeout.total:g} s") from exc
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
                raise _Retryable(_connection_failure(exc)) from exc
            except AddressRefused as exc:
                raise BlockedURLError(shown, exc.reason) from exc
            except aiohttp.RedirectClientError as exc:
                raise FetchError(shown, f"redirected to an unusable URL ({exc})") from exc
            except (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError) as exc:
                raise FetchError(shown, "not an absolute http or https URL") from exc
            except aiohttp.ClientError as exc:
                raise FetchError(shown, _describe(exc)) from exc

    async def _complete(
        self,
        resp: aiohttp.ClientResponse,
        method: str,
        shown: str,
        limit: int,
        follow_redirects: bool,
    ) -> Response:
        status, final_url = resp.status, str(resp.url)
        if status in RETRY_STATUSES:
            retry_after = parse_retry_after(resp.headers.get("Retry-After"))
            raise _Retryable(f"HTTP {status} {resp.reason or ''}".rstrip(), status, retry_after)
        if status == 304 or (status in REDIRECT_STATUSES and not follow_redirects):
            return Response(final_url, status, resp.headers, b"", not_modified=status == 304)
        if status >= 300:
            what = f"HTTP {status} {resp.reason or ''}".rstrip()
            if 300 <= status < 400:
                what += " (a redirect without a usable Location)"
            elif method != "GET":
                excerpt = (await resp.content.read(300)).decode("utf-8", "replace").strip()
                what += f": {excerpt}" if excerpt else ""
            raise FetchError(shown, what, status=status)
        if resp.content_length is not None and resp.content_length > limit:
            raise FetchError(shown, f"response larger than {limit} bytes", status=status)
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(CHUNK_SIZE):
            size += len(chunk)
            self.stats.bytes += len(chunk)
            if size > limit:
                raise FetchError(shown, f"response larger than {limit} bytes", status=status)
            chunks.append(chunk)
        return Response(final_url, status, resp.headers, b"".join(chunks))


def _parse_url(url: str) -> URL:
    try:
        return URL(url)
    except (ValueError, TypeError) as exc:
        raise FetchError(url, f"not a valid URL ({exc})") from exc


def _connection_failure(exc: aiohttp.ClientError) -> str:
    if isinstance(exc, aiohttp.ClientPayloadError):
        return "the connection broke before the whole body arrived"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection without answering"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return f"cannot connect to {exc.host}:{exc.port} ({exc.strerror or exc.os_error})"
    if isinstance(exc, aiohttp.ClientOSError) and exc.strerror:
        return exc.strerror.lower()
    return f"connection failed ({_describe(exc)})"


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


# -- text decoding --------------------------------------------------------------------------

# WHATWG maps these labels to the encodings browsers actually use for them.
_ENCODING_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "ms932": "cp932",
    "gb2312": "gbk",
    "gb_2312-80": "gbk",
    "x-gbk": "gbk",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "iso-8859-9": "cp1254",
    "utf8": "utf-8",
    "utf-8": "utf-8",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""")
_MAX_CONTROL_SHARE = 0.05  # text has almost no C0 controls; binary formats are full of them
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # C0 controls but \t \n \f \r


def _known_encoding(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _ENCODING_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_encoding(body: bytes, content_type: str | None) -> tuple[str, str]:
    """(encoding, where it came from): the HTTP charset, a BOM, the document, or the default."""
    match = _CHARSET_PARAM.search(content_type or "")
    declared = _known_encoding(match.group(1) if match else None)
    if declared:
        return declared, "Content-Type"
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding, "byte order mark"
    head = body[:2048]
    found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    in_document = _known_encoding(found.group(1).decode("ascii") if found else None)
    if in_document and not in_document.startswith(("utf-16", "utf-32")):
        # A document readable as ASCII to find its label cannot really be UTF-16/32.
        return in_document, "document"
    return "utf-8", "default"


def decode_xml(body: bytes, content_type: str | None, *, url: str) -> str:
    """An XML document's text, for a parser given text rather than bytes.

    The document's own label comes first (a byte order mark, then the XML declaration), then
    UTF-8, then the HTTP charset: a feed's generator labels what it writes, while a server's
    charset is often a blanket default. (expat itself cannot read multi-byte encodings such as
    Shift_JIS, GB2312 or EUC-KR, so this also lets those feeds be read at all.) Bytes that no
    candidate decodes become U+FFFD under the first, with one warning.
    """
    candidates: list[str] = []
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            candidates.append(encoding)
            break
    declaration = _XML_ENCODING.search(body[:1024])
    declared = _known_encoding(declaration.group(1).decode("ascii") if declaration else None)
    if declared and not declared.startswith(("utf-16", "utf-32")):
        candidates.append(declared)
    candidates.append("utf-8")
    charset = _CHARSET_PARAM.search(content_type or "")
    served = _known_encoding(charset.group(1) if charset else None)
    if served:
        candidates.append(served)
    for encoding in candidates:
        try:
            return body.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError:
            continue
    first = "utf-8-sig" if candidates[0] == "utf-8" else candidates[0]
    log.warning("%s: bytes that are not valid %s; shown as U+FFFD", url, candidates[0])
    return body.decode(first, errors="replace")


def decode_text(body: bytes, content_type: str | None, *, url: str) -> str:
    """Decode like a browser: bad bytes become U+FFFD (with one warning); binary is refused."""
    encoding, origin = sniff_encoding(body, content_type)
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        text = body.decode(codec, errors="replace")
        log.warning(
            "%s: bytes that are not valid %s (from %s) at offset %d; shown as U+FFFD",
            url,
            encoding,
            origin,
            exc.start,
        )
    sample = text[:8192]
    if sample:
        controls = len(_CONTROL_CHARS.findall(sample))
        replaced = sample.count("\ufffd")
        if controls / len(sample) > _MAX_CONTROL_SHARE or replaced / len(sample) > 0.5:
            raise FetchError(url, "not a text document (binary content)")
    return text
