from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Related, Severity, Valid, Violation
from lint.iam.grants import name_actions, statement_actions
from lint.subjects.iam import PolicyKind

_READ_LEVELS = {"Read", "List"}


class ResourcePolicyPublic(Check):
    """A resource policy that lets anyone, in any AWS account, use the resource.

    ## What it does
    Finds `Allow` statements in resource policies (S3 bucket, SQS queue, SNS
    topic, KMS key, Lambda, Secrets Manager, ECR… policies) whose principal is
    `"*"` or `{"AWS": "*"}`, or that use `NotPrincipal`, and that no condition
    limits to an organization, account, VPC, VPC endpoint, source ARN or
    private network. Conditions are judged as AWS evaluates them (with
    `policyuniverse`): `aws:PrincipalOrgID`, `aws:PrincipalAccount`,
    `aws:SourceVpce`, `aws:SourceVpc`, `aws:SourceArn`, `aws:SourceAccount`
    and private `aws:SourceIp` ranges restrict the statement;
    `aws:PrincipalArn` like `*` does not.

    ## Why is this bad?
    Every AWS customer — and, for S3 and a few other services, anonymous
    internet users — can call the granted actions. Public write access lets
    anyone overwrite or delete data; public read access is a data leak.

    ## Example
    ```json
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::acme-exports/*"}
    ```

    Use instead:
    ```json
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::acme-exports/*",
     "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}
    ```

    ## Remediation
    Name the accounts or roles that need access in `Principal`, or keep `"*"`
    together with an `aws:PrincipalOrgID` (or VPC endpoint) condition. Serve
    public content through CloudFront with origin access control instead of a
    public bucket.

    ## References
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
    """

    id = "resource-policy-public"
    name = "Resource open to every AWS account"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ("iam", "resource-exposure")
    cwe = (284, 732)

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", '
            '"Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}]}'
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, '
            '"Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:444455556666:q"}]}'
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", '
            '"Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}'
        ),
        Valid(
            'resource "aws_s3_bucket_policy" "exports" {\n'
            '  bucket = aws_s3_bucket.exports.id\n'
            '  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject",'
            ' Resource = "arn:aws:s3:::acme-exports/*" }] })\n'
            '}\n'
            'resource "aws_s3_bucket_public_access_block" "exports" {\n'
            '  bucket = aws_s3_bucket.exports.id\n'
            '  restrict_public_buckets = true\n'
            '}\n',
            path="main.tf",
            note="S3 Block Public Access declared for the same bucket keeps the policy from making it public",
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", '
            '"Resource": "arn:aws:s3:::acme-exports/*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}',
            expect=["/Statement/0/Principal"],
            messages=["limited only by `aws:SourceIp`"],
            severity=Severity.MEDIUM,
            note="public to everyone at those addresses, in any account: reported at reduced severity",
        ),
        Invalid(
            'resource "aws_s3_bucket_policy" "exports" {\n'
            '  bucket = aws_s3_bucket.exports.id\n'
            '  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject",'
            ' Resource = "arn:aws:s3:::acme-exports/*" }] })\n'
            '}\n'
            'resource "aws_s3_bucket_public_access_block" "other" {\n'
            '  bucket = aws_s3_bucket.other.id\n'
            '  restrict_public_buckets = true\n'
            '}\n',
            path="main.tf",
            expect=["/resource/aws_s3_bucket_policy/exports/policy/Statement/0/Principal"],
            note="Block Public Access on another bucket does not cover this one",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", '
            '"Resource": "arn:aws:s3:::acme-exports/*"}]}',
            expect=["/Statement/0/Principal"],
            messages=["`s3:GetObject`"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}, '
            '"Action": ["sqs:SendMessage", "sqs:DeleteQueue"], "Resource": "arn:aws:sqs:eu-west-1:444455556666:q", '
            '"Condition": {"StringLike": {"aws:PrincipalArn": "*"}}}]}',
            expect=["/Statement/0/Principal/AWS/1"],
            messages=["`sqs:DeleteQueue`"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.RESOURCE:
            return
        from policyuniverse.statement import Statement as UniverseStatement

        for statement in policy.allow_statements:
            anyone = statement.principal is not None and statement.principal.is_anyone
            if not anyone and statement.not_principal is None:
                continue
            try:
                public = UniverseStatement(statement.raw).is_internet_accessible()
            except Exception:  # policyuniverse refuses shapes AWS accepts: judge without it
                public = not statement.conditions
            by_address = False
            if not public and statement.not_principal is None:
                by_address = _only_source_ip(statement, UniverseStatement)
                if not by_address:
                    continue
            if policy.public_access_block and all(a.startswith("s3:") for a, _ in statement_actions(statement)):
                continue  # Block Public Access on the bucket keeps the policy from making it public
            if statement.not_principal is not None:
                at, who = statement.not_principal.pointer, "every principal but those in `NotPrincipal`"
            else:
                entry = next(e for e in statement.principal.entries if e.value == "*")
                at, who = entry.pointer, "any principal in any AWS account"
            actions = [a for a, _ in statement_actions(statement)]
            writes = [a for a in actions if not _is_read(a)]
            named = name_actions(writes or actions) or "the listed actions"
            related = tuple(Related(i.pointer, "granted") for i in (statement.actions or ())[:1])
            severity = Severity.CRITICAL if writes else None
            message = f"{who} may call {named} on this resource"
            if by_address:
                # public to the addresses `aws:SourceIp` lists: anyone there, in any account (an office range, a NAT...)
                message += ", limited only by `aws:SourceIp`: anyone at those addresses, in any account"
                severity = Severity.HIGH if writes else Severity.MEDIUM
                related += tuple(Related(p, "the only limit: source addresses") for p in _source_ip_pointers(statement))
            yield Violation(at, message, related=related, severity=severity, key=statement.not_principal is not None)


_IP_OPERATORS = ("IpAddress", "NotIpAddress")


def _without_source_ip(conditions: dict) -> dict:
    out = {}
    for operator, block in conditions.items():
        if isinstance(block, dict):
            kept = {k: v for k, v in block.items() if not (isinstance(k, str) and k.lower() == "aws:sourceip")}
            if kept:
                out[operator] = kept
        else:
            out[operator] = block
    return out


def _only_source_ip(statement, universe) -> bool:
    """Whether only an `aws:SourceIp` condition (literal or computed) stands between the statement and everyone."""
    if "aws:sourceip" not in statement.condition_keys:
        return False
    raw = dict(statement.raw)
    rest = _without_source_ip(statement.conditions)
    if rest:
        raw["Condition"] = rest
    else:
        raw.pop("Condition", None)
    try:
        return bool(universe(raw).is_internet_accessible())
    except Exception:
        return not rest


def _source_ip_pointers(statement) -> list[str]:
    from lint.document import escape, join

    out = []
    for operator, block in statement.conditions.items():
        if isinstance(block, dict):
            for key in block:
                if isinstance(key, str) and key.lower() == "aws:sourceip":
                    out.append(join(statement.element("Condition"), escape(operator), escape(key)))
    return out[:1]


def _is_read(action: str) -> bool:
    from lint.iam import catalog

    info = catalog.lookup(action)
    return info is not None and info.levels <= _READ_LEVELS
