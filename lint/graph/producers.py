"""Facts of the subjects that predate the graph: agent configs, IAM identities and their policies.

What counts as "acting unprompted" for an agent config is what the agent checks already report:
an approval mode that skips prompts, allow lists that approve the shell, `use_aws` or a whole
service, MCP tools approved without a prompt. Each capability keeps the location of the setting
that allows it, so a repository finding can start the path there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lint.graph.facts import (
    AgentFact,
    Capability,
    Fact,
    Grant,
    GrantFact,
    IdentityFact,
    IdentityRef,
    TrustEntry,
    TrustFact,
    locate,
)

#: Variables that name the AWS identity a process acts as, and the kind of reference each is.
IDENTITY_ENV = {
    "AWS_PROFILE": "profile",
    "AWS_DEFAULT_PROFILE": "profile",
    "AWS_API_MCP_PROFILE_NAME": "profile",
    "AWS_ROLE_ARN": "role",
    "AWS_ACCESS_KEY_ID": "static-keys",
}
#: Built-in tools an approval may cover, and what they reach.
TOOL_REACH = {"use_aws": "cloud", "execute_bash": "shell", "delegate": "shell", "fs_write": "files"}
#: Commands whose approval reaches the cloud or deploys, when an allow list names them.
CLOUD_COMMANDS = {"aws": "cloud", "terraform": "deploy", "terragrunt": "deploy", "cdk": "deploy", "sam": "deploy",
                  "kubectl": "deploy", "helm": "deploy", "pulumi": "deploy", "eksctl": "deploy", "serverless": "deploy",
                  "sls": "deploy"}
AWS_MOUNT = re.compile(r"(?:~|\$\{?HOME\}?|/home/[^/:]+|/Users/[^/:]+|/root)/\.aws(?::|$)")
_MCP_RULE = re.compile(r"^mcp__(?P<server>[^_]+(?:_[^_]+)*?)(?:__(?P<tool>.+))?$")


# -- agents -----------------------------------------------------------------------------------
def agent_config_facts(config) -> Iterator[Fact]:
    """An `AgentFact` for the agent itself and one for each MCP server it lets act unprompted."""
    from lint.agent_commands import accepts_everything, prefix_allows, regex_allows

    document = config.document
    label = _agent_label(config)
    own: list[Capability] = []
    per_server: dict[str, list[Capability]] = {}
    any_profile: list[IdentityRef] = []

    if config.default_mode is not None and config.bypass_reason:
        own.append(Capability(
            f"`{config.mode_key}: {config.default_mode.value}` {config.bypass_reason}", "shell",
            locate(document, config.default_mode.pointer),
        ))
    for approval in config.approvals:
        where = locate(document, approval.item.pointer)
        for tool in approval.tools:
            reach = TOOL_REACH.get(tool)
            if reach:
                entry = "" if approval.item.value == tool else f" entry `{approval.item.value}`"
                own.append(Capability(f"`{approval.setting}`{entry} auto-approves `{tool}`", reach, where))
                if tool == "use_aws":
                    any_profile.append(IdentityRef("any-profile", "", where))
        if approval.mcp:
            for server in config.mcp_servers:
                if approval.mcp in ("*", server.name):
                    per_server.setdefault(server.name, []).append(
                        Capability(f"`{approval.setting}` entry `{approval.item.value}` auto-approves its tools", "", where)
                    )
    for rule in config.allowed:
        where = locate(document, rule.pointer)
        if rule.is_shell:
            if rule.matches_everything:
                own.append(Capability(f"allow rule `{rule.raw}` auto-approves every shell command", "shell", where))
            else:
                reach = _command_reach(rule.specifier or "")
                if reach:
                    own.append(Capability(f"allow rule `{rule.raw}` auto-approves `{_first_word(rule.specifier or '')}` commands", reach, where))
            continue
        match = _MCP_RULE.match(rule.tool)
        if match:
            for server in config.mcp_servers:
                if _mcp_name(server.name) == match.group("server"):
                    tool = match.group("tool")
                    what = f"its tool `{tool}`" if tool and tool != "*" else "every tool"
                    per_server.setdefault(server.name, []).append(Capability(f"allow rule `{rule.raw}` auto-approves {what}", "", where))
    everything = False
    for prefix in config.shell_prefixes:
        value = prefix.value.strip()
        where = locate(document, prefix.pointer)
        if value in ("*", "", ":*", "**"):
            own.append(Capability(f"trusted command `{prefix.value}` auto-approves every shell command", "shell", where))
            everything = True
        elif accepts_everything(lambda command, p=value: prefix_allows(p, command)):
            own.append(Capability(f"trusted command `{prefix.value}` auto-approves every shell command", "shell", where))
        else:
            reach = _command_reach(value)
            if reach:
                own.append(Capability(f"trusted command `{prefix.value}` runs unprompted", reach, where))
    for pattern in config.shell_allowed:
        where = locate(document, pattern.pointer)
        if not everything and accepts_everything(lambda command, p=pattern.value: regex_allows(p, command)):
            own.append(Capability(f"`allowedCommands` pattern `{pattern.value}` auto-approves every shell command", "shell", where))
        elif regex_allows(pattern.value, "aws s3 rb s3://bucket --force"):
            own.append(Capability(f"`allowedCommands` pattern `{pattern.value}` auto-approves `aws` commands", "cloud", where))
    for service in config.cloud_services:
        where = locate(document, service.pointer)
        own.append(Capability(f"`use_aws` runs every `{service.value}` operation unprompted", "cloud", where))
        any_profile.append(IdentityRef("any-profile", "", where))

    own_identities = tuple(_env_refs(document, config.env.items()))
    if own or own_identities:
        identities = own_identities + tuple(any_profile[:1]) if any(c.reach in ("cloud", "shell", "deploy") for c in own) else own_identities
        yield AgentFact(locate(document, config.pointer or ""), label, config.product, tuple(own), identities)

    # tool names that change or delete things, shared with `agent-mcp-auto-approve`
    from checks.agent.agent_mcp_auto_approve import CHANGING

    for server in config.mcp_servers:
        if server.disabled:
            continue
        capabilities = per_server.get(server.name, [])
        for item in server.auto_approve:
            if item.value.strip() != "*" and not CHANGING.search(item.value):
                continue  # a tool that only reads (`suggest_aws_commands`) acts on nothing
            tokens = item.pointer.rsplit("/", 2)
            # a list entry (`autoApprove/1`) or a setting that approves by itself (Codex, Gemini `trust`)
            if not tokens[-1].isdigit():
                description = f"`{tokens[-1]}` runs every tool unprompted"
            elif item.value.strip() == "*":
                description = f"`{tokens[-2]}` entry `*` runs every tool unprompted"
            else:
                description = f"`{tokens[-2]}` runs `{item.value}` unprompted"
            capabilities.append(Capability(description, "", locate(document, item.pointer)))
        refs = tuple(_env_refs(document, server.env)) + tuple(_arg_refs(document, server))
        if not capabilities and not refs:
            continue
        reach = _server_reach(server, refs)
        if reach is None:  # a known server started read-only: its tools cannot change anything
            capabilities = []
        else:
            capabilities = [Capability(c.description, reach, c.location) for c in capabilities]
        identities = refs or own_identities
        yield AgentFact(
            locate(document, server.pointer, key=True), f"{label} MCP server `{server.name}`" if " " not in label else f"{label} through MCP server `{server.name}`", config.product,
            tuple(capabilities), identities,
        )


#: How messages name each product.
PRODUCT_NAMES = {
    "claude-code": "Claude Code", "kiro": "Kiro", "kiro-ide": "Kiro", "kiro-cli": "Kiro CLI", "amazon-q": "Amazon Q",
    "cursor": "Cursor", "vscode": "VS Code", "claude-desktop": "Claude Desktop", "roo": "Roo Code", "cline": "Cline",
    "windsurf": "Windsurf", "continue": "Continue", "codex": "Codex", "gemini-cli": "Gemini CLI", "mcp": "MCP client",
}


def _agent_label(config) -> str:
    """`Amazon Q agent `ops``; a settings file, named by its path, is the product's agent itself."""
    name = config.name
    product = PRODUCT_NAMES.get(config.product, config.product)
    return f"{product} agent `{name}`" if name and "/" not in name else product


