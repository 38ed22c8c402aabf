"""The Store: digestbot's persistent state behind one async API.

Every method is one transaction: it either happens completely or not at all. Values go in
as models (``bot.models``) and come out as models or the frozen records of
``bot.store.records``, never as ORM rows. Datetimes are timezone-aware UTC both ways.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, delete, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Article, Comment
from bot.store import articles as threads
from bot.store.base import aware, chunks
from bot.store.errors import StoreError
from bot.store.guilds import GuildStore
from bot.store.outbox import OutboxStore
from bot.store.records import ArticleWrite, DailyStats, FetchState, SearchHit, UpsertResult
from bot.store.schema import ArticleRow, ArticleTopicRow, CommentRow, FetchStateRow
from bot.store.search import find_hits

log = logging.getLogger(__name__)

#: The tables themselves, for Core inserts (faster than the ORM's for plain rows).
_ARTICLES = cast(Table, ArticleRow.__table__)
_COMMENTS = cast(Table, CommentRow.__table__)
_ARTICLE_TOPICS = cast(Table, ArticleTopicRow.__table__)
_FETCH_STATE = cast(Table, FetchStateRow.__table__)


class Store(GuildStore, OutboxStore):
    """Open with ``await Store.open(database_url)``; close with :meth:`close` (or ``async with``).

    Fetch state, articles, search and statistics live here; guild topics and subscriptions
    in :class:`GuildStore`, the delivery outbox in :class:`OutboxStore`.
    """

    # -- fetch state --------------------------------------------------------------------

    async def load_validators(self) -> dict[str, tuple[str | None, str | None]]:
        """url -> (etag, last_modified) for every URL that has a validator."""
        stmt = select(FetchStateRow.url, FetchStateRow.etag, FetchStateRow.last_modified).where(
            (FetchStateRow.etag.is_not(None)) | (FetchStateRow.last_modified.is_not(None))
        )
        async with self._read() as s:
            return {url: (etag, lm) for url, etag, lm in await s.execute(stmt)}

    async def save_validators(
        self, validators: Mapping[str, tuple[str | None, str | None]], *, source: str = ""
    ) -> int:
        """Store conditional-GET validators (url -> (etag, last_modified)); returns rows changed.

        URLs not seen before are recorded under ``source`` with no attempt yet.
        """
        changed = 0
        async with self._write() as s:
            for urls in chunks(sorted(validators)):
                rows = await s.scalars(select(FetchStateRow).where(FetchStateRow.url.in_(urls)))
                existing = {row.url: row for row in rows}
                for url in urls:
                    etag, last_modified = validators[url]
                    row = existing.get(url)
                    if row is None:
                        s.add(
                            FetchStateRow(
                                url=url,
                                source=source,
                                etag=etag,
                                last_modified=last_modified,
                                failures=0,
                            )
                        )
                    elif (row.etag, row.last_modified) == (etag, last_modified):
                        continue
                    else:
                        row.etag, row.last_modified = etag, last_modified
                    changed += 1
        return changed

    async def record_fetch(
        self,
        url: str,
        *,
        source: str,
        ok: bool,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        at: datetime,
    ) -> FetchState:
        """Record one fetch of ``url``: success resets the failure count, failure adds one.

        On success, given validators replace the stored ones; None keeps the stored value
        (a 304 response often repeats no validator).
        """
        at = aware(at, "at")

        async def attempt() -> FetchState:
            async with self._write() as s:
                row = await s.get(FetchStateRow, url, with_for_update=True)
                if row is None:
                    row = FetchStateRow(url=url, source=source, failures=0)
                    s.add(row)
                row.source = source
                row.last_attempt = at
                if ok:
                    row.failures = 0
                    row.last_success = at
                    row.last_error = None
                    if etag is not None:
                        row.etag = etag
                    if last_modified is not None:
                        row.last_modified = last_modified
                else:
                    row.failures = (row.failures or 0) + 1
                    row.last_error = error or "unknown error"
                await s.flush()
                return _fetch_state(row)

        return await self._retry_on_conflict(attempt)

    async def fetch_states(self, source: str | None = None) -> list[FetchState]:
        stmt = select(FetchStateRow).order_by(FetchStateRow.url)
        if source is not None:
            stmt = stmt.where(FetchStateRow.source == source)
        async with self._read() as s:
            return [_fetch_state(row) for row in await s.scalars(stmt)]

    # -- articles and comments ----------------------------------------------------------

    async def upsert_article(
        self,
        article: Article,
        *,
        topics: Sequence[str],
        gist: str,
        fetched_at: datetime,
        fetched_from: str | None = None,
    ) -> UpsertResult:
        """Store an article and its comments; see :mod:`bot.store.articles` for the rules.

        With ``fetched_from`` (a source name), the successful fetch of the thread's URL is
        recorded too, as :meth:`record_fetch` would. One transaction: on any error nothing of
        this call is stored (StoreError names the URL).
        """
        write = ArticleWrite(article, topics, gist, fetched_at, fetched_from)
        [result] = await self.upsert_articles([write])
        return result

    async def upsert_articles(self, writes: Sequence[ArticleWrite]) -> list[UpsertResult]:
        """:meth:`upsert_article` for each of ``writes``, all in one transaction.

        A poll stores what its readers bring in batches: the transaction's own cost (the
        write lock, BEGIN, COMMIT) is paid once per batch. All or nothing: on any error none
        is stored, and StoreError names the first article of the batch.
        """
        prepared = []
        for write in writes:
            key = threads.thread_key(write.article)
            comments = threads.unique_comments(write.article.comments, key)
            prepared.append((write, key, comments, aware(write.fetched_at, "fetched_at")))

        async def attempt() -> list[UpsertResult]:
            async with self._write() as s:
                return await _upsert_batch(s, prepared)

        if not prepared:
            return []
        try:
            results = await self._retry_on_conflict(attempt)
        except (SQLAlchemyError, OverflowError) as exc:  # the driver raises OverflowError itself
            first = prepared[0][1]
            what = f"article {first}"
            if len(prepared) > 1:
                what = f"{len(prepared)} articles ({first}, …)"
            raise StoreError(f"could not store {what}: {exc}") from exc
        for (_, key, _, _), result in zip(prepared, results, strict=True):
            log.debug("stored %s: %s", key, result)
        return results

    async def get_article(self, url: str) -> Article | None:
        """The article (thread URL or article URL) with its comments in page order."""
        async with self._read() as s:
            row = await _find_article(s, url)
            if row is None:
                return None
            comments = await _comments_of(s, [row["id"]])
            return threads.to_article(row, comments.get(row["id"], ()))

    async def article_topics(self, url: str) -> set[str]:
        async with self._read() as s:
            row = await _find_article(s, url)
            if row is None:
                return set()
            stmt = select(ArticleTopicRow.topic).where(ArticleTopicRow.article_id == row["id"])
            return set(await s.scalars(stmt))

    async def gists(self, urls: Iterable[str]) -> dict[str, str]:
        """Stored gists by thread key (the URL ``upsert_article`` was given as key)."""
        keys = sorted(set(urls))
        found: dict[str, str] = {}
        async with self._read() as s:
            for chunk in chunks(keys):
                stmt = select(ArticleRow.key, ArticleRow.gist).where(ArticleRow.key.in_(chunk))
                found.update({k: g for k, g in await s.execute(stmt)})
        return found

    async def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Those of ``urls`` stored as a thread key (``discussion_url or url`` of an article)."""
        keys = sorted(set(urls))
        known: set[str] = set()
        async with self._read() as s:
            for chunk in chunks(keys):
                known.update(
                    await s.scalars(select(ArticleRow.key).where(ArticleRow.key.in_(chunk)))
                )
        return known

    async def articles_to_refresh(
        self, *, since: datetime, on_topic: bool = False
    ) -> list[Article]:
        """Articles first seen at or after ``since`` (newest first), without their comments;
        with ``on_topic``, only those some topic matches.

        Each carries ``source`` and ``discussion_url``: what a refresh needs to re-read it.
        """
        stmt = (
            select(ArticleRow.__table__)
            .where(ArticleRow.first_seen >= aware(since, "since"))
            .order_by(ArticleRow.first_seen.desc(), ArticleRow.id.desc())
        )
        if on_topic:
            linked = select(ArticleTopicRow.article_id).where(
                ArticleTopicRow.article_id == ArticleRow.id
            )
            stmt = stmt.where(linked.exists())
        async with self._read() as s:
            return [threads.to_article(row) for row in (await s.execute(stmt)).mappings()]

    async def set_topic_articles(
        self, topic: str, matching: Iterable[str], *, among: Iterable[str]
    ) -> int:
        """Among the threads keyed ``among``, link ``topic`` to exactly those in ``matching``
        (keys outside ``among`` are ignored).

        For a topic added or changed after its articles were stored: links outside ``among``
        (older articles) are left as they are. Returns how many threads are now linked.
        """
        considered = set(among)
        wanted = set(matching) & considered

        async def attempt() -> int:
            async with self._write() as s:
                ids: dict[str, int] = {}
                for chunk in chunks(sorted(considered)):
                    stmt = select(ArticleRow.key, ArticleRow.id).where(ArticleRow.key.in_(chunk))
                    ids.update({key: id_ for key, id_ in await s.execute(stmt)})
                for chunk in chunks(sorted(ids[k] for k in considered if k in ids)):
                    await s.execute(
                        delete(ArticleTopicRow).where(
                            ArticleTopicRow.topic == topic, ArticleTopicRow.article_id.in_(chunk)
                        )
                    )
                linked = sorted(ids[k] for k in wanted if k in ids)
                for chunk in chunks(linked):
                    await s.execute(
                        insert(ArticleTopicRow),
                        [{"article_id": i, "topic": topic} for i in chunk],
                    )
                return len(linked)

        return await self._retry_on_conflict(attempt)

    async def articles_for_topic(
        self, topic: str, *, active_since: datetime | None = None, limit: int = 50
    ) -> list[Article]:
        """The topic's articles with activity since ``active_since``, most recent first."""
        stmt = (
            select(ArticleRow.__table__)
            .join(ArticleTopicRow, ArticleTopicRow.article_id == ArticleRow.id)
            .where(ArticleTopicRow.topic == topic)
            .order_by(ArticleRow.last_activity.desc(), ArticleRow.id.desc())
            .limit(limit)
        )
        if active_since is not None:
            stmt = stmt.where(ArticleRow.last_activity >= aware(active_since, "active_since"))
        async with self._read() as s:
            rows = list((await s.execute(stmt)).mappings())
            comments = await _comments_of(s, [row["id"] for row in rows])
        return [threads.to_article(row, comments.get(row["id"], ())) for row in rows]

    async def latest_articles(self, topic: str | None, *, limit: int) -> list[Article]:
        """Newest articles (by published time, else first seen), without comments."""
        newest = func.coalesce(ArticleRow.published, ArticleRow.first_seen)
        stmt = (
            select(ArticleRow.__table__).order_by(newest.desc(), ArticleRow.id.desc()).limit(limit)
        )
        if topic is not None:
            stmt = stmt.join(ArticleTopicRow, ArticleTopicRow.article_id == ArticleRow.id).where(
                ArticleTopicRow.topic == topic
            )
        async with self._read() as s:
            return [threads.to_article(row) for row in (await s.execute(stmt)).mappings()]

    async def search(self, query: str, *, limit: int = 10) -> list[SearchHit]:
        """Ranked full-text matches for a user's words (never interpreted as FTS syntax)."""
        async with self._read() as s:
            raw = await find_hits(s, query, limit=limit)
            if not raw:
                return []
            article_ids = sorted({h.article_id for h in raw})
            stmt = select(
                ArticleRow.id,
                ArticleRow.url,
                ArticleRow.title,
                ArticleRow.discussion_url,
                ArticleRow.source,
            ).where(ArticleRow.id.in_(article_ids))
            meta = {row.id: row for row in await s.execute(stmt)}
            comment_ids = [h.comment_id for h in raw if h.comment_id is not None]
            cols = [CommentRow.__table__.c[c] for c in threads.STORED_COLUMNS]
            found = await s.execute(select(*cols).where(CommentRow.id.in_(comment_ids)))
            comments = {row["id"]: threads.to_comment(row) for row in found.mappings()}
        hits = []
        for hit in raw:
            article = meta[hit.article_id]
            hits.append(
                SearchHit(
                    article_url=article.url,
                    article_title=article.title,
                    comment=comments[hit.comment_id] if hit.comment_id is not None else None,
                    snippet=hit.snippet or article.title,
                    rank=-hit.score,
                    discussion_url=article.discussion_url,
                    source=article.source,
                )
            )
        return hits

    # -- statistics ---------------------------------------------------------------------

    async def daily_stats(self, topic: str, *, days: int, now: datetime) -> list[DailyStats]:
        """Per UTC day, oldest first, the ``days`` days up to ``now``'s: articles published
        (first seen when undated), comments posted (first seen when undated) on the topic's
        articles, and the votes (up + down) those comments have."""
        if days < 1:
            raise ValueError(f"days must be at least 1, got {days}")
        today = aware(now, "now").date()
        first = today - timedelta(days=days - 1)
        start = datetime.combine(first, time(), UTC)
        end = datetime.combine(today + timedelta(days=1), time(), UTC)
        dialect = self.engine.dialect.name
        published = func.coalesce(ArticleRow.published, ArticleRow.first_seen)
        posted = func.coalesce(CommentRow.posted, CommentRow.first_seen)
        in_topic = select(ArticleTopicRow.article_id).where(ArticleTopicRow.topic == topic)
        article_day = _utc_day(published, dialect)
        comment_day = _utc_day(posted, dialect)
        articles_stmt = (
            select(article_day, func.count())
            .where(ArticleRow.id.in_(in_topic), published >= start, published < end)
            .group_by(article_day)
        )
        votes = func.coalesce(CommentRow.up, 0) + func.coalesce(CommentRow.down, 0)
        comments_stmt = (
            select(comment_day, func.count(), func.coalesce(func.sum(votes), literal(0)))
            .where(CommentRow.article_id.in_(in_topic), posted >= start, posted < end)
            .group_by(comment_day)
        )
        async with self._read() as s:
            article_counts = {str(d): int(n) for d, n in await s.execute(articles_stmt)}
            comment_counts = {
                str(d): (int(n), int(v)) for d, n, v in await s.execute(comments_stmt)
            }
        out = []
        for offset in range(days):
            day = first + timedelta(days=offset)
            n_comments, n_votes = comment_counts.get(day.isoformat(), (0, 0))
            out.append(DailyStats(day, article_counts.get(day.isoformat(), 0), n_comments, n_votes))
        return out


