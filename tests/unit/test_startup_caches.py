"""The compact caches behind start-up: per-service catalogue files and the expanded risk catalogues."""

from __future__ import annotations

import json

import pytest

from lint.iam import catalog, risks


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    caches = (catalog._service, catalog._cached_index, catalog._expand, catalog._names, risks._expanded, risks.risk_actions,
              risks.privilege_escalation_methods, catalog.lookup, catalog.expand, catalog.names, catalog.unknown_reason)
    for cached in caches:
        cached.cache_clear()
    yield tmp_path / "scopelint"
    for cached in caches:
        cached.cache_clear()


def test_one_service_is_read_and_saved_alone(cache_home):
    assert catalog.lookup("s3:getobject").full_name == "s3:GetObject"
    folder = cache_home / f"catalog-{catalog.catalog_version()['version']}"
    assert [p.name for p in folder.iterdir()] == ["s3.json"]
    saved = json.loads((folder / "s3.json").read_text())
    assert saved["getobject"][0] == "GetObject"
    catalog._service.cache_clear()
    assert catalog.lookup("s3:GetObject") == catalog.ActionInfo("s3", "GetObject", saved["getobject"][1], saved["getobject"][2])


def test_a_corrupt_service_file_is_read_from_the_catalogue_again(cache_home):
    folder = cache_home / f"catalog-{catalog.catalog_version()['version']}"
    folder.mkdir(parents=True)
    (folder / "s3.json").write_text('{"getobject": "nonsense"')
    assert catalog.lookup("s3:GetObject").name == "GetObject"
    assert json.loads((folder / "s3.json").read_text())["getobject"][0] == "GetObject"


def test_risk_catalogues_are_saved_once_and_read_back_identical(cache_home):
    built = {name: risks.risk_actions(name) for name in risks.RISK_CLASSES}
    methods = risks.privilege_escalation_methods()
    (saved,) = cache_home.glob("risks-*.json")
    assert saved.name.startswith(f"risks-{catalog.catalog_version()['version']}-")
    risks._expanded.cache_clear()
    risks.risk_actions.cache_clear()
    risks.privilege_escalation_methods.cache_clear()
    catalog._service.cache_clear()
    catalog._expand.cache_clear()
    again = {name: risks.risk_actions(name) for name in risks.RISK_CLASSES}
    assert again == built and list(again["destructive"]) == list(built["destructive"])  # order kept too
    assert risks.privilege_escalation_methods() == methods
    assert catalog._service.cache_info().currsize == 0  # read from the cache file: no service expanded


def test_changed_risk_data_gets_a_new_cache_file(cache_home, tmp_path, monkeypatch):
    risks.risk_actions("destructive")
    data = tmp_path / "data"
    data.mkdir()
    for name in risks._DATA_FILES:
        (data / name).write_text((risks.DATA / name).read_text())
    with (data / "risk-actions.yaml").open("a") as stream:
        stream.write("\n# edited\n")
    monkeypatch.setattr(risks, "DATA", data)
    risks._expanded.cache_clear()
    risks._risk_groups.cache_clear()
    risks.risk_actions.cache_clear()
    risks.risk_actions("destructive")
    assert len(list(cache_home.glob("risks-*.json"))) == 2
    risks._risk_groups.cache_clear()


def test_unknown_risk_class_is_a_key_error(cache_home):
    with pytest.raises(KeyError):
        risks.risk_actions("mischief")
