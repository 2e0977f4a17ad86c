"""`--help` of every command and sub-command, as a new user reads it: plain metavars, clean punctuation, help for
every option, and examples at the end."""

from __future__ import annotations

import re

import pytest
import typer.core
import typer.main
from typer.testing import CliRunner

from paperbrief.cli import app
from paperbrief.config import SETTINGS

runner = CliRunner()


def commands(group: typer.core.TyperGroup, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    found: list[tuple[tuple[str, ...], object]] = [(prefix, group)]
    for name, command in group.commands.items():
        if isinstance(command, typer.core.TyperGroup):
            found += commands(command, (*prefix, name))
        else:
            found.append(((*prefix, name), command))
    return found


ALL = commands(typer.main.get_group(app))
IDS = [" ".join(("paperbrief", *path)) for path, _ in ALL]


@pytest.fixture(params=[80, 200], ids=["80 columns", "200 columns"])
def width(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("COLUMNS", str(request.param))
    monkeypatch.setenv("TERMINAL_WIDTH", str(request.param))
    return int(request.param)


@pytest.mark.parametrize(("path", "command"), ALL, ids=IDS)
def test_help_reads_well(path: tuple[str, ...], command: object, width: int) -> None:
    result = runner.invoke(app, [*path, "--help"], catch_exceptions=False)
    text = result.stdout
    assert result.exit_code == 0 and "Usage:" in text
    assert re.findall(r"<[^<>\s]+(?: range)?>", text) == []  # no <bool>, <str>, <list[str]>, <int range>
    assert re.findall(r" [.,;:](?!\S)", text) == []  # no "json ." left where a [default: …] vanished
    assert re.findall(r"\(\s*\)|\[\s*\]", text) == []
    assert "Examples" in text
    name = " ".join(("paperbrief", *path))
    assert re.search(rf"^\s*{re.escape(name)}\b", text, re.MULTILINE), f"no example of {name}"


@pytest.mark.parametrize(("path", "command"), ALL, ids=IDS)
def test_every_option_and_argument_has_help(path: tuple[str, ...], command: object) -> None:
    assert isinstance(command, typer.core.TyperCommand | typer.core.TyperGroup)
    assert command.help
    for param in command.params:
        assert getattr(param, "help", None), f"{' '.join(path)}: {param.name} has no help"


def test_every_setting_is_an_option_of_some_command() -> None:
    """The config keys are the options: none is a key without a flag, and a command's option named after a
    setting is that setting (its help comes from the settings table)."""
    used = set()
    for _, command in ALL:
        assert isinstance(command, typer.core.TyperCommand | typer.core.TyperGroup)
        for param in command.params:
            if param.name in SETTINGS:
                used.add(param.name)
                assert SETTINGS[param.name].help in (getattr(param, "help", "") or "").replace("\\", "")
    assert used == set(SETTINGS)


def test_the_commands_that_use_an_option_share_it() -> None:
    params = {path[-1]: {p.name for p in command.params} for path, command in ALL if path}  # type: ignore[attr-defined]
    model = {"model", "base_url", "api_key_env", "concurrency", "rpm", "timeout", "json_mode", "max_cost", "judge"}
    listing = {"arxiv_query", "since", "until", "status", "max_results", "sort"}
    pdfs = {"jobs", "file_timeout"}
    assert model | listing | pdfs | {"profile", "include_replaced"} <= params["screen"]
    assert model | listing | pdfs | {"profile", "include_replaced", "translate", "archive"} <= params["report"]
    assert pdfs <= params["extract"]


@pytest.mark.parametrize(("path", "command"), ALL, ids=IDS)
def test_no_help_text_holds_an_unescaped_rich_tag(path: tuple[str, ...], command: object) -> None:
    """Help is Rich markup: "[default: 4]" unescaped would be read as a tag and vanish. The CLI escapes only the
    brackets it adds itself, so no help text may bring one of its own."""
    assert isinstance(command, typer.core.TyperCommand | typer.core.TyperGroup)
    for param in command.params:
        assert not re.search(r"(?<!\\)\[[a-z#/@]", getattr(param, "help", None) or ""), f"{param.name}: {param.help}"
