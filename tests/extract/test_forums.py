"""Forum and link-aggregator pages in markups written from the engines' own templates: SMF 2.1,
MyBB 1.8, Invision Community 4, Vanilla, NodeBB 3, Stack Exchange, Lemmy (as lemmy-ui renders
it on the server), Mbin and new Reddit (shreddit's custom elements). Each page's
``<name>.expected.json`` holds its posts as a careful reader reads them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.extract import extract_article
from bot.models import Article
from tests.extract.saved_pages import comment_row, expected, read_saved

FETCHED = datetime(2026, 11, 26, 9, tzinfo=UTC)
URLS = {
    "smf": "https://fabshoptalk.example/index.php?topic=2873.0",
    "mybb": "https://grainboard.example/showthread.php?tid=771",
    "lemmy": "https://lemmy.world/post/21984533",
    "mbin": "https://kbin.earth/m/economics/t/48213/auto-tariffs-who-actually-pays-the-25",
    "invision": "https://garage-econ.example/topic/5512-25-auto-tariffs-and-the-used-truck-market/",
    "vanilla": "https://shopfloor.example/discussion/9031/fasteners-on-the-232-list",
    "stackexchange": "https://economics.stackexchange.com/questions/61234/why-do-tariffs-raise",
    "nodebb": "https://forum.tradewinds.example/topic/1187/steel-tariffs-who-really-pays",
    "reddit-shreddit": "https://www.reddit.com/r/Economics/comments/1jxq4nd/how_much_of_the_new/",
    "5ch": "https://asahi.5ch.net/test/read.cgi/bizplus/1751937332/",
    "flarum": "https://community.tradewinds.example/d/1287-us-tariffs-on-japanese-cars",
    "github-issue": "https://github.com/tarifflab/pytariff/issues/482",
    "jcast": "https://www.j-cast.com/2025/07/08123456.html",
    "ars-technica": "https://arstechnica.com/civis/threads/chip-tariff-exemptions.1509000/",
    "the-register": "https://forums.theregister.com/forum/all/2025/07/08/trump_tariff_letters/",
    "shitaraba": "https://jbbs.shitaraba.net/bbs/read.cgi/study/12345/1751937332/",
    "matome-blog": "http://blog.livedoor.jp/keizai_sokuhou/archives/62345678.html",
    "hatena-bookmark": "https://b.hatena.ne.jp/entry/s/www.nikkei.com/article/DGXZQOGN07DVT0X00C25A7000000/",
    "naver-news-comments": "https://n.news.naver.com/article/001/0015484520",
    "hatena-blog": "https://inaho-keizai.hatenablog.com/entry/2025/07/08/101500",
    "fc2-blog": "https://kometawara.blog.fc2.com/blog-entry-123.html",
    "drupal-olivero": "https://tradewirenews.example/news/2025/07/08/tariff-letters",
    "bbpress-topic": "https://brokertalk.net/forums/topic/25-letters-to-japan-and-korea/",
    "jekyll-staticman": "https://ledgerandlading.com/trade/tariffs-by-letter-japan-korea/",
    "togetter": "https://togetter.com/li/2574126",
    "livedoor-news": "https://news.livedoor.com/article/detail/29118734/",
    "yahoo-japan-comments": (
        "https://news.yahoo.co.jp/articles/8c3d0e5b71a94f2a6e0b9d4c37f1a8e2b5c6d9f0/comments"
    ),
}


def _read(name: str, *, slow: bool = False, tz: str = "UTC") -> Article:
    return read_saved(name, URLS[name], fetched_at=FETCHED, tz=tz, slow=slow)


_expected = expected
_row = comment_row


def _wanted(post: dict[str, Any]) -> dict[str, Any]:
    posted = datetime.fromisoformat(post["posted"].replace("Z", "+00:00")).isoformat()
    return {key: post[key] for key in ("id", "author", "parent", "text")} | {"posted": posted}


@pytest.mark.parametrize("name", ["smf", "lemmy", "mbin", "invision", "nodebb"])
def test_every_post_is_read_as_a_reader_reads_it(name: str) -> None:
    """SMF: posts numbered ``msg…`` in a form, the poster's pane (group, post count, "Logged")
    beside them, the date under a "Re:" subject, "2 people like this.", quick buttons.
    Lemmy: exact times only in tooltips, an "OP" badge by the name. Mbin: every comment a
    ``<blockquote class="comment">``, replies flat and threaded by ``comment-level--N``.
    Invision: a second author pane (group, location, post counts, badges) under the name,
    "Posted Friday at 09:02 AM" shown twice, signatures and a hidden share menu in every
    post, which no longer pass for quotes of the first post. NodeBB: a reply names the post
    it answers only in its "in reply to" box (``data-parent-pid``), which is not its words."""
    article = _read(name)
    assert [_row(c) for c in article.comments] == [_wanted(p) for p in _expected(name)["posts"]]


def test_vanilla_comments_after_the_opening_post() -> None:
    """Vanilla: reaction bars ("Flag Promote Disagree Agree 2 Like LOL") are no words, and a
    bar alike in two comments makes neither a quote of the other. (The opening post is read as
    the discussion's body, not as a comment.)"""
    article = _read("vanilla")
    assert [_row(c) for c in article.comments] == [
        _wanted(p) for p in _expected("vanilla")["posts"][1:]
    ]


def test_stack_exchange_answers_from_their_microdata_and_the_comments_under_them() -> None:
    """A Stack Exchange question is the article and its answers, schema.org ``Answer`` items
    with a net score in ``upvoteCount`` (negative too), the comments; so are the short
    comments without structured data under the question (answering none) and under each
    answer (answering it), their exact times in a title inside their date's link ("2026-11-20
    13:02:10Z, License: CC BY-SA 4.0") where the text says "Nov 20 at 13:02"."""
    article = _read("stackexchange")
    expected = _expected("stackexchange")
    posts = expected["posts"]
    assert (article.title, list(article.body)) == (expected["title"], expected["body"])
    assert [_row(c) for c in article.comments] == [_wanted(p) for p in posts]
    answers = [c for c in article.comments if c.id.startswith("answer-")]
    assert [c.score for c in answers] == [22, 9, -1]


def test_new_reddit_comments_in_custom_elements() -> None:
    """New Reddit: every comment a ``<shreddit-comment>`` (in a ``<shreddit-comment-tree>``,
    inside a ``<main>`` whose class says it has a sidebar), its score only in its ``score``
    attribute (the vote buttons are in a declarative shadow root), badges and flair ("MOD",
    "OP", "Top 1% Commenter") on its byline line, and replies nested. The post's title comes
    after "r/Economics on Reddit:". (A deleted comment, no author and no words, is not read.)"""
    article = _read("reddit-shreddit")
    expected = _expected("reddit-shreddit")
    posts = [p for p in expected["posts"] if p["author"] != "[deleted]"]
    assert (article.title, list(article.body)) == (expected["title"], expected["body"])
    assert [_row(c) for c in article.comments] == [_wanted(p) for p in posts]
    assert [c.score for c in article.comments] == [p["score"] for p in posts]


def test_5ch_posts_and_their_replies_by_number() -> None:
    """5ch: posts in a ``div.thread``, the name in plain text (or a ``mailto:sage`` link), the
    time "2025/07/08(火) 10:15:32.41" in Japan's time, and a reply says which post it answers
    by starting with a ">>4" link, which is not its words. (A ``<br>`` starts a paragraph
    here; the opening post's source line and link are not read.)"""
    article = _read("5ch", tz="Asia/Tokyo")
    expected = _expected("5ch")["posts"]
    assert [(c.id, c.author, c.parent) for c in article.comments] == [
        (p["id"], p["author"], p["parent"]) for p in expected
    ]
    assert [c.posted for c in article.comments] == [
        datetime.fromisoformat(p["posted"]) for p in expected
    ]
    texts = [
        (c.text.replace("\n\n", "\n"), p["text"].replace("\n\n", "\n"))
        for c, p in zip(article.comments, expected, strict=True)
    ]
    assert texts[0][1].startswith(texts[0][0])
    assert all(got == wanted for got, wanted in texts[1:])


def test_flarum_posts_mentions_and_likes() -> None:
    """Flarum as a browser saves it: posts in ``.PostStream-item``s (their ``data-id``), a
    second copy of each in ``<noscript>``, an event post and a reply placeholder that are no
    posts, the avatar's initial beside the name, a reply starting with a link to the post it
    answers (a ``PostMention``, not its words), and "marta_v, ollie and sam_r like this."
    under a post: three likes, not its words."""
    article = _read("flarum")
    expected = _expected("flarum")
    assert (article.title, list(article.body)) == (expected["title"], expected["body"])
    assert [_row(c) for c in article.comments] == [_wanted(p) for p in expected["posts"]]
    assert [c.up for c in article.comments] == [p["up"] or None for p in expected["posts"]]


def test_github_issue_comments_among_timeline_events() -> None:
    """A GitHub issue: the opening post is the body, the comments sit in a timeline between
    events ("rsantos added the bug label", all on the line of their time: no comments), each
    comment's id on an element inside its timeline item, the page in a layout whose modifier
    names a sidebar, and the title in the ``<h1>`` before the issue's number. (Still read as
    comments: a cross-reference and a linked pull request, which show a title line.)"""
    article = _read("github-issue")
    expected = _expected("github-issue")
    comments = [c for c in article.comments if c.id.startswith("issuecomment-")]
    assert (article.title, list(article.body)) == (expected["title"], expected["body"])
    assert [(c.id, c.author, c.posted) for c in comments] == [
        (p["id"], p["author"], datetime.fromisoformat(p["posted"])) for p in expected["posts"]
    ]
    assert not [c for c in article.comments if c.id.startswith("event-16608")]  # label, assign


def test_jcast_comments_with_good_and_bad_votes() -> None:
    """J-CAST: each comment's number beside the name ("27", "けんじ"), 良い/悪い counts, and
    a reply nested under its parent starting ">>21 元自動車部品工さん", which is not its words."""
    article = _read("jcast", tz="Asia/Tokyo")
    expected = _expected("jcast")["posts"]
    assert [_row(c) for c in article.comments] == [_wanted(p) for p in expected]
    assert [(c.score, c.up, c.down) for c in article.comments] == [
        (p["score"], p["up"], p["down"]) for p in expected
    ]


def test_livedoor_news_a_lone_reply_in_its_reply_list() -> None:
    """livedoor NEWS: いいね / よくないね counts, and a reply alone in the reply list of its
    parent, that list a ``<div>`` beside the parent's vote bar (also a ``<div>``): the reply
    is its ``li``, with its own id, not the list; "返信 1件" over the list is no one's words.
    The headline keeps the ideographic spaces between its parts."""
    article = _read("livedoor-news", tz="Asia/Tokyo")
    expected = _expected("livedoor-news")
    assert article.title == expected["title"]
    assert [_row(c) for c in article.comments] == [_wanted(p) for p in expected["posts"]]
    assert [(c.score, c.up, c.down) for c in article.comments] == [
        (p["score"], p["up"], p["down"]) for p in expected["posts"]
    ]


def test_yahoo_japan_news_comments_with_reactions_and_replies() -> None:
    """Yahoo! JAPAN News: hashed classes, "7/8(火) 6:31" (the weekday says which year), the
    共感した / なるほど / うーん counts (empathy up, "hmm" down, "I see" neither), and replies
    expanded under their parents. (The two expert comments, which show only a 参考になった
    count, are not read; the page gives user comments no id, so theirs are hashes.)"""
    article = _read("yahoo-japan-comments", tz="Asia/Tokyo")
    posts = [p for p in _expected("yahoo-japan-comments")["posts"] if p["down"] is not None]
    authors = {p["id"]: p["author"] for p in posts}
    names = {c.id: c.author for c in article.comments}
    assert [
        (c.author, c.posted, names.get(c.parent or ""), c.text, c.score, c.up, c.down)
        for c in article.comments
    ] == [
        (
            p["author"],
            datetime.fromisoformat(p["posted"]),
            authors.get(p["parent"] or ""),
            p["text"],
            p["score"],
            p["up"],
            p["down"],
        )
        for p in posts
    ]


def test_ars_technica_forum_votes_and_quotes() -> None:
    """Ars Technica's forum (XenForo, posts as schema.org ``Comment`` microdata): each post's
    "178 (187 / -9)" vote line, a vote line without its plus, read for posts whose microdata
    gives no votes; "X said:" quotes give the parent. (The thread's first post, the article's
    stub, is read as its first comment, as every forum's first post is.)"""
    article = _read("ars-technica", tz="America/New_York")
    expected = _expected("ars-technica")["posts"]
    assert article.comments[0].author == "Kendra Vale"
    rows = [(_row(c), c.score, c.up, c.down) for c in article.comments[1:]]
    assert rows == [(_wanted(p), p["score"], p["up"], p["down"]) for p in expected]


def test_the_register_forum_posts_titles_and_badges() -> None:
    """The Register: nested replies, a Silver badge beside the name (not part of it), thumbs
    up and down, and a "Re: <the post's title>" subject over each reply, which goes. (A
    post's own title, "Letters", stays above its words.)"""
    article = _read("the-register")
    expected = _expected("the-register")["posts"]
    assert [
        (c.id, c.author, c.posted, c.parent, c.score, c.up, c.down) for c in article.comments
    ] == [
        (
            p["id"],
            p["author"],
            datetime.fromisoformat(p["posted"]),
            p["parent"],
            p["score"],
            p["up"],
            p["down"],
        )
        for p in expected
    ]
    for comment, post in zip(article.comments, expected, strict=True):
        assert comment.text.endswith(post["text"])
        assert not comment.text.startswith("Re:")


def _lines(text: str) -> str:
    """(A ``<br>`` starts a paragraph here; these pages' expected texts break lines in one.)"""
    return text.replace("\n\n", "\n")


@pytest.mark.parametrize("name", ["shitaraba", "matome-blog"])
def test_2channel_style_threads_of_header_and_body_pairs(name: str) -> None:
    """Shitaraba (EUC-JP: ``<dt>`` headers "1：名無しさん：2025/07/08(火) 10:15:32 ID:…" over
    ``<dd>`` bodies) and a livedoor matome blog (``div.t_h`` over ``div.t_b``, then the blog's
    own reader comments): every post, its ">>N" parent, and the readers' comments after them
    without their numbers ("1.")."""
    article = _read(name, tz="Asia/Tokyo")
    expected = _expected(name)["posts"]
    assert [(c.id, c.author, c.posted, c.parent) for c in article.comments] == [
        (p["id"], p["author"], datetime.fromisoformat(p["posted"]), p["parent"]) for p in expected
    ]
    assert [_lines(c.text) for c in article.comments] == [_lines(p["text"]) for p in expected]
    assert article.title == _expected(name)["title"].replace("\u3000", " ")
    body = _expected(name)["body"]
    assert list(article.body[: len(body)]) == body  # (the matome's summary; then its sources)


def test_hatena_bookmark_comments_listed_thrice_are_read_once() -> None:
    """Hatena Bookmark lists the same bookmarks under "popular", "new" and "all users": each
    is one comment, without its tags ("政治") or its permalink ("リンク"); bookmarks without a
    comment are none."""
    article = _read("hatena-bookmark", tz="Asia/Tokyo")
    expected = sorted(_expected("hatena-bookmark")["posts"], key=lambda p: p["author"])
    comments = sorted(article.comments, key=lambda c: c.author)
    assert [(c.author, c.posted, c.text) for c in comments] == [
        (p["author"], datetime.fromisoformat(p["posted"]), p["text"]) for p in expected
    ]


def test_naver_news_comments_with_korean_votes_and_a_body_without_paragraphs() -> None:
    """Naver News: 공감/비공감 counts are up and down (답글 counts neither), the exact time in
    the date's ``data-value``, replies open under their parent, "신고" not a comment's words;
    and the article's text has no ``<p>``, only ``<br>``s in ``<article id="dic_area">``."""
    article = _read("naver-news-comments", tz="Asia/Seoul")
    expected = _expected("naver-news-comments")
    posts = {p["text"]: p for p in expected["posts"]}
    names = {c.id: c.text for c in article.comments}
    assert sorted(c.text for c in article.comments) == sorted(posts)
    for comment in article.comments:
        post = posts[comment.text]
        parent = next((p["text"] for p in expected["posts"] if p["id"] == post["parent"]), None)
        assert (comment.author, comment.posted, names.get(comment.parent or "")) == (
            post["author"],
            datetime.fromisoformat(post["posted"]),
            parent,
        )
        assert (comment.score, comment.up, comment.down) == (
            post["score"],
            post["up"],
            post["down"],
        )
    assert article.title == expected["title"]
    assert list(article.body[1:]) == expected["body"]  # (after the photo's caption)


def test_hatena_blog_comments_answering_by_name() -> None:
    """Hatena Blog: the entry's comments, not the sidebar's "最近のコメント" (recent comments)
    widget; a reply that opens "> akane_kさん" answers akane_k's comment, and that line is not
    its words."""
    article = _read("hatena-blog", tz="Asia/Tokyo")
    expected = _expected("hatena-blog")["posts"]
    assert [(c.id, c.author, c.posted, c.parent) for c in article.comments] == [
        (p["id"], p["author"], datetime.fromisoformat(p["posted"]), p["parent"]) for p in expected
    ]
    assert [_lines(c.text) for c in article.comments] == [_lines(p["text"]) for p in expected]


def test_fc2_blog_comments_with_their_byline_under_the_words() -> None:
    """FC2: each comment's name and time in a footer under its words ("2025/07/08(火) 08:31:07
    | URL | 山田 #LkZag.iM[ 編集 ]"), a sidebar calendar whose numbers pass for one vote, "No
    title" over untitled comments, a reply under "Re: …" opening ">山田さん"; and the entry's
    text in ``div.entry_body`` without a ``<p>``. (A comment's own title stays above it.)"""
    article = _read("fc2-blog", tz="Asia/Tokyo")
    expected = _expected("fc2-blog")
    assert [(c.id, c.author, c.posted, c.parent) for c in article.comments] == [
        (p["id"], p["author"], datetime.fromisoformat(p["posted"]), p["parent"])
        for p in expected["posts"]
    ]
    for comment, post in zip(article.comments, expected["posts"], strict=True):
        assert _lines(comment.text).endswith(_lines(post["text"]))
    assert list(article.body) == expected["body"]


@pytest.mark.parametrize(
    ("name", "tz"),
    [("drupal-olivero", "UTC"), ("bbpress-topic", "UTC"), ("jekyll-staticman", "America/New_York")],
)
def test_blog_and_cms_comment_templates(name: str, tz: str) -> None:
    """Drupal 10 (Olivero): replies in a ``div.indented`` after the comment they answer, the
    subject Drupal makes of a comment's first words ("Twenty-five percent on top…"), an "In
    reply to" line for screen readers only, "(not verified)" after a guest's name, times like
    "Tue, 07/08/2025 - 11:02". bbPress: the poster's role ("Keymaster") beside the name, the
    revision log, the topic's tags and breadcrumb, which are no body. Jekyll with Staticman
    comments (Minimal Mistakes)."""
    article = _read(name, tz=tz)
    expected = _expected(name)
    assert [_row(c) for c in article.comments] == [_wanted(p) for p in expected["posts"]]
    assert (article.title, list(article.body)) == (expected["title"], expected["body"])


def test_togetter_compiled_posts() -> None:
    """Togetter: the posts it compiles, in a ``div.tweet_box``, each under a link whose text is
    the display name and the account ("ニュース速報ウォッチ @news_sokuho_w"), the time alone on
    the last line. (The page's own comments, in a script-drawn section, are not read.)"""
    article = _read("togetter", tz="Asia/Tokyo")
    expected = _expected("togetter")
    tweets = [p for p in expected["posts"] if not p["id"].startswith("comment_")]
    assert [(c.author, c.posted, _lines(c.text)) for c in article.comments] == [
        (p["author"], datetime.fromisoformat(p["posted"]), _lines(p["text"])) for p in tweets
    ]
    assert (article.title, list(article.body)) == (expected["title"], expected["body"])


def test_titles_and_bodies() -> None:
    assert _read("smf").title == _expected("smf")["title"]
    lemmy = _read("lemmy")
    assert (lemmy.title, list(lemmy.body)) == (
        _expected("lemmy")["title"],
        _expected("lemmy")["body"],
    )
    mbin = _read("mbin")  # "<title> - Economics - kbin.earth": the magazine is no headline
    assert (mbin.title, list(mbin.body)) == (_expected("mbin")["title"], _expected("mbin")["body"])
    invision = _read("invision")  # the topic header's "By dealer_dan, November 17 in …"
    assert (invision.title, invision.body) == (_expected("invision")["title"], ())


def test_likes_and_scores() -> None:
    """SMF's "N people like this." is the post's likes; Lemmy's score, ups and downs are its;
    Mbin's up and down counts sit in two forms of an indented vote aside; Invision's likes are
    the count beside a reaction ("See who reacted Like"), though the post says "25%"."""
    assert [c.up for c in _read("smf").comments] == [p["likes"] for p in _expected("smf")["posts"]]
    invision = _expected("invision")["posts"]
    assert [c.up for c in _read("invision").comments] == [p.get("likes") for p in invision]
    for name in ("lemmy", "mbin"):
        assert [(c.score, c.up, c.down) for c in _read(name).comments] == [
            (p["score"], p["up"], p["down"]) for p in _expected(name)["posts"]
        ]


def test_mybb_post_with_an_edit_note_and_the_posters_reputation() -> None:
    """MyBB: the edit note inside the post's date no longer loses the post, the poster's
    title ("Senior Member") is not part of their name, their reputation is not the post's
    score, and the poster's group line ("Moderator") over the post whose date holds the edit
    note is no part of its words."""
    article = _read("mybb")
    expected = _expected("mybb")["posts"]
    assert [(c.id, c.author, c.parent) for c in article.comments] == [
        (p["id"], p["author"], p["parent"]) for p in expected
    ]
    assert [c.score for c in article.comments] == [p["likes"] for p in expected]
    for comment, post in zip(article.comments, expected, strict=True):
        assert comment.text == post["text"]


@pytest.mark.parametrize(
    "name",
    [
        "smf",
        "mybb",
        "lemmy",
        "mbin",
        "invision",
        "vanilla",
        "stackexchange",
        "nodebb",
        "reddit-shreddit",
        "5ch",
        "flarum",
        "github-issue",
        "jcast",
        "yahoo-japan-comments",
        "ars-technica",
        "the-register",
        "shitaraba",
        "matome-blog",
        "hatena-bookmark",
        "naver-news-comments",
        "hatena-blog",
        "fc2-blog",
        "drupal-olivero",
        "bbpress-topic",
        "jekyll-staticman",
        "togetter",
        "livedoor-news",
    ],
)
def test_walking_every_block_gives_the_same_thread(name: str) -> None:
    assert _read(name) == _read(name, slow=True)


def test_a_user_content_element_after_the_name_is_the_comment_not_the_posters_stats() -> None:
    """A poster's stats list after their name is skipped (``user_info``); an element whose
    classes also say it holds words (``user-content``) is not."""
    html = (
        "<html><head><title>Steel quotas</title></head><body><article><h1>Steel quotas</h1>"
        "<p>Brussels wants a new steel safeguard.</p></article><div id='comments'>"
        + "".join(
            f"<div class='comment' id='c{n}'><a class='author' href='/u/{name}'>{name}</a>"
            f"<time datetime='2026-11-20T0{n}:00:00Z'>x</time><ul class='user_info'><li>Posts: 9"
            f"</li></ul><div class='user-content'><p>{words}</p></div></div>"
            for n, name, words in [
                (1, "ann", "Quotas are tariffs by another name."),
                (2, "bob", "Not quite."),
            ]
        )
        + "</div></body></html>"
    )
    article = extract_article(html, "https://x.example/steel", fetched_at=FETCHED, site_tz="UTC")
    assert [(c.author, c.text) for c in article.comments] == [
        ("ann", "Quotas are tariffs by another name."),
        ("bob", "Not quite."),
    ]
