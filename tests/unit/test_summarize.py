from __future__ import annotations

import re

import pytest

from paperbrief.models import BriefOrigin, Code, Paper
from paperbrief.summarize import UNKNOWN_TEAM, brief_paper, invented_numbers, offline_brief

ABSTRACT = (
    "Large language models are slow at inference. However, existing caches waste memory on long prompts. "
    "In this paper, we propose TinyCache, a query-aware cache selection method for efficient serving. "
    "Experiments show that TinyCache achieves a 3.4× speed-up and 1,024 fewer pages with 0.5% accuracy loss."
)
FORM = re.compile(
    r"^(?P<who>.+?)发布了(?P<name>.+?)论文，使用(?P<tech>.+?)，解决了(?P<problem>.+?)，达成了(?P<effect>.+)的效果$"
)


def make_paper(**fields: object) -> Paper:
    paper = Paper(source="test", title="TinyCache: Query-Aware Cache Selection", abstract=ABSTRACT)
    for name, value in fields.items():
        setattr(paper, name, value)
    return paper


def test_offline_brief_has_the_sentence_form_and_uses_the_papers_own_sentences() -> None:
    brief = offline_brief(make_paper(institutions=["Tsinghua University", "Columbia University", "MIT"]))
    assert brief is not None
    match = FORM.match(brief.text)
    assert match, brief.text
    assert match["who"] == "清华大学、哥伦比亚大学"
    assert match["name"] == "TinyCache"
    assert match["tech"].startswith("TinyCache, a query-aware cache selection method")
    assert match["problem"] == "existing caches waste memory on long prompts"
    assert match["effect"].startswith("TinyCache achieves a 3.4× speed-up")
    assert brief.origin is BriefOrigin.OFFLINE


def test_proposals_phrased_as_to_use_name_the_technique_itself() -> None:
    brief = offline_brief(make_paper(abstract="We propose to use contrastive coding for speech. It works."))
    assert brief is not None
    assert brief.technique == "contrastive coding for speech"


def test_the_problem_comes_from_before_the_proposal_and_is_never_a_result() -> None:
    abstract = "Models are large. We propose X. The proposed X outperforms baselines that require heavy compute."
    brief = offline_brief(make_paper(abstract=abstract))
    assert brief is not None
    assert brief.problem == "Models are large"
    assert brief.effect.startswith("the proposed X outperforms")


def test_offline_brief_without_institutions_names_the_research_team() -> None:
    brief = offline_brief(make_paper())
    assert brief is not None
    assert brief.text.startswith(f"{UNKNOWN_TEAM}发布了")


def test_offline_brief_never_invents_a_number() -> None:
    paper = make_paper(institutions=["Qihoo 360 AI Institute"])
    brief = offline_brief(paper)
    assert brief is not None
    assert invented_numbers(brief.text, paper) == []


def test_long_clauses_are_cut_at_word_boundaries_not_inside_numbers() -> None:
    long = "We propose X, " + " ".join(f"step {i}.{i}5 then" for i in range(40)) + "."
    paper = make_paper(abstract=long)
    brief = offline_brief(paper)
    assert brief is not None
    assert brief.technique.endswith("…")
    assert invented_numbers(brief.text, paper) == []


def test_a_number_may_be_written_with_or_without_thousands_separators() -> None:
    paper = make_paper(title="Serving 1000 requests", institutions=["Lab 42"])
    assert invented_numbers("1,024页、1000个请求、42号实验室、3.4倍", paper) == []
    assert invented_numbers("提升了27%，1,000个请求", make_paper()) == ["1000", "27"]


CHINESE_ABSTRACT = (
    "大语言模型在长上下文推理时速度缓慢。"
    "然而，现有的KV缓存压缩方法难以在压缩率和精度之间取得平衡，显存开销依然很大。"
    "本文提出了一种查询感知的KV缓存选择方法TinyKV，它根据当前查询动态保留关键token。"
    "实验结果表明，TinyKV在LongBench上将推理速度提升了3.4倍，同时显存占用降低了60%。"
)


def test_a_chinese_abstract_gives_three_different_parts_from_its_own_sentences() -> None:
    paper = make_paper(
        title="TinyKV: 查询感知的缓存选择", abstract=CHINESE_ABSTRACT, institutions=["Tsinghua University"]
    )
    brief = offline_brief(paper)
    assert brief is not None
    match = FORM.match(brief.text)
    assert match, brief.text
    assert match["who"] == "清华大学"
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
    brief = offline_brief(make_paper(abstract=abstract))
    assert brief is not None
    assert (brief.technique, brief.problem) == ("分层压缩方法HiKV", "大模型推理中KV缓存占用显存过大的问题")
    assert brief.effect == "HiKV在精度损失小于1%的情况下将吞吐量提高了2.1倍"


def test_a_paper_with_no_abstract_and_no_text_gets_no_brief_even_if_one_was_given() -> None:
    paper = make_paper(abstract="", given_brief="请提供论文的标题、主要机构和摘要信息以生成技术简报。")
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
