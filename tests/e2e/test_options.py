"""Subscription options end to end: role pings, caps, compact style, threads, forum posts,
publishing in announcement channels, and /digest edit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.store import Subscription
from tests.e2e.harness import (
    EXTRA_TITLES,
    TARIFF_TITLE,
    World,
    channel_posts,
)
from tests.fakes.discord import Fault
from tests.fakes.discord.messages import CROSSPOSTED, HAS_THREAD
from tests.fakes.discord.models import GUILD_FORUM, REQUIRE_TAG, Channel, snowflakes
from tests.fakes.newssite import FakeComment

TARIFF_PATH = "/category/politics/japan-tariff-negotiator-talks"


async def subscribe(world: World, channel_id: int, **options: Any) -> Subscription:
    """``/digest subscribe`` as Alpha's admin at a time 12 hours away (never fires by itself)."""
    later = datetime.now(UTC) + timedelta(hours=12)
    options = {"schedule": f"daily {later:%H:%M}", "timezone": "UTC", **options}
    answer = await world.command("digest", "subscribe", {"channel": channel_id, **options})
    assert answer.content.startswith("Subscribed"), answer.content
    subs = await world.running.runtime.store.subscriptions(world.a.id)
    return next(s for s in subs if s.channel_id == channel_id)


async def not_first(world: World, sub: Subscription) -> None:
    """Make the next run an ordinary one (a first digest is cut to first_post_articles)."""
    await world.running.runtime.store.set_last_digest(sub.id, world.now - timedelta(hours=12))


def linked_titles(messages: list[Any]) -> list[str]:
    return [e["title"] for m in messages for e in m.embeds if "url" in e]


async def test_a_digest_pings_only_the_subscriptions_role_whatever_readers_wrote(
    world: World,
) -> None:
    watchers = world.a.guild.add_role("Tariff Watchers")
    mods = world.a.guild.add_role("Mods")
    hostile = (
        f"@everyone @here read this <@&{mods.id}> <@{world.a.member.id}> "
        f"<@&{watchers.id}> tariffs are a tax"
    )
    world.site.articles[TARIFF_PATH].comments.append(
        FakeComment("troll", hostile, up=95, down=0, posted=world.now - timedelta(hours=1))
    )
    await world.start_bot()
    sub = await subscribe(world, world.a.news.id, role=watchers.id, style="compact")
    assert sub.role_id == watchers.id and sub.style == "compact"
    await not_first(world, sub)
    await world.running.subscriptions.run(sub.id)

    posts = channel_posts(world.fake, world.a.news.id)
    assert posts[0].content.startswith(f"<@&{watchers.id}>\n\n**[")
    text = "\n".join(p.content for p in posts)
    assert TARIFF_TITLE in text and "tariffs are a tax" in text  # the top quote, defused
    assert text.count(f"<@&{watchers.id}>") == 1  # ours; the reader's is defused:
    assert f"<\u200b@&{watchers.id}>" in text and "@\u200beveryone" in text
    assert posts[0].pinged_role_ids == [watchers.id]
    assert posts[0].pinged_user_ids == [] and not posts[0].pings_everyone
    for later in posts[1:]:
        assert later.pinged_role_ids == [] and later.pinged_user_ids == []
    [first, *_] = [
        r.json for r in world.fake.requests_to("POST", "/channels/{channel_id}/messages")
    ]
    allowed = first["allowed_mentions"]
    assert allowed["parse"] == [] and [int(r) for r in allowed["roles"]] == [watchers.id]
    assert "users" not in allowed and not allowed.get("replied_user")


async def test_max_articles_links_the_rest_and_min_comments_leaves_quiet_ones_out(
    running: World,
) -> None:
    capped = await subscribe(running, running.a.news.id, max_articles=1)
    await not_first(running, capped)
    await running.running.subscriptions.run(capped.id)
    [message] = channel_posts(running.fake, running.a.news.id)
    [shown] = linked_titles([message])
    more = message.embeds[-1]
    assert more["title"] == "More on tariffs"
    listed = [t for t in (TARIFF_TITLE, *EXTRA_TITLES) if t in more["description"]]
    assert listed and shown not in listed

    # The extra articles have one comment each: min_comments 2 leaves only the busy one.
    quiet = await subscribe(running, running.a.general.id, min_comments=2)
    await not_first(running, quiet)
    await running.running.subscriptions.run(quiet.id)
    [message] = channel_posts(running.fake, running.a.general.id)
    assert linked_titles([message]) == [TARIFF_TITLE]
    assert all("More on" not in e["title"] for e in message.embeds)


async def test_compact_style_is_plain_text_within_2000_characters_per_message(
    running: World,
) -> None:
    for index in range(12):
        running.site.articles[TARIFF_PATH].comments.append(
            FakeComment(f"longwinded{index}", "Tariffs " * 150, up=40 + index, down=1,
                        posted=running.now - timedelta(hours=1))
        )  # fmt: skip
    await running.running.runtime.poll_once()
    sub = await subscribe(running, running.a.news.id, style="compact", max_articles=25)
    await not_first(running, sub)
    await running.running.subscriptions.run(sub.id)
    posts = channel_posts(running.fake, running.a.news.id)
    assert posts and all(p.embeds == [] for p in posts)
    assert all(len(p.content) <= 2000 for p in posts)
    text = "\n".join(p.content for p in posts)
    for title in (TARIFF_TITLE, *EXTRA_TITLES):
        assert text.count(f"**[{title}](<http") == 1
    assert "comments · " in text and "votes" in text
    assert "> “" in text  # each article's top quote


