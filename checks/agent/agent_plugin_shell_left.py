from __future__ import annotations

import re
from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.manifests import ToolManifest

_SHELL = re.compile(r"^\s*(?:run_shell_command|ShellTool)\s*(?:\((?P<spec>.*)\))?\s*$", re.S)


class PluginShellLeft(Check):
    """An extension excludes some shell commands and leaves the shell itself available.

    ## What it does
    Reads a Gemini CLI extension's `excludeTools`. Entries like
    `run_shell_command(rm -rf)` exclude one command prefix; when no entry excludes
    `run_shell_command` as a whole, the shell stays available to the model and the
    finding names the prefixes that were meant to make it safe.

    ## Why is this bad?
    A prefix deny list over a shell is not a boundary: `rm -rf` is excluded, while
    `rm -r -f`, `find . -delete`, `bash -c "rm -rf …"`, `python -c …` and every other
    program are not. The extension looks restricted and is not.

    ## Example
    ```json
    {"name": "ops", "version": "1.0.0", "excludeTools": ["run_shell_command(rm -rf)"]}
    ```

    ## Remediation
    Exclude `run_shell_command` entirely and expose the operations the extension needs as
    MCP tools with narrow arguments, or rely on the user's allow list of exact commands.

    ## References
    - https://github.com/google-gemini/gemini-cli/blob/main/docs/extensions/index.md
    - https://github.com/google-gemini/gemini-cli/blob/main/docs/tools/shell.md
    """

    id = "agent-plugin-shell-left"
    name = "Extension's tool exclusions leave the shell in"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    subject = ToolManifest
    tags = ("agent", "shell")
    cwe = (184,)
    example_path = "gemini-extension.json"

    valid = [
        Valid('{"name": "ops", "version": "1.0.0", "excludeTools": ["run_shell_command"]}'),
        Valid('{"name": "docs", "version": "1.0.0", "contextFileName": "GEMINI.md"}'),
    ]
    invalid = [
        Invalid(
            '{"name": "ops", "version": "1.0.0", "excludeTools": ["write_file", "run_shell_command(rm -rf)", "run_shell_command(git push)"]}',
            expect=["/excludeTools/1"],
            messages=["`rm -rf`, `git push`", "the shell stays available"],
        ),
    ]

    def check(self, manifest: ToolManifest) -> Iterator[Violation]:
        partial = []
        for item in manifest.excluded_tools:
            match = _SHELL.match(item.value)
            if match is None:
                continue
            if match.group("spec") is None or match.group("spec").strip() in ("", "*"):
                return  # the whole shell is excluded
            partial.append((item, match.group("spec").strip()))
        if partial:
            prefixes = ", ".join(f"`{spec}`" for _, spec in partial)
            yield Violation(
                partial[0][0].pointer,
                f"Extension `{manifest.name}` excludes only {prefixes} from `run_shell_command`: the shell stays available, "
                "and any other spelling runs",
            )
