"""Read RSS 2.0 (and 0.9x), RSS 1.0/RDF, Atom and JSON Feed into :class:`bot.models.FeedEntry`.

Pure functions: bytes in, entries out. The XML parser refuses entity declarations and
external references (``defusedxml``), so a "billion laughs" feed fails fast with a
:class:`bot.errors.FeedError` instead of eating the machine. Everything that is not a feed —
an HTML page, an empty body, broken XML — is a ``FeedError`` that says which it was.
"""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from html.entities import name2codepoint
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import defusedxml
import defusedxml.ElementTree as SafeET

from bot.errors import FeedError
from bot.extract.sitezone import COUNTRY_ZONES, locale_country
from bot.http import decode_xml
from bot.models import FeedEntry
from bot.text import html_to_text

log = logging.getLogger(__name__)

ATOM = "http://www.w3.org/2005/Atom"
ATOM03 = "http://purl.org/atom/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
SLASH = "http://purl.org/rss/1.0/modules/slash/"
THREAD = "http://purl.org/syndication/thread/1.0"
FEEDBURNER = "http://rssnamespace.org/feedburner/ext/1.0"
MEDIA = "http://search.yahoo.com/mrss/"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RSS1 = "http://purl.org/rss/1.0/"

TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid"})
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_ZERO_TIME = re.compile(r"\b0001\b")
_CJK_DATE = re.compile(
    r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]\s*(?:[(（][^)）]{1,3}[)）])?"
    r"\s*(?:(\d{1,2}):(\d{2})(?::\d{2})?)?"
)
_SLASHED_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(\D.*)?$")
_ONE_DIGIT_HOUR = re.compile(r"^[ T](\d:)")
_ZONE_COMMENT = re.compile(r"\s*\([^()]*\)$")  # "... +0900 (JST)"
_ZONE_OFFSET = re.compile(r"\s(?:GMT|UTC)?([+-])(\d\d):?(\d\d)$")
_SPONSORED = re.compile(
    r"\s*(?:PR\s*[:：]|[\[【［(（]\s*(?:PR|AD|Sponsored|広告)\s*[\]】］)）]|Sponsored\s*[:：]"
    # (a scraped feed's call to sign up, RSS.app's "Sign up here." among Reuters' stories)
    r"|(?:sign up|subscribe)(?: here| now)?\.?\s*$)",
    re.IGNORECASE,
)
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
# Zone abbreviations feeds use that email.utils does not know (it knows UT/GMT/Z/EST...PDT).
_ZONE_ABBREVIATIONS = {
    "JST": "+0900",
    "KST": "+0900",
    "HKT": "+0800",
    "SGT": "+0800",
    "AWST": "+0800",
    "IST": "+0530",
    "CET": "+0100",
    "CEST": "+0200",
    "BST": "+0100",
    "MSK": "+0300",
    "AEST": "+1000",
    "AEDT": "+1100",
    "NZST": "+1200",
    "NZDT": "+1300",
    "MEZ": "+0100",
    "MESZ": "+0200",
    "EET": "+0200",
    "EEST": "+0300",
    "WIB": "+0700",
    "ICT": "+0700",
    "PHT": "+0800",
}


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> list[FeedEntry]:
    """Entries of the feed at ``url`` in feed order, without duplicates (same guid or link).

    Links are resolved against ``xml:base`` and ``url``; entries without a usable http(s)
    link are left out. ``content_type`` is the response's header, whose charset is used when
    the document's own label and UTF-8 do not decode it. Raises :class:`FeedError` when
    ``body`` is not a feed.
    """
    text = decode_xml(body, content_type, url=url)
    if text.lstrip(" \t\r\n\ufeff")[:1] in ("{", "["):
        return _dedupe(e for e in _json_feed(text, url) if not _sponsored(e))
    root = _parse_xml(text, url)
    namespace, tag = _split(root.tag)
    if tag == "rss":
        items = [item for item in root.iter() if item.tag == "item"]
        if root.find("channel") is None and not items:
            raise FeedError(url, "an <rss> document without a <channel>")
        zone = language_zone(_text(root, "channel/language", f"channel/{{{DC}}}language"))
        entries = (_rss_entry(item, url, zone) for item in items)
    elif tag == "RDF" and namespace == RDF:
        zone = language_zone(_text(root, f"{{{RSS1}}}channel/{{{DC}}}language"))
        items = [item for item in root if _split(item.tag)[1] == "item"]
        entries = (_rss_entry(item, url, zone) for item in items)
    elif tag == "feed" and namespace in (ATOM, ATOM03):
        base = urljoin(url, root.get(XML_BASE, ""))
        zone = language_zone(root.get(XML_LANG))
        entries = (_atom_entry(e, base, zone) for e in root if e.tag == f"{{{namespace}}}entry")
    elif tag.lower() == "html":
        raise FeedError(url, "an HTML page, not a feed")
    else:
        raise FeedError(url, f"not a feed: the root element is <{tag}>, not rss, RDF or feed")
    return _dedupe(entry for entry in entries if entry is not None and not _sponsored(entry))


