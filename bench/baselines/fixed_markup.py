"""A floor for the extraction benchmark: a scraper written for the fake news site's markup alone.

:func:`read_comments` knows where everything is (``div.comment``, ``.comment-author``,
``.comment-date``, ``.comment-votes``, ``.comment-body > p``), so it discovers nothing: no
vote lines looked for, no comment blocks found, no walk, no templates. It parses with the same
lexbor, reads times with the same :func:`~bot.extract.times.parse_posted`, drops the
``<blockquote>`` a reply opens with, and names no parent (it matches no quote against earlier
comments). What it returns is what any scraper must at least do for these comments, so its
time is about the least that reading this page can take in Python over lexbor.

It is a yardstick, not an extractor: it reads this one markup and no other.
"""

from __future__ import annotations

import re
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser

from bot.extract.times import parse_posted
from bot.models import Comment

_VOTE_LINE = re.compile(r"\s*([-+−]?\d+)\s*\(\s*\+(\d+)\s*/\s*[-−](\d+)\s*\)\s*")


def read_comments(html: str, now: datetime, tz: str = "Asia/Tokyo") -> list[Comment]:
    """Every ``div.comment`` of the page: id, author, time, votes and its own paragraphs.

    Each part is selected once for the whole page (one selector, one pass in C), not once per
    comment: asking every block for its parts compiles and runs four selectors per comment,
    which takes longer than the whole of this. A page where a comment lacks a part is refused.
    """
    tree = LexborHTMLParser(html)
    blocks = tree.css("div.comment")
    parts = [
        tree.css(f"div.comment {selector}")
        for selector in (".comment-author", ".comment-date", ".comment-votes", ".comment-body")
    ]
    if any(len(found) != len(blocks) for found in parts):
        raise ValueError("not the fake news site's markup: a comment lacks a part")
    comments: list[Comment] = []
    for position, (block, author, date, votes, body) in enumerate(zip(blocks, *parts, strict=True)):
        line = _VOTE_LINE.fullmatch(votes.text(separator=" "))
        paragraphs = [
            child.text().strip() for child in body.iter() if child.tag == "p"
        ]  # a reply's quote is a <blockquote>, not a <p> of the body
        comments.append(
            Comment(
                block.attributes.get("id") or "",
                author.text().strip(),
                "\n\n".join(p for p in paragraphs if p),
                parse_posted(date.text(), now=now, tz=tz),
                int(line[1].replace("−", "-")) if line else None,
                int(line[2]) if line else None,
                int(line[3]) if line else None,
                None,
                position,
            )
        )
    return comments
