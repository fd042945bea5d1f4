#!/usr/bin/env python3
"""Benchmark the `scopelint` command the way a user runs it.

What is measured
----------------
Each target is linted by a fresh process of the installed ``scopelint`` console
script (found next to ``sys.executable``, else on ``PATH``, or given with
``--scopelint``)::

    scopelint check --isolated --format json --output /dev/null --exit-zero TARGET

so the figures include interpreter start-up, imports, configuration handling,
file discovery, parsing, every check, and rendering the JSON report, but not
the cost of a terminal printing it (``--format`` picks the report to render). ``--isolated`` keeps configuration files
around the target or the working directory (a temporary empty folder) from
changing the work; ``--exit-zero`` makes any other exit code an error.

For each target: one warm-up run (fills the OS file cache), then ``--runs``
timed runs (default 7). Reported:

- wall time: median, min and max of ``time.perf_counter()`` around
  spawn-to-reap of the child;
- files/s: the candidate files (the files scopelint would consider: ``*.json``,
  ``*.jsonc``, ``*.yaml``, ``*.yml``, ``*.tf`` outside ``.git``, ``node_modules`` and the
  other always-skipped folders) divided by the median wall time;
- peak RSS: the largest ``ru_maxrss`` returned by ``os.wait4`` for the child,
  which on Linux is the peak resident set of the largest single process in the
  tree (the scopelint process or one of its worker processes);
- tree RSS (Linux): the peak of the summed resident sets of the child and its
  descendants, sampled every 20 ms from ``/proc``. Forked workers share pages
  copy-on-write, so this sum over-counts; it is an upper bound for the run's
  memory when work is spread over processes.

Targets: (1) one small policy file written to a temporary folder, (2) the
folders given on the command line, or by default the 1,645 AWS managed
policies in ``../shared/corpus/aws-managed-policies`` (relative to the
repository root) when that folder exists. Budgets are from DESIGN.md §9; see
bench/README.md.

Usage::

    python bench/bench.py [DIR ...] [--runs N] [--json] [--format json|sarif|text] [--scopelint PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "aws-managed-policies"

#: DESIGN.md §9
BUDGET_ONE_FILE_S = 0.20
BUDGET_AWS_CORPUS_S = 2.0
BUDGET_PER_20000_FILES_S = 20.0
BUDGET_MEMORY_MB = 400.0

SMALL_POLICY = """\
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::reports-bucket", "arn:aws:s3:::reports-bucket/*"]
    }
  ]
}
"""

try:  # the library's own rules, when importable; a copy otherwise
    from lint.discover import DEFAULT_EXCLUDES as _EXCLUDES
    from lint.formats import SUFFIXES as _SUFFIXES

    SUFFIXES = tuple(_SUFFIXES)
    EXCLUDES = frozenset(_EXCLUDES)
except Exception:  # noqa: BLE001 - the benchmark must not depend on the library importing
    SUFFIXES = (".json", ".jsonc", ".yaml", ".yml", ".tf", ".toml")
    EXCLUDES = frozenset(
        {".git", ".hg", ".svn", ".jj", "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__",
         ".mypy_cache", ".pytest_cache", ".ruff_cache", ".terraform", "cdk.out", ".aws-sam", ".serverless",
         ".direnv", "site-packages"}
    )


@dataclass
class Result:
    target: str
    path: str
    files: int
    runs: int
    wall_s: list[float] = field(default_factory=list)
    median_s: float = 0.0
    min_s: float = 0.0
    max_s: float = 0.0
    files_per_s: float = 0.0
    peak_rss_mb: float = 0.0
    tree_rss_mb: float | None = None
    budget_s: float = 0.0
    budget_mb: float = BUDGET_MEMORY_MB
    within_budget: bool = False
    error: str | None = None


def find_scopelint(explicit: str | None) -> str:
    if explicit:
        return explicit
    name = "scopelint.exe" if os.name == "nt" else "scopelint"
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which("scopelint")
    if found:
        return found
    sys.exit("bench: no `scopelint` command next to this Python or on PATH; `pip install -e .` or pass --scopelint")


def count_candidates(path: Path) -> int:
    """Files scopelint would consider under `path` (by suffix; known config files are all .json)."""
    if path.is_file():
        return 1
    total = 0
    for _dirpath, dirnames, filenames in os.walk(path, followlinks=False):
        dirnames[:] = [d for d in dirnames if d not in EXCLUDES]
        total += sum(1 for name in filenames if name.lower().endswith(SUFFIXES))
    return total


class TreeRss:
    """Peak summed RSS of a process and its descendants, sampled from /proc (Linux only)."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.available = Path(f"/proc/{pid}/task").is_dir()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

    def __enter__(self) -> TreeRss:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.available:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def _sample(self) -> int:
        total, todo, seen = 0, [self.pid], set()
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            try:
                with open(f"/proc/{pid}/statm") as f:
                    total += int(f.read().split()[1]) * self._page
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as f:
                        todo.extend(int(c) for c in f.read().split())
            except (OSError, ValueError, IndexError):
                continue  # the process ended between two reads
        return total


def run_once(command: list[str], cwd: Path, stdin: int | None = None) -> tuple[float, float, float | None, int, str]:
    """One run: (wall seconds, peak RSS MB of the largest process, sampled tree RSS MB, exit code, stderr).

    `stdin` is a file descriptor to read from (default: nothing)."""
    with tempfile.TemporaryFile(mode="w+") as err:
        start = time.perf_counter()
        source = subprocess.DEVNULL if stdin is None else stdin
        proc = subprocess.Popen(command, cwd=cwd, stdin=source, stdout=subprocess.DEVNULL, stderr=err)
        with TreeRss(proc.pid) as tree:
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(proc.pid, 0)
                wall = time.perf_counter() - start
                proc.returncode = os.waitstatus_to_exitcode(status)
                # ru_maxrss: kilobytes on Linux, bytes on macOS
                rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
            else:  # pragma: no cover - Windows
                proc.wait()
                wall, rss = time.perf_counter() - start, float("nan")
        err.seek(0)
        tree_mb = tree.peak / (1024 * 1024) if tree.available and tree.peak else None
        return wall, rss, tree_mb, proc.returncode, err.read()


def check_command(scopelint: str, fmt: str, path: Path | str) -> list[str]:
    return [scopelint, "check", "--isolated", "--format", fmt, "--output", os.devnull, "--exit-zero", str(path)]


def bench_target(
    scopelint: str, name: str, path: Path, runs: int, budget_s: float, cwd: Path, fmt: str = "json"
) -> Result:
    files = count_candidates(path)
    result = Result(target=name, path=str(path), files=files, runs=runs, budget_s=budget_s)
    command = check_command(scopelint, fmt, path)
    rss_all: list[float] = []
    tree_all: list[float] = []
    for i in range(runs + 1):  # run 0 is the warm-up
        wall, rss, tree, code, stderr = run_once(command, cwd)
        if code != 0:
            first = (stderr.strip().splitlines() or ["(no message)"])[-1]
            result.error = f"exit code {code}: {first}"
            return result
        if i == 0:
            continue
        result.wall_s.append(wall)
        rss_all.append(rss)
        if tree is not None:
            tree_all.append(tree)
    result.median_s = statistics.median(result.wall_s)
    result.min_s, result.max_s = min(result.wall_s), max(result.wall_s)
    result.files_per_s = files / result.median_s if result.median_s else 0.0
    result.peak_rss_mb = max(rss_all)
    result.tree_rss_mb = max(tree_all) if tree_all else None
    memory = result.tree_rss_mb if result.tree_rss_mb is not None else result.peak_rss_mb
    result.within_budget = result.median_s <= budget_s and memory <= result.budget_mb
    return result


def budget_for(path: Path, files: int) -> float:
    if path.name == "aws-managed-policies":
        return BUDGET_AWS_CORPUS_S
    # DESIGN §9: 20,000 files in 20 s, linear in the number of files; never below the corpus budget
    return max(BUDGET_AWS_CORPUS_S, BUDGET_PER_20000_FILES_S * files / 20000)


def print_table(results: list[Result], scopelint: str, command: str) -> None:
    print(f"scopelint: {scopelint}")
    print(f"command: {command}")
    print(f"python {platform.python_version()} on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs")
    header = ("target", "files", "median s", "min s", "max s", "files/s", "RSS MB", "tree MB", "budget", "ok")
    rows = []
    for r in results:
        if r.error:
            rows.append((r.target, str(r.files), "error", "", "", "", "", "", f"{r.budget_s:.2f} s", "NO"))
            continue
        rows.append(
            (
                r.target,
                str(r.files),
                f"{r.median_s:.3f}",
                f"{r.min_s:.3f}",
                f"{r.max_s:.3f}",
                f"{r.files_per_s:,.0f}",
                f"{r.peak_rss_mb:.1f}",
                f"{r.tree_rss_mb:.1f}" if r.tree_rss_mb is not None else "-",
                f"{r.budget_s:.2f} s",
                "yes" if r.within_budget else "NO",
            )
        )
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    print(f"{results[0].runs if results else 0} timed runs after 1 warm-up; memory budget {BUDGET_MEMORY_MB:.0f} MB")
    for r in results:
        if r.error:
            print(f"error: {r.target}: {r.error}")


def _note_bytecode() -> None:
    """Say so when the package's bytecode is not cached: every run then compiles it, a large share of start-up."""
    try:
        import lint
    except ImportError:
        return
    cache = Path(lint.__file__).parent / "__pycache__"
    if not any(cache.glob(f"*.{sys.implementation.cache_tag}.pyc")):
        print(
            "bench: note: no cached bytecode for the `lint` package (PYTHONDONTWRITEBYTECODE?): every run compiles it; "
            "`python -m compileall lint checks` measures what an installed scopelint does",
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path, metavar="DIR", help=f"folders to lint (default: {DEFAULT_CORPUS} if present)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per target, after one warm-up (default: 7)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--scopelint", metavar="PATH", help="the scopelint command to time")
    parser.add_argument(
        "--format", choices=["json", "sarif", "text"], default="json", help="report format to render (default: json)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="CI mode: small generated inputs, timed as ratios to `python -c pass`; fails when a ratio is 25%% above bench/baseline.json",
    )
    parser.add_argument("--write-baseline", action="store_true", help="with --quick: save the measured ratios as bench/baseline.json")
    parser.add_argument(
        "--compare",
        metavar="VENV",
        type=Path,
        help="time parliament, cloudsplaining and checkov installed in VENV, interleaved with scopelint, as ratios",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    scopelint = find_scopelint(args.scopelint)
    _note_bytecode()
    if args.quick or args.compare:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import ratios

        if args.quick:
            return ratios.run_quick(scopelint, check_command, run_once, SMALL_POLICY, args.runs, args.write_baseline)
        targets: dict[str, Path] = {}
        with tempfile.TemporaryDirectory(prefix="scopelint-bench-") as tmp:
            policy = Path(tmp) / "policy.json"
            policy.write_text(SMALL_POLICY)
            targets["one small policy"] = policy
            for d in list(args.dirs) or ([DEFAULT_CORPUS] if DEFAULT_CORPUS.is_dir() else []):
                targets[d.name] = d.resolve()
            return ratios.run_compare(scopelint, check_command, run_once, args.compare, targets, args.runs)

    dirs = list(args.dirs) or ([DEFAULT_CORPUS] if DEFAULT_CORPUS.is_dir() else [])
    for d in dirs:
        if not d.exists():
            parser.error(f"{d}: no such file or directory")

    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="scopelint-bench-") as tmp:
        work = Path(tmp)
        policy = work / "one" / "policy.json"
        policy.parent.mkdir()
        policy.write_text(SMALL_POLICY)
        cwd = work / "cwd"
        cwd.mkdir()
        results.append(
            bench_target(scopelint, "one small policy", policy, args.runs, BUDGET_ONE_FILE_S, cwd, args.format)
        )
        for d in dirs:
            d = d.resolve()
            budget = budget_for(d, count_candidates(d))
            results.append(bench_target(scopelint, d.name, d, args.runs, budget, cwd, args.format))

    command = " ".join(check_command("scopelint", args.format, "TARGET"))

    if args.json:
        payload = {
            "scopelint": scopelint,
            "python": platform.python_version(),
            "platform": f"{platform.system()} {platform.machine()}",
            "cpus": os.cpu_count(),
            "command": command,
            "results": [asdict(r) for r in results],
        }
        print(json.dumps(payload, indent=2))
    else:
        print_table(results, scopelint, command)
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