def _first_word(text: str) -> str:
    return text.strip().split(" ", 1)[0].rstrip(":*")


def _command_reach(specifier: str) -> str | None:
    word = _first_word(specifier).lower()
    return CLOUD_COMMANDS.get(word)


def _mcp_name(name: str) -> str:
    """How Claude Code spells a server in tool names: characters other than letters, digits, `_`, `-` become `_`."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def _server_reach(server, refs) -> str | None:
    from lint.mcp_servers import identify, writes

    known = identify(server)
    if known is not None and not writes(server, known):
        return None
    if known is not None and any(word in known.name for word in ("AWS", "Amazon", "Aurora")):
        return "cloud"
    if any(r.kind in ("profile", "role", "static-keys", "aws-home") for r in refs):
        return "cloud"
    return "other"


def _env_refs(document, env) -> Iterator[IdentityRef]:
    for name, item in env:
        kind = IDENTITY_ENV.get(name.upper())
        if kind is None or not isinstance(item.value, str) or not item.value or "${" in item.value:
            continue
        value = "" if kind == "static-keys" else item.value
        yield IdentityRef(kind, value, locate(document, item.pointer, f"`{name}`"))


def _arg_refs(document, server) -> Iterator[IdentityRef]:
    args = list(server.args)
    for i, arg in enumerate(args):
        value = arg.value
        if value == "--profile" and i + 1 < len(args):
            yield IdentityRef("profile", args[i + 1].value, locate(document, args[i + 1].pointer, "`--profile`"))
        elif value.startswith("--profile="):
            yield IdentityRef("profile", value.split("=", 1)[1], locate(document, arg.pointer, "`--profile`"))
        elif AWS_MOUNT.search(value):
            yield IdentityRef("aws-home", "", locate(document, arg.pointer, "mounts `~/.aws`"))
        elif value in ("-e", "--env") and i + 1 < len(args) and "=" in args[i + 1].value:
            name, _, val = args[i + 1].value.partition("=")
            kind = IDENTITY_ENV.get(name.upper())
            if kind and val and "$" not in val:
                yield IdentityRef(kind, "" if kind == "static-keys" else val, locate(document, args[i + 1].pointer, f"`{name}`"))


# -- identities and what they hold --------------------------------------------------------------
def identity_facts(identity) -> Iterator[Fact]:
    """The identity's definition, with the AWS managed policies it attaches as grants."""
    from lint.subjects.identity import ADMIN_GRADE_MANAGED, attached_managed_policies, aws_managed_name

    if identity.kind not in ("role", "user", "group"):
        return
    document = identity.document
    grants: list[Grant] = []
    for item in identity.managed_policies:
        name = aws_managed_name(item.value)
        if name and name.lower() in ADMIN_GRADE_MANAGED:
            grants.append(Grant("admin", ("*",), locate(document, item.pointer), via=f"the AWS managed policy `{name}`"))
    for policy in attached_managed_policies(identity):
        grants.extend(policy_grants(policy))
    arn = identity.name if identity.name.startswith("arn:") else None
    aliases = tuple(a for a in identity.identities if a != identity.name)
    yield IdentityFact(
        locate(document, identity.pointer, key=True), identity.kind, identity.name, arn,
        grants=tuple(grants), ai_reason=identity.ai_reason, aliases=aliases,
    )


