"""The engine: sources -> documents -> subjects -> violations -> findings.

Each file is handled on its own, so one broken file or one failing check never
hides the findings of the others. Files are spread over processes when there
are many of them.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lint.check import Check, Violation
from lint.check_index import CheckInfo, qualified
from lint.config import Config
from lint.discover import Source, Unreadable, decode, discover, read_bounded
from lint.document import Document, ParseError
from lint.formats import format_for, parse
from lint.model import Finding, Location, Span
from lint.result import RunError, RunResult
from lint.subjects import default_extractors
from lint.subjects.base import Extractor, InvalidDocument, Problem, RawDocument, Subject
from lint.suppress import IgnoreComments, apply_config, apply_inline, inline_ignores

if TYPE_CHECKING:
    from lint.graph.facts import Fact

#: Below this many files the cost of starting processes outweighs the gain.
PARALLEL_THRESHOLD = 400
#: Formats whose parser is native code that a hostile file could crash: a child process parses
#: the text first (a probe that costs one native parse), and only a text that parsed there is read here.
PROBED_FORMATS = frozenset({"python"})
#: Files larger than this are read in a child process too, under the budgets below, so that no
#: shape of input (a million tiny statements, a 5 MB line) can take the run's time or memory.
ISOLATE_ABOVE = 256 * 1024
#: Budgets of a file read in a child process: seconds, and memory beyond what the child inherits.
ISOLATED_TIMEOUT = 30.0
ISOLATED_MEMORY = 384 * 1024 * 1024


def internal_error(source: Source, exc: BaseException) -> FileOutcome:
    """An engine failure on one file: reported as an error of the run (exit 2), never a traceback."""
    message = f"internal error reading {source.path}: {type(exc).__name__}: {exc}"
    return FileOutcome(scanned=True, errors=[RunError(message.splitlines()[0][:300], source.path)])


@dataclass
class FileOutcome:
    """What linting one file produced; small and picklable."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    errors: list[RunError] = field(default_factory=list)
    scanned: bool = False
    skipped: bool = False
    texts: dict[str, str] = field(default_factory=dict)  # path -> text, for files with findings
    facts: list[Fact] = field(default_factory=list)  # what the file says, for the repository graph
    #: Why a file was not judged (oversized, unreadable, not a regular file…), for the summary.
    skip_reason: str | None = None
    skip_path: str | None = None


