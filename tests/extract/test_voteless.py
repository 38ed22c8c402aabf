"""Threads that show no votes (WordPress, Disqus, Discourse): found by structure, votes None."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from bot.errors import ExtractionError
from bot.extract import extract_article, extract_article_slow
from bot.extract.voteless import comment_regions, read_count_label
from bot.models import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "voteless"
FETCHED = datetime(2025, 7, 6, tzinfo=UTC)


def _extract(name: str, url: str) -> Article:
    html = (FIXTURES / name).read_text(encoding="utf-8")
    return extract_article(html, url, fetched_at=FETCHED, source="test", site_tz="UTC")


def _rows(article: Article) -> list[tuple[object, ...]]:
    return [(c.id, c.author, c.posted, c.parent, c.text) for c in article.comments]


def test_wordpress_thread_with_nested_replies() -> None:
    article = _extract("wordpress.html", "https://tradedesk.example/2025/07/01/tariffs-bite/")
    assert article.title == "Tariffs bite small importers"
    assert article.comment_count == 5
    assert _rows(article) == [
        (
            "comment-11",
            "Alice",
            datetime(2025, 7, 1, 9, 15, tzinfo=UTC),
            None,
            "We import cast-iron pans from Italy and our landed cost is up 30 percent since May."
            "\n\nCustomers do not see why a pan now costs more than last year.",
        ),
        (
            "comment-12",
            "Bob Tanaka",
            datetime(2025, 7, 1, 9, 40, tzinfo=UTC),  # 18:40 +09:00
            "comment-11",
            "Same here with ceramics. We moved two product lines to a Vietnamese supplier.",
        ),
        (
            "comment-14",
            "Alice",
            datetime(2025, 7, 1, 11, 5, tzinfo=UTC),
            "comment-12",
            "Did the move cost you more than a season of tariffs would have?",
        ),
        (
            "comment-13",
            "Carol",
            datetime(2025, 7, 2, 7, 30, tzinfo=UTC),
            None,
            "Nobody mentions that the big retailers negotiated exemptions months ago.",
        ),
        (  # a reply by quotation, not by nesting
            "comment-15",
            "Dev",
            datetime(2025, 7, 2, 10, 0, tzinfo=UTC),
            "comment-13",
            "They did, and it is in the Federal Register for anyone to read.",
        ),
    ]
    assert all(c.score is None and c.up is None and c.down is None for c in article.comments)
    assert [c.replies for c in article.comments] == [1, 1, 0, 1, 0]
    assert article.body[0].startswith("Small importers say the new 25 percent tariff")
    assert len(article.body) == 2  # comments are not article text


def test_disqus_static_markup() -> None:
    article = _extract("disqus.html", "https://harbor.example/port-fees")
    assert article.comment_count == 4
    assert _rows(article) == [
        (
            "post-6201",
            "Marina K",
            datetime(2025, 7, 1, 11, 0, tzinfo=UTC),
            None,
            "Surcharges like this never go away once the tariffs are lifted.",
        ),
        (
            "post-6205",
            "H. Wong",
            datetime(2025, 7, 1, 14, 30, tzinfo=UTC),
            "post-6201",
            "The bunker surcharge from 2008 is still on my invoices, so yes.",
        ),
        (
            "post-6210",
            "freightguy",
            datetime(2025, 7, 2, 8, 15, tzinfo=UTC),
            None,
            "Rotterdam to Long Beach was 2,100 dollars a box in May.\n\nIt is 3,400 now.",
        ),
        (
            "post-6214",
            "Yuki Sato",
            datetime(2025, 7, 2, 21, 5, tzinfo=UTC),
            None,
            "Who actually pays it in the end? The shopper, every time.",
        ),
    ]


def test_discourse_topic_page() -> None:
    article = _extract("discourse.html", "https://forum.example/t/steel-tariffs-bicycles/812")
    assert article.title == "Will the steel tariffs raise bicycle prices?"
    assert article.comment_count == 3
    assert _rows(article) == [
        (
            "post_1",
            "rinko",
            datetime(2025, 7, 4, 1, 0, tzinfo=UTC),
            None,
            "My shop says frame prices go up 8 percent in September.\n\n"
            "Is that the tariffs or just inflation?",
        ),
        (  # the quoted line is rinko's, not mtb_dave's own words
            "post_2",
            "mtb_dave",
            datetime(2025, 7, 4, 3, 30, tzinfo=UTC),
            "post_1",
            "Mostly tariffs. Steel and aluminium frames are both covered now.",
        ),
        (
            "post_3",
            "carbonfan",
            datetime(2025, 7, 5, 10, 0, tzinfo=UTC),  # 12:00 +02:00
            None,
            "Carbon frames from Taiwan were exempt last I checked.",
        ),
    ]


def test_news_page_with_related_and_popular_lists_has_no_comments() -> None:
    article = _extract("news-no-comments.html", "https://ledger.example/eu")
    assert article.title == "EU readies retaliation list"
    assert article.comments == ()
    assert article.comment_count == 0
    assert article.body == (
        "The European Commission has drawn up a list of US goods worth 90 billion euros that "
        "could face duties if talks fail.",
        "Bourbon, motorcycles and soybeans are on it again, diplomats said.",
    )


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("wordpress.html", "https://tradedesk.example/2025/07/01/tariffs-bite/"),
        ("disqus.html", "https://harbor.example/port-fees"),
        ("discourse.html", "https://forum.example/t/steel-tariffs-bicycles/812"),
        ("net-points.html", "https://forum.example/r/trade/comments/aa/talks"),
        ("slashdot.html", "https://news.example/story/26/11/20/tariff-refunds"),
        ("likes.html", "https://news.example/tariff-refunds"),
        ("recommends.html", "https://news.example/world/us-steel-tariffs"),
        ("wpdiscuz.html", "https://tradewatch.example/2026/11/rice-import-deal/"),
        ("hackernews-item.html", "https://news.ycombinator.com/item?id=44469500"),
        ("flat-depth.html", "https://farm-forum.example/t/rice-deal"),
        ("isso.html", "https://harbor.example/blog/port-fees"),
        ("substack.html", "https://tariffletter.example/p/why-the-auto-deal-matters/comments"),
        ("blogger.html", "https://tradenotes.example/2026/11/rice.html"),
        ("vbulletin.html", "https://forum.fab.example/showthread.php?t=7781"),
        ("phpbb.html", "https://forum.fab.example/viewtopic.php?t=4411"),
        ("remark42.html", "https://ricewatch.example/quota-deal"),
        (
            "old-reddit.html",
            "https://old.reddit.com/r/economics/comments/1lsq7x2/us_raises_tariffs/",
        ),
    ],
)
def test_walking_every_block_gives_the_same_thread(name: str, url: str) -> None:
    html = (FIXTURES / name).read_text(encoding="utf-8")
    slow = extract_article_slow(html, url, fetched_at=FETCHED, source="test", site_tz="UTC")
    assert _extract(name, url) == slow


_PAGE = """<html><head><title>Steel quotas</title></head><body>
<article><h1>Steel quotas</h1><div class="entry-content"><p>{body}</p></div></article>
<div id="comments" class="comments-area">{thread}</div></body></html>"""
_ONE_COMMENT = """<h2 class="comments-title">One thought on &ldquo;Steel quotas&rdquo;</h2>
<ol class="comment-list"><li id="comment-7" class="comment depth-1"><article class="comment-body">
<footer class="comment-meta"><b class="fn">Mia</b> <time datetime="2025-07-05T08:00:00Z">
July 5, 2025</time></footer><div class="comment-content"><p>Quotas are tariffs by another
name.</p></div></article></li></ol>"""


def _page(thread: str, body: str = "Brussels wants a new steel safeguard.") -> Article:
    html = _PAGE.format(thread=thread, body=body)
    return extract_article(html, "https://x.example/steel", fetched_at=FETCHED, site_tz="UTC")


def test_a_single_comment_is_found_and_counted() -> None:
    article = _page(_ONE_COMMENT)
    assert article.comment_count == 1
    assert _rows(article) == [
        (
            "comment-7",
            "Mia",
            datetime(2025, 7, 5, 8, 0, tzinfo=UTC),
            None,
            "Quotas are tariffs by another name.",
        )
    ]


def _liked(*actions: str) -> Article:
    """Comments whose action rows hold ``actions`` (HTML), one each."""
    thread = "".join(
        f'<li id="c{n}" class="comment"><b class="fn">user{n}</b> '
        f'<time datetime="2025-07-05T0{n}:00:00Z">July 5</time><p>Steel point number {n}.</p>'
        f'<div class="actions">{action} <a href="#c{n}">Reply</a></div></li>'
        for n, action in enumerate(actions, start=1)
    )
    return _page(f'<ol class="comment-list">{thread}</ol>')


def _like_button(count: str) -> str:
    return f'<button class="like-button">Like <span>{count}</span></button>'


def test_a_like_button_with_no_count_where_others_show_one_is_no_likes() -> None:
    article = _liked(_like_button("3"), _like_button(""), _like_button("12"))
    assert [(c.score, c.up, c.down) for c in article.comments] == [
        (3, 3, None),
        (0, 0, None),
        (12, 12, None),
    ]


def test_like_counts_shortened_or_with_a_thousands_point() -> None:
    """ "1.2K" (YouTube), "1.1万" (Bilibili), "1.286" (VnExpress: a thousands point)."""
    article = _liked(*map(_like_button, ("1.2K", "1.1万", "1.286", "7")))
    assert [c.up for c in article.comments] == [1200, 11000, 1286, 7]


def test_a_like_count_after_a_silent_icon_beside_a_like_link() -> None:
    """Facebook's comments plugin: "Like · Reply · <icon>34 · 17h"; a bar showing no count
    beside its time is no likes; an icon saying it counts replies counts no likes."""
    bar = (
        '<a href="#" role="button">Like</a> · <span><i class="img sp_x"></i>{}</span> · '
        '<abbr data-utime="1751965920">17h</abbr>'
    )
    replies = '<a href="#" role="button">Like</a> · <span><i class="icon-replies"></i>4</span>'
    article = _liked(bar.format(34), bar.format(""), bar.format(5), replies)
    assert [c.up for c in article.comments] == [34, 0, 5, None]


def test_a_score_hidden_for_now_is_not_taken_for_none() -> None:
    article = _liked(_like_button("3"), _like_button("[score hidden]"), _like_button("12"))
    assert [c.score for c in article.comments] == [3, None, 12]


def test_only_a_like_control_where_others_show_a_count_is_no_likes() -> None:
    """The count beside the button, in the row that holds both: a row with the button and
    no count is no likes; a row without the button (a moderator's note) says nothing."""
    count = '<span class="likes">{}</span><button aria-label="Like this comment"></button>'
    article = _liked(count.format(3), "<b>Moderator</b>", count.format(""), count.format(12))
    assert [c.score for c in article.comments] == [3, None, 0, 12]


def test_comments_closed_region_gives_no_comments() -> None:
    article = _page('<p class="no-comments">Comments are closed.</p>')
    assert article.comments == () and article.comment_count == 0


def test_a_list_of_links_in_the_comments_area_is_not_a_thread() -> None:
    links = "".join(
        f'<li class="recentcomments"><span class="comment-author-link">{name}</span> on '
        f'<a href="/p/{n}">Steel quotas return</a> <time datetime="2025-07-0{n}T08:00:00Z">'
        f"July {n}</time></li>"
        for n, name in ((1, "Ann"), (2, "Ben"), (3, "Cy"))
    )
    article = _page(f'<ul class="recent-comments">{links}</ul>')
    assert article.comments == ()


def test_a_count_heading_in_article_text_is_not_an_announcement() -> None:
    html = """<html><head><title>Quotas</title></head><body><article><h1>Quotas</h1>
    <div class="entry-content"><p>Brussels wants a new steel safeguard.</p>
    <h3>3 thoughts on the new quotas</h3><p>First, they expire in 2026.</p></div></article>
    <nav><h2>Comments (12)</h2><ul><li><a href="/x">Elsewhere</a></li></ul></nav></body></html>"""
    article = extract_article(html, "https://x.example/q", fetched_at=FETCHED, site_tz="UTC")
    assert article.comments == () and article.comment_count == 0


def test_announced_thread_that_cannot_be_read_is_an_error() -> None:
    thread = '<h2 class="comments-title">12 Responses</h2><div class="comment-list"></div>'
    with pytest.raises(ExtractionError, match="announces 12 comments"):
        _page(thread)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("3 thoughts on “Tariffs bite small importers”", 3),
        ("One thought on “Steel quotas”", 1),
        ("12 Responses", 12),
        ("12 Responses to “Port fees”", 12),
        ("Comments (12)", 12),
        ("12 comments", 12),
        ("1 reply", 1),
        ("Join the discussion: 4 comments", 4),
        ("1,204 Comments", 1204),
        ("No comments", 0),
        # the other languages comments come in
        ("12 Kommentare", 12),
        ("Kommentare (12)", 12),
        ("8 Antworten", 8),
        ("12 commentaires", 12),
        ("Комментарии 11", 11),
        ("45 комментариев", 45),
        ("コメント（27件）", 27),
        ("その他の回答（7件）", 7),
        ("12件のコメント", 12),
        ("全部评论(12)", 12),
        ("12 条评论", 12),
        ("댓글 1,284", 1284),
        ("전체 댓글 12개", 12),
    ],
)
def test_count_labels(text: str, count: int) -> None:
    assert read_count_label(text) == count


