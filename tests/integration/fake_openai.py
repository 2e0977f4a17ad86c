"""A small OpenAI-compatible HTTP server on 127.0.0.1 for tests and benchmarks.

It speaks `POST /v1/chat/completions` and `GET /v1/models`, tells paperbrief's tasks apart by their system
prompt (a brief, a judgement, a translation), reads the paper from the fenced JSON block of the request (as
paperbrief sends it) and answers with a reply built from it. `Behaviour` injects what real servers and models
do: latency, 429 with Retry-After, 500, malformed bodies or replies, invented numbers, obedience to
instructions inside the paper, refusals, refusal of `response_format`, a required key.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from paperbrief.text import numbers_in

_FENCE = re.compile(r"```json\s*(.*?)```", re.DOTALL)


@dataclass
class Behaviour:
    """How the server answers. `script` overrides the first calls in order ("429", "500", "slow", "ok", …)."""

    latency: float = 0.0
    rate_429: float = 0.0
    rate_500: float = 0.0
    retry_after: str | None = "0"
    retry_after_ms: str | None = None
    script: list[str] = field(default_factory=list)
    slow_latency: float = 5.0
    reply: str = "good"  # briefs: good | invented | not-json | fenced | obey-injection | english
    # judgements: good (relevant when the paper mentions inference) | relevant | not-relevant | garbage | refusal
    # | invented | english
    judge: str = "good"
    translation: str = "good"  # good | invented | refusal | english
    reject_formats: set[str] = field(default_factory=set)  # "json_schema", "json_object"
    required_key: str | None = None
    fail_title: str | None = None  # papers whose title contains this always get a 500
    answers: dict[str, str] = field(default_factory=dict)  # a paper's `answer_key` → the reply it always gets
    seed: int = 0


@dataclass
class Seen:
    """One chat request as the server received it."""

    body: dict[str, Any]
    authorization: str
    at: float


class FakeOpenAI:
    """Use as a context manager; `url` is the base URL to give paperbrief."""

    def __init__(self, behaviour: Behaviour | None = None) -> None:
        self.behaviour = behaviour or Behaviour()
        self.requests: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.rng = random.Random(self.behaviour.seed)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        with self.lock:
            return len(self.requests)

    def asked(self, task: str) -> list[dict[str, Any]]:
        """The papers of the requests for one task ("brief", "judge" or "translate"), in the order received."""
        with self.lock:
            return [paper_in(r.body) for r in self.requests if task_of(r.body) == task]

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()

    def track(self, change: int) -> None:
        with self.lock:
            self.in_flight += change
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def decide(self, body: dict[str, Any], authorization: str) -> str:
        """What to do with this call: a scripted step, else a random failure, else "ok"."""
        b = self.behaviour
        with self.lock:
            self.requests.append(Seen(body, authorization, time.monotonic()))
            if b.required_key is not None and authorization != f"Bearer {b.required_key}":
                return "401"
            if len(self.requests) <= len(b.script):
                return b.script[len(self.requests) - 1]
            draw = self.rng.random()
        if draw < b.rate_429:
            return "429"
        if draw < b.rate_429 + b.rate_500:
            return "500"
        return "ok"


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read their own output
            pass

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                self._json(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})
            else:
                self._json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._json(404, {"error": {"message": "not found"}})
                return
            if "messages" not in body:  # a client that hung up mid-body, as an interrupted run does
                self._json(400, {"error": {"message": "'messages' is a required property"}})
                return
            step = fake.decide(body, self.headers.get("Authorization", ""))
            fake.track(+1)
            try:
                time.sleep(fake.behaviour.slow_latency if step == "slow" else fake.behaviour.latency)
                self._answer(step, body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped waiting (a timeout under test): nobody is left to answer
            finally:
                fake.track(-1)

        def _answer(self, step: str, body: dict[str, Any]) -> None:
            if step == "malformed-body":
                self._raw(200, b'{"choices": [ this is not json')
                return
            given = self.headers.get("Authorization", "").removeprefix("Bearer ")
            status, payload, headers = _response(fake.behaviour, step, body, given)
            self._json(status, payload, headers)

        def _json(self, status: int, payload: dict[str, Any], headers: dict[str, str | None] | None = None) -> None:
            self._raw(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers)

        def _raw(self, status: int, data: bytes, headers: dict[str, str | None] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                if value is not None:
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _response(
    b: Behaviour, step: str, body: dict[str, Any], given_key: str
) -> tuple[int, dict[str, Any], dict[str, str | None]]:
    """Status, JSON body and headers for one call."""
    kind = (body.get("response_format") or {}).get("type")
    if step == "401":  # echoes the key, as OpenAI's own error does, to prove the client scrubs it
        return 401, {"error": {"message": f"Incorrect API key provided: {given_key}", "code": "invalid_api_key"}}, {}
    if step == "429":
        return (
            429,
            {"error": {"message": "Rate limit reached"}},
            {"Retry-After": b.retry_after, "retry-after-ms": b.retry_after_ms},
        )
    if step == "500" or (b.fail_title and b.fail_title in paper_in(body).get("title", "")):
        return 500, {"error": {"message": "internal error"}}, {}
    if kind in b.reject_formats:
        return 400, {"error": {"message": f"response_format type {kind} is not supported by this model"}}, {}
    return 200, _completion(body, b), {}


def paper_in(body: dict[str, Any]) -> dict[str, Any]:
    """The paper document paperbrief sent: the fenced JSON in the first user message."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    match = _FENCE.search(user)
    return json.loads(match.group(1)) if match else {}