def policy_facts(policy) -> Iterator[Fact]:
    """A policy attached to named identities: its risky grants, or (a trust policy) who may assume them."""
    from lint.subjects.iam import PolicyKind

    if not policy.identities:
        return
    if policy.kind is PolicyKind.TRUST:
        entries = tuple(trust_entries(policy))
        if entries:
            yield TrustFact(locate(policy.document, policy.pointer or ""), policy.identities, entries)
    elif policy.kind is PolicyKind.IDENTITY:
        grants = tuple(policy_grants(policy))
        if grants:
            yield GrantFact(locate(policy.document, policy.pointer or ""), policy.identities, grants)


def policy_grants(policy) -> Iterator[Grant]:
    """Admin, destructive and escalation grants of an identity policy, each at the element that grants it."""
    from lint.iam.grants import by_statement, grants_everything, grants_for, guardrails, order_of
    from lint.iam.risks import risk_actions

    via = policy.generated_by
    for statement in policy.allow_statements:
        if grants_everything(statement):
            guard = ", ".join(guardrails(statement)) or None
            yield Grant("admin", ("*",), locate(policy.document, statement.element("Action")), guard, via)
    catalogue = risk_actions("destructive")
    rank = order_of(catalogue)
    granted = grants_for(policy).allowed(catalogue)
    for statement, by_action in by_statement(granted).items():
        if grants_everything(statement):
            continue
        items = [g for found in by_action.values() for g in found]
        # the element that grants the most, the gravest first on a tie: where `iam-destructive-action` points
        pointers = list(dict.fromkeys(g.item.pointer for g in items))
        primary = max(pointers, key=lambda p: (sum(g.item.pointer == p for g in items), -pointers.index(p)))
        actions = tuple(sorted(by_action, key=lambda a: (rank.get(a, len(rank)), a)))
        guard = ", ".join(guardrails(statement)) or None
        yield Grant("destructive", actions, locate(statement.policy.document, primary), guard, via)
    for method, used in _escalation_methods(policy):
        first = used[0]
        guard = ", ".join(guardrails(first.statement)) or None
        yield Grant("escalation", method.actions, locate(first.statement.policy.document, first.item.pointer), guard, via)


