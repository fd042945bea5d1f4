"""Baselines: accept the findings a repository already has, report only new ones.

``scopelint check --write-baseline FILE`` records the current findings;
``--baseline FILE`` (or ``baseline = "FILE"`` in the configuration) then moves
every finding recorded there out of the report, and lists the entries that no
longer occur so the file shrinks as findings are fixed.

An entry is keyed on the check id, the file's path relative to the repository
root and a *content* fingerprint that ignores where the finding sits:

* the message, with line and column numbers and list indexes taken out and
  white space collapsed. Messages name what is granted (the actions, the
  tool, the identity), so changing a grant changes the fingerprint;
* the pointer of the primary location (and, for repository findings, of
  every hop of the flow) with its list indexes replaced by ``*``, so moving a
  statement up or down a list, or reformatting the file, keeps the fingerprint.

Identical fingerprints are counted, not merged: a baseline with one entry
accepts one such finding, and a second identical one is reported as new.

Critical findings are recorded only when the configuration says
``allow-baseline-critical = true``: a baseline is a bulk acceptance nobody
reviews line by line, so the gravest findings stay visible by default, as
they do for inline ignores (``allow-inline-critical``).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from lint.model import Finding, Severity, Suppression

BASELINE_VERSION = 1
TOOL = "scopelint"

_INDEX_SEGMENT = re.compile(r"(?<=/)\d+(?=/|$)")
_BRACKET_INDEX = re.compile(r"\[\d+\]")
_LINE_WORD = re.compile(r"\b(lines?|line number|column|col)\s+\d+(\s*[-–:]\s*\d+)?", re.IGNORECASE)
_FILE_POSITION = re.compile(r"(\.[A-Za-z][A-Za-z0-9]{0,7}):\d+(?::\d+)?\b")  # `main.tf:12:3`
_MESSAGE_INDEX = re.compile(r"(?<=[A-Za-z_]/)\d+(?=/|\b)")  # `/Statement/0`, not `10.0.0.0/8`
_SPACES = re.compile(r"\s+")


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the message names the file."""


