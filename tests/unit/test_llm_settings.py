"""LLM settings and key, prices, the model server's retry numbers, the cache key, and a light import."""

from __future__ import annotations

import random
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from paperbrief.errors import ConfigError
from paperbrief.http import Failure
from paperbrief.llm import LLMSettings, api_key, resolve_settings
from paperbrief.llm.brief import question
from paperbrief.llm.client import retry_policy
from paperbrief.llm.settings import LOCAL_DUMMY_KEY
from paperbrief.llm.usage import Price, load_prices, price_for
from paperbrief.models import Paper


def test_no_model_means_offline_and_the_environment_fills_in(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_settings() is None
    monkeypatch.setenv("PAPERBRIEF_MODEL", "qwen-plus")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://dashscope.aliyuncs.com/compatible-mode/v1/")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    settings = resolve_settings()
    assert settings is not None
    assert (settings.model, settings.base_url) == ("qwen-plus", "https://dashscope.aliyuncs.com/compatible-mode/v1")
    explicit = resolve_settings(model="deepseek-chat", base_url="https://api.deepseek.com")
    assert explicit is not None
    assert (explicit.model, explicit.base_url) == ("deepseek-chat", "https://api.deepseek.com")


def test_a_remote_endpoint_without_a_key_names_the_variable_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="set the environment variable DEEPSEEK_API_KEY"):
        resolve_settings(model="deepseek-chat", base_url="https://api.deepseek.com", api_key_env="DEEPSEEK_API_KEY")
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-d")
    settings = resolve_settings(
        model="deepseek-chat", base_url="https://api.deepseek.com", api_key_env="DEEPSEEK_API_KEY"
    )
    assert settings is not None and api_key(settings) == "sk-d"


def test_a_local_server_needs_no_key_but_gets_one_if_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for url in ("http://localhost:11434/v1", "http://127.0.0.1:8000/v1", "http://[::1]:8080/v1"):
        assert api_key(LLMSettings(model="m", base_url=url)) == LOCAL_DUMMY_KEY
    monkeypatch.setenv("OPENAI_API_KEY", "token-for-vllm")
    assert api_key(LLMSettings(model="m", base_url="http://localhost:8000/v1")) == "token-for-vllm"


def test_a_base_url_without_a_model_is_a_usage_error() -> None:
    with pytest.raises(ConfigError, match="--model"):
        resolve_settings(base_url="http://localhost:8000/v1")


def test_max_cost_needs_a_known_price(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    with pytest.raises(ConfigError, match=r"prices\.toml"):
        resolve_settings(model="mystery-model", max_cost=1.0)
    assert resolve_settings(model="gpt-4o-mini", max_cost=1.0) is not None


def test_the_price_table_has_one_positive_input_and_output_price_per_model() -> None:
    raw = resources.files("paperbrief.data").joinpath("prices.toml").read_text(encoding="utf-8")
    table = tomllib.loads(raw)
    assert set(table) == {"models"} and table["models"]
    for name, entry in table["models"].items():
        assert name.strip() == name and name
        assert set(entry) == {"input", "output"}, name
        assert all(isinstance(v, int | float) and v >= 0 for v in entry.values()), name


def test_prices_match_by_longest_prefix_are_free_locally_and_can_be_overridden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert price_for(LLMSettings(model="gpt-4o-mini-2024-07-18")) == load_prices()["gpt-4o-mini"]
    assert price_for(LLMSettings(model="unknown")) is None
    assert price_for(LLMSettings(model="unknown", base_url="http://localhost:1/v1")) == Price(0, 0)
    extra = tmp_path / "prices.toml"
    extra.write_text('[models."gpt-4o-mini"]\ninput = 1\noutput = 2\n', encoding="utf-8")
    monkeypatch.setenv("PAPERBRIEF_PRICES", str(extra))
    assert price_for(LLMSettings(model="gpt-4o-mini")) == Price(1, 2)
    assert Price(1, 2).cost(1_000_000, 500_000) == pytest.approx(2.0)


def test_the_model_server_backs_off_from_half_a_second_with_jitter_and_honours_retry_after() -> None:
    policy = retry_policy(LLMSettings(model="m", max_retries=8))
    assert policy.attempts == 9
    rng = random.Random(1)
    assert policy.wait(3, Failure("HTTP 429", wait=7.0), rng) == 7.0
    assert policy.wait(3, Failure("HTTP 429", wait=600.0), rng) == 120.0  # a server cannot stall the run
    for attempt in range(1, 9):
        ceiling = min(30.0, 0.5 * 2 ** (attempt - 1))
        delays = {policy.wait(attempt, Failure("HTTP 500"), rng) for _ in range(20)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jitter: retries of many papers do not fire in lockstep


def test_importing_the_llm_package_does_not_import_the_openai_sdk() -> None:
    code = "import sys, paperbrief.llm, paperbrief.pipeline; print('openai' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def cache_key(paper: Paper, settings: LLMSettings) -> str:
    return question(paper).cache_key(settings)


def test_the_cache_key_changes_with_content_model_and_endpoint() -> None:
    paper = Paper(source="a", title="T", abstract="We propose X.", institutions=["MIT"])
    base = LLMSettings(model="m", base_url="http://h/v1")
    key = cache_key(paper, base)
    assert key == cache_key(Paper(source="elsewhere", title="T", abstract="We propose X.", institutions=["MIT"]), base)
    assert key == cache_key(paper, LLMSettings(model="m", base_url="http://h/v1", concurrency=9))
    assert key != cache_key(paper, LLMSettings(model="m2", base_url="http://h/v1"))
    assert key != cache_key(paper, LLMSettings(model="m", base_url="http://other/v1"))
    changed = Paper(source="a", title="T", abstract="We propose Y.", institutions=["MIT"])
    assert key != cache_key(changed, base)
    assert key != cache_key(Paper(source="a", title="T", abstract="We propose X.", institutions=["ETH Zurich"]), base)
