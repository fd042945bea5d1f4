# The deploy role of a service: its policy document and its attachment.
data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "Deploy"
    actions   = ["lambda:UpdateFunctionCode", "lambda:GetFunction"]
    resources = ["arn:aws:lambda:eu-west-1:123456789012:function:orders-*"]
  }
  statement {
    sid       = "Tables"
    actions   = ["dynamodb:*"]
    resources = ["*"]
  }
}