@pytest.mark.parametrize(
    "text",
    [
        "Comments",
        "Leave a Reply",
        "Most popular",
        "Related articles",
        "3 things to know about tariffs",
        "We received 12 comments from readers last week about the change.",
        "Kommentare",
        "2025年の回答",
        "Top 10 Kommentare heute",
    ],
)
def test_not_count_labels(text: str) -> None:
    assert read_count_label(text) is None


def test_time_given_as_plain_text_and_ids_from_data_attributes() -> None:
    thread = "".join(
        f'<div class="c-item" data-id="c{n}"><span class="username">{name}</span>'
        f"<div>July {n}, 2025 at 8:0{n} am</div><div class=body><p>{text}</p></div></div>"
        for n, name, text in (
            (4, "Ann", "Quotas will raise car prices"),
            (5, "Ben", "Only for imported steel."),
        )
    )
    article = _page(f'<h2>2 comments</h2><div class="discussion">{thread}</div>')
    assert article.comment_count == 2
    assert _rows(article) == [
        ("c4", "Ann", datetime(2025, 7, 4, 8, 4, tzinfo=UTC), None, "Quotas will raise car prices"),
        ("c5", "Ben", datetime(2025, 7, 5, 8, 5, tzinfo=UTC), None, "Only for imported steel."),
    ]


