#!/usr/bin/python
# Copyright: Myflix developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Set qBittorrent preferences and categories idempotently."""

from __future__ import annotations

DOCUMENTATION = r"""
module: qbittorrent_preferences
short_description: Set qBittorrent preferences and categories idempotently
version_added: 0.1.0
description:
  - Sets qBittorrent application preferences and categories through the WebUI API, sending only what
    differs, then reads the preferences back and fails if qBittorrent did not keep them.
  - When a task fails after qBittorrent was written to (a value not kept, a category refused), the result
    says C(changed=true) and lists what was applied and what was not.
  - Convenience options cover what the Myflix stack needs (save path, incomplete-download path,
    alternative speed limits, WebUI settings, categories with save paths); O(preferences) accepts any
    other qBittorrent preference key.
  - The diff shows only the keys and categories that change.
author:
  - Myflix developers (@myflix)
extends_documentation_fragment:
  - myflix.media.qbittorrent
attributes:
  check_mode:
    support: full
    description: Reports what would change; changes nothing.
  diff_mode:
    support: full
    description: Shows only the changing preference keys and categories, before and after.
options:
  save_path:
    description:
      - Default save path of completed downloads (qBittorrent C(save_path)), for example on the HDD.
    type: str
  temp_path:
    description:
      - Path of incomplete downloads (C(temp_path)), for example on the NVMe. Setting it also sets
        C(temp_path_enabled).
    type: str
  alt_speed_limits:
    description:
      - Alternative ("turtle") speed limits, in KiB/s (1 KiB = 1024 bytes); 0 means unlimited.
      - The WebUI API takes bytes/s; the module converts, so O(alt_speed_limits.download=4096) limits
        downloads to 4 MiB/s, and C(changes) shows the API values (bytes/s).
    type: dict
    suboptions:
      download:
        description: Alternative download limit (C(alt_dl_limit)), KiB/s.
        type: int
      upload:
        description: Alternative upload limit (C(alt_up_limit)), KiB/s.
        type: int
  webui:
    description:
      - WebUI settings. The WebUI password is write-only in the API, so it cannot be compared and is
        not managed here.
      - Changing the address or port moves the WebUI; the read-back then skips those keys.
    type: dict
    suboptions:
      address:
        description: Address the WebUI binds to (C(web_ui_address)), C(*) for all.
        type: str
      port:
        description: WebUI port (C(web_ui_port)).
        type: int
      username:
        description: WebUI username (C(web_ui_username)).
        type: str
      csrf_protection:
        description: CSRF protection (C(web_ui_csrf_protection_enabled)).
        type: bool
      clickjacking_protection:
        description: Clickjacking protection (C(web_ui_clickjacking_protection_enabled)).
        type: bool
      host_header_validation:
        description: Host header validation (C(web_ui_host_header_validation_enabled)).
        type: bool
      bypass_local_auth:
        description: Skip authentication for clients on localhost (C(bypass_local_auth)).
        type: bool
      bypass_auth_subnet_whitelist:
        description:
          - Subnets whose clients skip authentication (C(bypass_auth_subnet_whitelist)); an empty list
            disables the whitelist.
        type: list
        elements: str
  preferences:
    description:
      - Any other qBittorrent preferences, by their API key (see C(app/preferences) in the WebUI API),
        with API values; the speed limits C(dl_limit), C(up_limit), C(alt_dl_limit) and C(alt_up_limit)
        are in bytes/s there.
      - A key this qBittorrent does not report fails the task, so typos do not pass silently.
      - Values set by the options above win over the same keys here.
    type: dict
    default: {}
  categories:
    description:
      - Categories to create or update, each with its save path. Other categories are left alone.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Category name.
        type: str
        required: true
      save_path:
        description: Save path of the category; empty means the default save path.
        type: str
        default: ""
seealso:
  - module: myflix.media.qbittorrent_port_sync
"""

