"""A generated Japan Today-style page with many comments (for the large-thread test and bench)."""

from __future__ import annotations

AUTHORS = ("dan", "OssanAmerica", "Peter Neil", "kurisupisu", "Yubaru", "Aly", "wallace")


def votes_of(index: int) -> tuple[int, int]:
    """(up, down) of comment ``index``."""
    return (index * 7) % 23, (index * 5) % 11


def japantoday_thread_html(count: int) -> str:
    """An article page with ``count`` comments, ids ``comment-<index>``, every 10th a reply
    quoting the comment before it."""
    blocks = []
    for index in range(count):
        up, down = votes_of(index)
        author = AUTHORS[index % len(AUTHORS)]
        hour, minute = 1 + index % 11, index % 60
        quote = ""
        if index % 10 == 9:
            previous = AUTHORS[(index - 1) % len(AUTHORS)]
            when = f"{1 + (index - 1) % 11:02d}:{(index - 1) % 60:02d}"
            quote = (
                f'<blockquote class="comment-quote"><div class="quote-header">{previous}'
                f"<span>Today  {when} pm JST</span></div>"
                f"<p>Comment number {index - 1} says tariffs hurt both economies.</p></blockquote>"
            )
        blocks.append(
            f'<div class="comment" id="comment-{index}"><div class="comment-meta">'
            f'<a class="comment-avatar" href="/member/{author}"><img src="/a.png" alt=""></a>'
            f'<a class="comment-user" href="/member/{author}">{author}</a> '
            f'<span class="comment-time">Today  {hour:02d}:{minute:02d} pm JST</span></div>'
            f'<div class="comment-text">{quote}'
            f"<p>Comment number {index} says tariffs hurt both economies.</p>"
            f"<p>Second paragraph of comment {index}, with a few more words in it.</p></div>"
            f'<div class="comment-footer"><div class="comment-vote">'
            f'<a class="vote-btn vote-up" href="#"><i class="icon-thumbs-up"></i></a>'
            f'<span class="vote-count">{up - down} ( +{up} / -{down} )</span>'
            f'<a class="vote-btn vote-down" href="#"><i class="icon-thumbs-down"></i></a></div>'
            f'<a href="#comment-form">Quote</a> <a href="/report/{index}">Report</a></div></div>\n'
        )
    return (
        "<!DOCTYPE html><html><head><title>Tariff thread - Japan Today</title>"
        '<meta property="article:published_time" content="2025-06-29T07:35:00+09:00"></head>'
        '<body><header><nav><a href="/">Japan Today</a></nav></header>'
        '<main><article><h1>Tariff thread</h1><div class="article-body">'
        "<p>Japan and the United States held another round of tariff talks.</p>"
        "<p>No agreement was reached.</p></div></article>"
        f'<section id="comments"><h2>{count} Comments</h2><div class="comments-list">'
        + "".join(blocks)
        + '</div></section></main><aside class="sidebar"><h3>Trending</h3></aside></body></html>'
    )
