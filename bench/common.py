"""What every benchmark shares: its result rows, timing with repetitions, and percentiles.

A benchmark is a module in ``bench/`` with ``NAME`` and ``run(ctx) -> list[Row]`` (sync or
async). Each runs in a fresh Python process (see :mod:`bench.worker`), so that peak memory,
caches and garbage from one benchmark do not leak into the next. A row pairs a figure with
its baseline measured in the same process, in the same run, interleaved where possible so
that the shared machine's noise hits both alike.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass
class Row:
    """One line of the results table."""

    benchmark: str
    workload: str
    figure: str  # the measured value, formatted ("61 ms", "p99 12 ms")
    baseline: str  # what it is compared with, formatted ("summa TextRank 126 s")
    ratio: str  # figure against baseline ("2,070× faster", "0.98× of bound")
    target: str  # the target from the issue
    met: bool | None  # None: informational, no target
    values: dict[str, float] = field(default_factory=dict)  # raw numbers for docs/JSON
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        return cls(**data)


@dataclass(frozen=True)
class Context:
    """How a benchmark should run: ``quick`` is the smoke mode (tiny sizes, one repetition)."""

    quick: bool
    workdir: Path  # scratch space shared by the run's benchmarks (fixture databases)
    reps: int  # repetitions for timed figures

    def size(self, full: int, quick: int) -> int:
        return quick if self.quick else full


# -- timing ---------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``pct``% at or below it."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def timed(fn: Callable[[], object]) -> float:
    """Seconds ``fn()`` takes, with the garbage collector run before (not during) it."""
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


async def atimed(fn: Callable[[], Awaitable[object]]) -> float:
    gc.collect()
    start = time.perf_counter()
    await fn()
    return time.perf_counter() - start


def interleaved(
    figure: Callable[[], object], baseline: Callable[[], object], reps: int
) -> tuple[list[float], list[float]]:
    """Times of ``figure`` and ``baseline``, run alternately ``reps`` times each (after one
    untimed warm-up of each), so that noise on the shared machine falls on both."""
    figure()
    baseline()
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(reps):
        ours.append(timed(figure))
        theirs.append(timed(baseline))
    return ours, theirs


# -- formatting -----------------------------------------------------------------------------


def ms(seconds: float) -> str:
    if math.isinf(seconds):
        return "never"
    value = seconds * 1000
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    return f"{value:.2f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:,.2f} s" if seconds < 100 else f"{seconds:,.0f} s"


def duration(seconds: float) -> str:
    return ms(seconds) if seconds < 1 else secs(seconds)


def times(ratio: float) -> str:
    if ratio >= 100:
        return f"{ratio:,.0f}×"
    if ratio >= 10:
        return f"{ratio:.1f}×"
    return f"{ratio:.2f}×"


def mb(nbytes: float) -> str:
    return f"{nbytes / 2**20:,.1f} MB"


# -- memory ---------------------------------------------------------------------------------


def peak_rss_bytes() -> int:
    """This process's peak resident set size so far (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def process_peak_rss_bytes(pid: int) -> int:
    """Another process's peak resident set size so far (``VmHWM``), 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) another process has used, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def current_rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# -- the machine ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 0
    try:
        with open("/proc/meminfo") as meminfo:
            total_kib = int(meminfo.readline().split()[1])
        memory = f"{total_kib / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        memory = "unknown"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model,
        "nproc": str(cpus),
        "memory": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load average": load,
    }


def runs(n: int) -> str:
    return f"{n} run" if n == 1 else f"{n} runs"


def size(nbytes: float) -> str:
    return mb(nbytes) if nbytes >= 2**20 else f"{nbytes / 1024:,.0f} KB"
