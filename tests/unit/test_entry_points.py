from __future__ import annotations

from importlib.metadata import entry_points as reference

from lint.entry_points import entry_points


def test_same_as_importlib_metadata():
    for group in ("scopelint.checks", "console_scripts", "pytest11"):
        ours = {(ep.name, ep.value) for ep in entry_points(group)}
        theirs = {(ep.name, ep.value) for ep in reference(group=group)}
        assert ours == theirs, group


def test_builtins_are_registered():
    assert ("scopelint", "checks") in {(ep.name, ep.value) for ep in entry_points("scopelint.checks")}


def test_reads_a_distribution_on_a_custom_path(tmp_path):
    dist = tmp_path / "team_checks-1.0.dist-info"
    dist.mkdir()
    (dist / "entry_points.txt").write_text("[console_scripts]\nx = y:z\n\n[scopelint.checks]\nteam = team_checks.rules\n")
    [ep] = entry_points("scopelint.checks", [str(tmp_path)])
    assert (ep.name, ep.value, ep.distribution) == ("team", "team_checks.rules", "team_checks")
