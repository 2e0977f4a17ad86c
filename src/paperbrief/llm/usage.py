"""What a run asks of the model and what it costs: the price table and the `Usage` that goes into the report."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError

if TYPE_CHECKING:
    from .settings import JsonMode, LLMSettings

# The task whose outcomes the report's top-level `llm_briefs` and `fallbacks` count.
BRIEF = "brief"


@dataclass(frozen=True)
class Price:
    """USD per 1 million input and output tokens."""

    input: float
    output: float

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return (input_tokens * self.input + output_tokens * self.output) / 1_000_000


@cache
def load_prices(extra: str | None = None) -> dict[str, Price]:
    """The bundled price table, overridden by the entries of the TOML file `extra`."""
    text = resources.files("paperbrief.data").joinpath("prices.toml").read_text(encoding="utf-8")
    tables = [tomllib.loads(text)]
    if extra:
        try:
            tables.append(tomllib.loads(Path(extra).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read the prices in {extra} (PAPERBRIEF_PRICES): {exc}") from exc
    prices: dict[str, Price] = {}
    for table in tables:
        for name, entry in table.get("models", {}).items():
            prices[name] = Price(float(entry["input"]), float(entry["output"]))
    return prices


def price_for(settings: LLMSettings) -> Price | None:
    """The model's entry, else the longest entry its name starts with, else free on a local server."""
    prices = load_prices(os.environ.get("PAPERBRIEF_PRICES"))
    if settings.model in prices:
        return prices[settings.model]
    prefixes = [name for name in prices if settings.model.startswith(name)]
    if prefixes:
        return prices[max(prefixes, key=len)]
    return Price(0.0, 0.0) if settings.local else None


@dataclass
class TaskUsage:
    """One task's share of a run: its calls, retries, cache hits and tokens, and what became of its papers
    (`done`: the model's answer was used; `failed`: it was not, and the paper says why)."""

    calls: int = 0
    retries: int = 0
    cached: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    done: int = 0
    failed: int = 0

    def add_tokens(self, completion: Any) -> None:
        usage = getattr(completion, "usage", None)
        self.input_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        self.output_tokens += int(getattr(usage, "completion_tokens", 0) or 0)

    def to_dict(self) -> dict[str, int]:
        return dict(vars(self))


@dataclass
class Usage:
    """What a run asked of the model and what it cost, over all its tasks (judge, brief, translate: one
    budget for `--max-cost`); goes into `Report.usage`.

    `tasks` holds each task's `TaskUsage`; `calls`, `retries`, `cached` and the tokens are their sums, and
    `llm_briefs` and `fallbacks` the brief task's outcomes (the report's keys from before there were tasks)."""

    model: str
    base_url: str
    json_mode: JsonMode
    price: Price | None
    tasks: dict[str, TaskUsage] = field(default_factory=dict)
    budget_reached: bool = False
    notes: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, settings: LLMSettings) -> Usage:
        return cls(settings.model, settings.base_url, settings.json_mode, price_for(settings))

    def task(self, name: str) -> TaskUsage:
        """The share of the task `name`, counted from now on if it had none."""
        return self.tasks.setdefault(name, TaskUsage())

    def _total(self, name: str) -> int:
        return sum(getattr(share, name) for share in self.tasks.values())

    @property
    def calls(self) -> int:
        return self._total("calls")

    @property
    def retries(self) -> int:
        return self._total("retries")

    @property
    def cached(self) -> int:
        return self._total("cached")

    @property
    def input_tokens(self) -> int:
        return self._total("input_tokens")

    @property
    def output_tokens(self) -> int:
        return self._total("output_tokens")

    @property
    def llm_briefs(self) -> int:
        return self.tasks[BRIEF].done if BRIEF in self.tasks else 0

    @property
    def fallbacks(self) -> int:
        return self.tasks[BRIEF].failed if BRIEF in self.tasks else 0

    @property
    def cost_usd(self) -> float | None:
        return self.price.cost(self.input_tokens, self.output_tokens) if self.price else None

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def to_dict(self) -> dict[str, Any]:
        cost = self.cost_usd
        return {
            "model": self.model,
            "base_url": self.base_url,
            "json_mode": str(self.json_mode),
            "calls": self.calls,
            "retries": self.retries,
            "cached": self.cached,
            "llm_briefs": self.llm_briefs,
            "fallbacks": self.fallbacks,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cost_usd": round(cost, 6) if cost is not None else None,
            "budget_reached": self.budget_reached,
            "notes": list(self.notes),
            "tasks": {name: share.to_dict() for name, share in self.tasks.items()},
        }
