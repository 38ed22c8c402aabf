"""Assembling a digest: merge the same story found in several places, choose what to show.

Pure functions over articles and their summarized discussions; the digest service supplies
the data and delivery renders the result.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from bot.models import Article, Digest, DigestEntry, Discussion
from bot.summarize.extractive import article_gist

log = logging.getLogger(__name__)

TITLE_SIMILARITY = 0.8  # Jaccard similarity of normalized title words for "the same story"
MIN_TITLE_WORDS = 3  # shorter titles ("Live updates") never merge on the title alone

_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|comment-order|cmp)$")
_TITLE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Source tags that feeds append or prepend to titles: "… - Reuters", "… | Japan Today".
_TITLE_TAIL = re.compile(r"\s+[-|–—]\s+[^-|–—]{1,40}$")


def story_url_key(url: str) -> str:
    """The part of an article URL that names the story: host without ``www.``, path without a
    trailing slash, query without tracking parameters; scheme and fragment ignored."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    )
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{urlencode(query)}" if query else "")


def title_words(title: str, *, strip_tag: bool = False) -> frozenset[str]:
    """Lower-case words of a title, optionally without a trailing tag ("… - Reuters")."""
    if strip_tag:
        title = _TITLE_TAIL.sub("", title.strip())
    words = _TITLE_WORD.findall(title.lower().replace("’", "'"))
    return frozenset(w.removesuffix("'s") for w in words)


_TitleWords = tuple[frozenset[str], frozenset[str]]


def _title_variants(title: str) -> _TitleWords:
    return title_words(title), title_words(title, strip_tag=True)


def _similar(a: _TitleWords, b: _TitleWords) -> bool:
    return any(
        min(len(wa), len(wb)) >= MIN_TITLE_WORDS and len(wa & wb) / len(wa | wb) >= TITLE_SIMILARITY
        for wa, wb in zip(a, b, strict=True)
    )


def same_title(a: str, b: str) -> bool:
    """Near-identical titles: word-set Jaccard ≥ :data:`TITLE_SIMILARITY`, as given or with a
    trailing source tag removed from both."""
    return _similar(_title_variants(a), _title_variants(b))


def group_same_story(articles: Sequence[Article]) -> list[list[Article]]:
    """Articles grouped by story: the same canonical URL, or near-identical titles.

    Groups keep the order of their earliest article in the input. Within a group the article
    read from its own page comes first (its title, body and link are the publisher's), then
    the one with the most comments (ties keep input order): it becomes the digest entry, the
    others (Reddit, Hacker News threads about it) its "also discussed on" links.
    """
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    by_url: dict[str, int] = {}
    titles = [_title_variants(a.title) for a in articles]
    for i, article in enumerate(articles):
        for url in dict.fromkeys((article.url, article.discussion_url or article.url)):
            key = story_url_key(url)
            if key in by_url:
                join(by_url[key], i)
            else:
                by_url[key] = i
        for j in range(i):
            if root(i) != root(j) and _similar(titles[i], titles[j]):
                join(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(root(i), []).append(i)
    result = []
    for members in groups.values():
        ordered = sorted(
            members,
            key=lambda i: (
                articles[i].discussion_url is not None,
                -_discussion_size(articles[i]),
                i,
            ),
        )
        result.append([articles[i] for i in ordered])
    return result


def _discussion_size(article: Article) -> int:
    return max(article.comment_count, len(article.comments))


def make_entry(group: Sequence[tuple[Article, Discussion]]) -> DigestEntry:
    """One digest entry for a story: the first article is the main one, the rest are listed as
    other discussions. The gist comes from the first article in the group that has a body."""
    if not group:
        raise ValueError("make_entry needs at least one (article, discussion) pair")
    (article, discussion), *others = group
    gist = next((g for g in (article_gist(a) for a, _ in group) if g), "")
    return DigestEntry(
        article=article,
        gist=gist,
        discussion=discussion,
        other_discussions=tuple((a, d) for a, d in others),
    )


def entry_comment_count(entry: DigestEntry) -> int:
    """Comments on the story across all the places it is discussed."""
    return _discussion_size(entry.article) + sum(
        _discussion_size(a) for a, _ in entry.other_discussions
    )


def build_digest(
    topic: str,
    entries: Sequence[DigestEntry],
    *,
    now: datetime,
    max_articles: int = 10,
    min_comments: int = 0,
) -> Digest:
    """A digest of ``entries`` in the given order: entries with fewer than ``min_comments``
    comments (across all their discussions) are left out; beyond ``max_articles`` the rest
    are listed by title only (``Digest.more``)."""
    if max_articles < 0:
        raise ValueError(f"max_articles must be 0 or more, not {max_articles}")
    kept = [e for e in entries if entry_comment_count(e) >= min_comments]
    dropped = len(entries) - len(kept)
    if dropped:
        log.debug("digest %r: %d entries under %d comments left out", topic, dropped, min_comments)
    return Digest(
        topic=topic,
        entries=tuple(kept[:max_articles]),
        generated_at=now,
        more=tuple(e.article for e in kept[max_articles:]),
    )