async def test_threads_give_each_article_its_own_discussion_thread(running: World) -> None:
    sub = await subscribe(running, running.a.news.id, post_as="threads", max_articles=25)
    await not_first(running, sub)
    delivery = await running.running.subscriptions.run(sub.id)
    assert delivery is not None
    starters = channel_posts(running.fake, running.a.news.id)
    assert sorted(linked_titles(starters)) == sorted((TARIFF_TITLE, *EXTRA_TITLES))
    assert all(len(m.embeds) == 1 and m.flags & HAS_THREAD for m in starters)
    threads = {t.id: t for t in running.a.guild.threads()}
    assert {m.id for m in starters} == set(threads)  # a thread's id is its starter's
    assert sorted(t.name for t in threads.values()) == sorted((TARIFF_TITLE, *EXTRA_TITLES))
    stored = await running.running.runtime.store.get_delivery(delivery.id)
    assert stored is not None and stored.status == "delivered"
    assert [p["thread_id"] for p in stored.parts] == stored.sent_ids


async def test_a_thread_step_cut_off_is_finished_once_after_a_retry(running: World) -> None:
    sub = await subscribe(running, running.a.news.id, post_as="threads")
    running.fake.fail_next(
        "POST", "/channels/*/messages/*/threads", Fault.connection_lost(), times=1
    )
    delivery = await running.running.subscriptions.run(sub.id)
    assert delivery is not None
    [pending] = await running.running.runtime.store.pending_deliveries()
    assert pending.sent_ids[0] is not None and "thread_id" not in pending.part(0)
    assert await running.running.delivery.flush() == 1
    posts = channel_posts(running.fake, running.a.news.id)
    starters = [m for m in posts if m.flags & HAS_THREAD]
    # First post: two articles with a thread each (each posted once), then the "more" list.
    assert len(starters) == 2 and len(posts) == 3
    assert posts[-1].embeds[0]["title"] == "More on tariffs"
    assert len(running.fake.requests_to("POST", "/channels/{channel_id}/messages")) == 3
    assert {t.id for t in running.a.guild.threads()} == {m.id for m in starters}


class TaggedForum(Channel):
    """A forum channel with tags (the fake's forums have none by default)."""

    tags: list[dict[str, Any]]

    def payload(self, bot_id: int | None = None) -> dict[str, Any]:
        data = super().payload(bot_id)
        data["available_tags"] = self.tags
        return data


def add_tagged_forum(
    world: World, name: str, tags: list[str], *, flags: int = 0
) -> tuple[Channel, dict[str, int]]:
    guild = world.a.guild
    forum = TaggedForum(
        snowflakes.next(), guild.id, name, GUILD_FORUM, position=len(guild.channels), flags=flags
    )
    ids = {tag: snowflakes.next() for tag in tags}
    forum.tags = [
        {"id": str(i), "name": t, "moderated": False, "emoji_id": None, "emoji_name": None}
        for t, i in ids.items()
    ]
    guild.channels[forum.id] = forum
    return forum, ids


async def test_a_forum_gets_one_tagged_post_per_article(world: World) -> None:
    forum, tags = add_tagged_forum(world, "trade-talk", ["Sumo", "TARIFFS"])
    bare, _ = add_tagged_forum(world, "untagged", [])
    strict, strict_tags = add_tagged_forum(
        world, "tag-required", ["Markets", "Politics"], flags=REQUIRE_TAG
    )
    await world.start_bot()
    sub = await subscribe(world, forum.id)
    assert sub.post_as == "threads"  # a forum channel always takes posts
    delivery = await world.running.subscriptions.run(sub.id)
    assert delivery is not None
    threads = [t for t in world.a.guild.threads() if t.parent_id == forum.id]
    posts = [t for t in threads if t.name != "More on tariffs"]
    assert len(threads) == 3  # the first digest: two articles, and the rest linked in a post
    assert sorted(p.name for p in posts) == sorted(
        linked_titles([m for p in posts for m in world.fake.messages(p.id)])
    )
    assert len(posts) == 2 and all(p.applied_tags == [tags["TARIFFS"]] for p in posts)
    assert all(t.applied_tags == [tags["TARIFFS"]] for t in threads)  # ("More on …" too)
    for post in posts:
        [starter] = world.fake.messages(post.id)
        assert starter.id == post.id and len(starter.embeds) == 1

    # No tag matches: posts still go up, untagged.
    other = await subscribe(world, bare.id)
    await world.running.subscriptions.run(other.id)
    untagged = [t for t in world.a.guild.threads() if t.parent_id == bare.id]
    assert len(untagged) == 3 and all(p.applied_tags == [] for p in untagged)

    # A forum that takes no untagged post, and has no tag for the topic: its first tag.
    third = await subscribe(world, strict.id)
    await world.running.subscriptions.run(third.id)
    tagged = [t for t in world.a.guild.threads() if t.parent_id == strict.id]
    assert len(tagged) == 3 and all(p.applied_tags == [strict_tags["Markets"]] for p in tagged)

    # A crash lost the record of those posts: resuming finds them instead of posting again.
    again = await world.running.runtime.store.enqueue_delivery(
        sub.id, forum.id, "resumed", delivery.messages, at=delivery.created_at
    )
    assert await world.running.delivery.deliver(again) is True
    assert len([t for t in world.a.guild.threads() if t.parent_id == forum.id]) == 3


