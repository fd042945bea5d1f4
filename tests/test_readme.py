"""The README shows real output: each console example and the incident graph are what scopelint prints today."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONSOLE = re.compile(r"```console\n\$ (scopelint [^\n]+)\n(.*?)```", re.S)
EXAMPLES = [(m.group(1), m.group(2)) for m in CONSOLE.finditer(README) if " examples" in m.group(1)]


@pytest.mark.parametrize("command,shown", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_console_examples_are_current(cli, command, shown):
    done = cli(*command.split()[1:], cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout == shown, f"README block for `{command}` is stale; regenerate it from the command's output"


def test_incident_graph_is_current(cli):
    block = re.search(r"```mermaid\n(.*?)```", README, re.S)
    assert block is not None
    done = cli("graph", ".", cwd=ROOT / "examples" / "incident")
    assert done.returncode == 0, done.stderr
    assert done.stdout == block.group(1)
