"""Static values of CloudFormation intrinsic functions, where a template fixes them.

Only what the template itself decides is resolved: literals, `Fn::Sub` and
`Fn::Join` over literals and the partition pseudo parameter, and `Ref` /
`Fn::GetAtt` to resources of the same template (as the logical id they name).
Anything else is unknown, and callers treat unknown as "not broad": a
resource ARN built from a parameter is never reported as `*`.
"""

from __future__ import annotations

import re
from typing import Any

#: Pseudo parameters whose value is the same for every stack a reviewer cares about.
PSEUDO = {"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
_PLACEHOLDER = re.compile(r"\$\{([^}!]+)\}")


def static_string(value: Any) -> str | None:
    """The string `value` always evaluates to, or None when the template does not fix it."""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (function, argument), = value.items()
    if function == "Ref":
        return PSEUDO.get(argument) if isinstance(argument, str) else None
    if function == "Fn::Sub":
        template = argument[0] if isinstance(argument, list) and argument else argument
        if not isinstance(template, str):
            return None
        unresolved = [name for name in _PLACEHOLDER.findall(template) if name not in PSEUDO]
        if unresolved:
            return None
        return _PLACEHOLDER.sub(lambda m: PSEUDO[m.group(1)], template)
    if function == "Fn::Join":
        if not (isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str)):
            return None
        parts = [static_string(part) for part in argument[1]] if isinstance(argument[1], list) else [None]
        return None if any(p is None for p in parts) else argument[0].join(parts)  # type: ignore[arg-type]
    return None


def referenced_resource(value: Any) -> str | None:
    """The logical id a `Ref` or `Fn::GetAtt` names (`!Ref OpsRole`, `!GetAtt OpsRole.Arn`)."""
    if isinstance(value, dict) and len(value) == 1:
        (function, argument), = value.items()
        if function == "Ref" and isinstance(argument, str) and not argument.startswith("AWS::"):
            return argument
        if function == "Fn::GetAtt":
            if isinstance(argument, list) and argument and isinstance(argument[0], str):
                return argument[0]
            if isinstance(argument, str):
                return argument.split(".", 1)[0]
    return None
