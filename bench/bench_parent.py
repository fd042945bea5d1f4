#!/usr/bin/env python3
"""CPU time and memory of the work the parent process does alone: discovery, joining outcomes, fingerprints, report.

On a large tree the workers lint the files in parallel, but the process that
started them walks the tree before, and joins, anchors and writes the report
after, on one core. This script runs ``scopelint check`` in-process and times
each of those phases with the process's CPU clock (steady on a loaded machine):

- ``discover``: walking the tree and choosing the files;
- ``unpickle``: rebuilding the workers' outcomes (in a real run this happens
  while the workers run; here the outcomes recorded by a first run are loaded);
- ``combine``: joining the outcomes and the repository phase;
- ``fingerprints``: anchoring fingerprints at the repository root;
- ``render_text`` / ``write``: building the text report, writing the JSON or SARIF one.

The first run for a tree and format records the pool's outcomes (a full
lint) in ``--cache``; later runs replay them, so only the parent's phases
cost time. ``--memory`` adds the traced memory (current and peak MB, by
``tracemalloc``) of each phase, at some CPU cost.

Usage::

    python bench/gen_tree.py /tmp/tree20k --files 20000
    python bench/bench_parent.py /tmp/tree20k --format sarif [--memory] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pickle
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path, help="folder to lint")
    parser.add_argument("--format", choices=["json", "sarif", "text"], default="json")
    parser.add_argument("--memory", action="store_true", help="traced memory of each phase (slower)")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the parent's phases to FILE")
    parser.add_argument("--record", action="store_true", help="lint again and record the outcomes, even if recorded")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()), help="folder for recorded outcomes")
    args = parser.parse_args(argv)

    import lint.report.fingerprint as fingerprint
    import lint.report.text as text
    import lint.runner as runner
    from lint import cli

    target = args.target.resolve()
    texts = "json" if args.format == "json" else "texts"  # the JSON report keeps no file texts
    key = hashlib.sha256(f"{target}\0{Path(runner.__file__).resolve()}".encode()).hexdigest()[:12]
    recorded = args.cache / f"scopelint-outcomes-{target.name}-{texts}-{key}.pickle"
    figures: dict[str, object] = {}
    profile = cProfile.Profile() if args.profile else None

    def phase(name, function):
        def timed(*a, **k):
            if args.memory:
                tracemalloc.start()
            if profile:
                profile.enable()
            start = time.process_time()
            out = function(*a, **k)
            if name == "discover":
                out = iter(list(out))
            figures[name] = round(float(figures.get(name, 0.0)) + time.process_time() - start, 3)  # type: ignore[arg-type]
            if profile:
                profile.disable()
            if args.memory:
                current, peak = tracemalloc.get_traced_memory()
                figures[f"{name} MB"] = (round(current / 2**20, 1), round(peak / 2**20, 1))
                tracemalloc.stop()
            return out

        return timed

    lint_all = runner.Engine._map

    def replayed(engine, sources):
        if recorded.exists() and not args.record:
            data = recorded.read_bytes()
            figures["outcomes MB pickled"] = round(len(data) / 2**20, 1)
            return phase("unpickle", pickle.loads)(data)
        outcomes = list(lint_all(engine, sources))
        recorded.write_bytes(pickle.dumps(outcomes, protocol=pickle.HIGHEST_PROTOCOL))
        figures["recorded"] = str(recorded)
        return outcomes

    runner.Engine._map = replayed
    runner.discover = phase("discover", runner.discover)
    runner.Engine.combine = phase("combine", runner.Engine.combine)
    fingerprint.anchor_fingerprints = phase("fingerprints", fingerprint.anchor_fingerprints)
    text.render_text = phase("render_text", text.render_text)
    cli._write = phase("write", cli._write)

    with tempfile.TemporaryDirectory(prefix="scopelint-bench-") as cwd:
        os.chdir(cwd)
        status = cli.main(
            ["check", "--isolated", "--format", args.format, "--output", os.devnull, "--exit-zero", "--quiet", str(target)]
        )
    if profile:
        profile.dump_stats(args.profile)
    for name, value in figures.items():
        print(f"{name:22} {value}")
    return status


if __name__ == "__main__":
    sys.exit(main())
