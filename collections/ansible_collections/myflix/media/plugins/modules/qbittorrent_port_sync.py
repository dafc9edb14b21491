#!/usr/bin/python
# Copyright: Myflix developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make qBittorrent listen on the port Gluetun forwards."""

from __future__ import annotations

DOCUMENTATION = r"""
module: qbittorrent_port_sync
short_description: Make qBittorrent listen on the port that Gluetun forwards
version_added: 0.1.0
description:
  - Reads the forwarded port from the Gluetun HTTP control server and sets qBittorrent's
    C(listen_port) to it, with C(random_port) and C(upnp) turned off.
  - Works with both Gluetun generations. v3.41 and newer serve C(GET /v1/portforward), up to v3.40
    C(GET /v1/openvpn/portforwarded); with O(gluetun_route=auto) the new route is asked first and the
    old one is used when the new one does not exist. Redirects (v3.41 answers 301 on the old route)
    are followed on the same server.
  - A forwarded port of C(0) means the VPN has not forwarded a port yet; the module polls for up to
    O(wait_timeout) seconds and then fails with a clear message.
  - After setting the preferences it reads them back and fails if qBittorrent did not keep them.
  - Reports C(changed) only when a preference differed. Supports check mode and diff mode.
  - The decision is the shared C(port_sync) module utility that the Myflix bot's port watcher also uses.
author:
  - Myflix developers (@myflix)
extends_documentation_fragment:
  - myflix.media.qbittorrent
attributes:
  check_mode:
    support: full
    description: Reads Gluetun and qBittorrent, reports what would change, changes nothing.
  diff_mode:
    support: full
    description: Shows C(listen_port), C(random_port) and C(upnp) before and after.
options:
  gluetun_url:
    description:
      - Root URL of the Gluetun HTTP control server.
    type: str
    default: http://127.0.0.1:8000
  gluetun_auth:
    description:
      - How to authenticate to the control server, as configured in Gluetun's auth config.
      - C(apikey) sends O(gluetun_api_key) in the C(X-API-Key) header, C(basic) uses HTTP Basic auth.
    type: str
    choices: [none, apikey, basic]
    default: none
  gluetun_api_key:
    description:
      - API key for O(gluetun_auth=apikey). Never logged or returned.
    type: str
  gluetun_username:
    description:
      - Username for O(gluetun_auth=basic).
    type: str
  gluetun_password:
    description:
      - Password for O(gluetun_auth=basic). Never logged or returned.
    type: str
  gluetun_route:
    description:
      - Which port-forward route to ask. C(auto) tries the v3.41 route, then the v3.40 one.
    type: str
    choices: [auto, v3.41, v3.40]
    default: auto
  port_index:
    description:
      - Which forwarded port to use when Gluetun forwards several (0 is the first, -1 the last).
    type: int
    default: 0
  wait_timeout:
    description:
      - How long to wait, in seconds, for Gluetun to forward a port (a port of 0 means not yet).
      - C(0) asks once.
    type: float
    default: 60
  wait_interval:
    description:
      - Seconds between two questions to Gluetun while waiting.
    type: float
    default: 2
notes:
  - Gluetun's auth config must allow C(GET /v1/portforward) (v3.41+) or C(GET /v1/openvpn/portforwarded)
    (v3.40) for the credentials given.
seealso:
  - module: myflix.media.qbittorrent_preferences
"""