def test_a_date_alone_on_a_line_under_the_name() -> None:
    """Medium's responses: the name in a profile link, then the response's permalink showing
    only "Jul 4" (no year, no time of day) on a line of its own, then the words."""
    thread = "".join(
        f'<div class="pw-response"><div><a href="/@{name.lower()}"><p>{name}</p></a>'
        f'<a href="/p/{n}abc?source=post_responses"><p>Jul {n}</p></a></div>'
        f"<pre>{text}</pre></div>"
        for n, name, text in (
            (4, "Ann", "Quotas will raise car prices for everyone"),
            (5, "Ben", "Only for imported steel, and not for long."),
        )
    )
    article = _page(f'<h2>Responses (2)</h2><div class="responses">{thread}</div>')
    assert [(c.author, c.posted, c.text) for c in article.comments] == [
        ("Ann", datetime(2025, 7, 4, tzinfo=UTC), "Quotas will raise car prices for everyone"),
        ("Ben", datetime(2025, 7, 5, tzinfo=UTC), "Only for imported steel, and not for long."),
    ]


def test_the_section_of_a_heading_marked_as_the_threads() -> None:
    """Nothing but the heading says where the thread is (NewsPicks' hashed classes under
    ``<h2 id="comments-heading">コメント</h2>``): the heading's section holds it."""
    thread = "".join(
        f'<div class="css-ewu"><a href="/user/{n}/" class="css-b1"><span>{name}</span></a>'
        f'<p class="css-d7">{text}</p><a href="/c/{n}/"><time datetime="2025-07-0{n}T08:00:00Z">'
        f"{n}日前</time></a></div>"
        for n, name, text in (
            (4, "高橋 亮", "分野別関税と別建て、というのが現場には一番重いです。"),
            (5, "森田 航", "書簡の文面はほぼ全ての国で同じテンプレートです。"),
        )
    )
    html = (
        "<html><head><title>関税</title></head><body><article><h1>関税</h1>"
        "<p>トランプ氏、日本と韓国に25%関税を通知。</p></article>"
        f'<section class="css-q1"><h2 id="comments-heading" class="css-cd">コメント</h2>'
        f"{thread}</section></body></html>"
    )
    article = extract_article(html, "https://x.example/n", fetched_at=FETCHED, site_tz="UTC")
    assert [(c.author, c.posted) for c in article.comments] == [
        ("高橋 亮", datetime(2025, 7, 4, 8, tzinfo=UTC)),
        ("森田 航", datetime(2025, 7, 5, 8, tzinfo=UTC)),
    ]


def _linked_times(*hrefs: str) -> Article:
    thread = "".join(
        f'<div class="c-item"><span class="username">{name}</span>'
        f'<a href="{href}"><time datetime="2025-07-0{n}T08:00:00Z">July {n}</time></a>'
        f"<div class=body><p>{text}</p></div></div>"
        for n, name, text, href in zip(
            (4, 5),
            ("Ann", "Ben"),
            ("Quotas will raise car prices", "Only for imported steel."),
            hrefs,
            strict=True,
        )
    )
    return _page(f'<div class="discussion">{thread}</div>')


def test_a_comment_without_an_id_takes_its_permalinks() -> None:
    """The link a comment's time is shown in is its permalink: its id is the link's last
    part, or the query's ``…id`` (steadier than a hash of its words, which an edit changes)."""
    article = _linked_times("/news/14412345/comment/31870021/", "/item?id=4411&p=2")
    assert [c.id for c in article.comments] == ["31870021", "4411"]


@pytest.mark.parametrize(
    "hrefs",
    [
        ("/story/tariffs-bite", "/story/tariffs-bite"),  # both link to the story
        ("/ann/20250704#bookmark-1", "/ben/20250705#bookmark-1"),  # a day's list (Hatena)
    ],
)
def test_a_time_linking_elsewhere_gives_no_id(hrefs: tuple[str, str]) -> None:
    article = _linked_times(*hrefs)
    assert [len(c.id) for c in article.comments] == [17, 17]  # "h" and a hash
    assert len({c.id for c in article.comments}) == 2


def _votes(article: Article) -> list[tuple[object, ...]]:
    return [(c.id, c.author, c.parent, c.score, c.up, c.down) for c in article.comments]


def test_net_points_are_the_score_when_a_site_shows_no_up_and_down() -> None:
    """Reddit's old markup: "152 points" in the tagline, replies nested in ``.child``."""
    article = _extract("net-points.html", "https://forum.example/r/trade/comments/aa/talks")
    assert _votes(article) == [
        ("thing_t1_aa1", "rice_farmer", None, 152, None, None),
        ("thing_t1_aa2", "econ101", "thing_t1_aa1", 48, None, None),
        ("thing_t1_aa3", "skeptic", None, -7, None, None),
    ]
    assert article.comments[0].text == (
        "Farm tariffs are the real sticking point here.\n\nNobody wants to give ground on rice."
    )


def test_slashdot_scores_with_their_labels_and_tilde_profile_links() -> None:
    article = _extract("slashdot.html", "https://news.example/story/26/11/20/tariff-refunds")
    assert _votes(article) == [
        ("tree_101", "ledger", None, 5, None, None),
        ("tree_102", "broker9", "tree_101", 2, None, None),
        ("tree_103", "anon", None, -1, None, None),
    ]
    # What is left of "by ledger on <time>" is not part of anyone's words.
    assert [c.text for c in article.comments] == [
        "Refunds always take longer than the collection did.",
        "Our clients filed in March and have heard nothing.",
        "Just stop importing then.",
    ]


def test_a_like_button_count_is_the_comments_upvotes() -> None:
    article = _extract("likes.html", "https://news.example/tariff-refunds")
    assert _votes(article) == [
        ("r1", "Kenji", None, 14, 14, None),
        ("r2", "Ana", None, 3, 3, None),
    ]


def test_a_like_count_whose_digit_is_also_in_the_words_is_still_the_like_count() -> None:
    """A "2" beside a like button is the likes even when the comment mentions "25%"; a number
    the comment's words hold as a word ("2 years") never is."""
    thread = """<h2>2 Comments</h2><ol class="comment-list">
    <li id="c1" class="comment"><b class="fn">Mia</b> <time datetime="2025-07-05T08:00:00Z">
    July 5</time><div class="comment-content"><p>The 25% rate is here to stay.</p></div>
    <a class="react" title="See who reacted Like"><span>2</span></a></li>
    <li id="c2" class="comment"><b class="fn">Ren</b> <time datetime="2025-07-05T09:00:00Z">
    July 5</time><div class="comment-content"><p>It took 2 years, <span>2</span></p></div>
    </li></ol>"""
    article = _page(thread)
    assert [(c.author, c.score, c.up) for c in article.comments] == [
        ("Mia", 2, 2),
        ("Ren", None, None),
    ]


@pytest.mark.parametrize(
    ("og_title", "heading", "title"),
    [
        ("Steel quotas - Trade - Metal News", "Steel quotas", "Steel quotas"),
        ("Japan - US talks stall | World", "Japan - US talks stall", "Japan - US talks stall"),
        ("Rice imports widen - Economics", "Rice imports widen (nikkei.com)", "Rice imports widen"),
        ("Rice imports - a quota", "Rice imports - a quota", "Rice imports - a quota"),
        ("r/Economics on Reddit: Rice imports rise", "Rice imports rise", "Rice imports rise"),
        ("Rice: imports rise", "Imports rise", "Rice: imports rise"),
        ("Rice imports rise - Economics", "Rice imports rise 5%", "Rice imports rise - Economics"),
    ],
)
def test_what_a_title_adds_after_the_headline_shown_on_the_page_goes(
    og_title: str, heading: str, title: str
) -> None:
    html = (
        f"<html><head><meta property='og:title' content='{og_title}'></head><body><article>"
        f"<h1>{heading}</h1><p>Brussels wants a new steel safeguard, officials said.</p>"
        "</article></body></html>"
    )
    article = extract_article(html, "https://x.example/a", fetched_at=FETCHED, site_tz="UTC")
    assert article.title == title


