"""The offline brief: one Chinese sentence in the fixed form, said from the paper's own facts."""

from __future__ import annotations

import re

import pytest

from paperbrief.models import BriefOrigin, Code, Paper
from paperbrief.summarize import UNKNOWN_TEAM, brief_paper, invented_numbers, offline_brief
from paperbrief.summarize.checks import FORM

LIGHTVLA = (
    "Vision-language-action (VLA) models are hard to deploy on resource-constrained platforms. "
    "However, the large number of visual tokens incurs substantial computational overhead during inference. "
    "We propose LightVLA, a simple yet effective differentiable token pruning framework for VLA models. "
    "Experiments show that LightVLA reduces FLOPs by 59.1% and latency by 38.2%, while improving the task success "
    "rate by 2.6%."
)
TINYSERVE = (
    "Large language models are costly to serve at scale. "
    "The KV cache of large language models incurs substantial memory overhead during inference. "
    "In this paper, we present TinyServe, a query-aware page selection mechanism. "
    "TinyServe achieves up to 3.4× speedup and reduces memory from 2,048 MB to 900 MB."
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def make_paper(abstract: str = TINYSERVE, **fields: object) -> Paper:
    paper = Paper(source="test", title="TinyServe: Query-Aware Cache Selection for LLM Serving", abstract=abstract)
    for name, value in fields.items():
        setattr(paper, name, value)
    return paper


def offline_text(abstract: str) -> str:
    brief = offline_brief(make_paper(abstract, title="A Study"))
    assert brief is not None
    return brief.text


def brief_of(paper: Paper) -> dict[str, str]:
    brief = offline_brief(paper)
    assert brief is not None
    match = FORM.match(brief.text)
    assert match, brief.text
    assert invented_numbers(brief.text, paper) == []
    return match.groupdict()


def chinese_share(text: str) -> float:
    cjk, latin = len(_CJK.findall(text)), len(re.findall(r"[A-Za-z]", text))
    return cjk / (cjk + latin)


# --- the whole sentence ---------------------------------------------------------------------------------


@pytest.mark.parametrize("abstract", [LIGHTVLA, TINYSERVE])
def test_the_brief_is_one_mostly_chinese_sentence_of_about_160_characters(abstract: str) -> None:
    paper = make_paper(abstract, institutions=["Tsinghua University"])
    brief = offline_brief(paper)
    assert brief is not None and brief.origin is BriefOrigin.OFFLINE
    assert FORM.match(brief.text)
    assert len(brief.text) <= 200
    assert chinese_share(brief.text) >= 0.5, brief.text


def test_the_parts_of_a_paper_with_a_named_method_and_headline_claims() -> None:
    paper = make_paper(LIGHTVLA, title="The Better You Learn: Efficient VLA Models via Token Pruning")
    parts = brief_of(paper)
    assert parts["name"] == "The Better You Learn"
    assert parts["technique"] == "面向VLA模型的可微token剪枝框架LightVLA"
    assert parts["problem"] == "VLA推理中视觉token的计算开销问题"
    assert parts["effect"] == "FLOPs减少59.1%、延迟降低38.2%、成功率提升2.6%"


# --- institutions ----------------------------------------------------------------------------------------


def test_the_best_known_two_institutions_are_named_in_chinese() -> None:
    names = ["Acme Robotics Lab", "Nanjing University", "Tsinghua University", "Columbia University"]
    assert brief_of(make_paper(institutions=names))["who"] == "清华大学、哥伦比亚大学"


def test_a_paper_without_institutions_names_the_research_team() -> None:
    assert brief_of(make_paper())["who"] == UNKNOWN_TEAM


# --- 〈论文〉 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("TinyServe: Query-Aware Cache Selection", "TinyServe"),
        ("ResidualViT for Efficient Temporally Dense Video Encoding", "ResidualViT"),
        ("Efficient Object Detection with Token Pruning", "结合token剪枝的高效目标检测"),
        ("Bayesian Flibbertigibbet Reasoning Over Quokkas", "TinyServe"),  # the method's name
        # neither a title in capitals nor capitalised words joined by a hyphen make a name
        ("MULTILINGUAL BOTTLE-NECK FEATURE LEARNING FROM UNTRANSCRIBED SPEECH", "TinyServe"),
        ("Time-Contrastive Learning Based Features for Speaker Verification", "TinyServe"),
        ("Cott-ADNet for Cotton Detection", "Cott-ADNet"),
        ("Mamba2 for Long Sequences", "Mamba2"),  # a model's version is no plain word
    ],
)
def test_the_paper_is_named_by_its_short_name_its_chinese_title_or_its_method(title: str, name: str) -> None:
    assert brief_of(make_paper(title=title))["name"] == name


