"""HTML extraction of articles and their comment threads (pure functions, no I/O).

The entry point is :func:`extract_article`; a thread spread over several pages is read page by
page with :func:`read_page` and joined with :func:`assemble_article`. Long threads are read fast
by replaying the walk of alike comment blocks (:mod:`bot.extract.template`);
:func:`extract_article_slow` walks every block and always gives the same Article.
"""

from bot.extract.article import (
    Page,
    assemble_article,
    canonical_url,
    clean_title,
    extract_article,
    extract_article_slow,
    read_page,
)
from bot.extract.pagination import find_next_page
from bot.extract.quotes import resolve_comments
from bot.extract.times import parse_iso, parse_posted, split_byline
from bot.extract.votes import Votes, read_vote_line

__all__ = [
    "Page",
    "Votes",
    "assemble_article",
    "canonical_url",
    "clean_title",
    "extract_article",
    "extract_article_slow",
    "find_next_page",
    "parse_iso",
    "parse_posted",
    "read_page",
    "read_vote_line",
    "resolve_comments",
    "split_byline",
]