def test_an_avatars_initial_is_not_the_name_and_an_id_may_be_on_a_wrapper() -> None:
    """Flarum: the poster's heading links to their profile and holds their avatar's initial
    beside ``.username``; each post is the only ``<article>`` of a ``PostStream-item`` that
    carries its ``data-id``."""
    posts = "".join(
        f"<div class='PostStream-item' data-index='{n}' data-id='4821{n}'>"
        + ("<div class='PostStream-timeGap'><span>6 days later</span></div>" if n == 2 else "")
        + "<article class='Post CommentPost'><header class='Post-header'>"
        f"<h3 class='PostUser-name'><a href='/u/{name}'>"
        f"<span class='Avatar'>{name[0].upper()}</span>"
        f"<span class='username'>{name}</span></a></h3><time datetime='2025-07-2{n}T02:41:09Z'>"
        f"2{n} Jul</time></header><div class='Post-body'><p>{words}</p></div></article></div>"
        for n, name, words in [
            (1, "kenji_t", "The deal cuts the car tariff to 15%."),
            (2, "marta_v", "Exporters cut their dollar prices this spring."),
        ]
    )
    article = _page(f"<div class='PostStream'>{posts}</div>")
    assert [(c.id, c.author, c.text) for c in article.comments] == [
        ("48211", "kenji_t", "The deal cuts the car tariff to 15%."),
        ("48212", "marta_v", "Exporters cut their dollar prices this spring."),
    ]


def test_who_liked_a_comment_is_its_likes_not_its_words() -> None:
    thread = """<h2>2 Comments</h2><ol class="comment-list">
    <li id="c1" class="comment"><b class="fn">Mia</b> <time datetime="2025-07-05T08:00:00Z">
    July 5</time><div class="comment-content"><p>Quotas are tariffs by another name.</p></div>
    <div class="liked-by">Ren, Ali and 3 others like this.</div>
    <div class="mentioned-by">Ren replied to this.</div></li>
    <li id="c2" class="comment"><b class="fn">Ren</b> <time datetime="2025-07-05T09:00:00Z">
    July 5</time><div class="comment-content"><p>Not quite.</p><p>Those who like this.</p>
    <p>Nobody likes this.</p></div></li></ol>"""
    article = _page(thread)
    assert [(c.author, c.text, c.up) for c in article.comments] == [
        ("Mia", "Quotas are tariffs by another name.", 5),
        ("Ren", "Not quite.\n\nThose who like this.\n\nNobody likes this.", None),
    ]


def test_replies_in_an_aria_feed_with_a_display_name_beside_the_handle() -> None:
    """Mastodon's web view: the replies are ``<article>``s of a ``role="feed"`` list, each
    under a profile link whose display name holds the name and the account ("@kaori")."""
    replies = "".join(
        f"<article aria-posinset='{n}'><div class='status status-reply'><div class='status__info'>"
        f"<a class='status__relative-time' href='https://social.example/@{handle}/11{n}'>"
        f"<time datetime='2026-11-24T0{n}:10:00.000Z'>2d</time></a>"
        f"<a class='status__display-name' href='https://social.example/@{handle}'>"
        f"<span class='display-name'><bdi><strong class='display-name__html'>{name}</strong>"
        f"</bdi> <span class='display-name__account'>@{handle}</span></span></a></div>"
        f"<div class='status__content'><p>{words}</p></div></div></article>"
        for n, name, handle, words in [
            (1, "Kaori", "kaori", "Parts are outside the quota, so suppliers pay the full rate."),
            (2, "Ed Li", "econ_ed", "Quotas tend to fill early in the year."),
        ]
    )
    html = (
        "<html><head><title>Trade Watch: a 15% auto tariff</title></head><body><main>"
        "<div class='detailed-status'><p>Japan and the US agreed a 15% auto tariff.</p></div>"
        f"<div class='item-list' role='feed'>{replies}</div></main></body></html>"
    )
    article = extract_article(html, "https://social.example/@tw/1", fetched_at=FETCHED)
    assert [(c.author, c.text) for c in article.comments] == [
        ("Kaori", "Parts are outside the quota, so suppliers pay the full rate."),
        ("Ed Li", "Quotas tend to fill early in the year."),
    ]


@pytest.mark.parametrize(
    ("article", "body"),
    [
        (  # a byline says who and when, not what; a sentence with a date in it stays
            "<p>By Ann Lee, <time datetime='2025-07-05T08:00:00Z'>July 5</time> in Trade</p>"
            "<div class='entry-content'><p>Brussels wants a new steel safeguard, officials "
            "said on Friday.</p><p>By <time datetime='2025-07-09'>July 9</time> the quota is "
            "spent.</p></div>",
            (
                "Brussels wants a new steel safeguard, officials said on Friday.",
                "By July 9 the quota is spent.",
            ),
        ),
        (  # a date alone is no paragraph
            "<p>2025年07月08日</p><p>July 8, 2025</p><p>Brussels wants a new steel safeguard, "
            "officials said.</p>",
            ("Brussels wants a new steel safeguard, officials said.",),
        ),
        (  # a standfirst just above the body's element opens the story
            "<p class='perex'>Brussels wants a new steel safeguard before the current one "
            "runs out in June.</p><div class='entry-content'><p>Officials said so on "
            "Friday.</p></div>",
            (
                "Brussels wants a new steel safeguard before the current one runs out in June.",
                "Officials said so on Friday.",
            ),
        ),
        (  # a box of several paragraphs there is no standfirst; nor a short classed line
            "<div class='intro'><p>Read this first, a box of links to other stories.</p>"
            "<p>Another.</p></div><p class='lead'>Updated July 9</p><div class='entry-content'>"
            "<p>Officials said so on Friday.</p></div>",
            ("Officials said so on Friday.",),
        ),
        (  # an inline element before a comma adds no space
            "<p>After running <code>pytariff update</code>, lookups still return the "
            "<em>2024</em> rates (see <a href='/x'>the notes</a>).</p>",
            (
                "After running pytariff update, lookups still return the 2024 rates (see the "
                "notes).",
            ),
        ),
    ],
)
def test_the_paragraphs_of_an_articles_body(article: str, body: tuple[str, ...]) -> None:
    html = (
        "<html><head><title>Steel quotas</title></head><body><article><h1>Steel quotas</h1>"
        f"{article}</article></body></html>"
    )
    read = extract_article(html, "https://x.example/steel", fetched_at=FETCHED, site_tz="UTC")
    assert read.body == body


def test_a_comment_that_says_points_is_not_its_own_score() -> None:
    thread = """<h2>2 Comments</h2><ol class="comment-list">
    <li id="c1" class="comment"><b class="fn">Mia</b> <time datetime="2025-07-05T08:00:00Z">
    July 5</time><div class="comment-content"><p>12 points</p></div></li>
    <li id="c2" class="comment"><b class="fn">Ren</b> <time datetime="2025-07-05T09:00:00Z">
    July 5</time><div class="comment-content"><p>Fair enough, quotas work.</p></div></li></ol>"""
    article = _page(thread)
    assert [(c.author, c.text, c.score) for c in article.comments] == [
        ("Mia", "12 points", None),
        ("Ren", "Fair enough, quotas work.", None),
    ]


