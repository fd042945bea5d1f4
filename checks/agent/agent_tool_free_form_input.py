from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.messages import brief, first_fitting
from lint.subjects.manifests import ToolManifest


class ToolFreeFormInput(Check):
    """An unconfirmed tool that changes state takes a command, query or SQL the model writes.

    ## What it does
    Looks at the parameters of agent tools that change or delete things and run with no
    confirmation (Bedrock action-group functions and OpenAPI operations, GPT Actions):
    a parameter named `query`, `command`, `cmd`, `sql`, `statement`, `script`, `code` or
    `expression` is reported at the parameter.

    ## Why is this bad?
    A tool with a free-form command parameter is not one action but every action the
    backend can run: `run_sql(sql)` may `DROP TABLE`, `execute(command)` may `rm -rf`.
    The model fills the parameter from its context, which an attacker can write into
    (a ticket, an email, a web page), and no person sees the text before it runs.

    ## Example
    ```yaml
    paths:
      /sql:
        post:
          operationId: runSql
          x-requireConfirmation: DISABLED
          requestBody: {content: {application/json: {schema: {properties: {sql: {type: string}}}}}}
    ```

    ## Remediation
    Replace the free-form parameter with narrow operations whose arguments are values
    (`cancel_order(order_id)`), or enable confirmation so a person reads the command
    before it runs.

    ## References
    - https://docs.aws.amazon.com/bedrock/latest/userguide/agents-userconfirmation.html
    - https://genai.owasp.org/llmrisk/llm062025-excessive-agency/
    """

    id = "agent-tool-free-form-input"
    name = "Unconfirmed state-changing tool takes free-form commands"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    subject = ToolManifest
    tags = ("agent", "human-in-the-loop")
    cwe = (77,)
    example_path = "schemas/ops.yaml"

    valid = [
        Valid(
            "openapi: 3.0.0\ninfo: {title: ops}\npaths:\n  /sql:\n    post:\n      operationId: runSql\n"
            "      x-requireConfirmation: ENABLED\n      requestBody:\n        content:\n          application/json:\n"
            "            schema:\n              properties:\n                sql: {type: string}\n",
        ),
        Valid(
            "openapi: 3.0.0\ninfo: {title: ops}\npaths:\n  /search:\n    get:\n      operationId: searchOrders\n"
            "      x-requireConfirmation: DISABLED\n      parameters:\n        - {name: query, in: query}\n",
            note="a read with a free-form query",
        ),
    ]
    invalid = [
        Invalid(
            "openapi: 3.0.0\ninfo: {title: ops}\npaths:\n  /sql:\n    post:\n      operationId: executeSql\n"
            "      x-requireConfirmation: DISABLED\n      requestBody:\n        content:\n          application/json:\n"
            "            schema:\n              properties:\n                sql: {type: string}\n",
            expect=["/paths/~1sql/post/requestBody/content/application~1json/schema/properties/sql"],
            messages=["`POST /sql` (`executeSql`) takes model-written `sql`"],
        ),
    ]

    def check(self, manifest: ToolManifest) -> Iterator[Violation]:
        for tool in manifest.unconfirmed:
            for parameter in tool.free_form:
                effect, why = tool.declared_effect
                related = (Related(tool.confirmation.pointer, "confirmation is off here"),) if tool.confirmation is not None and tool.document is None else ()
                yield Violation(
                    parameter.pointer,
                    first_fitting(*(
                        f"{tool.label} takes model-written `{parameter.value}` and {('deletes' if effect == 'destructive' else 'changes state')}"
                        f"{reason} with no confirmation: any {parameter.value} runs unreviewed" for reason in (f" ({why})", ""))),
                    related=related,
                    key=not parameter.pointer.endswith("/name"),
                    document=tool.document,
                )
