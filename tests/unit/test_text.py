"""The shared text readers: sentences, numbers as written and clauses, in English and Chinese."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperbrief.text import (
    clause,
    ends_with_sentence,
    is_chinese,
    normalize_number,
    numbers_in,
    quantities,
    sentence_spans,
    split_sentences,
    squeeze,
)

# --- Whitespace ------------------------------------------------------------------------------------------

# Every kind of whitespace `str.split` knows in ASCII, the control characters that are not whitespace, and a few
# beyond ASCII (a no-break space, an ideographic space, a line separator).
SPACED = st.text(st.sampled_from(" \n\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x00\x07\x7fab.\u00a0\u3000\u2028"), max_size=14)


@settings(max_examples=1000, database=None, derandomize=bool(os.environ.get("CI")))
@given(SPACED)
def test_squeeze_is_split_and_join(text: str) -> None:
    assert squeeze(text) == " ".join(text.split())


# --- Sentences -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentences",
    [
        ["We use e.g. ResNet-50 and i.e. a small model.", "It works 2.5 times faster."],
        ["Smith et al. (2020) study this, as do Wu et al. and others.", "We go further."],
        ["We test A, B, etc. on GPUs.", "See Fig. 3, Figs. 4-5, Eq. 2 and Sec. 4.1 for details."],
        ["It beats A vs. B and cf. C, runs approx. 3 times faster and ranks No. 1.", "Done."],
        ["Version 1.2.3 of the library reaches 99.5% accuracy.", "12 models were tested!", "Why?"],
        ['The authors say "it is fast."', "(A note follows.)", "“Quoted.”", "End"],
    ],
)
def test_english_sentences_split_at_their_ends_only(sentences: list[str]) -> None:
    assert split_sentences(" ".join(sentences)) == sentences


def test_chinese_sentences_split_on_full_width_stops_without_spaces() -> None:
    text = "大模型推理很慢。然而，现有方法难以扩展；我们提出了X！效果如何？实验表明X加速3.5倍.结束。“好。”他说"
    assert split_sentences(text) == [
        "大模型推理很慢。",
        "然而，现有方法难以扩展；",
        "我们提出了X！",
        "效果如何？",
        "实验表明X加速3.5倍.",
        "结束。",
        "“好。”",
        "他说",
    ]


def test_mixed_english_and_chinese_sentences_split_both_ways() -> None:
    assert split_sentences("We propose X. 我们提出了X。It is 3× faster.") == [
        "We propose X.",
        "我们提出了X。",
        "It is 3× faster.",
    ]


def test_spans_are_verbatim_slices_without_surrounding_space() -> None:
    text = "  First line\nwraps here.  Second one.\n\n第三句。第四句  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["First line\nwraps here.", "Second one.", "第三句。", "第四句"]
    assert split_sentences(text)[0] == "First line wraps here."
    assert sentence_spans("   ") == [] and split_sentences("") == []


@pytest.mark.parametrize(
    ("text", "full"),
    [
        ("It works.", True),
        ("Does it? ", True),
        ("It works (see below)", True),
        ('He said "yes"', True),
        ("它有效。", True),
        ("真的吗？", True),
        ("It reduces latency by", False),
        ("我们提出了一种", False),
        ("The model reaches 3.5", False),
    ],
)
def test_ends_with_sentence_tells_a_cut_off_abstract(text: str, full: bool) -> None:
    assert ends_with_sentence(text) is full


def test_chinese_is_told_by_its_characters_even_with_english_names() -> None:
    assert is_chinese("我们提出了 TinyServe，一种高效的 LLM 服务系统")
    assert not is_chinese("We thank Tsinghua University (清华) for support.")
    assert not is_chinese("")


# --- Numbers ---------------------------------------------------------------------------------------------


def test_numbers_are_normalised_so_thousands_separators_do_not_matter() -> None:
    assert normalize_number("1,000") == normalize_number("1000") == "1000"
    assert numbers_in("1,024 pages, 3.4× and 2025") == {"1024", "3.4", "2025"}
    assert numbers_in("ResNet-50 on 16x16 patches, v1.2") == {"50", "16", "1.2"}
    assert numbers_in("gains of 1.44%-5.46%") == {"1.44", "5.46"}
    assert numbers_in("batches 1,2,4") == {"1", "2", "4"}  # not a thousands separator: no group of three
    assert numbers_in("提升了27%，快3倍") == {"27", "3"}


@pytest.mark.parametrize(
    ("text", "value", "numbers", "unit"),
    [
        ("It reaches 1,000 FPS.", "1,000 FPS", (1000.0,), "FPS"),
        ("a 3.4× speed-up", "3.4×", (3.4,), "×"),
        ("a 2x gain", "2x", (2.0,), "x"),
        ("a 5-fold cut", "5-fold", (5.0,), "-fold"),
        ("速度提升了3倍", "3倍", (3.0,), "倍"),
        ("准确率提升了27%", "27%", (27.0,), "%"),
        ("uses 2.5 GB of memory", "2.5 GB", (2.5,), "GB"),
        ("runs 2.5 times faster", "2.5 times", (2.5,), "times"),
        ("gains of 1.44%-5.46% on GLUE", "1.44%-5.46%", (1.44, 5.46), "%"),
        ("3–5× faster", "3–5×", (3.0, 5.0), "×"),
        ("scores 41.2/38.5 BLEU", "41.2/38.5", (41.2, 38.5), ""),
        ("trained for 1,200 steps", "1,200", (1200.0,), ""),
        ("is 2.8 per cent more accurate", "2.8 per cent", (2.8,), "per cent"),
        ("a 10.2 percentage point gain", "10.2 percentage point", (10.2,), "percentage point"),
        ("gains 3.1 pp on MMLU", "3.1 pp", (3.1,), "pp"),
    ],
)
def test_quantities_keep_the_number_as_written_with_its_unit(
    text: str, value: str, numbers: tuple[float, ...], unit: str
) -> None:
    [quantity] = quantities(text)
    assert (quantity.text, quantity.numbers, quantity.unit, quantity.change) == (value, numbers, unit, "")
    assert text[quantity.start : quantity.end] == value


@pytest.mark.parametrize(
    ("text", "value", "numbers", "change"),
    [
        ("reduces latency from 1,250 ms to 300 ms", "from 1,250 ms to 300 ms", (1250.0, 300.0), "reduction"),
        ("improves from 8.11% to 21.99%", "from 8.11% to 21.99%", (8.11, 21.99), "increase"),
        ("speed from 45 to 68 FPS", "from 45 to 68 FPS", (45.0, 68.0), "increase"),
        ("from 26 FPS (baseline) to 45 FPS", "from 26 FPS (baseline) to 45 FPS", (26.0, 45.0), "increase"),
        ("From 3.2 GB down to 1.1 GB", "From 3.2 GB down to 1.1 GB", (3.2, 1.1), "reduction"),
        # the ends in different units are compared in one
        ("from 1.3TB to 103GB", "from 1.3TB to 103GB", (1.3, 103.0), "reduction"),
    ],
)
def test_from_a_to_b_is_one_change_keeping_both_numbers(
    text: str, value: str, numbers: tuple[float, ...], change: str
) -> None:
    [quantity] = quantities(text)
    assert (quantity.text, quantity.numbers, quantity.change) == (value, numbers, change)


@pytest.mark.parametrize(
    ("text", "value", "numbers"),
    [
        ("speedups of 2.35x to 2.72x", "2.35x to 2.72x", (2.35, 2.72)),
        ("by a factor of 3.7 to 4×", "3.7 to 4×", (3.7, 4.0)),
        ("improvements ranged from 7× to over 125×", "7× to over 125×", (7.0, 125.0)),
        ("accuracy ranging from 76.7% to 81.4%", "76.7% to 81.4%", (76.7, 81.4)),
        ("compression ratios of 20% ∼ 25%", "20% ∼ 25%", (20.0, 25.0)),
    ],
)
def test_a_to_b_without_a_change_is_a_range(text: str, value: str, numbers: tuple[float, ...]) -> None:
    [quantity] = quantities(text)
    assert (quantity.text, quantity.numbers, quantity.change) == (value, numbers, "")


def test_a_range_with_to_ends_in_a_unit_of_change() -> None:
    assert [q.text for q in quantities("cuts memory by 40% to 2.1 GB")] == ["40%", "2.1 GB"]


def test_numbers_inside_names_and_sizes_are_not_values() -> None:
    found = quantities("ResNet-50 and Top-1 with 16x16 patches, 3 × 3 kernels and v1.5 in 2020-2021")
    assert [q.text for q in found] == ["16", "3", "3", "2020"]
    assert all(q.unit == "" for q in found)


# --- Clauses ---------------------------------------------------------------------------------------------


def test_a_short_sentence_loses_only_its_final_stop() -> None:
    assert clause("The model is fast.") == "The model is fast"
    assert clause("模型速度很快。") == "模型速度很快"


def test_a_long_english_sentence_is_cut_on_whole_words() -> None:
    sentence = "We evaluate " + " ".join(f"model {i}.5 with 1,000 steps" for i in range(10)) + "."
    trimmed = clause(sentence, max_words=12)
    assert trimmed == "We evaluate model 0.5 with 1,000 steps model 1.5 with 1,000 steps…"


def test_a_long_english_sentence_ends_at_a_comma_in_its_second_half() -> None:
    sentence = "one two three four five six, seven eight nine ten eleven twelve"
    assert clause(sentence, max_words=10) == "one two three four five six…"
    assert clause("one, two three four five six seven eight nine ten eleven", max_words=10) == (
        "one, two three four five six seven eight nine ten…"
    )


def test_a_long_chinese_sentence_is_cut_by_characters_at_a_comma() -> None:
    sentence = "本文提出了一种基于稀疏注意力的推理加速方法，在保持精度的同时将延迟降低了40%，并在多个基准上验证。"
    assert (
        clause(sentence, max_chars=40) == "本文提出了一种基于稀疏注意力的推理加速方法，在保持精度的同时将延迟降低了40%…"
    )
    assert clause(sentence, max_chars=30) == "本文提出了一种基于稀疏注意力的推理加速方法…"


def test_a_chinese_cut_never_splits_a_number_or_an_english_word() -> None:
    sentence = "我们的方法在基准上达到了12345.678的吞吐量并超过了TinyServeLongName系统"
    assert clause(sentence, max_chars=18) == "我们的方法在基准上达到了…"
    assert clause(sentence, max_chars=38) == "我们的方法在基准上达到了12345.678的吞吐量并超过了…"


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("5倍", "fivefold"),
        ("5倍", "5×"),
        ("12万", "120K"),
        ("12万", "120 thousand"),
        ("两倍", "2×"),
        ("两倍", "twice"),
        ("约80%", "approximately 80%"),
        ("70亿参数", "7B parameters"),
        ("四个数量级", "four orders of magnitude"),
        ("二十倍", "20-fold"),
        ("3.4", "3.40"),
    ],
)
def test_numbers_read_as_chinese_writers_write_them(chinese: str, english: str) -> None:
    assert numbers_in(chinese) == numbers_in(english) != set()


def test_chinese_numerals_are_numbers_only_before_a_unit_of_size() -> None:
    assert numbers_in("一种统一的两阶段方法，进一步提升") == set()
    assert (
        normalize_number("十五") == "15" and normalize_number("三百") == "300" and normalize_number("两万") == "20000"
    )
    assert numbers_in("5m runs, 8 MB, 16KB") == {"5", "8", "16"}  # only K, M, B, T right after a number scale it
