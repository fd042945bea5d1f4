"""The shipped copy of the AWS managed policies."""

from __future__ import annotations

import re

from lint.iam.managed import aws_managed_policy, managed_policies_date


def test_lookup_by_name_in_any_casing():
    name, document = aws_managed_policy("amazons3readonlyaccess")
    assert name == "AmazonS3ReadOnlyAccess"
    assert document["Version"] == "2012-10-17" and document["Statement"]


def test_unknown_names_are_none_and_the_copy_is_dated():
    assert aws_managed_policy("NoSuchPolicy") is None
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", managed_policies_date())
