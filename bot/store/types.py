"""Column types shared by the schema and the migrations.

Kept free of any table so that migration scripts can import them without importing the
ORM models (a migration must describe the schema as it was, not as the models are now).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, DateTime, Integer
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

#: Surrogate primary keys: 64-bit on PostgreSQL, SQLite's ``INTEGER PRIMARY KEY`` (the rowid,
#: which is 64-bit too) on SQLite, where only that exact spelling autoincrements.
Id: TypeEngine[int] = BigInteger().with_variant(Integer(), "sqlite")

#: Discord snowflakes (guild, channel, message ids) need all 64 bits.
Snowflake = BigInteger


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    PostgreSQL keeps ``timestamptz``; SQLite has no time zones, so values are stored as naive
    UTC text (fixed width, hence ordered correctly by text comparison) and get their UTC zone
    back when read. A naive datetime going in is a programming error: its zone is unknown.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}: {value!r}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} (its time zone is unknown)")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


#: JSON documents (lists of paragraphs, embed dicts, message ids).
Json = JSON
