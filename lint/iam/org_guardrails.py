"""Service control policies in the scanned tree, as guardrails for the identity policies beside them.

An SCP that denies `rds:Delete*` does not change what an identity policy says,
but it does change what that policy can do in the accounts the SCP is attached
to. Attachments live in AWS Organizations, not in the repository, so a finding
is never dropped because of an SCP: it is lowered, and the SCP's `Deny`
statement is shown as evidence.

SCP files are recognised by name, as for kind detection: a `scps/` folder, or a
file name starting with `scp` or containing `service_control` / `_scp`; in
Terraform, by `aws_organizations_policy` resources of type
`SERVICE_CONTROL_POLICY`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lint.document import Document


@dataclass(frozen=True)
class OrgDeny:
    """One `Deny` statement of an SCP."""

    document: Document
    pointer: str
    names: frozenset[str]  # canonical actions it denies
    conditional: bool

    @property
    def path(self) -> str:
        return self.document.path


class OrgGuardrails:
    """Every SCP `Deny` found in the run, queried by the actions a finding is about."""

    def __init__(self, denies: Iterable[OrgDeny] = ()) -> None:
        self.denies = tuple(denies)
        self.texts = {d.document.path: d.document.text for d in self.denies}

    def __bool__(self) -> bool:
        return bool(self.denies)

    def denying(self, actions: Iterable[str]) -> list[tuple[OrgDeny, list[str]]]:
        """The SCP statements that deny some of `actions`, each with the actions it denies, in order."""
        wanted = list(dict.fromkeys(actions))
        found = []
        for deny in self.denies:
            hit = [a for a in wanted if a in deny.names]
            if hit:
                found.append((deny, hit))
        return found


def collect(files: Iterable[tuple[str, Path, str]]) -> OrgGuardrails:
    """Read the SCPs among `files` (display path, file, format): policy files named as SCPs, and
    `aws_organizations_policy` resources in Terraform. Files that do not parse are skipped here and
    reported by the normal run."""
    from lint.discover import read_text_bounded
    from lint.formats import parse
    from lint.subjects.iam import PolicyDocument, PolicyKind, detect_kind

    denies: list[OrgDeny] = []
    for path, file, fmt in files:
        try:
            text = read_text_bounded(file)
            if fmt == "hcl" and "aws_organizations_policy" not in text:
                continue
            document = parse(path, text, fmt)
        except Exception:  # unreadable or malformed: the per-file run reports it with its position
            continue
        document.file = file
        if fmt == "hcl":
            from lint.subjects.terraform import TerraformExtractor

            policies = [
                s for s in TerraformExtractor().extract(document) if isinstance(s, PolicyDocument) and s.kind is PolicyKind.SCP
            ]
        elif isinstance(document.data, dict) and "Statement" in document.data and detect_kind(path, document.data) is PolicyKind.SCP:
            policies = [PolicyDocument(document, "", PolicyKind.SCP)]
        else:
            policies = []
        for policy in policies:
            denies.extend(_denies(policy))
    return OrgGuardrails(denies)


def _denies(policy) -> list[OrgDeny]:
    from lint.iam.grants import statement_names

    found = []
    for statement in policy.statements:
        if statement.is_deny:
            names = statement_names(statement)
            if names:
                found.append(OrgDeny(policy.document, statement.pointer, names, bool(statement.conditions)))
    return found
