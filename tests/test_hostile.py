"""A repository written by an attacker: scopelint stays bounded, names what it skipped, loses nothing.

The hostile tree is generated here (no committed binaries): FIFOs, sockets, symlinks out of the scan
root and in loops, oversized and UTF-16 files, files shaped to cost minutes or gigabytes, nesting
that overflows recursive parsers, integers past Python's digit limit, wrong shapes. Beside them sits
a known-bad policy that must still be reported. The real CLI runs over it as a subprocess under a
timeout, with its peak memory measured.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lint.discover import Source, Unreadable, decode, discover, read_bounded
from lint.document import ParseError
from lint.formats import parse
from lint.runner import Engine

ADMIN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
SAFE = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}'
OUTSIDE = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'
CDK_HEAD = "from aws_cdk import aws_iam as iam\n"


def cdk_many_statements(count: int = 20_000) -> str:
    lines = [CDK_HEAD.rstrip(), 'role = iam.Role(self, "R", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))']
    lines += [
        f'role.add_to_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::b/k{i}"]))'
        for i in range(count)
    ]
    return "\n".join(lines) + "\n"


def _has_fork() -> bool:
    return hasattr(os, "fork")


#: file -> content of every hostile file that is an ordinary file (FIFOs, sockets, links are made apart).
HOSTILE_FILES: dict[str, str | bytes] = {
    "cdk/app.py": cdk_many_statements(),  # 2 MB, 20,000 add_to_policy calls
    "cdk/deep.py": CDK_HEAD + "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",  # libcst: segfault
    "cdk/chain.py": CDK_HEAD + "x = a" + ".b" * 20_000 + "\n",  # libcst: cubic time
    "cdk/lists.py": CDK_HEAD + "x = " + "[" * 1000 + "]" * 1000 + "\n",  # libcst: RecursionError, 1 GB
    "cdk/lambdas.py": CDK_HEAD + "x = " + "lambda: " * 5000 + "1\n",  # libcst: native crash, no bracket in sight
    "infra/main.tf": "locals { x = [" + "1," * 2_400_000 + "1] }",  # 4.9 MB on one line
    "infra/deep/main.tf": "locals {\n  x = " + "[" * 300 + "]" * 300 + "\n}\n",  # beyond the nesting bound
    "scripts/run.sh": "claude -p x; " * 300_000,  # 4 MB on one line, 300,000 agent commands
    "policies/bigint.json": '{"Statement": [], "Size": ' + "9" * 5000 + "}",
    "policies/bigint.yaml": "Statement: []\nSize: " + "9" * 5000 + "\n",
    "policies/deep.json": '{"Statement": ' + "[" * 50_000 + "]" * 50_000 + "}",
    "policies/deep.yaml": "Statement: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "policies/many.json": '{"Statement": [' + "{}," * 1_600_000 + "{}]}",  # a million statements: 1 GB
    "policies/control.yaml": 'Sid: "été"\nStatement:\n  - Effect: Allow\n    Action: "s3:\x07"\n',
    "policies/utf16.json": ADMIN.encode("utf-16"),
    "policies/oversized.json": '{"Statement": [], "Pad": "' + "x" * (6 * 1024 * 1024) + '"}',
    ".codex/config.toml": "model = " + "[" * 500 + "]" * 500 + "\n",
    "stack/template.yaml": (
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Deployer:\n    Type: AWS::IAM::Role\n"
        "    Metadata:\n      scopelint:\n        ignore: [1]\n    Properties:\n"
        "      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
        "          - Effect: Allow\n            Principal: {Service: lambda.amazonaws.com}\n"
        "            Action: sts:AssumeRole\n"
    ),
    "tf/main.tf": 'resource "aws_iam_policy" "admin" {\n  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "*", Resource = "*"}]})\n}\n',
    "tf/load.tf": 'resource "aws_iam_policy" "loaded" {\n  policy = file("./pipe.json")\n}\n',
    "zz-admin.json": ADMIN,
}

#: (path, check id, line, column, message start) of every located finding the tree must produce.
EXPECTED_PROBLEMS = [
    (".claude/settings.json", "invalid-document", 1, 1, "not a regular file (a FIFO): not opened"),
    (".codex/config.toml", "invalid-document", 1, 109, "invalid TOML: nesting deeper than 100 levels"),
    ("cdk/app.py", "invalid-document", 1, 1, "Python file of 2000 KB is larger than the 256 KB scopelint parses"),
    ("cdk/chain.py", "invalid-document", 2, 6, "invalid Python: a chain of more than 200 attributes"),
    ("cdk/deep.py", "invalid-document", 2, 105, "invalid Python: nesting deeper than 100 levels"),
    ("cdk/lambdas.py", "invalid-document", 1, 1, "cannot read python: the process reading it was killed by SIG"),
    ("cdk/lists.py", "invalid-document", 2, 105, "invalid Python: nesting deeper than 100 levels"),
    ("infra/deep/main.tf", "invalid-document", 2, 106, "invalid HCL: nesting deeper than 100 levels"),
    ("infra/main.tf", "invalid-document", 1, 1, "HCL file of about 2,400,003 tokens is more than the 300,000 scopelint parses: not judged"),
    ("policies/bigint.json", "invalid-document", 1, 27, "invalid JSON: a number of 5000 digits (more than 4300)"),
    ("policies/control.yaml", "invalid-document", 4, 17, "invalid YAML: character U+0007 is not allowed"),
    ("policies/deep.json", "invalid-document", 1, 514, "invalid JSON: nesting deeper than 500 levels"),
    ("policies/deep.yaml", "invalid-document", 1, 512, "invalid YAML: nesting deeper than 500 levels"),
    ("policies/utf16.json", "iam-admin-wildcard", 1, 41, "`Allow` statement grants every action"),
    ("stack/template.yaml", "invalid-document", 7, 18, "ignore entry of resource `Deployer` must be a check id"),
    ("tf/main.tf", "iam-admin-wildcard", 2, 61, "`Allow` statement grants every action"),
    ("tf/pipe.tf", "invalid-document", 1, 1, "not a regular file (a FIFO): not opened"),
    ("zz-admin.json", "iam-admin-wildcard", 1, 41, "`Allow` statement grants every action"),
]

#: Files that cost the run its per-file time or memory budget (and the 2 MB CDK app, refused by size).
HEAVY = frozenset({"cdk/app.py", "scripts/run.sh", "policies/many.json"})

#: (path, reason start) of every file the run names as not judged.
EXPECTED_SKIPS = [
    (".claude/settings.json", "not a regular file (a FIFO)"),
    ("links/device.json", "symlink to a file outside the scanned folder"),
    ("links/leak.json", "symlink to a file outside the scanned folder"),
    ("links/loop-a.json", "symlink loop"),
    ("links/loop-b.json", "symlink loop"),
    ("links/outside", "symlink to a folder outside the scanned folder"),
    ("links/self", "symlink loop: points to a folder that contains it"),
    ("pipes/fifo.json", "not a regular file (a FIFO)"),
    ("pipes/s.json", "not a regular file (a socket)"),
    ("policies/many.json", "not judged: reading it"),
    ("policies/oversized.json", "file is larger than 5 MB"),
    ("tf/pipe.json", "not a regular file (a FIFO)"),
    ("tf/pipe.tf", "not a regular file (a FIFO)"),
]


def build_hostile_tree(base: Path, *, fillers: int = 0, heavy: bool = True) -> Path:
    """The hostile repository under `base/repo` (and a folder beside it that links point to);
    without the `HEAVY` files, which take their full time budget, unless `heavy`."""
    root = base / "repo"
    outside = base / "outside"
    outside.mkdir(parents=True)
    (outside / "secret.json").write_text(OUTSIDE)
    for name, content in HOSTILE_FILES.items():
        if name in HEAVY and not heavy:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / ".claude").mkdir()
    os.mkfifo(root / ".claude" / "settings.json")  # a known location that would block a reader forever
    (root / "pipes").mkdir()
    os.mkfifo(root / "pipes" / "fifo.json")
    os.mkfifo(root / "tf" / "pipe.tf")  # a Terraform module's sibling file, read with every other .tf
    os.mkfifo(root / "tf" / "pipe.json")  # the target of a `file()` call
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "pipes" / "s.json"))
    server.close()  # the socket file stays
    links = root / "links"
    links.mkdir()
    (links / "device.json").symlink_to("/dev/zero")  # endless bytes, size 0
    (links / "leak.json").symlink_to(outside / "secret.json")
    (links / "loop-a.json").symlink_to(links / "loop-b.json")
    (links / "loop-b.json").symlink_to(links / "loop-a.json")
    (links / "outside").symlink_to(outside, target_is_directory=True)
    (links / "self").symlink_to(root, target_is_directory=True)
    (links / "inside.json").symlink_to(root / "zz-admin.json")  # inside the root: the same file, once
    for i in range(fillers):  # enough files for the parallel path
        filler = root / "filler" / f"p{i:03}.json"
        filler.parent.mkdir(exist_ok=True)
        filler.write_text(SAFE)
    return root


@pytest.mark.skipif(not _has_fork() or sys.platform != "linux", reason="FIFOs, sockets and memory measures as on Linux")
def test_hostile_repository_with_the_real_cli(tmp_path: Path):
    from lint.runner import PARALLEL_THRESHOLD

    root = build_hostile_tree(tmp_path, fillers=PARALLEL_THRESHOLD)
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    started = time.monotonic()
    from tests.conftest import run_measured

    result, peak_mb = run_measured([sys.executable, "-m", "lint", "check", "--format", "json", "."], cwd=root, env=environment, timeout=300)
    elapsed = time.monotonic() - started
    # the native crash on cdk/lambdas.py is an internal error (exit 2); every finding is still written
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert [(e["path"], e["message"].split(" was killed")[0]) for e in report["errors"]] == [
        ("cdk/lambdas.py", "reading cdk/lambdas.py failed: the process reading it")
    ]
    found = [(f["path"], f["check_id"], f["line"], f["column"], f["message"]) for f in report["findings"]]
    for path, check, line, column, message in EXPECTED_PROBLEMS:
        assert any(
            f[:4] == (path, check, line, column) and f[4].startswith(message) for f in found
        ), (path, check, line, column, message, [f for f in found if f[0] == path])
    paths = {f[0] for f in found}
    assert "links/leak.json" not in paths and not any(p.startswith("links/outside") for p in paths)
    assert not any(p.startswith("filler/") for p in paths)  # safe policies stay quiet
    assert sum(1 for f in found if f[1] == "iam-admin-wildcard" and f[0] in ("zz-admin.json", "links/inside.json")) == 1
    # every skip is counted in the summary; those at known locations are also located problems
    assert report["summary"]["files_skipped"] == len(EXPECTED_SKIPS)
    assert peak_mb < 500
    assert elapsed < 300


@pytest.mark.skipif(not _has_fork() or sys.platform != "linux", reason="FIFOs and sockets as on Linux")
def test_hostile_repository_names_every_skipped_file(tmp_path: Path, all_checks):
    root = build_hostile_tree(tmp_path, heavy=False)
    engine = Engine(all_checks)
    result, _ = engine.run_paths([root], cwd=root)
    skipped = dict(result.skipped_files)
    assert len(skipped) == len(result.skipped_files)
    for path, reason in EXPECTED_SKIPS:
        if path in HEAVY:
            assert path not in skipped
            continue
        assert path in skipped, (path, sorted(skipped))
        assert skipped[path].startswith(reason), (path, skipped[path])
    assert [e.path for e in result.errors] == ["cdk/lambdas.py"]


# --- discovery and reading, case by case -------------------------------------------------------


def _sources(root: Path, claims=lambda path: None) -> dict[str, Source]:
    return {s.path: s for s in discover([root], cwd=root, root=root, claims=claims)}


def test_fifo_and_socket_are_named_not_opened(tmp_path: Path):
    os.mkfifo(tmp_path / "fifo.json")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "s.yaml"))
    server.close()
    sources = _sources(tmp_path)
    assert sources["fifo.json"].skip == "not a regular file (a FIFO): not opened"
    assert sources["s.yaml"].skip == "not a regular file (a socket): not opened"


def test_read_bounded_never_blocks_on_a_fifo(tmp_path: Path):
    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)
    with pytest.raises(Unreadable, match="a FIFO"):
        read_bounded(fifo)


def test_read_bounded_checks_the_type_not_the_size():
    with pytest.raises(Unreadable, match="a character device"):
        read_bounded(Path("/dev/zero"))  # reports size 0 and never ends


def test_read_bounded_stops_past_the_limit(tmp_path: Path):
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 101)
    with pytest.raises(Unreadable, match="larger than"):
        read_bounded(big, limit=100)
    assert read_bounded(big, limit=101) == b"x" * 101


def test_symlinks_stay_inside_the_scan_root(tmp_path: Path):
    root, outside = tmp_path / "repo", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (outside / "p.json").write_text(OUTSIDE)
    (root / "real.json").write_text(ADMIN)
    (root / "leak.json").symlink_to(outside / "p.json")
    (root / "alias.json").symlink_to(root / "real.json")
    (root / "dev.json").symlink_to("/dev/zero")
    (root / "ext").symlink_to(outside, target_is_directory=True)
    sources = _sources(root)
    assert sources["leak.json"].skip == "symlink to a file outside the scanned folder: not followed"
    assert sources["dev.json"].skip == "symlink to a file outside the scanned folder: not followed"
    assert sources["ext"].skip == "symlink to a folder outside the scanned folder: not followed"
    assert sources["real.json"].skip is None and "alias.json" not in sources  # a second name of real.json
    assert not any(path.startswith("ext/") for path in sources)


def test_paths_given_by_name(tmp_path: Path):
    os.mkfifo(tmp_path / "named.json")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    sources = {s.path: s for s in discover([tmp_path / "named.json", tmp_path / "loop.json", Path("/dev/null")], cwd=tmp_path, root=tmp_path)}
    assert sources["named.json"].skip == "not a regular file (a FIFO): not opened"
    assert sources["loop.json"].skip == "symlink loop: not followed"
    assert sources["/dev/null"].skip == "not a regular file (a character device): not opened"


def test_excluded_folders_behind_symlinks_stay_quiet(tmp_path: Path, all_checks):
    outside = tmp_path / "opt-venv"
    outside.mkdir()
    (outside / "p.json").write_text(ADMIN)
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".venv").symlink_to(outside, target_is_directory=True)
    (root / "node_modules").symlink_to(outside, target_is_directory=True)
    result, _ = Engine(all_checks).run_paths([root], cwd=root)
    assert result.skipped_files == [] and result.findings == []


def test_link_at_a_known_location_is_read_there(tmp_path: Path, all_checks):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "claude.json").write_text('{"permissions": {"defaultMode": "bypassPermissions"}}')
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").symlink_to(tmp_path / "shared" / "claude.json")
    result, _ = Engine(all_checks).run_paths([tmp_path], cwd=tmp_path)
    assert [(f.check_id, f.location.path) for f in result.findings] == [("agent-permission-bypass-mode", ".claude/settings.json")]


def test_symlink_loops_are_reported(tmp_path: Path):
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    sources = _sources(tmp_path)
    assert sources["a.json"].skip == sources["b.json"].skip == "symlink loop: not followed"
    assert sources["sub/up"].skip == "symlink loop: points to a folder that contains it, not followed"


def test_unreadable_folder_is_named(tmp_path: Path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "p.json").write_text(ADMIN)
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    sources = _sources(tmp_path)
    assert sources["locked"].skip == "cannot read folder: Permission denied"


def test_unreadable_folder_reaches_the_result(tmp_path: Path, monkeypatch, all_checks):
    (tmp_path / "locked").mkdir()
    (tmp_path / "p.json").write_text(ADMIN)
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: (_ for _ in ()).throw(PermissionError(13, "Permission denied")) if str(path).endswith("locked") else real(path))
    result, _ = Engine(all_checks).run_paths([tmp_path], cwd=tmp_path)
    assert ("locked", "cannot read folder: Permission denied") in result.skipped_files
    assert [f.check_id for f in result.findings] == ["iam-admin-wildcard"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_named(tmp_path: Path, all_checks):
    locked = tmp_path / "p.json"
    locked.write_text(ADMIN)
    locked.chmod(0)
    result, _ = Engine(all_checks).run_paths([tmp_path], cwd=tmp_path)
    assert result.skipped_files == [("p.json", "cannot read file: Permission denied")]


def test_device_given_on_the_command_line_is_not_read(tmp_path: Path, all_checks):
    result, _ = Engine(all_checks).run_paths([Path("/dev/zero")], cwd=tmp_path)
    assert result.skipped_files == [("/dev/zero", "not a regular file (a character device): not opened")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_byte_order_marks(encoding: str, tmp_path: Path, all_checks):
    raw = ADMIN.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    assert decode(raw)[0] == ADMIN
    (tmp_path / "p.json").write_bytes(raw)
    result, _ = Engine(all_checks).run_paths([tmp_path], cwd=tmp_path)
    assert [(f.check_id, f.location.span.start_line, f.location.span.start_col) for f in result.findings] == [("iam-admin-wildcard", 1, 41)]


def test_broken_utf16_is_located(tmp_path: Path, all_checks):
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").write_bytes(b"\xff\xfe{\x00\x00\xd8")  # a lone surrogate
    result, _ = Engine(all_checks).run_paths([tmp_path], cwd=tmp_path)
    assert [f.message for f in result.findings] == ["file is not valid UTF-16 (byte 0x00)"]


# --- parsers: located problems, never a traceback ----------------------------------------------


@pytest.mark.parametrize(
    ("path", "text", "fmt", "expected"),
    [
        ("p.json", '{"a": ' + "1" * 4301 + "}", "json", ("invalid JSON: a number of 4301 digits (more than 4300)", 1, 7)),
        ("p.json", '{"a":\n ' + "[" * 501 + "]" * 501 + "}", "json", ("invalid JSON: nesting deeper than 500 levels", 2, 501)),
        ("c.toml", "a = " + "9" * 5000 + "\n", "toml", ("invalid TOML: a number of 5000 digits (more than 4300)", 1, 5)),
        ("c.toml", "a = " + "[" * 500 + "]" * 500 + "\n", "toml", ("invalid TOML: nesting deeper than 100 levels", 1, 105)),
        ("c.toml", "a = " + "{b = " * 500 + "1" + "}" * 500 + "\n", "toml", ("invalid TOML: nesting deeper than 100 levels", 1, 505)),
        ("m.tf", "locals {\n  x = " + "[" * 300 + "]" * 300 + "\n}\n", "hcl", ("invalid HCL: nesting deeper than 100 levels", 2, 106)),
        ("p.yaml", "a:\n  b: " + "[" * 501 + "]" * 501 + "\n", "yaml", ("invalid YAML: nesting deeper than 500 levels", 2, 506)),
        ("p.yaml", "- " * 150 + "x\n", "yaml", None),  # deep in blocks: parsed
        ("p.yaml", "- " * 600 + "x\n", "yaml", ("invalid YAML: nesting deeper than 500 levels", 1, 1003)),
        ("p.yaml", "a: 😀\nb: \x07\n", "yaml", ("invalid YAML: character U+0007 is not allowed (control characters are not allowed)", 2, 4)),
        ("a.py", "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n", "python", ("invalid Python: nesting deeper than 100 levels", 1, 105)),
        ("a.py", "x = a" + ".b" * 300 + "\n", "python", ("invalid Python: a chain of more than 200 attributes is not parsed", 1, 6)),
    ],
)
def test_hostile_shapes_are_located_parse_errors(path: str, text: str, fmt: str, expected):
    if expected is None:
        parse(path, text, fmt)
        return
    with pytest.raises(ParseError) as caught:
        parse(path, text, fmt)
    assert (caught.value.message, caught.value.line, caught.value.col) == expected


def test_nesting_check_is_linear():
    from lint.document import check_nesting

    started = time.monotonic()
    check_nesting("[" + "[1]," * 1_000_000 + "]", "JSON")  # many brackets, shallow
    with pytest.raises(ParseError):
        check_nesting("[" * 2_000_000 + "]" * 2_000_000, "JSON")
    assert time.monotonic() - started < 10


def test_yaml_integers_past_the_digit_limit_stay_text():
    document = parse("p.yaml", "Statement: []\nSize: " + "9" * 5000 + "\n", "yaml")
    assert document.data["Size"] == "9" * 5000


def test_wrong_metadata_ignore_shapes_are_located(all_checks):
    template = (
        "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Metadata:\n      scopelint:\n"
        "        ignore: [1, {id: 2}, iam-admin-wildcard, {id: iam-resource-star, reason: ok}]\n"
        "    Properties:\n      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}\n"
        "  Other:\n    Type: AWS::IAM::Role\n    Metadata:\n      scopelint: [oops]\n"
        "    Properties:\n      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}\n"
    )
    outcome = Engine(all_checks).lint_text("template.yaml", template)
    problems = [(f.location.span.start_line, f.location.span.start_col, f.message) for f in outcome.findings if f.check_id == "invalid-document"]
    assert problems == [
        (6, 18, "ignore entry of resource `Role` must be a check id or `{id, reason}`, not a number; it ignores nothing"),
        (6, 21, "ignore entry of resource `Role` must be a check id or `{id, reason}`, not an object; it ignores nothing"),
        (12, 18, "`Metadata.scopelint` of resource `Other` must be `{ignore: [check ids or {id, reason}]}`; it ignores nothing"),
    ]
    assert not outcome.errors


# --- processes: crashes, overruns and dead workers ---------------------------------------------

needs_fork = pytest.mark.skipif(not _has_fork(), reason="isolation forks")


@needs_fork
def test_run_isolated_returns_raises_and_survives():
    from lint.isolation import run_isolated

    assert run_isolated(lambda: {"a": [1, 2]}, lambda reason: reason) == {"a": [1, 2]}
    with pytest.raises(RuntimeError, match="ValueError: boom"):
        run_isolated(lambda: (_ for _ in ()).throw(ValueError("boom")), lambda reason: reason)
    assert run_isolated(lambda: os.kill(os.getpid(), signal.SIGSEGV), lambda reason: reason) == "was killed by SIGSEGV"
    started = time.monotonic()
    assert run_isolated(lambda: time.sleep(60), lambda reason: reason, timeout=0.5).startswith("took longer than its time budget")
    assert time.monotonic() - started < 10


@needs_fork
@pytest.mark.skipif(sys.platform != "linux", reason="memory budget uses RLIMIT_AS as on Linux")
def test_run_isolated_memory_budget():
    from lint.isolation import run_isolated

    reason = run_isolated(lambda: len(bytearray(400 * 1024 * 1024)), lambda reason: reason, memory=64 * 1024 * 1024)
    assert reason.startswith("needed more than its memory budget (64 MB)")


@needs_fork
def test_a_dead_worker_never_hangs_the_parallel_run(tmp_path: Path, all_checks):
    from lint.runner import PARALLEL_THRESHOLD

    for i in range(PARALLEL_THRESHOLD + 20):
        (tmp_path / f"p{i:03}.json").write_text(SAFE)
    (tmp_path / "zz-admin.json").write_text(ADMIN)

    class KilledOnOneFile(Engine):
        def lint_source(self, source):
            if source.path == "p200.json":
                os.kill(os.getpid(), signal.SIGKILL)
            return super().lint_source(source)

    engine = KilledOnOneFile(all_checks)
    started = time.monotonic()
    result, _ = engine.run_paths([tmp_path], cwd=tmp_path)
    assert time.monotonic() - started < 120
    assert [e.message for e in result.errors] == ["reading p200.json failed: the process reading it was killed by SIGKILL"]
    assert [(f.check_id, f.location.path) for f in result.findings] == [
        ("invalid-document", "p200.json"),
        ("iam-admin-wildcard", "zz-admin.json"),
    ]
    assert result.files_scanned == PARALLEL_THRESHOLD + 21


@needs_fork
def test_internal_error_exits_2_with_other_findings(cli, tmp_path: Path):
    """A crash while reading one file: exit 2, the file named, every other finding still written."""
    (tmp_path / "app.py").write_text(CDK_HEAD + "s = iam.PolicyStatement(actions=['*'], resources=['*'])\n")
    (tmp_path / "zz-admin.json").write_text(ADMIN)
    (tmp_path / "crash.py").write_text(
        "import os, signal, sys\n"
        "sys.path.insert(0, os.getcwd())\n"
        "import lint.formats.python as python\n"
        "def native_parse(text):\n"  # the native parser crashing, as libcst does on deep input
        "    if 'PolicyStatement' in text:\n"
        "        os.kill(os.getpid(), signal.SIGSEGV)\n"
        "python.native_parse = native_parse\n"
        "from lint.cli import main\n"
        "sys.exit(main(['check', '--quiet', '.']))\n"
    )
    result = subprocess.run([sys.executable, "crash.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "app.py: error: reading app.py failed: the process reading it was killed by SIGSEGV" in result.stdout
    assert "app.py:1:1: MEDIUM invalid-document cannot read python: the process reading it was killed by SIGSEGV" in result.stdout
    assert "zz-admin.json:1:41: CRITICAL iam-admin-wildcard" in result.stdout


def test_engine_bug_on_one_file_is_an_error_not_a_traceback(tmp_path: Path, all_checks, monkeypatch):
    (tmp_path / "a.json").write_text(ADMIN)
    (tmp_path / "b.json").write_text(ADMIN)
    engine = Engine(all_checks)
    real = engine._lint_bytes

    def failing(source, raw):
        if source.path == "a.json":
            raise KeyError("surprise")
        return real(source, raw)

    monkeypatch.setattr(engine, "_lint_bytes", failing)
    result, _ = engine.run_paths([tmp_path], cwd=tmp_path)
    assert [e.message for e in result.errors] == ["internal error reading a.json: KeyError: 'surprise'"]
    assert [f.location.path for f in result.findings] == ["b.json"]


# --- time per file, however the 5 MB are shaped ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("scripts/run.sh", "claude --dangerously-skip-permissions; " * 100_000),
        ("scripts/echo.sh", 'echo "' + "claude " * 500_000 + '"'),
        ("cdk/app.py", cdk_many_statements()),
    ],
)
def test_large_inputs_finish_in_seconds(name: str, text: str, tmp_path: Path, all_checks):
    target = tmp_path / name
    target.parent.mkdir(parents=True)
    target.write_text(text)
    started = time.monotonic()
    result, _ = Engine(all_checks).run_paths([tmp_path], cwd=tmp_path)
    assert time.monotonic() - started < 30
    assert not result.errors
    if name == "scripts/run.sh":  # one finding per agent command and flag on a line, not 100,000
        assert [(f.check_id, f.location.span.start_col) for f in result.findings] == [("agent-cli-trust-flags", 8)]


def test_repository_phase_failure_keeps_file_findings(tmp_path: Path, all_checks, monkeypatch):
    (tmp_path / "p.json").write_text(ADMIN)
    engine = Engine(all_checks)
    monkeypatch.setattr(engine, "_repository_phase", lambda facts, result, texts: (_ for _ in ()).throw(ValueError("join")))
    result, _ = engine.run_paths([tmp_path], cwd=tmp_path)
    assert [e.message for e in result.errors] == ["internal error in the repository checks: ValueError: join"]
    assert [f.check_id for f in result.findings] == ["iam-admin-wildcard"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_files_read_for_other_files_are_read_bounded(tmp_path: Path):
    """Readers that open a second file (a module's sibling `.tf`, a referenced OpenAPI schema, a called
    workflow, a GitLab include, a Kubernetes role's folder, a Python module an agent imports, a
    repository finding's file) meet a FIFO there: the run ends, the admin policy is still reported."""
    root = tmp_path / "repo"
    (root / "infra").mkdir(parents=True)
    (root / "infra" / "agent.tf").write_text(
        'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role = "arn:aws:iam::123456789012:role/fn"\n}\n'
    )
    os.mkfifo(root / "infra" / "zz.tf")
    (root / "schemas").mkdir()
    (root / "schemas" / "tools.yaml").write_text(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      operationId: run\n"
        "      requestBody:\n        content:\n          application/json:\n            schema: {$ref: './fifo.yaml#/Body'}\n"
    )
    os.mkfifo(root / "schemas" / "fifo.yaml")
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "caller.yml").write_text(
        "on: push\njobs:\n  call:\n    uses: ./.github/workflows/called.yml\n    secrets: inherit\n"
    )
    os.mkfifo(root / ".github" / "workflows" / "called.yml")
    (root / ".gitlab-ci.yml").write_text("include:\n  - local: ci/fifo.yml\ndeploy:\n  script: [terraform apply]\n")
    (root / "ci").mkdir()
    os.mkfifo(root / "ci" / "fifo.yml")
    (root / "rbac").mkdir()
    (root / "rbac" / "binding.yaml").write_text(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ci, namespace: ci}\n"
        "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}\n"
        "subjects: [{kind: ServiceAccount, name: ci, namespace: ci}]\n"
    )
    os.mkfifo(root / "rbac" / "role.yaml")
    (root / "agent.py").write_text("from langchain.agents import AgentExecutor\nfrom helpers import wipe\n\nagent = AgentExecutor(tools=[wipe])\n")
    os.mkfifo(root / "helpers.py")
    (root / "admin.json").write_text(ADMIN)
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(
        [sys.executable, "-m", "lint", "check", "--format", "json", "."],
        cwd=root, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert any(f["path"] == "admin.json" and f["check_id"] == "iam-admin-wildcard" for f in report["findings"])
