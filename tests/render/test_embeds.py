"""Digests as Discord embeds: the seed article, and adversarial input against every limit."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.digest import build_digest, make_entry
from bot.models import Article, Comment, Digest, DigestEntry, Discussion, Quote, Viewpoint
from bot.render import embed_length, render_comments_embed, render_embeds
from bot.summarize.extractive import summarize_discussion
from tests.render.limits import assert_within_discord_limits, strings
from tests.summarize.seed_thread import URL, seed_article

NOW = datetime(2025, 7, 5, 12, tzinfo=UTC)
EVIL = "@everyone <@123> <@!77> <@&456> <#789> @here [japantoday.com](https://evil.example/x)"
ZWJ = "@every\u200done\u200b <\u200d@123>"


def seed_digest() -> Digest:
    article = seed_article()
    entry = make_entry([(article, summarize_discussion(article.comments))])
    return build_digest("tariffs", [entry], now=NOW)


def test_seed_article_embed() -> None:
    messages = render_embeds(seed_digest())
    assert_within_discord_limits(messages)
    assert len(messages) == 1 and len(messages[0]) == 1
    embed = messages[0][0]
    assert embed["title"] == "Japan tariff negotiator in Washington holds talks twice with Lutnick"
    assert embed["url"] == URL
    assert embed["timestamp"] == "2025-07-05T06:00:00+00:00"
    assert embed["description"].startswith("Japan's top tariff negotiator, Ryosei Akazawa, spoke")
    assert embed["description"].endswith(
        "\n\n19 comments · 105 votes · japantoday · published <t:1751695200:R>"
    )
    names = [f["name"] for f in embed["fields"]]
    assert names[0] == "What readers say"
    assert names[-2:] == ["Top comments", "Most divisive"]
    assert embed["fields"][0]["value"].startswith("19 comments. ")
    assert embed["fields"][-1]["value"] == (
        "“Akazawa is in Washington but Lutnick can't be bothered to meet him face to face. "
        "The arrogance is astounding.” — reader04 (+8 / −4)"
    )
    assert embed["fields"][-2]["value"].split("\n") == [
        "1. “I think it’s strange that people will reply to ChatGPT.” — reader14 (+3 / −0)",
        "2. “100% tariffs on iphones, and Amazon and google services from Japan's side. "
        "Bring it!” — reader17 (+3 / −0)",
        "3. “Maybe japan needs to do what Canada just did.” — reader05 (+6 / −1)",
    ]
    friend = next(f for f in embed["fields"] if f["value"].endswith("— OssanAmerica (+1 / −1)"))
    assert friend["name"].endswith(" · 4 comments")
    assert friend["value"].startswith("> America is very much Japan's friend.")
    assert embed["footer"] == {"text": "tariffs digest"}


def hostile_comment(i: int) -> Comment:
    text = f"{EVIL} {ZWJ} " + ("tariffs wreck supply chains " * 400)  # > 10,000 characters
    return Comment(
        id=f"c{i}", author=f"{EVIL} user{i}", text=text, score=i - 3, up=i, down=3, position=i
    )


def hostile_entry(n: int, *, viewpoints: int = 30) -> DigestEntry:
    comments = tuple(hostile_comment(i) for i in range(12))
    article = Article(
        url=f"https://japantoday.com/category/politics/story-{n}",
        title=f"{EVIL} {ZWJ} " + "Tariff " * 150,  # over 1,000 characters
        published=NOW,
        body=(EVIL + " Tariffs rose. " * 200,),
        comments=comments,
        comment_count=len(comments),
        source=f"japantoday {EVIL}",
    )
    quote = Quote("c1", comments[1].author, comments[1].text, -2, 1, 3)
    discussion = Discussion(
        summary=(EVIL + " ") * 100,
        viewpoints=tuple(
            Viewpoint(
                label=f"{EVIL} label {k} " * 20,
                key_phrases=(EVIL,),
                quote=quote,
                comment_ids=tuple(c.id for c in comments),
            )
            for k in range(viewpoints)
        ),
        top_comments=comments[:10],
        controversial=comments[3],
        ranking_note=EVIL * 40,
    )
    other = Article(
        url="https://www.reddit.com/r/japan/comments/x/" + "y" * 50,
        title=EVIL,
        source=f"reddit {EVIL}",
        comment_count=99,
    )
    return DigestEntry(
        article=article,
        gist=(EVIL + " ") * 80,
        discussion=discussion,
        other_discussions=((other, discussion),) * 3,
    )


def test_adversarial_digest_stays_within_every_limit_and_never_pings() -> None:
    entries = [hostile_entry(n) for n in range(60)]
    digest = build_digest(EVIL * 10, entries, now=NOW, max_articles=50)
    messages = render_embeds(digest)
    assert_within_discord_limits(messages)
    embeds = [e for m in messages for e in m]
    # Every article is there (trimmed, never dropped), then the "more" list.
    assert len(embeds) == 51
    assert [e["url"] for e in embeds[:50]] == [e.article.url for e in entries[:50]]
    assert embeds[-1]["title"].startswith("More on ")
    for embed in embeds:
        for text in strings(embed):
            assert "\u200d" not in text
            assert "[japantoday.com](https://evil.example" not in text  # link text can't lie
    first = embeds[0]
    assert "japantoday.com (https://evil.example/x)" in first["description"]
    assert any(f["name"].startswith("@\u200beveryone") for f in first["fields"])


def test_an_embed_too_big_on_its_own_is_trimmed_not_dropped() -> None:
    entry = hostile_entry(1, viewpoints=30)
    messages = render_embeds(build_digest("tariffs", [entry], now=NOW))
    assert_within_discord_limits(messages)
    (embed,) = messages[0]
    assert embed_length(embed) <= 6000
    names = [f["name"] for f in embed["fields"]]
    assert names[0] == "What readers say"
    assert "Top comments" in names and "Most divisive" in names and "Also discussed" in names


def test_small_embeds_share_a_message_up_to_ten() -> None:
    entries = [
        DigestEntry(
            article=Article(url=f"https://a.example/{i}", title=f"Story {i}", comment_count=0),
            gist="",
            discussion=Discussion(summary="No comments yet."),
        )
        for i in range(23)
    ]
    messages = render_embeds(build_digest("tariffs", entries, now=NOW, max_articles=23))
    assert [len(m) for m in messages] == [10, 10, 3]
    assert_within_discord_limits(messages)


def test_long_more_list_is_cut_with_a_count() -> None:
    more = [
        Article(url=f"https://a.example/{i}", title=f"{'Tariff news ' * 40} {i}", comment_count=i)
        for i in range(200)
    ]
    digest = Digest(topic="tariffs", entries=(), generated_at=NOW, more=tuple(more))
    messages = render_embeds(digest)
    assert_within_discord_limits(messages)
    description = messages[0][0]["description"]
    assert description.startswith("• [Tariff news Tariff news")
    assert description.splitlines()[-1].startswith("…and ")
    shown = len(description.splitlines()) - 1
    assert description.splitlines()[-1] == f"…and {200 - shown} more"


def test_empty_digest_says_so() -> None:
    messages = render_embeds(Digest(topic="tariffs", entries=(), generated_at=NOW))
    assert_within_discord_limits(messages)
    assert messages[0][0]["title"] == "No new discussions on tariffs"


def test_comments_embed_ranks_and_fits() -> None:
    comments = [hostile_comment(i) for i in range(40)]
    embed = render_comments_embed(EVIL + " title " * 200, URL, comments, sort="best")
    assert_within_discord_limits([[embed]])
    assert len(embed["fields"]) == 25
    assert embed["footer"]["text"] == "sorted by best · showing 25 of 40"
    assert embed["fields"][0]["name"].endswith("… · +39 / −3")  # long author names are cut
    assert embed["fields"][0]["name"].startswith("1. @\u200beveryone")


def test_comments_embed_of_the_seed_thread() -> None:
    article = seed_article()
    embed = render_comments_embed(article.title, article.url, article.comments[:5], sort="top")
    assert [f["name"] for f in embed["fields"]] == [
        "1. reader05 · +6 / −1",
        "2. reader04 · +8 / −4",
        "3. reader03 · +7 / −3",
        "4. reader02 · +3 / −1",
        "5. reader01 · +2 / −13",
    ]
    assert embed["fields"][0]["value"] == "Maybe japan needs to do what Canada just did."
    empty = render_comments_embed("T", URL, [], sort="newest")
    assert empty["description"] == "No comments yet."
