"""Argument-spec pieces shared by the myflix.media modules (plain data, standard library only)."""

from __future__ import annotations

from typing import Any

QBITTORRENT_ARGS: dict[str, dict[str, Any]] = {
    "qbittorrent_url": {"type": "str", "default": "http://127.0.0.1:8080"},
    "qbittorrent_username": {"type": "str", "default": "admin"},
    "qbittorrent_password": {"type": "str", "no_log": True},
    "qbittorrent_api_key": {"type": "str", "no_log": True},
    "validate_certs": {"type": "bool", "default": True},
    "timeout": {"type": "float", "default": 10.0},
}

QBITTORRENT_REQUIRED_ONE_OF = [("qbittorrent_password", "qbittorrent_api_key")]


def qbittorrent_kwargs(params: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments of ``QBittorrentClient`` from module parameters."""
    return {
        "url": params["qbittorrent_url"],
        "username": params["qbittorrent_username"],
        "password": params["qbittorrent_password"],
        "api_key": params["qbittorrent_api_key"],
        "timeout": params["timeout"],
        "validate_certs": params["validate_certs"],
    }


ARR_ARGS: dict[str, dict[str, Any]] = {
    "app": {"type": "str", "choices": ["radarr", "sonarr"], "required": True},
    "url": {"type": "str", "required": True},
    "api_key": {"type": "str", "required": True, "no_log": True},
    "validate_certs": {"type": "bool", "default": True},
    "timeout": {"type": "float", "default": 15.0},
}


def arr_kwargs(params: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments of ``ArrClient`` from module parameters (``ARR_ARGS``)."""
    return {
        "url": params["url"],
        "api_key": params["api_key"],
        "app": params["app"],
        "timeout": params["timeout"],
        "validate_certs": params["validate_certs"],
    }