EXAMPLES = r"""
- name: Paths, limits, WebUI and categories for the Myflix stack
  myflix.media.qbittorrent_preferences:
    qbittorrent_password: "{{ vault_qbittorrent_password }}"
    save_path: /srv/hdd/data/torrents
    temp_path: /srv/nvme/incomplete
    alt_speed_limits:
      download: 2048
      upload: 512
    webui:
      csrf_protection: true
      host_header_validation: true
      bypass_local_auth: false
    preferences:
      dht: true
      max_ratio_enabled: true
      max_ratio: 2
    categories:
      - name: radarr
        save_path: /srv/hdd/data/torrents/movies
      - name: sonarr
        save_path: /srv/hdd/data/torrents/tv
  register: qbt_prefs

- name: Show what changed
  ansible.builtin.debug:
    var: qbt_prefs.changes
"""

RETURN = r"""
changes:
  description: Preference keys that were (or would be) set, with their new values as the API takes them
    (speed limits in bytes/s).
  returned: success
  type: dict
  sample: {"temp_path": "/srv/nvme/incomplete", "temp_path_enabled": true}
categories_created:
  description: Categories that were (or would be) created.
  returned: success
  type: list
  elements: str
  sample: [radarr]
categories_updated:
  description: Categories whose save path was (or would be) changed.
  returned: success
  type: list
  elements: str
  sample: [sonarr]
applied:
  description: On failure, what qBittorrent was already written (preference keys, C(category <name>)).
  returned: failure
  type: list
  elements: str
  sample: [save_path, category radarr]
not_applied:
  description: On failure, what qBittorrent refused, did not keep, or was not sent.
  returned: failure
  type: list
  elements: str
  sample: [max_connec]
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError
from ansible_collections.myflix.media.plugins.module_utils.module_args import (
    QBITTORRENT_ARGS,
    QBITTORRENT_REQUIRED_ONE_OF,
    qbittorrent_kwargs,
)
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import QBittorrentClient
from ansible_collections.myflix.media.plugins.module_utils.qbt_preferences import (
    category_changes,
    limit_to_api,
    preference_changes,
    same_value,
    unknown_keys,
)

WEBUI_KEYS = {
    "address": "web_ui_address",
    "port": "web_ui_port",
    "username": "web_ui_username",
    "csrf_protection": "web_ui_csrf_protection_enabled",
    "clickjacking_protection": "web_ui_clickjacking_protection_enabled",
    "host_header_validation": "web_ui_host_header_validation_enabled",
    "bypass_local_auth": "bypass_local_auth",
}
MOVES_WEBUI = ("web_ui_address", "web_ui_port")


def wanted_preferences(params: dict) -> dict:
    """The preference keys and values the task asks for."""
    wanted = dict(params["preferences"] or {})
    if params["save_path"] is not None:
        wanted["save_path"] = params["save_path"]
    if params["temp_path"] is not None:
        wanted["temp_path"] = params["temp_path"]
        wanted["temp_path_enabled"] = True
    limits = params["alt_speed_limits"] or {}
    if limits.get("download") is not None:
        wanted["alt_dl_limit"] = limit_to_api(limits["download"])
    if limits.get("upload") is not None:
        wanted["alt_up_limit"] = limit_to_api(limits["upload"])
    webui = params["webui"] or {}
    for option, key in WEBUI_KEYS.items():
        if webui.get(option) is not None:
            wanted[key] = webui[option]
    whitelist = webui.get("bypass_auth_subnet_whitelist")
    if whitelist is not None:
        wanted["bypass_auth_subnet_whitelist_enabled"] = bool(whitelist)
        wanted["bypass_auth_subnet_whitelist"] = "\n".join(whitelist)
    return wanted


def apply(client: QBittorrentClient, changes: dict, categories: list, applied: list[str]) -> None:
    """Write the changes, recording in ``applied`` what qBittorrent accepted (in order)."""
    if changes:
        client.set_preferences(changes)
        applied.extend(changes)
    for category in categories:
        if category.before is None:
            client.create_category(category.name, category.save_path)
        else:
            client.edit_category(category.name, category.save_path)
        applied.append(f"category {category.name}")


def main() -> None:
    """Module entry point."""
    argument_spec = dict(
        save_path=dict(type="str"),
        temp_path=dict(type="str"),
        alt_speed_limits=dict(type="dict", options=dict(download=dict(type="int"), upload=dict(type="int"))),
        webui=dict(
            type="dict",
            options=dict(
                address=dict(type="str"),
                port=dict(type="int"),
                username=dict(type="str"),
                csrf_protection=dict(type="bool"),
                clickjacking_protection=dict(type="bool"),
                host_header_validation=dict(type="bool"),
                bypass_local_auth=dict(type="bool"),
                bypass_auth_subnet_whitelist=dict(type="list", elements="str", no_log=False),
            ),
        ),
        preferences=dict(type="dict", default={}),
        categories=dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(name=dict(type="str", required=True), save_path=dict(type="str", default="")),
        ),
        **QBITTORRENT_ARGS,
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_one_of=QBITTORRENT_REQUIRED_ONE_OF,
    )
    params = module.params
    try:
        wanted = wanted_preferences(params)
    except ValueError as exc:
        module.fail_json(msg=f"alt_speed_limits: {exc}")
    wanted_categories = {c["name"]: c["save_path"] for c in params["categories"]}
    applied: list[str] = []  # what qBittorrent was written, for an honest failure

    def fail(msg: str, not_applied: list[str]) -> None:
        detail = (
            f"; applied: {', '.join(applied)}; not applied: {', '.join(not_applied) or 'none'}"
            if applied
            else ""
        )
        module.fail_json(
            msg=msg + detail, changed=bool(applied), applied=applied, not_applied=not_applied, changes=changes
        )

    changes: dict = {}
    categories: list = []
    try:
        client = QBittorrentClient(**qbittorrent_kwargs(params))
        current = client.preferences()
        unknown = unknown_keys(current, wanted)
        if unknown:
            module.fail_json(msg=f"qBittorrent does not know the preference key(s) {', '.join(unknown)}")
        changes = preference_changes(current, wanted)
        categories = category_changes(client.categories(), wanted_categories)
        if not module.check_mode:
            apply(client, changes, categories, applied)
            verify = {k: v for k, v in changes.items() if k not in MOVES_WEBUI}
            if verify and not any(k in changes for k in MOVES_WEBUI):
                after = client.preferences()
                missing = preference_changes(after, verify)
                if missing:
                    # a key not kept may still have moved (qBittorrent rounds some values): that is a change
                    moved = [
                        k for k in sorted(missing) if k in after and not same_value(k, current[k], after[k])
                    ]
                    applied[:] = [k for k in applied if k not in missing]
                    applied.extend(f"{k} (now {after[k]!r}, not {changes[k]!r})" for k in moved)
                    fail(
                        f"qBittorrent did not keep the preference(s) {', '.join(sorted(missing))} "
                        "(read back after setting them); check the values",
                        sorted(missing),
                    )
    except HttpError as exc:
        sent = set(applied)
        pending = [k for k in changes if k not in sent] + [
            f"category {c.name}" for c in categories if f"category {c.name}" not in sent
        ]
        fail(str(exc), pending)
    output = dict(
        changed=bool(changes or categories),
        changes=changes,
        categories_created=[c.name for c in categories if c.before is None],
        categories_updated=[c.name for c in categories if c.before is not None],
    )
    if module._diff:
        output["diff"] = dict(
            before=dict(
                preferences={k: current.get(k) for k in changes},
                categories={c.name: c.before for c in categories if c.before is not None},
            ),
            after=dict(preferences=changes, categories={c.name: c.save_path for c in categories}),
        )
    module.exit_json(**output)


if __name__ == "__main__":
    main()
