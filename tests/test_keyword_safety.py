from __future__ import annotations

import pytest

from bot.keyword_safety import pattern_problem


@pytest.mark.parametrize(
    "pattern",
    [
        "tariffs?",
        "trade (war|deal)s?",
        r"levy\w*",
        r"import tax(es)?",
        "section 232",
        "[Tt]ariff",
        "(?i)duties",
        "(?:us|u\\.s\\.) tariffs?",
        "x{2,5}",
    ],
)
def test_patterns_servers_need_are_allowed(pattern: str) -> None:
    assert pattern_problem(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(a+)+$", "repeats a group that repeats inside, like (a+)+"),
        ("(?:a*)*b", "repeats a group that repeats inside, like (a+)+"),
        ("(a|ab)+c", "repeats a choice without limit, like (a|ab)+"),
        (".*.*x", "has 2 open-ended repeats (*, +, {n,}); at most 1"),
        ("a{50}", "repeats something 50 times (at most 20)"),
        ("x?" * 12, "has too many optional or counted parts (?, {n})"),
        (r"(t)\1", "refers back to a group (\\1)"),
        ("(?P<t>a)(?P=t)", "refers back to a group"),
    ],
)
def test_patterns_that_backtrack_without_bound_are_named(pattern: str, problem: str) -> None:
    assert pattern_problem(pattern) == problem


def test_invalid_patterns_are_left_to_the_compile_check() -> None:
    assert pattern_problem("(unclosed") is None
