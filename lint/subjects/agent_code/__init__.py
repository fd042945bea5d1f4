"""AI agents built in Python code: the tools each is handed, what they can destroy, and who approves.

Only files that import an agent framework (or set the Strands consent variable) are parsed: a
regular expression over import lines decides first, so other Python files cost no libcst parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lint.subjects.agent_code.model import AgentCode, Capability, CodeAgent, Gate, Identity, Setting
from lint.subjects.base import Extractor, Problem, Subject
from lint.subjects import recognizers


class AgentCodeExtractor(recognizers.AgentCode, Extractor):
    """Python modules that build agents with a known framework or call a model API with tools."""

    def extract(self, document: Any) -> Iterator[Subject | Problem]:
        from lint.subjects.agent_code.reader import Reader

        subject = Reader(document).read()
        if subject.agents or subject.environment:
            yield subject


__all__ = ["AgentCode", "AgentCodeExtractor", "Capability", "CodeAgent", "Gate", "Identity", "Setting"]