def test_recommend_counts_are_upvotes_and_replies_nest_in_response_lists() -> None:
    article = _extract("recommends.html", "https://news.example/world/us-steel-tariffs")
    assert article.title == "US raises tariffs on Japanese steel"
    assert _votes(article) == [
        ("1001", "tokyoreader", None, 212, 212, None),
        ("1002", "millworker", "1001", 9, 9, None),
        ("1003", "hkobserver", None, 57, 57, None),
    ]
    assert article.comments[1].text == "Not if the mills were never competitive to begin with."


def test_wpdiscuz_vote_results_are_net_scores_even_when_styled_up_or_down() -> None:
    """wpDiscuz shows one number between its arrows, classed ``wpd-vote-result wpd-up`` (or
    ``wpd-down``) by its sign: a net score, not an upvote count."""
    article = _extract("wpdiscuz.html", "https://tradewatch.example/2026/11/rice-import-deal/")
    assert article.title == "Japan weighs rice import deal"
    assert _votes(article) == [
        ("wpd-comm-201_0", "Kenta", None, 14, None, None),
        ("wpd-comm-202_201", "Maya R.", "wpd-comm-201_0", 3, None, None),
        ("wpd-comm-203_0", "anon", None, -2, None, None),
    ]
    assert article.comments[0].posted == datetime(2026, 11, 24, 9, 41, tzinfo=UTC)


def test_table_rows_with_relative_profile_links_and_a_navigation_byline() -> None:
    """Hacker News's item page: one table row a comment, the author a ``user?id=`` link with
    the class ``hnuser``, the time in ``span.age`` whose title gives it exactly, and
    "| parent | next [–]" after them, which is nobody's words. The rows are flat; the
    ``indent`` of each row's first cell says how deep it sits, so bob answers alice."""
    article = _extract("hackernews-item.html", "https://news.ycombinator.com/item?id=44469500")
    assert _rows(article) == [
        (
            "44470001",
            "alice",
            datetime(2025, 7, 5, 11, 0, tzinfo=UTC),
            None,
            "Tariffs are a tax paid by domestic buyers, not by Japan.\n\n"
            "The data from 2018 shows this pretty clearly.",
        ),
        (
            "44470002",
            "bob",
            datetime(2025, 7, 5, 11, 30, tzinfo=UTC),
            "44470001",
            "Automakers absorbed part of it in 2018, so prices rose less than the tariff.",
        ),
        (
            "44470003",
            "carol",
            datetime(2025, 7, 5, 12, 0, tzinfo=UTC),
            None,
            "Japan will probably respond with investment pledges rather than retaliation.",
        ),
    ]


def test_old_reddit_text_in_an_edit_form_and_the_score_shown_to_a_reader_who_did_not_vote() -> None:
    """Each comment's text sits in a form (for its author to edit) with nothing to fill in,
    and three scores stand side by side (voted down, not voted, voted up; the stylesheet
    shows one): the middle one is the score."""
    article = _extract(
        "old-reddit.html", "https://old.reddit.com/r/economics/comments/1lsq7x2/us_raises_tariffs/"
    )
    assert [(c.id, c.author, c.score, c.parent, c.text) for c in article.comments] == [
        (
            "thing_t1_aaa",
            "alice",
            152,
            None,
            "Tariffs are a tax paid by domestic buyers, not by Japan.",
        ),
        (
            "thing_t1_bbb",
            "bob",
            41,
            "thing_t1_aaa",
            "Automakers absorbed part of it in 2018.\n\nPrices rose less than the tariff.",
        ),
        ("thing_t1_ccc", "carol", -3, None, "Japan will respond with investment pledges."),
    ]
    assert article.comments[0].posted == datetime(2025, 7, 5, 11, 0, tzinfo=UTC)


def test_a_reply_form_inside_a_comment_is_not_its_words() -> None:
    thread = _ONE_COMMENT.replace(
        "name.</p></div>",
        'name.</p></div><form class="reply"><label>Leave a reply to Mia</label>'
        '<textarea name="c"></textarea><button>Post comment</button></form>',
    )
    [comment] = _page(thread).comments
    assert comment.text == "Quotas are tariffs by another name."


def test_a_byline_ending_in_actions_gives_its_name_and_time_and_bare_scores_are_read() -> None:
    """Lobsters: "alice 4 hours ago | link | flag" in one ``byline`` element, the score a bare
    number in ``div.score``, replies in a nested list."""
    article = _extract("lobsters.html", "https://lobste.rs/s/abc123/us_raises_tariffs")
    assert [(c.id, c.author, c.score, c.parent, c.text) for c in article.comments] == [
        ("c_c1", "alice", 12, None, "Tariffs are a tax paid by domestic buyers, not by Japan."),
        ("c_c2", "bob", 5, "c_c1", "Automakers absorbed part of it in 2018."),
        ("c_c3", "carol", -1, None, "Japan will respond with investment pledges."),
    ]
    assert article.comments[0].posted == FETCHED - timedelta(hours=4)


def test_forum_posts_without_the_posters_titles_and_the_action_bar() -> None:
    """XenForo (Ars Technica's forum): posts in ``block--messages``, the text in an element
    classed ``js-selectToQuote`` (quotable, not a quote), the poster's titles above the time,
    "+Quote Reply" in an action bar, a reply quoting its parent in a blockquote. The reactions
    bar's count (14 "Upvote" reactions) is the first post's likes; the second has none."""
    article = _extract("xenforo.html", "https://forum.example/threads/us-raises-tariffs.1501/")
    assert [(c.score, c.up, c.down) for c in article.comments] == [(14, 14, None), (None,) * 3]
    assert _rows(article) == [
        (
            "js-post-101",
            "alice",
            datetime(2025, 7, 5, 11, 0, tzinfo=UTC),
            None,
            "Tariffs are a tax paid by domestic buyers, not by Japan.\n\nThe 2018 data shows it.",
        ),
        (
            "js-post-102",
            "bob",
            datetime(2025, 7, 5, 11, 30, tzinfo=UTC),
            "js-post-101",
            "Automakers absorbed part of it in 2018.",
        ),
    ]


def test_vote_counts_in_words_and_replies_in_nested_lists() -> None:
    """Tildes: "12 votes" beside the name (none shown when nobody voted), replies in a nested
    ``ol``, a reply quoting its parent in a blockquote."""
    article = _extract("tildes.html", "https://tildes.net/~news/1abc/us_raises_tariffs")
    assert article.body == ("Link to the story.",)
    assert [(c.id, c.author, c.score, c.parent, c.text) for c in article.comments] == [
        (
            "comment-a1",
            "alice",
            12,
            None,
            "Tariffs are a tax paid by domestic buyers, not by Japan.",
        ),
        ("comment-a2", "bob", 3, "comment-a1", "Automakers absorbed part of it in 2018."),
        ("comment-a3", "carol", None, None, "Japan will respond with investment pledges."),
    ]


def test_flat_rows_with_a_level_class_and_a_whole_byline_element() -> None:
    """Every comment a flat row with a ``cmt-level-N`` class, and the name, the score and an
    exact ``<time datetime>`` inside one ``<p class="byline">``: the byline element is not
    taken whole as the name; the time is the attribute's, not "2 days ago"."""
    article = _extract("flat-depth.html", "https://farm-forum.example/t/rice-deal")
    assert [(c.id, c.author, c.score, c.posted, c.parent) for c in article.comments] == [
        ("cmt-901", "niigata_grower", 31, datetime(2026, 11, 24, 9, 0, tzinfo=UTC), None),
        ("cmt-902", "trade_watcher", 12, datetime(2026, 11, 24, 9, 30, tzinfo=UTC), "cmt-901"),
        ("cmt-903", "niigata_grower", 8, datetime(2026, 11, 24, 10, 0, tzinfo=UTC), "cmt-902"),
        ("cmt-904", "co_op_manager", 5, datetime(2026, 11, 24, 10, 30, tzinfo=UTC), "cmt-901"),
        ("cmt-905", "consumer_jp", -4, datetime(2026, 11, 24, 11, 0, tzinfo=UTC), None),
    ]
    assert article.comments[2].text == "2019 had a subsidy to soften it. This deal has none."


