"""Prometheus metrics in the text exposition format (version 0.0.4), without a dependency.

Counters, gauges and histograms, each optionally with labels; :meth:`Registry.render` writes
them all out for ``/metrics``. Values are updated from the event loop only, so no locks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
LabelValues = tuple[str, ...]
M = TypeVar("M", bound="Metric")

#: Seconds: from a fast interaction answer to a slow delivery after a rate limit.
DEFAULT_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def _labels(names: Sequence[str], values: LabelValues, extra: str = "") -> str:
    pairs = [f'{n}="{_escape(v)}"' for n, v in zip(names, values, strict=True)]
    if extra:
        pairs.append(extra)
    return "{" + ",".join(pairs) + "}" if pairs else ""


class Metric:
    kind = "untyped"

    def __init__(self, name: str, help_text: str, labels: Sequence[str] = ()) -> None:
        if not _NAME.match(name) or any(not _NAME.match(label) for label in labels):
            raise ValueError(f"bad metric or label name in {name}{list(labels)}")
        self.name, self.help, self.label_names = name, help_text, tuple(labels)

    def _key(self, labels: dict[str, str]) -> LabelValues:
        if set(labels) != set(self.label_names):
            raise ValueError(f"{self.name} takes labels {self.label_names}, got {sorted(labels)}")
        return tuple(str(labels[n]) for n in self.label_names)

    def header(self) -> list[str]:
        return [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]

    def samples(self) -> list[str]:
        raise NotImplementedError


class Counter(Metric):
    """Only goes up."""

    kind = "counter"

    def __init__(self, name: str, help_text: str, labels: Sequence[str] = ()) -> None:
        super().__init__(name, help_text, labels)
        self._values: dict[LabelValues, float] = {} if labels else {(): 0.0}

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        if amount < 0:
            raise ValueError(f"{self.name}: a counter cannot go down ({amount})")
        key = self._key(labels)
        self._values[key] = self._values.get(key, 0.0) + amount

    def value(self, **labels: str) -> float:
        return self._values.get(self._key(labels), 0.0)

    def samples(self) -> list[str]:
        return [
            f"{self.name}{_labels(self.label_names, k)} {_number(v)}"
            for k, v in sorted(self._values.items())
        ]


class Gauge(Metric):
    """A value that is set, or read from ``source`` at every scrape."""

    kind = "gauge"

    def __init__(
        self, name: str, help_text: str, *, source: Callable[[], float] | None = None
    ) -> None:
        super().__init__(name, help_text)
        self._value = 0.0
        self._source = source

    def set(self, value: float) -> None:
        self._value = float(value)

    def value(self) -> float:
        return float(self._source()) if self._source is not None else self._value

    def samples(self) -> list[str]:
        return [f"{self.name} {_number(self.value())}"]


class Histogram(Metric):
    """Observations counted into cumulative buckets, with their sum and count."""

    kind = "histogram"

    def __init__(
        self, name: str, help_text: str, buckets: Iterable[float] = DEFAULT_BUCKETS
    ) -> None:
        super().__init__(name, help_text)
        self.buckets = tuple(sorted(buckets))
        self._counts = [0] * len(self.buckets)
        self.count = 0
        self.sum = 0.0

    def observe(self, value: float) -> None:
        self.count += 1
        self.sum += value
        for index, bound in enumerate(self.buckets):
            if value <= bound:
                self._counts[index] += 1

    def samples(self) -> list[str]:
        lines = [
            f'{self.name}_bucket{{le="{_number(bound)}"}} {count}'
            for bound, count in zip(self.buckets, self._counts, strict=True)
        ]
        lines.append(f'{self.name}_bucket{{le="+Inf"}} {self.count}')
        lines.append(f"{self.name}_sum {_number(self.sum)}")
        lines.append(f"{self.name}_count {self.count}")
        return lines


class Registry:
    def __init__(self) -> None:
        self._metrics: dict[str, Metric] = {}

    def add(self, metric: M) -> M:
        if metric.name in self._metrics:
            raise ValueError(f"metric {metric.name} is registered twice")
        self._metrics[metric.name] = metric
        return metric

    def render(self) -> str:
        lines: list[str] = []
        for metric in self._metrics.values():
            lines += metric.header() + metric.samples()
        return "\n".join(lines) + "\n"


class BotMetrics:
    """digestbot's metrics. Gauges read the bot through the callables given."""

    def __init__(
        self,
        *,
        latency: Callable[[], float] = lambda: 0.0,
        guilds: Callable[[], float] = lambda: 0.0,
    ) -> None:
        self.registry = Registry()
        add = self.registry.add
        self.gateway_latency = add(
            Gauge(
                "digestbot_gateway_latency_seconds",
                "Gateway heartbeat round trip (0 before the first heartbeat)",
                source=latency,
            )
        )
        self.guilds = add(Gauge("digestbot_guilds", "Servers the bot is in", source=guilds))
        self.polls = add(Counter("digestbot_polls_total", "Poll cycles run"))
        self.fetch_errors = add(
            Counter("digestbot_fetch_errors_total", "Failed fetches by source", ["source"])
        )
        self.digests_posted = add(
            Counter("digestbot_digests_posted_total", "Digest deliveries completed")
        )
        self.delivery_lag = add(
            Histogram(
                "digestbot_delivery_lag_seconds",
                "From a digest entering the outbox to its last message posted",
            )
        )
        self.live_edits = add(
            Counter("digestbot_live_edits_total", "Posted digest messages edited by live updates")
        )
        self.interaction_latency = add(
            Histogram(
                "digestbot_interaction_latency_seconds",
                "From an interaction's creation to the bot's first response",
                buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
            )
        )

    def render(self) -> str:
        return self.registry.render()
