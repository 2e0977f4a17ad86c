"""Every command, option, config key and variable is documented in the README, and the README's command reference
names no option the commands do not have."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.core
import typer.main

from paperbrief.cli import app
from paperbrief.config import SETTINGS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def commands(group: typer.core.TyperGroup, prefix: str = "paperbrief") -> list[tuple[str, typer.core.TyperCommand]]:
    found: list[tuple[str, typer.core.TyperCommand]] = []
    for name, command in group.commands.items():
        if isinstance(command, typer.core.TyperGroup):
            found += commands(command, f"{prefix} {name}")
        else:
            found.append((f"{prefix} {name}", command))
    return found


ALL = commands(typer.main.get_group(app))


def options_of(command: typer.core.TyperCommand) -> list[str]:
    return [o for p in command.params for o in (*p.opts, *p.secondary_opts) if o.startswith("--") and o != "--help"]


@pytest.mark.parametrize(("name", "command"), ALL, ids=[name for name, _ in ALL])
def test_command_and_its_options_are_in_the_readme(name: str, command: typer.core.TyperCommand) -> None:
    assert name in README
    assert command.help
    assert [opt for opt in options_of(command) if opt not in README] == []


def test_the_command_reference_names_only_options_that_exist() -> None:
    """The block under `## Commands` is the synopsis of every command: each option it names is one of theirs."""
    reference = README.split("## Commands", 1)[1].split("```", 2)[1]
    existing = {opt for _, command in ALL for opt in options_of(command)}
    named = set(re.findall(r"--[a-z][a-z-]*", reference))
    assert named - existing == set()
    for name, command in ALL:
        assert name in reference
        assert [opt for opt in options_of(command) if opt not in reference] == [], name


def config_rows() -> list[str]:
    """The README's table of config keys as the settings table has it (regenerate the README's from this)."""
    kinds = {str: "text", int: "whole number", float: "number", bool: "true/false", list: "list of text"}
    rows = []
    for s in SETTINGS.values():
        flag = "--format" if s.name == "screening_format" else s.flag
        default = s.shown_default or (
            "" if s.default is None else str(s.default).lower() if s.kind is bool else s.default
        )
        rows.append(f"| `{s.name}` | `{flag}` | {kinds[s.kind]} | {default} | {s.help} |")
    return rows


def test_every_config_key_is_documented_as_the_settings_table_has_it() -> None:
    table = README.split("### Config keys", 1)[1].split("\n\n", 2)[1]
    assert [line for line in table.splitlines() if line.startswith("| `")] == config_rows()
    assert "PAPERBRIEF_<NAME>" in README and "PAPERBRIEF_CONFIG" in README
