"""The workflow that publishes the site (.github/workflows/pages.yml) builds it as the README says.

GitHub runs the workflow, not this machine, so this reads it: a push to main builds the site
with the README's own command, on the lowest Python the package supports, and deploys the
directory the README says the build writes to, with the permissions GitHub Pages needs.
"""

import re
import tomllib
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text()
WORKFLOW = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text())
# YAML 1.1, which PyYAML reads, takes the key `on` for the boolean true
TRIGGERS = WORKFLOW.get("on", WORKFLOW.get(True))
JOBS = WORKFLOW["jobs"]


def _readme_docs_command():
    """The command of the README's bash block that builds the site."""
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL)
    (command,) = [line for b in blocks for line in b.splitlines() if "nox -s docs" in line]
    return command.strip()


def _steps(job):
    return JOBS[job]["steps"]


def _uses(job, action):
    """The steps of ``job`` that use ``action`` (any version)."""
    return [s for s in _steps(job) if s.get("uses", "").split("@")[0] == action]


def test_a_push_to_main_publishes():
    assert TRIGGERS["push"]["branches"] == ["main"]
    assert WORKFLOW["permissions"]["pages"] == "write"
    assert WORKFLOW["permissions"]["id-token"] == "write"
    # one deployment at a time, and a deployment under way is never cut off
    assert WORKFLOW["concurrency"]["group"]
    assert WORKFLOW["concurrency"]["cancel-in-progress"] is False


def test_the_site_is_built_with_the_readme_command():
    command = _readme_docs_command()
    assert command == "pip install nox && nox -s docs"
    runs = [s["run"].strip() for s in _steps("build") if "run" in s]
    assert runs == [command]
    for action in ("actions/checkout", "actions/configure-pages"):
        assert len(_uses("build", action)) == 1, action


def test_the_build_runs_on_the_lowest_supported_python():
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    (setup,) = _uses("build", "actions/setup-python")
    assert f">={setup['with']['python-version']}" == requires


def test_node_is_there_for_mathjax():
    """MathJax comes from npm first (docs/_ext/mathjax_fetch.py); PyPI is the fallback."""
    assert len(_uses("build", "actions/setup-node")) == 1


def test_the_directory_the_readme_names_is_uploaded_and_deployed():
    (site,) = re.findall(r"Build the site into `([^`]+)`", README)
    (upload,) = _uses("build", "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == site.rstrip("/") == "docs/_build/html"
    # the build step comes before the upload
    steps = _steps("build")
    assert steps.index(upload) > next(i for i, s in enumerate(steps) if "run" in s)
    deploy = JOBS["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert len(_uses("deploy", "actions/deploy-pages")) == 1


@pytest.mark.parametrize("job", sorted(JOBS))
def test_every_action_is_pinned_to_a_major_version(job):
    for step in _steps(job):
        if "uses" in step:
            assert re.fullmatch(r"actions/[\w-]+@v\d+", step["uses"]), step["uses"]
