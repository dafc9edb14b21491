#!/usr/bin/python
# Copyright: Myflix developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Register Radarr or Sonarr as an application in Prowlarr."""

from __future__ import annotations

DOCUMENTATION = r"""
module: prowlarr_application
short_description: Register Radarr or Sonarr as an application in Prowlarr
version_added: 0.1.0
description:
  - Makes an application present (created or updated) or absent in Prowlarr, through API v1, so
    Prowlarr syncs its indexers to Radarr or Sonarr. The application is identified by O(name).
  - A new application starts from Prowlarr's own template, so settings not given here (for example
    the sync categories) keep Prowlarr's defaults.
  - Prowlarr masks the application's API key in its answers, so it cannot be compared; see
    O(update_api_key).
author:
  - Myflix developers (@myflix)
attributes:
  check_mode:
    support: full
    description: Reports what would change; changes nothing.
  diff_mode:
    support: full
    description: Shows the settings that change (secrets masked).
options:
  prowlarr_url:
    description:
      - Root URL of Prowlarr, as seen from the managed host, for example C(http://127.0.0.1:9696).
    type: str
    required: true
  prowlarr_api_key:
    description:
      - Prowlarr's API key, sent as C(X-Api-Key). Never logged or returned.
    type: str
    required: true
  app:
    description:
      - Which kind of application to register.
    type: str
    choices: [radarr, sonarr]
    required: true
  name:
    description:
      - Name of the application in Prowlarr. Defaults to C(Radarr) or C(Sonarr).
    type: str
  state:
    description:
      - Whether the application should be registered.
    type: str
    choices: [present, absent]
    default: present
  app_url:
    description:
      - URL at which Prowlarr reaches the application (C(baseUrl)), for example C(http://radarr:7878).
      - Required when O(state=present).
    type: str
  app_api_key:
    description:
      - The application's API key (C(apiKey)). Never logged or returned.
      - Required when O(state=present).
    type: str
  prowlarr_server_url:
    description:
      - URL at which the application reaches Prowlarr (C(prowlarrUrl)), for example
        C(http://prowlarr:9696). Defaults to O(prowlarr_url).
    type: str
  sync_level:
    description:
      - How Prowlarr syncs indexers to the application.
    type: str
    choices: [disabled, addOnly, fullSync]
    default: fullSync
  sync_categories:
    description:
      - Newznab categories to sync. Unset keeps Prowlarr's defaults for the application.
    type: list
    elements: int
  tags:
    description:
      - Prowlarr tag ids that limit which indexers sync to the application.
    type: list
    elements: int
    default: []
  update_api_key:
    description:
      - C(on_create) sends O(app_api_key) only when the application is registered (or when Prowlarr
        returns the stored key in clear and it differs); the task stays idempotent.
      - C(always) sends it on every run, which always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  force_save:
    description:
      - Save even if Prowlarr cannot reach the application (C(forceSave)).
    type: bool
    default: false
  validate_certs:
    description:
      - Verify TLS certificates when the URL uses HTTPS.
    type: bool
    default: true
  timeout:
    description:
      - Timeout of each HTTP request, in seconds.
    type: float
    default: 15
seealso:
  - module: myflix.media.arr_download_client
"""

EXAMPLES = r"""
- name: Prowlarr syncs its indexers to Radarr
  myflix.media.prowlarr_application:
    prowlarr_url: http://127.0.0.1:9696
    prowlarr_api_key: "{{ vault_prowlarr_api_key }}"
    prowlarr_server_url: http://prowlarr:9696
    app: radarr
    app_url: http://radarr:7878
    app_api_key: "{{ vault_radarr_api_key }}"

- name: And to Sonarr, TV categories only
  myflix.media.prowlarr_application:
    prowlarr_url: http://127.0.0.1:9696
    prowlarr_api_key: "{{ vault_prowlarr_api_key }}"
    app: sonarr
    app_url: http://sonarr:8989
    app_api_key: "{{ vault_sonarr_api_key }}"
    sync_categories: [5000, 5030, 5040]
"""

RETURN = r"""
application:
  description: The application as Prowlarr stores it, secrets masked.
  returned: success and O(state=present)
  type: dict
  sample: {"id": 1, "name": "Radarr", "implementation": "Radarr", "syncLevel": "fullSync"}
changes:
  description: The settings that changed, as C(before)/C(after) pairs (secrets masked).
  returned: success
  type: dict
  sample: {"fields.baseUrl": {"before": "http://radarr:7878", "after": "http://radarr:7879"}}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.myflix.media.plugins.module_utils.provider_module import run_provider_module

IMPLEMENTATIONS = {"radarr": "Radarr", "sonarr": "Sonarr"}


def main() -> None:
    """Module entry point."""
    argument_spec = dict(
        prowlarr_url=dict(type="str", required=True),
        prowlarr_api_key=dict(type="str", required=True, no_log=True),
        app=dict(type="str", choices=["radarr", "sonarr"], required=True),
        name=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        app_url=dict(type="str"),
        app_api_key=dict(type="str", no_log=True),
        prowlarr_server_url=dict(type="str"),
        sync_level=dict(type="str", choices=["disabled", "addOnly", "fullSync"], default="fullSync"),
        sync_categories=dict(type="list", elements="int"),
        tags=dict(type="list", elements="int", default=[]),
        update_api_key=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
        force_save=dict(type="bool", default=False),
        validate_certs=dict(type="bool", default=True),
        timeout=dict(type="float", default=15.0),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ("app_url", "app_api_key"))],
    )
    params = module.params
    implementation = IMPLEMENTATIONS[params["app"]]
    fields = {
        "prowlarrUrl": params["prowlarr_server_url"] or params["prowlarr_url"],
        "baseUrl": params["app_url"],
        "apiKey": params["app_api_key"],
    }
    if params["sync_categories"] is not None:
        fields["syncCategories"] = params["sync_categories"]
    settings = {"syncLevel": params["sync_level"], "tags": params["tags"]}
    client_kwargs = {
        "url": params["prowlarr_url"],
        "api_key": params["prowlarr_api_key"],
        "app": "prowlarr",
        "timeout": params["timeout"],
        "validate_certs": params["validate_certs"],
        "secrets": [params["app_api_key"] or ""],
    }
    run_provider_module(
        module,
        "application",
        client_kwargs,
        "applications",
        name=params["name"] or implementation,
        implementation=implementation,
        config_contract=f"{implementation}Settings",
        settings=settings,
        fields=fields,
        secret_fields=["apiKey"],
        update_secrets=params["update_api_key"] == "always",
    )


if __name__ == "__main__":
    main()
