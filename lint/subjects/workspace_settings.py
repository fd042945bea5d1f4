"""VS Code-style workspace settings (`.vscode/settings.json`, JSON with comments) read by Kiro and
GitHub Copilot agent mode: autonomy, global auto-approval, trusted and auto-approved terminal commands."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lint.document import Document, join
from lint.subjects.agent import AgentConfig, AgentConfigData
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects import recognizers

AUTO_APPROVE_KEYS = ("chat.tools.global.autoApprove", "chat.tools.autoApprove")


class WorkspaceSettingsExtractor(recognizers.WorkspaceSettings, Extractor):
    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        if not isinstance(data, dict):
            yield Problem(f"workspace settings must be an object, not {type_name(data)}", "")
            return
        config = AgentConfigData(product="vscode", name=document.path)
        for key in AUTO_APPROVE_KEYS:
            if data.get(key) is True:
                config.default_mode = Item(True, _at(key))
                config.mode_key = key
                config.bypass_reason = "approves every tool call, terminal commands included, without asking"
                break
        permissions = data.get("chat.permissions.default")
        if isinstance(permissions, str) and config.default_mode is None:
            if permissions.lower() == "autoapprove":
                config.default_mode = Item(permissions, _at("chat.permissions.default"))
                config.mode_key = "chat.permissions.default"
                config.bypass_reason = "approves every tool call without asking"
            elif permissions.lower() == "autopilot":
                config.autonomy = Item(permissions, _at("chat.permissions.default"))
        autonomy = data.get("kiroAgent.agentAutonomy")
        if isinstance(autonomy, str) and autonomy.lower() == "autopilot":
            config.autonomy = Item(autonomy, _at("kiroAgent.agentAutonomy"))
        for key in ("kiroAgent.trustedCommands", "github.copilot.chat.agent.terminal.allowList"):
            values = data.get(key)
            if isinstance(values, list):
                config.shell_prefixes += [Item(v, join(_at(key), i)) for i, v in enumerate(values) if isinstance(v, str)]
            elif isinstance(values, dict):  # allowList as {command: true}
                config.shell_prefixes += [Item(k, join(_at(key), k)) for k, v in values.items() if v is True]
        terminal = data.get("chat.tools.terminal.autoApprove")
        if isinstance(terminal, dict):
            for pattern, decision in terminal.items():
                if not _approves(decision):
                    continue
                item_pointer = join(_at("chat.tools.terminal.autoApprove"), pattern)
                if len(pattern) > 1 and pattern.startswith("/") and pattern.rstrip("i").endswith("/"):
                    body = pattern[1:].rstrip("i")[:-1]
                    # VS Code searches the command line: unanchored unless the regex anchors itself
                    config.shell_allowed.append(Item(f".*(?:{body}).*", item_pointer))
                else:
                    config.shell_prefixes.append(Item(pattern, item_pointer))
        yield AgentConfig(document, config)


def _at(key: str) -> str:
    return join("", key)


def _approves(decision: Any) -> bool:
    return decision is True or (isinstance(decision, dict) and decision.get("approve") is True)
