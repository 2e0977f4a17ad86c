"""Screening by topic profile: the profiles' shape, the matcher's robustness, decisions and their reasons."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from paperbrief import pipeline
from paperbrief.errors import ConfigError
from paperbrief.models import Code, Decision, Origin, Paper, Status
from paperbrief.screen import Matcher, bundled_profiles, load_profile, screen_paper
from paperbrief.screen.profiles import RuleKind, parse_profile

PROFILE = load_profile()
MATCHER = Matcher(PROFILE)


def paper(title: str, abstract: str = "", **fields: object) -> Paper:
    return Paper(source="listing.txt#1", title=title, abstract=abstract, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("profile", bundled_profiles(), ids=lambda p: p.name)
def test_every_bundled_profile_is_complete(profile: object) -> None:
    from paperbrief.screen import Profile

    assert isinstance(profile, Profile)
    assert profile.topic and profile.title.startswith(profile.topic) and profile.description
    low, high = profile.uncertain
    assert low <= profile.keep <= high
    assert profile.rules_of(RuleKind.TERM), "a profile is made of terms"
    for rule in profile.rules:
        assert rule.label_zh and re.search(r"[\u4e00-\u9fff]", rule.label_zh), rule.key
        assert (rule.weight < 0) == (rule.kind in (RuleKind.EXCLUSION, RuleKind.REQUIREMENT))
        assert rule.rules, rule.key
        for pattern in rule.rules.regexes:
            re.compile(pattern)


def test_the_default_profile_names_the_seed_heading() -> None:
    assert PROFILE.topic == "AI推理加速"
    assert PROFILE.title == "AI推理加速技术论文分析报告"


@pytest.mark.parametrize(
    "written",
    [
        "We accelerate LLMs with speculative decoding.",  # followed by punctuation
        "We accelerate LLMs with Speculative-Decoding, a draft-and-verify scheme",  # hyphen, case
        "We accelerate LLMs by speculative\ndecoding",  # a line break between the words
    ],
)
def test_a_phrase_is_found_however_it_is_written(written: str) -> None:
    found = [e.label for e in MATCHER.screen(paper("A Method", written)).evidence]
    assert "投机/并行解码" in found


def test_plurals_hyphens_and_acronyms_are_matched_and_acronyms_keep_their_case() -> None:
    evidence = MATCHER.screen(paper("Early Exits for MoE Transformers", "Our KV-caches shrink.")).evidence
    texts = {e.text for e in evidence}
    assert {"Early Exits", "MoE", "KV-caches"} <= texts
    assert "moe" not in {e.text for e in MATCHER.screen(paper("The moe of it", "")).evidence}


def test_a_keyword_repeated_counts_once() -> None:
    once = MATCHER.screen(paper("Title", "We prune the network with structured pruning."))
    twice = MATCHER.screen(paper("Title", "Structured pruning. " * 5 + "We prune the network with structured pruning."))
    assert once.score == twice.score


def test_one_generic_word_does_not_keep_a_paper() -> None:
    verdict = MATCHER.screen(paper("An Efficient Benchmark of Poems", "We collect poems efficiently."))
    assert verdict.decision is Decision.DROP
    assert "无AI推理加速主题词" in verdict.reason


def test_a_core_paper_is_kept_with_its_evidence_and_a_chinese_reason() -> None:
    verdict = MATCHER.screen(
        paper(
            "FastQuant: Post-Training Quantization for Large Language Models",
            "We propose FastQuant, a post-training quantization method. It achieves a 3.4× speedup with W4A8.",
        )
    )
    assert verdict.decision is Decision.KEEP and verdict.score >= PROFILE.keep
    assert {"title", "abstract"} <= {e.where for e in verdict.evidence}
    assert any(e.kind == RuleKind.MEASURE and "3.4×" in e.text for e in verdict.evidence)
    assert verdict.reason.startswith("保留（得分") and f"阈值{PROFILE.keep:g}" in verdict.reason


def test_a_speed_up_of_something_that_is_not_a_model_is_marked_down() -> None:
    with_solver = MATCHER.screen(paper("Faster SAT Solver Heuristics", "Our SAT solver is 3x faster with caching."))
    without = MATCHER.screen(paper("Faster Heuristics", "Our method is 3x faster with caching."))
    assert with_solver.score < without.score
    assert any(e.kind == RuleKind.EXCLUSION for e in with_solver.evidence)


def test_a_requirement_no_word_of_which_occurs_counts_its_weight_once() -> None:
    profile = parse_profile(
        'topic = "鸟类"\n[scoring]\nkeep = 2\n[terms.birds]\nlabel_zh = "鸟"\nweight = 2\nkeywords = ["sparrow"]\n'
        '[requirements.animal]\nlabel_zh = "动物"\nweight = -3\nkeywords = ["wing*", "feather*"]\n',
        "birds",
        "birds.toml",
    )
    matcher = Matcher(profile)
    named = matcher.screen(paper("Sparrows", "A sparrow spreads its wings and feathers."))
    unnamed = matcher.screen(paper("Sparrows", "A sparrow-shaped kite in winter."))
    assert named.score == 4 and named.kept
    assert unnamed.score == 4 - 3 and not unnamed.kept
    [unmet] = [e for e in unnamed.evidence if e.kind == RuleKind.REQUIREMENT]
    assert unmet.weight == -3 and unmet.where == "paper" and "未提及动物" in unnamed.reason
    assert not any(e.kind == RuleKind.REQUIREMENT for e in named.evidence)
    # a title alone rarely names what it is about: only an abstract is asked for the requirement
    untold = matcher.screen(paper("Sparrows", ""))
    assert not any(e.kind == RuleKind.REQUIREMENT for e in untold.evidence) and untold.score > 0


def test_the_default_profile_marks_down_a_speed_up_that_names_no_ai_model() -> None:
    scheduler = MATCHER.screen(paper("Dodo", "Our cluster job scheduler is 3x faster at a lower tail latency."))
    model = MATCHER.screen(paper("Dodo", "Our LLM job scheduler is 3x faster at a lower tail latency."))
    assert model.kept and model.score - scheduler.score >= 4
    assert any(e.kind == RuleKind.REQUIREMENT for e in scheduler.evidence)


def test_an_entry_without_abstract_is_decided_on_its_title_and_says_so() -> None:
    entry = paper("KV Cache Compression for Long-Context Serving")
    screen_paper(entry, MATCHER)
    assert entry.screening is not None and entry.screening.kept
    assert entry.screening.reason.split("：", 1)[1].startswith("无摘要，仅依据标题判断")
    assert entry.has_warning(Code.NO_ABSTRACT_SCREENED)


def test_replacements_are_dropped_unless_asked_for() -> None:
    entry = paper("KV Cache Compression for Long-Context Serving", section="replaced")
    screen_paper(entry, MATCHER)
    assert entry.status is Status.DROPPED and entry.dropped is not None and entry.dropped.code is Code.REPLACED
    again = paper("KV Cache Compression for Long-Context Serving", section="replaced")
    screen_paper(again, MATCHER, include_replaced=True)
    assert again.status is not Status.DROPPED


def test_the_uncertain_band_is_marked() -> None:
    low, high = PROFILE.uncertain
    verdict = MATCHER.screen(paper("Title", "We use structured pruning."))
    assert verdict.uncertain == (low <= verdict.score < high)
    assert ("待定" in verdict.reason) == verdict.uncertain


def test_a_users_profile_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "birds.toml"
    path.write_text(
        'topic = "鸟类"\n[scoring]\nkeep = 2\n[terms.birds]\nlabel_zh = "鸟"\nweight = 2\nkeywords = ["sparrow"]\n',
        encoding="utf-8",
    )
    profile = load_profile(str(path))
    assert profile.title == "鸟类技术论文分析报告" and profile.origin == str(path)
    assert Matcher(profile).screen(paper("Sparrows in Winter")).kept


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("topic = ", "not valid TOML"),
        ('[scoring]\nkeep = 1\n[terms.a]\nlabel_zh = "甲"\nweight = 1\nkeywords = ["a"]\n', "'topic'"),
        ('topic = "x"\n[terms.a]\nlabel_zh = "甲"\nweight = 1\nkeywords = ["a"]\n', "[scoring]"),
        ('topic = "x"\n[scoring]\nkeep = 5\nuncertain = [6, 8]\n', "low <= keep <= high"),
        ('topic = "x"\n[scoring]\nkeep = 1\n', "at least one [terms.NAME]"),
        ('topic = "x"\n[scoring]\nkeep = 1\n[terms.a]\nlabel_zh = "甲"\nweight = -1\nkeywords = ["a"]\n', "positive"),
        ('topic = "x"\n[scoring]\nkeep = 1\n[terms.a]\nlabel_zh = "甲"\nweight = 1\nregexes = ["("]\n', "regular"),
        ('topic = "x"\n[scoring]\nkeep = 1\n[terms.a]\nlabel_zh = "甲"\nweight = 1\n', "needs keywords"),
        (
            'topic = "x"\n[scoring]\nkeep = 1\n[terms.a]\nlabel_zh = "甲"\nweight = 1\nkeywords = ["a"]\n'
            '[requirements.b]\nlabel_zh = "乙"\nweight = 2\nkeywords = ["b"]\n',
            "negative",
        ),
    ],
)
def test_a_bad_profile_is_a_usage_error_that_names_the_problem(text: str, complaint: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(complaint)):
        parse_profile(text, "bad", "bad.toml")


def test_an_unknown_profile_name_lists_the_bundled_ones() -> None:
    with pytest.raises(ConfigError, match="inference-acceleration"):
        load_profile("no-such-profile")


def write_listing_jsonl(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_screened_out_papers_are_dropped_not_failed_and_the_profile_heads_the_report(tmp_path: Path) -> None:
    papers = write_listing_jsonl(
        tmp_path / "p.jsonl",
        {"title": "SpecServe: Speculative Decoding for LLM Serving", "abstract": "We serve LLMs 2.1× faster."},
        {"title": "A Dataset of Bird Songs", "abstract": "We record birds in forests."},
    )
    report = pipeline.run([str(papers)], pipeline.Options(screen=True))
    assert [p.title for p in report.papers] == ["SpecServe: Speculative Decoding for LLM Serving"]
    assert report.failed == []
    [dropped] = report.dropped
    assert dropped.dropped is not None and dropped.dropped.code is Code.SCREENED_OUT
    assert report.title == "AI推理加速技术论文分析报告"
    assert [p.screening is not None for p in report.entries] == [True, True]


def test_papers_the_user_chose_are_not_screened_by_default(tmp_path: Path) -> None:
    papers = write_listing_jsonl(tmp_path / "p.jsonl", {"title": "A Dataset of Bird Songs", "abstract": "Birds."})
    report = pipeline.run([str(papers)])
    assert [p.screening for p in report.papers] == [None]
    assert report.title == "论文分析报告"


def test_listing_papers_are_screened_by_default() -> None:
    listed = paper("A Dataset of Bird Songs", "Birds.", provenance={"title": Origin.LISTING})
    assert pipeline.Options().screen is None
    from paperbrief.screen import wants_screening

    assert wants_screening(listed, pipeline.Options())
    assert not wants_screening(paper("A Dataset", "Birds."), pipeline.Options())
    assert not wants_screening(listed, pipeline.Options(screen=False))
