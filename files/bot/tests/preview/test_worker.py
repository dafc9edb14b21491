"""The AI worker over real HTTP on 127.0.0.1: token auth, one job at a time, the preview offloaded to it,
the fallback to local when it is down or refuses the token, the clip."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import pytest
from myflix_bot.preview import job
from myflix_bot.preview.spec import PreviewError, PreviewRequest, WorkerTarget
from myflix_bot.preview.worker import serve
from myflix_bot.preview.worker_client import WorkerClient, WorkerUnavailable
from PIL import Image

from .media import detailed_picture, make_video

TOKEN = "worker-token-for-the-tests-0123456789"


@pytest.fixture(scope="module")
def worker(upscaler) -> Iterator[str]:
    server = serve("127.0.0.1", 0, upscaler, TOKEN)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_upscale_with_the_token(worker: str) -> None:
    client = WorkerClient(WorkerTarget(worker, TOKEN, timeout=60))
    assert client.health()["model"] == "realesr-animevideov3-x2"
    source = detailed_picture(64).resize((48, 48))
    buffer = io.BytesIO()
    source.save(buffer, format="PNG")
    result = Image.open(io.BytesIO(client.upscale_png(buffer.getvalue())))
    assert result.size == (96, 96)
    assert client.model == "realesr-animevideov3-x2"
    assert client.last_ms > 0


@pytest.mark.parametrize("token", ["wrong-token-wrong-token-wrong", ""])
def test_a_wrong_or_missing_token_is_refused(worker: str, token: str) -> None:
    client = WorkerClient(WorkerTarget(worker, token, timeout=30))
    with pytest.raises(WorkerUnavailable) as caught:
        client.health()
    assert caught.value.reason == "refused_token"
    with pytest.raises(WorkerUnavailable):
        client.upscale_png(b"\x89PNG not really")


def test_one_job_at_a_time(worker: str, upscaler) -> None:
    """While a job holds the worker, another is answered 503 (busy), and served once it is done."""
    client = WorkerClient(WorkerTarget(worker, TOKEN, timeout=60))
    buffer = io.BytesIO()
    detailed_picture(64).resize((32, 32)).save(buffer, format="PNG")
    entered, release = threading.Event(), threading.Event()
    original = upscaler.upscale

    def slow(image: Image.Image) -> Image.Image:
        entered.set()
        assert release.wait(60)
        return original(image)

    upscaler.upscale = slow
    results: list[Any] = []
    first = threading.Thread(target=lambda: results.append(client.upscale_png(buffer.getvalue())))
    first.start()
    try:
        assert entered.wait(60)
        with pytest.raises(WorkerUnavailable) as caught:
            WorkerClient(WorkerTarget(worker, TOKEN, timeout=60)).upscale_png(buffer.getvalue())
        assert caught.value.reason == "busy"
    finally:
        release.set()
        first.join(60)
        upscaler.upscale = original
    assert len(results) == 1
    assert Image.open(io.BytesIO(client.upscale_png(buffer.getvalue()))).size == (64, 64)


def test_the_slot_is_free_before_the_answer_leaves(upscaler, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker frees its one job slot before it writes the answer, so a client that sends its next job
    the moment it holds an answer never finds the worker "busy" with the job it already has (the bot would
    fall back to the Pi for nothing). Seen in a soak: the answer arrived, the next job got 503."""
    server = serve("127.0.0.1", 0, upscaler, TOKEN)
    handler: Any = server.RequestHandlerClass
    slot_held_while_answering: list[bool] = []
    original_send = handler._send

    def recording_send(self: Any, *reply: Any) -> None:
        slot_held_while_answering.append(self.state.busy.locked())
        original_send(self, *reply)

    monkeypatch.setattr(handler, "_send", recording_send)
    buffer = io.BytesIO()
    detailed_picture(64).resize((32, 32)).save(buffer, format="PNG")
    try:
        client = WorkerClient(WorkerTarget(f"http://127.0.0.1:{server.server_address[1]}", TOKEN, timeout=60))
        sizes = [Image.open(io.BytesIO(client.upscale_png(buffer.getvalue()))).size for _ in range(3)]
    finally:
        server.shutdown()
        server.server_close()
    assert sizes == [(64, 64)] * 3
    assert slot_held_while_answering == [False, False, False]


def _events() -> tuple[list[dict[str, object]], Any]:
    events: list[dict[str, object]] = []
    return events, events.append


def _one_frame(video: Path, target: WorkerTarget, **more: Any) -> PreviewRequest:
    """One small frame of ``video`` for the worker at ``target``."""
    return PreviewRequest(
        media=str(video), times=(1.0,), frames=1, max_lines=90, backend="worker", worker=target, **more
    )


def test_preview_offloaded_to_the_worker(worker: str, sample_video: Path) -> None:
    events, emit = _events()
    request = _one_frame(sample_video, WorkerTarget(worker, TOKEN))
    outcome = job.run(request, emit, "en")
    assert outcome.backend == "worker"
    assert outcome.fallback_reason == ""
    assert not [e for e in events if e["event"] == "fallback"]
    assert [e.get("backend") for e in events if e.get("stage") == "upscaling"] == ["worker"]


@pytest.mark.parametrize(
    ("token", "reason"), [(TOKEN, "down"), ("a-wrong-token-of-some-length", "refused_token")]
)
def test_falls_back_to_local(worker: str, sample_video: Path, token: str, reason: str) -> None:
    url = "http://127.0.0.1:9" if reason == "down" else worker  # port 9 (discard): nothing listens
    events, emit = _events()
    request = _one_frame(sample_video, WorkerTarget(url, token, timeout=10), tile=96)
    outcome = job.run(request, emit, "en")
    assert outcome.backend == "fallback"
    assert outcome.fallback_reason == reason
    assert [e["reason"] for e in events if e["event"] == "fallback"] == [reason]
    assert Image.open(io.BytesIO(outcome.data)).format == "PNG"


@pytest.mark.parametrize("refused", ["throttling", "local_unavailable"])
def test_no_fallback_where_the_pi_may_not_compute(sample_video: Path, refused: str) -> None:
    """A worker that is down while the Pi throttles, or on a host that cannot confine a local job: the job
    stops with that reason (the test above is its positive twin: the same failure falls back)."""
    down = WorkerTarget("http://127.0.0.1:9", TOKEN, timeout=10)
    request = _one_frame(sample_video, down, local_refused=refused)
    with pytest.raises(PreviewError) as caught:
        job.run(request, lambda event: None, "en")
    assert (caught.value.code, caught.value.detail) == (refused, "down")


def test_clip_on_the_worker(worker: str, tmp_path: Path) -> None:
    video = make_video(tmp_path / "short.mp4", seconds=1.0, size=(64, 36))
    _, emit = _events()
    request = PreviewRequest(
        media=str(video), clip=True, clip_seconds=0.5, backend="worker", worker=WorkerTarget(worker, TOKEN)
    )
    outcome = job.run(request, emit, "en")
    assert outcome.kind == "mp4"
    assert outcome.backend == "worker"
    with av.open(io.BytesIO(outcome.data)) as container:
        frames = list(container.decode(video=0))
    assert len(frames) == 5
    assert (frames[0].width, frames[0].height) == (128, 72)


def test_clip_needs_a_worker(sample_video: Path) -> None:
    with pytest.raises(PreviewError) as caught:
        job.run(PreviewRequest(media=str(sample_video), clip=True), lambda event: None, "en")
    assert caught.value.code == "clip_needs_worker"
