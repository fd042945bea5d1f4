"""What a Python function does: shell, code, files, cloud, network, followed across calls and modules."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst
import pytest

from lint.pyeffects import Effect, ModuleIndex, boto3_risk, effects_of


def _index(source: str, path: str = "tools.py", file: Path | None = None, root: Path | None = None) -> ModuleIndex:
    module = libcst.parse_module(textwrap.dedent(source))
    return ModuleIndex(module, path, file=file, root=root)


def _effects(source: str, function: str = "tool", **kw) -> list[Effect]:
    index = _index(source, **kw)
    return effects_of(index.functions[function], index)


def _summary(effects: list[Effect]) -> list[tuple[str, int, int, bool]]:
    return [(e.kind, e.span.start_line, e.span.start_col, e.from_arguments) for e in effects]


def test_shell_true_with_model_command_is_shell_from_arguments():
    effects = _effects('''
        import subprocess as sp

        def tool(command: str) -> str:
            out = sp.run(command, shell=True, capture_output=True)
            return out.stdout
    ''')
    assert _summary(effects) == [("shell", 5, 11, True)]
    assert "subprocess.run" in effects[0].detail


def test_fixed_commands_are_not_effects_but_destructive_literals_are():
    effects = _effects('''
        import subprocess, os

        def tool(name):
            subprocess.run(["git", "status"])
            subprocess.run("ls -la", shell=True)
            subprocess.run(["terraform", "destroy", "-auto-approve"])
            os.system("rm -rf /tmp/build")
    ''')
    assert [(e.kind, e.span.start_line) for e in effects] == [("cloud-destructive", 7), ("delete-files", 8)]
    assert "terraform destroy" in effects[0].detail


def test_shell_argv_and_program_chosen_at_run_time():
    effects = _effects('''
        import subprocess, shlex

        def tool(cmd):
            subprocess.check_output(["bash", "-c", cmd])
            subprocess.Popen(shlex.split(cmd))
    ''')
    assert _summary(effects) == [("shell", 5, 5, True), ("shell", 6, 5, True)]


def test_code_evaluation_only_for_computed_code():
    effects = _effects('''
        def tool(source):
            eval("1 + 1")
            exec(source, {})
    ''')
    assert _summary(effects) == [("code", 4, 5, True)]


def test_files_deleted_and_written():
    effects = _effects('''
        import os, shutil
        from pathlib import Path

        def tool(path, text):
            Path(path).unlink()
            shutil.rmtree(path)
            with open(path, "w") as f:
                f.write(text)
            Path(path).write_text(text)
            with open(path) as f:
                return f.read()
    ''')
    assert [e.kind for e in effects] == ["delete-files", "delete-files", "write-files", "write-files"]
    assert all(e.from_arguments for e in effects)


def test_boto3_clients_map_to_iam_actions():
    effects = _effects('''
        import boto3

        ec2 = boto3.client("ec2")

        def tool(instance_id):
            ec2.terminate_instances(InstanceIds=[instance_id])
            ec2.describe_instances()
            iam = boto3.Session(profile_name="ops").client("iam")
            iam.attach_role_policy(RoleName="x", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
            rds = boto3.client("rds")
            rds.delete_db_cluster(DBClusterIdentifier="prod")
    ''')
    assert [(e.kind, e.actions, e.from_arguments) for e in effects] == [
        ("cloud-destructive", ("ec2:TerminateInstances",), True),
        ("cloud-escalation", ("iam:AttachRolePolicy",), False),
        ("cloud-destructive", ("rds:DeleteDBCluster",), False),
    ]


def test_boto3_risk_catalogue():
    assert boto3_risk("ec2", "terminate_instances") == ("cloud-destructive", ("ec2:TerminateInstances",))
    assert boto3_risk("s3", "delete_bucket")[0] == "cloud-destructive"
    assert boto3_risk("s3", "get_object") == (None, ())
    assert boto3_risk("iam", "create_access_key") == ("cloud-escalation", ("iam:CreateAccessKey",))
    assert boto3_risk("?", "delete_stack") == ("cloud-destructive", ())


def test_self_client_and_helper_returning_client():
    index = _index('''
        import boto3

        def make_client(service):
            return boto3.client(service)

        class Ops:
            def __init__(self):
                self.cfn = boto3.client("cloudformation")

            def tool(self, stack):
                self.cfn.delete_stack(StackName=stack)
                db = make_client("dynamodb")
                db.delete_table(TableName=stack)
    ''')
    method = index.methods[id(index.classes["Ops"])]["tool"]
    effects = effects_of(method, index)
    assert [(e.kind, e.actions, e.from_arguments) for e in effects] == [
        ("cloud-destructive", ("cloudformation:DeleteStack",), True),
        ("cloud-destructive", (), True),
    ]


def test_calls_followed_within_module_with_taint():
    effects = _effects('''
        import subprocess

        def _run(command, cwd):
            return subprocess.run(command, shell=True, cwd=cwd)

        def _fixed():
            return _run("make clean", "/tmp")

        def tool(cmd):
            _fixed()
            return _run(cmd, "/srv")
    ''')
    assert _summary(effects) == [("shell", 5, 12, True)]
    assert effects[0].via == ("_run",)


def test_calls_followed_into_repository_modules(tmp_path):
    pkg = tmp_path / "app"
    (pkg / "ops").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "ops" / "__init__.py").write_text("")
    (pkg / "ops" / "cleanup.py").write_text("import shutil\n\ndef wipe(folder):\n    shutil.rmtree(folder)\n")
    (pkg / "util.py").write_text("import os\n\ndef sh(c):\n    return os.system(c)\n")
    source = "from .ops.cleanup import wipe\nfrom app import util\n\ndef tool(path, cmd):\n    wipe(path)\n    util.sh(cmd)\n"
    (pkg / "agent.py").write_text(source)
    index = _index(source, path="app/agent.py", file=pkg / "agent.py", root=tmp_path)
    effects = effects_of(index.functions["tool"], index)
    assert [(e.kind, e.path, e.span.start_line, e.via, e.from_arguments) for e in effects] == [
        ("delete-files", "app/ops/cleanup.py", 4, ("wipe",), True),
        ("shell", "app/util.py", 4, ("sh",), True),
    ]


def test_modules_outside_root_are_never_read(tmp_path):
    outside = tmp_path / "outside.py"
    outside.write_text("import os\ndef f(c):\n    os.system(c)\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    source = "from outside import f\n\ndef tool(c):\n    f(c)\n"
    index = _index(source, path="agent.py", file=repo / "agent.py", root=repo)
    assert effects_of(index.functions["tool"], index) == []


def test_recursion_is_bounded():
    effects = _effects('''
        import os

        def a(x):
            b(x)

        def b(x):
            a(x)
            os.remove(x)

        def tool(x):
            a(x)
    ''')
    assert [(e.kind, e.via) for e in effects] == [("delete-files", ("a", "b"))]


@pytest.mark.parametrize("call", ["requests.post(url, json=body)", "httpx.get(url)", "urllib.request.urlopen(url)"])
def test_network(call):
    effects = _effects(f"import requests, httpx, urllib.request\n\ndef tool(url, body=None):\n    {call}\n")
    assert [e.kind for e in effects] == ["network"]


def test_formatted_commands_are_read_for_destructive_words():
    effects = _effects('''
        import subprocess

        def tool(table, stack):
            subprocess.run(["psql", "-c", f"DROP TABLE {table}"])
            subprocess.run(f"aws cloudformation delete-stack --stack-name {stack}", shell=True)
            subprocess.run(f"echo {table}", shell=True)
    ''')
    assert [(e.kind, e.span.start_line, e.from_arguments) for e in effects] == [
        ("cloud-destructive", 5, True), ("cloud-destructive", 6, True), ("shell", 7, True)
    ]
