"""The `scopelint` command: check, rules, explain.

Exit codes, the same in every output format:
0 no finding at or above ``--fail-on``; 1 findings; 2 usage, configuration,
plugin or internal error (the run is incomplete).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from lint.model import Severity
from lint.version import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = [s.label for s in Severity]
EXTRA_FORMATS = ["concise", "github", "gitlab", "junit"]  # lint/report/formats.py
WRITE_CONFIG_BASELINE = Path("\0config")  # `--write-baseline` with no FILE


class UsageError(Exception):
    """A problem with how scopelint was called or configured (exit 2)."""


def managed_policies_date() -> str:
    from lint.iam.managed import managed_policies_date as date

    try:
        return date()
    except (OSError, ValueError, KeyError):
        return "unknown"


class _VersionAction(argparse.Action):
    """`--version`: the catalogue and managed-policy dates are read only when it is asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help or "show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object, option_string: str | None = None) -> None:
        parser._print_message(version_text() + "\n", sys.stdout)
        parser.exit()


def version_text() -> str:
    from lint.version import catalog_info

    catalog = catalog_info()
    return (
        f"scopelint {__version__} (AWS action catalogue: {catalog['name']} {catalog['version']}, {catalog['date']}; "
        f"AWS managed policies as of {managed_policies_date()})"
    )


