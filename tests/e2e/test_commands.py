"""Every slash command, answered by the real bot through the fake Discord."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.charts import PNG_SIGNATURE
from bot.client import CROWDED_INTERACTIONS
from tests.e2e.harness import (
    BEST_COMMENT,
    EXTRA_TITLES,
    SMALL_COMMENT,
    SUMO_TITLE,
    TARIFF_TITLE,
    World,
)
from tests.fakes.discord import InteractionAnswer
from tests.fakes.newssite import FakeComment

TARIFF_PATH = "/category/politics/japan-tariff-negotiator-talks"


def all_embeds(answer: InteractionAnswer) -> list[dict[str, Any]]:
    """The embeds of the answer and of every followup message after it."""
    return [*answer.embeds, *(e for m in answer.followups for e in m.embeds)]


async def private_error(world: World, iid: int) -> str:
    """The ephemeral message a failed command left (after a defer it is a followup)."""
    record = world.fake.interaction(iid)
    await world.fake.wait_for(lambda: record.callback_type, what="the callback")
    if record.callback_type == 4:
        answer = await world.fake.interaction_response(iid)
        assert answer.ephemeral, answer.content
        return answer.content
    [message] = await world.fake.wait_for_followups(iid, 1)
    assert message.ephemeral, message.content
    assert record.original is not None and record.original.deleted, "the public placeholder stays"
    return message.content


async def test_digest_now_shows_the_tariff_discussions_and_nothing_else(running: World) -> None:
    answer = await running.command("digest", "now")
    assert answer.deferred and not answer.ephemeral
    titles = [e.get("title") for e in all_embeds(answer)]
    assert TARIFF_TITLE in titles
    assert set(EXTRA_TITLES) <= set(titles)
    assert SUMO_TITLE not in titles
    tariff = next(e for e in all_embeds(answer) if e.get("title") == TARIFF_TITLE)
    assert tariff["url"] == running.site.url_for(TARIFF_PATH)
    top = next(f for f in tariff["fields"] if f["name"] == "Top comments")
    lines = top["value"].splitlines()
    assert lines[0].startswith("1. “Reciprocal levies hurt the carmakers in Aichi")
    assert lines[0].endswith("— tradewatcher (+30 / −2)")
    assert tariff["footer"]["text"] == "tariffs digest"


async def test_digest_now_with_an_unknown_topic_is_a_private_error(running: World) -> None:
    iid = await running.fake.inject_interaction(
        running.a.id, running.a.general.id, running.a.member.id, "digest", "now", {"topic": "golf"}
    )
    assert await private_error(running, iid) == "unknown topic 'golf'; known topics: tariffs"


async def test_an_error_quoting_the_user_pings_nobody(running: World) -> None:
    iid = await running.fake.inject_interaction(
        running.a.id, running.a.general.id, running.a.member.id, "digest", "now",
        {"topic": "@everyone"},
    )  # fmt: skip
    text = await private_error(running, iid)
    assert text == "unknown topic '@\u200beveryone'; known topics: tariffs"
    message = running.fake.interaction(iid).original
    assert message is not None and not message.pings_everyone


async def test_digest_article_digests_one_allowed_article(running: World) -> None:
    url = running.site.url_for(TARIFF_PATH)
    answer = await running.command("digest", "article", {"url": url, "count": 2})
    [embed] = all_embeds(answer)
    assert embed["title"] == TARIFF_TITLE
    top = next(f for f in embed["fields"] if f["name"] == "Top comments")
    assert len(top["value"].splitlines()) == 2


async def test_digest_article_refuses_sites_that_are_not_configured(running: World) -> None:
    iid = await running.fake.inject_interaction(
        running.a.id,
        running.a.general.id,
        running.a.member.id,
        "digest",
        "article",
        {"url": "https://example.com/news/tariffs"},
    )
    assert await private_error(running, iid) == (
        "refusing to fetch https://example.com/news/tariffs: "
        "only links to these sites are allowed: 127.0.0.1"
    )
    # told at once: no public "thinking…" first
    assert running.fake.interaction(iid).callback_type == 4


async def test_news_comments_refuses_sites_that_are_not_configured_at_once(running: World) -> None:
    iid = await running.fake.inject_interaction(
        running.a.id, running.a.general.id, running.a.member.id, "news", "comments",
        {"article": "https://example.com/news/tariffs"},
    )  # fmt: skip
    assert (await private_error(running, iid)).endswith(
        "only links to these sites are allowed: 127.0.0.1"
    )
    assert running.fake.interaction(iid).callback_type == 4


async def test_news_latest_lists_newest_tariff_articles(running: World) -> None:
    answer = await running.command("news", "latest", {"count": 2})
    [embed] = answer.embeds
    assert embed["title"] == "Latest on tariffs"
    lines = [line for line in embed["description"].splitlines() if line[:1].isdigit()]
    assert len(lines) == 2
    assert lines[0].startswith(f"1. [{TARIFF_TITLE}]")  # published 5 h ago, the others 7–9 h
    assert lines[1].startswith(f"2. [{EXTRA_TITLES[0]}]")
    assert SUMO_TITLE not in embed["description"]


async def test_in_a_burst_news_latest_acknowledges_first_then_answers(running: World) -> None:
    """40 commands at once: those that find the bot crowded defer before reading the store
    (their work would hold up every other acknowledgement); every one gets the same list."""
    alone = await running.command("news", "latest", {"count": 2})
    a = running.a
    ids = await asyncio.gather(
        *(
            running.fake.inject_interaction(
                a.id, a.general.id, a.member.id, "news", "latest", {"count": 2}
            )
            for _ in range(40)
        )
    )
    answers = [await running.fake.interaction_response(iid, timeout=10) for iid in ids]
    assert sum(answer.deferred for answer in answers) >= 40 - CROWDED_INTERACTIONS
    assert all(answer.embeds == alone.embeds for answer in answers)


async def test_news_search_finds_a_comments_words(running: World) -> None:
    answer = await running.command("news", "search", {"query": "carmakers Aichi"})
    assert answer.deferred
    [embed] = answer.embeds
    assert embed["title"] == "Search: carmakers Aichi"
    first = embed["fields"][0]
    assert first["name"] == TARIFF_TITLE
    assert first["value"].startswith("**tradewatcher** (+30 / −2): ")
    assert "carmakers" in first["value"] and "Aichi" in first["value"]


async def test_news_search_refuses_an_empty_query_privately(running: World) -> None:
    iid = await running.fake.inject_interaction(
        running.a.id, running.a.general.id, running.a.member.id, "news", "search", {"query": "?!"}
    )
    assert (
        await private_error(running, iid)
        == "the search needs at least one word (letters or digits)"
    )


async def test_news_comments_best_ranks_30_2_above_2_0(running: World) -> None:
    url = running.site.url_for(TARIFF_PATH)
    answer = await running.command("news", "comments", {"article": url, "sort": "best", "count": 7})
    [embed] = answer.embeds
    names = [f["name"] for f in embed["fields"]]
    best = names.index("1. tradewatcher · +30 / −2")
    small = next(i for i, n in enumerate(names) if n.endswith("quietreader · +2 / −0"))
    assert best < small
    assert embed["fields"][best]["value"] == BEST_COMMENT
    assert embed["fields"][small]["value"] == SMALL_COMMENT
    assert embed["footer"]["text"] == "7 of 7 comments, sorted by best"


async def test_a_thread_looked_up_by_a_user_is_still_stored_by_the_next_poll(
    running: World,
) -> None:
    """/digest article reads the live page; what it saw must not make the next poll's
    conditional GET find the thread unchanged while the store still has the older one."""
    running.site.articles[TARIFF_PATH].comments.append(
        FakeComment("newcomer", "Tariffs hurt consumers on both sides.", 9, 0)
    )
    url = running.site.url_for(TARIFF_PATH)
    answer = await running.command("digest", "article", {"url": url})
    assert "newcomer" in str(all_embeds(answer))
    report = await running.running.runtime.poll_once()
    assert report.new_comments == 1


async def test_topic_add_then_list_shows_it_only_in_that_server(running: World) -> None:
    added = await running.command(
        "topic", "add", {"name": "sumo", "keywords": "sumo, yokozuna, basho"}
    )
    assert added.content.startswith("Topic **sumo** saved: matches `sumo`, `yokozuna`, `basho`.")
    listed = await running.command("topic", "list")
    names = [f["name"] for f in listed.embeds[0]["fields"]]
    assert names == ["sumo (this server)", "tariffs (configured)"]
    other = await running.command("topic", "list", server=running.b)
    assert [f["name"] for f in other.embeds[0]["fields"]] == ["tariffs (configured)"]


async def test_a_topic_added_later_gets_the_comments_of_articles_seen_before(
    running: World,
) -> None:
    """The sumo story was stored without its thread (no topic followed it). Once a topic
    does, the next poll reads the thread whole: it is not "unchanged" for want of a 304."""
    await running.command("topic", "add", {"name": "sumo", "keywords": "sumo, yokozuna, basho"})
    report = await running.running.runtime.poll_once()
    assert report.new_comments == 1
    url = running.site.url_for("/category/sports/yokozuna-nagoya")
    answer = await running.command("news", "comments", {"article": url})
    assert answer.embeds[0]["fields"][0]["name"] == "1. rikishifan · +8 / −0"


async def test_topic_autocomplete_offers_the_servers_own_topics(running: World) -> None:
    await running.command("topic", "add", {"name": "sumo", "keywords": "sumo"})
    iid = await running.fake.inject_autocomplete(
        running.a.id, running.a.general.id, running.a.member.id, "news", "latest",
        {"topic": "s"}, focused="topic",
    )  # fmt: skip
    answer = await running.fake.interaction_response(iid)
    # What starts with the typed text first, then what contains it.
    assert answer.choices == [
        {"name": "sumo", "value": "sumo"},
        {"name": "tariffs", "value": "tariffs"},
    ]
    iid = await running.fake.inject_autocomplete(
        running.b.id, running.b.general.id, running.b.member.id, "news", "latest",
        {"topic": ""}, focused="topic",
    )  # fmt: skip
    assert (await running.fake.interaction_response(iid)).choices == [
        {"name": "tariffs", "value": "tariffs"}
    ]


async def test_stats_attaches_a_png_chart(running: World) -> None:
    answer = await running.command("stats", None, {"days": 7})
    assert answer.deferred
    [attachment] = answer.attachments
    assert attachment.filename == "stats-tariffs-7d.png"
    assert attachment.data.startswith(PNG_SIGNATURE)
    [embed] = answer.embeds
    assert embed["image"]["url"].endswith("stats-tariffs-7d.png")
    assert embed["description"] == "Last 7 days: 4 articles, 10 comments, 66 votes."


async def test_help_explains_commands_and_setup(running: World) -> None:
    answer = await running.command("help", user=running.a.member)
    assert answer.ephemeral
    [embed] = answer.embeds
    assert embed["title"] == "digestbot"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "`/digest subscribe channel [topic] [schedule] [timezone]`" in fields["Commands"]
    assert "`/news comments article [sort] [count]`" in fields["Commands"]
    assert "Manage Server" in fields["Setting up"]