def _sponsored(entry: FeedEntry) -> bool:
    """An advertisement placed among the items ("PR: ...", "【PR】...", "Sponsored: ...")."""
    if _SPONSORED.match(entry.title):
        log.debug("a sponsored item (%r) is skipped", entry.title)
        return True
    return False


def _dedupe(entries: Iterable[FeedEntry]) -> list[FeedEntry]:
    seen: set[str] = set()
    unique: list[FeedEntry] = []
    for entry in entries:
        keys = {entry.url} | ({entry.guid} if entry.guid else set())
        if keys & seen:
            continue
        seen |= keys
        unique.append(entry)
    return unique


# -- XML ------------------------------------------------------------------------------------


def _parse_xml(text: str, url: str) -> ET.Element:
    data = text.lstrip(" \t\r\n\ufeff")  # whitespace before <?xml ...?> is a common bug
    if not data.strip(" \t\r\n\x00"):
        raise FeedError(url, "the document is empty")
    try:
        return _fromstring(data)
    except defusedxml.EntitiesForbidden as exc:
        raise FeedError(url, "the document declares XML entities, which are refused") from exc
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden) as exc:
        raise FeedError(url, "the document refers to external entities, which are refused") from exc
    except ET.ParseError as exc:
        if _looks_like_html(data):
            raise FeedError(url, "an HTML page, not a feed") from exc
        if "undefined entity" in str(exc):
            # Feeds often use HTML entities (&nbsp; &rsquo;) that XML does not define.
            try:
                return _fromstring(_numeric_entities(data))
            except ET.ParseError:
                pass
        raise FeedError(url, f"not well-formed XML ({exc})") from exc


