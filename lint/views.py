"""Flat, named views of subjects, for declarative rules.

A view is a record of fields; each field is a list of `Item`s (value and
pointer), so a rule can say where it matched. A rule names a view by its
``subject`` key; each view knows which subject class feeds it and how to cut
that subject into records (a policy into its statements, a config into its
permission rules…).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lint.subjects.agent import AgentConfig, PermissionRule
from lint.subjects.base import Item, Subject
from lint.subjects.iam import PolicyDocument, Statement

Record = dict[str, list[Item[Any]]]


@dataclass(frozen=True)
class View:
    """How a declarative rule sees one kind of subject."""

    name: str
    subject: type[Subject]
    fields: dict[str, str]  # field name -> what it holds, for docs and error messages
    records: Callable[[Any], Iterator[tuple[Record, str]]]  # (record, pointer of the record)
    description: str
    example_path: str | None = None  # file name of rule examples when the family's default does not fit


def _one(value: Any, pointer: str) -> list[Item[Any]]:
    return [] if value is None else [Item(value, pointer)]


def _policy_fields(policy: PolicyDocument) -> Record:
    return {
        "path": [Item(policy.path, policy.pointer)],
        "name": [Item(policy.name, policy.pointer)],
        "kind": [Item(policy.kind.value, policy.pointer)],
        "ai-identity": _one(getattr(policy, "ai_reason", None), policy.pointer),
    }


def _statement_record(statement: Statement) -> Record:
    record = _policy_fields(statement.policy)
    record.update(
        {
            "sid": _one(statement.sid, statement.element("Sid")),
            "effect": _one(statement.effect, statement.element("Effect")),
            "action": list(statement.actions or ()),
            "not-action": list(statement.not_actions or ()),
            "resource": list(statement.resources or ()),
            "not-resource": list(statement.not_resources or ()),
            "principal": [
                Item(f"{e.type}:{e.value}" if e.type != "*" else "*", e.pointer)
                for e in (statement.principal.entries if statement.principal else ())
            ],
            "condition-key": [
                Item(key, statement.element("Condition"))
                for key in sorted(statement.condition_keys)
            ],
            "condition-operator": [
                Item(op, statement.element("Condition")) for op in sorted(statement.conditions)
            ],
        }
    )
    return record


def _statements(policy: PolicyDocument) -> Iterator[tuple[Record, str]]:
    for statement in policy.statements:
        yield _statement_record(statement), statement.pointer


def _policies(policy: PolicyDocument) -> Iterator[tuple[Record, str]]:
    yield _policy_fields(policy), policy.pointer


def _agent_fields(config: AgentConfig) -> Record:
    identity = config.cloud_identity
    return {
        "path": [Item(config.path, config.pointer)],
        "product": [Item(config.product, config.pointer)],
        "name": [Item(config.name, config.pointer)],
        "default-mode": _one(config.default_mode.value if config.default_mode else None,
                             config.default_mode.pointer if config.default_mode else ""),
        "env": [Item(name, item.pointer) for name, item in config.env.items()],
        "cloud-identity": [Item(identity[0], identity[1].pointer)] if identity else [],
        "allow": [Item(r.raw, r.pointer) for r in config.rules_in("allow")],
        "ask": [Item(r.raw, r.pointer) for r in config.rules_in("ask")],
        "deny": [Item(r.raw, r.pointer) for r in config.rules_in("deny")],
    }


def _agent_configs(config: AgentConfig) -> Iterator[tuple[Record, str]]:
    yield _agent_fields(config), config.pointer


def _rule_record(config: AgentConfig, rule: PermissionRule) -> Record:
    record = _agent_fields(config)
    record.update(
        {
            "list": [Item(rule.list, rule.pointer)],
            "rule": [Item(rule.raw, rule.pointer)],
            "tool": [Item(rule.tool, rule.pointer)],
            "specifier": _one(rule.specifier, rule.pointer),
        }
    )
    return record


def _permission_rules(config: AgentConfig) -> Iterator[tuple[Record, str]]:
    for rule in config.rules:
        yield _rule_record(config, rule), rule.pointer


_POLICY_FIELDS = {
    "path": "file path",
    "name": "policy name",
    "kind": "identity | resource | trust | boundary | scp | rcp",
    "ai-identity": "why the policy's identity counts as an AI identity (absent if it does not)",
}
_AGENT_FIELDS = {
    "path": "file path",
    "product": "agent product, e.g. claude-code",
    "name": "agent or file name",
    "default-mode": "approval mode, e.g. default, bypassPermissions",
    "env": "names of environment variables the config sets",
    "cloud-identity": "the variable that gives the agent a cloud identity",
    "allow": "auto-approved permission rules",
    "ask": "rules that prompt",
    "deny": "denied rules",
}

VIEWS: dict[str, View] = {
    view.name: view
    for view in (
        View("iam-policy", PolicyDocument, _POLICY_FIELDS, _policies, "one record per IAM policy document"),
        View(
            "iam-statement",
            PolicyDocument,
            {
                **_POLICY_FIELDS,
                "sid": "statement id",
                "effect": "Allow | Deny",
                "action": "Action entries (use matches-action for IAM wildcard semantics)",
                "not-action": "NotAction entries",
                "resource": "Resource entries",
                "not-resource": "NotResource entries",
                "principal": "principals as Type:value (AWS:arn..., Service:..., or *)",
                "condition-key": "condition keys used, lower-cased",
                "condition-operator": "condition operators used, e.g. StringEquals",
            },
            _statements,
            "one record per statement of an IAM policy",
        ),
        View("agent-config", AgentConfig, _AGENT_FIELDS, _agent_configs, "one record per AI-agent configuration"),
        View(
            "agent-permission-rule",
            AgentConfig,
            {
                **_AGENT_FIELDS,
                "list": "allow | ask | deny",
                "rule": "the rule as written, e.g. Bash(npm test)",
                "tool": "tool name, e.g. Bash, Edit, mcp__github",
                "specifier": "text inside the parentheses",
            },
            _permission_rules,
            "one record per permission rule of an agent configuration",
        ),
    )
}


def _register_more() -> None:
    """Views of the families whose modules load their subjects on first use (deployments, tool manifests, agent code)."""
    from lint.deploy.views import deploy_views
    from lint.manifest_views import manifest_views
    from lint.subjects.agent_code.views import agent_code_views

    VIEWS.update(deploy_views())
    VIEWS.update({view.name: view for view in manifest_views()})
    VIEWS.update(agent_code_views())


_register_more()
