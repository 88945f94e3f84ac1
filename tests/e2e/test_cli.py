"""The command line end to end: check (a trial build), new, build and its safety."""

from __future__ import annotations

import re

import yaml

from tests.support import VALID_FRONT_MATTER, make_fixture_site, run_cli, story_text


def test_check_passes_on_valid_stories(tmp_path):
    site = make_fixture_site(tmp_path, {"ingest": story_text()})
    result = run_cli("check", "--root", str(site))
    assert result.returncode == 0, result.stderr
    assert "1 stories checked: 0 error(s), 0 warning(s)" in result.stdout


def test_check_reports_every_problem_and_exits_1(tmp_path):
    site = make_fixture_site(tmp_path, {
        "empty": "",
        "typo": story_text(VALID_FRONT_MATTER.replace("metrics:", "metircs:")),
        "badyaml": "---\ntitle: [oops\n---\n",
    })
    result = run_cli("check", "--root", str(site))
    assert result.returncode == 1
    err = result.stderr
    assert "docs/stories/empty.md: the file is empty" in err
    assert re.search(r"docs/stories/typo.md:\d+: metircs: unknown key `metircs`", err) and "did you mean 'metrics'?" in err
    assert re.search(r"docs/stories/badyaml.md:\d+: the front matter is not valid YAML", err)
    assert "3 error(s)" in err


def test_check_warnings_become_errors_with_strict(tmp_path):
    site = make_fixture_site(tmp_path, {"ingest": story_text(VALID_FRONT_MATTER.replace("    method: Cloud bill\n", ""))})
    assert run_cli("check", "--root", str(site)).returncode == 0
    strict = run_cli("check", "--strict", "--root", str(site))
    assert strict.returncode == 1 and "states neither before/after nor how it was measured" in strict.stderr


def test_new_scaffolds_then_refuses_to_overwrite(tmp_path):
    site = make_fixture_site(tmp_path, {})
    first = run_cli("new", "Cut p99 in half", "--kind", "star", "--root", str(site))
    assert first.returncode == 0, first.stderr
    path = site / "docs" / "stories" / "cut-p99-in-half.md"
    front = yaml.safe_load(path.read_text().split("---")[1])
    assert front["title"] == "Cut p99 in half" and front["kind"] == "star"
    path.write_text(path.read_text() + "\nMy own words.\n")
    before = path.read_text()
    second = run_cli("new", "Cut p99 in half", "--root", str(site))
    assert second.returncode == 1 and "already exists; nothing was written" in second.stderr
    assert path.read_text() == before
    assert run_cli("check", "--root", str(site)).returncode == 0  # the scaffold is a valid story


def test_failed_build_keeps_the_previous_site(tmp_path):
    site = make_fixture_site(tmp_path, {"ingest": story_text()})
    assert run_cli("build", "--root", str(site)).returncode == 0
    page = site / "site" / "stories" / "ingest" / "index.html"
    good = page.read_text()
    story = site / "docs" / "stories" / "ingest.md"
    story.write_text(story.read_text().replace("{{ metric_summary() }}", "{{ metric('nope') }}"))
    result = run_cli("build", "--root", str(site))
    assert result.returncode == 1
    assert "The build failed; site/ was left as it was." in result.stderr
    assert page.read_text() == good
    assert not list(site.glob(".site-build-*"))


def test_unknown_template_and_macro_typos_are_named_with_their_line(tmp_path):
    body = "# T\n\nSome prose.\n\n{{ metric_sumary() }}\n"
    fm = VALID_FRONT_MATTER + "template: nope.html\n"
    site = make_fixture_site(tmp_path, {"ingest": story_text(fm, body).replace('["#result"]', "[]")})
    result = run_cli("check", "--root", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"docs/stories/ingest.md:\d+: template: unknown template 'nope.html'", result.stderr)
    line = story_text(fm, body).splitlines().index("{{ metric_sumary() }}") + 1
    assert f"docs/stories/ingest.md:{line}: body: unknown macro or variable `metric_sumary`" in result.stderr


def test_check_reports_a_public_story_linking_to_a_private_one(tmp_path):
    site = make_fixture_site(tmp_path, {
        "secret": story_text(VALID_FRONT_MATTER + "visibility: private\n"),
        "open": story_text(VALID_FRONT_MATTER + "related: [secret]\n"),
    })
    result = run_cli("check", "--root", str(site))
    assert result.returncode == 1
    assert re.search(r"docs/stories/open.md:\d+: related\[0\]: links to the private story docs/stories/secret.md", result.stderr)
