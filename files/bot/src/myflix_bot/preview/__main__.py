"""The preview process: ``python -m myflix_bot.preview`` reads one job as JSON on stdin
(``{"request": {...}, "lang": "fr", "output_dir": "/tmp/x"}``; the worker token travels here, never on the
command line) and writes JSON lines on stdout: ``progress`` and ``fallback`` events, then ``done`` (with the
output file's path) or ``error``. The bot runs it in a systemd scope and cancels it by terminating it."""

from __future__ import annotations

import json
import resource
import sys
from typing import Any

from myflix_bot.preview.spec import PreviewError, PreviewRequest


def peak_rss_kib() -> int:
    """This process's peak resident set (VmHWM). Not ``ru_maxrss``: Linux carries a parent's high-water mark
    into a child across fork and exec, so a job started by a big process would report that process's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _emit(event: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def main() -> int:
    try:
        job: dict[str, Any] = json.loads(sys.stdin.read())
        request = PreviewRequest.from_json(json.dumps(job["request"]))
        lang = str(job.get("lang", "fr"))
        output_dir = str(job["output_dir"])
    except (ValueError, KeyError, TypeError) as exc:
        _emit({"event": "error", "code": "failed", "detail": f"bad job: {exc}"})
        return 2
    try:
        from myflix_bot.preview import job as preview_job  # noqa: PLC0415 - heavy: av, ncnn, numpy, Pillow

        outcome = preview_job.run(request, _emit, lang)
        path = preview_job.write_output(outcome, output_dir)
    except PreviewError as exc:
        _emit({"event": "error", "code": exc.code, "detail": exc.detail})
        return 2
    except Exception as exc:
        _emit({"event": "error", "code": "failed", "detail": f"{type(exc).__name__}: {exc}"})
        return 1
    _emit(
        {
            "event": "done",
            "path": path,
            "kind": outcome.kind,
            "backend": outcome.backend,
            "model": outcome.model,
            "ms_per_frame": round(outcome.ms_per_frame, 1),
            "fallback_reason": outcome.fallback_reason,
            **(
                {"width": outcome.width, "height": outcome.height, "seconds": round(outcome.seconds, 2)}
                if outcome.kind == "mp4"
                else {}
            ),
            "peak_rss_kib": peak_rss_kib(),
        }
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