def test_isso_comments_with_a_bare_net_score_in_a_votes_element() -> None:
    """Isso (as rendered): the score a bare number in ``span.isso-votes``, replies in the
    parent's ``isso-follow-up``; a comment nobody voted on shows no number beside its vote
    buttons: 0."""
    article = _extract("isso.html", "https://harbor.example/blog/port-fees")
    assert [(c.id, c.author, c.score, c.parent) for c in article.comments] == [
        ("isso-11", "Mariko", 5, None),
        ("isso-12", "Ken", -2, "isso-11"),
        ("isso-13", "Anonymous", 0, None),
    ]
    assert article.comments[0].posted == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_remark42_comments_with_all_number_dates_and_replies_beside_the_body() -> None:
    """Remark42 (as rendered): times like "24.11.26, 10:00", a signed score, and a reply in
    a ``div.thread`` beside its parent's body inside the parent's ``<article>``."""
    article = _extract("remark42.html", "https://ricewatch.example/quota-deal")
    assert [(c.author, c.posted, c.score, c.parent) for c in article.comments] == [
        ("farmer_sato", datetime(2026, 11, 24, 10, 0, tzinfo=UTC), 7, None),
        ("tokyo_buyer", datetime(2026, 11, 24, 12, 15, tzinfo=UTC), -3, article.comments[0].id),
        ("analyst_k", datetime(2026, 11, 25, 9, 5, tzinfo=UTC), 2, None),
    ]
    assert article.comments[1].text == "Consumers pay the highest rice prices in Asia."


def test_substack_comments_inside_nested_reply_lists_with_likes_in_an_action_row() -> None:
    """Substack (as rendered): replies in a ``comment-list-items`` inside their parent, which
    is not itself a comment though it repeats and holds an author, a time and words; the
    like count sits in ``comment-actions`` beside "Reply" and "Share", which are no one's
    words (an empty count is 0 likes); the exact time is the timestamp link's title."""
    article = _extract(
        "substack.html", "https://tariffletter.example/p/why-the-auto-deal-matters/comments"
    )
    assert [
        (c.id, c.author, c.posted, c.score, c.up, c.parent, c.text) for c in article.comments
    ] == [
        (
            "comment-88101",
            "Jun Nakamura",
            datetime(2026, 11, 24, 9, 14, tzinfo=UTC),
            23,
            23,
            None,
            "The quota is the story. Fifteen percent on a few cars is not a deal.",
        ),
        (
            "comment-88133",
            "Trade Prof",
            datetime(2026, 11, 24, 11, 2, tzinfo=UTC),
            7,
            7,
            "comment-88101",
            "Quotas were how the 1981 VER worked too.",
        ),
        (
            "comment-88150",
            "Dana",
            datetime(2026, 11, 25, 19, 40, tzinfo=UTC),
            0,
            0,
            None,
            "Parts makers will lobby hard now.",
        ),
    ]


def test_blogger_comments_whose_reply_threads_repeat_inside_the_thread() -> None:
    """Blogger: ``li.comment`` items inside a ``div.comment-thread``, and a reply inside its
    parent's own ``div.comment-thread``. The threads repeat and hold an author, a time and
    words too, but one holds two comments side by side: a list, not a comment."""
    article = _extract("blogger.html", "https://tradenotes.example/2026/11/rice.html")
    assert _rows(article) == [
        (
            "c1001",
            "Hiro T.",
            datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
            None,
            "Growers in my town will switch to wheat.",
        ),
        (
            "c1002",
            "Anonymous",
            datetime(2026, 11, 24, 12, 0, tzinfo=UTC),
            "c1001",
            "Wheat prices are no better this year.",
        ),
        (
            "c1003",
            "Mika",
            datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
            None,
            "Consumers will barely notice the change.",
        ),
    ]


def test_vbulletin_posts_in_a_content_blockquote_beside_the_posters_stats() -> None:
    """vBulletin 4: posts in ``#postlist``, each post's own words in ``<blockquote
    class="postcontent">`` (indented, not quoted) holding a real quote of another post; the
    poster's title and "Join Date … Posts 2,413" beside it, the post's heading "Re: <thread
    title>", "Reply With Quote" in the post controls, and times like "11-24-2026, 10:00 AM"."""
    article = _extract("vbulletin.html", "https://forum.fab.example/showthread.php?t=7781")
    assert _rows(article) == [
        (
            "post_55101",
            "millwright",
            datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
            None,
            "The exclusion was granted last week. Has anyone actually received a refund on "
            "duties already paid?",
        ),
        (
            "post_55108",
            "custombroker",
            datetime(2026, 11, 24, 13, 15, tzinfo=UTC),
            "post_55101",
            "Yes, but it took four months and a protest filing with CBP.",
        ),
    ]


def test_phpbb_posts_that_only_their_numbered_ids_mark() -> None:
    """phpBB 3.3 (prosilver): posts straight in ``#page-body``, nothing naming a thread; the
    poster's name in a ``<dl class="postprofile">`` beside their rank, post count, join date
    and location; "Post by <name> » <time>" as the byline; "Re: <title>" as each post's
    heading, linking to the post itself; a quote with its ``<cite>`` header; signatures and
    "Top" links. The forum's name is the page's ``<h1>``, and "Who is online" follows the
    thread: neither is the topic's title or body."""
    article = _extract("phpbb.html", "https://forum.fab.example/viewtopic.php?t=4411")
    assert article.title == "Steel tariffs and small fabricators"
    assert article.body == ()
    assert _rows(article) == [
        (
            "p90190",
            "shopowner",
            datetime(2026, 11, 20, 8, 15, tzinfo=UTC),
            None,
            "Our supplier raised coil prices 18% after the new steel tariffs.\n\n"
            "How are other small shops handling quotes that were signed before the increase?",
        ),
        (
            "p90211",
            "tig_welder",
            datetime(2026, 11, 20, 9, 2, tzinfo=UTC),
            None,
            "We added a material surcharge clause to every quote after the 2018 tariffs.\n\n"
            "Customers grumbled but signed.",
        ),
        (
            "p90215",
            "shopowner",
            datetime(2026, 11, 20, 9, 40, tzinfo=UTC),
            "p90211",
            "Did the surcharge follow an index, or a fixed percentage?",
        ),
        (
            "p90230",
            "coil_trader",
            datetime(2026, 11, 20, 11, 15, tzinfo=UTC),
            None,
            "Domestic mills raised prices too, so buying local will not save you.",
        ),
    ]


def test_structured_data_beats_numbered_posts() -> None:
    """A phpBB topic that also carries its thread as JSON-LD is read from the data (exact
    times, likes), not guessed from the numbered posts."""
    article = _extract("phpbb-linked-data.html", "https://forum.fab.example/viewtopic.php?t=4411")
    assert [c.id for c in article.comments] == ["p90211", "p90215", "p90230"]
    assert article.comments[0].up == 14


def test_a_responsive_layout_class_is_no_comments_region() -> None:
    """ "responses" names a thread; Bootstrap's "table-responsive" or phpBB's
    "responsive-hide" does not."""
    html = (
        '<body><div class="table-responsive"><p>A table</p></div>'
        '<ol class="responses"><li>One</li></ol></body>'
    )
    root = LexborHTMLParser(html).body
    assert root is not None
    assert [r.attributes.get("class") for r in comment_regions(root, [])] == ["responses"]


