"""When to ask a site again about a feed or a thread it has answered before.

A conditional GET makes an unchanged answer small, but not free: the site still answers it,
and at 50 ms a round trip four thousand 304s take as long as four thousand pages. What has
been quiet for a long time is also unlikely to change in the next few minutes. So a feed or a
thread is asked again after **half the time it had been quiet** when it was last asked, at
least one poll interval and at most ``poll.max_revisit_cycles`` intervals later. A change
seen puts it back on every cycle.

"Quiet" is measured from the newest change known: the newest entry's or comment's own date
(what the site says), or the moment a read found something new or changed (votes included).
A URL asked only with 304s and no date known backs off from its first 304, so it never stays
on every cycle for nothing. Feed readers adapt their intervals in the same spirit (FreshRSS's
AutoTTL, CommaFeed's empirical interval).

Only answers are recorded: a feed or thread that failed, or that the store could not keep as
read, stays due. The schedule lives in memory: after a restart every URL is due once, and is
asked with its validators (those are stored).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

#: URLs remembered; the least recently asked are dropped first (they are then simply due).
MAX_REMEMBERED = 50_000


@dataclass(frozen=True, slots=True)
class Visit:
    """The last time a URL was asked, and the newest change known of it."""

    asked: datetime
    changed: datetime


class Revisits:
    """The revisit schedule of every feed and thread a poll asks about."""

    def __init__(self, interval: timedelta, longest: timedelta) -> None:
        self.interval = interval
        self.longest = max(longest, interval)
        #: A longest wait of one interval or less turns the schedule off: every URL is asked
        #: every cycle, however soon after the last one it runs.
        self.off = longest <= interval
        self._visits: dict[str, Visit] = {}

    def wait(self, url: str) -> timedelta:
        """How long after its last asking ``url`` is due (one interval when never asked)."""
        visit = self._visits.get(url)
        if visit is None:
            return self.interval
        quiet = visit.asked - visit.changed
        return min(max(quiet / 2, self.interval), self.longest)

    def due(self, url: str, now: datetime) -> bool:
        """Whether a cycle at ``now`` should ask about ``url``.

        A tenth of an interval of slack: cycles start a little late or early, and a wait of
        exactly one interval must not skip a cycle. A clock set back makes everything due.
        """
        visit = self._visits.get(url)
        if self.off or visit is None or now < visit.asked:
            return True
        return now - visit.asked >= self.wait(url) - self.interval / 10

    def asked(self, url: str, now: datetime, *, changed: datetime | None) -> None:
        """Record an answer about ``url`` at ``now``.

        ``changed``: the newest change the answer shows (an entry's or comment's date, or
        ``now`` when a read found something new); None when the site said it is unchanged.
        """
        before = self._visits.pop(url, None)
        if changed is None:
            changed = before.changed if before is not None else now
        elif before is not None:
            changed = max(changed, before.changed)
        self._visits[url] = Visit(asked=now, changed=min(changed, now))
        if len(self._visits) > MAX_REMEMBERED:
            del self._visits[next(iter(self._visits))]

    def __len__(self) -> int:
        return len(self._visits)


@dataclass
class Round:
    """One cycle's use of the schedule: what to ask, and what each answer said.

    ``everything``: ask every URL whatever the schedule says (``digestbot poll --once``, run
    by hand to see the sites now); the answers still go into the schedule.
    """

    revisits: Revisits
    now: datetime
    everything: bool = False
    #: URLs this cycle left for later.
    not_due: int = 0

    def due(self, url: str) -> bool:
        if self.everything or self.revisits.due(url, self.now):
            return True
        self.not_due += 1
        return False

    def unchanged(self, url: str) -> None:
        self.revisits.asked(url, self.now, changed=None)

    def changed(self, url: str, newest: datetime | None) -> None:
        """An answer with content: ``newest`` is its newest date (None: none given, so now)."""
        self.revisits.asked(url, self.now, changed=newest or self.now)