#: One article of a batch, ready to store: the write, its thread key, its unique comments
#: and its fetch time (aware).
_Prepared = tuple[ArticleWrite, str, Sequence[Comment], datetime]


async def _upsert_batch(s: AsyncSession, batch: Sequence[_Prepared]) -> list[UpsertResult]:
    """The body of :meth:`Store.upsert_articles`, inside its write transaction.

    A poll's batch is written a statement per table, not per thread. Threads not stored yet
    (most of a first cycle): one multi-row insert of the articles, one executemany of all
    their comments, one of their topics. Threads already stored (a refresh): one read of
    their rows and one of their comments, then one executemany each for new comments,
    changed comments, article updates and new topics. Every fetch is recorded in one
    statement. A thread written twice in one batch is written in rounds, in order.
    """
    results: dict[int, UpsertResult] = {}
    pending = list(enumerate(batch))
    while pending:
        this_round: list[tuple[int, _Prepared]] = []
        later: list[tuple[int, _Prepared]] = []
        keys: set[str] = set()
        for item in pending:
            (later if item[1][1] in keys else this_round).append(item)
            keys.add(item[1][1])
        stored = await _stored_rows(s, sorted(keys))
        fresh = [(i, p) for i, p in this_round if p[1] not in stored]
        if fresh:
            results |= await _insert_threads(s, fresh)
        known = [(i, p, stored[p[1]]) for i, p in this_round if p[1] in stored]
        if known:
            results |= await _update_threads(s, known)
        pending = later
    fetched = {key: (write.fetched_from, at) for write, key, _, at in batch if write.fetched_from}
    if fetched:
        await _record_successes(s, fetched)
    return [results[i] for i in range(len(batch))]