def _escalation_methods(policy):
    from checks.iam.iam_privilege_escalation import policy_methods

    return policy_methods(policy)


def trust_entries(policy) -> Iterator[TrustEntry]:
    """Who the trust policy lets assume its identities: services, accounts, GitHub OIDC subjects."""
    from lint.iam.trust import GITHUB_OIDC, account_of, condition_values

    for statement in policy.allow_statements:
        principal = statement.principal
        if principal is None:
            continue
        document = statement.policy.document
        if principal.is_anyone:
            yield TrustEntry("any", "*", locate(document, principal.pointer))
            continue
        for entry in principal.entries:
            where = locate(document, entry.pointer)
            if entry.type == "Service":
                yield TrustEntry("service", str(entry.value), where)
            elif entry.type == "AWS":
                yield TrustEntry("account", account_of(str(entry.value)) or str(entry.value), where)
            elif entry.type == "Federated" and GITHUB_OIDC in str(entry.value):
                subs = [
                    (str(v), statement.element("Condition"))
                    for _, _, values in condition_values(statement, f"{GITHUB_OIDC}:sub")
                    for v in values
                ]
                if not subs:
                    yield TrustEntry("github-oidc", "", where)
                for sub, _ in subs:
                    yield TrustEntry("github-oidc", sub, where, _sub_environment(sub))
            elif entry.type == "Federated":
                yield TrustEntry("federated", str(entry.value), where)


def _sub_environment(sub: str) -> str | None:
    """`production` for `repo:acme/app:environment:production` (no wildcard in the name)."""
    parts = sub.split(":")
    if "environment" in parts:
        name = parts[parts.index("environment") + 1] if parts.index("environment") + 1 < len(parts) else ""
        return name if name and not any(c in name for c in "*?") else None
    return None

