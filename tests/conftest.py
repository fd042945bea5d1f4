from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def all_checks():
    from lint.registry import load_checks

    return load_checks()


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run scopelint as a user does: a separate process, in `cwd`."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "lint", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def cli():
    return run_cli


#: Runs a command and writes the peak resident set of its process tree (kB) to a file: the measure of
#: one run, where `RUSAGE_CHILDREN` of the test process would include every earlier test's children.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:]).returncode\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def run_measured(args: list[str], *, cwd: Path, env: dict[str, str], timeout: float) -> tuple[subprocess.CompletedProcess[str], float]:
    """`subprocess.run(args)` and the peak memory of that run alone, in MB (Linux)."""
    import tempfile

    with tempfile.NamedTemporaryFile("r", suffix=".peak") as peak:
        done = subprocess.run([sys.executable, "-c", _MEASURE, peak.name, *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=timeout)
        kilobytes = peak.read().strip()
    return done, int(kilobytes or 0) / 1024