def test_a_paper_whose_title_cannot_be_said_in_chinese_and_names_no_method_is_named_by_its_title() -> None:
    paper = make_paper("Quokkas matter. We study wombats. It works.", title="Bayesian Reasoning Over Quokkas")
    assert brief_of(paper)["name"] == "《Bayesian Reasoning Over Quokkas》"


# --- 〈技术〉 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proposal", "technique"),
    [
        ("We propose TinyKV, a training-free KV cache compression method.", "免训练KV缓存压缩方法TinyKV"),
        ("We propose a hierarchical temporal pruning (HTP) strategy.", "分层时间剪枝策略HTP"),
        ("We introduce a lightweight detector called FastDet.", "轻量级检测器FastDet"),
        # a modifier the glossary does not know is left out: the head still says what it is
        ("We design a Gumbel-softmax token selection module.", "token选择模块"),
    ],
)
def test_the_technique_is_the_proposals_noun_phrase_in_chinese_with_its_name(proposal: str, technique: str) -> None:
    abstract = f"Serving is slow. {proposal} It is faster."
    assert brief_of(make_paper(abstract, title="A Study"))["technique"] == technique


def test_a_technique_the_glossary_cannot_say_is_said_with_the_terms_of_the_abstract() -> None:
    abstract = "Serving is slow. We propose QuokkaNet, which marries quokkas to wombats for quantization. It is fast."
    assert brief_of(make_paper(abstract, title="A Study"))["technique"] == "基于量化的方法QuokkaNet"


@pytest.mark.parametrize(
    "proposal",
    [
        "We propose to marry quokkas to wombats.",
        # what a method does without is not what it is
        "Unlike prior work, our method introduces no additional parameters, routines or verification.",
        "We present a method for quokkas.",
    ],
)
def test_a_technique_with_nothing_to_say_is_a_new_method_never_an_english_clause(proposal: str) -> None:
    abstract = f"Serving is slow. {proposal} It is fast."
    assert brief_of(make_paper(abstract, title="A Study"))["technique"] == "一种新方法"


DISTILLED = "Diffusion models are slow to sample. We propose FastDiff, a step distillation method. "


def test_the_technique_carries_the_setting_the_abstract_states_for_its_method() -> None:
    abstract = DISTILLED + (
        "FastDiff uses 4-bit quantization with only 149M parameters and 8 sampling steps. "
        "Experiments on CIFAR-10 and ImageNet-1K show that it keeps image quality."
    )
    technique = brief_of(make_paper(abstract, title="A Study"))["technique"]
    assert technique == "步数蒸馏方法FastDiff（4比特量化、参数量149M、8步采样，在CIFAR-10、ImageNet-1K上评测）"


def test_a_baselines_setting_is_not_the_papers_and_what_it_beats_is_a_comparison() -> None:
    abstract = DISTILLED + (
        "FastDiff needs 4 steps, compared to the baseline's 100-step sampling. It outperforms GPT-4o on GSM8K."
    )
    paper = make_paper(abstract, title="A Study")
    assert brief_of(paper)["technique"] == "步数蒸馏方法FastDiff（4步，在GSM8K上评测，对比GPT-4o）"


