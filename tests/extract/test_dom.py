"""The DOM helpers' shortcuts give what their plain definitions give."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from bot.extract.dom import collapse

#: Every character ``str.split()`` splits on, and a few that look alike but are not spaces.
_SPACES = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
_ALPHABET = _SPACES + "\u200b\u00ad\ufeffab.\u00e9\u65e5"


def test_collapse_keeps_a_text_that_is_already_collapsed() -> None:
    text = "Honda is moving production, and everyone knows it."
    assert collapse(text) is text
    assert collapse("") == ""


def test_collapse_collapses_every_kind_of_space() -> None:
    assert collapse("  a\n\n b\u00a0c\t\u3000d ") == "a b c d"
    for space in _SPACES:
        assert collapse(f"a{space}b") == "a b"
        assert collapse(f"{space}a") == "a"


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_collapse_is_split_and_join(text: str) -> None:
    assert collapse(text) == " ".join(text.split())
