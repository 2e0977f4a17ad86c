"""The glossary table's shape, and the translator that says a noun phrase in Chinese only when it can."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import Any

import pytest

from paperbrief.summarize.glossary import KINDS, glossary, parse_glossary, split_words

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _tables() -> dict[str, Any]:
    text = resources.files("paperbrief.data").joinpath("glossary.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _entries() -> list[tuple[str, str, str]]:
    return [(kind, key, zh) for kind in KINDS for key, zh in _tables()[kind].items()]


def test_the_sections_are_the_kinds_and_the_two_helper_tables() -> None:
    assert set(_tables()) == {*KINDS, "skip", "suffixes"}
    assert len(_entries()) >= 900


def test_every_entry_is_a_string_in_chinese_or_a_term_kept_as_written() -> None:
    bad = [
        (key, zh)
        for _, key, zh in _entries()
        if not isinstance(zh, str) or not zh or not (_CJK.search(zh) or zh.casefold() == key.casefold())
    ]
    assert bad == []


def test_a_chinese_form_has_no_number_its_english_lacks() -> None:
    """The brief must never say a number the paper does not: a term's Chinese brings no digits of its own."""
    bad = [(key, zh) for _, key, zh in _entries() if set(re.findall(r"\d", zh)) - set(re.findall(r"\d", key))]
    assert bad == []


def test_keys_are_lower_case_unless_they_are_acronyms() -> None:
    mixed = [key for _, key, _ in _entries() if key != key.lower() and " " in key]
    assert mixed == []  # a case-sensitive key is one acronym ("LLM", "MoE"), never a phrase


def test_a_key_in_several_sections_says_the_same_in_chinese() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for _, key, zh in _entries():
        normal = " ".join(w.text for w in split_words(key))
        if seen.setdefault(normal, zh) != zh:
            clashes.append((key, seen[normal], zh))
    assert clashes == []


def test_suffixes_and_skipped_words() -> None:
    tables = _tables()
    assert all("{}" in template for template in tables["suffixes"].values())
    assert all(word == word.lower() and " " not in word for word in tables["skip"]["words"])


def test_a_key_in_several_sections_has_every_kind() -> None:
    words = parse_glossary({"objects": {"cache": "缓存"}, "techniques": {"cache": "缓存"}})
    entry = words.lookup("caches")
    assert entry is not None and entry.kinds == {"objects", "techniques"}


# --- the translator -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "chinese"),
    [
        ("a simple yet effective differentiable token pruning framework", "可微token剪枝框架"),
        ("Hierarchical Temporal Pruning strategy", "分层时间剪枝策略"),
        ("query-aware page selection mechanism", "查询感知页选择机制"),
        ("KV-cache compression for LLMs", "面向大语言模型的KV缓存压缩"),
        ("4-bit weight quantization of Vision Transformers", "视觉Transformer4比特权重量化"),
        ("pruning and distillation via YOLOv8 backbones", "基于YOLOv8骨干网络的剪枝与蒸馏"),
        ("attention-based token merging", "基于注意力的token合并"),
    ],
)
def test_a_phrase_whose_every_word_is_known_is_said_in_chinese(phrase: str, chinese: str) -> None:
    assert glossary().translate(phrase) == chinese


def test_a_phrase_with_an_unknown_word_is_not_translated_but_its_end_may_be() -> None:
    words = glossary()
    assert words.translate("Gumbel-softmax token selection module") is None
    assert words.tail("Gumbel-softmax token selection module") == "token选择模块"
    assert words.tail("a module for quokkas") == "模块"
    assert words.tail("quokka wrangling") == ""


def test_names_stay_as_written_and_plain_capitalised_words_are_words() -> None:
    words = glossary()
    assert words.translate("LightVLA framework") == "LightVLA框架"
    assert words.translate("Quokka framework") is None


def test_terms_are_found_longest_first_with_their_kinds() -> None:
    found = glossary().terms("The KV cache of large language models (LLMs) incurs memory overhead during inference.")
    assert [(t.text, t.zh) for t in found] == [
        ("KV cache", "KV缓存"),
        ("large language models", "大语言模型"),
        ("LLMs", "大语言模型"),
        ("memory overhead", "内存开销"),
        ("inference", "推理"),
    ]
    assert "issues" in found[3].kinds and "objects" in found[1].kinds


def test_acronyms_match_case_sensitively() -> None:
    words = glossary()
    assert words.lookup("LLMs") is not None
    assert words.lookup("llms") is None
