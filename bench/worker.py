"""Runs one benchmark in this (fresh) process and prints its rows as one JSON line.

``python -m bench.worker NAME --workdir DIR [--quick] [--reps N]``; :mod:`bench.__main__`
starts one of these per benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import json
import logging
import sys
from pathlib import Path

from bench.common import Context, Row

#: name → module, in the order the suite runs them.
BENCHMARKS = {
    "summarize": "bench.summarizing",
    "search": "bench.search",
    "memory": "bench.memory",
    "extract": "bench.extraction",
    "poll": "bench.polling",
    "slash": "bench.slash",
    "fanout": "bench.fanout",
}
RESULT_MARK = "BENCH-RESULT "


def run_benchmark(name: str, ctx: Context) -> list[Row]:
    module = importlib.import_module(BENCHMARKS[name])
    outcome = module.run(ctx)
    rows: list[Row] = asyncio.run(outcome) if inspect.iscoroutine(outcome) else outcome
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("name", choices=sorted(BENCHMARKS))
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    ctx = Context(quick=args.quick, workdir=args.workdir, reps=args.reps)
    rows = run_benchmark(args.name, ctx)
    print(RESULT_MARK + json.dumps([r.to_json() for r in rows]), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
