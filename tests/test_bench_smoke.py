"""The benchmark suite runs end to end in its smoke mode and prints its table.

Benchmarks are not timed tests: nothing here looks at a figure or a target. This only keeps
`python -m bench` from rotting while the code it measures changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.worker import BENCHMARKS

ROOT = Path(__file__).resolve().parent.parent
HEADER = "| benchmark | workload | figure | baseline (same run) | ratio | target | met |"


def test_the_quick_suite_runs_every_benchmark_and_prints_the_table(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--workdir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    lines = done.stdout.splitlines()
    assert HEADER in lines
    rows = [line for line in lines if line.startswith("| ") and line != HEADER]
    assert {row.split(" | ")[0].removeprefix("| ") for row in rows} == set(BENCHMARKS)
