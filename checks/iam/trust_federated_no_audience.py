from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.iam.trust import GITHUB_OIDC
from lint.subjects.iam import PolicyKind


class FederatedNoAudience(Check):
    """A role federated users may assume with no audience condition.

    ## What it does
    Finds trust policies that admit an OIDC identity provider (other than
    GitHub's, which `trust-github-oidc-unscoped` covers) without a condition
    on the provider's `:aud` (or `:sub`) key, and SAML providers without a
    `SAML:aud` condition.

    ## Why is this bad?
    Every application registered with the identity provider can obtain tokens
    the role accepts. For shared providers (Google, Cognito identity pools,
    an EKS cluster's OIDC issuer) that means any app, any pod's service
    account, any user of the provider.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
     "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"}}
    ```

    Use instead:
    ```json
    {"Condition": {"StringEquals": {
      "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
      "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:deploy:deployer"}}}
    ```

    ## Remediation
    Add `StringEquals` conditions on the provider's `aud` (and `sub` for
    workload identities) keys naming your application and subject.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
    """

    id = "trust-federated-no-audience"
    name = "Federated trust without an audience condition"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    subject = PolicyDocument
    tags = ("iam", "trust")
    cwe = (284,)

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", '
            '"Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"}, '
            '"Condition": {"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:a:b"}}}]}'
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithSAML", '
            '"Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}, '
            '"Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}'
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", '
            '"Principal": {"Federated": "accounts.google.com"}}]}',
            expect=["/Statement/0/Principal/Federated"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithSAML", '
            '"Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}}]}',
            expect=["/Statement/0/Principal/Federated"],
            messages=["`SAML:aud`"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.TRUST:
            return
        for statement in policy.allow_statements:
            for entry in statement.principal.of_type("Federated") if statement.principal else []:
                if GITHUB_OIDC in entry.value:
                    continue
                keys = statement.condition_keys
                if ":saml-provider/" in entry.value:
                    if "saml:aud" not in keys:
                        yield Violation(entry.pointer, f"SAML provider `{entry.value}` is trusted with no `SAML:aud` condition")
                    continue
                if not any(k.endswith((":aud", ":oaud", ":sub", ":amr")) for k in keys):
                    yield Violation(
                        entry.pointer,
                        f"identity provider `{entry.value}` is trusted with no audience or subject condition: "
                        "any application using it may assume this role",
                    )
