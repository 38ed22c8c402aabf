"""Errors the store raises; each names what it could not do."""

from __future__ import annotations

from bot.errors import DigestbotError


class StoreError(DigestbotError):
    """The database refused an operation (bad value, missing row, constraint); nothing changed."""


class SearchUnavailableError(StoreError):
    """Full-text search is not available on this database backend."""


class MigrationError(StoreError):
    """A schema migration could not be applied; the database was left as it was."""
