"""Making untrusted text safe and tidy for Discord, the console and JSON.

Everything readers and sites write passes through here before a user sees it:

- :func:`neutralize_mentions` makes sure no text can ping (``@everyone``, ``<@id>``...), strips
  the invisible characters used to smuggle such text past filters, and turns masked links
  ``[text](url)`` into ``text (url)`` so a link's text cannot disguise where it goes.
- :func:`escape_markdown` keeps user text from turning into formatting, leaving URLs readable.
- :func:`truncate` cuts at a word boundary and marks the cut.
- :func:`html_to_text` turns an HTML fragment from a feed or a page's structured data into
  plain paragraphs.

Lengths are measured by :func:`discord_len` (UTF-16 code units, which is never less than the
number of code points), so a string that fits by our count fits by Discord's.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import quote

ELLIPSIS = "…"
ZWSP = "\u200b"

# Zero-width characters, bidi overrides/isolates, the BOM and soft hyphen: invisible, and
# used to split "@every\u200done" past filters or to reorder text (Trojan-source tricks).
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)
# Other control characters (keep tab and newline; other whitespace is handled by callers).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_SEPARATORS = re.compile("[\u2028\u2029\x85]")

_EVERYONE = re.compile(r"@(?=everyone|here)", re.IGNORECASE)
# <@123>, <@!123>, <@&123>, <#123>, and slash-command mentions </name:123>.
_ANGLE_MENTION = re.compile(r"<(?=(?:@[!&]?|#|/[^<>:]*:)\s*\d)")
_MASKED_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?([^()\s<>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")

_URL = re.compile(r"<?https?://[^\s<>]+>?")
_INLINE_SPECIAL = re.compile(r"([\\*_~`|\[\]])")
_LINE_START = re.compile(r"^(\s*)(>|#{1,3}(?=\s)|-#(?=\s)|[-*+](?=\s)|\d+\.(?=\s))", re.MULTILINE)


def discord_len(text: str) -> int:
    """Length as Discord's limits count it: UTF-16 code units (astral characters count 2)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def strip_invisible(text: str) -> str:
    """Remove zero-width, bidi-control and other control characters; keep tabs and newlines."""
    text = _LINE_SEPARATORS.sub("\n", text)
    return _CONTROL.sub("", _INVISIBLE.sub("", text))


def defuse_masked_links(text: str) -> str:
    """``[text](url)`` → ``text (url)``: what a link says can no longer hide where it goes."""
    for _ in range(len(text)):  # nested links unwrap one layer per pass
        replaced = _MASKED_LINK.sub(_unmask, text)
        if replaced == text:
            break
        text = replaced
    return text


def _unmask(match: re.Match[str]) -> str:
    label, url = match.group(1).strip(), match.group(2)
    if not url or label == url:
        return label or url
    return f"{label} ({url})" if label else url


def neutralize_mentions(text: str) -> str:
    """Text that can never ping anyone nor disguise a link, and carries no invisible tricks.

    ``@everyone``/``@here`` get a zero-width space after the ``@``; ``<@id>``, ``<@!id>``,
    ``<@&id>``, ``<#id>`` and ``</cmd:id>`` get one after the ``<``, so they show as typed but
    are no longer mentions. Zero-width and bidi characters are stripped first, so they cannot
    be used to assemble a mention after the fact.
    """
    text = defuse_masked_links(strip_invisible(text))
    text = _EVERYONE.sub("@" + ZWSP, text)
    return _ANGLE_MENTION.sub("<" + ZWSP, text)


def escape_markdown(text: str) -> str:
    """Escape Discord markdown in user text so it shows as typed; URLs are left intact.

    Escaped: ``\\ * _ ~ ` | [ ]`` anywhere, and block syntax at the start of a line (quotes,
    headers, ``-#`` subtext, list markers).
    """
    parts: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        parts.append(_escape_inline(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_escape_inline(text[last:]))
    return _LINE_START.sub(r"\1\\\2", "".join(parts))


def _escape_inline(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace (newlines, no-break spaces...) to one space; strip ends."""
    return " ".join(text.split())


def truncate(text: str, limit: int, *, link: str | None = None) -> str:
    """``text`` within ``limit`` (see :func:`discord_len`), cut at a word boundary with "…".

    When the text had to be cut and ``link`` is given, `` [more](link)`` follows the ellipsis,
    still within ``limit`` (the link is left out when even that would not fit). Text that fits
    comes back unchanged.
    """
    if limit <= 0:
        return ""
    if discord_len(text) <= limit:
        return text
    suffix = ELLIPSIS
    if link:
        more = f"{ELLIPSIS} [more]({safe_url(link)})"
        if discord_len(more) < limit // 2:
            suffix = more
    budget = limit - discord_len(suffix)
    cut = _prefix_within(text, budget)
    if not text[len(cut)].isspace():
        # Back up to a word boundary, unless that throws away most of what fits (a huge word).
        boundary = max(cut.rfind(" "), cut.rfind("\n"))
        if boundary >= len(cut) // 2:
            cut = cut[:boundary]
    cut = cut.rstrip(" \t\n,;:-–—")
    if cut.endswith("\\") and (len(cut) - len(cut.rstrip("\\"))) % 2:
        cut = cut[:-1]  # a dangling escape would swallow the ellipsis
    return cut + suffix


def _prefix_within(text: str, budget: int) -> str:
    if text.isascii() or discord_len(text[:budget]) == budget:
        return text[:budget]
    used = 0
    for index, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > budget:
            return text[:index]
    return text


def safe_url(url: str) -> str:
    """A URL that cannot break out of markdown link syntax ``[..](url)``."""
    return quote(url.strip(), safe=":/?#@!$&'*+,;=%~.-_")


def masked_link(label: str, url: str) -> str:
    """Our own ``[label](url)`` link with an untrusted label: neutralized and escaped."""
    text = escape_markdown(normalize_ws(neutralize_mentions(label))) or url
    return f"[{text}]({safe_url(url)})"


def clean(text: str) -> str:
    """User text ready for an embed: no pings, no tricks, no stray markdown."""
    return escape_markdown(neutralize_mentions(text))


def vote_label(score: int | None, up: int | None, down: int | None) -> str:
    """``+6 / −1`` when up and down votes are known, ``12 points`` for a bare score, else ``""``."""
    if up is not None and down is not None:
        return f"+{up} / −{down}"
    if score is not None:
        return f"{score} point" + ("" if abs(score) == 1 else "s")
    return ""


# -- HTML to text (feeds, structured data) --------------------------------------------------

_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre"}
    | {"ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"figure", "figcaption", "hr", "address", "main", "nav"}
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "svg"})
_PARAGRAPH, _LINE = "\x00", "\x01"


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.rsplit(":", 1)[-1]
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag == "br":
            self.parts.append(_LINE)
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARAGRAPH)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.rsplit(":", 1)[-1]
        if tag == "br":
            self.parts.append(_LINE)
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARAGRAPH)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.rsplit(":", 1)[-1]
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARAGRAPH)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: paragraphs separated by a blank line, ``<br>`` by a
    newline, other whitespace collapsed, entities decoded, scripts and styles dropped."""
    if "<" not in fragment:
        return re.sub(r"\s+", " ", html.unescape(fragment)).strip()
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    text = re.sub(r"\s+", " ", "".join(collector.parts))
    text = re.sub(f"{_LINE}(?: ?{_LINE})+", _PARAGRAPH, text)  # <br><br> ends a paragraph
    paragraphs = []
    for block in text.split(_PARAGRAPH):
        lines = [line.strip() for line in block.split(_LINE)]
        joined = "\n".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)
