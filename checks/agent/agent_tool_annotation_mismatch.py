from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.messages import brief, first_fitting
from lint.subjects.manifests import ToolManifest

#: Body effects that destroy something, and those that only change it.
DESTROYS = {"delete", "shell", "cloud-destructive", "sql-destructive"}
CHANGES = DESTROYS | {"write", "http-write"}


class ToolAnnotationMismatch(Check):
    """An MCP tool's annotations say it is harmless, and its code or name says otherwise.

    ## What it does
    Compares each MCP tool's `readOnlyHint` and `destructiveHint` with what the tool does:
    its implementation (Python `@mcp.tool` functions, analysed with the calls they make;
    TypeScript/JavaScript `registerTool` / `server.tool` handlers, scanned lexically) and,
    for tools declared without code (an MCP bundle's `manifest.json`, `Tool(...)` entries a
    low-level Python server lists), its name. Reported:
    `readOnlyHint: true` on a tool that deletes, writes, runs a shell, calls a destructive
    cloud API or sends a state-changing HTTP request; `destructiveHint: false` on a tool
    that deletes, runs a shell or calls a destructive cloud API.

    ## Why is this bad?
    Clients use the hints to decide whether to ask: a read-only tool is commonly
    auto-approved, and a non-destructive one is shown without a warning. A wrong hint
    turns a `drop_table` into a tool nobody is asked about.

    ## Example
    ```python
    @mcp.tool(annotations=ToolAnnotations(readOnlyHint=True))
    def cleanup(path: str) -> str:
        shutil.rmtree(path)
    ```

    ## Remediation
    Declare what the tool does: `readOnlyHint: false` and `destructiveHint: true` (MCP's
    defaults when absent) for a tool that deletes or runs commands, or split the tool
    into a read-only one and a confirmed one.

    ## References
    - https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-annotations
    - https://modelcontextprotocol.io/legacy/concepts/tools#tool-annotations
    """

    id = "agent-tool-annotation-mismatch"
    name = "MCP tool annotations contradict what the tool does"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    subject = ToolManifest
    tags = ("agent", "human-in-the-loop")
    cwe = (451,)
    example_path = "server.py"

    valid = [
        Valid(
            "from mcp.server.fastmcp import FastMCP\nfrom mcp.types import ToolAnnotations\nimport shutil\n\nmcp = FastMCP('files')\n\n"
            "@mcp.tool(annotations=ToolAnnotations(readOnlyHint=True))\ndef list_dir(path: str) -> list[str]:\n    import os\n    return os.listdir(path)\n\n"
            "@mcp.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=True))\ndef cleanup(path: str) -> str:\n"
            "    shutil.rmtree(path)\n    return 'ok'\n",
        ),
        Valid(
            'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\n'
            'const name = "trigger-long-running-operation";\n'
            'const config = { description: "Simulate progress", annotations: { readOnlyHint: true } };\n'
            'export const register = (server: McpServer) => server.registerTool(name, config, async () => ({ content: [] }));\n',
            path="src/tools/progress.ts",
            note="the name says trigger; the code changes nothing",
        ),
    ]
    invalid = [
        Invalid(
            "from mcp.server import Server\nfrom mcp.types import Tool, ToolAnnotations\n\n\nclass Ops:\n    PURGE = 'purge_queue'\n\n\n"
            "server = Server('ops')\n\n\n@server.list_tools()\nasync def list_tools() -> list[Tool]:\n"
            "    return [Tool(name=Ops.PURGE, inputSchema={}, annotations=ToolAnnotations(destructiveHint=False))]\n",
            path="ops_server.py",
            expect=["/tools/0/annotations/destructiveHint"],
            messages=["`purge_queue` is annotated `destructiveHint: false`, but its name says `purge`"],
            severity=Severity.MEDIUM,
        ),
        Invalid(
            "from mcp.server.fastmcp import FastMCP\nfrom mcp.types import ToolAnnotations\nimport shutil\n\nmcp = FastMCP('files')\n\n"
            "@mcp.tool(annotations=ToolAnnotations(readOnlyHint=True))\ndef cleanup(path: str) -> str:\n    shutil.rmtree(path)\n    return 'ok'\n",
            expect=["/tools/0/annotations/readOnlyHint"],
            messages=["`cleanup` is annotated `readOnlyHint: true`"],
        ),
        Invalid(
            'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nimport { execSync } from "node:child_process";\n'
            'const server = new McpServer({ name: "ops", version: "1.0.0" });\n'
            'server.registerTool("restart_service", { description: "Restart", annotations: { destructiveHint: false } },\n'
            '  async ({ name }) => ({ content: [{ type: "text", text: execSync(`systemctl restart ${name}`).toString() }] }));\n',
            path="src/server.ts",
            expect=["/tools/0/annotations/destructiveHint"],
            messages=["`destructiveHint: false`", "runs a command"],
        ),
        Invalid(
            '{"manifest_version": "0.2", "name": "db", "version": "1.0.0", "server": {"type": "node", "entry_point": "server/index.js",'
            ' "mcp_config": {"command": "node", "args": ["${__dirname}/server/index.js"]}},'
            ' "tools": [{"name": "drop_table", "annotations": {"readOnlyHint": true}}]}',
            path="manifest.json",
            expect=["/tools/0/annotations/readOnlyHint"],
            severity=Severity.MEDIUM,
        ),
    ]

    def check(self, manifest: ToolManifest) -> Iterator[Violation]:
        for tool in manifest.tools:
            read_only = tool.annotation("readOnlyHint")
            destructive = tool.annotation("destructiveHint")
            if read_only is not None and read_only.value is True:
                changing = [e for e in tool.body if e.kind in CHANGES]
                if changing:
                    yield self._body(tool, read_only, "readOnlyHint: true", changing, any(e.kind in DESTROYS for e in changing))
                    continue
                effect, why = tool.declared_effect
                if tool.body_span is None and effect in ("destructive", "writes"):  # declared without code
                    yield Violation(
                        read_only.pointer,
                        f"MCP tool `{tool.name}` is annotated `readOnlyHint: true`, but {why}: clients may run it unasked",
                        severity=Severity.MEDIUM,
                    )
                    continue
            if destructive is not None and destructive.value is False and not (read_only is not None and read_only.value is True):
                destroying = [e for e in tool.body if e.kind in DESTROYS]
                effect, why = tool.declared_effect
                if destroying:
                    yield self._body(tool, destructive, "destructiveHint: false", destroying, True)
                elif tool.body_span is None and effect == "destructive":  # declared without code
                    yield Violation(
                        destructive.pointer,
                        f"MCP tool `{tool.name}` is annotated `destructiveHint: false`, but {why}: clients may not warn before it runs",
                        severity=Severity.MEDIUM,
                    )

    @staticmethod
    def _body(tool, hint, claim: str, effects, destroys: bool) -> Violation:
        first = effects[0]
        line = ""  # the line is the related location's
        more = f" and {len(effects) - 1} more" if len(effects) > 1 else ""
        related = tuple(Related(e.span, e.text) for e in effects if e.span.start_line)
        return Violation(
            hint.pointer,
            first_fitting(f"MCP tool `{tool.name}` is annotated `{claim}`, but its code {first.text}{line}{more}",
                          f"MCP tool `{tool.name}` is annotated `{claim}`, but its code {brief(first.text)}{line}{more}"),
            related=related,
            severity=Severity.HIGH if destroys else Severity.MEDIUM,
        )
