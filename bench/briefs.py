"""Briefs against the reference: the papers of the shared daily reports and the briefs a commercial LLM wrote.

    .venv/bin/python bench/briefs.py [REPORTS_DIR] [--show N]

Each report (`*/*/ai_inference_report_*.md`) gives its papers' title, 主要机构, 作者数量 and 摘要, and the
reference brief from `## 论文技术简报`. The papers go through the real pipeline from a JSONL file (their
institutions cleaned as the pipeline cleans them), without their briefs.

Offline: the share of Chinese among the brief's letters, its length, numbers that are not in the paper, the
share of the reference's checkable numbers (those in the paper) the brief carries, whether its first
institution is the reference's (compared through the institutions table), and whether it has the form.

LLM mode, replayed: a server on 127.0.0.1 answers each request with the reference brief of that paper cut into
the JSON fields the prompt asks for, and the pipeline's LLM stage runs against it. Each reference reply is
classified (`classify`) before the run, independently of paperbrief's checks: not a brief (a refusal, a
template, a sentence that does not split into the parts), invented numbers, an institution the paper does not
list (judged by hand in `bench/briefs-institutions.tsv`, see `listed`), or faithful. The figures are the share
of faithful replies kept, why the others were rejected, and how many unfaithful ones slipped through. A second
run sends every paper its reply with its first institution swapped for one the paper does not list (a
well-known one, a place from its affiliations, an invented company) to count those that slip through.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperbrief import pipeline
from paperbrief.institutions import name_key, resolve
from paperbrief.llm import LLMSettings
from paperbrief.models import BriefOrigin, Code, Paper
from paperbrief.summarize import invented_numbers, paper_numbers
from paperbrief.summarize.checks import FORM, UNKNOWN_TEAM
from paperbrief.text import numbers_in

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))  # the replay server is the tests' fake OpenAI server
REPORTS = ROOT.parent / "shared" / "arxiv-daily"
SEED = ROOT.parent / "shared" / "seed" / "papers.jsonl"
LABELS = Path(__file__).with_name("briefs-institutions.tsv")

_SECTION = re.compile(r"^### (\d+)\. ([^\n]*)\n(.*?)(?=^### |^## |\Z)", re.M | re.S)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# How the reference's sentences come apart: "X发布了Y论文，使用Z，解决了W，达成了V的效果" and its variants.
_REFERENCE = re.compile(
    r"^(?P<who>.+?)(?:联合|共同)?发布了(?:关于)?(?P<name>.+?)(?:相关)?论文(?:，|,(?!\d))\s*"
    r"(?:使用|采用|通过|利用|提出|基于)(?:了)?(?P<technique>.+?)(?:，|,(?!\d))\s*"
    r"(?:解决了?|针对|应对了?|缓解了?)(?P<problem>.+?)(?:，|,(?!\d))\s*"
    r"(?:达成了?|实现了?|取得了?|在|并|使|获得了?)?(?P<effect>.+?)(?:的)?(?:效果)?[。.]?$"
)
_TEAM_WORDS = ("团队", "研究者", "研究人员", "作者", "研究机构", "[", "XXX", "机构")
_ORGANISATION = re.compile(
    r"University|Institute|College|School|Lab|Laborator|Research|Center|Centre|Academy|Inc\b|Corporation|Ltd|"
    r"Company|Group|Hospital|Team|大学|学院|研究|实验室|中心|公司|集团|医院"
)
_SPLIT_NAMES = re.compile(r"、|与|和|及|以及|,\s*|，")


@dataclass
class Reference:
    """One paper of a daily report, as the report prints it."""

    day: str
    index: int
    title: str
    institutions: str
    author_count: int | None
    abstract: str
    brief: str

    @property
    def key(self) -> str:
        """Which paper this is: the report's day and the paper's number in it ("09-02#12")."""
        return f"{self.day}#{self.index}"

    def record(self) -> dict[str, Any]:
        """The paper as a JSONL line, without the reference's brief."""
        return {
            "title": self.title,
            "institutions": self.institutions,
            "author_count": self.author_count,
            "abstract": self.abstract,
        }


