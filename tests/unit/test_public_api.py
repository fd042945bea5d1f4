"""The API for check authors: everything in `lint.__all__` imports and is documented."""

from __future__ import annotations

import lint


def test_every_public_name_imports_and_has_a_docstring():
    for name in lint.__all__:
        value = getattr(lint, name)
        if name != "__version__":
            assert (value.__doc__ or "").strip(), name


def test_policy_helpers_follow_iam_semantics():
    from lint.document import resolve  # noqa: F401  (the pointer helpers are public too)
    from lint.formats import parse

    doc = parse(
        "p.json",
        '{"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},'
        '{"Effect": "Deny", "Action": "rds:DeleteDBCluster", "Resource": "*"}]}',
        "json",
    )
    policy = lint.PolicyDocument(doc)
    assert policy.allows("rds:DeleteDBInstance")
    assert not policy.allows("rds:DeleteDBCluster")  # unconditional Deny wins
    assert not policy.allows("iam:CreateUser")  # excluded by NotAction
    assert policy.allows("rds:Delete*")
    statement = policy.statements[0]
    assert statement.covers_action("s3:GetObject") and statement.any_resource
    assert statement.matching_actions("s3:GetObject")[0].pointer == "/Statement/0/NotAction"


def test_agent_config_helpers():
    from lint.formats import parse
    from lint.subjects.agent import ClaudeSettingsExtractor

    doc = parse(
        ".claude/settings.json",
        '{"permissions": {"allow": ["Bash(npm test)", "mcp__github"], "deny": ["Bash"]}, "env": {"AWS_PROFILE": "dev"}}',
        "json",
    )
    [config] = list(ClaudeSettingsExtractor().extract(doc))
    assert isinstance(config, lint.AgentConfig)
    assert [(r.tool, r.specifier) for r in config.allowed] == [("Bash", "npm test"), ("mcp__github", None)]
    assert config.denies("Bash")
    name, item = config.cloud_identity
    assert (name, item.value, item.pointer) == ("AWS_PROFILE", "dev", "/env/AWS_PROFILE")
