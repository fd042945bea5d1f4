resource "github_repository_ruleset" "default" {
  name        = "protect-default"
  repository  = github_repository.infra.name
  target      = "branch"
  enforcement = "active"

  conditions {
    ref_name {
      include = ["~DEFAULT_BRANCH"]
      exclude = []
    }
  }

  rules {
    deletion         = true
    non_fast_forward = true
    pull_request {
      required_approving_review_count   = 2
      require_code_owner_review         = true
      dismiss_stale_reviews_on_push     = true
      require_last_push_approval        = true
      required_review_thread_resolution = true
    }
  }
}

resource "github_repository_environment" "production" {
  repository          = github_repository.infra.name
  environment         = "production"
  prevent_self_review = true
  can_admins_bypass   = false

  reviewers {
    teams = [github_team.sre.id]
  }

  deployment_branch_policy {
    protected_branches     = true
    custom_branch_policies = false
  }
}
