"""Myflix Telegram bot and runtime watchers."""

__version__ = "0.1.0"
