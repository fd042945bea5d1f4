from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.suppress import IgnoreComments


class UnusedSuppression(Check):
    """An inline ignore that silences nothing, or is not allowed to.

    ## What it does
    Reports `# scopelint: ignore[check-id]` comments that match no finding on
    their line (or the next line, for a comment on a line of its own), that
    name an unknown check, or that try to silence inline a finding that is
    critical or amounts to administrator access (`*:*`, `iam:*` or `Allow` +
    `NotAction` on every resource, a privilege-escalation method, an attached
    admin-grade managed policy) while the configuration does not allow it.
    With `--no-inline-ignores` no ignore is honoured and none is reported.

    ## Why is this bad?
    A stale ignore hides the next real finding on that line. An ignore for a
    critical or admin-equivalent finding, written in the same file it
    silences, is exactly what an agent that can edit the file would do to get
    its change through.

    ## Example
    ```yaml
    Resource: arn:aws:s3:::logs/*  # scopelint: ignore[iam-service-wildcard] legacy
    ```

    ## Remediation
    Delete ignores that match nothing. For critical findings, fix the policy,
    or record an exception in `per-path-ignores` in the configuration file,
    where code owners review it (or set `allow-inline-critical = true`).

    ## References
    - https://docs.astral.sh/ruff/rules/unused-noqa/
    """

    id = "unused-suppression"
    name = "Inline ignore that silences nothing"
    severity = Severity.LOW
    confidence = Confidence.HIGH
    subject = IgnoreComments
    tags = ("core",)
    example_path = "policy.yaml"

    valid = [
        Valid(
            "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n"
            "    Action: ec2:*  # scopelint: ignore[iam-service-wildcard] sandbox account\n    Resource: '*'\n"
        ),
        Valid(
            "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n"
            "    # scopelint: ignore[iam-service-wildcard] sandbox account\n    Action: ec2:*\n    Resource: '*'\n"
        ),
    ]
    invalid = [
        Invalid(
            "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n"
            "    Action: ec2:DescribeInstances  # scopelint: ignore[iam-service-wildcard]\n    Resource: '*'\n",
            expect=["4:36"],
        ),
        Invalid(
            "Version: '2012-10-17'\nStatement:\n  - Effect: Allow  # scopelint: ignore[iam-admin-wildcard] temporary\n"
            "    Action: '*'\n    Resource: '*'\n",
            expect=["3:20"],
            messages=["critical"],
        ),
        Invalid(
            "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n"
            "    Action: iam:*  # scopelint: ignore[iam-service-wildcard] identity team\n    Resource: '*'\n",
            expect=["4:20"],
            messages=["amounts to administrator access (`iam:*` on every resource)"],
        ),
        Invalid(
            "Version: '2012-10-17'  # scopelint: ignore[iam-admn-wildcard]\nStatement: []\n",
            expect=["1:24"],
            messages=["unknown check id `iam-admn-wildcard`"],
        ),
    ]

    def check(self, subject: IgnoreComments) -> Iterator[Violation]:
        for comment in subject.comments:
            if comment.disabled:
                continue  # the run honours no inline ignore: none is used, none is stale
            for check_id in comment.ids:
                if check_id in comment.refused:
                    why = comment.refusals.get(check_id, "is critical")
                    yield Violation(
                        comment.span,
                        f"`ignore[{check_id}]` cannot silence inline a finding that {why}: use `per-path-ignores`",
                    )
                elif check_id not in subject.known_ids:
                    yield Violation(comment.span, f"`ignore[{check_id}]` names an unknown check id `{check_id}`")
                elif check_id in subject.active_ids and check_id not in comment.used:
                    where = "in this resource" if comment.scope is not None else "on this line or the next"
                    yield Violation(comment.span, f"`ignore[{check_id}]` silences nothing {where}")