#: The subcommands, in the order `--help` lists them.
COMMANDS = ("check", "graph", "rules", "explain", "test")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with `command`, only that subcommand gets its options (the others are
    listed with their help), since describing every option costs more than most runs."""
    parser = argparse.ArgumentParser(
        prog="scopelint",
        description="Static permission-scope linter for IAM policies, AI-agent configurations and deployment configs.",
        formatter_class=argparse.RawDescriptionHelpFormatter,  # keeps `--version` on one line
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = (lambda name: True) if command is None else (lambda name: name == command)

    check = sub.add_parser("check", help="lint files and folders (default: .)", description="Lint files and folders.")
    if wanted("check"):
        _check_arguments(check)
    from lint.graph.command import add_parser as add_graph_parser

    add_graph_parser(sub, with_arguments=wanted("graph"))
    rules = sub.add_parser("rules", help="list every check", description="List every check.")
    if wanted("rules"):
        rules.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="markdown writes one page per check to --output DIR")
        rules.add_argument("-o", "--output", type=Path, metavar="DIR", help="with --format markdown: the folder for the pages, e.g. docs/rules")
        _checks_dir_option(rules)

    explain = sub.add_parser("explain", help="show a check's documentation", description="Show a check's documentation.")
    if wanted("explain"):
        explain.add_argument("id", metavar="ID", help="check id, e.g. iam-admin-wildcard")
        _checks_dir_option(explain)

    test = sub.add_parser(
        "test",
        help="run checks' embedded examples",
        description="Run the embedded valid/invalid examples of custom checks (folders or files of *.py and *.yaml "
        "checks; this imports and runs their Python code), or of the built-in checks when no path is given.",
    )
    if wanted("test"):
        test.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="check folders or files")
        test.add_argument("-q", "--quiet", action="store_true", help="print failures only")
    return parser


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: .)")
    check.add_argument("--format", choices=["text", "json", "sarif", *EXTRA_FORMATS], default="text", help="output format (default: text)")
    check.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report to FILE instead of stdout")
    check.add_argument("--select", metavar="IDS", help="comma-separated check ids or families to run (replaces the config's)")
    check.add_argument("--ignore", metavar="IDS", help="comma-separated check ids or families to skip (added to the config's)")
    check.add_argument("--fail-on", choices=SEVERITIES, metavar="SEVERITY", help="lowest severity that fails the run: " + ", ".join(SEVERITIES) + " (default: medium)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--config", type=Path, metavar="FILE", help="use this configuration file (trusted: its `checks-dir` is loaded)")
    check.add_argument("--isolated", action="store_true", help="ignore every configuration file, your own included")
    check.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    check.add_argument("-v", "--verbose", action="store_true", help="say which configuration was used and name every skipped file")
    check.add_argument("--show-suppressed", action="store_true", help="also report suppressed findings (text, json; sarif marks them with `suppressions`)")
    check.add_argument(
        "--no-inline-ignores",
        action="store_true",
        help="honour no `# scopelint: ignore[...]` comment or `Metadata` ignore in the scanned files "
        "(for CI on changes nobody reviewed yet; config `inline-ignores = false`)",
    )
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="colour text output (default: auto; NO_COLOR disables)")
    check.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings not accepted in this baseline file (replaces the config's `baseline`)")
    check.add_argument("--write-baseline", nargs="?", type=Path, const=WRITE_CONFIG_BASELINE, metavar="FILE", help="record the current findings as accepted in FILE (default: the config's `baseline`)")
    check.add_argument("--statistics", action="store_true", help="print the number of findings per check instead of the findings (text or json)")
    check.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes reading files (default: one per usable CPU, up to 8, for 400 files or more; "
        "1 on a machine whose other cores are busy saves the processes' overhead)",
    )
    _checks_dir_option(check)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 64:
        raise argparse.ArgumentTypeError(f"expected a number of processes from 1 to 64 (0: decide), not {text!r}")
    return value


def _checks_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--trust-config",
        action="store_true",
        help="trust the configuration file found in the scanned tree: load its `checks-dir` (this runs Python from "
        "the repository; never use it on changes you have not reviewed)",
    )
    parser.add_argument(
        "--checks-dir",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="load custom checks from DIR (*.py modules and *.yaml rules); this imports and runs the Python "
        "code in DIR. Repeatable; added to `checks-dir` from the configuration",
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    # the subcommand is the first argument (the top level has only `--version` and `--help`)
    parser = build_parser(arguments[0] if arguments and arguments[0] in COMMANDS else None)
    args = parser.parse_args(arguments)
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "rules":
            return run_rules(args)
        if args.command == "explain":
            return run_explain(args)
        if args.command == "test":
            return run_test(args)
        if args.command == "graph":
            from lint.graph.command import run_graph

            return run_graph(args)
    except UsageError as exc:
        from lint.report.text import escape

        print(f"scopelint: error: {escape(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # the reader went away (`scopelint check | head`): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLEAN
    parser.print_help()
    return EXIT_ERROR


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def _load_checks(checks_dirs: Sequence[Path] = ()):
    from lint.registry import LoadError, load_checks

    try:
        return load_checks(checks_dirs=checks_dirs)
    except LoadError as exc:
        raise UsageError(str(exc)) from None


def _check_infos(checks_dirs: Sequence[Path] = ()):
    from lint.registry import LoadError, load_check_infos

    try:
        return load_check_infos(checks_dirs=checks_dirs)
    except LoadError as exc:
        raise UsageError(str(exc)) from None


def _config_and_checks(args: argparse.Namespace, *, lazy: bool = False):
    from lint.config import ConfigError, load_config

    try:
        config = load_config(
            getattr(args, "config", None),
            isolated=getattr(args, "isolated", False),
            cwd=Path.cwd(),
            trust=getattr(args, "trust_config", False),
        )
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    from lint.report.text import escape

    for line in [*config.notes, *(config.details if getattr(args, "verbose", False) else [])]:
        print(escape(line), file=sys.stderr)
    checks_dirs = [*config.checks_dirs, *args.checks_dir]
    return config, (_check_infos(checks_dirs) if lazy else _load_checks(checks_dirs))


def run_check(args: argparse.Namespace) -> int:
    from lint.config import ConfigError, validate_ids
    from lint.runner import Engine, select_checks

    cwd = Path.cwd()
    config, checks = _config_and_checks(args, lazy=True)
    ids, families = {c.id for c in checks}, {c.family() for c in checks} | {t for c in checks for t in c.tags}
    select = _split(args.select) or config.select
    ignore = config.ignore + _split(args.ignore)
    try:
        validate_ids(config, ids, families)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    for option, values in (("--select", _split(args.select)), ("--ignore", _split(args.ignore))):
        for value in values:
            if value not in ids | families | {"ALL"}:
                raise UsageError(f"{option}: unknown check id or family `{value}`")
    fail_on = Severity.parse(args.fail_on) if args.fail_on else config.fail_on
    if args.no_inline_ignores:
        config.inline_ignores = False
    chosen = select_checks(checks, select, ignore)
    engine = Engine(chosen, config, all_checks=checks)
    # File texts are read by SARIF (line hashes) and by a text report on a terminal (source lines) only.
    frames = args.format == "text" and args.output is None and sys.stdout.isatty()
    engine.keep_texts = args.format == "sarif" or frames or args.statistics
    engine.jobs = args.jobs
    paths = args.paths or [Path(".")]
    try:
        result, sources = engine.run_paths(paths, cwd)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    from lint.report.fingerprint import anchor_fingerprints

    anchor_fingerprints(result, cwd)
    from lint.discover import display_path

    result.config_files = [display_path(f, cwd) for f in config.files]
    nothing = _nothing_checked(result, paths, config, engine, cwd)
    if args.baseline or args.write_baseline or config.baseline:
        from lint.baseline import BaselineError, apply_to_run

        try:
            apply_to_run(args, config, result, chosen, cwd, write_config_default=WRITE_CONFIG_BASELINE)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None

    if args.format in ("sarif", *EXTRA_FORMATS):
        checks = _loaded(checks)  # these reports describe every check: name, documentation, tags
    if args.statistics:
        from lint.report.statistics import render_statistics

        report = render_statistics(result, checks, json_output=args.format == "json")
    elif args.format == "sarif":
        from lint.report.sarif import sarif_chunks

        report = sarif_chunks(result, checks, sources, include_suppressed=args.show_suppressed)
    elif args.format == "json":
        from lint.report.json import json_chunks

        report = json_chunks(result, checks, sources)
    elif args.format in EXTRA_FORMATS:
        from lint.report.formats import render_format

        report = render_format(args.format, result, checks, sources)
    else:
        from lint.report.text import render_text

        stream = sys.stdout
        tty = args.output is None and stream.isatty()
        colour = args.color == "always" or (args.color == "auto" and tty and not os.environ.get("NO_COLOR"))
        report = render_text(
            result,
            sources,
            frames=tty,
            colour=colour,
            quiet=args.quiet,
            show_suppressed=args.show_suppressed,
            verbose=args.verbose,
        )
    _write(report, args.output)
    if args.output is not None and not args.quiet:
        from lint.report.text import summary_line

        print(f"{summary_line(result)} Report written to {args.output}.", file=sys.stderr)
    if nothing:
        print(f"scopelint: error: {nothing}", file=sys.stderr)
        return EXIT_ERROR
    if result.errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if any(f.severity >= fail_on for f in result.findings) else EXIT_CLEAN


def _loaded(checks):
    from lint.registry import LoadError

    try:
        return [c.load() for c in checks]
    except LoadError as exc:
        raise UsageError(str(exc)) from None


def _nothing_checked(result, paths: Sequence[Path], config, engine, cwd: Path) -> str | None:
    """Why a walk of folders had nothing to check, or None.

    A run whose folders hold no file in a format scopelint reads (once
    `exclude` is applied) is an error (exit 2), not a clean pass: the checkout
    path is wrong, or the configuration excludes everything. Files named one
    by one (pre-commit passes every staged YAML file) may all be unrelated to
    scopelint without that being an error, and so may JSON or YAML files that
    turn out not to be configurations.
    """
    if result.files_scanned or result.findings or result.errors or result.skipped_files or result.files_skipped:
        return None
    folders = [p for p in paths if p.is_dir()]
    if not folders or len(folders) != len(paths):
        return None
    from lint.discover import discover

    # Only reached when nothing was scanned: walking again costs nothing on a run that did work.
    if next(iter(discover(folders, cwd=cwd, root=config.root, exclude=config.exclude, claims=engine.claims)), None):
        return None
    from lint.report.text import escape

    where = ", ".join(escape(str(p)) for p in folders)
    reason = f"nothing to check: no file under {where} is in a format scopelint reads (JSON, YAML, TOML, HCL, Python…)"
    if config.exclude:
        shown = ", ".join(f"`{escape(g)}`" for g in config.exclude[:5])
        source = config.where("exclude") if config.source else "`exclude`"
        reason += f" once {source} ({shown}) is applied; it may exclude everything"
    return reason


def _write(report: str | Iterable[str], output: Path | None) -> None:
    """Write a report, whole or in pieces (the JSON and SARIF writers stream theirs)."""
    pieces = [report] if isinstance(report, str) else report
    if output is None:
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as stream:
            for piece in pieces:
                stream.write(piece)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def run_rules(args: argparse.Namespace) -> int:
    _, checks = _config_and_checks(args)
    if args.format == "markdown":
        from lint.rule_docs import write_pages

        if args.output is None:
            raise UsageError("rules --format markdown: give the folder for the pages with --output DIR")
        written, removed = write_pages(checks, args.output)
        print(f"wrote {written} pages to {args.output}" + (f", removed {removed} stale" if removed else ""))
        return EXIT_CLEAN
    if args.format == "json":
        import json

        rows = [
            {
                "id": c.id,
                "name": c.name,
                "severity": c.severity.label,
                "confidence": c.confidence.label,
                "family": c.family(),
                "tags": list(c.tags),
                "origin": c.origin,
                "summary": c.summary(),
            }
            for c in checks
        ]
        print(json.dumps(rows, indent=2))
        return EXIT_CLEAN
    width = max(len(c.id) for c in checks)
    for c in checks:
        print(f"{c.id:<{width}}  {c.severity.label:<8}  {c.name}")
    return EXIT_CLEAN


def run_explain(args: argparse.Namespace) -> int:
    _, checks = _config_and_checks(args)
    for c in checks:
        if c.id == args.id:
            header = f"{c.id}: {c.name}\n\nseverity: {c.severity.label}  confidence: {c.confidence.label}  tags: {', '.join(c.tags)}"
            if c.cwe:
                header += "  cwe: " + ", ".join(f"CWE-{n}" for n in c.cwe)
            print(header + "\n\n" + c.doc())
            return EXIT_CLEAN
    import difflib

    match = difflib.get_close_matches(args.id, [c.id for c in checks], n=1)
    hint = f" (did you mean `{match[0]}`?)" if match else ""
    raise UsageError(f"unknown check id `{args.id}`{hint}; `scopelint rules` lists them all")


def run_test(args: argparse.Namespace) -> int:
    """Run embedded examples; exit 0 when all behave as documented, 1 otherwise."""
    from lint.registry import LoadError, LoadedCheck, load_local, validate
    from lint.testing import example_cases, verify

    builtins = _load_checks()
    if args.paths:
        files: list[Path] = []
        for path in args.paths:
            if path.is_dir():
                from lint.registry import find_local

                files.extend(find_local([path]))
            elif path.is_file():
                files.append(path)
            else:
                raise UsageError(f"{path}: no such file or directory")
        loaded: list[LoadedCheck] = []
        try:
            for file in sorted(files):
                loaded.extend(load_local(file))
            custom = validate(loaded)
            validate([LoadedCheck("scopelint", c) for c in builtins] + loaded)  # ids must not clash
        except LoadError as exc:
            raise UsageError(str(exc)) from None
        under_test, universe = custom, [*builtins, *custom]
    else:
        under_test = universe = builtins
    passed = failed = 0
    for case in example_cases(under_test):
        problem = verify(case, universe)
        if problem is None:
            passed += 1
            if not args.quiet:
                print(f"PASS {case.id}")
        else:
            failed += 1
            print(f"FAIL {case.id}: {problem}")
    print(f"{passed} passed, {failed} failed")
    return EXIT_FINDINGS if failed else EXIT_CLEAN
