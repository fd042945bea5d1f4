"""Ratios for `bench.py --quick` and `bench.py --compare`: timings that travel between machines.

Absolute seconds depend on the machine and its load; a ratio of two commands timed
side by side, interleaved run by run, mostly does not. ``--quick`` divides each
scopelint run by the interpreter's own start-up (``python -c pass``) and compares the
medians with the committed figures in ``bench/baseline.json``: a ratio more than 25%
above its baseline fails. ``--compare VENV`` times the peers installed in a virtualenv
the user names (parliament, cloudsplaining, checkov; never dependencies of scopelint)
on the same inputs, interleaved with scopelint, and reports each as a multiple of
scopelint's time, with peak RSS.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "baseline.json"
TOLERANCE = 1.25  # a ratio may grow by 25% before --quick fails


def quick_targets(work: Path, small_policy: str) -> dict[str, Path]:
    """Small, generated inputs (no corpus needed): one policy, an IAM tree, a Terraform tree."""
    policy = work / "one" / "policy.json"
    policy.parent.mkdir(parents=True, exist_ok=True)
    policy.write_text(small_policy)
    tree, terraform = work / "tree", work / "tf"
    for script, target, count in (("gen_tree.py", tree, "300"), ("gen_tf.py", terraform, "40")):
        subprocess.run([sys.executable, str(HERE / script), str(target), "--files", count], check=True, stdout=subprocess.DEVNULL)
    return {"one small policy": policy, "iam tree 300": tree, "terraform 40": terraform}


def interleaved(commands: dict[str, list[str]], runs: int, cwd: Path, run_once) -> dict[str, tuple[list[float], float]]:
    """Run every command once per round (one untimed round first): name -> (wall times, peak RSS MB)."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, float] = {name: 0.0 for name in commands}
    for round_ in range(runs + 1):
        for name, command in commands.items():
            wall, peak, _tree, code, stderr = _run(run_once, command, cwd)
            if code not in (0, 1):  # peers exit 1 on findings
                raise RuntimeError(f"{name}: exit code {code}: {(stderr.strip().splitlines() or [''])[-1]}")
            if round_:
                walls[name].append(wall)
                rss[name] = max(rss[name], peak)
    return {name: (walls[name], rss[name]) for name in commands}


def _run(run_once, command: list[str], cwd: Path):
    # parliament refuses `--file` when its standard input is not a terminal (it would read a policy
    # from there too): it gets a pseudo-terminal
    if Path(command[0]).name == "parliament" and "--file" in command and hasattr(os, "openpty"):
        main, secondary = os.openpty()
        try:
            return run_once(command, cwd, stdin=secondary)
        finally:
            os.close(main)
            os.close(secondary)
    return run_once(command, cwd)


def run_quick(scopelint: str, check_command, run_once, small_policy: str, runs: int, write: bool) -> int:
    floor = [sys.executable, "-c", "pass"]
    ratios: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="scopelint-quick-") as tmp:
        work = Path(tmp)
        cwd = work / "cwd"
        cwd.mkdir()
        for name, path in quick_targets(work, small_policy).items():
            timed = interleaved({"floor": floor, name: check_command(scopelint, "json", path)}, runs, cwd, run_once)
            ratios[name] = statistics.median(timed[name][0]) / statistics.median(timed["floor"][0])
    if write:
        BASELINE.write_text(json.dumps({"tolerance": TOLERANCE, "ratios": {k: round(v, 2) for k, v in ratios.items()}}, indent=2) + "\n")
        print(f"wrote {BASELINE}")
    baseline = json.loads(BASELINE.read_text())["ratios"] if BASELINE.exists() else {}
    failed = False
    print(f"{'target':<18}  {'ratio':>7}  {'baseline':>8}  verdict   (scopelint time / `python -c pass` time)")
    for name, ratio in ratios.items():
        base = baseline.get(name)
        if base is None:
            verdict = "no baseline"
        elif ratio > base * TOLERANCE:
            verdict, failed = f"REGRESSED (> {base * TOLERANCE:.1f})", True
        else:
            verdict = "ok"
        print(f"{name:<18}  {ratio:>7.1f}  {base if base is not None else '-':>8}  {verdict}")
    return 1 if failed else 0


#: What each peer reads: a target with none of these files is not given to it.
READS = {"parliament": (".json",), "cloudsplaining": (".json",), "checkov": (".tf", ".json", ".yaml", ".yml")}
#: Peers and how each lints a file or a folder (None: it cannot).
PEERS = {
    "parliament": (lambda exe, p: [exe, "--file", str(p)], lambda exe, p: [exe, "--directory", str(p)]),
    "cloudsplaining": (lambda exe, p: [exe, "scan-policy-file", "--input-file", str(p)], None),
    "checkov": (
        lambda exe, p: [exe, "--quiet", "--compact", "-f", str(p)],
        lambda exe, p: [exe, "--quiet", "--compact", "--framework", "terraform", "-d", str(p)],
    ),
}


def _holds(path: Path, suffixes: tuple[str, ...]) -> bool:
    """Whether `path` is, or a folder holds, a file with one of `suffixes`."""
    if path.is_file():
        return path.name.endswith(suffixes)
    return any(name.endswith(suffixes) for _, _, names in os.walk(path) for name in names)


def peers_in(venv: Path) -> dict[str, str]:
    folder = venv / ("Scripts" if os.name == "nt" else "bin")
    return {name: str(folder / name) for name in PEERS if (folder / name).exists()}


def run_compare(scopelint: str, check_command, run_once, venv: Path, targets: dict[str, Path], runs: int) -> int:
    peers = peers_in(venv)
    if not peers:
        print(f"compare: none of {', '.join(PEERS)} is installed in {venv}")
        return 1
    with tempfile.TemporaryDirectory(prefix="scopelint-compare-") as tmp:
        cwd = Path(tmp)
        print(f"{'target':<22}  {'tool':<15}  {'median s':>8}  {'× scopelint':>11}  {'RSS MB':>7}")
        for target, path in targets.items():
            commands = {"scopelint": check_command(scopelint, "json", path)}
            for name, exe in peers.items():
                for_file, for_dir = PEERS[name]
                make = for_file if path.is_file() else for_dir
                if make is not None and _holds(path, READS[name] if path.is_file() or name != "checkov" else (".tf",)):
                    commands[name] = make(exe, path)
            try:
                timed = interleaved(commands, runs, cwd, run_once)
            except RuntimeError as exc:
                print(f"{target:<22}  error: {exc}")
                continue
            ours = statistics.median(timed["scopelint"][0])
            for name, (walls, rss) in timed.items():
                median = statistics.median(walls)
                print(f"{target:<22}  {name:<15}  {median:>8.3f}  {median / ours:>11.2f}  {rss:>7.1f}")
    return 0
