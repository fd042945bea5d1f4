import subprocess


def recreate_stack(name):
    subprocess.run(["aws", "cloudformation", "delete-stack", "--stack-name", name], check=True)
    subprocess.run(["aws", "cloudformation", "deploy", "--stack-name", name, "--template-file", "stack.yaml"], check=True)
