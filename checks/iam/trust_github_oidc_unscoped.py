from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Related, Severity, Valid, Violation
from lint.document import join
from lint.iam.trust import GITHUB_OIDC, condition_values
from lint.subjects.iam import PolicyKind


class GithubOidcUnscoped(Check):
    """A role GitHub Actions may assume without a precise `sub` condition.

    ## What it does
    Finds trust policies that admit GitHub's OIDC provider
    (`token.actions.githubusercontent.com`) and either have no condition on
    `token.actions.githubusercontent.com:sub`, match it with a wildcard that
    spans repositories (`repo:acme/*`, `*`), or bind it to a branch
    (`ref:refs/heads/main`) rather than a deployment environment.

    ## Why is this bad?
    Without `sub`, any workflow in any GitHub repository — anyone's — can
    assume the role. A wildcard admits every repository of the organization,
    including forks' pull requests where allowed. A branch binding lets any
    workflow that runs on that branch assume the role with no approval; an
    `environment:` binding makes the cloud check that the environment's
    required reviewers approved the job.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
     "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
     "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"}}}
    ```

    Use instead:
    ```json
    {"Condition": {"StringEquals": {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:acme/infra:environment:production"}}}
    ```

    ## Remediation
    Match `sub` exactly (`StringEquals`) to one repository and a protected
    environment with required reviewers: `repo:ORG/REPO:environment:NAME`.

    ## References
    - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
    - https://docs.github.com/en/actions/deployment/targeting-different-environments/using-environments-for-deployment#required-reviewers
    """

    id = "trust-github-oidc-unscoped"
    name = "GitHub OIDC role not bound to a repository environment"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ("iam", "trust", "peer-review")
    cwe = (284,)

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", '
            '"Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, '
            '"Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", '
            '"token.actions.githubusercontent.com:sub": "repo:acme/infra:environment:production"}}}]}'
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", '
            '"Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, '
            '"Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}',
            expect=["/Statement/0/Principal/Federated"],
            messages=["any repository"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", '
            '"Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, '
            '"Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": ["repo:acme/*", "repo:acme/infra:ref:refs/heads/main"]}}}]}',
            expect=[
                "/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub/0",
                "/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub/1",
            ],
            messages=["wildcard", "branch"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.TRUST:
            return
        key = f"{GITHUB_OIDC}:sub"
        for statement in policy.allow_statements:
            providers = [e for e in (statement.principal.of_type("Federated") if statement.principal else []) if GITHUB_OIDC in e.value]
            if not providers:
                continue
            uses = condition_values(statement, key)
            if not uses:
                yield Violation(
                    providers[0].pointer,
                    f"any repository's GitHub Actions workflow may assume this role: no `{key}` condition",
                    severity=Severity.CRITICAL,
                )
                continue
            for operator, written, values in uses:
                base = join(statement.element("Condition"), operator, written)
                as_list = isinstance(statement.conditions[operator][written], list)
                for index, value in enumerate(values):
                    pointer = join(base, index) if as_list else base
                    yield from self._judge(str(value), pointer, providers[0].pointer)

    def _judge(self, sub: str, pointer: str, provider: str) -> Iterator[Violation]:
        parts = sub.split(":")
        repository = parts[1] if sub.startswith("repo:") and len(parts) > 1 else sub
        if "*" in repository or "?" in repository:
            yield Violation(
                pointer,
                f"`{sub}` is a wildcard over repositories: any matching repository's workflows may assume this role",
                severity=Severity.CRITICAL if repository in ("*", "*/*") else None,
            )
        elif ":environment:" not in sub:
            yield Violation(
                pointer,
                f"`{sub}` binds the role to a branch, tag or event, not an environment: "
                "any workflow run there assumes it with no reviewer",
                severity=Severity.MEDIUM,
                related=(Related(provider, "GitHub OIDC provider"),),
            )
