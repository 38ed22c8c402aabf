"""Which keyword patterns a server may use: ones whose regex backtracking is bounded.

A server's keywords are regular expressions matched against every article of every poll,
on the one event loop. Python's regex engine backtracks: ``(a+)+b`` takes seconds on 25
letters and hours on 40, and ``.*.*x`` grows with the cube of a paragraph's length. So one
server could freeze the bot for everyone. Keywords are held to patterns whose backtracking
is bounded: no repeat of something that itself repeats, at most one open-ended repeat
(``*``, ``+``, ``{m,}``), and a small product of the bounded ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_OPEN_REPEATS = 1
MAX_REPEAT_COUNT = 20
#: Product of (count + 1) over the bounded repeats; much smaller beside an open-ended one,
#: whose cost multiplies it by a paragraph's length.
MAX_BRANCHING = 1_000
MAX_BRANCHING_WITH_OPEN_REPEAT = 4
_QUANTIFIER = re.compile(r"[*+?]|\{(\d*)(,?)(\d*)\}")


@dataclass
class _Group:
    repeats: bool = False  # something inside is repeated
    alternates: bool = False  # it has a ``|``


class _Unsafe(Exception):
    pass


def pattern_problem(term: str) -> str | None:
    """What makes a server's keyword pattern unsafe to match, or None when it is fine.

    Patterns that do not compile are left to the caller's own check.
    """
    try:
        re.compile(term)
        return _scan(term)
    except re.error:
        return None
    except _Unsafe as unsafe:
        return str(unsafe)


def _scan(term: str) -> str | None:
    stack = [_Group()]
    last: _Group | bool = False  # what a quantifier here would repeat (False: nothing)
    open_repeats, branching, i = 0, 1, 0
    while i < len(term):
        ch = term[i]
        quantifier = _QUANTIFIER.match(term, i) if last is not False else None
        if quantifier is not None and quantifier.group(0) != "{}":
            low, comma, high = quantifier.groups()
            unbounded = ch in "*+" or (ch == "{" and comma == "," and not high)
            most = 1 if ch == "?" else int(high or low or 0) if ch == "{" else 0
            if ch == "{" and most > MAX_REPEAT_COUNT:
                raise _Unsafe(f"repeats something {most} times (at most {MAX_REPEAT_COUNT})")
            if isinstance(last, _Group) and last.repeats:
                raise _Unsafe("repeats a group that repeats inside, like (a+)+")
            if isinstance(last, _Group) and last.alternates and unbounded:
                raise _Unsafe("repeats a choice without limit, like (a|ab)+")
            if unbounded:
                open_repeats += 1
            else:
                branching *= most + 1
            stack[-1].repeats = True
            i = quantifier.end()
            if term[i : i + 1] in ("?", "+"):
                i += 1  # lazy or possessive
            last = False
        elif ch == "\\":
            if term[i + 1 : i + 2] in set("123456789g"):
                raise _Unsafe("refers back to a group (\\1)")
            i, last = i + 2, True
        elif ch == "[":
            i, last = _class_end(term, i), True
        elif ch == "(":
            i, opens = _group_start(term, i)
            if opens:
                stack.append(_Group())
            last = False
        elif ch == ")":
            group = stack.pop()
            stack[-1].repeats |= group.repeats
            i, last = i + 1, group
        else:
            if ch == "|":
                stack[-1].alternates = True
            i, last = i + 1, ch != "|"
    if open_repeats > MAX_OPEN_REPEATS:
        raise _Unsafe(
            f"has {open_repeats} open-ended repeats (*, +, {{n,}}); at most {MAX_OPEN_REPEATS}"
        )
    if branching > (MAX_BRANCHING_WITH_OPEN_REPEAT if open_repeats else MAX_BRANCHING):
        raise _Unsafe("has too many optional or counted parts (?, {n})")
    return None


def _group_start(term: str, i: int) -> tuple[int, bool]:
    """Past the ``(`` at ``i`` and its ``?...`` prefix; False when it opens no group (an
    inline flag or a comment, which end at their own ``)``)."""
    if term[i + 1 : i + 2] != "?":
        return i + 1, True
    rest = term[i + 2 :]
    if rest.startswith(("P=", "(")):
        raise _Unsafe("refers back to a group")
    if rest.startswith(("=", "!", ":")):
        return i + 3, True
    if rest.startswith(("<=", "<!")):
        return i + 4, True
    if rest.startswith(("P<", "<")):
        return term.index(">", i) + 1, True
    flags = re.match(r"[aiLmsux-]*([:)])", rest)
    if rest.startswith("#") or (flags and flags.group(1) == ")"):
        return term.index(")", i) + 1, False
    if flags:
        return i + 2 + flags.end(), True
    return i + 1, True


def _class_end(term: str, start: int) -> int:
    """The index after the ``]`` that closes the character class opened at ``start``."""
    i = start + 1
    if term[i : i + 1] == "^":
        i += 1
    if term[i : i + 1] == "]":
        i += 1
    while i < len(term) and term[i] != "]":
        i += 2 if term[i] == "\\" else 1
    return i + 1