def select_checks(
    checks: Sequence[type[Check]], select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[type[Check]]:
    """Checks chosen by id or family; an empty `select` means all."""

    def named(check: type[Check], names: Sequence[str]) -> bool:
        return "ALL" in names or check.id in names or check.family() in names or bool(set(check.tags) & set(names))

    chosen = [c for c in checks if not select or named(c, select)]
    return [c for c in chosen if not named(c, ignore) or (c.id in select and c.id not in ignore)]


class Engine:
    """Runs a fixed set of checks over files or texts."""

    def __init__(
        self,
        checks: Sequence[type[Check]],
        config: Config | None = None,
        extractors: Sequence[Extractor] | None = None,
        *,
        all_checks: Sequence[type[Check]] | None = None,
    ) -> None:
        self.config = config or Config()
        from lint.deploy.production import configure

        configure(self.config.production)
        #: The checks of the run, classes or `CheckInfo`s; a check's module is imported, and the
        #: check made, when the first subject of its kind is met.
        self.infos = [c if isinstance(c, CheckInfo) else CheckInfo.of(c) for c in checks]
        self._instances: dict[str, Check] = {}
        self.extractors = list(extractors) if extractors is not None else default_extractors()
        self._by_subject: dict[type, list[Check]] = {}
        known = all_checks if all_checks is not None else checks
        self.per_path = _expand_per_path(self.config.per_path_ignores, known)
        self.severity_overrides = self.config.severity
        self.active_ids = {c.id for c in checks}
        self.known_ids = {c.id for c in known} | self.active_ids
        self.org_guardrails = None  # SCPs of the run, read before the files are linted
        self.repository_ids = {i.id for i in self.infos if i.repository}
        #: Facts are gathered only when a repository check will read them.
        self.wants_facts = bool(self.repository_ids)
        #: Whether the report shows source lines: when not (JSON), a file's text is kept only when it
        #: has an inline ignore that a repository finding may need; the others are kept as "".
        self.keep_texts = True
        #: Processes that read files: 0 decides (several only for 400 files or more, one per usable CPU up to 8).
        self.jobs = 0

    # -- dispatch -------------------------------------------------------------------------
    @property
    def checks(self) -> list[Check]:
        """Every check of the run, made (and imported) now."""
        return [self._instance(i) for i in self.infos]

    @property
    def repository_checks(self) -> list[Check]:
        return [self._instance(i) for i in self.infos if i.repository]

    def _instance(self, info: CheckInfo) -> Check:
        check = self._instances.get(info.id)
        if check is None:
            check = self._instances[info.id] = info.load()()
        return check

    def checks_for(self, subject: Subject) -> list[Check]:
        kind = type(subject)
        found = self._by_subject.get(kind)
        if found is None:
            names = {qualified(k) for k in kind.__mro__}
            found = self._by_subject[kind] = [self._instance(i) for i in self.infos if not names.isdisjoint(i.subject)]
        return found

    def claims(self, path: str) -> str | None:
        """The format of a file at a known location, or None; asked for each path more than once."""
        cache = self.__dict__.setdefault("_claims", {})
        if path in cache:
            return cache[path]
        if "_claim_filter" not in self.__dict__:
            from lint.subjects.recognizers import claim_filter

            self._claim_filter = claim_filter(self.extractors)
        if self._claim_filter is not None and not self._claim_filter.search(path):
            if len(cache) < 100_000:
                cache[path] = None
            return None
        found = None
        for extractor in self.extractors:
            if extractor.claims(path):
                found = extractor.format_of(path) or format_for(path) or extractor.formats[0]
                break
        if len(cache) < 100_000:  # bounded: a walk of a huge tree asks once per path anyway
            cache[path] = found
        return found

    # -- running ----------------------------------------------------------------------------
    def run_paths(self, paths: Sequence[Path], cwd: Path | None = None) -> tuple[RunResult, dict[str, str]]:
        cwd = cwd or Path.cwd()
        sources = list(
            discover(paths, cwd=cwd, root=self.config.root, exclude=self.config.exclude, claims=self.claims)
        )
        self._read_org_guardrails(sources)
        outcomes = self._map(sources)
        return self.combine(outcomes)

    def combine(self, outcomes: Iterable[FileOutcome]) -> tuple[RunResult, dict[str, str]]:
        """Join per-file outcomes, then run the repository phase on their facts."""
        result = RunResult()
        texts: dict[str, str] = {}
        facts: list[Fact] = []
        claimed: dict[tuple, tuple[int, int]] = {}  # (check, path, span) -> (outcome, index in findings)
        for number, outcome in enumerate(outcomes):
            for finding in outcome.findings:
                # One element reached from two files (a JSON policy linted itself and loaded by a
                # Terraform `file()`): one finding, the gravest.
                key = (finding.check_id, finding.location.path, finding.location.span)
                earlier = claimed.get(key)
                if earlier is not None and earlier[0] != number:
                    index = earlier[1]
                    if finding.severity > result.findings[index].severity:
                        result.findings[index] = finding
                    continue
                claimed[key] = (number, len(result.findings))
                result.findings.append(finding)
            result.suppressed.extend(outcome.suppressed)
            result.errors.extend(outcome.errors)
            result.files_scanned += outcome.scanned
            result.files_skipped += outcome.skipped
            if outcome.skip_reason:
                result.skipped_files.append((outcome.skip_path or "", outcome.skip_reason))
            texts.update(outcome.texts)
            facts.extend(outcome.facts)
        try:
            self._repository_phase(facts, result, texts)
        except Exception as exc:  # a bug joining the files must not lose what each file found
            result.errors.append(RunError(f"internal error in the repository checks: {type(exc).__name__}: {exc}".splitlines()[0][:300]))
        result.findings.sort(key=lambda f: f.sort_key)
        result.suppressed.sort(key=lambda f: f.sort_key)
        return result, texts

    def _map(self, sources: list[Source]) -> Iterable[FileOutcome]:
        import gc

        # Modules, checks and catalogues live as long as the run: the cycle collector need not scan
        # them again and again (nor a forked worker copy their pages by touching them).
        gc.freeze()
        workers = self.jobs or min(usable_cpus(), 8)
        if (not self.jobs and len(sources) < PARALLEL_THRESHOLD) or workers < 2 or not _can_fork():
            return [self.lint_source(s) for s in sources]
        from lint.isolation import map_in_processes

        # One file of each format is read here first: the readers and checks it imports and the
        # catalogues it loads are then inherited by every worker, instead of loaded by each.
        first: dict[tuple[str, bool], int] = {}
        for index, source in enumerate(sources):
            first.setdefault((source.fmt, source.known), index)
        warm = {index: self.lint_source(sources[index]) for index in first.values()}
        gc.freeze()
        rest = iter(map_in_processes(self, [s for i, s in enumerate(sources) if i not in warm], workers))
        return [warm[i] if i in warm else next(rest) for i in range(len(sources))]

    def lint_source(self, source: Source) -> FileOutcome:
        """Lint one file from disk. Never raises: whatever goes wrong is this file's outcome alone."""
        if source.skip:
            return self._unreadable(source, source.skip)
        try:
            raw = read_bounded(source.file)
        except Unreadable as exc:
            return self._unreadable(source, str(exc))
        except OSError as exc:
            return self._unreadable(source, f"cannot read file: {exc.strerror or exc}")
        try:
            return self._lint_bytes(source, raw)
        except Exception as exc:  # an engine bug on one file must not lose the others
            return internal_error(source, exc)

    def _lint_bytes(self, source: Source, raw: bytes) -> FileOutcome:
        try:
            text, _ = decode(raw)
        except UnicodeDecodeError as exc:
            encoding = next((f"UTF-{bits}" for bits in ("16", "32") if bits in (exc.encoding or "")), "UTF-8")
            text = raw.decode("utf-8", errors="replace")
            extractors = self._interested(source, text)
            if not extractors:
                return FileOutcome(skipped=True, skip_reason=f"file is not valid {encoding}", skip_path=source.path)
            line = raw[: exc.start].count(b"\n") + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            error = ParseError(f"file is not valid {encoding} (byte 0x{raw[exc.start]:02x})", line, col)
            doc, problem = RawDocument.from_error(source.path, text, error)
            return self._finish(source, doc, [InvalidDocument(doc, problem)])
        read = lambda: self.lint_text(source.path, text, fmt=source.fmt, known=source.known, rel=source.rel, file=source.file)  # noqa: E731
        if not (len(raw) > ISOLATE_ABOVE or source.fmt in PROBED_FORMATS) or not _can_fork() or not self._interested(source, text):
            return read()
        from lint.isolation import run_isolated

        if len(raw) > ISOLATE_ABOVE:
            # A large file can be shaped to cost minutes or gigabytes: read it in a child process
            # under a time and memory budget, so an overrun is this file's problem, never the run's.
            return run_isolated(read, lambda reason: self.crashed(source, reason, text), ISOLATED_TIMEOUT, ISOLATED_MEMORY)
        # A native parser (libcst) can overflow its stack on hostile input: it parses the text in a
        # child process first; the parser is imported here, once, so the child inherits it.
        from lint.formats import probe, warm

        warm(source.fmt)
        crash = run_isolated(lambda: probe(text, source.fmt), lambda reason: reason, ISOLATED_TIMEOUT, ISOLATED_MEMORY)
        return read() if crash is None else self.crashed(source, crash, text)

    def crashed(self, source: Source, reason: str, text: str = "") -> FileOutcome:
        """The outcome of a file whose reading killed the process that read it: a located problem
        and an error of the run (exit 2), so the file is named and nothing else is lost. A file
        that overran its time or memory budget is not judged, like a file over the size cap."""
        from lint.isolation import over_budget

        if over_budget(reason):
            return self._unreadable(source, f"not judged: reading it {reason}")
        error = ParseError(f"cannot read {source.fmt or 'file'}: the process reading it {reason}")
        doc, problem = RawDocument.from_error(source.path, text, error)
        outcome = self._finish(source, doc, [InvalidDocument(doc, problem)])
        outcome.errors.append(RunError(f"reading {source.path} failed: the process reading it {reason}", source.path))
        return outcome

    def _unreadable(self, source: Source, message: str) -> FileOutcome:
        if not source.known:
            return FileOutcome(skipped=True, skip_reason=message, skip_path=source.path)
        doc = RawDocument(source.path, "", None)
        outcome = self._finish(source, doc, [InvalidDocument(doc, Problem(message, span=Span.point(1, 1)))])
        outcome.skip_reason, outcome.skip_path = message, source.path
        return outcome

    def _interested(self, source: Source, text: str) -> list[Extractor]:
        if source.known:
            return [e for e in self.extractors if e.claims(source.rel) or e.claims(source.path)]
        return [e for e in self.extractors if source.fmt in e.formats and e.sniff(text)]

    def lint_text(
        self,
        path: str,
        text: str,
        *,
        fmt: str | None = None,
        known: bool | None = None,
        rel: str | None = None,
        file: Path | None = None,
    ) -> FileOutcome:
        """Lint one file's text. `path` decides known locations and, without `fmt`, the format;
        `file` is where it is on disk, for formats whose meaning spans a folder (Terraform modules)."""
        rel = rel or path
        claimed = self.claims(rel)
        fmt = fmt or claimed or format_for(path)
        source = Source(path, file or Path(path), fmt or "", claimed is not None if known is None else known, rel)
        if fmt is None:
            return FileOutcome(skipped=True)
        extractors = self._interested(source, text)
        if not extractors:
            return FileOutcome()
        try:
            document = parse(path, text, fmt)
            document.file = file
        except ParseError as error:
            # A sniffed file that is not meant to parse as is (a Helm template) may still be read.
            recovered = [(e, e.recover(path, text)) for e in extractors] if not source.known else []
            extractors = [e for e, d in recovered if d is not None]
            if not extractors:
                doc, problem = RawDocument.from_error(path, text, error)
                return self._finish(source, doc, [InvalidDocument(doc, problem)])
            document = next(d for _, d in recovered if d is not None)
            document.file = file
        if not source.known:
            extractors = [e for e in extractors if e.accepts(document)]
            if not extractors:
                return FileOutcome(scanned=True)
        subjects: list[Subject] = []
        facts: list[Fact] = []
        errors: list[RunError] = []
        for extractor in extractors:
            try:
                for item in extractor.extract(document):
                    if isinstance(item, Subject):
                        subjects.append(item)
                    elif isinstance(item, Problem):
                        subjects.append(InvalidDocument(document, item))
                    else:  # a fact for the repository graph (lint.graph.facts)
                        facts.append(item)
            except MemoryError:  # a budget overrun, not a bug: the file as a whole is not judged
                raise
            except Exception as exc:  # an extractor bug must not lose other files
                errors.append(RunError(f"reading as {extractor.name} failed: {type(exc).__name__}: {exc}", path))
        self._mark_ai_identities(subjects, source.rel)
        self._mark_org_guardrails(subjects)
        if self.wants_facts:
            from lint.graph.collect import facts_of

            facts.extend(facts_of(subjects, errors))
        outcome = self._finish(source, document, subjects)
        outcome.errors[:0] = errors
        outcome.facts = facts if self.wants_facts else []
        return outcome

    def _repository_phase(self, facts: list[Fact], result: RunResult, texts: dict[str, str]) -> None:
        if not self.repository_ids or not facts:
            return
        from lint.graph.phase import run_repository_checks

        run_repository_checks(self, facts, result, texts)

    def _read_org_guardrails(self, sources: Sequence[Source]) -> None:
        """SCPs change how grants elsewhere are judged, so they are read first (in the parent, before workers fork)."""
        from lint.iam.org_guardrails import collect
        from lint.subjects.iam import named_as_scp

        scps = [
            (s.path, s.file, s.fmt)
            for s in sources
            if s.skip is None and ((s.fmt in ("json", "jsonc", "yaml") and named_as_scp(s.rel)) or s.fmt == "hcl")
        ]
        self.org_guardrails = collect(scps) if scps else None

    def _mark_org_guardrails(self, subjects: list[Subject]) -> None:
        if not self.org_guardrails:
            return
        from lint.subjects.iam import PolicyDocument

        for subject in subjects:
            if isinstance(subject, PolicyDocument):
                subject.org_guardrails = self.org_guardrails

    def _mark_ai_identities(self, subjects: list[Subject], rel: str) -> None:
        config = self.config
        if not (config.ai_identity_paths or config.ai_identity_names):
            return
        from lint.ai_identity import configured_reason
        from lint.subjects.iam import PolicyDocument
        from lint.subjects.identity import IamIdentity

        for subject in subjects:
            if isinstance(subject, (PolicyDocument, IamIdentity)) and subject.ai_reason is None:
                stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                subject.ai_reason = configured_reason(config, rel, [subject.name, *subject.identities, stem])

    def _finish(self, source: Source, document: Document, subjects: list[Subject]) -> FileOutcome:
        outcome = FileOutcome(scanned=True)
        findings: list[Finding] = []
        for subject in subjects:
            findings.extend(self._run_checks(subject, outcome))
        findings = _dedupe(findings)
        findings, by_config = apply_config(
            findings, source.rel, self.per_path, self.config.source.name if self.config.source else "configuration"
        )
        shape_problems: list[Problem] = []
        comments = inline_ignores(document) + _metadata_ignores(document, shape_problems)
        for problem in shape_problems:
            findings.extend(self._run_checks(InvalidDocument(document, problem), outcome))
        findings, inline = apply_inline(findings, comments, document, self.config)
        if comments:
            # ignores of repository checks are applied in phase 2, where their findings are made
            per_file = self.active_ids - self.repository_ids
            findings.extend(self._run_checks(IgnoreComments(document, comments, per_file, self.known_ids), outcome))
        outcome.findings = findings
        outcome.suppressed = by_config + inline
        # Texts of every file a location points into: this one, and others a subject was built from
        # (a Terraform data source in a sibling file, an SCP elsewhere in the tree).
        known = {document.path: document.text}
        known.update({s.document.path: s.document.text for s in subjects if s.document.path not in known})
        if self.org_guardrails:
            known.update({p: t for p, t in self.org_guardrails.texts.items() if p not in known})
        keep = self.keep_texts
        for finding in (*findings, *outcome.suppressed):
            for location in (finding.location, *finding.related):
                if location.path in known and location.path not in outcome.texts:
                    text = known[location.path]
                    outcome.texts[location.path] = text if keep or "scopelint" in text else ""
        return outcome

    def _run_checks(self, subject: Subject, outcome: FileOutcome) -> list[Finding]:
        findings = []
        generated = getattr(subject, "generated_by", None)
        for check in self.checks_for(subject):
            if generated and not check.judges_generated:
                continue
            try:
                for violation in check.check(subject):
                    findings.append(self.finding(check, subject, violation))
            except MemoryError:
                raise
            except Exception as exc:  # isolate a failing check: report it, keep going
                outcome.errors.append(
                    RunError(
                        f"check `{check.id}` failed on {subject.path}: {type(exc).__name__}: {exc}",
                        subject.path,
                        check.id,
                    )
                )
        return findings

    def finding(self, check: Check, subject: Subject, violation: Violation) -> Finding:
        document = violation.document or subject.document
        location = _locate(document, violation.at, violation.key)
        related = tuple(
            _locate(r.document or document, r.at, r.key, r.note) for r in violation.related
        )
        flow = tuple(_locate(r.document or document, r.at, r.key, r.note) for r in violation.flow)
        severity = self.severity_overrides.get(check.id, violation.severity or check.severity)
        if isinstance(violation.at, Location):
            # A repository finding: keyed by every hop, so the same agent reaching the same grant
            # by the same path is one finding across runs, wherever its lines move.
            key = "\0".join(f"{hop.path}#{hop.pointer}" for hop in (location, *flow))
        else:
            pointer = violation.at if isinstance(violation.at, str) else f"@{violation.at.start_line}:{violation.at.start_col}"
            key = f"{document.path}\0{pointer}"
        from hashlib import sha256  # only runs with findings; keeps OpenSSL off clean runs

        digest = sha256(f"{check.id}\0{key}".encode()).hexdigest()[:32]
        return Finding(
            check_id=check.id,
            message=violation.message,
            severity=severity,
            confidence=violation.confidence or check.confidence,
            location=location,
            related=related,
            fingerprint=digest,
            flow=flow,
            data=dict(violation.data) if violation.data else None,
        )


def _locate(document: Document | None, at: str | Span | Location, key: bool, note: str = "") -> Location:
    if isinstance(at, Location):
        return at if not note or at.note == note else Location(at.path, at.span, at.pointer, note)
    assert document is not None, "a pointer needs the document it points into"
    if isinstance(at, Span):
        return Location(document.path, at, "", note)
    span = document.locate_key(at) if key else document.locate(at)
    return Location(document.path, span, at, note)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop exact repeats; give repeated logical keys distinct fingerprints."""
    seen: set[tuple] = set()
    counts: dict[str, int] = defaultdict(int)
    out = []
    for finding in findings:
        key = (finding.check_id, finding.location, finding.message)
        if key in seen:
            continue
        seen.add(key)
        counts[finding.fingerprint] += 1
        if counts[finding.fingerprint] > 1:
            from dataclasses import replace

            finding = replace(finding, fingerprint=f"{finding.fingerprint}:{counts[finding.fingerprint]}")
        out.append(finding)
    return out


def _expand_per_path(per_path: dict[str, list[str]], checks: Sequence[type[Check]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for glob, names in per_path.items():
        out[glob] = {c.id for c in select_checks(checks, names)}
    return out


def _metadata_ignores(document: Document, problems: list[Problem]) -> list:
    """Ignores in a CloudFormation template's `Metadata`; the template reader is imported only for one."""
    data = document.data
    if not (isinstance(data, dict) and "Resources" in data and "scopelint" in document.text):
        return []
    from lint.subjects.cloudformation import metadata_ignores

    return metadata_ignores(document, problems)


def usable_cpus() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
