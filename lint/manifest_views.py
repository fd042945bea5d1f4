"""Views of agent tool manifests for declarative rules: one record per declared tool, one per plugin hook."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lint.subjects.base import Item
from lint.subjects.manifests import ToolManifest

if TYPE_CHECKING:
    from lint.views import Record, View


def _manifest_fields(manifest: ToolManifest) -> Record:
    return {
        "path": [Item(manifest.path, manifest.pointer)],
        "product": [Item(manifest.product, manifest.pointer)],
        "manifest": [Item(manifest.name, manifest.pointer)],
    }


def _one(value: Any, pointer: str) -> list[Item[Any]]:
    return [] if value is None else [Item(value, pointer)]


def _tools(manifest: ToolManifest) -> Iterator[tuple[Record, str]]:
    for tool in manifest.tools:
        if tool.document is not None:
            continue  # written in another file (a schema an action group loads): a rule could not point there
        record = _manifest_fields(manifest)
        effect, _ = tool.declared_effect
        setting = tool.confirmation
        record.update(
            {
                "tool": [Item(tool.name, tool.pointer)],
                "kind": [Item(tool.kind, tool.pointer)],
                "method": _one(tool.method, tool.pointer),
                "route": _one(tool.route, tool.pointer),
                "effect": [Item(effect, tool.pointer)],
                "confirmation": [Item(str(setting.value).lower() if setting is not None else "absent",
                                      setting.pointer if setting is not None else tool.pointer)],
                "confirmed": [Item("true" if tool.confirmed else "false", setting.pointer if setting is not None else tool.pointer)],
                "executor": _one(tool.executor, tool.executor_pointer or tool.pointer),
                "parameter": list(tool.parameters),
                "annotation": [Item(f"{hint}={str(item.value).lower()}", item.pointer) for hint, item in tool.annotations],
                "body-effect": [Item(effect.kind, tool.pointer) for effect in tool.body],
            }
        )
        yield record, tool.pointer


def _hooks(manifest: ToolManifest) -> Iterator[tuple[Record, str]]:
    for hook in manifest.hooks:
        if hook.document is not None:
            continue
        record = _manifest_fields(manifest)
        record.update(
            {
                "event": [Item(hook.event, hook.command.pointer)],
                "matcher": _one(hook.matcher, hook.command.pointer),
                "command": [hook.command],
            }
        )
        yield record, hook.command.pointer


_FIELDS = {
    "path": "file path",
    "product": "bedrock-agent | bedrock-agent-schema | gpt-action | mcp-server | mcp-bundle | mcp-registry | claude-plugin | claude-marketplace | gemini-extension",
    "manifest": "agent, schema, server or plugin name",
}

def manifest_views() -> tuple[View, ...]:
    from lint.views import View

    return (
        View(
            "agent-tool",
            ToolManifest,
            {
                **_FIELDS,
                "tool": "function, operation or tool name",
                "kind": "function | operation | mcp-tool",
                "method": "HTTP method of an operation (upper case)",
                "route": "HTTP path of an operation",
                "effect": "what the declaration says it does: destructive | writes | read | unknown",
                "confirmation": "the confirmation setting as written (enabled, disabled, true, false) or absent",
                "confirmed": "true when a person confirms each call, after the product's default",
                "executor": "what runs it: Lambda `name`, return of control, this MCP server",
                "parameter": "parameter names the model fills",
                "annotation": "MCP annotations as hint=value (readOnlyHint=true)",
                "body-effect": "what the implementation does: delete | write | shell | cloud-destructive | sql-destructive | http-write",
            },
            _tools,
            "one record per tool, function or operation an agent tool manifest declares",
            example_path="template.yaml",
        ),
        View(
            "agent-plugin-hook",
            ToolManifest,
            {**_FIELDS, "event": "hook event (PreToolUse, SessionStart…)", "matcher": "tool matcher", "command": "the command it runs"},
            _hooks,
            "one record per command hook a plugin or extension ships",
            example_path="hooks/hooks.json",
        ),
    )