def read_reports(folder: Path) -> list[Reference]:
    references = []
    for path in sorted(folder.glob("*/*/ai_inference_report_*.md")):
        text = path.read_text(encoding="utf-8")
        briefs_part, _, details = text.partition("## 论文详细信息")
        briefs = {int(m[1]): m[3].strip() for m in _SECTION.finditer(briefs_part)}
        day = path.parent.name
        for m in _SECTION.finditer(details):
            body = m[3]
            institutions = re.search(r"\*\*主要机构\*\*:[ \t]*(.*)", body)
            count = re.search(r"\*\*作者数量\*\*:[ \t]*(\d+)", body)
            abstract = body.split("**摘要**:", 1)[1].strip() if "**摘要**:" in body else ""
            references.append(
                Reference(
                    day,
                    int(m[1]),
                    m[2].strip(),
                    institutions[1].strip() if institutions else "",
                    int(count[1]) if count else None,
                    abstract,
                    briefs.get(int(m[1]), ""),
                )
            )
    return references


def run_pipeline(references: list[Reference], llm: LLMSettings | None = None) -> list[Paper]:
    """The papers through the real pipeline from a JSONL file, in the references' order."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "papers.jsonl"
        lines = [json.dumps(r.record(), ensure_ascii=False) for r in references]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.environ["PAPERBRIEF_CACHE_DIR"] = str(Path(folder) / "cache")
        report = pipeline.run([str(path)], pipeline.Options(llm=llm))
    by_source = {p.source: p for p in report.entries}
    return [by_source[f"papers.jsonl:{i}"] for i in range(1, len(references) + 1)]


# --- offline ------------------------------------------------------------------------------------------------


def chinese_share(text: str) -> float:
    """Chinese characters among all letters (Chinese characters and Latin letters)."""
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def reference_numbers(reference: Reference, paper: Paper) -> set[str]:
    """The reference brief's numbers that the paper has: the ones a brief can be checked against."""
    return numbers_in(reference.brief) & paper_numbers(paper)


def named_first(brief: str) -> str:
    """The first institution a brief names, or "" for a placeholder team."""
    who = brief.split("发布了", 1)[0] if "发布了" in brief else ""
    first = _SPLIT_NAMES.split(who)[0].strip() if who else ""
    return "" if not first or any(word in first for word in _TEAM_WORDS) else first


def same_institution(a: str, b: str) -> bool:
    """Whether two names (English or Chinese) are one organisation, through the table when it knows them."""
    known_a, known_b = resolve(a), resolve(b)
    if known_a and known_b:
        return known_a == known_b
    return name_key(a) == name_key(b) or bool(known_a and name_key(known_a.zh) == name_key(b))


@dataclass
class Offline:
    shares: list[float] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    checkable: int = 0
    carried: int = 0
    both_named: int = 0
    agreeing: int = 0
    in_form: int = 0
    briefs: int = 0


def offline(references: list[Reference], papers: list[Paper]) -> Offline:
    scores = Offline()
    for reference, paper in zip(references, papers, strict=True):
        if paper.brief is None:
            continue
        text = paper.brief.text
        scores.briefs += 1
        scores.shares.append(chinese_share(text))
        scores.lengths.append(len(text))
        scores.in_form += bool(FORM.match(text))
        if invented_numbers(text, paper):
            scores.invented.append(paper.title)
        wanted = reference_numbers(reference, paper)
        scores.checkable += len(wanted)
        scores.carried += len(wanted & numbers_in(text))
        ours, theirs = named_first(text), named_first(reference.brief)
        if ours and theirs:
            scores.both_named += 1
            scores.agreeing += same_institution(ours, theirs)
    return scores


def print_offline(scores: Offline) -> None:
    print(f"offline briefs\t{scores.briefs}")
    print(f"chinese share median\t{statistics.median(scores.shares):.3f}\t(target >= 0.50)")
    print(f"length median\t{statistics.median(scores.lengths):.0f}\t(target <= 200)")
    print(f"briefs with numbers outside the paper\t{len(scores.invented)}\t(target 0)")
    recall = scores.carried / scores.checkable if scores.checkable else 0.0
    print(f"reference numbers carried\t{scores.carried}/{scores.checkable} = {recall:.3f}\t(target >= 0.70)")
    agree = scores.agreeing / scores.both_named if scores.both_named else 0.0
    print(f"first institution agrees\t{scores.agreeing}/{scores.both_named} = {agree:.3f}\t(target >= 0.70)")
    print(f"in the form\t{scores.in_form}/{scores.briefs}")


# --- LLM mode, replayed --------------------------------------------------------------------------------------


def reply_fields(reference: Reference) -> dict[str, Any] | None:
    """The reference brief cut into the JSON fields the prompt asks for, or None when it is not a brief."""
    found = _REFERENCE.match(" ".join(reference.brief.split()))
    if found is None or not reference.abstract:
        return None
    who = found["who"].strip()
    team = any(word in who for word in _TEAM_WORDS)
    return {
        "institutions_zh": [UNKNOWN_TEAM] if team else [n.strip() for n in _SPLIT_NAMES.split(who) if n.strip()],
        "paper_name": found["name"].strip('《》“”" '),
        "technique": found["technique"],
        "problem": found["problem"],
        "effect": found["effect"],
    }


