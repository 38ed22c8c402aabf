"""``python -m bench [--quick] [--only NAME ...] [--reps N] [--json FILE]``

Runs the benchmarks, each in its own Python process, and prints one table: every figure next
to its baseline (measured in the same process, in the same run), their ratio, the target and
whether it was met. ``--quick`` is the smoke mode: tiny sizes, a few seconds in all; its
figures say nothing about performance.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Row, machine
from bench.worker import BENCHMARKS, RESULT_MARK

#: A benchmark that takes longer than this is stopped and reported as failed.
TIMEOUT_SECONDS = {"quick": 120, "full": 900}


def run_worker(name: str, *, quick: bool, reps: int, workdir: Path) -> tuple[list[Row], str]:
    """The rows of one benchmark run in a fresh interpreter, or ([], why it failed)."""
    command = [sys.executable, "-m", "bench.worker", name, "--workdir", str(workdir)]
    command += ["--reps", str(reps)] + (["--quick"] if quick else [])
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            cwd=root,
            timeout=TIMEOUT_SECONDS["quick" if quick else "full"],
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [], "timed out"
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            return [Row.from_json(r) for r in json.loads(line[len(RESULT_MARK) :])], ""
    tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
    return [], f"exit code {done.returncode}\n{tail}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table (readable in a terminal, pasteable into docs)."""
    header = ["benchmark", "workload", "figure", "baseline (same run)", "ratio", "target", "met"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        met = "—" if row.met is None else ("✅ met" if row.met else "❌ missed")
        cells = [row.benchmark, row.workload, row.figure, row.baseline, row.ratio, row.target, met]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def notes(rows: list[Row]) -> str:
    return "\n".join(f"- {row.benchmark}: {note}" for row in rows for note in row.notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smoke mode: tiny sizes")
    parser.add_argument(
        "--only", action="append", choices=list(BENCHMARKS), metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )  # fmt: skip
    parser.add_argument("--reps", type=int, default=None, help="repetitions of timed figures")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--workdir", type=Path, help="keep fixture databases here")
    args = parser.parse_args(argv)
    reps = args.reps or (2 if args.quick else 9)
    names = args.only or list(BENCHMARKS)
    info = machine()
    print("digestbot benchmarks" + (" — QUICK SMOKE MODE, figures mean nothing" * args.quick))
    print("  ".join(f"{k}: {v}" for k, v in info.items()))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="digestbot-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    failures: dict[str, str] = {}
    started = time.perf_counter()
    try:
        for name in names:
            began = time.perf_counter()
            print(f"… {name}", end="", flush=True)
            got, error = run_worker(name, quick=args.quick, reps=reps, workdir=workdir)
            print(f" ({time.perf_counter() - began:.1f} s)" + (" FAILED" if error else ""))
            rows += got
            if error:
                failures[name] = error
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(table(rows))
    if rows and any(r.notes for r in rows):
        print()
        print(notes(rows))
    for name, error in failures.items():
        print(f"\n{name} FAILED: {error}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"\ntotal {elapsed:.1f} s; load average now {machine()['load average']}")
    if args.json:
        args.json.write_text(
            json.dumps({"machine": info, "rows": [r.to_json() for r in rows]}, indent=2) + "\n",
            encoding="utf-8",
        )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
