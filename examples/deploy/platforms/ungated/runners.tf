resource "tfe_workspace" "payments_prod" {
  name                   = "payments-prod"
  organization           = var.organization
  working_directory      = "envs/prod"
  auto_apply             = true
  auto_apply_run_trigger = true

  vcs_repo {
    identifier     = "acme/payments-infra"
    branch         = "main"
    oauth_token_id = var.oauth_token_id
  }
}

resource "spacelift_stack" "platform_admin" {
  name           = "platform-admin"
  repository     = "platform"
  branch         = "main"
  project_root   = "spacelift"
  autodeploy     = true
  administrative = true
}

resource "env0_environment" "orders_prod" {
  name        = "orders-prod"
  project_id  = var.env0_project_id
  template_id = var.env0_template_id
  revision    = "main"
}

resource "aws_iam_role" "payments_prod_runs" {
  name               = "tfc-payments-prod"
  assume_role_policy = data.aws_iam_policy_document.tfc_trust.json
}

resource "tfe_variable" "payments_prod_role" {
  workspace_id = tfe_workspace.payments_prod.id
  category     = "env"
  key          = "TFC_AWS_RUN_ROLE_ARN"
  value        = aws_iam_role.payments_prod_runs.arn
}

resource "spacelift_aws_integration" "platform" {
  name     = "platform-admin"
  role_arn = "arn:aws:iam::123456789012:role/spacelift-platform-admin"
}

resource "spacelift_aws_integration_attachment" "platform_admin" {
  integration_id = spacelift_aws_integration.platform.id
  stack_id       = spacelift_stack.platform_admin.id
  read           = true
  write          = true
}