Labels = dict[tuple[str, str], bool]


def read_labels(path: Path) -> Labels:
    """Hand labels, by (name, paper key "day#number"): each institution a reference reply names that neither its paper
    prints nor the table translates to a printed name, and whether the paper lists it (`listed_as`: what the
    paper printed for it, or "-" when the paper does not list it)."""
    labels: Labels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, key, listed_as = line.split("\t")[:3]
            labels[(name, key)] = listed_as.strip() != "-"
    return labels


def printed(reference: Reference) -> str:
    return name_key(reference.institutions)


def listed(name: str, reference: Reference, labels: Labels) -> bool | None:
    """Whether the paper lists `name`: printed in its 主要机构 (folded), else as labelled by hand; None when
    neither says (an unlabelled name)."""
    if name == UNKNOWN_TEAM:
        return True  # names no institution (see `classify` for a paper that lists some)
    key = name_key(name)
    pieces = {name_key(piece) for piece in reference.institutions.split(",")}
    if key and (key in pieces or (_ORGANISATION.search(name) and key in printed(reference))):
        return True  # printed as one of its names, or as a part of one that names an organisation
    if (name, reference.key) in labels:
        return labels[(name, reference.key)]
    # The table as a dictionary (Chinese name → English name), the paper's printed names as the evidence.
    known = resolve(name)
    if known and name_key(known.name) in printed(reference):
        return True
    return None


def classify(reference: Reference, paper: Paper, reply: str | None, labels: Labels) -> str:
    """What the reply sent for a paper is, judged without paperbrief's checks: "not a brief", "invented
    number", "unlisted institution", "unlabelled institution", "placeholder" or "faithful"."""
    if reply is None or not reply.startswith("{"):
        return "not a brief"
    fields = json.loads(reply)
    text = " ".join(
        [*fields["institutions_zh"], *(str(fields[k]) for k in ("paper_name", "technique", "problem", "effect"))]
    )
    if numbers_in(text) - paper_numbers(paper):
        return "invented number"
    if fields["institutions_zh"] == [UNKNOWN_TEAM] and paper.institutions:
        return "placeholder"  # names no one though the paper lists institutions: paperbrief asks again
    verdicts = [listed(name, reference, labels) for name in fields["institutions_zh"][:2]]
    if False in verdicts:
        return "unlisted institution"
    return "unlabelled institution" if None in verdicts else "faithful"


@contextmanager
def replay(answers: dict[str, str]) -> Iterator[str]:
    """A local OpenAI-compatible server that answers each paper with its reply in `answers`."""
    from fake_openai import Behaviour, FakeOpenAI

    with FakeOpenAI(Behaviour(answers=answers)) as fake:
        yield fake.url


def answers_by_paper(references: list[Reference], replies: list[str | None]) -> dict[str, str]:
    """What the replay server answers for each paper: the reply (the brief's own text, not JSON, when it has
    none). A paper reported twice (two days' mails can be the same) gets its first reply."""
    answers: dict[str, str] = {}
    for reference, reply in zip(references, replies, strict=True):
        answers.setdefault(_answer_key(reference), reply or reference.brief)
    return answers


def _answer_key(reference: Reference) -> str:
    from fake_openai import answer_key

    return answer_key(reference.title, reference.abstract)


def replayed(references: list[Reference], replies: list[str | None]) -> list[Paper]:
    """The pipeline with a model that answers each paper with its reply (`answers_by_paper`)."""
    with replay(answers_by_paper(references, replies)) as url:
        settings = LLMSettings(model="replay", base_url=url, concurrency=8, max_retries=0)
        return run_pipeline(references, settings)


def kept(paper: Paper) -> bool:
    return paper.brief is not None and paper.brief.origin == BriefOrigin.LLM


def why_rejected(paper: Paper) -> str:
    message = next((w.message for w in paper.warnings if w.code in (Code.LLM_REJECTED, Code.LLM_FAILED)), "")
    reason = re.sub(r"^.*?\((.*)\): the offline brief was kept$", r"\1", message)
    return re.sub(r":.*$", "", reason) or "no brief"


