from __future__ import annotations

import re
from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig

#: Credential formats with a recognisable shape: (pattern, what it is).
SHAPES = (
    (re.compile(r"^(AKIA|ASIA)[0-9A-Z]{16}$"), "an AWS access key id"),
    (re.compile(r"^(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}$|^github_pat_[A-Za-z0-9_]{40,}$"), "a GitHub token"),
    (re.compile(r"^glpat-[A-Za-z0-9_\-]{20,}$"), "a GitLab token"),
    (re.compile(r"^xox[abposr]-[A-Za-z0-9\-]{10,}$"), "a Slack token"),
    (re.compile(r"^sk-(ant-|proj-)?[A-Za-z0-9_\-]{20,}$"), "an AI provider API key"),
    (re.compile(r"^AIza[0-9A-Za-z_\-]{35}$"), "a Google API key"),
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
)
SECRET_NAMES = re.compile(r"(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH)", re.I)
#: Values that stand for a secret rather than being one.
REFERENCE = re.compile(r"^\$\{[^}]+\}$|^\$[A-Z_][A-Z0-9_]*$|^<[^>]*>$|^(your|changeme|replace|example|xxx|\*\*\*)", re.I)


class SecretInConfig(Check):
    """An agent configuration holds a credential in plain text.

    ## What it does
    Looks at the `env` of Claude Code settings and the `env` and `headers` of
    MCP servers. A value is reported when it has the shape of a known
    credential (AWS access key id, GitHub, GitLab or Slack token, AI provider
    key, Google API key, private key), or when its name says it is a secret
    (`*_TOKEN`, `*_SECRET`, `*PASSWORD*`, `*API_KEY*`, `Authorization`) and
    the value is written out rather than referenced (`${env:X}`,
    `${input:x}`). The value itself is never printed.

    ## Why is this bad?
    Agent configuration files are committed, shared and read by the agent
    itself: the credential is in the repository history, in every clone, and
    in the context of every session, where a prompt injection can ask for it.

    ## Example
    ```json
    {"mcpServers": {"github": {"command": "docker", "args": ["run", "ghcr.io/github/github-mcp-server:v0.9.0"],
                               "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_..."}}}}
    ```

    ## Remediation
    Revoke the credential, then reference it instead: `${env:GITHUB_TOKEN}`
    (Kiro, VS Code), `${input:token}` prompts (VS Code), or a secret manager.

    ## References
    - https://code.visualstudio.com/docs/copilot/chat/mcp-servers#_configuration-format
    - https://cwe.mitre.org/data/definitions/798.html
    """

    id = "agent-secret-in-config"
    name = "Credential written in an agent configuration"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "secrets")
    cwe = (798,)
    example_path = ".kiro/settings/mcp.json"

    valid = [
        Valid('{"mcpServers": {"github": {"command": "npx", "args": ["@modelcontextprotocol/server-github@2025.4.8"], '
              '"env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}", "LOG_LEVEL": "debug"}}}}'),
        Valid('{"servers": {"api": {"url": "https://mcp.example.com", "headers": {"Authorization": "Bearer ${input:api-token}"}}}}',
              path=".vscode/mcp.json"),
        Valid('{"env": {"AWS_PROFILE": "dev", "API_KEY": "<your key here>"}}', path=".claude/settings.json"),
    ]
    invalid = [
        Invalid(
            '{"mcpServers": {"github": {"command": "npx", "args": ["@modelcontextprotocol/server-github@2025.4.8"], '
            '"env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"}}}}',
            expect=["/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN"],
            messages=["`env.GITHUB_PERSONAL_ACCESS_TOKEN` of MCP server `github` holds a GitHub token in plain text"],
        ),
        Invalid(
            '{"env": {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}',
            path=".claude/settings.json",
            expect=["/env/AWS_ACCESS_KEY_ID", "/env/AWS_SECRET_ACCESS_KEY"],
            severity=Severity.HIGH,
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        for name, item in config.env.items():
            yield from _judge(f"`env.{name}` of the agent's settings", name, item)
        for server in config.mcp_servers:
            for where, entries in (("env", server.env), ("headers", server.headers)):
                for name, item in entries:
                    yield from _judge(f"`{where}.{name}` of MCP server `{server.name}`", name, item)


def _judge(label: str, name: str, item) -> Iterator[Violation]:
    value = item.value
    if not isinstance(value, str) or len(value.strip()) < 8:
        return
    text = value.strip().removeprefix("Bearer ").strip()
    if "${" in text or REFERENCE.search(text):
        return
    kind = next((what for pattern, what in SHAPES if pattern.search(text)), None)
    if kind is None and SECRET_NAMES.search(name) and re.fullmatch(r"[A-Za-z0-9+/=_\-.:]{16,}", text):
        kind = "a secret"
    if kind is not None:
        yield Violation(item.pointer, f"{label} holds {kind} in plain text (value not shown): anyone with the repository has it")
