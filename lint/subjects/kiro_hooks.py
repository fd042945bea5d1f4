"""Kiro hooks (`.kiro/hooks/*.kiro.hook` for the IDE, `.kiro/hooks/*.json` for the CLI): commands Kiro
runs by itself when files change or tools run."""

from __future__ import annotations

from collections.abc import Iterator

from lint.document import Document, join
from lint.subjects.agent import AgentConfig, AgentConfigData
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects import recognizers


class KiroHooksExtractor(recognizers.KiroHooks, Extractor):
    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        if not isinstance(data, dict):
            yield Problem(f"a Kiro hook must be an object, not {type_name(data)}", "")
            return
        config = AgentConfigData(product="kiro", name=document.path)
        then = data.get("then")
        if isinstance(then, dict) and data.get("enabled", True) is not False:
            if then.get("type") == "runCommand" and isinstance(then.get("command"), str):
                when = data.get("when") if isinstance(data.get("when"), dict) else {}
                config.hooks.append((str(when.get("type", "hook")), Item(then["command"], "/then/command")))
        hooks = data.get("hooks")
        for i, hook in enumerate(hooks if isinstance(hooks, list) else []):
            action = hook.get("action") if isinstance(hook, dict) else None
            if isinstance(action, dict) and action.get("type") == "command" and isinstance(action.get("command"), str):
                if hook.get("enabled", True) is not False:
                    config.hooks.append((str(hook.get("trigger", "hook")), Item(action["command"], join("/hooks", i, "action", "command"))))
        yield AgentConfig(document, config)
