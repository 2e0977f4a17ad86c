"""The scheduled-run example (examples/daily-digest.yml): valid YAML of the usual digest shape, and its digest
step, as the YAML has it, run by bash against the local arXiv look-alike the way a fork without the key's
secret runs it: offline, filing yesterday's papers in site/ and publishing that folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from fake_arxiv import FakeArxiv, FakePaper

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / "examples" / "daily-digest.yml"
YESTERDAY = datetime.now(UTC).date() - timedelta(days=1)


def workflow() -> dict[str, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    loaded["on"] = loaded.pop(True, loaded.get("on"))  # YAML 1.1 reads a bare `on` as true
    return loaded


def uses(job: dict[str, Any]) -> list[str]:
    return [str(step["uses"]).split("@")[0] for step in job["steps"] if "uses" in step]


def digest_step(job: dict[str, Any]) -> dict[str, Any]:
    [step] = [step for step in job["steps"] if "paperbrief report" in step.get("run", "")]
    return step


def test_the_workflow_runs_daily_caches_files_and_publishes() -> None:
    flow = workflow()
    assert flow["on"]["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day
    assert {"pages": "write", "id-token": "write"}.items() <= flow["permissions"].items()
    digest, publish = flow["jobs"]["digest"], flow["jobs"]["publish"]
    assert uses(digest)[:3] == ["actions/checkout", "actions/setup-python", "actions/cache"]
    assert uses(digest)[-1] == "actions/upload-pages-artifact" and digest["steps"][-1]["with"]["path"] == "site"
    assert uses(publish) == ["actions/deploy-pages"] and publish["needs"] == "digest"
    cache = next(step for step in digest["steps"] if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == "${{ env.PAPERBRIEF_CACHE_DIR }}"
    command = " ".join(digest_step(digest)["run"].replace("\\\n", " ").split())
    assert (
        "paperbrief report --arxiv-query 'cat:cs.AI OR cat:cs.CL OR cat:cs.CV OR cat:cs.LG' --since yesterday "
        "--archive site/ --since-last daily" in command
    )
    assert "secrets.ARK_API_KEY" in str(digest_step(digest)["env"])


def expand(text: str, values: dict[str, str]) -> str:
    """`${{ name }}` as GitHub fills it in, from `values`; an expression the test does not know fails it."""

    def value(match: re.Match[str]) -> str:
        assert match[1] in values, f"the test does not know ${{{{ {match[1]} }}}}"
        return values[match[1]]

    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", value, text)


def yesterdays_papers() -> list[FakePaper]:
    published = f"{YESTERDAY.isoformat()}T10:00:00Z"
    on_topic = (
        "Serving large models is slow. We propose {0}, a speculative decoding method for faster LLM inference. "
        "{0} reduces latency by 2.1x on standard benchmarks."
    )

    def paper(base: str, title: str, abstract: str, category: str) -> FakePaper:
        return FakePaper(base, 1, title, abstract, ["Ann Lee"], ["Tsinghua University"], categories=[category],
                         published=published)  # fmt: skip

    return [
        paper("2512.00001", "FastSpec: Speculative Decoding at Scale", on_topic.format("FastSpec"), "cs.CL"),
        paper("2512.00002", "DraftLM: Draft Models for Speculative Decoding", on_topic.format("DraftLM"), "cs.LG"),
        paper("2512.00003", "Songs of Forest Birds", "We record bird songs in three forests.", "cs.LG"),
    ]


@pytest.fixture
def arxiv(monkeypatch: pytest.MonkeyPatch) -> Any:
    with FakeArxiv(yesterdays_papers()) as fake:
        monkeypatch.setenv("PAPERBRIEF_ARXIV_API_URL", fake.api_url)
        monkeypatch.setenv("PAPERBRIEF_ARXIV_PDF_URL", fake.pdf_url)
        monkeypatch.setenv("PAPERBRIEF_ARXIV_DELAY", "0")
        yield fake


def run_digest_step(checkout: Path) -> subprocess.CompletedProcess[str]:
    """The digest step's script with the workflow's, the job's and the step's environment, in `checkout`."""
    flow = workflow()
    job = flow["jobs"]["digest"]
    step = digest_step(job)
    known = {"github.workspace": str(checkout), "secrets.ARK_API_KEY": ""}  # a fork: no secret
    env = dict(os.environ)
    for layer in (flow.get("env", {}), job.get("env", {}), step.get("env", {})):
        env.update({name: expand(str(value), known) for name, value in layer.items()})
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"  # `paperbrief` as pip installed it
    script = expand(step["run"], known)
    shell = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]  # GitHub's `shell: bash`
    return subprocess.run(shell, cwd=checkout, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.skipif(shutil.which("bash") is None, reason="the workflow's steps are bash scripts")
def test_the_digest_step_files_yesterday_offline_when_the_secret_is_absent(arxiv: FakeArxiv, tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "examples").mkdir(parents=True)
    shutil.copy(REPO / "examples" / "paperbrief.toml", checkout / "examples" / "paperbrief.toml")
    run = run_digest_step(checkout)
    assert run.returncode == 0, run.stderr
    day = checkout / "site" / f"{YESTERDAY:%Y-%m}" / f"{YESTERDAY:%m-%d}"
    assert (checkout / "site" / "index.html").exists() and (day / "report.html").exists()
    assert sorted(p.name for p in day.iterdir()) == [
        "day.json", "institutions.csv", "report.html", "report.md", "screening.csv", "screening.html"
    ]  # fmt: skip
    report = (day / "report.md").read_text(encoding="utf-8")
    assert "FastSpec" in report and "DraftLM" in report and "Songs of Forest Birds" not in report
    assert "Songs of Forest Birds" in (day / "screening.csv").read_text(encoding="utf-8-sig")
    assert f"papers\t2\tfailed\t0\toutput\tsite/{YESTERDAY:%Y-%m}/{YESTERDAY:%m-%d}" in run.stderr
    assert "llm\t" not in run.stderr  # offline: no model was asked
    assert (checkout / ".paperbrief-cache").is_dir()  # where actions/cache keeps it between runs
    again = run_digest_step(checkout)  # tomorrow's rerun of the same window: the digest remembers
    assert again.returncode == 0, again.stderr
    assert "papers\t0\tfailed\t0" in again.stderr
