"""The GitHub Action (`action.yml`): its metadata against the Actions metadata rules, and its steps run
as the runner runs a composite action's steps.

The runner runs each `run` step as ``bash --noprofile --norc -eo pipefail FILE`` with the step's `env`
(expressions evaluated), a fresh ``$GITHUB_OUTPUT`` file per step whose ``key=value`` lines become
``steps.<id>.outputs``, and ``GITHUB_ACTION_PATH``, ``RUNNER_TEMP``, ``GITHUB_STEP_SUMMARY`` set.
`uses` steps (the SARIF upload) are recorded with their evaluated `with`, not run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

# -- metadata ------------------------------------------------------------------------------
# The keys and values GitHub's action metadata syntax allows (docs.github.com, "Metadata syntax for
# GitHub Actions"), for a composite action.
TOP_KEYS = {"name", "author", "description", "inputs", "outputs", "runs", "branding"}
INPUT_KEYS = {"description", "required", "default", "deprecationMessage"}
OUTPUT_KEYS = {"description", "value"}
STEP_KEYS = {"id", "if", "name", "uses", "run", "shell", "with", "env", "working-directory", "continue-on-error"}
COLOURS = {"white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"}
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def test_metadata_top_level() -> None:
    assert set(ACTION) <= TOP_KEYS
    assert isinstance(ACTION["name"], str) and ACTION["name"]
    assert isinstance(ACTION["description"], str) and ACTION["description"]
    assert ACTION["branding"]["color"] in COLOURS and isinstance(ACTION["branding"]["icon"], str)


def test_metadata_inputs_and_outputs() -> None:
    for name, spec in ACTION["inputs"].items():
        assert NAME.match(name), name
        assert set(spec) <= INPUT_KEYS and isinstance(spec["description"], str), name
        assert isinstance(spec.get("default", ""), str), f"{name}: defaults are strings"
        assert isinstance(spec.get("required", False), bool)
    step_ids = {s.get("id") for s in ACTION["runs"]["steps"]}
    for name, spec in ACTION["outputs"].items():
        assert NAME.match(name) and set(spec) == OUTPUT_KEYS, name  # composite outputs need a value
        match = re.fullmatch(r"\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}", spec["value"])
        assert match and match.group(1) in step_ids, name
    assert {"upload", "fail-on", "baseline", "args", "paths", "config"} <= set(ACTION["inputs"])
    assert {"findings", "critical", "high", "medium", "low", "info", "sarif-file"} <= set(ACTION["outputs"])


def test_metadata_composite_steps() -> None:
    runs = ACTION["runs"]
    assert set(runs) == {"using", "steps"} and runs["using"] == "composite"
    ids = [s["id"] for s in runs["steps"] if "id" in s]
    assert len(ids) == len(set(ids))
    for step in runs["steps"]:
        assert set(step) <= STEP_KEYS, step
        assert ("run" in step) != ("uses" in step), "a step runs a command or uses an action"
        if "run" in step:
            assert step["shell"] == "bash", "composite run steps must name their shell"
            assert "${{" not in step["run"], f"{step['name']}: expressions in `run` would let an input become shell code"
        else:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[\w.-]+", step["uses"]), step["uses"]
        for value in [*step.get("env", {}).values(), *step.get("with", {}).values(), step.get("if", "")]:
            for expr in EXPRESSION.findall(str(value)):
                for ref in re.findall(r"\binputs\.([\w-]+)", expr):
                    assert ref in ACTION["inputs"], ref
    uploads = [s for s in runs["steps"] if "uses" in s]
    assert [s["uses"].split("@")[0] for s in uploads] == ["github/codeql-action/upload-sarif"]
    assert set(uploads[0]["with"]) == {"sarif_file", "category"}


def test_installs_the_actions_own_version() -> None:
    install = ACTION["runs"]["steps"][0]["run"]
    assert 'pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"' in install


# -- running the steps ---------------------------------------------------------------------


@dataclass
class Run:
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""
    uploads: list[dict[str, str]] = field(default_factory=list)
    failed_step: str | None = None
    exit_code: int = 0
    summary: str = ""

    @property
    def action_outputs(self) -> dict[str, str]:
        return {name: _evaluate(spec["value"], {}, self.outputs) for name, spec in ACTION["outputs"].items()}


def _value(expr: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]]):
    expr = re.sub(r"\binputs\.([\w-]+)", lambda m: repr(inputs[m.group(1)]), expr)
    expr = re.sub(r"\bsteps\.([\w-]+)\.outputs\.([\w-]+)", lambda m: repr(outputs.get(m.group(1), {}).get(m.group(2), "")), expr)
    expr = expr.replace("&&", " and ").replace("||", " or ")
    return eval(expr, {"__builtins__": {}})  # our own action.yml, with inputs quoted by repr()


def _evaluate(text: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    return EXPRESSION.sub(lambda m: str(_value(m.group(1), inputs, outputs)), text)


def run_action(workspace: Path, temp: Path, install: bool = False, **given: str) -> Run:
    inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    inputs.update({k.replace("_", "-"): v for k, v in given.items()})
    run = Run()
    summary = temp / "summary.md"
    base = {
        "PATH": os.environ["PATH"],
        "HOME": str(temp),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_WORKSPACE": str(workspace),
        "RUNNER_TEMP": str(temp),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTIONS": "true",
    }
    for number, step in enumerate(ACTION["runs"]["steps"]):
        condition = step.get("if")
        if condition and not _value(EXPRESSION.fullmatch(condition).group(1), inputs, run.outputs):
            continue
        if number == 0 and not install:
            continue  # the fake environment below stands for the installed one
        if "uses" in step:
            run.uploads.append({k: _evaluate(str(v), inputs, run.outputs) for k, v in step["with"].items()})
            continue
        output_file = temp / f"output-{number}"
        output_file.write_text("")
        env = {**base, "GITHUB_OUTPUT": str(output_file)}
        env.update({k: _evaluate(str(v), inputs, run.outputs) for k, v in step.get("env", {}).items()})
        script = temp / f"step-{number}.sh"
        script.write_text(step["run"])
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace, env=env, capture_output=True, text=True, timeout=300,
        )
        run.stdout += done.stdout
        run.stderr += done.stderr
        if "id" in step:
            pairs = (line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
            run.outputs[step["id"]] = dict(pairs)
        if done.returncode != 0:
            run.failed_step, run.exit_code = step["name"], done.returncode
            break
    run.summary = summary.read_text() if summary.exists() else ""
    return run


@pytest.fixture
def runner(tmp_path: Path):
    """A workspace with the fixture tree and a runner temp dir whose venv runs this checkout's scopelint."""
    workspace = tmp_path / "workspace"
    shutil.copytree(FIXTURES / "tree", workspace)
    temp = tmp_path / "runner-temp"
    bin_dir = temp / "scopelint-venv" / "bin"
    bin_dir.mkdir(parents=True)
    here = Path(sys.executable).parent
    for name, target in (("python", sys.executable), ("scopelint", str(here / "scopelint"))):
        (bin_dir / name).write_text(f'#!/bin/sh\nexec "{target}" "$@"\n')
        (bin_dir / name).chmod(0o755)
    return workspace, temp