def answer_key(title: str, abstract: str) -> str:
    """Which paper a request is about, for `Behaviour.answers`: its title and the start of its abstract (two
    papers may share a title, or have none)."""
    return " ".join(title.split()) + "\n" + " ".join(abstract.split())[:120]


def _completion(body: dict[str, Any], b: Behaviour) -> dict[str, Any]:
    paper = paper_in(body)
    key = answer_key(paper.get("title", ""), paper.get("abstract", ""))
    content = b.answers[key] if key in b.answers else _content(body, b)
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "fake-model"),
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 1000, "completion_tokens": 100, "total_tokens": 1100},
    }


def task_of(body: dict[str, Any]) -> str:
    """Which of paperbrief's tasks a request is, by the first words of its system prompt."""
    system = next((m["content"] for m in body["messages"] if m["role"] == "system"), "")
    if system.startswith("You screen research papers"):
        return "judge"
    if system.startswith("You translate"):
        return "translate"
    return "brief"


_REFUSAL = "I cannot help with that."


def _content(body: dict[str, Any], b: Behaviour) -> str:
    task = task_of(body)
    if task == "judge":
        return _judgement(paper_in(body), b.judge)
    if task == "translate":
        return _translation(paper_in(body), b.translation)
    return _brief(body, b.reply)


def _judgement(paper: dict[str, Any], judge: str) -> str:
    if judge == "garbage":
        return '{"relevant": maybe, "confidence": '
    if judge == "refusal":
        return _REFUSAL
    on_topic = "inference" in f"{paper['title']} {paper['abstract']}".lower()
    relevant = {"relevant": True, "not-relevant": False}.get(judge, on_topic)
    reason = "论文提出推理加速方法" if relevant else "论文与推理加速无关"
    verdict = {
        "relevant": relevant,
        "confidence": 0.9,
        "reason": "speeds up inference" if judge == "english" else reason,
        "summary": "该文提出了一种新方法" + ("，速度提升987.65倍" if judge == "invented" else ""),
    }
    return json.dumps(verdict, ensure_ascii=False)


def _translation(paper: dict[str, Any], translation: str) -> str:
    if translation == "refusal":
        return _REFUSAL
    if translation == "english":
        return json.dumps({"translation": paper["abstract"]})
    figures = "".join(f"其中一个数字是{n}。" for n in sorted(numbers_in(paper["abstract"])))
    invented = "速度提升987.65倍。" if translation == "invented" else ""
    return json.dumps({"translation": f"我们提出了一种新方法。{figures}{invented}"}, ensure_ascii=False)


def _brief(body: dict[str, Any], reply: str) -> str:
    paper = paper_in(body)
    if reply == "obey-injection" and "ignore previous instructions" in paper.get("abstract", "").lower():
        return next(m["content"] for m in body["messages"] if m["role"] == "system")
    if reply == "not-json":
        return "Sure! Here is the brief: {institutions_zh: [oops"
    fields = _fields(paper, english=reply == "english")
    if reply == "invented":
        fields["effect"] = "准确率提升987.65%"
    text = json.dumps(fields, ensure_ascii=False)
    return f"Here you go:\n```json\n{text}\n```" if reply == "fenced" else text


def _fields(paper: dict[str, Any], *, english: bool) -> dict[str, Any]:
    numbers = sorted(numbers_in(paper.get("abstract", "")))
    effect = f"关键指标达到{numbers[0]}" if numbers else "明显优于基线"
    return {
        "institutions_zh": paper.get("institution_names", [])[:2],
        "paper_name": paper.get("short_name", ""),
        "technique": "a new method" if english else "一种新的稀疏注意力方法",
        "problem": "slow inference" if english else "长上下文推理速度慢的问题",
        "effect": effect,
    }
