"""Tool manifests: the files that declare what an agent may call, and whether a person confirms each call.

A `ToolManifest` is one declaration of tools, whatever wrote it: an Amazon Bedrock agent's action
groups (CloudFormation, Terraform, CDK), an OpenAPI document used as GPT Actions or as an action
group's schema, an MCP bundle or registry manifest, an MCP server's source code, a Claude Code
plugin or marketplace, a Gemini CLI extension. Each tool keeps what its declaration says and what
its product does when the declaration is silent (`confirmation_default`), so a check can tell an
explicit "no confirmation" from a default one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lint.document import Document
from lint.model import Span
from lint.subjects.base import Item, Subject

#: Words in a tool or operation name that say what it does to the world.
DESTRUCTIVE_WORDS = frozenset(
    "delete remove rm drop destroy terminate purge truncate wipe erase revoke kill nuke teardown deregister "
    "uninstall unlink detach disable rollback reset cancel evict shutdown decommission".split()
)
WRITE_WORDS = frozenset(
    "create update put set write modify insert add post patch send transfer pay charge refund deploy run exec "
    "execute invoke restart reboot stop start approve reject book submit upload move rename publish apply "
    "assign grant scale release merge commit push replace upsert save edit change enable register attach "
    "provision launch trigger schedule order purchase issue mark close archive import migrate restore copy".split()
)
READ_WORDS = frozenset(
    "get list describe search find read fetch lookup look check show view count retrieve query browse "
    "inspect explain summarize summarise estimate calculate compute validate verify preview status info "
    "lookup peek ping health analyze analyse compare recommend suggest scrape crawl extract parse translate "
    "classify detect convert render".split()
)
#: HTTP methods that change state (RFC 9110 safe methods are GET, HEAD, OPTIONS, TRACE).
STATE_CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Parameter names through which the model writes free-form commands or statements.
FREE_FORM_NAMES = frozenset(
    {"query", "command", "cmd", "sql", "statement", "script", "code", "expression", "shell", "bash", "commandline", "command_line", "sqlquery", "sql_query"}
)

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def words(name: str) -> list[str]:
    """`deleteCustomerRecord` / `delete_customer-record` -> ["delete", "customer", "record"]."""
    return [w.lower() for w in _WORD.findall(name)]


def effect_of_name(name: str) -> tuple[str, str]:
    """What a tool's name says it does: ("destructive" | "writes" | "read" | "unknown", the word)."""
    found = words(name)
    for word in found:
        if word in DESTRUCTIVE_WORDS:
            return "destructive", word
    if found and found[0] in READ_WORDS:
        return "read", found[0]
    for word in found:
        if word in WRITE_WORDS:
            return "writes", word
    for word in found:
        if word in READ_WORDS:
            return "read", word
    return "unknown", ""


@dataclass(frozen=True)
class BodyEffect:
    """Something a tool's implementation does, found in its source (never run)."""

    kind: str  # "delete" | "write" | "shell" | "cloud-destructive" | "http-write" | "sql-destructive"
    text: str  # what was seen: "shutil.rmtree", "child_process.exec", "DROP TABLE"
    span: Span


