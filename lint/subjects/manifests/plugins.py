"""Packages that bring tools, hooks and MCP servers into an agent: Claude Code plugins and
marketplaces, Gemini CLI extensions, MCP bundles (`manifest.json`) and MCP registry `server.json`.

- Claude Code plugin: `.claude-plugin/plugin.json` (`hooks` and `mcpServers`: a path or inline),
  `hooks/hooks.json` (`{"hooks": {EVENT: [{matcher, hooks: [{type: "command", command}]}]}}`),
  a `.mcp.json` at the plugin root (with or without the `mcpServers` wrapper);
  marketplace: `.claude-plugin/marketplace.json` whose `plugins[]` may inline `hooks` and `mcpServers`.
- Gemini CLI extension: `gemini-extension.json` with `mcpServers` and `excludeTools`.
- MCP bundle (formerly DXT): `manifest.json` with `manifest_version` (or `dxt_version`), `server`
  (`type`, `entry_point`, `mcp_config: {command, args, env}`), `tools[]`, `user_config`.
- MCP registry: `server.json` with `packages[]` (`registryType`, `identifier`, `version`,
  `transport`; older drafts `registry_name`, `name`) and `remotes[]`.

MCP servers these declare become `McpServer`s of an `AgentConfig` too, so the checks on MCP
launches (unpinned packages, write switches, plain HTTP, secrets) judge them as they judge a
client's configuration.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lint.document import Document, join
from lint.subjects.agent import AgentConfig, AgentConfigData, McpServer
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects import recognizers
from lint.subjects.recognizers import CLAUDE_MARKETPLACE as _MARKETPLACE, CLAUDE_PLUGIN as _PLUGIN, GEMINI_EXTENSION as _GEMINI
from lint.subjects.recognizers import PLUGIN_HOOKS as _HOOKS, PLUGIN_MCP as _PLUGIN_MCP
from lint.subjects.manifests.model import Hook, ManifestData, ManifestTool, ToolManifest
from lint.subjects.manifests.openapi import load_beside
from lint.subjects.mcp import _server


def hooks_of(events: Any, base: str, document: Document | None = None) -> Iterator[Hook]:
    """Command hooks of a `{EVENT: [{matcher, hooks: [{type, command}]}]}` object written at `base`."""
    if not isinstance(events, dict):
        return
    for event, matchers in events.items():
        for i, matcher in enumerate(matchers if isinstance(matchers, list) else []):
            inner = matcher.get("hooks") if isinstance(matcher, dict) else None
            for j, hook in enumerate(inner if isinstance(inner, list) else []):
                if isinstance(hook, dict) and hook.get("type", "command") == "command" and isinstance(hook.get("command"), str):
                    pattern = matcher.get("matcher")
                    yield Hook(str(event), Item(hook["command"], join(base, event, i, "hooks", j, "command")),
                               pattern if isinstance(pattern, str) else None, document)


def _events(value: Any, base: str) -> tuple[Any, str]:
    """A hooks configuration is `{"hooks": {EVENT: …}}` in its own file, and may be `{EVENT: …}` inline."""
    if isinstance(value, dict) and isinstance(value.get("hooks"), dict):
        return value["hooks"], join(base, "hooks")
    return value, base


class PluginExtractor(recognizers.Plugin, Extractor):
    """Claude Code plugins, marketplaces and plugin hook files; Gemini CLI extensions."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        path, data = document.path, document.data
        if _PLUGIN_MCP.search(path):
            yield from self._bare_mcp(document)
            return
        if not isinstance(data, dict):
            yield Problem(f"a plugin or extension manifest must be a JSON object, not {type_name(data)}", "")
            return
        if _HOOKS.search(path):
            events, base = _events(data, "")
            manifest = ManifestData(product="claude-plugin", name=_plugin_name(document))
            manifest.hooks.extend(hooks_of(events, base))
            yield ToolManifest(document, manifest)
        elif _MARKETPLACE.search(path):
            yield from self._marketplace(document, data)
        elif _PLUGIN.search(path):
            yield from self._plugin(document, data, "", str(data.get("name") or _plugin_name(document)), "claude-plugin")
        elif _GEMINI.search(path):
            yield from self._gemini(document, data)

    def _bare_mcp(self, document: Document) -> Iterator[Subject | Problem]:
        """A plugin's `.mcp.json` may list servers without the `mcpServers` wrapper (MCP client files keep it)."""
        data = document.data
        if not isinstance(data, dict) or "mcpServers" in data or "servers" in data:
            return
        servers = [(n, b) for n, b in data.items() if isinstance(b, dict) and ("command" in b or "url" in b)]
        if servers:
            config = AgentConfigData(product="claude-plugin", name=document.path)
            config.mcp_servers.extend(_server(n, b, join("", n)) for n, b in servers)
            yield AgentConfig(document, config)

    def _plugin(self, document: Document, data: dict[str, Any], base: str, name: str, product: str) -> Iterator[Subject | Problem]:
        manifest = ManifestData(product=product, name=name)
        hooks = data.get("hooks")
        if isinstance(hooks, dict):
            events, at = _events(hooks, join(base, "hooks"))
            manifest.hooks.extend(hooks_of(events, at))
        for reference in ([hooks] if isinstance(hooks, str) else hooks if isinstance(hooks, list) else []):
            if isinstance(reference, str) and not _HOOKS.search(reference.lstrip("./")) and not reference.rstrip("/").endswith("hooks/hooks.json"):
                loaded = load_beside(document, "../" + reference.removeprefix("${CLAUDE_PLUGIN_ROOT}/").lstrip("./")) if not base else None
                if loaded is not None:
                    events, at = _events(loaded.data, "")
                    manifest.hooks.extend(hooks_of(events, at, loaded))
        servers = data.get("mcpServers")
        if isinstance(servers, dict):
            config = AgentConfigData(product=product, name=f"{document.path} ({name})")
            inner = servers.get("mcpServers") if isinstance(servers.get("mcpServers"), dict) else servers
            at = join(base, "mcpServers", "mcpServers") if inner is not servers else join(base, "mcpServers")
            for server, body in inner.items():
                if isinstance(body, dict):
                    config.mcp_servers.append(_server(server, body, join(at, server)))
            yield AgentConfig(document, config)
        yield ToolManifest(document, manifest, base)

    def _marketplace(self, document: Document, data: dict[str, Any]) -> Iterator[Subject | Problem]:
        plugins = data.get("plugins")
        if not isinstance(plugins, list):
            yield Problem(f"`plugins` must be a list, not {type_name(plugins)}", "/plugins")
            return
        for i, plugin in enumerate(plugins):
            if isinstance(plugin, dict):
                yield from self._plugin(document, plugin, join("/plugins", i), str(plugin.get("name") or i), "claude-marketplace")

    def _gemini(self, document: Document, data: dict[str, Any]) -> Iterator[Subject | Problem]:
        manifest = ManifestData(product="gemini-extension", name=str(data.get("name") or document.path))
        excluded = data.get("excludeTools")
        for i, entry in enumerate(excluded if isinstance(excluded, list) else []):
            if isinstance(entry, str):
                manifest.excluded_tools.append(Item(entry, join("/excludeTools", i)))
        servers = data.get("mcpServers")
        if isinstance(servers, dict):
            config = AgentConfigData(product="gemini-extension", name=document.path)
            config.mcp_servers.extend(_gemini_server(n, b) for n, b in servers.items() if isinstance(b, dict))
            yield AgentConfig(document, config)
        yield ToolManifest(document, manifest)


