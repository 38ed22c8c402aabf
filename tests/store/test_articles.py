"""Storing threads: votes update in place, new comments are added, nothing is duplicated."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.store import ArticleWrite, Store, StoreError, UpsertResult
from bot.store.schema import ArticleRow, CommentRow
from tests.store.conftest import ARTICLE_URL, T0, article, comment, file_url, thread


async def comment_rows(store: Store) -> int:
    async with store.engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(CommentRow)) or 0)


async def last_activity(store: Store, key: str = ARTICLE_URL) -> datetime:
    async with store.engine.connect() as conn:
        value = await conn.scalar(select(ArticleRow.last_activity).where(ArticleRow.key == key))
    assert value is not None
    return value


async def test_first_upsert_creates_article_with_comments_in_page_order(store: Store) -> None:
    comments = (
        comment("b", "second on the page", position=1, up=7, down=3, author="dan"),
        comment("a", "first on the page", position=0, up=2, down=13, author="Fighto!"),
    )
    result = await store.upsert_article(
        article(comments=comments), topics=["tariffs"], gist="Talks go on.", fetched_at=T0
    )

    assert result == UpsertResult(
        result.article_id, created=True, new_comments=2, changed_comments=0
    )
    stored = await store.get_article(ARTICLE_URL)
    assert stored is not None
    assert [c.id for c in stored.comments] == ["a", "b"]
    assert stored.comments[0] == comments[1]
    assert stored.body == ("Japan's top tariff negotiator spoke with Howard Lutnick twice.",)
    assert stored.published == T0
    assert await store.article_topics(ARTICLE_URL) == {"tariffs"}
    assert await store.gists([ARTICLE_URL]) == {ARTICLE_URL: "Talks go on."}


async def test_second_upsert_updates_votes_and_adds_only_the_new_comment(store: Store) -> None:
    first = thread(5)
    await store.upsert_article(article(comments=first), topics=["tariffs"], gist="", fetched_at=T0)
    later = T0 + timedelta(hours=2)
    # Three comments gained votes, one new comment arrived at the end.
    revoted = tuple(
        replace(c, up=(c.up or 0) + 10, score=(c.score or 0) + 10) if i in (0, 2, 4) else c
        for i, c in enumerate(first)
    )
    new = comment("c5", "a late reply", up=1, down=0, position=5)

    result = await store.upsert_article(
        article(comments=(*revoted, new)), topics=["tariffs"], gist="", fetched_at=later
    )

    assert (result.created, result.new_comments, result.changed_comments) == (False, 1, 3)
    assert await comment_rows(store) == 6
    stored = await store.get_article(ARTICLE_URL)
    assert stored is not None
    assert [(c.id, c.up, c.down, c.score) for c in stored.comments] == [
        ("c0", 10, 1, 9),
        ("c1", 1, 1, 0),
        ("c2", 12, 1, 11),
        ("c3", 3, 1, 2),
        ("c4", 14, 1, 13),
        ("c5", 1, 0, 1),
    ]
    assert await last_activity(store) == later


async def test_unchanged_reupsert_changes_nothing_and_keeps_last_activity(store: Store) -> None:
    a = article(comments=thread(4))
    await store.upsert_article(a, topics=["tariffs"], gist="", fetched_at=T0)

    result = await store.upsert_article(
        a, topics=["tariffs"], gist="", fetched_at=T0 + timedelta(hours=5)
    )

    assert (result.created, result.new_comments, result.changed_comments) == (False, 0, 0)
    assert await last_activity(store) == T0
    assert await comment_rows(store) == 4


async def test_new_position_alone_is_stored_but_not_counted_as_a_change(store: Store) -> None:
    a = article(comments=thread(3))
    await store.upsert_article(a, topics=[], gist="", fetched_at=T0)
    reordered = tuple(replace(c, position=2 - c.position) for c in a.comments)

    result = await store.upsert_article(
        replace(a, comments=reordered), topics=[], gist="", fetched_at=T0 + timedelta(hours=1)
    )

    assert (result.new_comments, result.changed_comments) == (0, 0)
    stored = await store.get_article(ARTICLE_URL)
    assert stored is not None and [c.id for c in stored.comments] == ["c2", "c1", "c0"]
    assert await last_activity(store) == T0


async def test_edited_comment_text_counts_as_changed(store: Store) -> None:
    await store.upsert_article(
        article(comments=(comment("1", "old words"),)), topics=[], gist="", fetched_at=T0
    )
    result = await store.upsert_article(
        article(comments=(comment("1", "new words"),)), topics=[], gist="", fetched_at=T0
    )
    stored = await store.get_article(ARTICLE_URL)
    assert result.changed_comments == 1
    assert stored is not None and stored.comments[0].text == "new words"


async def test_refresh_without_body_keeps_stored_body_and_posting_time(store: Store) -> None:
    posted = datetime(2025, 7, 5, 18, 39, tzinfo=timezone(timedelta(hours=9)))
    await store.upsert_article(
        article(comments=(comment("1", "hi", posted=posted),)), topics=[], gist="g", fetched_at=T0
    )
    bare = article(comments=(comment("1", "hi", posted=None),), body=(), published=None)

    await store.upsert_article(bare, topics=[], gist="", fetched_at=T0 + timedelta(hours=1))

    stored = await store.get_article(ARTICLE_URL)
    assert stored is not None
    assert stored.body == article().body
    assert stored.published == T0
    assert stored.comments[0].posted == posted  # same instant, returned in UTC
    assert stored.comments[0].posted is not None
    assert stored.comments[0].posted.tzinfo == UTC
    assert await store.gists([ARTICLE_URL]) == {ARTICLE_URL: "g"}


async def test_topics_are_added_never_removed(store: Store) -> None:
    await store.upsert_article(article(), topics=["tariffs"], gist="", fetched_at=T0)
    await store.upsert_article(article(), topics=["japan"], gist="", fetched_at=T0)
    await store.upsert_article(article(), topics=[], gist="", fetched_at=T0)
    assert await store.article_topics(ARTICLE_URL) == {"tariffs", "japan"}


async def test_failing_upsert_stores_nothing_and_keeps_earlier_data(store: Store) -> None:
    good = article(comments=thread(3))
    await store.upsert_article(good, topics=["tariffs"], gist="", fetched_at=T0)
    # New comments come first in the write; the broken one (no text) fails mid-way.
    broken = article(
        title="A changed title",
        comments=(
            *(replace(c, up=99) for c in good.comments),
            comment("new-1", "fine new comment"),
            replace(comment("new-2", "x"), text=None),  # type: ignore[arg-type]
        ),
    )

    with pytest.raises(StoreError, match=ARTICLE_URL):
        await store.upsert_article(broken, topics=["other"], gist="", fetched_at=T0)

    stored = await store.get_article(ARTICLE_URL)
    assert stored == replace(good, comment_count=3)
    assert await comment_rows(store) == 3
    assert await store.article_topics(ARTICLE_URL) == {"tariffs"}
    # And the store still works.
    result = await store.upsert_article(good, topics=[], gist="", fetched_at=T0)
    assert (result.new_comments, result.changed_comments) == (0, 0)


async def test_value_the_database_rejects_after_inserts_rolls_back_everything(
    store: Store,
) -> None:
    await store.upsert_article(article(comments=thread(2)), topics=[], gist="", fetched_at=T0)
    # Inserting c2 succeeds, then updating c0 with a vote count beyond 64 bits fails.
    overflowing = (replace(thread(2)[0], up=2**70), thread(2)[1], *thread(3)[2:])

    with pytest.raises(StoreError, match=f"could not store article {ARTICLE_URL}"):
        await store.upsert_article(article(comments=overflowing), topics=[], gist="", fetched_at=T0)

    assert await comment_rows(store) == 2
    stored = await store.get_article(ARTICLE_URL)
    assert stored is not None and [c.up for c in stored.comments] == [0, 1]


async def test_naive_datetime_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await store.upsert_article(article(), topics=[], gist="", fetched_at=datetime(2025, 1, 1))
    naive_comment = comment("1", "x", posted=datetime(2025, 1, 1, 12))
    with pytest.raises(StoreError, match="naive datetime"):
        await store.upsert_article(
            article(comments=(naive_comment,)), topics=[], gist="", fetched_at=T0
        )
    assert await store.get_article(ARTICLE_URL) is None


async def test_repeated_comment_id_in_one_page_is_stored_once(store: Store) -> None:
    twice = (comment("1", "first copy"), comment("1", "second copy", position=1))
    result = await store.upsert_article(article(comments=twice), topics=[], gist="", fetched_at=T0)
    stored = await store.get_article(ARTICLE_URL)
    assert result.new_comments == 1
    assert stored is not None and [c.text for c in stored.comments] == ["first copy"]


async def test_same_article_discussed_on_two_sites_keeps_two_threads(store: Store) -> None:
    own = article(comments=(comment("1", "on the article page"),))
    reddit_thread = "https://www.reddit.com/r/japan/comments/abc123/japan_tariff/"
    on_reddit = article(
        comments=(comment("1", "on reddit"),), source="reddit", discussion_url=reddit_thread
    )
    first = await store.upsert_article(own, topics=["tariffs"], gist="", fetched_at=T0)
    second = await store.upsert_article(on_reddit, topics=["tariffs"], gist="", fetched_at=T0)

    assert first.article_id != second.article_id and second.created
    by_thread = await store.get_article(reddit_thread)
    by_url = await store.get_article(ARTICLE_URL)
    assert by_thread is not None and by_thread.comments[0].text == "on reddit"
    assert by_thread.url == ARTICLE_URL and by_thread.source == "reddit"
    assert by_url is not None and by_url.comments[0].text == "on the article page"
    assert await store.known_urls([ARTICLE_URL, reddit_thread, "https://x.test/"]) == {
        ARTICLE_URL,
        reddit_thread,
    }
    found = await store.articles_for_topic("tariffs")
    assert sorted(a.source for a in found) == ["japantoday", "reddit"]


async def test_thread_of_2000_comments_upserts_in_bulk(store: Store) -> None:
    big = article(comments=thread(2000))
    created = await store.upsert_article(big, topics=["tariffs"], gist="", fetched_at=T0)
    revoted = tuple(replace(c, down=5) if i % 4 == 0 else c for i, c in enumerate(big.comments))
    statements: list[str] = []

    from sqlalchemy import event

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(store.engine.sync_engine, "before_cursor_execute", count)
    try:
        updated = await store.upsert_article(
            replace(big, comments=(*revoted, comment("late", "new"))),
            topics=["tariffs"],
            gist="",
            fetched_at=T0 + timedelta(hours=1),
        )
    finally:
        event.remove(store.engine.sync_engine, "before_cursor_execute", count)

    assert (created.new_comments, updated.new_comments, updated.changed_comments) == (2000, 1, 500)
    assert await comment_rows(store) == 2001
    # One SELECT of the article, one of its comments, then a handful of bulk statements.
    assert len(statements) <= 10, statements


async def test_known_urls_handles_more_urls_than_one_query_takes(store: Store) -> None:
    await store.upsert_article(article("https://a.test/7"), topics=[], gist="", fetched_at=T0)
    asked = [f"https://a.test/{i}" for i in range(1200)]
    assert await store.known_urls(iter(asked)) == {"https://a.test/7"}


async def test_articles_for_topic_filters_by_topic_and_activity(store: Store) -> None:
    for i, hours in enumerate((0, 5, 10)):
        await store.upsert_article(
            article(f"https://a.test/{i}", comments=thread(2, prefix=str(i))),
            topics=["tariffs"],
            gist="",
            fetched_at=T0 + timedelta(hours=hours),
        )
    await store.upsert_article(
        article("https://a.test/other"), topics=["weather"], gist="", fetched_at=T0
    )
    # Article 0 gets a new comment late: it becomes the most recently active.
    await store.upsert_article(
        article("https://a.test/0", comments=(*thread(2, prefix="0"), comment("0new", "late"))),
        topics=["tariffs"],
        gist="",
        fetched_at=T0 + timedelta(hours=12),
    )

    recent = await store.articles_for_topic("tariffs", active_since=T0 + timedelta(hours=5))
    everything = await store.articles_for_topic("tariffs")
    limited = await store.articles_for_topic("tariffs", limit=1)

    assert [a.url for a in recent] == ["https://a.test/0", "https://a.test/2", "https://a.test/1"]
    assert [len(a.comments) for a in recent] == [3, 2, 2]
    assert [a.url for a in everything] == [a.url for a in recent]
    assert [a.url for a in limited] == ["https://a.test/0"]
    assert await store.articles_for_topic("tariffs", active_since=T0 + timedelta(hours=13)) == []
    assert [a.url for a in await store.articles_for_topic("weather")] == ["https://a.test/other"]
    assert await store.articles_for_topic("nothing") == []


async def test_latest_articles_newest_published_first_without_comments(store: Store) -> None:
    days = {"old": 1, "new": 3, "mid": 2}
    for name, day in days.items():
        await store.upsert_article(
            article(
                f"https://a.test/{name}", published=T0 + timedelta(days=day), comments=thread(1)
            ),
            topics=["tariffs"] if name != "mid" else ["other"],
            gist="",
            fetched_at=T0,
        )
    # Undated: ordered by when it was first seen (T0 + 2.5 days).
    await store.upsert_article(
        article("https://a.test/undated", published=None),
        topics=["tariffs"],
        gist="",
        fetched_at=T0 + timedelta(days=2, hours=12),
    )

    tariffs = await store.latest_articles("tariffs", limit=10)
    every = await store.latest_articles(None, limit=3)

    assert [a.url.rsplit("/", 1)[1] for a in tariffs] == ["new", "undated", "old"]
    assert all(a.comments == () for a in tariffs)
    assert [a.url.rsplit("/", 1)[1] for a in every] == ["new", "undated", "mid"]


async def test_articles_to_refresh_are_those_first_seen_since(store: Store) -> None:
    reddit = "https://www.reddit.com/r/japan/comments/x1/t/"
    await store.upsert_article(article("https://a.test/old"), topics=[], gist="", fetched_at=T0)
    await store.upsert_article(
        article("https://a.test/new", source="reddit", discussion_url=reddit),
        topics=[],
        gist="",
        fetched_at=T0 + timedelta(days=1),
    )
    # A later refresh of the old one does not make it "first seen" later.
    await store.upsert_article(
        article("https://a.test/old"), topics=[], gist="", fetched_at=T0 + timedelta(days=2)
    )

    due = await store.articles_to_refresh(since=T0 + timedelta(hours=1))

    assert [(a.url, a.source, a.discussion_url) for a in due] == [
        ("https://a.test/new", "reddit", reddit)
    ]


async def test_articles_to_refresh_on_topic_leaves_out_what_no_topic_matches(
    store: Store,
) -> None:
    await store.upsert_article(
        article("https://a.test/t"), topics=["tariffs"], gist="", fetched_at=T0
    )
    await store.upsert_article(article("https://a.test/none"), topics=[], gist="", fetched_at=T0)
    every = await store.articles_to_refresh(since=T0)
    followed = await store.articles_to_refresh(since=T0, on_topic=True)
    assert sorted(a.url for a in every) == ["https://a.test/none", "https://a.test/t"]
    assert [a.url for a in followed] == ["https://a.test/t"]


async def test_data_persists_when_the_file_is_reopened(tmp_path: Path) -> None:
    url = file_url(tmp_path / "persist.sqlite3")
    first = await Store.open(url)
    await first.upsert_article(
        article(comments=thread(3)), topics=["tariffs"], gist="", fetched_at=T0
    )
    await first.close()

    again = await Store.open(url)
    try:
        stored = await again.get_article(ARTICLE_URL)
        assert stored is not None and len(stored.comments) == 3
        assert (await again.articles_for_topic("tariffs"))[0].url == ARTICLE_URL
        assert [h.article_url for h in await again.search("Lutnick")] == [ARTICLE_URL]
    finally:
        await again.close()


async def test_get_article_unknown_is_none(store: Store) -> None:
    assert await store.get_article("https://nowhere.test/") is None
    assert await store.article_topics("https://nowhere.test/") == set()


async def test_set_topic_articles_relinks_only_among_the_given_threads(store: Store) -> None:
    urls = [f"https://japantoday.com/category/politics/story-{n}" for n in range(3)]
    for url in urls:
        await store.upsert_article(article(url), topics=["1:trade"], gist="", fetched_at=T0)
    # The topic now matches story-1 only, judged among stories 1 and 2; story-0 (older,
    # outside `among`) keeps its link, and a key nobody stored is ignored.
    linked = await store.set_topic_articles(
        "1:trade", [urls[1], "https://elsewhere.example/x"], among=urls[1:]
    )
    assert linked == 1
    assert [await store.article_topics(u) for u in urls] == [{"1:trade"}, {"1:trade"}, set()]
    # Linking again what is linked already is not an error and changes nothing.
    assert await store.set_topic_articles("1:trade", urls, among=urls) == 3
    assert [await store.article_topics(u) for u in urls] == [{"1:trade"}] * 3


async def test_a_batch_stores_what_the_same_writes_one_by_one_would(
    store: Store, tmp_path: Path
) -> None:
    """New threads, a stored one with a new title, vote, comment and topic, a stored one
    unchanged, and one thread twice."""
    urls = [f"{ARTICLE_URL}-{n}" for n in range(5)]

    async def before(target: Store) -> None:
        for url in (urls[0], urls[4]):
            await target.upsert_article(
                article(url, comments=thread(2)), topics=["a"], gist="", fetched_at=T0
            )

    await before(store)
    later = T0 + timedelta(hours=1)
    writes = [
        ArticleWrite(article(urls[1], comments=thread(3)), ["tariffs", "a"], "g1", later, "jt"),
        ArticleWrite(
            article(
                urls[0],
                title="A new title",
                comments=(replace(thread(2)[0], up=9), *thread(3)[1:]),
            ),
            ["a", "b"],
            "a gist at last",
            later,
            "jt",
        ),
        ArticleWrite(article(urls[4], comments=thread(2)), [], "", later, "jt"),
        ArticleWrite(article(urls[2], comments=()), [], "", later, None),
        ArticleWrite(article(urls[3], comments=thread(1)), ["b"], "", later, "jt"),
        ArticleWrite(article(urls[3], comments=thread(2)), ["b", "c"], "", later, "jt"),
    ]
    results = await store.upsert_articles(writes)
    assert [(r.created, r.new_comments, r.changed_comments) for r in results] == [
        (True, 3, 0),
        (False, 1, 1),
        (False, 0, 0),
        (True, 0, 0),
        (True, 1, 0),
        (False, 1, 0),
    ]
    assert results[4].article_id == results[5].article_id
    # The same writes one by one, into another store, leave the same threads.
    other = await Store.open(file_url(tmp_path / "one-by-one.sqlite3"))
    try:
        await before(other)
        for w in writes:
            await other.upsert_article(
                w.article,
                topics=w.topics,
                gist=w.gist,
                fetched_at=w.fetched_at,
                fetched_from=w.fetched_from,
            )
        for url in urls:
            assert await store.get_article(url) == await other.get_article(url), url
            assert await store.article_topics(url) == await other.article_topics(url), url
    finally:
        await other.close()
    states = {s.url: s for s in await store.fetch_states()}
    assert set(states) == {urls[0], urls[1], urls[3], urls[4]}
    assert all(s.failures == 0 and s.last_success == later for s in states.values())


async def test_a_batch_is_all_or_nothing(store: Store) -> None:
    good = ArticleWrite(article(f"{ARTICLE_URL}-good", comments=thread(2)), [], "", T0, "jt")
    overflowing = replace(thread(1)[0], up=2**70)
    bad = ArticleWrite(article(f"{ARTICLE_URL}-bad", comments=(overflowing,)), [], "", T0, "jt")
    with pytest.raises(StoreError, match=f"could not store 2 articles \\({ARTICLE_URL}-good"):
        await store.upsert_articles([good, bad])
    assert await store.get_article(f"{ARTICLE_URL}-good") is None
    assert await comment_rows(store) == 0
    assert await store.fetch_states() == []
