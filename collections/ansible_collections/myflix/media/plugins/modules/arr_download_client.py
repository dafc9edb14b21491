#!/usr/bin/python
# Copyright: Myflix developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wire Radarr or Sonarr to qBittorrent."""

from __future__ import annotations

DOCUMENTATION = r"""
module: arr_download_client
short_description: Make Radarr or Sonarr use qBittorrent as a download client
version_added: 0.1.0
description:
  - Makes a qBittorrent download client present (created or updated) or absent in Radarr or Sonarr,
    through API v3. The client is identified by O(name).
  - A new client starts from the application's own template, so settings not given here keep the
    application's defaults.
  - The applications mask the password in their answers, so it cannot be compared; see
    O(update_password).
author:
  - Myflix developers (@myflix)
extends_documentation_fragment:
  - myflix.media.arr
attributes:
  check_mode:
    support: full
    description: Reports what would change; changes nothing.
  diff_mode:
    support: full
    description: Shows the settings that change (secrets masked).
options:
  name:
    description:
      - Name of the download client in the application.
    type: str
    default: qBittorrent
  state:
    description:
      - Whether the download client should exist.
    type: str
    choices: [present, absent]
    default: present
  host:
    description:
      - Host name or address of qBittorrent, as seen from the application (for example the Gluetun
        container name when qBittorrent shares its network).
    type: str
    default: localhost
  port:
    description:
      - qBittorrent WebUI port.
    type: int
    default: 8080
  use_ssl:
    description:
      - Whether the application talks HTTPS to qBittorrent.
    type: bool
    default: false
  url_base:
    description:
      - URL base of the qBittorrent WebUI behind a reverse proxy; empty for none.
    type: str
    default: ""
  username:
    description:
      - qBittorrent WebUI username.
    type: str
  password:
    description:
      - qBittorrent WebUI password. Never logged or returned.
    type: str
  category:
    description:
      - qBittorrent category the application gives its downloads (C(movieCategory) in Radarr,
        C(tvCategory) in Sonarr). Unset keeps the application's value.
    type: str
  imported_category:
    description:
      - Category set after import (C(movieImportedCategory)/C(tvImportedCategory)). Unset keeps it.
    type: str
  enable:
    description:
      - Whether the client is enabled.
    type: bool
    default: true
  priority:
    description:
      - Client priority (1 is the highest, up to 50).
    type: int
    default: 1
  remove_completed_downloads:
    description:
      - Let the application remove completed downloads from qBittorrent after import.
    type: bool
    default: true
  remove_failed_downloads:
    description:
      - Let the application remove failed downloads.
    type: bool
    default: true
  update_password:
    description:
      - C(on_create) sends O(password) only when the client is created (or when the application
        returns the stored password in clear and it differs); the task stays idempotent.
      - C(always) sends it on every run, which always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  force_save:
    description:
      - Save even if the application cannot reach qBittorrent (C(forceSave)). By default the
        application tests the connection and the task fails with its message.
    type: bool
    default: false
seealso:
  - module: myflix.media.arr_root_folder
  - module: myflix.media.qbittorrent_preferences
"""

EXAMPLES = r"""
- name: Radarr downloads through qBittorrent (inside Gluetun's network namespace)
  myflix.media.arr_download_client:
    app: radarr
    url: http://127.0.0.1:7878
    api_key: "{{ vault_radarr_api_key }}"
    host: gluetun
    port: 8080
    username: admin
    password: "{{ vault_qbittorrent_password }}"
    category: radarr

- name: Sonarr too
  myflix.media.arr_download_client:
    app: sonarr
    url: http://127.0.0.1:8989
    api_key: "{{ vault_sonarr_api_key }}"
    host: gluetun
    username: admin
    password: "{{ vault_qbittorrent_password }}"
    category: sonarr

- name: Remove an old client
  myflix.media.arr_download_client:
    app: sonarr
    url: http://127.0.0.1:8989
    api_key: "{{ vault_sonarr_api_key }}"
    name: Transmission
    state: absent
"""

RETURN = r"""
download_client:
  description: The download client as the application stores it, secrets masked.
  returned: success and O(state=present)
  type: dict
  sample: {"id": 1, "name": "qBittorrent", "implementation": "QBittorrent", "enable": true}
changes:
  description: The settings that changed, as C(before)/C(after) pairs (secrets masked).
  returned: success
  type: dict
  sample: {"fields.port": {"before": 8080, "after": 8081}}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.myflix.media.plugins.module_utils.module_args import ARR_ARGS, arr_kwargs
from ansible_collections.myflix.media.plugins.module_utils.provider_module import run_provider_module

CATEGORY_FIELDS = {
    "radarr": ("movieCategory", "movieImportedCategory"),
    "sonarr": ("tvCategory", "tvImportedCategory"),
}


def main() -> None:
    """Module entry point."""
    argument_spec = dict(
        name=dict(type="str", default="qBittorrent"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        host=dict(type="str", default="localhost"),
        port=dict(type="int", default=8080),
        use_ssl=dict(type="bool", default=False),
        url_base=dict(type="str", default=""),
        username=dict(type="str"),
        password=dict(type="str", no_log=True),
        category=dict(type="str"),
        imported_category=dict(type="str"),
        enable=dict(type="bool", default=True),
        priority=dict(type="int", default=1),
        remove_completed_downloads=dict(type="bool", default=True),
        remove_failed_downloads=dict(type="bool", default=True),
        update_password=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
        force_save=dict(type="bool", default=False),
        **ARR_ARGS,
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    category_field, imported_field = CATEGORY_FIELDS[params["app"]]
    fields = {
        "host": params["host"],
        "port": params["port"],
        "useSsl": params["use_ssl"],
        "urlBase": params["url_base"],
    }
    if params["username"] is not None:
        fields["username"] = params["username"]
    if params["password"] is not None:
        fields["password"] = params["password"]
    if params["category"] is not None:
        fields[category_field] = params["category"]
    if params["imported_category"] is not None:
        fields[imported_field] = params["imported_category"]
    settings = {
        "enable": params["enable"],
        "protocol": "torrent",
        "priority": params["priority"],
        "removeCompletedDownloads": params["remove_completed_downloads"],
        "removeFailedDownloads": params["remove_failed_downloads"],
    }
    run_provider_module(
        module,
        "download_client",
        dict(arr_kwargs(params), secrets=[params["password"] or ""]),
        "downloadclient",
        name=params["name"],
        implementation="QBittorrent",
        config_contract="QBittorrentSettings",
        settings=settings,
        fields=fields,
        secret_fields=["password"],
        update_secrets=params["update_password"] == "always",
    )


if __name__ == "__main__":
    main()
