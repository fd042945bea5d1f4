#!/usr/bin/env python3
"""Generate a Terraform tree for the IaC benchmark: N `.tf` files in module folders.

    python bench/gen_tf.py DIR --files 500 [--seed 1]
    python bench/bench.py DIR --runs 5

Each module has roles with trust policies, `aws_iam_policy_document` data
sources, `jsonencode` and heredoc policies, attachments, and resources that are
not IAM (buckets, queues, functions, variables, outputs), in the proportions
of a service repository. A few policies are over-broad. Output is deterministic
for a seed.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SERVICES = ["s3", "dynamodb", "sqs", "sns", "lambda", "logs", "kms", "ec2", "ecr", "secretsmanager", "ssm"]
VERBS = ["Get*", "List*", "Describe*", "Put*", "Create*", "Delete*", "Update*"]


def _actions(rng: random.Random) -> list[str]:
    service = rng.choice(SERVICES)
    if rng.random() < 0.08:
        return [f"{service}:*"]
    return sorted({f"{service}:{rng.choice(VERBS)}" for _ in range(rng.randint(1, 5))})


def _resource(rng: random.Random, i: int) -> str:
    return "*" if rng.random() < 0.2 else f"arn:aws:s3:::bucket-{i}/*"


def iam_file(rng: random.Random, i: int) -> str:
    statements = "\n".join(
        f"""  statement {{
    sid       = "S{i}x{s}"
    actions   = {json.dumps(_actions(rng))}
    resources = ["{_resource(rng, i)}"]
  }}"""
        for s in range(rng.randint(1, 4))
    )
    heredoc = json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": _actions(rng), "Resource": _resource(rng, i)}]},
        indent=2,
    )
    service = "bedrock.amazonaws.com" if rng.random() < 0.05 else "lambda.amazonaws.com"
    return f'''resource "aws_iam_role" "app_{i}" {{
  name = "app-{i}"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "{service}" }}
      Action    = "sts:AssumeRole"
    }}]
  }})
}}

data "aws_iam_policy_document" "app_{i}" {{
{statements}
}}

resource "aws_iam_role_policy" "app_{i}" {{
  role   = aws_iam_role.app_{i}.id
  policy = data.aws_iam_policy_document.app_{i}.json
}}

resource "aws_iam_policy" "extra_{i}" {{
  name   = "extra-{i}"
  policy = <<EOF
{heredoc}
EOF
}}

resource "aws_iam_role_policy_attachment" "extra_{i}" {{
  role       = aws_iam_role.app_{i}.name
  policy_arn = aws_iam_policy.extra_{i}.arn
}}
'''


def other_file(rng: random.Random, i: int) -> str:
    return f'''variable "env_{i}" {{
  type    = string
  default = "dev"
}}

resource "aws_s3_bucket" "data_{i}" {{
  bucket = "data-{i}-${{var.env_{i}}}"
  tags = {{
    Team = "team-{rng.randint(1, 40)}"
  }}
}}

resource "aws_sqs_queue" "jobs_{i}" {{
  name                       = "jobs-{i}"
  visibility_timeout_seconds = {rng.choice([30, 60, 300])}
}}

resource "aws_lambda_function" "worker_{i}" {{
  function_name = "worker-{i}"
  role          = "arn:aws:iam::123456789012:role/worker"
  handler       = "main.handler"
  runtime       = "python3.12"
  environment {{
    variables = {{
      QUEUE = aws_sqs_queue.jobs_{i}.url
    }}
  }}
}}

output "bucket_{i}" {{
  value = aws_s3_bucket.data_{i}.arn
}}
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    for i in range(args.files):
        folder = args.directory / "modules" / f"svc{i // 10:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % 2 == 0:
            (folder / f"iam_{i}.tf").write_text(iam_file(rng, i))
        else:
            (folder / f"main_{i}.tf").write_text(other_file(rng, i))
    print(f"wrote {args.files} .tf files under {args.directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