@pytest.mark.parametrize(
    "setting",
    [
        "It runs on a 0.015 B parameters backbone.",  # "0.015B" would be another number than "0.015 B"
        "It has three steps: sample, score and prune.",  # a procedure's steps are no sampling steps
        "Code: https://github.com/kec1212/FastDiff.",  # an address names no model
    ],
)
def test_a_setting_is_said_only_when_its_numbers_read_back_the_same(setting: str) -> None:
    abstract = f"{DISTILLED}{setting} It keeps image quality."
    assert brief_of(make_paper(abstract, title="A Study"))["technique"] == "步数蒸馏方法FastDiff"


def test_the_setting_fits_in_the_sentence_after_the_effect() -> None:
    abstract = DISTILLED + (
        "FastDiff uses 4-bit quantization with 149M parameters and 8 sampling steps on CIFAR-10 and ImageNet-1K. "
        "It reduces latency by 38.2%, memory by 41.5%, FLOPs by 59.1% and energy by 22.4%, raises throughput by "
        "2.1× and accuracy by 1.5%, and gives a 3.4× speedup."
    )
    paper = make_paper(abstract, title="A Study", institutions=["Tsinghua University", "Peking University"])
    brief = offline_brief(paper)
    assert brief is not None and len(brief.text) <= 160
    assert brief.effect == (
        "延迟降低38.2%、内存减少41.5%、FLOPs减少59.1%、能耗降低22.4%、吞吐量提升2.1倍、准确率提升1.5%、实现3.4倍加速"
    )
    assert brief.technique.startswith("步数蒸馏方法FastDiff（4比特量化")


# --- 〈问题〉 ----------------------------------------------------------------------------------------------


def test_the_problem_is_the_bottleneck_the_abstract_names() -> None:
    assert brief_of(make_paper())["problem"] == "大语言模型推理中KV缓存的内存开销问题"


def test_a_problem_without_a_named_bottleneck_says_less() -> None:
    efficient = "Vision transformers are everywhere. We propose FastViT. FastViT is efficient."
    assert brief_of(make_paper(efficient, title="A Study"))["problem"] == "视觉Transformer的效率问题"
    vague = "Quokkas matter. We propose Wombat. Wombat is good."
    assert brief_of(make_paper(vague, title="A Study"))["problem"] == "现有方法的不足"


# --- 〈效果〉 ----------------------------------------------------------------------------------------------


def test_claims_become_chinese_metric_phrases_with_the_papers_numbers_as_written() -> None:
    assert brief_of(make_paper())["effect"] == "实现最高3.4倍加速、内存从2,048 MB降至900 MB"


def test_a_method_named_after_its_proposal_is_named() -> None:
    abstract = (
        "Decoding is slow. We hypothesize that late layers suffice. "
        "We refer to this inference paradigm as Direct Multi-Token Decoding (DMTD). It is 2x faster."
    )
    assert brief_of(make_paper(abstract, title="Direct Multi-Token Decoding"))["technique"] == "DMTD方法"


def test_a_claim_measured_on_a_vendors_model_names_both() -> None:
    abstract = "Models are large. We propose AsyMoE. AsyMoE achieves a 1.46× speedup on NVIDIA A800 GPUs."
    assert brief_of(make_paper(abstract, title="A Study"))["effect"] == "在NVIDIA A800上实现1.46倍加速"


@pytest.mark.parametrize(
    ("result", "effect"),
    [
        ("AsyMoE cuts latency by 40% compared with vLLM.", "延迟降低40%"),  # what it beats, not where
        ("AsyMoE improves accuracy by 1.2 points.", "准确率提升1.2个百分点"),  # a rate's points are percentage points
        ("AsyMoE improves BLEU by 1.2 points.", "BLEU提升1.2分"),
        ("AsyMoE improves accuracy by 2% on GSM8K MATH500.", "在GSM8K上准确率提升2%"),  # two names, no vendor
    ],
)
def test_only_where_a_claim_was_measured_is_said_as_where(result: str, effect: str) -> None:
    abstract = f"Models are large. We propose AsyMoE. {result}"
    assert brief_of(make_paper(abstract, title="A Study"))["effect"] == effect


