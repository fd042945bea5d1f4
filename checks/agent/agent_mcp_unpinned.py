from __future__ import annotations

import re
from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig

RUNNERS = {"npx": "npm", "bunx": "npm", "pnpx": "npm", "uvx": "PyPI", "pipx": "PyPI"}
_NPM_PINNED = re.compile(r"^(@[^/]+/)?[^@/]+@\d[\w.\-+]*$")
_PYPI_PINNED = re.compile(r"^[A-Za-z0-9_.\-\[\],]+(==|@)\d[\w.\-+]*$")
_IMAGE_PINNED = re.compile(r"(@sha256:[0-9a-f]{64}$)|(:(?!latest$)[\w][\w.\-]*$)")


class McpUnpinned(Check):
    """An MCP server is started from a package or image with no fixed version.

    ## What it does
    Looks at how each MCP server is launched. `npx`/`bunx`/`pnpx` and
    `uvx`/`pipx run` without a version (`pkg@1.2.3`, `pkg==1.2.3`), or with
    `@latest`, and `docker run` images without a tag or digest (or
    `:latest`) are reported at the package argument.

    ## Why is this bad?
    The agent runs whatever was published last, with the credentials and the
    tools the config gives it. A compromised or hijacked release reaches every
    developer's machine at their next session, with no review.

    ## Example
    ```json
    {"mcpServers": {"github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"]}}}
    ```

    ## Remediation
    Pin an exact version (`@modelcontextprotocol/server-github@2025.4.8`,
    `awslabs.aws-api-mcp-server==1.2.0`) or an image digest, and update it
    deliberately.

    ## References
    - https://modelcontextprotocol.io/docs/concepts/transports
    - https://owasp.org/www-project-top-10-for-large-language-model-applications/
    """

    id = "agent-mcp-unpinned"
    name = "MCP server launched from an unpinned package"
    # A supply-chain exposure, not a grant: what the server may do is judged by the write-mode and
    # auto-approval checks, so an unpinned launch alone is low.
    severity = Severity.LOW
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "supply-chain")
    cwe = (829,)
    example_path = ".cursor/mcp.json"

    valid = [
        Valid('{"mcpServers": {"github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"]}}}'),
        Valid('{"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server==1.2.0"]}}}'),
        Valid('{"mcpServers": {"k8s": {"command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/acme/k8s-mcp:1.4.2"]}}}'),
        Valid('{"mcpServers": {"local": {"command": "node", "args": ["./tools/mcp.js"]}}}'),
    ]
    invalid = [
        Invalid(
            '{"mcpServers": {"github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"]}}}',
            expect=["/mcpServers/github/args/1"],
            messages=["`@modelcontextprotocol/server-github` from npm with no fixed version"],
        ),
        Invalid(
            '{"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server@latest"]}}}',
            expect=["/mcpServers/aws/args/0"],
        ),
        Invalid(
            '{"servers": {"k8s": {"type": "stdio", "command": "docker", "args": ["run", "-i", "--rm", "-e", "KUBECONFIG", "acme/k8s-mcp"]}}}',
            path=".vscode/mcp.json",
            expect=["/servers/k8s/args/5"],
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        for server in config.mcp_servers:
            if server.disabled or server.command is None:
                continue
            runner = server.command.value.rsplit("/", 1)[-1]
            args = list(server.args)
            if runner == "pipx" and args and args[0].value == "run":
                args = args[1:]
            if runner in RUNNERS:
                package = next((a for a in args if not a.value.startswith("-")), None)
                if package is None:
                    continue
                pinned = (_NPM_PINNED if RUNNERS[runner] == "npm" else _PYPI_PINNED).match(package.value)
                if not pinned or package.value.endswith("@latest"):
                    yield Violation(
                        package.pointer,
                        f"MCP server `{server.name}` runs `{_name(package.value)}` from {RUNNERS[runner]} with no fixed version: "
                        "each session runs whatever was published last",
                    )
            elif runner in ("docker", "podman") and args and args[0].value == "run":
                image = _image(args[1:])
                if image is not None and not _IMAGE_PINNED.search(image.value.rsplit("/", 1)[-1]):
                    yield Violation(
                        image.pointer,
                        f"MCP server `{server.name}` runs image `{image.value}` with no fixed tag or digest",
                    )


def _name(package: str) -> str:
    return package.removesuffix("@latest")


#: `docker run` options that take a value.
_VALUED = {"-e", "--env", "-v", "--volume", "--name", "--network", "-p", "--publish", "--env-file", "-w", "--workdir",
           "--user", "-u", "--entrypoint", "--mount", "--platform", "-l", "--label"}


def _image(args):
    skip = False
    for item in args:
        if skip:
            skip = False
            continue
        if item.value in _VALUED:
            skip = True
            continue
        if item.value.startswith("-"):
            continue
        return item
    return None
