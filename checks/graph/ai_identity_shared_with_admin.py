from __future__ import annotations

import re
from collections.abc import Iterator

from checks.graph import _trees as t
from lint import Confidence, Invalid, Related, Severity, Valid, Violation
from lint.messages import brief, first_fitting
from lint.graph.facts import ProfileFact, role_name_of
from lint.graph.model import Graph, RepositoryCheck
from lint.graph.paths import CREDENTIAL_REACH

#: Profile names that read as a person's administrator session.
ADMIN_NAME = re.compile(r"(?:^|[-_./:])(admin|administrator|administratoraccess|root|poweruser|poweruseraccess|owner|superuser|break-?glass)(?:$|[-_./])", re.I)
ADMIN_PERMISSION_SET = re.compile(r"^(AdministratorAccess|PowerUserAccess|.*admin.*)$", re.I)


def admin_profile(profile: ProfileFact) -> str | None:
    """Why `profile` reads as an engineer's elevated session, or None."""
    if ADMIN_NAME.search(profile.name):
        return f"profile `{profile.name}` is named as an administrator's"
    if profile.sso_role_name and ADMIN_PERMISSION_SET.match(profile.sso_role_name):
        return f"profile `{profile.name}` signs in to the permission set `{profile.sso_role_name}`"
    return None


class AiIdentitySharedWithAdmin(RepositoryCheck):
    """An agent acts unprompted with an engineer's administrator session.

    ## What it does
    Reads the AWS profiles committed to the repository (`.aws/config`) and the identities
    unprompted agents act as. It reports an agent whose profile assumes the same role as a
    profile named or configured as an administrator's (`admin`, `break-glass`, the
    `AdministratorAccess` permission set), and an agent that may choose any profile (`use_aws`
    auto-approved, `~/.aws` mounted) where such a profile exists.

    ## Why is this bad?
    This is how the incident began: the agent ran with the engineer's elevated permissions. A
    person's admin session is meant for a person who reads what they run; an agent that shares it
    inherits every permission the engineer holds, none of which was granted with an agent in mind.

    ## Example
    `.kiro/settings/mcp.json` auto-approves `call_aws` as profile `ops`; `.aws/config` has
    `[profile admin]` assuming the same role as `ops`.

    ## Remediation
    Give the agent its own role, with the least privilege its task needs, and a profile that
    assumes only that role. Keep administrator profiles out of files an agent reads, and never
    mount `~/.aws` into an agent's container.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    - https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
    """

    id = "ai-identity-shared-with-admin"
    name = "Agent acts with an engineer's administrator session"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    tags = ("graph", "agent", "identity")
    cwe = (250,)
    valid = [
        Valid(files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE, ".aws/config": t.AWS_CONFIG_WITH_ADMIN},
              note="the admin profile is a different identity from the agent's"),
        Valid(files={".amazonq/cli-agents/ops.json": t.AGENT_USE_AWS, ".aws/config": t.AWS_CONFIG},
              note="the model may choose a profile, but none is an administrator's"),
    ]
    invalid = [
        Invalid(
            files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE, ".aws/config": t.AWS_CONFIG_SHARED_ADMIN},
            expect=[".kiro/settings/mcp.json:/mcpServers/aws/autoApprove/0"],
            messages=["whose role `ops-deployer` administrator profile `admin` also assumes"],
        ),
        Invalid(
            files={".amazonq/cli-agents/ops.json": t.AGENT_USE_AWS, ".aws/config": t.AWS_CONFIG_WITH_ADMIN},
            expect=[".amazonq/cli-agents/ops.json:/allowedTools/1"],
            messages=["the model may choose administrator profile `admin`"],
        ),
    ]

    def check(self, graph: Graph) -> Iterator[Violation]:
        admins = [(p, why) for p in graph.profiles() if (why := admin_profile(p))]
        if not admins:
            return
        for agent in graph.agents:
            acting = [c for c in agent.capabilities if c.reach in CREDENTIAL_REACH]
            if not acting:
                continue
            capability = min(acting, key=lambda c: CREDENTIAL_REACH.index(c.reach))
            start = Related(capability.location, capability.description)
            for ref in agent.identities:
                if ref.kind in ("any-profile", "aws-home"):
                    profile, why = admins[0]
                    hops = (Related(ref.location, ref.location.note or "the model chooses the profile"),)
                    hops += tuple(Related(p.location, w) for p, w in admins[:3])
                    more = f" (and {len(admins) - 1} more)" if len(admins) > 1 else ""
                    yield Violation(
                        capability.location,
                        first_fitting(*(f"{agent.name}{what}, and the model may choose administrator profile `{profile.name}`{more}"
                                        for what in (f": {capability.description}", f": {brief(capability.description)}", ""))),
                        related=hops,
                        flow=(start, *hops),
                    )
                elif ref.kind == "profile":
                    for own in graph.profiles_named(ref.value):
                        role = role_name_of(own.role_arn) if own.role_arn else None
                        if role is None or admin_profile(own):
                            continue  # an agent named with an admin profile itself: `agent-admin-identity` reports it
                        for profile, why in admins:
                            if profile.name == own.name or not profile.role_arn or role_name_of(profile.role_arn) != role:
                                continue
                            hops = (
                                Related(ref.location, f"uses AWS profile `{ref.value}`"),
                                Related(own.location, f"profile `{own.name}` assumes `{own.role_arn}`"),
                                Related(profile.location, f"{why}; it assumes the same role"),
                            )
                            yield Violation(
                                capability.location,
                                first_fitting(*(f"{agent.name}{what} as profile `{own.name}`, whose role `{role}` "
                                                f"administrator profile `{profile.name}` also assumes"
                                                for what in (f": {capability.description}", f": {brief(capability.description)}", " acts"))),
                                related=hops,
                                flow=(start, *hops),
                            )
