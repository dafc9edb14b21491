"""The bot's Prometheus metrics, in a registry of its own (the exporter serves it later).

Low cardinality: labels are fixed words (kind of update, command name), never ids, names or text.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


class BotMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        self.denied = Counter(
            "myflix_bot_denied_updates",
            "Updates from users or chats outside the allowlist, by kind (message, callback, other).",
            ["kind"],
            registry=self.registry,
        )
        self.refusals = Counter(
            "myflix_bot_refusals_sent",
            "Short refusal messages sent to strangers (rate limited).",
            registry=self.registry,
        )
        self.commands = Counter(
            "myflix_bot_commands",
            "Commands and button presses served, by view.",
            ["view"],
            registry=self.registry,
        )
        self.handler_errors = Counter(
            "myflix_bot_handler_errors",
            "Exceptions caught in update handlers.",
            registry=self.registry,
        )
        self.telegram_connected = Gauge(
            "myflix_bot_telegram_connected",
            "1 once the bot reached the Telegram Bot API and polls it, 0 while it retries.",
            registry=self.registry,
        )
        self.telegram_connect_failures = Counter(
            "myflix_bot_telegram_connect_failures",
            "Failed attempts to reach the Telegram Bot API at start-up (retried with backoff).",
            registry=self.registry,
        )

    def value(self, name: str, **labels: str) -> float:
        """The current value of a counter sample (``name`` without ``_total``), 0 if never touched."""
        return self.registry.get_sample_value(f"{name}_total", labels) or 0.0
