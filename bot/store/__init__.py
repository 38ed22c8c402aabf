"""digestbot's persistent store: SQLAlchemy 2 async, SQLite by default, Alembic migrations.

store = await Store.open("sqlite+aiosqlite:///data/digestbot.sqlite3")
"""

from bot.store.errors import MigrationError, SearchUnavailableError, StoreError
from bot.store.records import (
    ArticleWrite,
    DailyStats,
    Delivery,
    DeliveryStatus,
    FetchState,
    GuildTopic,
    SearchHit,
    Subscription,
    UpsertResult,
)
from bot.store.store import Store

__all__ = [
    "ArticleWrite",
    "DailyStats",
    "Delivery",
    "DeliveryStatus",
    "FetchState",
    "GuildTopic",
    "MigrationError",
    "SearchHit",
    "SearchUnavailableError",
    "Store",
    "StoreError",
    "Subscription",
    "UpsertResult",
]
