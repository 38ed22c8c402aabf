"""Pure logic of storing threads: how an incoming article and its comments differ from the rows.

No sessions here: these functions take stored values and incoming models and return the
column values to insert or update, so the bulk upsert does one SELECT and a few executemany
statements whatever the thread's size.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.models import Article, Comment

log = logging.getLogger(__name__)

#: Comment columns whose change is news to readers: counted in ``changed_comments``.
COUNTED = ("text", "score", "up", "down")
#: Columns indexed for search: updating them re-indexes the comment.
INDEXED = ("author", "text")
#: Every column an update may set, besides the indexed ones.
PLAIN = ("posted", "score", "up", "down", "parent_site_id", "position", "replies")
STORED_COLUMNS = ("id", "site_id", *INDEXED, *PLAIN)

#: A stored row as column name -> value (an SQLAlchemy ``RowMapping`` or a plain dict).
Row = Mapping[Any, Any]


def thread_key(article: Article) -> str:
    """The unique key of an article row: where its thread lives."""
    return article.discussion_url or article.url


def comment_values(comment: Comment) -> dict[str, Any]:
    """A comment's column values (without ids and timestamps)."""
    return {
        "site_id": comment.id,
        "author": comment.author,
        "text": comment.text,
        "posted": comment.posted,
        "score": comment.score,
        "up": comment.up,
        "down": comment.down,
        "parent_site_id": comment.parent,
        "position": comment.position,
        "replies": comment.replies,
    }


def to_comment(row: Row) -> Comment:
    return Comment(
        id=row["site_id"],
        author=row["author"],
        text=row["text"],
        posted=row["posted"],
        score=row["score"],
        up=row["up"],
        down=row["down"],
        parent=row["parent_site_id"],
        position=row["position"],
        replies=row["replies"],
    )


@dataclass
class CommentDiff:
    """What to write for one thread. Update dicts carry the row's primary key as ``id``."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    #: Updates that touch author or text (and so the search index).
    reindexed: list[dict[str, Any]] = field(default_factory=list)
    #: Updates of votes, position and the like only.
    plain: list[dict[str, Any]] = field(default_factory=list)
    changed: int = 0


def unique_comments(comments: Iterable[Comment], url: str) -> list[Comment]:
    """The comments with repeated ids dropped (the first one wins), logging each repeat."""
    seen: set[str] = set()
    kept: list[Comment] = []
    for comment in comments:
        if comment.id in seen:
            log.warning("%s: comment id %r appears twice; keeping the first", url, comment.id)
            continue
        seen.add(comment.id)
        kept.append(comment)
    return kept


def diff_comments(
    stored: Mapping[str, Row],
    incoming: Sequence[Comment],
    *,
    article_id: int,
    at: datetime,
) -> CommentDiff:
    """Inserts for new comments, updates for the stored ones that differ.

    ``stored`` maps site ids to stored column values (:data:`STORED_COLUMNS`). A comment
    counts as changed when its text or votes changed; a new position, reply count or parent
    is written without counting. A stored posting time is kept when the page no longer
    shows one.
    """
    diff = CommentDiff()
    for comment in incoming:
        values = comment_values(comment)
        old = stored.get(comment.id)
        if old is None:
            diff.inserts.append(
                {**values, "article_id": article_id, "first_seen": at, "updated_at": at}
            )
            continue
        if values["posted"] is None:
            values["posted"] = old["posted"]
        if all(values[c] == old[c] for c in (*INDEXED, *PLAIN)):
            continue
        diff.changed += any(values[c] != old[c] for c in COUNTED)
        update = {"id": old["id"], "updated_at": at, **{c: values[c] for c in PLAIN}}
        if any(values[c] != old[c] for c in INDEXED):
            diff.reindexed.append({**update, **{c: values[c] for c in INDEXED}})
        else:
            diff.plain.append(update)
    return diff


def new_article_values(article: Article, *, gist: str, at: datetime) -> dict[str, Any]:
    return {
        "key": thread_key(article),
        "url": article.url,
        "discussion_url": article.discussion_url,
        "guid": article.guid,
        "source": article.source,
        "title": article.title,
        "published": article.published,
        "body": list(article.body),
        "gist": gist,
        "comment_count": article.comment_count,
        "first_seen": at,
        "last_fetched": at,
        "last_activity": at,
    }


def article_changes(stored: Row, article: Article, *, gist: str) -> dict[str, Any]:
    """Columns of a stored article to update from a new fetch of it.

    What a fetch did not deliver (no body, no published time, no guid, an empty gist) keeps
    its stored value: a refresh that only re-reads the thread does not erase the article.
    """
    wanted: dict[str, Any] = {
        "url": article.url,
        "title": article.title,
        "comment_count": article.comment_count,
    }
    optional = {
        "discussion_url": article.discussion_url,
        "guid": article.guid,
        "source": article.source or None,
        "published": article.published,
        "body": list(article.body) or None,
        "gist": gist or None,
    }
    wanted.update({k: v for k, v in optional.items() if v is not None})
    return {k: v for k, v in wanted.items() if stored[k] != v}


def to_article(row: Row, comments: Iterable[Comment] = ()) -> Article:
    return Article(
        url=row["url"],
        title=row["title"],
        published=row["published"],
        body=tuple(row["body"]),
        comments=tuple(comments),
        comment_count=row["comment_count"],
        source=row["source"],
        guid=row["guid"],
        discussion_url=row["discussion_url"],
    )