_SOCIAL_ITEM = """<div class="c" id="c{n}"><div class="head"><a class="author" href="/u/{user}">
\u202a{name}\u202c</a> <a href="/p/{n}" data-tooltip="Jul 5, 2025 at {hour}:00 AM">· 16h</a>
</div><p>{text}</p><div class="bar"><button aria-label="Reply (1 reply)"><span>1</span></button>
<button aria-label="Like ({likes} likes)" class="like"><span>{likes}</span></button></div></div>"""


def test_a_social_sites_names_ages_and_reply_counts() -> None:
    # Bluesky's markup: names wrapped in direction marks, an age shown ("16h") and the time in
    # the permalink's tooltip, the replies counted beside the likes
    thread = "<h3>2 comments</h3>" + "".join(
        _SOCIAL_ITEM.format(n=n, user=user, name=name, hour=hour, text=text, likes=likes)
        for n, user, name, hour, text, likes in [
            (1, "ann", "Ann Lee", 8, "Quotas are tariffs by another name.", 7),
            (2, "bo", "Bo Chen", 9, "Only if they bind, which these do not.", 3),
        ]
    )
    article = _page(thread)
    assert [(c.author, c.posted, c.score, c.up, c.down) for c in article.comments] == [
        ("Ann Lee", datetime(2025, 7, 5, 8, tzinfo=UTC), 7, 7, None),
        ("Bo Chen", datetime(2025, 7, 5, 9, tzinfo=UTC), 3, 3, None),
    ]


def test_a_class_every_element_has_is_no_vote_widgets() -> None:
    # React Native Web gives every view one class: the empty ones alike to the vote widgets
    # are not comments nobody voted on
    votes = '<div class="css-1x"><b class="up">{up}</b> <b class="down">{down}</b></div>'
    item = (
        '<div class="css-1x"><div class="css-1x"><a class="css-1x" href="/u/{user}">{name}</a>'
        ' <time datetime="2025-07-05T0{hour}:00:00Z">Jul 5</time></div><div class="css-1x"><p>'
        '{text}</p></div><div class="css-1x">{votes}</div><div class="css-1x"><div class="css-1x">'
        'Share</div><div class="css-1x">Follow</div></div></div>'
    )
    rows = [
        ("ann", "Ann Lee", 8, "Quotas are tariffs by another name.", 5, 1),
        ("bo", "Bo Chen", 9, "Only if they bind, which these do not.", 2, 4),
        ("cy", "Cy Park", 7, "The safeguard review is due in July anyway.", 1, 0),
    ]
    thread = "".join(
        item.format(user=u, name=n, hour=h, text=t, votes=votes.format(up=up, down=down))
        for u, n, h, t, up, down in rows
    )
    html = (
        '<html><body><div class="css-1x"><div class="css-1x">Home</div><div class="css-1x">'
        "News</div></div><article><h1>Steel</h1><p>Brussels wants a new steel safeguard.</p>"
        f'</article><div class="css-1x">{thread}</div><div class="css-1x"><div class="css-1x">'
        'About</div><div class="css-1x">Terms</div></div></body></html>'
    )
    article = extract_article(html, "https://x.example/steel", fetched_at=FETCHED, site_tz="UTC")
    assert [(c.author, c.text, c.score, c.up, c.down) for c in article.comments] == [
        (n, t, up - down, up, down) for _, n, _, t, up, down in rows
    ]


def test_an_unmarked_number_beside_one_way_votes_is_no_score() -> None:
    # Quora's "Upvote · 214", a downvote button showing no count, a share button's "3": no
    # 211 downvotes
    item = (
        '<div class="answer"><div class="head"><a class="author" href="/u/{user}">{name}</a>'
        ' <time datetime="2025-07-05T0{hour}:00:00Z">Jul 5</time></div><p>{text}</p>'
        '<div class="bar"><button aria-label="Upvote"><span>Upvote</span> · <span>{up}</span>'
        '</button><button aria-label="Downvote"></button><button aria-label="Share"><span>'
        "{shares}</span></button></div></div>"
    )
    thread = "<h3>2 answers</h3>" + "".join(
        item.format(user=user, name=name, hour=hour, text=text, up=up, shares=shares)
        for user, name, hour, text, up, shares in [
            ("ann", "Ann Lee", 8, "Quotas are tariffs by another name.", 214, 3),
            ("bo", "Bo Chen", 9, "Only if they bind, which these do not.", 19, 1),
        ]
    )
    article = _page(thread)
    assert [(c.author, c.score, c.up, c.down) for c in article.comments] == [
        ("Ann Lee", 214, 214, None),
        ("Bo Chen", 19, 19, None),
    ]


def test_an_age_alone_on_its_line_and_a_linked_comment_permalink() -> None:
    """YouTube's comments: an element named for a comment but by no id of its own (every one
    ``id="comment"``), the age alone on its line with no class to say so ("20 hours ago"),
    and the time's link naming the comment by the ``lc`` of ``watch?v=…&lc=…``."""
    thread = "".join(
        f'<ytd-comment-view-model id="comment" class="style-scope">'
        f'<a id="author-text" href="/@{name}">{name}</a>'
        f'<span><a href="/watch?v=x3Kq9&amp;lc=Ugw{n}AaABAg">{n} hours ago</a></span>'
        f"<p>Steel tariffs point number {n} from {name}, with words enough.</p>"
        "</ytd-comment-view-model>"
        for n, name in ((20, "minjun"), (21, "oldsalt"))
    )
    article = _page(f'<div id="comments">{thread}</div>')
    assert [(c.id, c.author, c.posted) for c in article.comments] == [
        ("Ugw20AaABAg", "minjun", FETCHED - timedelta(hours=20)),
        ("Ugw21AaABAg", "oldsalt", FETCHED - timedelta(hours=21)),
    ]


def test_a_poster_links_id_is_not_the_comments_id() -> None:
    """An anchor inside a comment names it (``<a name="c7">``), but not the poster's link
    (YouTube's ``<a id="author-text">``, a profile link's ``id="5523871"``): the time's
    permalink does, a reply's with its thread's id joined by a dot (YouTube's "lc")."""
    thread = "".join(
        f"<div class='comment'><a id='{link_id}' href='{profile}'>{name}</a> "
        f"<a href='/watch?v=x3Kq&amp;lc={lc}'><time datetime='2025-07-05T0{n}:00:00Z'>July 5"
        f"</time></a><p>{words}</p></div>"
        for n, link_id, profile, name, lc, words in [
            (1, "author-text", "/@mia", "Mia", "UgwH3k8s", "Quotas are tariffs."),
            (2, "author-text", "/@ren", "Ren", "UgwH3k8s.AKb2Pq7W", "Not quite, they cap volumes."),
            (3, "5523871", "/profile/5523871", "Ed", "UgzR5tYc", "Both raise prices."),
        ]
    )
    article = _page(f"<h2>3 Comments</h2><section id='comments'>{thread}</section>")
    assert [(c.id, c.author) for c in article.comments] == [
        ("UgwH3k8s", "Mia"),
        ("UgwH3k8s.AKb2Pq7W", "Ren"),
        ("UgzR5tYc", "Ed"),
    ]


