"""Chinese translations of the abstracts (`--translate`), against the fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fake_openai import Behaviour, FakeOpenAI
from typer.testing import CliRunner

from paperbrief import pipeline
from paperbrief.cli import app
from paperbrief.llm import LLMSettings
from paperbrief.models import Code, Report
from paperbrief.render import Format, render

ABSTRACT = "We propose SparseX. Long contexts are slow. SparseX is 3.5x faster on 8 GPUs."
TRANSLATION = "我们提出了一种新方法。其中一个数字是3.5。其中一个数字是8。"


def write_jsonl(tmp_path: Path, count: int = 2) -> Path:
    path = tmp_path / "papers.jsonl"
    records = [{"title": f"Paper{i}: Sparse Attention", "author_count": 2, "abstract": ABSTRACT} for i in range(count)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run(path: Path, fake: FakeOpenAI, *, translate: bool = True) -> Report:
    llm = LLMSettings(model="fake-model", base_url=fake.url)
    return pipeline.run([str(path)], pipeline.Options(llm=llm, translate=translate))


def test_each_abstract_gets_a_checked_translation_in_every_format(tmp_path: Path, fake: FakeOpenAI) -> None:
    path = write_jsonl(tmp_path)
    report = run(path, fake)
    assert [p.translation for p in report.papers] == [TRANSLATION, TRANSLATION]
    asked = sorted(fake.asked("translate"), key=lambda paper: paper["title"])  # concurrent: any order
    assert len(asked) == 2 and asked[0] == {"title": "Paper0: Sparse Attention", "abstract": ABSTRACT}
    assert json.loads(render(report, Format.JSON))["papers"][0]["translation"] == TRANSLATION
    html = render(report, Format.HTML)
    assert re.search(r"<summary>中文翻译</summary>\s*<p>" + re.escape(TRANSLATION) + "</p>", html)
    assert html.index("<summary>摘要</summary>") < html.index("<summary>中文翻译</summary>")
    assert f"**摘要**:\n{ABSTRACT}\n\n**中文翻译**:\n{TRANSLATION}\n" in render(report, Format.MD)
    assert report.usage is not None and report.usage.tasks["translate"].done == 2
    assert report.usage.calls == 4  # two briefs, two translations
    fake.reset()
    again = run(path, fake)
    assert fake.calls == 0 and [p.translation for p in again.papers] == [TRANSLATION, TRANSLATION]


def test_without_translate_nothing_is_asked_and_the_markdown_is_the_seeds(tmp_path: Path, fake: FakeOpenAI) -> None:
    report = run(write_jsonl(tmp_path), fake, translate=False)
    assert fake.asked("translate") == [] and report.usage is not None and "translate" not in report.usage.tasks
    assert all(p.translation is None for p in report.papers)
    markdown = render(report, Format.MD)
    assert "中文翻译" not in markdown and "中文翻译" not in render(report, Format.HTML)
    assert f"**摘要**:\n{ABSTRACT}\n\n### 2." in markdown


@pytest.mark.parametrize(
    ("fake", "reason"),
    [
        (Behaviour(translation="invented"), "numbers not in the title or abstract: 987.65"),
        (Behaviour(translation="refusal"), "the reply is not a JSON object"),
        (Behaviour(translation="english"), "the translation must be in Chinese"),
    ],
    indirect=["fake"],
    ids=["invented-number", "refusal", "english"],
)
def test_a_rejected_translation_is_left_out_with_a_warning(tmp_path: Path, fake: FakeOpenAI, reason: str) -> None:
    report = run(write_jsonl(tmp_path, count=1), fake)
    [paper] = report.papers
    assert paper.translation is None
    [warning] = [w.message for w in paper.warnings if w.code is Code.TRANSLATION_FAILED]
    assert f"the LLM reply was rejected ({reason}" in warning and warning.endswith("no Chinese translation")
    assert len(fake.asked("translate")) == 2  # asked again once, with the reason
    assert "中文翻译" not in render(report, Format.MD)


def test_the_cli_translates_and_reports_each_tasks_calls(tmp_path: Path, fake: FakeOpenAI) -> None:
    out = tmp_path / "report.md"
    args = ["report", str(write_jsonl(tmp_path)), "-o", str(out), "--model", "fake-model", "--base-url", fake.url]
    result = CliRunner().invoke(app, [*args, "--translate", "--judge", "none"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "**中文翻译**:" in out.read_text(encoding="utf-8")
    assert re.search(r"^llm\tfake-model\tcalls\t4\tretries\t0\tcached\t0\tllm_briefs\t2\t", result.stderr, re.M)
    translations = r"^llm-task\ttranslate\tcalls\t2\tretries\t0\tcached\t0\t.*\tdone\t2\tfailed\t0$"
    assert re.search(translations, result.stderr, re.M)
    assert "llm-task\tbrief" not in result.stderr


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--translate"], "--judge and --translate need a model: pass --model NAME"),
        (["--judge", "all"], "--judge and --translate need a model: pass --model NAME"),
        (["--judge", "sometimes", "--model", "m", "--base-url", "http://127.0.0.1:9/v1"], "unknown judge 'sometimes'"),
    ],
)
def test_the_cli_refuses_judge_or_translate_options_that_cannot_work(
    tmp_path: Path, flags: list[str], message: str
) -> None:
    args = ["report", str(write_jsonl(tmp_path)), "-o", str(tmp_path / "r.md"), *flags]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 2 and message in " ".join(result.stderr.split())
