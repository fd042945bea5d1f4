resource "github_branch_protection" "main" {
  repository_id = github_repository.infra.node_id
  pattern       = "main"

  required_pull_request_reviews {
    required_approving_review_count = 0
  }
}

resource "github_repository_environment" "staging" {
  repository  = github_repository.infra.name
  environment = "staging"
}