EXAMPLES = r"""
- name: Make qBittorrent listen on the forwarded port (Gluetun v3.41+, API key)
  myflix.media.qbittorrent_port_sync:
    gluetun_url: http://127.0.0.1:8000
    gluetun_auth: apikey
    gluetun_api_key: "{{ vault_gluetun_api_key }}"
    qbittorrent_url: http://127.0.0.1:8080
    qbittorrent_username: admin
    qbittorrent_password: "{{ vault_qbittorrent_password }}"
  register: port_sync

- name: Show the port
  ansible.builtin.debug:
    msg: "qBittorrent listens on {{ port_sync.port }} (was {{ port_sync.previous_port }})"

- name: Old Gluetun (v3.40), basic auth, the second forwarded port, qBittorrent 5.2 API key
  myflix.media.qbittorrent_port_sync:
    gluetun_route: v3.40
    gluetun_auth: basic
    gluetun_username: qbittorrent
    gluetun_password: "{{ vault_gluetun_password }}"
    port_index: 1
    wait_timeout: 120
    qbittorrent_api_key: "{{ vault_qbittorrent_api_key }}"
"""

RETURN = r"""
port:
  description: The forwarded port qBittorrent listens on (or would listen on, in check mode).
  returned: success
  type: int
  sample: 51413
previous_port:
  description: The port qBittorrent listened on before the task.
  returned: success
  type: int
  sample: 6881
forwarded_ports:
  description: Every port Gluetun forwards.
  returned: success
  type: list
  elements: int
  sample: [51413]
gluetun_route:
  description: The Gluetun route that answered.
  returned: success
  type: str
  sample: /v1/portforward
changes:
  description: The qBittorrent preferences that were (or would be) changed.
  returned: success
  type: dict
  sample: {"listen_port": 51413, "upnp": false}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.myflix.media.plugins.module_utils.gluetun import GluetunClient
from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError
from ansible_collections.myflix.media.plugins.module_utils.module_args import (
    QBITTORRENT_ARGS,
    QBITTORRENT_REQUIRED_ONE_OF,
    qbittorrent_kwargs,
)
from ansible_collections.myflix.media.plugins.module_utils.port_sync import PortSyncError, sync_port
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import QBittorrentClient


def main() -> None:
    """Module entry point."""
    argument_spec = dict(
        gluetun_url=dict(type="str", default="http://127.0.0.1:8000"),
        gluetun_auth=dict(type="str", choices=["none", "apikey", "basic"], default="none"),
        gluetun_api_key=dict(type="str", no_log=True),
        gluetun_username=dict(type="str"),
        gluetun_password=dict(type="str", no_log=True),
        gluetun_route=dict(type="str", choices=["auto", "v3.41", "v3.40"], default="auto"),
        port_index=dict(type="int", default=0),
        wait_timeout=dict(type="float", default=60.0),
        wait_interval=dict(type="float", default=2.0),
        **QBITTORRENT_ARGS,
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_one_of=QBITTORRENT_REQUIRED_ONE_OF,
        required_if=[
            ("gluetun_auth", "apikey", ("gluetun_api_key",)),
            ("gluetun_auth", "basic", ("gluetun_username", "gluetun_password")),
        ],
    )
    params = module.params
    try:
        gluetun = GluetunClient(
            params["gluetun_url"],
            auth=params["gluetun_auth"],
            api_key=params["gluetun_api_key"],
            username=params["gluetun_username"],
            password=params["gluetun_password"],
            route=params["gluetun_route"],
            timeout=params["timeout"],
            validate_certs=params["validate_certs"],
        )
        qbittorrent = QBittorrentClient(**qbittorrent_kwargs(params))
        result = sync_port(
            gluetun,
            qbittorrent,
            port_index=params["port_index"],
            wait_timeout=params["wait_timeout"],
            wait_interval=max(params["wait_interval"], 0.1),
            check_mode=module.check_mode,
        )
    except (HttpError, PortSyncError) as exc:
        module.fail_json(msg=str(exc))
    plan = result.plan
    output = dict(
        changed=plan.changed,
        port=plan.port,
        previous_port=plan.previous_port,
        forwarded_ports=list(result.forwarded_ports),
        gluetun_route=result.route,
        changes=plan.changes,
    )
    if module._diff:
        after = dict(plan.before)
        after.update(plan.changes)
        output["diff"] = dict(before=plan.before, after=after)
    module.exit_json(**output)


if __name__ == "__main__":
    main()