@dataclass(frozen=True)
class ManifestTool:
    """One tool, function or operation a manifest declares."""

    name: str
    pointer: str  # where the tool is declared
    kind: str  # "function" | "operation" | "mcp-tool"
    method: str | None = None  # HTTP method of an operation, upper case
    route: str | None = None  # HTTP path of an operation
    #: The confirmation setting as written (None when absent), its key, whether a person confirms
    #: the call in effect (after the product's default), and what the default is.
    confirmation: Item[Any] | None = None
    confirmation_key: str = ""
    confirmed: bool = True
    confirmation_default: str = ""
    annotations: tuple[tuple[str, Item[Any]], ...] = ()  # (hint, item) as written
    body: tuple[BodyEffect, ...] = ()
    #: Where the implementation was read (its function or handler), for messages.
    body_span: Span | None = None
    parameters: tuple[Item[str], ...] = ()  # parameter names the model fills, with their pointers
    executor: str | None = None  # "Lambda `orders-fn`", "return of control", "MCP server `db`"
    executor_pointer: str | None = None
    document: Document | None = None  # set when the tool is written in another file than the manifest
    #: Destructive actions the executor's role is granted in the same file (`dynamodb:DeleteTable`),
    #: the role's name and where the grant is written.
    executor_grants: tuple[str, ...] = ()
    executor_role: str | None = None
    executor_grant_pointer: str | None = None

    @property
    def declared_effect(self) -> tuple[str, str]:
        """What the declaration says the tool does: from its HTTP method, then from its name."""
        name_effect, word = effect_of_name(self.name)
        if self.method == "DELETE":
            return "destructive", "HTTP DELETE"
        if name_effect == "destructive":
            return name_effect, f"its name says `{word}`"
        if self.method in STATE_CHANGING_METHODS:
            if name_effect == "read":
                return "read", f"its name says `{word}`"  # POST /search and the like
            if name_effect == "writes":
                return "writes", f"HTTP {self.method}, its name says `{word}`"
            return "writes", f"HTTP {self.method}"
        if name_effect == "writes":
            if self.method in ("GET", "HEAD", "OPTIONS"):
                return name_effect, f"its name says `{word}`, though HTTP {self.method}"
            return name_effect, f"its name says `{word}`"
        if self.method in ("GET", "HEAD", "OPTIONS"):
            return "read", f"HTTP {self.method}"
        return name_effect, f"its name says `{word}`" if word else ""

    def annotation(self, hint: str) -> Item[Any] | None:
        for name, item in self.annotations:
            if name == hint:
                return item
        return None

    @property
    def free_form(self) -> list[Item[str]]:
        return [p for p in self.parameters if p.value.lower().replace("-", "_") in FREE_FORM_NAMES]

    @property
    def label(self) -> str:
        if self.kind == "operation" and self.method and self.route:
            return f"`{self.method} {self.route}`" + (f" (`{self.name}`)" if self.name and self.name != self.route else "")
        return f"`{self.name}`"


@dataclass(frozen=True)
class Hook:
    """A command a plugin or extension makes the agent run on an event."""

    event: str
    command: Item[str]
    matcher: str | None = None
    document: Document | None = None  # set when the hook is written in another file than the manifest


@dataclass
class ManifestData:
    product: str  # "bedrock-agent" | "gpt-action" | "mcp-bundle" | "mcp-registry" | "mcp-server" | "claude-plugin" | …
    name: str
    tools: list[ManifestTool] = field(default_factory=list)
    #: The cloud identity the agent runs as (Bedrock `AgentResourceRoleArn`), as written.
    role: Item[str] | None = None
    role_name: str | None = None  # the role's name when the file fixes it (a RoleName, a logical id)
    hooks: list[Hook] = field(default_factory=list)
    excluded_tools: list[Item[str]] = field(default_factory=list)
    #: Workloads the tools run in: ("lambda:orders-fn", pointer) for the graph.
    workloads: list[tuple[str, str]] = field(default_factory=list)
    #: Parts of the declaration that could not be read (a schema in S3): (pointer, why).
    unjudged: list[tuple[str, str]] = field(default_factory=list)


class ToolManifest(Subject):
    """Tools an agent may call as one file declares them."""

    family = "agent"

    def __init__(self, document: Document, data: ManifestData, pointer: str = "") -> None:
        super().__init__(document, pointer)
        self.product = data.product
        self.name = data.name
        self.tools = data.tools
        self.role = data.role
        self.role_name = data.role_name
        self.hooks = data.hooks
        self.excluded_tools = data.excluded_tools
        self.workloads = data.workloads
        self.unjudged = data.unjudged

    @property
    def unconfirmed(self) -> Iterator[ManifestTool]:
        """Tools that run with no person's confirmation and change state by their declaration, or
        whose name says nothing while their executor's role may destroy (`task_tracking` run by a
        Lambda allowed `dynamodb:DeleteTable`)."""
        for tool in self.tools:
            effect = tool.declared_effect[0]
            if not tool.confirmed and (effect in ("destructive", "writes") or (effect == "unknown" and tool.executor_grants)):
                yield tool

    def facts(self):
        from lint.subjects.manifests.facts import manifest_facts

        return manifest_facts(self)