def test_findings_fail_the_job_after_upload(runner) -> None:
    workspace, temp = runner
    run = run_action(workspace, temp)
    assert run.failed_step == "Fail on findings" and run.exit_code == 1, run.stderr
    outputs = run.action_outputs
    sarif = json.loads((workspace / "scopelint.sarif").read_text())
    results = sarif["runs"][0]["results"]
    assert outputs["findings"] == str(len(results)) and int(outputs["findings"]) > 0
    assert sum(int(outputs[s]) for s in ("critical", "high", "medium", "low", "info")) == len(results)
    assert int(outputs["critical"]) >= 1 and outputs["exit-code"] == "1" and outputs["sarif-file"] == "scopelint.sarif"
    assert run.uploads == [{"sarif_file": "scopelint.sarif", "category": "scopelint"}]
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == len(results)
    assert any(a.startswith("::error file=policies/admin.json,line=4,col=5,") for a in annotations)
    assert "### scopelint" in run.summary and f"{len(results)} findings." in run.summary


def test_annotations_match_the_github_format(runner) -> None:
    workspace, temp = runner
    run = run_action(workspace, temp, upload="false")
    from tests.conftest import run_cli

    direct = run_cli("check", ".", "--format", "github", cwd=workspace).stdout.splitlines()
    from_action = [line for line in run.stdout.splitlines() if line.startswith("::")]
    # same command and location for every finding; the SARIF message is the first line with a full stop
    strip = lambda line: line.split("::")[1]  # noqa: E731
    assert sorted(map(strip, from_action)) == sorted(map(strip, direct))


def test_baseline_and_inputs(runner) -> None:
    workspace, temp = runner
    (workspace / "scopelint.toml").write_text("allow-baseline-critical = true\n")
    from tests.conftest import run_cli

    assert run_cli("check", "--write-baseline", "baseline.json", cwd=workspace).returncode == 0
    run = run_action(workspace, temp, baseline="baseline.json", upload="false", annotations="false")
    assert run.failed_step is None, run.stderr
    assert run.action_outputs["findings"] == "0" and run.action_outputs["exit-code"] == "0"
    assert run.uploads == [] and "::" not in run.stdout


