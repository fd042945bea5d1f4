"""Small repositories shared by the graph checks' examples: an agent, the profile it names, the role behind it."""

AGENT_USE_AWS = """{
  "name": "ops",
  "tools": ["*"],
  "allowedTools": ["fs_read", "use_aws"]
}
"""

AGENT_MCP_PROFILE = """{
  "mcpServers": {
    "aws": {
      "command": "uvx",
      "args": ["awslabs.aws-api-mcp-server==1.2.0"],
      "env": {"AWS_API_MCP_PROFILE_NAME": "ops"},
      "autoApprove": ["call_aws"]
    }
  }
}
"""

AGENT_MCP_PROFILE_PROMPTED = """{
  "mcpServers": {
    "aws": {
      "command": "uvx",
      "args": ["awslabs.aws-api-mcp-server==1.2.0"],
      "env": {"AWS_API_MCP_PROFILE_NAME": "ops"}
    }
  }
}
"""

AWS_CONFIG = """[default]
region = us-east-1

[profile ops]
role_arn = arn:aws:iam::123456789012:role/ops-deployer
source_profile = default
"""

ROLE_DESTRUCTIVE = """resource "aws_iam_role" "deployer" {
  name               = "ops-deployer"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "deploy" {
  role = aws_iam_role.deployer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["rds:DeleteDBCluster", "rds:CreateDBSnapshot"]
      Resource = "*"
    }]
  })
}
"""

ROLE_READ_ONLY = """resource "aws_iam_role" "deployer" {
  name               = "ops-deployer"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "deploy" {
  role = aws_iam_role.deployer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["rds:Describe*", "cloudwatch:GetMetricData"]
      Resource = "*"
    }]
  })
}
"""

ROLE_MFA = """resource "aws_iam_role" "deployer" {
  name               = "ops-deployer"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "deploy" {
  role = aws_iam_role.deployer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["rds:DeleteDBCluster"]
      Resource  = "*"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}
"""

ROLE_OIDC_UNBOUND = ROLE_READ_ONLY.replace(
    "  assume_role_policy = data.aws_iam_policy_document.trust.json\n",
    """  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:acme/app:*" } }
    }]
  })
""",
)

ROLE_OIDC_ENVIRONMENT = ROLE_OIDC_UNBOUND.replace("repo:acme/app:*", "repo:acme/app:environment:production")

AWS_CONFIG_SHARED_ADMIN = AWS_CONFIG + """
[profile admin]
role_arn = arn:aws:iam::123456789012:role/ops-deployer
source_profile = default
mfa_serial = arn:aws:iam::123456789012:mfa/alice
"""

AWS_CONFIG_WITH_ADMIN = AWS_CONFIG + """
[profile admin]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = AdministratorAccess
"""
