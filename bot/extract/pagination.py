"""The link to a thread's next page of comments, if the page has one.

Accepted: ``rel=next`` links and "Next"/"Older comments"/"»" links inside the comments area,
and links whose URL numbers the comment page (``?comment-page=3``, ``/comment-page-3/``,
``/comments/page/3``, ``?cpage=3``, or ``/page/3`` inside the comments area) when that number is
the current page's plus one. Never a link to another site or back to the same page, so that an
article's "Next article" link is not mistaken for more comments.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from bot.extract.dom import collapse, hint_of

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

_PAGE_PARAMS = ("comment-page", "comment_page", "commentpage", "comments_page", "cpage", "cp")
_PATH_PAGE = re.compile(r"/comment-page-(\d+)|/comments?/page/(\d+)", re.IGNORECASE)
_AREA_PATH_PAGE = re.compile(r"/page/(\d+)/?$", re.IGNORECASE)
_NEXT_TEXTS = frozenset(
    (
        "next",
        "next page",
        "next ›",
        "next »",
        "next >",
        "›",
        "»",
        ">",
        ">>",
        "older comments",
        "newer comments",
        "more comments",
        "next comments",
        "load more comments",
        "show more comments",
        "see more comments",
    )
)


#: Only links that could be pagination are looked at (a big thread has thousands of links).
#: One ``:is()`` rather than a list of selectors: each link is tested once, in half the time.
_CANDIDATES = "link[rel~=next i][href], a[href]:is({})".format(
    ", ".join(
        (
            "[rel~=next i]",
            "[href*=page i]",
            ':lexbor-contains("next" i)',
            ':lexbor-contains("more comments" i)',
            ':lexbor-contains("older comments" i)',
            ':lexbor-contains("»")',
            ':lexbor-contains("›")',
            ':lexbor-contains(">")',
        )
    )
)


def comment_page_number(url: str, *, in_area: bool = True) -> int | None:
    """The comment page a URL asks for, or ``None`` when it names none."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in _PAGE_PARAMS and value.isdigit():
            return int(value)
    match = _PATH_PAGE.search(parts.path)
    if match:
        return int(match.group(1) or match.group(2))
    if in_area:
        for key, value in parse_qsl(parts.query):
            if key.lower() == "page" and value.isdigit():
                return int(value)
        match = _AREA_PATH_PAGE.search(parts.path)
        if match:
            return int(match.group(1))
    return None


def _in_comments_area(node: LexborNode) -> bool:
    element = node.parent
    for _ in range(10):
        if element is None or element.tag in ("body", "html"):
            return False
        attrs = element.attributes
        words = " ".join((hint_of(attrs), (attrs.get("id") or "").lower()))
        if "comment" in words or "discussion" in words or "replies" in words:
            return True
        element = element.parent
    return False


def _same_page(a: str, b: str) -> bool:
    first, second = urlsplit(a), urlsplit(b)
    return (first.netloc, first.path.rstrip("/"), first.query) == (
        second.netloc,
        second.path.rstrip("/"),
        second.query,
    )


def find_next_page(root: LexborNode, url: str) -> str | None:
    """The absolute URL of the next page of comments under ``root``, or ``None``."""
    base = urlsplit(url)
    current = comment_page_number(url) or 1
    for node in root.css(_CANDIDATES):
        attrs = node.attributes
        href = (attrs.get("href") or "").strip().split("#", 1)[0]
        if not href or href == url or href.startswith(("javascript:", "mailto:")):
            continue
        target = urljoin(url, href)
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
            continue
        target = urlunsplit(parts._replace(fragment=""))
        if _same_page(target, url):
            continue
        rel = (attrs.get("rel") or "").lower().split()
        in_area = node.tag == "a" and _in_comments_area(node)
        number = comment_page_number(target, in_area=in_area)
        if number is not None:
            if number == current + 1:
                return target
            continue
        if node.tag == "link":
            if "next" in rel and "comment" in target.lower():
                return target
            continue
        if in_area and ("next" in rel or collapse(node.text(deep=True)).lower() in _NEXT_TEXTS):
            return target
    return None
