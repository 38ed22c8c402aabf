"""Text written by strangers — article titles, comments, slash-command arguments — pings
nobody, breaks no Discord limit, and gets a clear private answer when it is refused.

The bot may mention @everyone here (its role has Mention Everyone), so a mention that got
through would really ping: the fake Discord works out who a message pings as Discord does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import (
    World,
    channel_posts,
    make_server,
    now_utc,
    open_world,
    tariff_article,
    write_settings,
)
from tests.fakes.discord import BOT_DEFAULT, FakeDiscord, FakeMessage
from tests.fakes.discord.models import MENTION_EVERYONE
from tests.fakes.newssite import FakeArticle, FakeComment, NewsSite
from tests.reliability.discord_env import embed_strings, harm_in, private_error

HOSTILE_PATH = "/category/politics/tariff-everyone"
WALL_BYTES = 100_000


def hostile_article(member_id: int, role_id: int, channel_id: int) -> FakeArticle:
    now = now_utc()
    wall = ("tariff @everyone " + "x" * 40 + " ") * (WALL_BYTES // 58)
    said = [
        ("@everyone", f"@everyone tariffs! <@{member_id}> <@!{member_id}> <@&{role_id}> @here"),
        ("linker", "[https://japantoday.com/safe](https://evil.example/phish) tariff facts"),
        ("sneaky", f"@every\u200bone and <\u200b@{member_id}> and @\u2060here: tariff time"),
        ("bidi", "\u202e\u2066tariff\u2069 reversed, <#" + str(channel_id) + "> too"),
        ("<@&" + str(role_id) + ">", "An author name that is a role mention. Tariffs!"),
        ("wall", wall),
    ]
    return FakeArticle(
        path=HOSTILE_PATH,
        title=f"@everyone Tariff alert <@&{role_id}> @here",
        body=[
            f"@here The tariff news <@{member_id}> "
            "[https://japantoday.com/safe](https://evil.example/phish) is out.",
            "\u202eTariff\u202c rules @every\u200done should read.",
        ],
        comments=[
            FakeComment(author, text, up=60 - 7 * i, down=i, posted=now - timedelta(minutes=i))
            for i, (author, text) in enumerate(said)
        ],
        published=now - timedelta(hours=1),
    )


@pytest.fixture
async def hostile(tmp_path: Path) -> AsyncIterator[World]:
    a, b = make_server("Alpha Server"), make_server("Beta Server")
    role = a.guild._role_named("Server Manager", 0)
    bot_permissions = BOT_DEFAULT | MENTION_EVERYONE
    async with (
        NewsSite() as site,
        FakeDiscord(guilds=[a.guild, b.guild], bot_permissions=bot_permissions) as fake,
    ):
        site.add_article(tariff_article(now_utc()))
        site.add_article(hostile_article(a.admin.id, role.id, a.news.id))
        site.publish_feed("/feed")
        settings = write_settings(tmp_path, site, fake, first_post_articles=5)
        world = World(tmp_path, site, fake, settings, a, b, now_utc())
        try:
            await world.start_bot()
            yield world
        finally:
            await world.close()


def answer_messages(world: World, iid: int) -> list[FakeMessage]:
    record = world.fake.interaction(iid)
    return [m for m in [record.original, *record.followups] if m is not None]


async def test_hostile_articles_and_comments_ping_nobody_and_fit_discord(hostile: World) -> None:
    world, fake, a = hostile, hostile.fake, hostile.a
    url = world.site.url_for(HOSTILE_PATH)
    stored = await world.running.runtime.store.get_article(url)
    assert stored is not None and len(stored.comments) == 6
    assert max(len(c.text) for c in stored.comments) > 90_000  # the wall was read in full

    shown: list[FakeMessage] = []
    commands: list[tuple[str, str, dict[str, Any]]] = [
        ("digest", "now", {}),
        ("digest", "article", {"url": url, "count": 10}),
        ("news", "comments", {"article": url, "sort": "top", "count": 10}),
        ("news", "search", {"query": "tariff everyone"}),
        ("news", "latest", {"count": 5}),
    ]
    for name, subcommand, options in commands:
        answer = await world.command(name, subcommand, options, user=a.member)
        assert not answer.ephemeral, (name, subcommand, answer.content)
        shown += answer_messages(world, answer.interaction_id)
    later = now_utc() + timedelta(hours=12)
    subscribed = await world.command(
        "digest", "subscribe", {"channel": a.news.id, "schedule": f"daily {later:%H:%M}"}
    )
    assert subscribed.content.startswith("Subscribed")
    [sub] = await world.running.runtime.store.subscriptions(a.id)
    delivery = await world.running.subscriptions.run(sub.id)
    assert delivery is not None
    posted = channel_posts(fake, a.news.id)
    assert len(posted) == len(delivery.messages)  # Discord accepted every part
    shown += posted

    texts = [
        t for m in shown for t in [m.content, *(x for e in m.embeds for x in embed_strings(e))]
    ]
    # The hostile text did reach the output, defused: shown as typed, but inert.
    assert any("@\u200beveryone Tariff alert <\u200b@&" in t for t in texts)
    assert any(f"<\u200b@{a.admin.id}>" in t for t in texts)
    assert any("https://japantoday.com/safe (https://evil.example/phish)" in t for t in texts)
    assert {m.id: harm_in(m) for m in shown} == {m.id: [] for m in shown}
    # The masked link shows where it goes instead of hiding it behind a trusted-looking URL.
    assert not any("](https://evil.example" in t for t in texts)
    assert fake.requests_to("POST", "/channels/{channel_id}/messages")
    for request in fake.requests:  # and every message said so to Discord as well
        body = request.json if isinstance(request.json, dict) else {}
        data = body.get("data", body) if request.route and "callback" in request.route else body
        if isinstance(data, dict) and ("embeds" in data or "content" in data):
            assert data.get("allowed_mentions") == {"parse": []}, request.route


ARGUMENT_CASES: list[tuple[str, str | None, dict[str, Any], str]] = [
    ("news", "search", {"query": "   "}, "give some words to search for"),
    (
        "news",
        "search",
        {"query": "\u200b\u200b\u200b"},
        "the search needs at least one word (letters or digits)",
    ),
    (
        "news",
        "search",
        {"query": '"*() -- ' * 25},
        "the search needs at least one word (letters or digits)",
    ),
    ("news", "latest", {"topic": "関税"}, "unknown topic '関税'; known topics: tariffs"),
    (
        "news",
        "latest",
        {"topic": "t" * 300},
        f"unknown topic '{'t' * 50}'; known topics: tariffs",
    ),
    (
        "news",
        "comments",
        {"article": "javascript:alert(1)"},
        "'javascript:alert(1)' is not a link: give the article's http(s) URL",
    ),
    (
        "digest",
        "subscribe",
        {"schedule": "* * * * *"},
        "digests can be scheduled at most every 15 minutes",
    ),
    (
        "digest",
        "subscribe",
        {"schedule": "61 25 * * *"},
        "'61 25 * * *' is not a valid cron schedule: Error validating expression '25': "
        "the last value (25) is higher than the maximum value (23)",
    ),
    ("digest", "subscribe", {"schedule": "0 0 30 2 *"}, "'0 0 30 2 *' never fires"),
    (
        "digest",
        "subscribe",
        {"schedule": "daily 25:00"},
        "'25:00' is not a time of day: use HH:MM, 24-hour (09:00)",
    ),
    (
        "digest",
        "subscribe",
        {"schedule": "@reboot @everyone"},
        "'@reboot @\u200beveryone' is not a schedule: use 'daily 09:00', 'weekdays 08:30', "
        "'weekly mon 09:00', 'hourly', 'every 6h' or a 5-field cron string like '0 9 * * 1-5'",
    ),
    (
        "digest",
        "subscribe",
        {"schedule": "   "},
        "the schedule is empty: try 'daily 09:00' or a cron string",
    ),
    (
        "digest",
        "subscribe",
        {"timezone": "Mars/Olympus_Mons"},
        "unknown timezone 'Mars/Olympus_Mons': use an IANA name such as Europe/Paris or Asia/Tokyo",
    ),
    (
        "topic",
        "add",
        {"name": "関税", "keywords": "tariff"},
        "a topic name is 1–32 lowercase letters, digits, '-' or '_', starting with a letter "
        "or digit",
    ),
    (
        "topic",
        "add",
        {"name": "trade", "keywords": " , ,, "},
        "give at least one keyword, separated by commas",
    ),
    (
        "topic",
        "add",
        {"name": "trade", "keywords": "tariff("},
        "keyword 'tariff(' is not a valid pattern: missing ), unterminated subpattern at "
        "position 6",
    ),
    (
        "topic",
        "add",
        {"name": "trade", "keywords": ", ".join(f"word{i}" for i in range(51))},
        "at most 50 keywords per topic",
    ),
    (
        "topic",
        "add",
        {"name": "trade", "keywords": "x" * 101},
        "keyword too long (at most 100 characters)",
    ),
]

REDOS_CASES = [
    ("(a+)+$", "repeats a group that repeats inside, like (a+)+"),
    (r"(\w+\s?)+x", "repeats a group that repeats inside, like (a+)+"),
    ("(tariff|tariffs)*z", "repeats a choice without limit, like (a|ab)+"),
    (".*.*x", "has 2 open-ended repeats (*, +, {n,}); at most 1"),
    (".?" * 12 + "z", "has too many optional or counted parts (?, {n})"),
    (r"(t)\1", "refers back to a group (\\1)"),
]


async def test_bad_slash_arguments_get_clear_private_answers(running_plain: World) -> None:
    world = running_plain
    for n, (name, sub, options, expected) in enumerate(ARGUMENT_CASES):
        if name == "digest" and sub == "subscribe":
            options = {"channel": world.a.news.id, **options}
        iid = await world.fake.inject_interaction(
            world.a.id, world.a.general.id, world.a.admin.id, name, sub, options
        )
        assert await private_error(world.fake, iid) == expected, (n, name, sub, options)
    for n, (pattern, problem) in enumerate(REDOS_CASES):
        iid = await world.fake.inject_interaction(
            world.a.id,
            world.a.general.id,
            world.a.admin.id,
            "topic",
            "add",
            {"name": f"trap{n}", "keywords": f"tariff, {pattern}"},
        )
        assert await private_error(world.fake, iid) == (
            f"the keyword {pattern!r} {problem}: matching it could stall the bot, so simplify it"
        )
    # Nothing was stored or scheduled by any of it.
    store = world.running.runtime.store
    assert await store.subscriptions(world.a.id) == []
    assert await store.guild_topics(world.a.id) == []
    # Patterns a server really needs still work, and FTS syntax is searched for literally.
    added = await world.command(
        "topic",
        "add",
        {"name": "trade", "keywords": "tariffs?, trade (war|deal)s?, import tax(es)?, levy\\w*"},
    )
    assert added.content.startswith("Topic **trade** saved")
    for query in ('carmakers" OR "sumo', "carmakers AND NOT ^x*", "NEAR(carmakers Aichi)"):
        found = await world.command("news", "search", {"query": query})
        assert not found.ephemeral and found.embeds[0]["title"] == f"Search: {query}"
        names = [f["name"] for f in found.embeds[0].get("fields", [])]
        assert names and all("Yokozuna" not in n for n in names), query
    unicode = await world.command("news", "search", {"query": "関税 🚗"})
    assert unicode.embeds[0]["description"] == "Nothing stored matches those words."


@pytest.fixture
async def running_plain(tmp_path: Path) -> AsyncIterator[World]:
    """The e2e world (short digests), the bot running."""
    async with open_world(tmp_path) as world:
        await world.start_bot()
        yield world


async def test_another_servers_ids_and_permissions_open_nothing(running_plain: World) -> None:
    world = running_plain
    a, b = world.a, world.b
    added = await world.command("topic", "add", {"name": "sumo", "keywords": "sumo, yokozuna"})
    assert added.content.startswith("Topic **sumo** saved")
    later = now_utc() + timedelta(hours=12)
    await world.command(
        "digest", "subscribe", {"channel": a.news.id, "schedule": f"daily {later:%H:%M}"}
    )
    store = world.running.runtime.store
    [a_sub] = await store.subscriptions(a.id)

    async def refused(server: Any, user: Any, cmd: str, sub: str | None, **options: Any) -> str:
        iid = await world.fake.inject_interaction(
            server.id,
            server.general.id,
            user.id,
            cmd,
            sub,
            options,
            bypass_default_permissions=True,  # a client that shows admin commands anyway
        )
        return await private_error(world.fake, iid)

    # Alpha's own topic, named the way the store keys it, from Beta.
    key = f"{a.id}:sumo"
    for name, sub in (("news", "latest"), ("digest", "now"), ("stats", None)):
        said = await refused(b, b.admin, name, sub, topic=key)
        assert said == f"unknown topic '{key}'; known topics: tariffs", name
    assert await refused(b, b.admin, "digest", "subscribe", channel=b.news.id, topic=key) == (
        f"unknown topic '{key}'; known topics: tariffs"
    )
    assert await refused(b, b.admin, "topic", "remove", name="sumo") == (
        "this server has no topic called 'sumo'"
    )
    assert await refused(b, b.admin, "digest", "unsubscribe", channel=b.news.id) == (
        f"<#{b.news.id}> has no subscription in this server."
    )
    # Beta's admin is a plain member of Alpha: Manage Server in Beta counts for nothing there.
    twin = a.guild.add_member("beta-admin-in-alpha", user_id=b.admin.id)
    for name, sub, options in (
        ("digest", "subscribe", {"channel": a.general.id}),
        ("digest", "unsubscribe", {"channel": a.news.id}),
        ("topic", "remove", {"name": "sumo"}),
        ("topic", "add", {"name": "golf", "keywords": "golf"}),
    ):
        said = await refused(a, twin, name, sub, **options)
        assert said == "You need the Manage Server permission for this.", (name, sub)
    assert [t.name for t in await store.guild_topics(a.id)] == ["sumo"]
    assert await store.guild_topics(b.id) == []
    assert await store.subscriptions(a.id) == [a_sub]
    assert await store.subscriptions(b.id) == []
    listing = await world.command("topic", "list", server=b, user=b.member)
    assert [f["name"] for f in listing.embeds[0]["fields"]] == ["tariffs (configured)"]
