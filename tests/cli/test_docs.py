"""Every command and every option is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.core
import typer.main

from paperbrief.cli import app

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


@pytest.mark.parametrize(("name", "command"), ALL, ids=[name for name, _ in ALL])
def test_command_and_its_options_are_in_the_readme(name: str, command: typer.core.TyperCommand) -> None:
    assert name in README
    assert command.help
    options = [opt for param in command.params for opt in param.opts if opt.startswith("--") and opt != "--help"]
    assert [opt for opt in options if opt not in README] == []
