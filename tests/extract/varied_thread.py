"""Japan Today-style threads whose comment blocks vary the way real ones do (and worse).

Most blocks share one markup so that a thread has a dominant shape; each block then draws a
few variations: more or fewer paragraphs, quotes (blockquote, glued quote header, trailing
attribution), inline markup and entities, a missing or odd author link, a time that does not
parse, an extra wrapper, a hidden element, an inline script (which leaves two text nodes side
by side once scripts are stripped), a long footer, a reply nested inside its parent, no id.
The same ``seed`` always gives the same page.
"""

from __future__ import annotations

import random

AUTHORS = ("dan", "OssanAmerica", "Peter Neil", "kurisupisu", "Yubaru", "Aly", "wallace", "M&M")
SENTENCES = (
    "Tariffs hurt both economies and nobody wins.",
    "Japan should walk away from these talks.",
    "The yen is the real story here, not the cars.",
    "Rice farmers will never accept cheap imports.",
    "Section 232 duties were always about politics.",
    "Lol.",
    "OK",
    "Reply",
    "Toyota & Honda will absorb the cost, as usual.",
    "Prices < wages, again > anything else.",
    "That is exactly what they said in 2019...",
    "https://www.trade.gov/country-commercial-guides/japan-trade-barriers",
    "Today 06:39 pm JST",
    "A very long paragraph that goes on and on about the negotiations, the envoys, the phone "
    "calls at midnight and the fifteen minutes that were all anybody in Washington could spare.",
)
#: Every variation a block may draw; each one is off in most blocks.
VARIATIONS = (
    "quote",
    "quote_header",
    "attribution",
    "inline",
    "entity",
    "no_author",
    "author_span",
    "glued_author",
    "long_author",
    "bad_time",
    "time_element",
    "wrapper",
    "hidden",
    "script",
    "comment_node",
    "long_footer",
    "nested_reply",
    "no_id",
    "anchor_id",
    "empty_paragraph",
    "br",
    "vote_wrapper",
    "user_link_in_text",
    "nbsp",
)


