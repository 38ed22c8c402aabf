"""What a comment's leading lines say about who wrote it."""

from __future__ import annotations

import pytest

from bot.extract.header import initials_of


@pytest.mark.parametrize(
    ("text", "name", "initials"),
    [
        ("NO", "Nuria Blanco Ortiz", True),  # the first and the last name's
        ("NBO", "Nuria Blanco Ortiz", True),
        ("N", "Nuria Blanco Ortiz", True),
        ("KW", "Kenji Watanabe", True),
        ("MI", "Monika Frei-Imhof", True),  # the parts of a double name too
        ("CB", "Claudia Rüegg-Baumann", True),
        ("BN", "Nuria Blanco Ortiz", False),  # not from the first
        ("ON", "Nuria Blanco Ortiz", False),  # not in order
        ("No", "Nuria Blanco Ortiz", False),  # a word, not initials
        ("EU", "Emma", False),
    ],
)
def test_an_avatars_initials(text: str, name: str, initials: bool) -> None:
    assert initials_of(text, name) is initials
