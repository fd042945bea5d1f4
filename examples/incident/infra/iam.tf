data "aws_iam_policy_document" "github_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:acme/shop:*"]
    }
  }
}

resource "aws_iam_role" "ops_deployer" {
  name               = "ops-deployer"
  assume_role_policy = data.aws_iam_policy_document.github_trust.json
}

resource "aws_iam_role_policy" "environment" {
  name = "manage-environment"
  role = aws_iam_role.ops_deployer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "RecreateEnvironment"
        Effect   = "Allow"
        Action   = ["cloudformation:DeleteStack", "cloudformation:CreateStack", "rds:DeleteDBCluster", "ec2:TerminateInstances"]
        Resource = "*"
      }
    ]
  })
}
