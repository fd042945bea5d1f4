"""Identity resolution and the committed AWS config reader, hop by hop."""

from __future__ import annotations

from lint.formats.text import TextDocument
from lint.graph.facts import GrantFact, Grant, IdentityFact, IdentityRef, ProfileFact, WorkloadFact, role_name_of
from lint.graph.model import Graph
from lint.graph.resolve import MAX_HOPS, resolve
from lint.model import Location, Span
from lint.subjects.aws_config import profiles


def at(path: str, line: int = 1) -> Location:
    return Location(path, Span.point(line, 1), f"/{line}")


def test_role_names_from_arns_and_names():
    assert role_name_of("arn:aws:iam::123456789012:role/team/ops-deployer") == "ops-deployer"
    assert role_name_of("arn:aws-us-gov:iam::123456789012:role/app") == "app"
    assert role_name_of("ops-deployer") == "ops-deployer"
    assert role_name_of("arn:aws:iam::123456789012:user/alice") is None
    assert role_name_of("arn:aws:iam::${var.account}:role/${var.name}") is None


def test_aws_config_profiles_and_locations():
    text = (
        "# team profiles\n[default]\nregion = us-east-1\n\n[profile ops]\nrole_arn = arn:aws:iam::1:role/ops\n"
        "source_profile = default\n[sso-session corp]\nsso_start_url = https://x\n[profile admin]\n"
        "sso_session = corp\nsso_role_name = AdministratorAccess\n[profile tool]\ncredential_process = /bin/creds\n"
    )
    found = {p.name: p for p in profiles(TextDocument(".aws/config", text))}
    assert sorted(found) == ["admin", "default", "ops", "tool"]
    assert found["ops"].role_arn == "arn:aws:iam::1:role/ops" and found["ops"].source_profile == "default"
    assert (found["ops"].location.span.start_line, found["ops"].location.pointer) == (6, "/ops/role_arn")
    assert found["admin"].sso_role_name == "AdministratorAccess"
    assert found["tool"].credential_process == "/bin/creds"


def test_credentials_file_sections_are_profile_names():
    text = "[ci]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n"
    [profile] = profiles(TextDocument(".aws/credentials", text), credentials=True)
    assert profile.name == "ci" and profile.static_keys


def test_profile_chain_to_a_defined_role_keeps_every_hop():
    graph = Graph([
        ProfileFact(at(".aws/config", 5), "ops", role_arn="arn:aws:iam::1:role/ops"),
        IdentityFact(at("iam.tf", 1), "role", "ops"),
        GrantFact(at("iam.tf", 9), ("ops",), (Grant("destructive", ("s3:DeleteBucket",), at("iam.tf", 12)),)),
    ])
    [reach] = resolve(graph, IdentityRef("profile", "ops", at("agent.json", 3)))
    assert reach.role == "ops" and reach.unresolved is None
    assert [h.path for h in reach.hops] == ["agent.json", ".aws/config", "iam.tf"]
    assert [g.actions for g in reach.grants] == [("s3:DeleteBucket",)]


def test_hops_that_leave_the_repository_say_where():
    graph = Graph([
        ProfileFact(at(".aws/config", 2), "sso", sso_role_name="Admin"),
        ProfileFact(at(".aws/config", 5), "proc", credential_process="/bin/x"),
    ])
    sso = resolve(graph, IdentityRef("profile", "sso", at("a.json")))[0]
    assert "IAM Identity Center permission set `Admin`" in sso.unresolved
    proc = resolve(graph, IdentityRef("profile", "proc", at("a.json")))[0]
    assert "`/bin/x`" in proc.unresolved
    missing = resolve(graph, IdentityRef("role", "arn:aws:iam::1:role/elsewhere", at("a.json")))[0]
    assert missing.role == "elsewhere" and "not defined in this repository" in missing.unresolved
    keys = resolve(graph, IdentityRef("static-keys", "", at("a.json")))[0]
    assert "long-lived access keys" in keys.unresolved


def test_source_profile_cycles_end():
    graph = Graph([
        ProfileFact(at(".aws/config", 1), "a", source_profile="b"),
        ProfileFact(at(".aws/config", 2), "b", source_profile="a"),
    ])
    reaches = resolve(graph, IdentityRef("profile", "a", at("x.json")))
    assert len(reaches) <= 2 and all(len(r.hops) <= MAX_HOPS for r in reaches)


def test_workload_leads_to_its_role_and_aliases_join():
    graph = Graph([
        WorkloadFact(at("template.yaml", 10), "lambda", "orders-fn", (IdentityRef("role", "OrdersRole", at("template.yaml", 12)),)),
        IdentityFact(at("template.yaml", 20), "role", "orders-role", aliases=("OrdersRole",)),
        GrantFact(at("template.yaml", 30), ("OrdersRole",), (Grant("admin", ("*",), at("template.yaml", 33)),)),
    ])
    [reach] = resolve(graph, IdentityRef("workload", "lambda:orders-fn", at("agent.yaml", 4)))
    assert reach.role == "OrdersRole" and [g.risk for g in reach.grants] == ["admin"]
    assert [h.span.start_line for h in reach.hops] == [4, 10, 12, 20]


def test_model_chosen_profile_reaches_every_committed_profile():
    graph = Graph([
        ProfileFact(at(".aws/config", 1), "dev", role_arn="arn:aws:iam::1:role/dev"),
        ProfileFact(at(".aws/config", 4), "prod", role_arn="arn:aws:iam::1:role/prod"),
    ])
    reaches = resolve(graph, IdentityRef("any-profile", "", at("agent.json")))
    assert sorted(r.role for r in reaches) == ["dev", "prod"]