def _gemini_server(name: str, body: dict[str, Any]) -> McpServer:
    """Gemini CLI names a streamable-HTTP server's address `httpUrl` (and an SSE one's `url`)."""
    from dataclasses import replace

    server = _server(name, body, join("/mcpServers", name))
    if server.url is None and isinstance(body.get("httpUrl"), str):
        server = replace(server, url=Item(body["httpUrl"], join("/mcpServers", name, "httpUrl")))
    return server


def _plugin_name(document: Document) -> str:
    parts = document.path.split("/")
    for marker in ("hooks", ".claude-plugin"):
        if marker in parts:
            index = len(parts) - 1 - parts[::-1].index(marker)
            if index > 0:
                return parts[index - 1]
    return document.path


# -- MCP bundles and registry entries ----------------------------------------------------------------
class McpPackageExtractor(recognizers.McpPackage, Extractor):
    """MCP bundle `manifest.json` (MCPB / DXT) and MCP registry `server.json`."""

    def accepts(self, document: Document) -> bool:
        data = document.data
        if not isinstance(data, dict):
            return False
        server = data.get("server")
        bundle = ("manifest_version" in data or "dxt_version" in data) and isinstance(server, dict)
        registry = isinstance(data.get("packages"), list) and isinstance(data.get("name"), str)
        return bundle or registry

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        if isinstance(data.get("server"), dict):
            yield from self._bundle(document, data)
        else:
            yield from self._registry(document, data)

    def _bundle(self, document: Document, data: dict[str, Any]) -> Iterator[Subject | Problem]:
        name = str(data.get("name") or document.path)
        manifest = ManifestData(product="mcp-bundle", name=name)
        tools = data.get("tools")
        for i, tool in enumerate(tools if isinstance(tools, list) else []):
            if isinstance(tool, dict) and isinstance(tool.get("name"), str):
                annotations = tool.get("annotations")
                manifest.tools.append(ManifestTool(
                    name=tool["name"], pointer=join("/tools", i, "name"), kind="mcp-tool",
                    annotations=tuple((k, Item(v, join("/tools", i, "annotations", k))) for k, v in annotations.items())
                    if isinstance(annotations, dict) else (),
                    executor=f"MCP bundle `{name}`",
                ))
        config = data["server"].get("mcp_config")
        if isinstance(config, dict):
            agent = AgentConfigData(product="mcp-bundle", name=document.path)
            agent.mcp_servers.append(_server(name, config, "/server/mcp_config"))
            yield AgentConfig(document, agent)
        yield ToolManifest(document, manifest)

    def _registry(self, document: Document, data: dict[str, Any]) -> Iterator[Subject | Problem]:
        name = data["name"]
        agent = AgentConfigData(product="mcp-registry", name=document.path)
        for i, package in enumerate(data["packages"]):
            if not isinstance(package, dict):
                continue
            at = join("/packages", i)
            registry = package.get("registryType", package.get("registry_type", package.get("registry_name")))
            key = next((k for k in ("identifier", "name") if isinstance(package.get(k), str)), None)
            if key is None or not isinstance(registry, str):
                continue
            identifier, version = package[key], package.get("version")
            version = version if isinstance(version, str) and version.strip() else None
            runner = {"npm": ("npx", "-y", "@"), "pypi": ("uvx", None, "=="), "oci": ("docker", "run", ":")}.get(registry.lower())
            if runner is None:
                continue
            command, flag, separator = runner
            launch = identifier if version is None else f"{identifier}{separator}{version}"
            args = [Item(a, join(at, "registryType")) for a in ([flag] if flag else [])]
            args.append(Item(launch, join(at, key) if version is None else join(at, "version")))
            agent.mcp_servers.append(McpServer(name=f"{name} ({registry} package)", pointer=at,
                                               command=Item(command, join(at, "registryType")), args=tuple(args)))
        for i, remote in enumerate(data.get("remotes") if isinstance(data.get("remotes"), list) else []):
            if isinstance(remote, dict) and isinstance(remote.get("url"), str):
                agent.mcp_servers.append(McpServer(name=f"{name} (remote)", pointer=join("/remotes", i),
                                                   url=Item(remote["url"], join("/remotes", i, "url"))))
        yield AgentConfig(document, agent)
        yield ToolManifest(document, ManifestData(product="mcp-registry", name=name))