def test_a_comment_pinned_over_the_thread_in_a_list_of_its_own() -> None:
    """A comment pinned over the others, alone in its list inside the comments' section,
    is one of them though posted before all (not a topic's opening post, which is outside
    the section); a copy of a thread's comment shown there is not read twice."""

    def item(n: int, name: str, words: str) -> str:
        return (
            f"<li class='pick' id='pick-{n}'><a href='/user/{n}'>{name}</a><p>{words}</p>"
            f"<time datetime='2025-07-05T0{n}:00:00Z'>July 5</time></li>"
        )

    thread = (
        "<h2>3 Comments</h2><section class='comments' id='comments'>"
        f"<ul class='pinned'>{item(1, 'Editors', 'How does the quota touch your trade?')}</ul>"
        f"<ul class='all'>{item(2, 'Mia', 'Quotas are tariffs.')}"
        f"{item(3, 'Ren', 'Not quite, they cap volumes.')}</ul></section>"
    )
    article = _page(thread)
    assert [(c.id, c.author) for c in article.comments] == [
        ("pick-1", "Editors"),
        ("pick-2", "Mia"),
        ("pick-3", "Ren"),
    ]


def test_comments_in_elements_whose_tag_no_selector_can_say() -> None:
    """A broken page's custom element named for a comment with a mark in its tag
    ("x-comment$1", as a mangled save leaves it) is still read, not a selector error."""
    item = (
        "<x-comment$1 class='c'><b class='author'>{name}</b> <time datetime='{when}'>July 5"
        "</time><p>{words}</p></x-comment$1>"
    )
    thread = (
        "<h2>2 Comments</h2><section id='comments'>"
        + "".join(
            item.format(name=name, when=when, words=words)
            for name, when, words in [
                ("Ann", "2025-07-05T08:00:00Z", "Quotas are tariffs by another name."),
                ("Bo", "2025-07-05T09:00:00Z", "Not quite, they cap volumes."),
            ]
        )
        + "</section>"
    )
    article = _page(thread)
    assert [(c.author, c.text) for c in article.comments] == [
        ("Ann", "Quotas are tariffs by another name."),
        ("Bo", "Not quite, they cap volumes."),
    ]


def test_a_posters_list_pane_and_a_tail_line_ending_in_the_time() -> None:
    """A post whose author is a list (``<ul class="p_author">``: the name, then a level
    badge) has the name alone; a tail line of the post's facts glued to its time ("IP属地:
    上海 来自iPhone客户端3楼2025-07-08 08:52", Tieba's spans) gives the time and no words."""

    def post(n: int, name: str, words: str) -> str:
        return (
            f"<div class='l_post' id='post-{n}'><ul class='p_author'><li class='d_name'>"
            f"<a class='p_author_name' href='/home/{n}'>{name}</a></li><li class='l_badge'>"
            f"<div class='d_badge_title'>铁杆粉丝</div><div class='d_badge_lv'>{n + 5}</div>"
            f"</li></ul><div class='d_post_content'>{words}</div><div class='post-tail-wrap'>"
            f"<span>IP属地:上海</span><span>{n}楼</span><span>2025-07-0{n} 08:52</span>"
            "</div></div>"
        )

    posts = [(1, "货代小陈", "美线的舱位这周很紧。"), (2, "港口搬砖老王", "客户在问交期提前。")]
    thread = "".join(post(n, name, words) for n, name, words in posts)
    article = _page(f"<h2>2 Comments</h2><section id='comments'>{thread}</section>")
    assert [(c.author, c.posted, c.text) for c in article.comments] == [
        ("货代小陈", datetime(2025, 7, 1, 8, 52, tzinfo=UTC), "美线的舱位这周很紧。"),
        ("港口搬砖老王", datetime(2025, 7, 2, 8, 52, tzinfo=UTC), "客户在问交期提前。"),
    ]


def test_a_place_in_brackets_after_the_name_and_counts_in_brackets() -> None:
    """ "Rajesh Kumar (Pune)": the poster, and where they wrote from, which is no part of the
    name; "Agree (48)" and "Disagree (6)": the counts in brackets, read as up and down."""

    def comment(n: int, name: str, place: str, words: str, agree: int, disagree: int) -> str:
        return (
            f"<div class='cmtBox' id='cmt_{n}'><div class='uInfo'><span>{name}</span> "
            f"<span>({place})</span> <time datetime='2025-07-0{n}T08:12:00Z'>Jul 0{n}</time>"
            f"</div><div class='cmtTxt'>{words}</div><div class='cmtAct'>"
            f"<span class='agree' role='button'>Agree <span class='count'>({agree})</span></span>"
            f"<span class='disagree' role='button'>Disagree <span class='count'>({disagree})"
            "</span></span></div></div>"
        )

    thread = comment(1, "Rajesh Kumar", "Pune", "Close the mini deal.", 48, 6) + comment(
        2, "Anand Iyer", "Chennai", "Markets hate uncertainty.", 25, 2
    )
    article = _page(f"<h2>2 Comments</h2><section id='comments'>{thread}</section>")
    assert [(c.author, c.score, c.up, c.down) for c in article.comments] == [
        ("Rajesh Kumar", 42, 48, 6),
        ("Anand Iyer", 23, 25, 2),
    ]


def test_an_age_shown_under_a_title_with_the_exact_time_is_read_from_the_title() -> None:
    """LearnKu's bar under a comment: ``<div class="comment-meta-mute" title="2024-05-13
    20:27:55">1周前`` (a week ago): the title's exact time, not the age."""
    comments = "".join(
        f'<li class="comment" id="comment-{n}"><a class="author" href="/users/{n}">user{n}</a>'
        f"<p>Tariffs on steel again, reply {n}.</p>"
        f'<div class="comment-meta-mute" title="2024-05-13 20:2{n}:55">1周前'
        f' <a href="javascript:;">评论</a></div></li>'
        for n in range(3)
    )
    html = (
        "<html><head><title>Steel</title></head><body><h1>Steel</h1><p>The story.</p>"
        f"<ol class='comments'>{comments}</ol></body></html>"
    )
    article = extract_article(
        html,
        "https://forum.example.cn/articles/1",
        fetched_at=datetime(2025, 7, 9, 3, tzinfo=UTC),
        site_tz="Asia/Shanghai",
    )
    assert [c.posted for c in article.comments] == [
        datetime(2024, 5, 13, 12, 20 + n, 55, tzinfo=UTC) for n in range(3)
    ]


def test_an_empty_named_anchor_first_in_a_comment_is_its_id() -> None:
    """LearnKu's comments open with the anchor links reach them by (``<div id="reply293339"
    name="reply293339"></div>``), and show their age ("1周前") under a title holding the exact
    time, in a span whose classes only colour its text ("text-mute")."""
    thread = "".join(
        f'<div class="comment"><div id="reply{n}" name="reply{n}"></div>'
        f'<div class="content"><a class="author" href="/users/{n}">{name}</a>'
        f'<div class="text comment-body"><p>{text}</p></div>'
        f'<span class="ui popover fs-small text-mute" title="2025-07-0{n} 10:0{n}:00">1周前'
        "</span></div></div>"
        for n, name, text in (
            (3, "Ann", "Quotas will raise car prices"),
            (4, "Ben", "Only for imported steel."),
        )
    )
    article = _page(f'<h2>2 comments</h2><div class="comments-feed">{thread}</div>')
    assert _rows(article) == [
        (
            "reply3",
            "Ann",
            datetime(2025, 7, 3, 10, 3, tzinfo=UTC),
            None,
            "Quotas will raise car prices",
        ),
        (
            "reply4",
            "Ben",
            datetime(2025, 7, 4, 10, 4, tzinfo=UTC),
            None,
            "Only for imported steel.",
        ),
    ]
