"""The seed page's 19 comments as Comment values, read from the saved page text.

Independent of the HTML extractor: the text file has one block per comment ending in its vote
line ``-11 ( +2 / -13 )``. Quoted paragraphs of replies (a ``nameToday 06:39 pm JST`` header
and the quote, a paragraph repeated from an earlier comment, or one ending ``........Name``)
are removed from the reply's text and recorded as its parent.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from bot.models import Article, Comment

# A copy of the shared seed page (/work/shared/seed/), kept with the tests so they run anywhere.
SEED = Path(__file__).with_name("japantoday-tariff-article.txt")
URL = "https://japantoday.com/category/politics/japan-tariff-negotiator-in-washington-holds-talks-twice-with-lutnick"
_VOTES = re.compile(r"^(-?\d+) \( \+(\d+) / -(\d+) \)$")
_QUOTE_HEADER = re.compile(r"^(\S+?)Today\s+\d{2}:\d{2} [ap]m JST$")
_SIGNED_QUOTE = re.compile(r"^(.*?)\.{4,}\s*([A-Z][\w ]+)$")
# The page shows authors only where replies quote them; the rest get stable stand-in names.
KNOWN_AUTHORS = {7: "dan", 10: "Peter Neil", 18: "OssanAmerica"}


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def seed_comments() -> list[Comment]:
    lines = seed_lines()
    start = lines.index("Login to comment") + 1
    end = lines.index("Login to leave a comment")
    blocks: list[tuple[list[str], tuple[int, int, int]]] = []
    paragraphs: list[str] = []
    for line in lines[start:end]:
        votes = _VOTES.match(line.strip())
        if votes:
            score, up, down = (int(g) for g in votes.groups())
            blocks.append((paragraphs, (score, up, down)))
            paragraphs = []
        elif line.strip():
            paragraphs.append(line.strip())
    comments: list[Comment] = []
    seen: dict[str, str] = {}  # paragraph → id of the comment that wrote it
    for number, (paras, (score, up, down)) in enumerate(blocks, start=1):
        own: list[str] = []
        parent: str | None = None
        skip_next = False
        for para in paras:
            if skip_next:
                skip_next = False
                parent = seen.get(para, parent)
                continue
            if _QUOTE_HEADER.match(para):
                skip_next = True
                continue
            signed = _SIGNED_QUOTE.match(para)
            quoted = para if not signed else signed.group(1)
            source = next((p for p in seen if p.startswith(quoted)), None)
            if source is not None and (signed or source == para):
                parent = seen[source]
                continue
            own.append(para)
        cid = f"c{number:02d}"
        for para in own:
            seen.setdefault(para, cid)
        comments.append(
            Comment(
                id=cid,
                author=KNOWN_AUTHORS.get(number, f"reader{number:02d}"),
                text="\n\n".join(own),
                posted=datetime(2025, 7, 5, 9, 0, tzinfo=UTC),
                score=score,
                up=up,
                down=down,
                parent=parent,
                position=number - 1,
            )
        )
    return comments


def seed_article() -> Article:
    lines = seed_lines()
    body_start = lines.index("19 Comments") + 1
    body_end = lines.index("© KYODO")
    body = tuple(line.strip() for line in lines[body_start:body_end] if line.strip())
    comments = tuple(seed_comments())
    return Article(
        url=URL,
        title="Japan tariff negotiator in Washington holds talks twice with Lutnick",
        published=datetime(2025, 7, 5, 6, 0, tzinfo=UTC),
        body=(lines[1].strip(), *body),  # the photo caption comes first, as on the page
        comments=comments,
        comment_count=len(comments),
        source="japantoday",
    )