def _fromstring(data: str) -> ET.Element:
    root: ET.Element = SafeET.fromstring(
        data, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    return root


def _looks_like_html(data: str) -> bool:
    head = data[:2048].lower()
    return "<!doctype html" in head or "<html" in head


def _numeric_entities(data: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _XML_ENTITIES or name not in name2codepoint:
            return match.group(0)
        return f"&#{name2codepoint[name]};"

    return _NAMED_ENTITY.sub(replace, data)


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _text(element: ET.Element, *names: str) -> str:
    """The stripped text of the first child called one of ``names`` that has any."""
    for name in names:
        child = element.find(name)
        if child is not None and child.text and child.text.strip():
            return child.text.strip()
    return ""


# -- RSS 2.0 / 0.9x / 1.0 -------------------------------------------------------------------


def _rss_entry(item: ET.Element, feed_url: str, zone: tzinfo = UTC) -> FeedEntry | None:
    namespace, _ = _split(item.tag)

    def q(name: str) -> str:
        return f"{{{namespace}}}{name}" if namespace else name

    base = urljoin(feed_url, item.get(XML_BASE, ""))
    guid_element = item.find("guid")
    guid = (guid_element.text or "").strip() if guid_element is not None else ""
    guid = guid or item.get(f"{{{RDF}}}about", "").strip()
    # (FeedBurner's own links redirect through feedproxy, long gone: the original is kept)
    link = clean_link(_text(item, f"{{{FEEDBURNER}}}origLink") or _text(item, q("link")), base)
    permalink = guid_element is None or guid_element.get("isPermaLink", "true") != "false"
    if link is None and guid and permalink:
        link = clean_link(guid, base)
    if link is None:
        log.debug("%s: an item without a usable link (%r) is skipped", feed_url, guid)
        return None
    dated = _text(item, "pubDate", f"{{{DC}}}date", f"{{{ATOM}}}published")
    if _ZERO_TIME.search(dated):
        # Go's zero time: a site's page that has no date (Hugo's "About"), no article
        log.debug("%s: an undated page (%r) is skipped", feed_url, link)
        return None
    summary = html_to_text(_text(item, q("description"), f"{{{CONTENT}}}encoded"))
    summary = summary or _media_description(item)
    discussion = clean_link(_text(item, "comments"), base)
    return FeedEntry(
        url=link,
        title=_title(html_to_text(_text(item, q("title"))), summary, link),
        published=parse_date(dated, zone),
        guid=guid or None,
        summary=summary,
        discussion_url=discussion if discussion and discussion != link else None,
        comment_count=_count(_text(item, f"{{{SLASH}}}comments", f"{{{THREAD}}}total")),
    )


# -- Atom -----------------------------------------------------------------------------------


def _atom_entry(entry: ET.Element, feed_base: str, zone: tzinfo = UTC) -> FeedEntry | None:
    ns = _split(entry.tag)[0]
    base = urljoin(feed_base, entry.get(XML_BASE, ""))
    alternate: str | None = None
    replies: ET.Element | None = None
    for link in entry.findall(f"{{{ns}}}link"):
        rel = link.get("rel", "alternate")
        if rel == "alternate" and alternate is None:
            alternate = clean_link(link.get("href", ""), urljoin(base, link.get(XML_BASE, "")))
        elif rel == "replies" and link.get("type", "text/html") == "text/html":
            replies = link
    guid = _text(entry, f"{{{ns}}}id")
    if alternate is None and guid.startswith(("http://", "https://")):
        alternate = clean_link(guid, base)
    if alternate is None:
        log.debug("an Atom entry without an alternate link (%r) is skipped", guid)
        return None
    summary = (
        _atom_text(entry.find(f"{{{ns}}}summary"))
        or _atom_text(entry.find(f"{{{ns}}}content"))
        or _media_description(entry)  # (YouTube's: the video's description)
    )
    discussion = clean_link(replies.get("href", ""), base) if replies is not None else None
    count = _text(entry, f"{{{THREAD}}}total")
    if not count and replies is not None:
        count = replies.get(f"{{{THREAD}}}count", "")
    published = _text(
        entry, f"{{{ns}}}published", f"{{{ns}}}issued", f"{{{ns}}}updated", f"{{{ns}}}modified"
    )
    return FeedEntry(
        url=alternate,
        title=_title(_atom_text(entry.find(f"{{{ns}}}title")), summary, alternate),
        published=parse_date(published, zone),
        guid=guid or None,
        summary=summary,
        discussion_url=discussion if discussion and discussion != alternate else None,
        comment_count=_count(count),
    )


def _media_description(item: ET.Element) -> str:
    """Media RSS's description of an item's media (in its ``media:group`` or not)."""
    description = item.find(f".//{{{MEDIA}}}description")
    if description is None or not description.text:
        return ""
    if description.get("type") == "html":
        return html_to_text(description.text)
    return "\n".join(line.strip() for line in description.text.strip().splitlines())


# -- JSON Feed ------------------------------------------------------------------------------


def _json_feed(text: str, url: str) -> Iterator[FeedEntry]:
    """The items of a JSON Feed (jsonfeed.org, versions 1 and 1.1)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FeedError(url, f"not well-formed JSON ({exc})") from exc
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or "jsonfeed.org" not in version:
        raise FeedError(url, "JSON that is not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedError(url, "a JSON Feed without an items list")
    language = data.get("language")
    zone = language_zone(language if isinstance(language, str) else None)
    for item in items:
        if not isinstance(item, dict):
            continue
        guid = _json_string(item, "id")
        link = clean_link(_json_string(item, "url") or _json_string(item, "external_url"), url)
        if link is None and guid.startswith(("http://", "https://")):
            link = clean_link(guid, url)
        if link is None:
            log.debug("%s: a JSON Feed item without a usable url (%r) is skipped", url, guid)
            continue
        summary = html_to_text(_json_string(item, "content_html")) or _collapse(
            _json_string(item, "summary") or _json_string(item, "content_text")
        )
        yield FeedEntry(
            url=link,
            title=_title(_collapse(_json_string(item, "title")), summary, link),
            published=parse_date(
                _json_string(item, "date_published") or _json_string(item, "date_modified"), zone
            ),
            guid=guid or None,
            summary=summary,
        )


def _json_string(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
        return str(value)  # (JSON Feed 1.0 allowed numbers as ids)
    return value.strip() if isinstance(value, str) else ""


def _atom_text(element: ET.Element | None) -> str:
    """An Atom text construct as plain text: ``text``, ``html`` or ``xhtml``."""
    if element is None:
        return ""
    kind = element.get("type", "text")
    if kind == "xhtml" or len(element):
        inner = "".join(ET.tostring(child, encoding="unicode") for child in element)
        return html_to_text((element.text or "") + inner)
    if kind in ("html", "text/html"):
        return html_to_text(element.text or "")
    return _collapse(element.text or "")


# -- values ---------------------------------------------------------------------------------


def clean_link(link: str, base: str) -> str | None:
    """An absolute http(s) URL without fragment or tracking parameters, or ``None``."""
    link = link.strip()
    if not link:
        return None
    absolute = urljoin(base, link)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
    ]
    kept = urlencode(query) if len(query) != len(parse_qsl(parts.query, True)) else parts.query
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", kept, ""))


def parse_date(value: str | None, zone: tzinfo = UTC) -> datetime | None:
    """An RFC 822 or ISO 8601 date as an aware UTC datetime, or ``None``. A date without a
    zone is in ``zone`` (the feed's language's, when it is spoken in one; else UTC)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    parsed: datetime | None = None
    written = _CJK_DATE.fullmatch(value)  # "2025年7月8日(火) 02:30", "2025년 7월 8일 02:30"
    if written:
        year, month, day, hour, minute = written.groups()
        value = f"{year}/{month}/{day} {hour or 0}:{minute or '00'}"
    slashed = _SLASHED_DATE.match(value)  # "2025/07/08 10:00", as Japanese producers write
    if slashed:
        year, month, day, rest = slashed.groups()
        clock = _ONE_DIGIT_HOUR.sub(r" 0\1", rest or "")
        value = f"{year}-{int(month):02d}-{int(day):02d}{clock}"
    if re.match(r"\d{4}-?\d{2}", value):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
    if parsed is None:
        value = _rfc822_zone(value)
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            log.debug("unreadable feed date %r", value)
            return None
    if parsed.tzinfo is None:
        # (RFC 822's "-0000" says UTC, the local zone unknown: email.utils gives it no zone)
        parsed = parsed.replace(tzinfo=UTC if value.endswith("-0000") else zone)
    return parsed.astimezone(UTC)


#: Countries whose news is read in more than one zone: a feed's language naming one of them
#: says nothing of a date's zone.
_MANY_ZONES = frozenset(("us", "ca", "au", "ru", "br", "mx"))


def language_zone(language: str | None) -> tzinfo:
    """The zone of a feed's language, when its country keeps one (the zones pages are read
    in: :mod:`bot.extract.sitezone`); else UTC."""
    country = locale_country(language or "")
    name = COUNTRY_ZONES.get(country) if country not in _MANY_ZONES else None
    return ZoneInfo(name) if name else UTC


def _rfc822_zone(value: str) -> str:
    """``value`` with its zone in a form email.utils reads (it takes others as no zone).

    Producers write "+09:00" (PHP's ``P``), JavaScript's "GMT+0900 (JST)", and zone names
    email.utils does not know ("JST", "CEST").
    """
    value = _ZONE_COMMENT.sub("", value)
    offset = _ZONE_OFFSET.search(value)
    if offset:
        return f"{value[: offset.start()]} {offset.group(1)}{offset.group(2)}{offset.group(3)}"
    zone = re.search(r"\b([A-Z]{3,4})$", value)
    if zone and zone.group(1) in _ZONE_ABBREVIATIONS:
        return value[: zone.start()] + _ZONE_ABBREVIATIONS[zone.group(1)]
    return value


def _count(value: str) -> int | None:
    digits = value.strip().replace(",", "")
    return int(digits) if digits.isdigit() else None


def _title(title: str, summary: str, link: str) -> str:
    if title:
        return title
    if summary:
        first = summary.split("\n", 1)[0]
        return first if len(first) <= 100 else first[:99].rstrip() + "…"
    return link


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
