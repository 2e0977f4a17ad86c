"""Which institutions a brief names (the best known), and whether a name a model wrote is one the paper lists."""

from __future__ import annotations

import pytest

from paperbrief.institutions import brief_institutions, chinese_name, fame, is_listed, rank_by_fame, resolve


def test_names_are_ranked_by_tier_then_known_then_unknown_keeping_the_papers_order_on_ties() -> None:
    names = ["Acme Lab", "Capital Normal University", "Nanjing University", "Peking University", "Tsinghua University"]
    assert [fame(n) for n in names] == [4, 3, 2, 1, 1]
    assert rank_by_fame(names) == [
        "Peking University",
        "Tsinghua University",
        "Nanjing University",
        "Capital Normal University",
        "Acme Lab",
    ]
    assert brief_institutions(names) == ["北京大学", "清华大学"]


@pytest.mark.parametrize(
    ("printed", "english"),
    [
        ("Zhejiang University HangZhou", "Zhejiang University"),
        ("University of Houston Houston", "University of Houston"),
        ("Huawei Technologies Co", "Huawei"),
        ("Tencent Corporation", "Tencent"),
        ("Swedish Defence Research Agency (FOI)", "Swedish Defence Research Agency"),
        ("华为技术有限公司", "Huawei"),
        ("清华大学", "Tsinghua University"),
    ],
)
def test_names_as_papers_print_them_resolve_to_the_table(printed: str, english: str) -> None:
    known = resolve(printed)
    assert known is not None and known.name == english


def test_a_place_that_is_part_of_a_name_is_kept() -> None:
    assert resolve("Zhejiang University of Technology") != resolve("Zhejiang University")
    assert chinese_name("Acme Lab Beijing") == "Acme Lab Beijing"


LISTED = ["Southeast University", "Huawei Noah's Ark Lab", "Amazon AGI"]
PRINTED = [
    "School of Cyber Science and Engineering, Southeast University, Nanjing, China",
    "Huawei Noah's Ark Lab",
    "Amazon AGI",
    "Institute of Automation",
    "Chinese Academy of Sciences",
    "The University of Hong",
]


@pytest.mark.parametrize(
    "name",
    [
        "东南大学",  # the Chinese name of a listed one
        "Southeast University",
        "School of Cyber Science and Engineering",  # printed, though cleaning kept the university only
        "华为",  # the organisation a printed lab belongs to
        "华为诺亚方舟实验室",
        "亚马逊AGI",  # a known Chinese name and the rest as printed
        "中科院自动化所",  # an alias, printed in two comma parts
        "香港大学",  # printed cut short
    ],
)
def test_a_name_the_paper_lists_is_listed(name: str) -> None:
    assert is_listed(name, LISTED, PRINTED)


@pytest.mark.parametrize(
    "name",
    [
        "Nanjing",
        "南京",
        "China",
        "School of Computer Science",
        "计算机学院",
        "深圳智算科技有限公司",
        "清华大学",
        "谷歌",
    ],
)
def test_a_city_a_department_or_a_company_the_paper_does_not_print_is_not_listed(name: str) -> None:
    assert not is_listed(name, LISTED, PRINTED)