@dataclass(frozen=True)
class Entry:
    """One accepted finding."""

    check_id: str
    path: str  # relative to the repository root, POSIX
    fingerprint: str
    severity: str
    message: str

    def key(self) -> tuple[str, str, str]:
        return (self.check_id, self.path, self.fingerprint)

    def as_json(self) -> dict[str, str]:
        return {
            "check_id": self.check_id,
            "path": self.path,
            "fingerprint": self.fingerprint,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass
class Applied:
    """What applying a baseline did: findings still reported, findings accepted, entries gone stale."""

    findings: list[Finding]
    accepted: list[Finding]
    stale: list[Entry]
    #: Critical findings present in the baseline but reported anyway (critical entries not allowed).
    refused_critical: list[Finding]


# -- fingerprints ----------------------------------------------------------------------


def normalise_pointer(pointer: str) -> str:
    """The pointer with its list indexes as ``*``: ``/Statement/3/Action/0`` -> ``/Statement/*/Action/*``."""
    return _INDEX_SEGMENT.sub("*", pointer)


def normalise_message(message: str) -> str:
    """The message without positions: line/column numbers, ``file:12:3``, list indexes; spaces collapsed."""
    text = _LINE_WORD.sub(r"\1 #", message)
    text = _FILE_POSITION.sub(r"\1", text)
    text = _BRACKET_INDEX.sub("[*]", text)
    text = _MESSAGE_INDEX.sub("*", text)
    return _SPACES.sub(" ", text).strip()


def content_fingerprint(finding: Finding, root_path: str) -> str:
    """A digest of what the finding says and where in the document's structure, not on which line.

    `root_path` is the finding's path relative to the repository root; the
    paths of a repository finding's hops are made relative the same way by
    the caller (see :func:`finding_key`).
    """
    from hashlib import sha256

    parts = [finding.check_id, root_path, normalise_pointer(finding.location.pointer), normalise_message(finding.message)]
    return sha256("\0".join(parts).encode("utf-8")).hexdigest()[:24]


def _hop_fingerprint(finding: Finding, root_path: str, relative) -> str:
    """For repository findings: the flow's hops (file and index-free pointer) join the content."""
    from hashlib import sha256

    hops = "\0".join(f"{relative(hop.path)}#{normalise_pointer(hop.pointer)}" for hop in finding.flow)
    base = content_fingerprint(finding, root_path)
    return sha256(f"{base}\0{hops}".encode("utf-8")).hexdigest()[:24]


# -- repository-relative paths ---------------------------------------------------------


def repository_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding ``.git``; `start` itself if there is none."""
    start = start.resolve()
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return start


class _Relative:
    """Display paths (relative to the working directory) as POSIX paths relative to the repository root."""

    def __init__(self, cwd: Path, root: Path) -> None:
        self.cwd = Path(os.path.abspath(cwd))
        self.root = Path(os.path.abspath(root))
        self.cache: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        cached = self.cache.get(path)
        if cached is None:
            absolute = os.path.normpath(os.path.join(self.cwd, path))
            try:
                rel = os.path.relpath(absolute, self.root)
            except ValueError:  # another drive on Windows
                rel = absolute
            cached = self.cache[path] = PurePosixPath(Path(rel).as_posix()).as_posix()
        return cached


def finding_key(finding: Finding, relative: _Relative) -> tuple[str, str, str]:
    path = relative(finding.location.path)
    fingerprint = _hop_fingerprint(finding, path, relative) if finding.flow else content_fingerprint(finding, path)
    return (finding.check_id, path, fingerprint)


# -- the file --------------------------------------------------------------------------


class Baseline:
    """Entries read from, or to be written to, a baseline file."""

    def __init__(self, entries: Iterable[Entry] = (), catalog: str | None = None) -> None:
        self.entries = sorted(entries, key=lambda e: (e.path, e.check_id, e.message, e.fingerprint))
        #: The AWS action catalogue the findings were judged with: counts in messages depend on it.
        self.catalog = catalog if catalog is not None else current_catalog()

    @classmethod
    def from_findings(cls, findings: Sequence[Finding], cwd: Path, root: Path) -> Baseline:
        relative = _Relative(cwd, root)
        entries = []
        for finding in findings:
            check_id, path, fingerprint = finding_key(finding, relative)
            entries.append(Entry(check_id, path, fingerprint, finding.severity.label, finding.message))
        return cls(entries)

    @classmethod
    def load(cls, file: Path) -> Baseline:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{file}: no such baseline file (create it with --write-baseline {file})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{file}: cannot read the baseline: {exc}") from None
        except ValueError as exc:
            raise BaselineError(f"{file}: the baseline is not valid JSON: {exc}") from None
        if not isinstance(data, dict) or data.get("tool") != TOOL or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{file}: not a scopelint baseline (expected an object with `tool` and `findings`)")
        if data.get("version") != BASELINE_VERSION:
            raise BaselineError(f"{file}: baseline version {data.get('version')!r} is not supported (expected {BASELINE_VERSION})")
        entries = []
        for number, raw in enumerate(data["findings"]):
            fields = ("check_id", "path", "fingerprint", "severity", "message")
            if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in fields):
                raise BaselineError(f"{file}: entry {number} must have the string fields {', '.join(fields)}")
            entries.append(Entry(*(raw[k] for k in fields)))
        catalog = data.get("catalog")
        return cls(entries, catalog if isinstance(catalog, str) else "")

    def dumps(self) -> str:
        document = {
            "tool": TOOL,
            "version": BASELINE_VERSION,
            "catalog": self.catalog,
            "findings": [e.as_json() for e in self.entries],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def write(self, file: Path) -> None:
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(self.dumps(), encoding="utf-8")
        except OSError as exc:
            raise BaselineError(f"cannot write the baseline {file}: {exc.strerror or exc}") from None

    def outside(self, cwd: Path, root: Path, scanned: Sequence[Path], check_ids: Iterable[str]) -> list[Entry]:
        """Entries a run over `scanned` with `check_ids` could not have seen again."""
        relative = _Relative(cwd, root)
        ids = set(check_ids)
        scopes = [relative(os.path.relpath(os.path.abspath(p), os.path.abspath(cwd))) for p in scanned]
        return [e for e in self.entries if e.check_id not in ids or not any(_under(e.path, s) for s in scopes)]

    def apply(
        self,
        findings: Sequence[Finding],
        *,
        cwd: Path,
        root: Path,
        scanned: Sequence[Path],
        check_ids: Iterable[str],
        allow_critical: bool,
        label: str,
    ) -> Applied:
        """Split `findings` into reported and accepted; list entries no longer seen.

        An entry is stale only if this run could have seen it again: its check
        ran and its file is under one of the `scanned` paths. Linting three
        changed files must not call the rest of the baseline stale.
        """
        relative = _Relative(cwd, root)
        remaining = Counter(e.key() for e in self.entries)
        reported: list[Finding] = []
        accepted: list[Finding] = []
        refused: list[Finding] = []
        for finding in findings:
            key = finding_key(finding, relative)
            if remaining[key] <= 0:
                reported.append(finding)
                continue
            remaining[key] -= 1
            if finding.severity >= Severity.CRITICAL and not allow_critical:
                refused.append(finding)
                reported.append(finding)
                continue
            reason = f"accepted in the baseline {label}"
            accepted.append(replace(finding, suppression=Suppression("config", reason)))
        ids = set(check_ids)
        scopes = [relative(os.path.relpath(os.path.abspath(p), os.path.abspath(cwd))) for p in scanned]
        stale: list[Entry] = []
        left = Counter({k: v for k, v in remaining.items() if v > 0})
        for entry in self.entries:
            if left[entry.key()] <= 0:
                continue
            if entry.check_id in ids and any(_under(entry.path, scope) for scope in scopes):
                left[entry.key()] -= 1
                stale.append(entry)
        return Applied(reported, accepted, stale, refused)


def _under(path: str, scope: str) -> bool:
    if scope in (".", ""):
        return not path.startswith("../")
    return path == scope or path.startswith(scope.rstrip("/") + "/")


def recordable(findings: Sequence[Finding], allow_critical: bool) -> tuple[list[Finding], list[Finding]]:
    """The findings a baseline may record, and the critical ones it may not."""
    if allow_critical:
        return list(findings), []
    kept = [f for f in findings if f.severity < Severity.CRITICAL]
    refused = [f for f in findings if f.severity >= Severity.CRITICAL]
    return kept, refused


def stale_report(stale: Sequence[Entry], label: str, catalog: str = "") -> str:
    """Lines for stderr naming each stale entry, so the baseline can shrink.

    `catalog` is the catalogue the baseline was written with; when it is not
    today's, say so: action counts in messages (``allows all 102 cloudformation
    actions``) follow the catalogue, so such entries come back as new findings.
    """
    if not stale:
        return ""
    noun = "entry no longer occurs" if len(stale) == 1 else "entries no longer occur"
    lines = [f"scopelint: baseline {label}: {len(stale)} {noun}; rewrite it with --write-baseline to drop:"]
    for entry in stale:
        lines.append(f"  {entry.path}: {entry.check_id} {_first_line(entry.message)}")
    now = current_catalog()
    if catalog and catalog != now:
        lines.append(
            f"  (the baseline was written with the AWS action catalogue {catalog}, this run uses {now}: findings whose "
            "action counts changed with it are reported as new; review them and rewrite the baseline)"
        )
    return "\n".join(lines) + "\n"


def current_catalog() -> str:
    from lint.version import catalog_info

    info = catalog_info()
    return f"{info['name']} {info['version']}"


def _first_line(message: str, limit: int = 160) -> str:
    line = message.splitlines()[0] if message else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


# -- the command line ------------------------------------------------------------------


def apply_to_run(args, config, result, checks, cwd: Path, *, write_config_default: Path) -> None:
    """`--write-baseline` and `--baseline` for one `scopelint check` run; changes `result` in place.

    Writing records the run's findings (critical ones only if allowed) and then
    applies the file just written, so a fresh baseline leaves exactly the
    findings it refused to record. Notes go to stderr: the report on stdout
    stays in its format.
    """
    import sys

    root = repository_root(config.root if config.source else cwd)
    allow_critical = config.allow_baseline_critical
    file: Path | None = args.baseline or config.baseline
    if args.write_baseline is not None:
        target = config.baseline if args.write_baseline == write_config_default else args.write_baseline
        if target is None:
            raise BaselineError("--write-baseline: give a FILE, or set `baseline` in the configuration")
        kept, refused = recordable(result.findings, allow_critical)
        baseline = Baseline.from_findings(kept, cwd, root)
        if target.is_file():
            # Rewriting after a partial run (some paths, some checks) keeps what the run did not look at.
            previous = Baseline.load(target)
            outside = previous.outside(cwd, root, args.paths or [Path(".")], [c.id for c in checks])
            baseline = Baseline([*baseline.entries, *outside])
        baseline.write(target)
        note = f"scopelint: wrote {len(baseline.entries)} finding{'s' if len(baseline.entries) != 1 else ''} to the baseline {_label(target, cwd)}"
        if refused:
            note += (
                f"; {len(refused)} critical finding{'s were' if len(refused) != 1 else ' was'} not recorded "
                "(set `allow-baseline-critical = true` to accept critical findings in a baseline)"
            )
        print(note, file=sys.stderr)
        file = target
    assert file is not None
    baseline = Baseline.load(file)
    label = _label(file, cwd)
    applied = baseline.apply(
        result.findings,
        cwd=cwd,
        root=root,
        scanned=args.paths or [Path(".")],
        check_ids=[c.id for c in checks],
        allow_critical=allow_critical,
        label=label,
    )
    result.findings = applied.findings
    result.suppressed = sorted([*result.suppressed, *applied.accepted], key=lambda f: f.sort_key)
    if applied.refused_critical and args.write_baseline is None:
        count = len(applied.refused_critical)
        print(
            f"scopelint: baseline {label}: {count} critical finding{'s are' if count != 1 else ' is'} reported although "
            "listed (set `allow-baseline-critical = true` to accept critical findings in a baseline)",
            file=sys.stderr,
        )
    if args.write_baseline is None:
        sys.stderr.write(stale_report(applied.stale, label, baseline.catalog))


def _label(file: Path, cwd: Path) -> str:
    try:
        return Path(os.path.relpath(os.path.abspath(file), os.path.abspath(cwd))).as_posix()
    except ValueError:
        return str(file)
