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
