"""AI upscaling preview (``/apercu``).

The bot imports only the light modules here (``models``, ``spec``, ``messages``, ``settings``, ``launcher``,
``startup``, ``ending``, ``service``, ``worker_client``). av, ncnn, numpy and Pillow are imported by
``frames``, ``upscale``, ``compose``, ``job`` and ``worker``, which run in the preview process
(``python -m myflix_bot.preview``) or in the worker service, never in the bot's idle memory
(``tests/preview/test_light_imports.py``).
"""