async def _stored_rows(s: AsyncSession, keys: Sequence[str]) -> dict[str, threads.Row]:
    """The stored rows of these threads, locked for this transaction (PostgreSQL: concurrent
    writers of one thread queue here; in key order, so that two batches cannot deadlock)."""
    rows: dict[str, threads.Row] = {}
    for chunk in chunks(keys):
        stmt = (
            select(_ARTICLES)
            .where(ArticleRow.key.in_(chunk))
            .order_by(ArticleRow.key)
            .with_for_update()
        )
        rows.update({row["key"]: row for row in (await s.execute(stmt)).mappings()})
    return rows


async def _insert_threads(
    s: AsyncSession, items: Sequence[tuple[int, _Prepared]]
) -> dict[int, UpsertResult]:
    values = [
        threads.new_article_values(write.article, gist=write.gist, at=at)
        for _, (write, _, _, at) in items
    ]
    inserted = await s.execute(
        insert(_ARTICLES).returning(_ARTICLES.c.id, sort_by_parameter_order=True), values
    )
    ids = [int(row[0]) for row in inserted]
    comment_rows: list[dict[str, Any]] = []
    topic_rows: list[dict[str, Any]] = []
    results: dict[int, UpsertResult] = {}
    for (i, (write, _, comments, at)), article_id in zip(items, ids, strict=True):
        diff = threads.diff_comments({}, comments, article_id=article_id, at=at)
        comment_rows.extend(diff.inserts)
        topic_rows.extend({"article_id": article_id, "topic": t} for t in sorted(set(write.topics)))
        results[i] = UpsertResult(article_id, True, len(diff.inserts), 0)
    if comment_rows:
        await s.execute(insert(_COMMENTS), comment_rows)
    if topic_rows:
        await s.execute(insert(_ARTICLE_TOPICS), topic_rows)
    return results


