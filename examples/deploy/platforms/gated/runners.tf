resource "tfe_workspace" "payments_prod" {
  name              = "payments-prod"
  organization      = var.organization
  working_directory = "envs/prod"
  auto_apply        = false

  vcs_repo {
    identifier     = "acme/payments-infra"
    branch         = "main"
    oauth_token_id = var.oauth_token_id
  }
}

resource "tfe_workspace" "payments_dev" {
  name       = "payments-dev"
  auto_apply = true
}

resource "spacelift_stack" "orders_prod" {
  name                  = "orders-prod"
  repository            = "orders"
  branch                = "main"
  autodeploy            = true
  protect_from_deletion = true
}

resource "spacelift_policy" "two_person" {
  name = "two-person-review"
  type = "APPROVAL"
  body = file("${path.module}/policies/approval.rego")
}

resource "spacelift_policy_attachment" "orders_prod" {
  policy_id = spacelift_policy.two_person.id
  stack_id  = spacelift_stack.orders_prod.id
}

resource "env0_environment" "orders_prod" {
  name                       = "orders-prod"
  project_id                 = var.env0_project_id
  template_id                = var.env0_template_id
  approve_plan_automatically = false
}
