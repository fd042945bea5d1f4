#!/usr/bin/env python3
"""Rebuild `lint/iam/data/aws-managed-policies.json.gz` from a folder of AWS managed policy documents.

    python scripts/build_aws_managed_policies.py CORPUS_DIR --date YYYY-MM-DD --source TEXT

CORPUS_DIR holds `<PolicyName>.json` files, each the document of the policy's default version.
The output is one gzip'd JSON object: `{"date", "source", "policies": {name: document}}` (and a
small `aws-managed-policies.meta.json` beside it with the date and count),
documents minified and keys sorted, so a rebuild from the same input is byte-identical.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "lint" / "iam" / "data" / "aws-managed-policies.json.gz"
META = TARGET.with_name("aws-managed-policies.meta.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--date", required=True, help="date of the newest policy version in the corpus")
    parser.add_argument("--source", required=True, help="where the documents came from")
    args = parser.parse_args(argv)
    policies = {}
    for file in sorted(args.corpus.glob("*.json")):
        policies[file.stem] = json.loads(file.read_text(encoding="utf-8"))
    payload = json.dumps({"date": args.date, "source": args.source, "policies": policies}, separators=(",", ":"), sort_keys=True)
    TARGET.write_bytes(gzip.compress(payload.encode("utf-8"), compresslevel=9, mtime=0))
    # read by `scopelint --version` without opening the archive
    META.write_text(json.dumps({"date": args.date, "policies": len(policies), "source": args.source}, indent=2) + "\n")
    print(f"{len(policies)} policies, {TARGET.stat().st_size:,} bytes -> {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