async def _update_threads(
    s: AsyncSession, items: Sequence[tuple[int, _Prepared, threads.Row]]
) -> dict[int, UpsertResult]:
    ids = [int(row["id"]) for _, _, row in items]
    existing = await _stored_comments_of(s, ids)
    linked = await _topics_of(s, ids)
    inserts: list[dict[str, Any]] = []
    reindexed: list[dict[str, Any]] = []
    plain: list[dict[str, Any]] = []
    article_updates: dict[frozenset[str], list[dict[str, Any]]] = {}
    topic_rows: list[dict[str, Any]] = []
    results: dict[int, UpsertResult] = {}
    for (i, (write, _, comments, at), row), article_id in zip(items, ids, strict=True):
        stored_comments = existing.get(article_id, {})
        diff = threads.diff_comments(stored_comments, comments, article_id=article_id, at=at)
        inserts.extend(diff.inserts)
        reindexed.extend(diff.reindexed)
        plain.extend(diff.plain)
        changes = threads.article_changes(row, write.article, gist=write.gist)
        changes["last_fetched"] = at
        if (diff.inserts or diff.changed) and at > row["last_activity"]:
            changes["last_activity"] = at
        article_updates.setdefault(frozenset(changes), []).append({"id": article_id, **changes})
        missing = set(write.topics) - linked.get(article_id, set())
        topic_rows.extend({"article_id": article_id, "topic": t} for t in sorted(missing))
        results[i] = UpsertResult(article_id, False, len(diff.inserts), diff.changed)
    if inserts:
        await s.execute(insert(_COMMENTS), inserts)
    for rows in (reindexed, plain):
        if rows:
            await s.execute(update(CommentRow), rows)
    for rows in article_updates.values():
        await s.execute(update(ArticleRow), rows)
    if topic_rows:
        await s.execute(insert(_ARTICLE_TOPICS), topic_rows)
    return results


