"""The check interface: `Check`, `Violation`, and embedded `Valid`/`Invalid` examples.

A check is a small class. Its docstring is its documentation (sections
``## What it does``, ``## Why is this bad?``, ``## Example``,
``## Remediation``, ``## References``); its examples are its tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from lint.model import Confidence, Severity, Span

if TYPE_CHECKING:
    from lint.document import Document
    from lint.model import Location
    from lint.subjects.base import Subject

#: Sections every check docstring must have, in order.
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Remediation", "References")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Related:
    """Evidence for a finding: another element, possibly in another document.

    Repository checks, whose evidence is already located, pass a `Location` as `at`.
    """

    at: str | Span | Location
    note: str
    document: Document | None = None
    key: bool = False


@dataclass(frozen=True)
class Violation:
    """What a check reports: a pointer (or span), a concrete message, and evidence.

    `at` is a pointer into the subject's document; set `key=True` to point at the
    key that names the element rather than at its value. The engine computes lines.
    Repository checks pass a `Location` as `at`, and `flow`: the path from the agent to what it
    reaches, hop by hop, each hop a `Related` whose `at` is a `Location`.
    """

    at: str | Span | Location
    message: str
    related: tuple[Related, ...] = ()
    flow: tuple[Related, ...] = ()
    severity: Severity | None = None
    confidence: Confidence | None = None
    key: bool = False
    document: Document | None = None
    #: Machine-readable details a message shortens, e.g. ``{"actions": [...all 95...]}``: JSON reports
    #: carry them as the finding's ``data``, so the message's first line can stay short.
    data: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Valid:
    """A document the check must stay silent on."""

    source: str = ""
    path: str | None = None  # file name that decides format and family; the check's default if None
    note: str = ""
    config: Mapping[str, Any] | None = None  # `[tool.scopelint]` keys in force for this example
    files: Mapping[str, str] | None = None  # a small tree (path -> text) instead of one source


@dataclass(frozen=True)
class Invalid:
    """A document the check must report, at exactly these primary locations, in order.

    Each expectation is a pointer (``/Statement/0/Action``) or, for findings
    with no pointer, a ``line:col`` position. Examples with `files` (a tree) name the file too:
    ``agents/ops.json:/mcpServers/aws``.
    """

    source: str = ""
    expect: Sequence[str] = ()
    path: str | None = None
    note: str = ""
    messages: Sequence[str] = field(default=())  # substrings that some message must contain
    config: Mapping[str, Any] | None = None
    severity: Severity | None = None  # when set, the severity of every finding (context may change it)
    files: Mapping[str, str] | None = None


class Check:
    """Base class of every check, built-in or custom."""

    id: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.MEDIUM
    confidence: ClassVar[Confidence] = Confidence.HIGH
    #: False for checks about how a policy is worded: they skip subjects a framework or AWS wrote
    #: (a CDK `grant_*`, a SAM template, an attached AWS managed policy), which the author cannot reword.
    judges_generated: ClassVar[bool] = True
    #: The subject class the check judges, or a tuple of them.
    subject: ClassVar[type[Subject] | tuple[type[Subject], ...]]
    tags: ClassVar[tuple[str, ...]] = ()
    cwe: ClassVar[tuple[int, ...]] = ()
    example_path: ClassVar[str] = "policy.json"
    valid: ClassVar[Sequence[Valid]] = ()
    invalid: ClassVar[Sequence[Invalid]] = ()
    #: Where the check came from ("scopelint" for built-ins, a plugin or a file otherwise).
    origin: ClassVar[str] = ""

    def check(self, subject: Any) -> Iterator[Violation]:
        """Yield violations for one subject. Pure: no I/O, no printing."""
        return iter(())

    # -- documentation ----------------------------------------------------------------
    @classmethod
    def doc(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        return split_sections(cls.doc())

    @classmethod
    def summary(cls) -> str:
        """One sentence on what the check finds, from ``## What it does``."""
        text = cls.doc_sections().get("What it does", "") or cls.name
        return " ".join(text.split())

    @classmethod
    def subjects(cls) -> tuple[type[Subject], ...]:
        """The subject classes the check judges."""
        return cls.subject if isinstance(cls.subject, tuple) else (cls.subject,)

    @classmethod
    def family(cls) -> str:
        return cls.tags[0] if cls.tags else "general"


def split_sections(doc: str) -> dict[str, str]:
    """Markdown ``## Heading`` sections of a docstring, by heading."""
    sections: dict[str, str] = {}
    current = None
    lines: list[str] = []
    for line in doc.splitlines():
        if line.startswith("## "):
            if current is not None:
                sections[current] = "\n".join(lines).strip()
            current = line[3:].strip()
            lines = []
        elif current is not None:
            lines.append(line)
    if current is not None:
        sections[current] = "\n".join(lines).strip()
    return sections