@pytest.mark.parametrize(
    ("result", "effect"),
    [
        ("AsyMoE achieves speedups of 2.35x to 2.72x.", "实现2.35至2.72倍加速"),
        ("AsyMoE's latency improvements ranged from 7× to over 125×.", "延迟降低7至超过125倍"),
        ("AsyMoE provides greater than 30 FPS.", "速度达超过30 FPS"),
        ("AsyMoE reduces total cost by 30% and unnecessary cost up to 60%.", "成本分别降低30%和最高60%"),
    ],
)
def test_ranges_bounds_and_shared_verbs_read_as_chinese(result: str, effect: str) -> None:
    abstract = f"Models are large. We propose AsyMoE. {result}"
    assert brief_of(make_paper(abstract, title="A Study"))["effect"] == effect


def test_a_model_is_said_where_it_was_measured_though_the_methods_name_contains_it() -> None:
    abstract = "Models are large. We propose Mamba2Serve, a serving system. Experiments on Mamba2 show it is sound."
    assert "在Mamba2上评测" in offline_text(abstract)


def test_a_setting_the_technique_already_names_is_not_said_twice() -> None:
    abstract = "Models are large. We propose QuantX, a 4-bit quantization method. QuantX uses 4-bit quantization."
    assert brief_of(make_paper(abstract, title="A Study"))["technique"].count("4比特量化") == 1


def test_what_a_claim_beats_is_not_where_it_was_measured() -> None:
    abstract = "Models are large. We propose AsyMoE. AsyMoE achieves a 1.5× speedup over FlashAttention on LLaMA-2-7B."
    assert brief_of(make_paper(abstract, title="A Study"))["effect"] == "在LLaMA-2-7B上实现1.5倍加速"


def test_claims_on_one_metric_are_said_once_and_where_they_were_measured() -> None:
    abstract = (
        "Models are large. We propose AsyMoE. "
        "AsyMoE achieves 26.58% and 15.45% accuracy improvements on ImageNet over two baselines."
    )
    assert brief_of(make_paper(abstract, title="A Study"))["effect"] == "在ImageNet上准确率分别提升26.58%和15.45%"


@pytest.mark.parametrize(
    ("result", "effect"),
    [
        ("It retains 94% of the original model performance.", "性能保持为原来的94%"),
        ("It improves accuracy by 10.2 percentage points.", "准确率提升10.2个百分点"),
        ("It is 35 per cent faster.", "实现35%加速"),
        ("It prunes 88.9% of visual tokens.", "视觉token减少88.9%"),
        ("It outperforms vanilla MTP by 82%.", "性能提升82%"),
    ],
)
def test_claims_beyond_efficiency_are_said_in_chinese(result: str, effect: str) -> None:
    abstract = f"Serving is slow. We propose FastServe. {result}"
    assert brief_of(make_paper(abstract, title="A Study"))["effect"] == effect


def test_numbers_stated_with_the_problem_are_not_the_papers_results() -> None:
    abstract = (
        "Existing pruning methods lose 20% of the success rate. We propose SpecPrune. "
        "SpecPrune achieves a 1.46× speedup."
    )
    assert brief_of(make_paper(abstract, title="A Study"))["effect"] == "实现1.46倍加速"


@pytest.mark.parametrize(
    ("results", "effect"),
    [
        ("It significantly reduces inference latency while maintaining accuracy.", "降低推理延迟、保持准确率"),
        ("It outperforms state-of-the-art methods.", "优于现有方法"),
        ("It works well in practice.", "经实验验证有效"),
    ],
)
def test_an_abstract_without_numbers_gives_what_it_claims_without_numbers(results: str, effect: str) -> None:
    abstract = f"Detectors are slow. We propose FastDet. {results}"
    assert brief_of(make_paper(abstract, title="A Study"))["effect"] == effect


