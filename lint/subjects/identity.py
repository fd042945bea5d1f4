"""`IamIdentity`: a role, user, group or function defined in infrastructure code, with what it attaches.

Policy documents written inline are `PolicyDocument` subjects of their own; an
identity carries what only the identity knows: the managed policies it
attaches by ARN or name, and whether it is an AI identity.
"""

from __future__ import annotations

from lint.document import Document
from lint.subjects.base import Item, Subject


class IamIdentity(Subject):
    """A role, user, group (or a serverless function's role) declared in a template."""

    family = "iam"

    def __init__(
        self,
        document: Document,
        pointer: str,
        kind: str,
        name: str,
        managed_policies: list[Item[str]],
        *,
        label: str | None = None,
    ) -> None:
        super().__init__(document, pointer)
        self._label = label
        self.kind = kind  # "role" | "user" | "group" | "function"
        self.name = name
        #: Managed policies attached by ARN or (SAM) by name, resolved where static; each points at its entry.
        self.managed_policies = managed_policies
        self.identities: tuple[str, ...] = ()
        self.ai_reason: str | None = None

    @property
    def label(self) -> str:
        """How messages name it: "role `deployer`"."""
        return self._label or f"{self.kind} `{self.name}`"


#: AWS managed policies that hand over an account: reported once where they are attached
#: (`iam-managed-admin-attachment`), not expanded into every risk they contain.
ADMIN_GRADE_MANAGED = frozenset({"administratoraccess", "awsmcpserviceactionsfullaccess", "poweruseraccess", "iamfullaccess"})


def aws_managed_name(value: str) -> str | None:
    """`AdministratorAccess` for `arn:aws:iam::aws:policy/AdministratorAccess` (any partition, any path) or the bare name."""
    if value.startswith("arn:"):
        parts = value.split(":", 5)
        if len(parts) == 6 and parts[2] == "iam" and parts[4] == "aws" and parts[5].startswith("policy/"):
            return parts[5].rsplit("/", 1)[-1]
        return None
    return value if value and "/" not in value and ":" not in value else None


def attached_managed_policies(identity: IamIdentity) -> list:
    """The AWS managed policies `identity` attaches, as policy subjects located at each attachment.

    Their wording is AWS's (`generated_by`), so breadth checks stay quiet; what they grant is
    judged like any policy of the identity, with its AI reason.
    """
    from lint.document import MappedDocument
    from lint.iam.managed import aws_managed_policy
    from lint.subjects.iam import PolicyDocument, PolicyKind

    policies = []
    for item in identity.managed_policies:
        name = aws_managed_name(item.value)
        found = aws_managed_policy(name) if name and name.lower() not in ADMIN_GRADE_MANAGED else None
        if found is None:
            continue
        canonical, data = found
        document = MappedDocument(identity.document, data, {"": item.pointer})
        policy = PolicyDocument(document, "", PolicyKind.IDENTITY, identity.name, identities=(identity.name, *identity.identities))
        policy.generated_by = f"the AWS managed policy `{canonical}`"
        policy.ai_reason = identity.ai_reason
        policies.append(policy)
    return policies