async def _stored_comments_of(
    s: AsyncSession, article_ids: Sequence[int]
) -> dict[int, dict[str, threads.Row]]:
    cols = [CommentRow.__table__.c[c] for c in ("article_id", *threads.STORED_COLUMNS)]
    out: dict[int, dict[str, threads.Row]] = {}
    for chunk in chunks(sorted(article_ids)):
        result = await s.execute(select(*cols).where(CommentRow.article_id.in_(chunk)))
        for row in result.mappings():
            out.setdefault(row["article_id"], {})[row["site_id"]] = row
    return out


async def _topics_of(s: AsyncSession, article_ids: Sequence[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for chunk in chunks(sorted(article_ids)):
        stmt = select(ArticleTopicRow.article_id, ArticleTopicRow.topic).where(
            ArticleTopicRow.article_id.in_(chunk)
        )
        for article_id, topic in await s.execute(stmt):
            out.setdefault(article_id, set()).add(topic)
    return out


async def _record_successes(s: AsyncSession, fetched: dict[str, tuple[str, datetime]]) -> None:
    """Successful fetches of these URLs (url → source, time) without new validators, as one
    INSERT … ON CONFLICT (what :meth:`Store.record_fetch` does with a read and a write)."""
    rows = [
        {
            "url": url,
            "source": source,
            "failures": 0,
            "last_attempt": at,
            "last_success": at,
            "last_error": None,
        }
        for url, (source, at) in fetched.items()
    ]
    dialect = s.get_bind().dialect.name
    for chunk in chunks(rows, 200):
        stmt = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(_FETCH_STATE)
        stmt = stmt.values(list(chunk))
        await s.execute(
            stmt.on_conflict_do_update(
                index_elements=[_FETCH_STATE.c.url],
                set_={name: stmt.excluded[name] for name in rows[0] if name != "url"},
            )
        )


def _utc_day(value: ColumnElement[Any], dialect: str) -> ColumnElement[str]:
    """``YYYY-MM-DD`` of a UTC datetime column, in SQL."""
    if dialect == "sqlite":  # stored as naive UTC text 'YYYY-MM-DD HH:MM:SS.ffffff'
        return func.substr(value, 1, 10)
    return func.to_char(func.timezone("UTC", value), "YYYY-MM-DD")


def _fetch_state(row: FetchStateRow) -> FetchState:
    return FetchState(
        url=row.url,
        source=row.source,
        etag=row.etag,
        last_modified=row.last_modified,
        failures=row.failures,
        last_success=row.last_success,
        last_error=row.last_error,
        last_attempt=row.last_attempt,
    )


async def _find_article(s: AsyncSession, url: str) -> threads.Row | None:
    """The row whose thread is at ``url``, else the most active thread about article ``url``."""
    table = ArticleRow.__table__
    by_key = (await s.execute(select(table).where(ArticleRow.key == url))).mappings().first()
    if by_key is not None:
        return by_key
    stmt = (
        select(table)
        .where(ArticleRow.url == url)
        .order_by(ArticleRow.last_activity.desc(), ArticleRow.id.desc())
        .limit(1)
    )
    return (await s.execute(stmt)).mappings().first()


async def _comments_of(s: AsyncSession, article_ids: Sequence[int]) -> dict[int, list[Comment]]:
    """Comments of these articles, each article's in page order."""
    out: dict[int, list[Comment]] = {}
    cols = [CommentRow.__table__.c[c] for c in (*threads.STORED_COLUMNS, "article_id")]
    for chunk in chunks(list(article_ids)):
        stmt = (
            select(*cols)
            .where(CommentRow.article_id.in_(chunk))
            .order_by(CommentRow.article_id, CommentRow.position, CommentRow.id)
        )
        for row in (await s.execute(stmt)).mappings():
            out.setdefault(row["article_id"], []).append(threads.to_comment(row))
    return out
