"""The extraction baseline: our extraction algorithm over BeautifulSoup (``html.parser``).

:func:`extract_article` here is :func:`bot.extract.extract_article` with every DOM operation
done by BeautifulSoup instead of selectolax/lexbor: parsing (``html.parser``), walking the
tree, CSS selection (soupsieve, BeautifulSoup's ``select``) and collecting text. The steps of
the algorithm are not rewritten but shared: :class:`SoupNode` offers the dozen node
operations the extractor uses (``tag``, ``attributes``, ``parent``, ``next``, ``traverse``,
``text``, ``css``…) with lexbor's exact semantics, on top of BeautifulSoup's own
``descendants``, ``next_sibling``, ``get_text`` and ``select``. So the two differ in the DOM
library only, and must produce the same :class:`~bot.models.Article` — the benchmark asserts
that they do.

It is a port for measuring, not for use: BeautifulSoup builds its tree in Python, which is
what makes it slow on a thread of a thousand comments.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import soupsieve
from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, PageElement, Tag

import bot.extract.article as article_module
from bot.extract.article import _PageReader, assemble_article
from bot.models import Article

_ASCII_SPACE = " \t\n\r\f"


@functools.cache
def _compiled(selector: str) -> Any:
    return soupsieve.compile(selector)


def _wrap(element: PageElement | None) -> SoupNode | None:
    return None if element is None else SoupNode(element)


class SoupNode:
    """A BeautifulSoup element seen through the part of lexbor's node API the extractor uses."""

    __slots__ = ("element",)

    def __init__(self, element: PageElement) -> None:
        self.element = element

    # identity and kind

    @property
    def mem_id(self) -> int:
        return id(self.element)

    @property
    def tag(self) -> str:
        element = self.element
        if isinstance(element, BeautifulSoup):
            return "-document"
        if isinstance(element, Tag):
            return element.name
        if isinstance(element, Comment):
            return "-comment"
        if isinstance(element, Doctype):
            return "-doctype"
        return "-text"

    @property
    def is_text_node(self) -> bool:
        element = self.element
        return isinstance(element, NavigableString) and not isinstance(element, Comment | Doctype)

    @property
    def attributes(self) -> dict[str, str | None]:
        element = self.element
        if not isinstance(element, Tag):
            return {}
        return {
            name: " ".join(value) if isinstance(value, list) else value
            for name, value in element.attrs.items()
        }

    # neighbours

    @property
    def parent(self) -> SoupNode | None:
        return _wrap(self.element.parent)

    @property
    def next(self) -> SoupNode | None:
        return _wrap(self.element.next_sibling)

    @property
    def prev(self) -> SoupNode | None:
        return _wrap(self.element.previous_sibling)

    @property
    def child(self) -> SoupNode | None:
        element = self.element
        if isinstance(element, Tag) and element.contents:
            return SoupNode(element.contents[0])
        return None

    # walking

    def traverse(self, include_text: bool = False, skip_empty: bool = False) -> Iterator[SoupNode]:
        """Depth first from this node; comments always, text nodes only with ``include_text``
        (without the whitespace-only ones with ``skip_empty``) — as lexbor does."""
        yield self
        element = self.element
        if not isinstance(element, Tag):
            return
        for node in element.descendants:
            if isinstance(node, Tag | Comment):
                yield SoupNode(node)
            elif include_text and not isinstance(node, Doctype):
                if skip_empty and not str(node).strip(_ASCII_SPACE):
                    continue
                yield SoupNode(node)

    def iter(self, include_text: bool = False) -> Iterator[SoupNode]:
        element = self.element
        if not isinstance(element, Tag):
            return
        for node in element.children:
            if isinstance(node, Tag | Comment) or (include_text and not isinstance(node, Doctype)):
                yield SoupNode(node)

    # text

    @property
    def text_content(self) -> str | None:
        return str(self.element) if self.is_text_node else None

    def text(self, deep: bool = True, separator: str = "", strip: bool = False) -> str:
        element = self.element
        if not isinstance(element, Tag):
            return str(element) if self.is_text_node else ""
        if deep:
            return element.get_text(separator, strip=strip)
        parts = [
            str(node)
            for node in element.children
            if isinstance(node, NavigableString) and not isinstance(node, Comment | Doctype)
        ]
        return (
            separator.join(p.strip() for p in parts if p.strip())
            if strip
            else separator.join(parts)
        )

    @property
    def html(self) -> str:
        """The node serialized (BeautifulSoup's serializer, not lexbor's: the extractor only
        compares serializations made by the same library)."""
        element = self.element
        if isinstance(element, Tag):
            return element.decode()
        if isinstance(element, NavigableString):
            return element.output_ready(formatter="html")
        return ""

    def decompose(self, recursive: bool = True) -> None:
        """Take the node out of the tree."""
        element = self.element
        if isinstance(element, Tag):
            element.decompose()
        else:
            element.extract()

    # CSS

    def css(self, selector: str) -> list[SoupNode]:
        """Matching elements of this subtree, this node included (lexbor includes it)."""
        element = self.element
        if not isinstance(element, Tag):
            return []
        compiled = _compiled(selector)
        found = [SoupNode(e) for e in compiled.select(element)]
        if not isinstance(element, BeautifulSoup) and compiled.match(element):
            found.insert(0, self)
        return found

    def css_first(self, selector: str) -> SoupNode | None:
        found = self.css(selector)
        return found[0] if found else None

    def css_matches(self, selector: str) -> bool:
        """Whether this element matches ``selector``."""
        element = self.element
        return isinstance(element, Tag) and bool(_compiled(selector).match(element))


class SoupTree:
    """The document: what :class:`_PageReader` asks of lexbor's parser object."""

    def __init__(self, html: str, scripting: bool = True) -> None:
        self.soup = BeautifulSoup(html, "html.parser")
        self.document = SoupNode(self.soup)

    def css(self, selector: str) -> list[SoupNode]:
        return self.document.css(selector)

    def css_first(self, selector: str) -> SoupNode | None:
        return self.document.css_first(selector)

    @property
    def body(self) -> SoupNode | None:
        return _wrap(self.soup.body)

    @property
    def root(self) -> SoupNode | None:
        return _wrap(self.soup.html) or self.document

    def strip_tags(self, tags: list[str]) -> None:
        for element in self.soup.find_all(tags):
            element.decompose()


@contextlib.contextmanager
def _soup_parser() -> Iterator[None]:
    """While the reader is built, :mod:`bot.extract.article` parses with BeautifulSoup."""
    saved = article_module.LexborHTMLParser
    article_module.LexborHTMLParser = SoupTree  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        article_module.LexborHTMLParser = saved  # type: ignore[misc]


class SoupPageReader(_PageReader):
    """:class:`bot.extract.article._PageReader` over a BeautifulSoup tree: its own
    ``__init__``, run with the parser swapped, so it stays the extractor's code step for step."""

    def __init__(self, html: str, url: str, fetched_at: datetime, tz: str) -> None:
        with _soup_parser():
            super().__init__(html, url, fetched_at, None, tz)


def extract_article(
    html: str, url: str, *, fetched_at: datetime, source: str = "", site_tz: str = "Asia/Tokyo"
) -> Article:
    """:func:`bot.extract.extract_article` (without configured selectors), over BeautifulSoup."""
    page = SoupPageReader(html, url, fetched_at, site_tz).read(find_next=False)
    return assemble_article([page], source=source)
