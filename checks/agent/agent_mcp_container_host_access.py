from __future__ import annotations

import re
from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig

#: `docker run` options whose value decides what the container reaches.
_VALUED = {"-v", "--volume", "--mount", "--network", "--net", "--pid", "--ipc", "--cap-add", "--userns", "--uts"}
#: Host paths whose mount hands over the machine (the root, the container runtime's socket, devices, /etc, /proc).
_HOST_TAKEOVER = re.compile(r"^(/|/var/run/docker\.sock|/run/docker\.sock|/run/containerd/containerd\.sock|/etc|/proc|/dev|/root|/var/lib/docker|/home|/Users)(?:/?)$")


class McpContainerHostAccess(Check):
    """An MCP server's container is started with access to the host: privileged, host network, host root or the Docker socket.

    ## What it does
    Reads the `docker run` / `podman run` arguments of MCP servers and reports options that take
    the container's walls down: `--privileged`, `--cap-add ALL` or `SYS_ADMIN`, `--pid host`,
    `--network host`, and bind mounts of the host's root, home folders, `/etc` or the container
    runtime's socket (`-v /var/run/docker.sock:/var/run/docker.sock`).

    ## Why is this bad?
    Running a server in a container is how a configuration limits what a model-driven tool can
    touch. With the Docker socket or the host's root mounted, or a privileged container, the
    server — and whoever steers it through a prompt — controls the whole machine, its credentials
    and every other container. `--network host` puts it on the host's network, next to services
    that trust localhost.

    ## Example
    ```json
    {"mcpServers": {"docker": {"command": "docker", "args": ["run", "-i", "--rm", "-v", "/var/run/docker.sock:/var/run/docker.sock", "acme/docker-mcp:1.2"]}}}
    ```

    ## Remediation
    Drop `--privileged` and added capabilities, use the default bridge network, and mount only
    the project folder the server needs, read-only where it can be (`-v "$PWD:/workspace:ro"`).
    A server that must drive Docker should talk to a rootless or remote daemon with its own limits.

    ## References
    - https://docs.docker.com/engine/security/#docker-daemon-attack-surface
    - https://docs.docker.com/reference/cli/docker/container/run/#privileged
    """

    id = "agent-mcp-container-host-access"
    name = "MCP server container reaches the host"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "sandbox")
    cwe = (250, 668)
    example_path = ".cursor/mcp.json"

    valid = [
        Valid('{"mcpServers": {"fs": {"command": "docker", "args": ["run", "-i", "--rm", "-v", "/srv/project:/workspace:ro", "acme/fs-mcp:1.0"]}}}'),
        Valid('{"mcpServers": {"web": {"command": "docker", "args": ["run", "-i", "--rm", "--network", "bridge", "acme/web-mcp:1.0"]}}}'),
    ]
    invalid = [
        Invalid(
            '{"mcpServers": {"docker": {"command": "docker", "args": ["run", "-i", "--rm", "-v", "/var/run/docker.sock:/var/run/docker.sock", "acme/docker-mcp:1.2"]}}}',
            expect=["/mcpServers/docker/args/4"],
            messages=["mounts the host's `/var/run/docker.sock`"],
        ),
        Invalid(
            '{"mcpServers": {"ops": {"command": "podman", "args": ["run", "--privileged", "--network=host", "-i", "acme/ops-mcp:2.0"]}}}',
            expect=["/mcpServers/ops/args/1", "/mcpServers/ops/args/2"],
            messages=["runs privileged", "shares the host's network"],
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        for server in config.mcp_servers:
            if server.disabled or server.command is None:
                continue
            runner = server.command.value.rsplit("/", 1)[-1]
            args = list(server.args)
            if runner not in ("docker", "podman") or not args or args[0].value != "run":
                continue
            index = 1
            while index < len(args):
                item = args[index]
                value = item.value.strip()
                if not value.startswith("-"):
                    break  # the image: what follows are the server's own arguments
                option, has_value, inline = value.partition("=")
                target = item
                if not has_value and option in _VALUED and index + 1 < len(args):
                    index += 1
                    target, inline = args[index], args[index].value.strip()
                why = _why(option, inline)
                if why:
                    severity = Severity.MEDIUM if "network" in why else None
                    yield Violation(target.pointer, f"MCP server `{server.name}`'s container {why}", severity=severity)
                index += 1


def _why(option: str, value: str) -> str | None:
    if option == "--privileged":
        return "runs privileged: every device and capability of the host"
    if option == "--cap-add" and value.upper() in ("ALL", "SYS_ADMIN", "CAP_SYS_ADMIN", "SYS_PTRACE", "CAP_SYS_PTRACE"):
        return f"adds capability `{value}`, enough to leave the container"
    if option == "--pid" and value == "host":
        return "shares the host's processes (`--pid host`)"
    if option in ("--network", "--net") and value == "host":
        return "shares the host's network (`--network host`): it reaches every service that trusts localhost"
    if option in ("-v", "--volume"):
        source = value.split(":", 1)[0]
        if _HOST_TAKEOVER.match(source.rstrip("/") or "/"):
            return f"mounts the host's `{source}`: control of the machine it runs on"
    if option == "--mount":
        fields = dict(part.split("=", 1) for part in value.split(",") if "=" in part)
        source = fields.get("source") or fields.get("src") or ""
        if fields.get("type", "bind") == "bind" and source and _HOST_TAKEOVER.match(source.rstrip("/") or "/"):
            return f"mounts the host's `{source}`: control of the machine it runs on"
    return None