def test_a_cost_is_never_raised_and_a_gain_never_lowered_without_numbers() -> None:
    abstract = "Detectors are slow. We propose FastDet. It reduces the burden without hurting the efficiency."
    assert "降低效率" not in brief_of(make_paper(abstract, title="A Study"))["effect"]


# --- Chinese abstracts, given briefs, papers without material ---------------------------------------------

CHINESE_ABSTRACT = (
    "大语言模型在长上下文推理时速度缓慢。"
    "然而，现有的KV缓存压缩方法难以在压缩率和精度之间取得平衡，显存开销依然很大。"
    "本文提出了一种查询感知的KV缓存选择方法TinyKV，它根据当前查询动态保留关键token。"
    "实验结果表明，TinyKV在LongBench上将推理速度提升了3.4倍，同时显存占用降低了60%。"
)


def test_a_chinese_abstract_gives_three_different_parts_from_its_own_sentences() -> None:
    paper = make_paper(CHINESE_ABSTRACT, title="TinyKV: 查询感知的缓存选择", institutions=["Tsinghua University"])
    brief = offline_brief(paper)
    assert brief is not None
    assert brief.text.startswith("清华大学发布了TinyKV论文")
    assert brief.technique == "查询感知的KV缓存选择方法TinyKV，它根据当前查询动态保留关键token"
    assert brief.problem == "现有的KV缓存压缩方法难以在压缩率和精度之间取得平衡，显存开销依然很大"
    assert brief.effect == "TinyKV在LongBench上将推理速度提升了3.4倍，同时显存占用降低了60%"
    assert invented_numbers(brief.text, paper) == []


def test_a_chinese_problem_named_in_the_proposal_sentence_is_that_problem() -> None:
    abstract = (
        "针对大模型推理中KV缓存占用显存过大的问题，提出了一种分层压缩方法HiKV。"
        "该方法将缓存分为热区和冷区并分别量化。"
        "在多个基准上的实验表明，HiKV在精度损失小于1%的情况下将吞吐量提高了2.1倍。"
    )
    brief = offline_brief(make_paper(abstract))
    assert brief is not None
    assert (brief.technique, brief.problem) == ("分层压缩方法HiKV", "大模型推理中KV缓存占用显存过大的问题")
    assert brief.effect == "HiKV在精度损失小于1%的情况下将吞吐量提高了2.1倍"


def test_a_number_may_be_written_with_or_without_thousands_separators() -> None:
    paper = make_paper(title="Serving 1000 requests on 1,024 pages fivefold faster", institutions=["Lab 42"])
    assert invented_numbers("1,024页、1000个请求、42号实验室、3.4倍、5倍", paper) == []
    assert invented_numbers("提升了27%，1,000个请求", make_paper()) == ["1000", "27"]


def test_a_paper_with_no_abstract_and_no_text_gets_no_brief_even_if_one_was_given() -> None:
    paper = make_paper("", given_brief="请提供论文的标题、主要机构和摘要信息以生成技术简报。")
    brief_paper(paper)
    assert paper.brief is None
    assert paper.has_warning(Code.NO_BRIEF)


def test_a_given_brief_is_used_verbatim_and_checked() -> None:
    paper = make_paper(given_brief="X发布了Y论文，达成了提速99%的效果")
    brief_paper(paper)
    assert paper.brief is not None
    assert paper.brief.text == "X发布了Y论文，达成了提速99%的效果"
    assert paper.brief.origin is BriefOrigin.GIVEN
    assert any("99" in w.message for w in paper.warnings if w.code == Code.GIVEN_BRIEF_NUMBERS)


@pytest.mark.parametrize("failed", [True, False])
def test_failed_papers_are_never_briefed(failed: bool) -> None:
    paper = make_paper()
    if failed:
        paper.fail("broken")
    brief_paper(paper)
    assert (paper.brief is None) is failed