def test_fail_on_args_and_paths(runner) -> None:
    workspace, temp = runner
    run = run_action(workspace, temp, paths="policies\nroles", fail_on="critical", args="--select iam-service-wildcard", upload="false")
    assert run.failed_step is None and run.action_outputs["exit-code"] == "0"
    assert run.action_outputs["findings"] == "1" and run.action_outputs["medium"] == "1"
    run = run_action(workspace, temp, paths="policies", args="--select iam-admin-wildcard", sarif_file="out/report.sarif", category="org/x")
    assert run.failed_step == "Fail on findings" and run.uploads == [{"sarif_file": "out/report.sarif", "category": "org/x"}]
    assert (workspace / "out" / "report.sarif").is_file()


def test_inputs_cannot_run_shell_code(runner) -> None:
    workspace, temp = runner
    run = run_action(workspace, temp, paths='$(touch pwned1) `touch pwned2`; touch pwned3', args="--select $(touch pwned4)", upload="false")
    assert not list(workspace.glob("pwned*")) and not list(temp.glob("pwned*"))
    assert run.failed_step == "Run scopelint" and run.exit_code == 2
    assert "::error title=scopelint::scopelint could not run (exit 2)" in run.stdout
    assert run.uploads == []


@pytest.mark.slow
def test_install_step_installs_this_checkout(tmp_path: Path) -> None:
    """The real install step: a virtual environment and `pip install $GITHUB_ACTION_PATH` (needs the package index)."""
    workspace = tmp_path / "workspace"
    shutil.copytree(FIXTURES / "tree" / "policies", workspace)
    temp = tmp_path / "temp"
    temp.mkdir()
    run = run_action(workspace, temp, install=True, python=sys.executable, upload="false")
    if run.failed_step == "Install scopelint":
        pytest.skip(f"cannot install from the package index here: {run.stderr[-300:]}")
    from lint.version import __version__

    assert f"scopelint {__version__}" in run.stdout
    assert run.failed_step == "Fail on findings" and int(run.action_outputs["findings"]) > 0


# -- the reusable organisation workflow ------------------------------------------------------

ORG = yaml.safe_load((ROOT / ".github" / "workflows" / "scopelint-org.yml").read_text())


def test_org_workflow_is_reusable_with_a_matrix() -> None:
    trigger = ORG[True]  # YAML 1.1 reads the `on` key as true
    assert set(trigger) == {"workflow_call"}
    call = trigger["workflow_call"]
    assert call["inputs"]["repositories"]["required"] is True and call["inputs"]["repositories"]["type"] == "string"
    assert call["secrets"]["token"]["required"] is True
    assert ORG["permissions"] == {"contents": "read"}  # uploads go through the caller's token, not GITHUB_TOKEN
    job = ORG["jobs"]["scan"]
    assert job["strategy"]["fail-fast"] is False
    assert job["strategy"]["matrix"]["repository"] == "${{ fromJSON(inputs.repositories) }}"
    steps = job["steps"]
    checkout, scan, upload = steps
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["repository"] == "${{ matrix.repository }}"
    assert checkout["with"]["persist-credentials"] is False
    from lint.version import __version__

    assert scan["uses"] == f"scopelint/scopelint@v{__version__}", "pin the action to this release"
    assert scan["with"]["upload"] == "false"
    assert "${{ matrix.repository }}" in upload["env"]["CATEGORY"], "each job uploads with its own category"
    assert "${{" not in upload["run"]


def test_org_upload_step_posts_the_sarif_with_the_jobs_category(tmp_path: Path) -> None:
    """Run the upload step with a recording `gh`: the body is what the code scanning REST API takes."""
    import base64
    import gzip

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "tree" / "policies", repo)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=repo, check=True)
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    from tests.conftest import run_cli

    run_cli("check", ".", "--format", "sarif", "--output", "scopelint.sarif", cwd=repo)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "gh").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/gh-args"\ncp "$6" "{tmp_path}/gh-body.json"\n')
    (fake / "gh").chmod(0o755)
    step = ORG["jobs"]["scan"]["steps"][2]
    script = tmp_path / "step.sh"
    script.write_text(step["run"])
    env = {
        "PATH": f"{fake}:{Path(sys.executable).parent}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "RUNNER_TEMP": str(tmp_path),
        "GH_TOKEN": "not-a-token",
        "REPOSITORY": "acme/shop",
        "SARIF_FILE": "scopelint.sarif",
        "CATEGORY": "scopelint/org/acme/shop",
    }
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    args = (tmp_path / "gh-args").read_text().split()
    assert args[:4] == ["api", "--method", "POST", "repos/acme/shop/code-scanning/sarifs"]
    body = json.loads((tmp_path / "gh-body.json").read_text())
    assert body["commit_sha"] == sha and body["ref"] == "refs/heads/main" and body["tool_name"] == "scopelint"
    log = json.loads(gzip.decompress(base64.b64decode(body["sarif"])))
    assert log["runs"][0]["automationDetails"] == {"id": "scopelint/org/acme/shop/"}
    assert log["runs"][0]["results"], "the findings travel in the upload"
