"""Digests as Markdown for the console (and anywhere Markdown is read): headers, links,
quotes with attribution. User text is neutralized (no pings, no invisible tricks, no masked
links) but not escaped, so it reads as written."""

from __future__ import annotations

from collections.abc import Sequence

from bot.models import Comment, Digest, DigestEntry, Viewpoint
from bot.ranking import has_votes
from bot.text import neutralize_mentions, normalize_ws, truncate, vote_label

EXCERPT_CHARS = 300


def render_markdown(digest: Digest) -> str:
    """The whole digest as one Markdown document."""
    topic = _plain(digest.topic) or "news"
    when = digest.generated_at.strftime("%Y-%m-%d %H:%M %Z").strip()
    lines = [f"# {topic.capitalize()} digest — {when}", ""]
    if not digest.entries and not digest.more:
        lines += ["No articles with reader discussion were found for this digest.", ""]
    for entry in digest.entries:
        lines += _entry(entry)
    if digest.more:
        lines += [f"## More on {topic}", ""]
        for article in digest.more:
            count = max(article.comment_count, len(article.comments))
            lines.append(f"- {_link(article.title, article.url)} · {_count(count, 'comment')}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _entry(entry: DigestEntry) -> list[str]:
    article, discussion = entry.article, entry.discussion
    stats = [_count(max(article.comment_count, len(article.comments)), "comment")]
    if has_votes(article.comments):
        stats.append(_count(entry.votes, "vote"))
    if article.source:
        stats.append(_plain(article.source))
    if article.published is not None:
        stats.append("published " + article.published.strftime("%Y-%m-%d %H:%M %Z").strip())
    lines = [f"## {_link(article.title, article.url)}", "", f"*{' · '.join(stats)}*", ""]
    if entry.gist:
        lines += [_plain(entry.gist), ""]
    lines += [f"**What readers say.** {_plain(discussion.summary)}", ""]
    if discussion.viewpoints:
        lines += ["**Viewpoints**", ""]
        lines += [_viewpoint(v) for v in discussion.viewpoints]
        lines.append("")
    if discussion.top_comments:
        lines += ["**Top comments**", ""]
        lines += _top(discussion.top_comments)
        lines.append("")
    if discussion.controversial is not None:
        lines += [f"**Most divisive:** {_excerpt(discussion.controversial)}", ""]
    if discussion.ranking_note:
        lines += [f"_{_plain(discussion.ranking_note)}_", ""]
    for other, other_discussion in entry.other_discussions:
        where = _link(_plain(other.source) or "elsewhere", other.discussion_url or other.url)
        count = _count(max(other.comment_count, len(other.comments)), "comment")
        summary = _plain(other_discussion.summary)
        note = (
            f" _{_plain(other_discussion.ranking_note)}_" if other_discussion.ranking_note else ""
        )
        lines.append(f"Also discussed on {where} ({count}): {summary}{note}")
    if entry.other_discussions:
        lines.append("")
    lines += ["---", ""]
    return lines


def _viewpoint(viewpoint: Viewpoint) -> str:
    quote = viewpoint.quote
    who = _attribution(quote.author, quote.score, quote.up, quote.down)
    size = _count(len(viewpoint.comment_ids), "comment")
    words = truncate(_plain(quote.text), EXCERPT_CHARS)
    return f"- **{_plain(viewpoint.label)}** ({size}): “{words}” {who}"


def _top(comments: Sequence[Comment]) -> list[str]:
    return [f"{i}. {_excerpt(c)}" for i, c in enumerate(comments, start=1)]


def _excerpt(comment: Comment) -> str:
    words = truncate(_plain(comment.text), EXCERPT_CHARS)
    return f"“{words}” {_attribution(comment.author, comment.score, comment.up, comment.down)}"


def _attribution(author: str, score: int | None, up: int | None, down: int | None) -> str:
    who = _plain(author) or "anonymous"
    votes = vote_label(score, up, down)
    return f"— {who} ({votes})" if votes else f"— {who}"


def _link(text: str, url: str) -> str:
    label = (_plain(text) or url).replace("[", "\\[").replace("]", "\\]")
    if not url.startswith(("http://", "https://")):
        return label
    return f"[{label}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"


def _plain(text: str) -> str:
    return normalize_ws(neutralize_mentions(text))


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
