"""Analytics: the technique taxonomy (data, rules, overrides), institution rankings and headline results."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperbrief import analytics, pipeline, techniques
from paperbrief.claims import headline_results
from paperbrief.cli import app
from paperbrief.errors import ConfigError
from paperbrief.institutions import lookup
from paperbrief.models import Paper, Report


def paper(title: str = "", abstract: str = "", **fields: object) -> Paper:
    made = Paper(source=f"{title[:10]}.pdf", title=title, abstract=abstract)
    for name, value in fields.items():
        setattr(made, name, value)
    return made


# --- Taxonomy data -----------------------------------------------------------------------------------------


def test_taxonomy_file_has_labels_and_rules_for_every_technique() -> None:
    text = resources.files("paperbrief.data").joinpath("techniques.toml").read_text(encoding="utf-8")
    tables = tomllib.loads(text)
    assert len(tables) >= 25
    for key, table in tables.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", key), key
        assert table["label_zh"].strip() and table["label_en"].strip(), key
        rules = [*table.get("keywords", []), *table.get("acronyms", []), *table.get("regexes", [])]
        assert rules and all(r.strip() for r in rules), key
        assert len(set(map(str.casefold, rules))) == len(rules), f"duplicate rule in [{key}]"
    labels = [t["label_zh"] for t in tables.values()]
    assert len(set(labels)) == len(labels)


def test_taxonomy_covers_efficient_inference_and_general_families() -> None:
    keys = {t.key for t in techniques.load_taxonomy()}
    wanted = {
        "pruning", "quantization", "knowledge_distillation", "token_reduction", "kv_cache", "efficient_attention",
        "mixture_of_experts", "speculative_decoding", "edge_cloud", "neural_architecture_search",
        "compact_architecture", "attention_transformer", "self_supervised", "speech", "retrieval_rag", "llm_agents",
        "document_understanding", "graph_learning", "reinforcement_learning", "meta_learning",
    }  # fmt: skip
    assert wanted <= keys


# --- Assigning techniques ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "abstract", "expected", "absent"),
    [
        ("Structured Channel Pruning for YOLO", "We prune 40% of channels.", "pruning", "token_reduction"),
        ("ToMe", "Token merging speeds up ViTs by merging similar tokens.", "token_reduction", "pruning"),
        ("Q", "We quantize weights to INT4 with post-training quantization.", "quantization", None),
        ("AsyMoE", "A mixture-of-experts model with MoE routing.", "mixture_of_experts", None),
        ("Fast decoding", "Speculative decoding with a small draft model.", "speculative_decoding", None),
        ("KV", "We compress the KV cache of long prompts.", "kv_cache", None),
        ("wav2vec", "Self-supervised learning of speech representations.", "speech", None),
        ("Moebius strips", "The moe of a surface.", None, "mixture_of_experts"),  # acronyms are case-sensitive
    ],
)
def test_keyword_rules_assign_techniques(title: str, abstract: str, expected: str | None, absent: str | None) -> None:
    found = techniques.assign_techniques(paper(title, abstract), techniques.load_taxonomy())
    if expected:
        assert expected in found
    if absent:
        assert absent not in found


def test_a_title_match_outranks_abstract_mentions() -> None:
    found = techniques.assign_techniques(
        paper("Knowledge Distillation for Students", "Object detection. Object detection again."),
        techniques.load_taxonomy(),
    )
    assert found[0] == "knowledge_distillation"


def test_techniques_already_set_are_kept_and_unknown_keys_counted_as_themselves() -> None:
    given = paper("Pruning", "We prune.", techniques=["模型自定义"])
    result = analytics.analyze([given, paper("Nothing", "Plain text.")], techniques.load_taxonomy())
    assert given.techniques == ["模型自定义"]
    rows = {row.key: row for row in result.techniques}
    assert rows["模型自定义"].label_zh == "模型自定义" and rows["模型自定义"].papers == [1]
    assert result.techniques[-1].key == techniques.OTHER
    assert rows[techniques.OTHER].papers == [2]


def test_papers_can_be_tagged_before_the_analytics_and_keep_their_tags() -> None:
    papers = [paper("Pruning", "We prune channels."), paper("Given", "We prune.", techniques=["mine"])]
    techniques.tag_techniques(papers, techniques.load_taxonomy())
    assert papers[0].techniques == ["pruning"] and papers[1].techniques == ["mine"]
    papers[0].techniques = ["quantization"]  # e.g. corrected by a model after the early tagging
    rows = analytics.analyze(papers, techniques.load_taxonomy()).techniques
    assert [(r.key, r.papers) for r in rows] == [("quantization", [1]), ("mine", [2])]


def test_techniques_are_ranked_by_paper_count() -> None:
    papers = [paper("A", "We prune."), paper("B", "Pruning and quantization."), paper("C", "Quantized pruning.")]
    rows = analytics.analyze(papers, techniques.load_taxonomy()).techniques
    assert [(r.key, r.count, r.papers) for r in rows[:2]] == [
        ("pruning", 3, [1, 2, 3]),
        ("quantization", 2, [2, 3]),
    ]


# --- Overrides -----------------------------------------------------------------------------------------------


def test_override_file_replaces_fields_and_adds_techniques(tmp_path: Path) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text(
        '[pruning]\nlabel_zh = "剪枝（自定义）"\nkeywords = ["snip"]\nregexes = []\n'
        '[photonics]\nlabel_zh = "光子计算"\nlabel_en = "Photonics"\nkeywords = ["photonic"]\n',
        encoding="utf-8",
    )
    taxonomy = techniques.load_taxonomy(rules)
    by_key = {t.key: t for t in taxonomy}
    assert by_key["pruning"].label_zh == "剪枝（自定义）"
    assert by_key["pruning"].label_en == "Pruning & sparsity"  # fields not set in the override are kept
    assert techniques.assign_techniques(paper("SNIP", "Photonic chips."), taxonomy)[:2] == ["pruning", "photonics"]
    assert "pruning" not in techniques.assign_techniques(paper("X", "We prune weights."), taxonomy)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[x\n", "not valid TOML"),
        ('[x]\nlabel_zh = "X"\n', "label_zh and label_en"),
        ('[x]\nlabel_zh = "X"\nlabel_en = "X"\nregexes = ["(unclosed"]\n', "invalid regular expression"),
        ('[x]\nlabel_zh = "X"\nlabel_en = "X"\nkeywords = "prune"\n', "must be a list"),
        ("x = 1\n", "must be a table"),
    ],
)
def test_a_bad_override_is_a_config_error(tmp_path: Path, text: str, message: str) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        techniques.load_taxonomy(rules)


def test_a_missing_override_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--techniques"):
        techniques.load_taxonomy(tmp_path / "absent.toml")


def test_cli_rejects_a_bad_techniques_file_with_exit_2(tmp_path: Path) -> None:
    papers = tmp_path / "p.jsonl"
    papers.write_text('{"title": "T", "abstract": "A."}\n', encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text("[x\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(papers), "-o", "-", "--techniques", str(bad)])
    assert result.exit_code == 2
    assert "not valid TOML" in " ".join(result.stderr.split())


# --- Institutions ----------------------------------------------------------------------------------------


def test_institutions_are_ranked_under_canonical_names_with_countries() -> None:
    known = lookup("Tsinghua University")
    assert known is not None
    papers = [
        paper("A", institutions=["Department of Computer Science, Tsinghua University", "Acme Lab"]),
        paper("B", institutions=[known.name]),
        paper("C", institutions=["acme lab"]),
        paper("D"),
        paper("E", institutions=[known.name.upper()]),
    ]
    result = analytics.analyze(papers, techniques.load_taxonomy())
    first, second = result.institutions[:2]
    assert first == analytics.InstitutionRow(known.name, known.zh, known.country, [1, 2, 5], 3)
    assert (second.name, second.name_zh, second.country, second.papers) == ("Acme Lab", None, None, [1, 3])
    assert result.countries == [analytics.CountryRow(known.country, 3, [1, 2, 5])]
    assert result.papers_without_institutions == 1


# --- Headline results ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric", "kind", "value"),
    [
        ("TinyServe achieves up to 3.4× speedup on long prompts.", "speed-up", "speed-up", "3.4×"),
        ("It runs 28% faster than the baseline.", "speed-up", "speed-up", "28%"),
        ("The model needs 40% fewer parameters.", "parameters", "reduction", "40%"),
        ("It cuts peak GPU memory with a 2.69× reduction in peak GPU memory.", "memory", "reduction", "2.69×"),
        ("LightVLA reduces latency by 38.2% on the benchmark.", "latency", "reduction", "38.2%"),
        ("Our model achieves 28.4 BLEU on WMT 2014.", "BLEU", "value", "28.4"),
        ("It reaches a BLEU score of 41.8 after training.", "BLEU", "value", "41.8"),
        ("Top-1 accuracy is improved by 1.7% over MobileNetV2.", "accuracy", "improvement", "1.7%"),
        ("We obtain a top-5 error rate of 15.3% on the test set.", "error rate", "value", "15.3%"),
        ("This reduces energy consumption by up to 75% in IoT.", "energy", "reduction", "75%"),
        ("It reaches 1,000 FPS.", "speed-up", "value", "1,000 FPS"),
        ("It reduces latency from 1,250 ms to 300 ms.", "latency", "reduction", "from 1,250 ms to 300 ms"),
        ("Accuracy improves from 8.11% to 21.99% on GSM8K.", "accuracy", "increase", "from 8.11% to 21.99%"),
        ("Accuracy improves by 1.44%-5.46% across tasks.", "accuracy", "improvement", "1.44%-5.46%"),
        ("The kernels give 3–5× speedups.", "speed-up", "speed-up", "3–5×"),
        # metrics beyond efficiency and accuracy
        ("It reduces visual tokens by 88.9% on video.", "tokens", "reduction", "88.9%"),
        ("It prunes 88.9% of visual tokens.", "tokens", "reduction", "88.9%"),
        ("It reduces bias by 26.41% compared to the baseline.", "bias", "reduction", "26.41%"),
        ("It gets a 5× higher acceptance length than EAGLE3.", "acceptance length", "increase", "5×"),
        ("It achieves BD-rate savings of up to 18.6% against VCT.", "bitrate", "reduction", "18.6%"),
        ("They reduce generation quality loss by 2.3× overall.", "quality loss", "reduction", "2.3×"),
        ("It cuts TTFT by 2.2× on long prompts.", "latency", "reduction", "2.2×"),
        ("It cuts the KV cache size by 91.6%.", "memory", "reduction", "91.6%"),
        ("It uses 30% less compute.", "FLOPs", "reduction", "30%"),
        ("It attains 92.1% success on simple tasks.", "success rate", "value", "92.1%"),
        ("It reaches execution accuracies of 79.14%.", "accuracy", "value", "79.14%"),
        # what is kept of a reference, and a gain over others that names no metric
        ("It retains 94% of the original model performance.", "performance", "retention", "94%"),
        ("It outperforms vanilla MTP by 82%.", "performance", "improvement", "82%"),
        ("It surpasses the strongest baseline by an average of 4.02%.", "performance", "improvement", "4.02%"),
        # percentages in words, and points of a score
        ("It is 35 per cent faster.", "speed-up", "speed-up", "35 per cent"),
        ("Accuracy improves by 10.2 percentage points.", "accuracy", "improvement", "10.2 percentage points"),
        ("It improves accuracy by 1.1 points.", "accuracy", "improvement", "1.1 points"),
        # names written in their own case, and measures named by a noun of their own
        ("It reaches an Acc of 82.3% on lanes.", "accuracy", "value", "82.3%"),
        ("It has a modest mAP loss of 5.51%.", "quality loss", "value", "5.51%"),
        ("It reduces data transfer by up to 2048x.", "data transfer", "reduction", "2048x"),
        ("It reduces carbon emissions by 63-65%.", "emissions", "reduction", "63-65%"),
        ("It reduces false positives by 10.8%.", "false positives", "reduction", "10.8%"),
        ("It improves alignment scores by up to 16%.", "score", "improvement", "16%"),
        ("It runs with an 11.6% pruning ratio.", "pruning ratio", "value", "11.6%"),
        ("It reduces decoding steps to just 14.2% of the original.", "steps", "value", "14.2%"),
        ("It needs only 45% of the weights.", "parameters", "value", "45%"),
        ("It updates just 1.8% (11.7M) of its parameters.", "parameters", "value", "1.8%"),
        ("It achieves 98.5% of WildGuard-7B's performance.", "performance", "value", "98.5%"),
        ("It shows only 1.4% degradation on ViM-S.", "quality loss", "value", "1.4%"),
        # the direction: comparatives, factors, signs, ranges
        ("It gives up to 15× greater computational efficiency.", "efficiency", "increase", "15×"),
        ("It reduces processing time by a factor of 3.7 to 4×.", "time", "reduction", "3.7 to 4×"),
        ("It gives an average reduction in RMSE of up to a factor of 3.65x.", "error", "reduction", "3.65x"),
        ("With ResNet-50, it delivers +3.5% Top-1 accuracy at equal FLOPs.", "accuracy", "increase", "3.5%"),
        ("It achieves speedups of 2.35x to 2.72x over the baseline.", "speed-up", "speed-up", "2.35x to 2.72x"),
        ("Accuracy ranges from 76.7% to 81.4% on ImageNet.", "accuracy", "value", "76.7% to 81.4%"),
        ("Latency improvements ranged from 7× to over 125×.", "latency", "improvement", "7× to over 125×"),
        ("The Jetson provides greater than 30 FPS.", "speed-up", "value", "30 FPS"),
        ("It uses lesser pruning ratios of about 20%.", "pruning ratio", "value", "20%"),
        ("It shortens input sequences by up to 20%.", "tokens", "reduction", "20%"),
    ],
)
def test_headline_results_name_metric_kind_and_verbatim_value(
    sentence: str, metric: str, kind: str, value: str
) -> None:
    [claim] = headline_results(sentence)
    assert (claim.metric, claim.kind, claim.value) == (metric, kind, value)
    assert claim.context == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "We find that 73% of these papers do not perform any human evaluation.",
        "An image is worth 16x16 words on CIFAR-10 and ImageNet-1k in 2021.",
        "It represents a 10x increase in achievable performance.",
        "We evaluate on 57 different Atari games with 1000 classes.",
        # "map" is a verb, not mAP
        "We map their weights into the capacitance domain to demonstrate 100% functional equivalency.",
        # a value that says what it measures, in words no metric has, borrows no metric from another clause
        "It costs little, with a generation rate of 98.4%.",
        "It improves latency across stages, and sustains GPU utilization above 85% on the device.",
        # a value in parentheses after a name, and a metric after "at": a setting, not what was measured
        "It performs well on DVS128 Gesture (97.22%) at low latency.",
    ],
)
def test_numbers_that_are_not_claims_are_left_out(sentence: str) -> None:
    assert headline_results(sentence) == []


def test_what_is_kept_names_its_metric_right_after_the_value() -> None:
    found = headline_results("It retains 100% performance when keeping only 35% of image tokens.")
    assert [(c.metric, c.kind, c.value, c.label_zh) for c in found] == [
        ("performance", "retention", "100%", "性能保留"),
        ("tokens", "retention", "35%", "token数保留"),
    ]


def test_points_are_a_change_only_after_by() -> None:
    [claim] = headline_results("We sample 2048 points per cloud and reach 91.2% accuracy.")
    assert claim.value == "91.2%"


def test_at_most_three_claims_per_paper_efficiency_first_in_abstract_order() -> None:
    abstract = (
        "Accuracy improves by 2.1% on ImageNet. Recall reaches 91.5% on COCO. "
        "The model uses 60% fewer parameters. It gives a 3× speedup."
    )
    found = headline_results(abstract)
    assert [c.value for c in found] == ["2.1%", "60%", "3×"]


def test_the_numbers_of_a_claim_are_read_as_written() -> None:
    [speed] = headline_results("It reaches 1,000 FPS.")
    [latency] = headline_results("It reduces latency from 1,250 ms to 300 ms.")
    assert (speed.number, speed.label_zh) == (1000.0, "速度")
    assert (latency.number, latency.label_zh) == (1250.0, "延迟降低")


def test_a_number_joined_to_a_change_is_another_level_not_a_change() -> None:
    found = headline_results("Accuracy improves from 8.11% to 21.99% and 18.42% on two teachers.")
    assert [(c.kind, c.value) for c in found] == [("increase", "from 8.11% to 21.99%"), ("value", "18.42%")]


def test_the_analytics_of_a_run_are_what_its_papers_say(tmp_path: Path) -> None:
    known = lookup("Tsinghua University")
    assert known is not None
    lines = [
        {
            "title": "Structured Pruning",
            "institutions": ["Department of Computer Science, Tsinghua University", "Acme Lab"],
            "abstract": "We prune redundant channels. The model needs 40% fewer FLOPs. It reaches 1,000 FPS.",
        },
        {
            "title": "Low-Bit Quantization",
            "institutions": ["Tsinghua University"],
            "abstract": "We quantize weights to INT4. This reduces latency from 1,250 ms to 300 ms.",
        },
        {"title": "Notes on Writing", "abstract": "We discuss style."},
    ]
    source = tmp_path / "papers.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    report = pipeline.run([str(source)])
    assert report.analytics is not None
    claims = [(1, "FLOPs", "reduction", "计算量降低", "40%", 40.0, "The model needs 40% fewer FLOPs.")]
    claims += [(1, "speed-up", "value", "速度", "1,000 FPS", 1000.0, "It reaches 1,000 FPS.")]
    claims += [(2, "latency", "reduction", "延迟降低", "from 1,250 ms to 300 ms", 1250.0, lines[1]["abstract"][29:])]
    result_keys = ("paper", "metric", "kind", "label_zh", "value", "number", "context")
    assert report.analytics.to_dict() == {
        "version": 1,
        "paper_count": 3,
        "techniques": [
            {"key": "pruning", "label_zh": "剪枝与稀疏化", "label_en": "Pruning & sparsity", "count": 1, "papers": [1]},
            {"key": "quantization", "label_zh": "量化", "label_en": "Quantization", "count": 1, "papers": [2]},
            {"key": "other", "label_zh": "其他", "label_en": "Other", "count": 1, "papers": [3]},
        ],
        "institutions": [
            {"name": known.name, "name_zh": known.zh, "country": known.country, "papers": [1, 2], "count": 2},
            {"name": "Acme Lab", "name_zh": None, "country": None, "papers": [1], "count": 1},
        ],
        "famous": [
            {"name": known.name, "name_zh": known.zh, "country": known.country, "tier": 1, "papers": [1, 2], "count": 2}
        ],
        "countries": [{"country": known.country, "count": 2, "papers": [1, 2]}],
        "papers_without_institutions": 1,
        "results": [dict(zip(result_keys, claim, strict=True)) for claim in claims],
    }


def assert_results_verifiable(papers: list[Paper], result: analytics.Analytics | None) -> None:
    assert result is not None and result.results
    for row in result.results:
        abstract = papers[row.paper - 1].abstract
        assert row.value in abstract
        assert row.context in abstract and row.value in row.context
        first = re.search(r"\d[\d,]*(?:\.\d+)?", row.value)
        assert first is not None and float(first.group().replace(",", "")) == row.number


def test_every_seed_result_is_verifiable_in_its_abstract(seed_jsonl: Path) -> None:
    report = pipeline.run([str(seed_jsonl)])
    assert_results_verifiable(report.papers, report.analytics)


@pytest.mark.corpus
def test_every_corpus_result_is_verifiable_and_few_papers_are_other(corpus_report: Report) -> None:
    assert_results_verifiable(corpus_report.papers, corpus_report.analytics)
    assert corpus_report.analytics is not None
    other = sum(r.count for r in corpus_report.analytics.techniques if r.key == techniques.OTHER)
    assert other <= len(corpus_report.papers) // 10
    assert corpus_report.analytics.institutions[0].count >= 2


def test_famous_institutions_are_the_rated_ones_by_tier_then_paper_count() -> None:
    rows = [
        analytics.InstitutionRow("Acme Lab", None, None, [1, 2, 3], 3),
        analytics.InstitutionRow("Nanjing University", "南京大学", "CN", [1, 2], 2),
        analytics.InstitutionRow("Peking University", "北京大学", "CN", [3], 1),
        analytics.InstitutionRow("Tsinghua University", "清华大学", "CN", [1, 2], 2),
    ]
    famous = analytics.famous_institutions(rows)
    assert [(row.name, row.tier, row.count) for row in famous] == [
        ("Tsinghua University", 1, 2),
        ("Peking University", 1, 1),
        ("Nanjing University", 2, 2),
    ]


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        # a metric with another value between it and this one is that value's
        (
            "It reduces the number of Gaussians by 1.79× compared to MaskGS, while incurring 0.50 dB PSNR drops.",
            [("score", "0.50 dB")],
        ),
        (
            "It achieves up to 2.2× higher SLO attainment and 1.8× higher throughput.",
            [("SLO attainment", "2.2×"), ("throughput", "1.8×")],
        ),
        # values joined to it share its metric, each beating another baseline
        (
            "It improves accuracy by 2.65% over vanilla Transformers and 0.8% over PCformer.",
            [("accuracy", "2.65%"), ("accuracy", "0.8%")],
        ),
        # a metric word inside a compound qualifies something else
        ("It reduces time-to-first-token by up to 1.38× in low-bandwidth scenarios.", [("latency", "1.38×")]),
        # a change "in" a long phrase is read to the end of it
        ("It gives an 8.3× reduction in single-batch end-to-end latency.", [("latency", "8.3×")]),
        ("It reduces forgetting by 89% and storage by 60%.", [("forgetting", "89%"), ("storage", "60%")]),
        ("SPEC-RL reduces rollout time by 2-3× without loss.", [("time", "2-3×")]),
        # values joined to it share the metric named after them, not one in an earlier clause
        (
            "It gives large performance gains, delivering 6.3× and 4.0× average speedups.",
            [("speed-up", "6.3×"), ("speed-up", "4.0×")],
        ),
        # a metric after the next value is that value's, and one after "at" is a setting
        (
            "It attains state-of-the-art accuracy (91.8% for sleep and 97.7% for crying) while keeping efficiency.",
            [],
        ),
        ("It reduces prefill latency by about 1.7× at a sequence length of 16k.", [("latency", "1.7×")]),
    ],
)
def test_a_value_takes_the_metric_named_beside_it(sentence: str, claims: list[tuple[str, str]]) -> None:
    found = headline_results(sentence)
    assert [(c.metric, c.value) for c in found if c.kind != "value"] == claims


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        # the words after a value tell its direction up to an "and", not past it
        (
            "It improves BLEU by 1.2 points and reduces latency by 20%.",
            [("BLEU", "improvement", "1.2 points"), ("latency", "reduction", "20%")],
        ),
        # what it outperforms by is the metric it names, else performance
        ("It outperforms the strongest baseline in accuracy by 3.2%.", [("accuracy", "improvement", "3.2%")]),
        ("It outperforms the strongest baseline by 3.2%.", [("performance", "improvement", "3.2%")]),
        # a comparative after the value outranks a verb of keeping before it
        ("It sustains 40% higher throughput.", [("throughput", "increase", "40%")]),
        # a compound qualifier is no third metric of a "respectively" pair
        (
            "On low-bandwidth links it reduces latency and memory by 30% and 20%, respectively.",
            [("latency", "reduction", "30%"), ("memory", "reduction", "20%")],
        ),
        # a metric joined by a hyphen to its own noun is still the metric
        ("It cuts the memory-footprint by 40%.", [("memory", "reduction", "40%")]),
        # an end of a change without a unit has the other's
        ("It uses from 12 to 4 GB of memory.", [("memory", "reduction", "from 12 to 4 GB")]),
        # a second value with a metric of its own and no verb shares the first one's verb
        (
            "It reduces total cost by 30% and unnecessary cost up to 60%.",
            [("cost", "reduction", "30%"), ("cost", "reduction", "60%")],
        ),
        (
            "It improves throughput by 1.28× on average and by up to 2.01× over the baseline.",
            [("throughput", "improvement", "1.28×"), ("throughput", "improvement", "2.01×")],
        ),
        (
            "It achieves on average 47% and up to 83% higher memory reduction rate.",
            [("memory", "reduction", "47%"), ("memory", "reduction", "83%")],
        ),
        # a verb after a value is its clause's, not the value's direction
        ("A pruning ratio of 39.5% even outperformed YOLO11n.", [("pruning ratio", "value", "39.5%")]),
    ],
)
def test_a_claims_metric_and_direction_are_read_from_its_own_words(
    sentence: str, claims: list[tuple[str, str, str]]
) -> None:
    assert [(c.metric, c.kind, c.value) for c in headline_results(sentence)] == claims