async def test_a_forum_requiring_a_tag_the_bot_cannot_apply_gets_advice_about_tags(
    world: World,
) -> None:
    strict, _ = add_tagged_forum(world, "tags-required", [], flags=REQUIRE_TAG)
    await world.start_bot()
    sub = await subscribe(world, strict.id)
    await world.running.subscriptions.run(sub.id)
    assert [t for t in world.a.guild.threads() if t.parent_id == strict.id] == []
    [notice] = channel_posts(world.fake, world.a.general.id)
    assert notice.content == (
        f"digestbot could not post the tariffs digest to <#{strict.id}>: Discord refused the "
        "forum post: A tag is required to create a forum post in this channel. The forum "
        "requires a tag on every post and has none the bot may apply: add a tag anyone may "
        "use (best named like the topic) or stop requiring tags, then run /digest subscribe "
        "again for that channel."
    )


async def test_announcement_channels_publish_and_a_refusal_still_posts(world: World) -> None:
    news = world.a.guild.add_announcement_channel("trade-news")
    await world.start_bot()
    sub = await subscribe(world, news.id, publish=True)
    await world.running.subscriptions.run(sub.id)
    [posted] = channel_posts(world.fake, news.id)
    assert posted.flags & CROSSPOSTED

    world.fake.fail_next("POST", "/channels/*/messages/*/crosspost", Fault.missing_permissions())
    world.site.articles[TARIFF_PATH].comments.append(
        FakeComment("late", "A new tariff comment.", 3, 0, world.now)
    )
    await world.running.runtime.poll_once()
    delivery = await world.running.subscriptions.run(sub.id)
    assert delivery is not None
    stored = await world.running.runtime.store.get_delivery(delivery.id)
    assert stored is not None and stored.status == "delivered"
    assert stored.part(0)["published"] is False
    latest = channel_posts(world.fake, news.id)[-1]
    assert linked_titles([latest]) == [TARIFF_TITLE] and not latest.flags & CROSSPOSTED
    refreshed = await world.running.runtime.store.get_subscription(sub.id)
    assert refreshed is not None and refreshed.broken is None


async def test_edit_changes_options_in_place_and_only_in_this_server(running: World) -> None:
    sub = await subscribe(running, running.a.news.id)
    watchers = running.a.guild.add_role("Watchers")
    answer = await running.command(
        "digest",
        "edit",
        {"channel": running.a.news.id, "role": watchers.id, "style": "compact", "live_hours": 6,
         "max_articles": 3, "admin_channel": running.a.general.id},
    )  # fmt: skip
    assert answer.content.startswith(
        f"Updated the **tariffs** digest in <#{running.a.news.id}>: `{sub.schedule}`"
    ), answer.content
    assert answer.content.endswith(
        f"Options: pings <@&{watchers.id}>, compact, live updates 6 h, at most 3 articles, "
        f"notices in <#{running.a.general.id}>."
    )
    [edited] = await running.running.runtime.store.subscriptions(running.a.id)
    assert (edited.id, edited.created_at, edited.schedule) == (sub.id, sub.created_at, sub.schedule)
    assert (edited.role_id, edited.style, edited.live_hours, edited.max_articles) == (
        watchers.id, "compact", 6, 3,
    )  # fmt: skip
    reset = await running.command(
        "digest", "edit", {"channel": running.a.news.id, "reset": "role ping"}
    )
    assert "pings" not in reset.content
    [edited] = await running.running.runtime.store.subscriptions(running.a.id)
    assert edited.role_id is None and edited.style == "compact"

    nothing = await running.command("digest", "edit", {"channel": running.a.news.id})
    assert nothing.ephemeral
    assert nothing.content == "Nothing to change: give a new schedule, timezone or option."
    elsewhere = await running.command(
        "digest", "edit", {"channel": running.b.news.id, "style": "embeds"}, server=running.b
    )
    assert elsewhere.ephemeral
    assert elsewhere.content == f"<#{running.b.news.id}> has no subscription in this server."
    bad = await running.command(
        "digest", "edit", {"channel": running.a.news.id, "schedule": "every 5m"}
    )
    assert bad.ephemeral and bad.content == "'every' takes 1h–23h or 15m–59m"
    refused = await running.command(
        "digest", "edit", {"channel": running.a.news.id, "style": "embeds"},
        user=running.a.member,
    )  # fmt: skip
    assert refused.content == "You need the Manage Server permission for this."
