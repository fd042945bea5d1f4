"""Shell commands that destroy, and how an allow pattern of each product is tested against them.

Each probe is a realistic destructive command; an allow pattern that accepts
a probe auto-approves that kind of destruction. Patterns are judged by what
they accept, not by their text, so `git:*`, `git push.*` and `^git .*$` are
all caught for `git push --force`.
"""

from __future__ import annotations

import re

#: (probe command, what it does)
PROBES = (
    ("rm -rf ./build ~/.aws", "deletes files"),
    ("git push --force origin main", "rewrites the shared branch"),
    ("git reset --hard origin/main", "discards work"),
    ("git clean -fdx", "deletes untracked files"),
    ("terraform destroy -auto-approve", "destroys the infrastructure"),
    ("terraform apply -auto-approve", "changes infrastructure with no plan review"),
    ("cdk destroy --force", "deletes stacks"),
    ("cdk deploy --require-approval never", "deploys with no review"),
    ("npx cdk destroy --force", "deletes stacks"),
    ("npx cdk deploy --require-approval never", "deploys with no review"),
    ("pulumi destroy --yes", "destroys the infrastructure"),
    ("sam delete --no-prompts", "deletes stacks"),
    ("aws cloudformation delete-stack --stack-name prod", "deletes stacks"),
    ("aws rds delete-db-cluster --db-cluster-identifier prod --skip-final-snapshot", "deletes a database"),
    ("aws dynamodb delete-table --table-name orders", "deletes a table"),
    ("aws ec2 terminate-instances --instance-ids i-0123456789abcdef0", "terminates instances"),
    ("aws s3 rb s3://prod-data --force", "deletes a bucket and its objects"),
    ("aws s3 rm s3://prod-data --recursive", "deletes objects"),
    ("kubectl delete namespace prod", "deletes cluster resources"),
    ("kubectl apply -f deploy/prod.yaml", "changes the live cluster"),
    ("kubectl patch deployment api -p '{\"spec\":{\"replicas\":0}}'", "changes the live cluster"),
    ("helm upgrade --install payments ./chart", "changes a live release"),
    ("firebase deploy --only hosting", "deploys to production"),
    ("vercel --prod --yes", "deploys to production"),
    ("helm uninstall payments", "deletes a release"),
    ("psql -c 'DROP TABLE users'", "drops tables"),
    ("mysql -e 'DROP DATABASE shop'", "drops databases"),
    ("dropdb shop", "drops a database"),
    ("docker system prune -af --volumes", "deletes containers and volumes"),
)


#: What a pattern accepts when it ends in "anything": a second command chained to the allowed one.
CHAINS = (" && rm -rf ~", "; rm -rf ~", " | sh")
_LITERAL = re.compile(r"^\^?((?:[^\\.^$*+?{}\[\]|()]|\\[^A-Za-z0-9])*)")


def chained_probes(pattern: str) -> list[str]:
    """Commands that chain a destructive command to what the regex's literal start allows.

    Amazon Q and Kiro CLI match `allowedCommands` against the whole command line, so `cd .*`
    accepts `cd /srv && rm -rf ~`. Products that split a command line at `&&`, `;` and `|`
    before matching (Claude Code, VS Code, Gemini CLI) are not tested with these.
    """
    literal = _LITERAL.match(pattern)
    seed = re.sub(r"\\(.)", r"\1", literal.group(1)) if literal else ""
    if not seed.strip():
        return []
    seed = seed if seed.endswith(" ") or " " in seed else seed + " "
    base = seed + ("x" if seed.endswith(" ") else "")
    return [base + chain for chain in CHAINS]


def prefix_allows(prefix: str, command: str) -> bool:
    """Prefix semantics (Claude `Bash(git:*)`, Kiro trusted commands, Gemini `run_shell_command(git)`)."""
    prefix = prefix.strip()
    if prefix.endswith(":*"):
        prefix = prefix[:-2]
    elif prefix.endswith(" *") or prefix.endswith("*"):
        prefix = prefix.rstrip("*").rstrip()
    if not prefix:
        return True
    return command == prefix or command.startswith(prefix + " ") or (prefix.endswith(" ") and command.startswith(prefix))


def regex_allows(pattern: str, command: str) -> bool:
    """Anchored-regex semantics (Amazon Q / Kiro CLI `allowedCommands`)."""
    try:
        return re.fullmatch(pattern, command) is not None
    except re.error:
        return False


def destructive_probes(allows) -> list[tuple[str, str]]:
    """The probes a pattern accepts, given its `allows(command)` test."""
    return [(probe, what) for probe, what in PROBES if allows(probe)]


def accepts_everything(allows) -> bool:
    """Whether a pattern accepts every probe: a wildcard, not merely a broad rule."""
    return all(allows(probe) for probe, _ in PROBES)