def llm_mode(references: list[Reference], labels: Labels) -> None:
    fields = [reply_fields(r) for r in references]
    sent = answers_by_paper(references, [json.dumps(f, ensure_ascii=False) if f else None for f in fields])
    # Each paper is judged by the reply it is sent: a paper reported twice gets its first reference's reply.
    replies: list[str | None] = [sent[_answer_key(r)] for r in references]
    papers = replayed(references, replies)
    judged = [
        (classify(r, p, reply, labels), r, p, reply) for r, p, reply in zip(references, papers, replies, strict=True)
    ]
    for name, key, where in sorted(_unlabelled(judged, labels)):
        print(f"unlabelled\t{name}\t{key}\t{where}")
    table: Counter[tuple[str, bool]] = Counter((c, kept(p)) for c, _, p, _ in judged)
    print("\nreplay: class\tkept\trejected")
    shown = ("faithful", "placeholder", "unlabelled institution", "unlisted institution", "invented number")
    for name in (*shown, "not a brief"):
        print(f"{name}\t{table[(name, True)]}\t{table[(name, False)]}")
    faithful = table[("faithful", True)] + table[("faithful", False)]
    share = table[("faithful", True)] / faithful if faithful else 0.0
    print(f"faithful replies kept\t{table[('faithful', True)]}/{faithful} = {share:.3f}\t(target >= 0.95)")
    lost = [(r, p) for c, r, p, _ in judged if c == "faithful" and not kept(p)]
    for reason, count in Counter(why_rejected(p) for _, p in lost).most_common():
        print(f"  faithful but rejected: {reason}\t{count}")
    for r, p in lost:
        print(f"    {r.key}\t{why_rejected(p)}\t{r.brief.split('发布了')[0]}\t{r.institutions[:100]}")
    unlisted = [(r, p) for c, r, p, _ in judged if c == "unlisted institution"]
    slipped = [r for r, p in unlisted if kept(p)]
    for r in slipped:
        print(f"    slipped\t{r.key}\t{r.brief.split('发布了')[0]}\t{r.institutions[:100]}")
    print(f"unlisted institution kept\t{len(slipped)}/{len(unlisted)}")
    adversarial(references, replies)


def _unlabelled(judged: list[tuple[str, Reference, Paper, str | None]], labels: Labels) -> set[tuple[str, str, str]]:
    """The (name, paper, printed institutions) the hand labels still lack: label them in `LABELS`."""
    return {
        (name, r.key, r.institutions[:150])
        for c, r, _, reply in judged
        if c == "unlabelled institution" and reply
        for name in json.loads(reply)["institutions_zh"][:2]
        if listed(name, r, labels) is None
    }


# Institutions no paper of the set lists, of the three kinds a model invents: a famous one, a place, a company.
_STRANGERS = ("斯坦福大学", "麻省理工学院", "谷歌", "北京", "上海", "深圳智算科技有限公司", "计算机科学系", "美国")


def adversarial(references: list[Reference], replies: list[str | None]) -> None:
    """Every paper's reply with its first institution swapped for one the paper does not print."""
    rng = random.Random(7)
    swapped: list[str | None] = []
    for reference, reply in zip(references, replies, strict=True):
        if reply is None or not reply.startswith("{"):
            swapped.append(None)
            continue
        fields = json.loads(reply)
        strangers = [s for s in _STRANGERS if name_key(s) not in printed(reference) and not _in_paper(s, reference)]
        fields["institutions_zh"] = [rng.choice(strangers), *fields["institutions_zh"][1:2]]
        swapped.append(json.dumps(fields, ensure_ascii=False))
    again = replayed(references, swapped)
    sent = [p for p, reply in zip(again, swapped, strict=True) if reply is not None]
    slipped = sum(kept(p) for p in sent)
    print(f"swapped-in unlisted institution kept\t{slipped}/{len(sent)}\t(target <= 1 in 200)")


def _in_paper(name: str, reference: Reference) -> bool:
    known = resolve(name)
    return bool(known and name_key(known.name) in printed(reference))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reports", nargs="?", default=str(REPORTS))
    parser.add_argument("--show", type=int, default=0, help="print N random offline briefs beside the reference's")
    args = parser.parse_args()
    references = read_reports(Path(args.reports))
    print(f"papers\t{len(references)}\tfrom\t{args.reports}")
    papers = run_pipeline(references)
    print_offline(offline(references, papers))
    llm_mode(references, read_labels(LABELS))
    for reference, paper in random.Random(1).sample(list(zip(references, papers, strict=True)), args.show):
        print(f"\n{paper.title}\n  ours: {paper.brief.text if paper.brief else None}\n  ref:  {reference.brief}")


if __name__ == "__main__":
    main()