def _paragraph(rng: random.Random, index: int, variations: set[str]) -> str:
    text = f"Comment {index}: {rng.choice(SENTENCES)}"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "inline" in variations and rng.random() < 0.5:
        text += ' See <a href="https://example.com/a?x=1&amp;y=2">this</a> and <b>that</b>.'
    if "entity" in variations and rng.random() < 0.5:
        text += " &amp;&nbsp;&#169; &quot;quoted&quot;"
    if "nbsp" in variations and rng.random() < 0.5:
        text = "&nbsp;" + text + "\u00a0"
    if "br" in variations and rng.random() < 0.5:
        text += "<br>and a second line"
    if "script" in variations and rng.random() < 0.5:
        text = text[: len(text) // 2] + "<script>var x = 1;</script>" + text[len(text) // 2 :]
    if "user_link_in_text" in variations and rng.random() < 0.5:
        text += ' cc <a href="/member/dan">dan</a>'
    return f"<p>{text}</p>"


def _block(rng: random.Random, index: int, variations: set[str], previous: list[str]) -> str:
    author = AUTHORS[index % len(AUTHORS)].replace("&", "&amp;")
    hour, minute = 1 + index % 11, index % 60
    when = f"Today  {hour:02d}:{minute:02d} pm JST"
    if "bad_time" in variations:
        when = rng.choice(("sometime", "Jul. 6", "", "99:99 pm JST"))
    time_markup = f'<span class="comment-time">{when}</span>'
    if "time_element" in variations:
        time_markup = (
            f'<time datetime="2025-06-29T{hour + 8:02d}:{minute:02d}:00+09:00">{when}</time>'
        )
    if "no_author" in variations:
        author_markup = ""
    elif "author_span" in variations:
        author_markup = f'<span class="author">{author}</span> '
    elif "glued_author" in variations:
        author_markup = f'<a class="comment-user" href="/member/{author}">{author}{when}</a> '
    elif "long_author" in variations:
        author_markup = (
            f'<a class="comment-user" href="/member/x">{"x" * rng.choice((61, 130))}</a> '
        )
    else:
        author_markup = (
            f'<a class="comment-avatar" href="/member/{author}"><img src="/a.png" alt=""></a>'
            f'<a class="comment-user" href="/member/{author}">{author}</a> '
        )
    if "comment_node" in variations:
        author_markup += "<!-- meta -->"
    quote = ""
    if previous and "quote" in variations:
        quoted = rng.choice(previous)
        header = ""
        if "quote_header" in variations:
            quoted_author = AUTHORS[(index - 1) % len(AUTHORS)]
            header = f'<div class="quote-header">{quoted_author}<span>{when}</span></div>'
        quote = f'<blockquote class="comment-quote">{header}{quoted}</blockquote>'
    elif previous and "quote_header" in variations:
        quote = (
            f'<div class="quote-header">{AUTHORS[(index - 1) % len(AUTHORS)]}Today  01:00 pm JST'
            f"</div>{rng.choice(previous)}"
        )
    paragraphs = [_paragraph(rng, index, variations) for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))]
    if "attribution" in variations and previous:
        inner = rng.choice(previous)[3:-4]
        paragraphs.insert(0, f"<p>{inner}........{AUTHORS[(index + 3) % len(AUTHORS)]}</p>")
    if "empty_paragraph" in variations:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(("<p></p>", "<p> </p>")))
    if "hidden" in variations:
        paragraphs.append('<p style="display:none">hidden moderation note</p>')
    previous.append(paragraphs[-1] if paragraphs[-1].startswith("<p>") else paragraphs[0])
    up, down = (index * 7) % 23, (index * 5) % 11
    vote = f'<span class="vote-count">{up - down} ( +{up} / -{down} )</span>'
    if "vote_wrapper" in variations:
        vote = f"<div><b>{vote}</b></div>"
    footer_extra = f'<a href="#comment-form">Quote</a> <a href="/report/{index}">Report</a>'
    if "long_footer" in variations:
        footer_extra += (
            " <span>This comment was edited by the moderators for length and tone.</span>"
        )
    nested = ""
    if "nested_reply" in variations:
        nested = (
            f'<div class="comment" id="reply-{index}"><div class="comment-meta">'
            f'<a class="comment-user" href="/member/reply{index}">reply{index}</a> '
            f'<span class="comment-time">{when}</span></div><div class="comment-text">'
            f'<p>A nested reply to comment {index}.</p></div><div class="comment-footer">'
            f'<div class="comment-vote"><span class="vote-count">1 ( +1 / -0 )</span></div>'
            f"</div></div>"
        )
    ident = "" if "no_id" in variations or "anchor_id" in variations else f' id="comment-{index}"'
    before = f'<a name="c{index}"></a>' if "anchor_id" in variations else ""
    block = (
        f'{before}<div class="comment"{ident}><div class="comment-meta">{author_markup}'
        f'{time_markup}</div><div class="comment-text">{quote}{"".join(paragraphs)}</div>'
        f'<div class="comment-footer"><div class="comment-vote">'
        f'<a class="vote-btn vote-up" href="#"><i class="icon-thumbs-up"></i></a>{vote}'
        f'<a class="vote-btn vote-down" href="#"><i class="icon-thumbs-down"></i></a></div>'
        f"{footer_extra}</div>{nested}</div>\n"
    )
    if "wrapper" in variations:
        block = f'<div class="comment-wrap">{block}</div>'
    return block


def varied_thread_html(
    seed: int,
    count: int,
    *,
    rate: float = 0.15,
    odd: dict[int, tuple[str, ...]] | None = None,
) -> str:
    """A page of ``count`` comments; each variation is on in a block with probability ``rate``,
    and ``odd`` forces the listed variations on given blocks (``{500: ("wrapper",)}``)."""
    rng = random.Random(seed)
    odd = odd or {}
    previous: list[str] = []
    blocks = []
    for index in range(count):
        variations = {name for name in VARIATIONS if rng.random() < rate}
        variations.update(odd.get(index, ()))
        blocks.append(_block(rng, index, variations, previous))
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
