"""`scopelint graph [PATHS] --format mermaid|dot|json`: the repository graph the checks judge."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: Output formats of `scopelint graph` (kept here so building the CLI imports no renderer).
FORMATS = ("dot", "json", "mermaid")


def add_parser(sub, *, with_arguments: bool = True) -> None:
    graph = sub.add_parser(
        "graph",
        help="draw the agents, identities, grants and gates of a repository",
        description="Print the repository graph: which agent acts as which identity, what it may do, and who approves.",
    )
    if with_arguments:
        add_arguments(graph)


def add_arguments(graph: argparse.ArgumentParser) -> None:
    graph.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: .)")
    graph.add_argument("--format", choices=FORMATS, default="mermaid", help="output format (default: mermaid)")
    graph.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the graph to FILE instead of stdout")
    graph.add_argument("--config", type=Path, metavar="FILE", help="use this configuration file")
    graph.add_argument("--isolated", action="store_true", help="ignore every configuration file")


def run_graph(args: argparse.Namespace) -> int:
    """Read the paths as `check` does and print the joined graph; exit 0, or 2 on a usage error."""
    from lint.cli import UsageError, _config_and_checks
    from lint.graph.model import Graph
    from lint.graph.render import render
    from lint.runner import Engine

    if not hasattr(args, "checks_dir"):
        args.checks_dir = []
    config, checks = _config_and_checks(args)
    engine = Engine(checks, config, all_checks=checks)
    engine.wants_facts = True
    try:
        engine.run_paths(args.paths or [Path(".")], Path.cwd())
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    text = render(getattr(engine, "graph", None) or Graph(), args.format)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0
