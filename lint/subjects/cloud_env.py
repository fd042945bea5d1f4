"""Environment variables that give a process a cloud identity.

An agent whose shell or tools inherit these acts as that identity.
"""

from __future__ import annotations

#: Variable name -> what it makes the process run as.
IDENTITY_VARIABLES = {
    "AWS_PROFILE": "the AWS profile",
    "AWS_DEFAULT_PROFILE": "the AWS profile",
    "AWS_ACCESS_KEY_ID": "static AWS access keys",
    "AWS_SECRET_ACCESS_KEY": "static AWS access keys",
    "AWS_SESSION_TOKEN": "AWS session credentials",
    "AWS_ROLE_ARN": "the AWS role",
    "AWS_WEB_IDENTITY_TOKEN_FILE": "an AWS web identity",
    "GOOGLE_APPLICATION_CREDENTIALS": "a Google Cloud service account",
    "CLOUDSDK_CORE_ACCOUNT": "a Google Cloud account",
    "AZURE_CLIENT_ID": "an Azure service principal",
    "AZURE_CLIENT_SECRET": "an Azure service principal",
    "ARM_CLIENT_ID": "an Azure service principal",
    "KUBECONFIG": "a Kubernetes context",
}


def describe_identity(name: str, value: object) -> str:
    what = IDENTITY_VARIABLES.get(name.upper(), "a cloud identity")
    if name.upper() in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "CLOUDSDK_CORE_ACCOUNT") and isinstance(value, str):
        return f"{what} `{value}`"
    return what
