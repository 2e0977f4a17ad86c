"""Config files and the environment: precedence, origins, the checks of a file, and never a key in a file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from paperbrief import ConfigError, Options, config
from paperbrief.config import SETTINGS, Value
from paperbrief.llm import LLMSettings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def user_file(isolated_env: Path) -> Path:
    return config.user_file()  # the conftest's empty file, named by PAPERBRIEF_CONFIG


def test_a_flag_beats_the_environment_beats_the_folder_file_beats_the_user_file_beats_the_default(
    tmp_path: Path, user_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(user_file, 'model = "user-model"\nconcurrency = 2\ntopic = "用户"\njobs = 3\n')
    write(tmp_path / "paperbrief.toml", '# the folder\'s\nconcurrency = 5\ntopic = "目录"\n')
    monkeypatch.setenv("PAPERBRIEF_TOPIC", "环境")
    values = config.resolve({"topic": "旗标", "rpm": None}, names=["topic", "concurrency", "model", "jobs", "rpm"])
    assert values == {
        "topic": Value("旗标", "flag"),
        "concurrency": Value(5, f"{tmp_path / 'paperbrief.toml'}:2"),
        "model": Value("user-model", f"{user_file}:1"),
        "jobs": Value(3, f"{user_file}:4"),
        "rpm": Value(None, "default"),
    }
    assert config.resolve(names=["topic"])["topic"] == Value("环境", "env PAPERBRIEF_TOPIC")


def test_every_setting_has_its_variable_and_an_older_one_comes_second(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len({s.env[0] for s in SETTINGS.values()}) == len(SETTINGS)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://old/v1")
    assert config.resolve(names=["base_url"])["base_url"] == Value("http://old/v1", "env OPENAI_BASE_URL")
    monkeypatch.setenv("PAPERBRIEF_BASE_URL", "http://new/v1")
    assert config.resolve(names=["base_url"])["base_url"].value == "http://new/v1"
    monkeypatch.setenv("PAPERBRIEF_MODEL", "")  # empty is unset
    assert config.resolve(names=["model"])["model"] == Value(None, "default")


@pytest.mark.parametrize(
    ("variable", "text", "value"),
    [
        ("PAPERBRIEF_JOBS", "2", 2),
        ("PAPERBRIEF_MAX_COST", "0.5", 0.5),
        ("PAPERBRIEF_OFFLINE", "1", True),
        ("PAPERBRIEF_TRANSLATE", "no", False),
        ("PAPERBRIEF_STATUS", "oral, spotlight", ["oral", "spotlight"]),
    ],
)
def test_environment_values_are_typed(monkeypatch: pytest.MonkeyPatch, variable: str, text: str, value: object) -> None:
    monkeypatch.setenv(variable, text)
    name = variable.removeprefix("PAPERBRIEF_").lower()
    assert config.resolve(names=[name])[name].value == value


@pytest.mark.parametrize(
    ("variable", "text", "message"),
    [
        ("PAPERBRIEF_JOBS", "two", "PAPERBRIEF_JOBS='two': must be a whole number"),
        ("PAPERBRIEF_JOBS", "0", "jobs must be at least 1"),
        ("PAPERBRIEF_OFFLINE", "maybe", "use 1 or 0"),
        ("PAPERBRIEF_SORT", "newest", "sort 'newest' is not one of relevance"),
        ("PAPERBRIEF_API_KEY_ENV", "sk-proj-abcdefghijklmnopqrstuvwx", "keys belong in the environment"),
    ],
)
def test_bad_environment_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, text: str, message: str
) -> None:
    monkeypatch.setenv(variable, text)
    with pytest.raises(ConfigError, match=message):
        config.resolve()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('model = "m"\nmodel = "n"\n', r"paperbrief.toml: not valid TOML: .*line 2"),
        (
            'model = "m"\n\nconcurency = 4\n',
            r"paperbrief.toml:3: unknown key 'concurency': did you mean 'concurrency'\?",
        ),
        ('model = "m"\nmax-cost = 1\n', r"paperbrief.toml:2: unknown key 'max-cost': did you mean 'max_cost'\?"),
        ('jobs = "2"\n', r"paperbrief.toml:1: jobs must be a whole number, not '2'"),
        ("translate = 1\n", r"paperbrief.toml:1: translate must be true or false, not 1"),
        ('status = "oral"\n', r"paperbrief.toml:1: status must be a list of text"),
        ('json_mode = "yaml"\n', r"paperbrief.toml:1: json_mode 'yaml' is not one of schema, object, text"),
        ("rpm = 0\n", r"paperbrief.toml:1: rpm must be at least 0.1"),
        ('model = "m"\n[report]\nformat = "html"\n', r"paperbrief.toml:2: \[report\]: a config file has no sections"),
    ],
)
def test_a_bad_file_names_the_file_the_key_and_its_line(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path / "paperbrief.toml", text)
    with pytest.raises(ConfigError, match=message):
        config.resolve(names=["model"])  # the whole file is checked, whatever the command uses


@pytest.mark.parametrize(
    "line",
    [
        'api_key = "abc"',
        'openai-key = "abc"',
        'token = "abc"',
        'secret = "abc"',
        'model = "sk-proj-Abc123def456ghi789jkl012"',
        'api_key_env = "sk-Abc123def456ghi789jkl012"',
        'base_url = "https://x.example/v1?key=sk-abcdefghijklmnopqrst"',
        'api_key_env = "3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"',  # UUID-shaped, as Volcengine Ark keys are
        'topic = "0123456789abcdef0123456789abcdef"',
        'api_key_env = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"',
    ],
)
def test_a_file_with_a_key_is_refused_and_says_why(tmp_path: Path, line: str) -> None:
    write(tmp_path / "paperbrief.toml", f"concurrency = 2\n{line}\n")
    with pytest.raises(ConfigError, match=r"paperbrief.toml:2: .*keys belong in the environment, not in a file"):
        config.resolve()


def test_ordinary_values_are_not_taken_for_keys(tmp_path: Path) -> None:
    write(
        tmp_path / "paperbrief.toml",
        'model = "doubao-seed-1-6-250615"\nbase_url = "https://ark.cn-beijing.volces.com/api/v3"\n'
        'api_key_env = "ARK_API_KEY"\narchive = "my_archive_folder_2025_reports_daily"\n'
        'profile = "Qwen/Qwen2.5-7B-Instruct.toml"\nsince_last = "ep-20250101123456-abcde"\n',
    )
    values = config.resolve()
    assert values["api_key_env"] == Value("ARK_API_KEY", f"{tmp_path / 'paperbrief.toml'}:3")


def test_a_windows_editor_byte_order_mark_is_fine(tmp_path: Path) -> None:
    (tmp_path / "paperbrief.toml").write_text('topic = "推理"\n', encoding="utf-8-sig")
    assert config.resolve(names=["topic"])["topic"].value == "推理"


def test_a_missing_file_named_by_paperbrief_config_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERBRIEF_CONFIG", str(tmp_path / "typo.toml"))
    with pytest.raises(ConfigError, match=r"PAPERBRIEF_CONFIG names .*typo.toml, which is not a file"):
        config.resolve()


def test_without_paperbrief_config_the_user_file_is_in_the_user_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERBRIEF_CONFIG")
    path = config.user_file()
    assert path.name == "paperbrief.toml" and path.parent.name == "paperbrief"


def test_defaults_are_the_librarys_own() -> None:
    assert SETTINGS["file_timeout"].default == Options().timeout
    assert SETTINGS["max_results"].default == Options().max_results
    settings = LLMSettings(model="m")
    assert SETTINGS["concurrency"].default == settings.concurrency
    assert SETTINGS["timeout"].default == settings.timeout
    assert SETTINGS["json_mode"].default == settings.json_mode
    assert SETTINGS["base_url"].default == settings.base_url
    assert SETTINGS["api_key_env"].default == settings.api_key_env
    assert SETTINGS["cache"].default is settings.use_cache


def test_the_starter_file_is_all_comments_and_every_line_works_when_uncommented(tmp_path: Path) -> None:
    text = config.starter()
    assert tomllib.loads(text) == {}
    assignments = [line.removeprefix("# ") for line in text.splitlines() if " = " in line and line.startswith("# ")]
    keys = [line.split(" = ")[0] for line in assignments]
    assert keys == list(SETTINGS)
    write(tmp_path / "paperbrief.toml", "\n".join(assignments) + "\n")
    values = config.resolve()
    assert values["model"].value == "gpt-4o-mini" and values["jobs"].value == 2


def test_write_starter_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "paperbrief.toml"
    config.write_starter(target)
    target.write_text('topic = "mine"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="exists already"):
        config.write_starter(target)
    assert target.read_text(encoding="utf-8") == 'topic = "mine"\n'
