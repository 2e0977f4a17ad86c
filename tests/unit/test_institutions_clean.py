"""clean_institutions: raw affiliation strings (from PDFs or JSONL) to top-level organisations."""

from __future__ import annotations

import pytest

from paperbrief.institutions import clean_institutions, is_one_organisation, looks_like_affiliation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["Department of X, Tsinghua University, Beijing 100084, China"], ["Tsinghua University"]),
        (["School of Software, Tsinghua University", "Tsinghua University"], ["Tsinghua University"]),
        (
            ["Computer Science and AI Laboratory, Massachusetts Institute of Technology, Cambridge, MA 02139, USA"],
            ["Massachusetts Institute of Technology"],
        ),
        (["Data Science Research Laboratories, NEC Corporation, Japan"], ["NEC Corporation"]),
        (["Institute for Infocomm Research, Singapore"], ["Institute for Infocomm Research"]),
        (["University of Illinois, at Chicago"], ["University of Illinois at Chicago"]),
        (["University of California, Berkeley, CA, USA"], ["University of California, Berkeley"]),
        (["IDLab, Department of Electronics, imec - Ghent University, Belgium"], ["Ghent University"]),
        (
            ["1 Center for Speech Processing & 2 Language Center, Johns Hopkins University, MD 21218, USA"],
            ["Johns Hopkins University"],
        ),
        (["DeepMind, 6 Pancras Square, London N1C 4AG"], ["DeepMind"]),
        (["Philadelphia, PA, USA"], []),
        (["Momenta"], ["Momenta"]),
        (["Mountain View"], []),
        (["清华大学计算机科学与技术系，北京 100084"], ["清华大学"]),
        (["中国科学院自动化研究所"], ["中国科学院"]),
        (["東京大学", "北京"], ["東京大学"]),
        (
            ["University College London", "Imperial College London"],
            ["University College London", "Imperial College London"],
        ),
    ],
)
def test_folds_to_the_organisation(raw: list[str], expected: list[str]) -> None:
    assert clean_institutions(raw) == expected


def test_junk_from_jsonl_metadata() -> None:
    raw = [
        "Zhipeng Wang LinkedIn, LinkedIn, Qingquan Song LinkedIn, Massachusetts Institute of Technology",
        "Beijing Jiaotong University No, Haidian District, Shangyuan Village",
        "Fudan University xu",
        "Columbia University New York, Yale University New Haven",
        "jane.doe@example.com",
    ]
    assert clean_institutions(raw) == [
        "LinkedIn",
        "Massachusetts Institute of Technology",
        "Beijing Jiaotong University",
        "Fudan University",
        "Columbia University",
        "Yale University",
    ]


def test_stray_markers_split_organisations() -> None:
    cleaned = clean_institutions(["Alibaba Cloud 3 Nanchang Research Institute"])
    assert "3" not in " ".join(cleaned)
    assert cleaned == ["Alibaba Cloud", "Nanchang Research Institute"]


def test_deduplicates_in_first_appearance_order() -> None:
    raw = [
        "Google Inc.",
        "University of Toronto",
        "Google Inc",
        "the University of Toronto",
        "Google Inc., Mountain View",
    ]
    assert clean_institutions(raw) == ["Google Inc.", "University of Toronto"]


def test_idempotent() -> None:
    once = clean_institutions(["Dept. of CS, Stanford University, Stanford, CA 94305", "Meta AI", "KAIST, Daejeon"])
    assert clean_institutions(once) == once


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Department of Physics, Example University", True),
        ("Springfield 12345, USA", True),
        ("清华大学计算机系", True),
        ("北京市海淀区", True),
        ("Alice Smith, Bob Jones", False),
        ("Michael Jordan, Lawrence Philips", False),  # a country and a company elsewhere, surnames here
    ],
)
def test_header_lines_that_read_as_affiliations(line: str, expected: bool) -> None:
    assert looks_like_affiliation(line) is expected


def test_one_organisation_and_nothing_else() -> None:
    assert is_one_organisation("Acme-AI")
    assert not is_one_organisation("Acme-AI, Paris")
    assert not is_one_organisation("Alice Smith")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["1Tsinghua University & 2Peking University"], ["Tsinghua University", "Peking University"]),
        (["Dept. of Physics, Example University & Acme Research Labs"], ["Example University", "Acme Research Labs"]),
        (["Tsinghua University and Peking University, Beijing"], ["Tsinghua University", "Peking University"]),
        (
            ["Max Planck Institute for Informatics & Saarland University, Germany"],
            ["Max Planck Institute for Informatics", "Saarland University"],
        ),
        (
            ["Dept. of Physics, Texas A&M University & University of Oxford"],
            ["Texas A&M University", "University of Oxford"],
        ),
        # '&' inside a name: one side names no organisation of its own
        (["Texas A&M University"], ["Texas A&M University"]),
        (["AT&T Labs, Florham Park"], ["AT&T Labs"]),
        (["Johnson & Johnson"], ["Johnson & Johnson"]),
        (["Hong Kong University of Science & Technology"], ["Hong Kong University of Science & Technology"]),
        (["School of Electrical & Computer Engineering, Example University"], ["Example University"]),
    ],
)
def test_affiliations_shared_with_an_ampersand_are_split(raw: list[str], expected: list[str]) -> None:
    assert clean_institutions(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        ["∗ Student", "† Advising"],
        ["∗ Equal contribution † Corresponding author ‡ Project lead"],
        ["Corresponding author"],
        ["† Work done while interning at Google"],
        ["Work done at Acme Research, Boston"],
    ],
)
def test_notes_about_authors_are_not_institutions(raw: list[str]) -> None:
    assert clean_institutions(raw) == []


def test_a_note_beside_an_affiliation_leaves_the_affiliation() -> None:
    raw = ["1 Tsinghua University ∗ Equal contribution † Work done at Google, Mountain View"]
    assert clean_institutions(raw) == ["Tsinghua University"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["Department of Computer Science, Stanford, University, Stanford, CA 94305"], ["Stanford University"]),
        (["School of Computer Science, Carnegie Mellon, University, Pittsburgh, PA"], ["Carnegie Mellon University"]),
        (["Key Lab of X, School of Computer and Information, Hohai University"], ["Hohai University"]),
        (["1 Example 2 Institute"], ["Example Institute"]),
        (["University"], []),
        (["School of"], []),
        (["Institute of Technology"], []),
        (["Tsinghua University", "National Institute"], ["Tsinghua University"]),
        (["Vial Health Technology, Inc., San Francisco, CA 94111"], ["Vial Health Technology"]),
        # the table knows these whole names made of generic words
        (["Department of Physics, National Central University, Taoyuan"], ["National Central University"]),
        (["National Science Foundation & Stanford University"], ["National Science Foundation", "Stanford University"]),
    ],
)
def test_a_bare_kind_of_organisation_is_rejoined_or_dropped(raw: list[str], expected: list[str]) -> None:
    assert clean_institutions(raw) == expected
