#!/usr/bin/python
# Copyright: Myflix developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Manage a Radarr or Sonarr root folder."""

from __future__ import annotations

DOCUMENTATION = r"""
module: arr_root_folder
short_description: Manage a Radarr or Sonarr root folder
version_added: 0.1.0
description:
  - Makes a root folder (where the application keeps its library) present or absent in Radarr or
    Sonarr, through API v3. Root folders are identified by path.
  - Removing a root folder only removes the setting; the application deletes no files.
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
    description: Shows whether the folder is present before and after.
options:
  path:
    description:
      - Absolute path of the root folder, as the application sees it (inside its container).
    type: str
    required: true
  state:
    description:
      - Whether the root folder should exist.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: myflix.media.arr_download_client
  - module: myflix.media.prowlarr_application
"""

EXAMPLES = r"""
- name: Radarr keeps movies on the HDD
  myflix.media.arr_root_folder:
    app: radarr
    url: http://127.0.0.1:7878
    api_key: "{{ vault_radarr_api_key }}"
    path: /data/media/movies

- name: Sonarr keeps series on the HDD
  myflix.media.arr_root_folder:
    app: sonarr
    url: http://127.0.0.1:8989
    api_key: "{{ vault_sonarr_api_key }}"
    path: /data/media/tv
"""

RETURN = r"""
root_folder:
  description: The root folder as the application reports it (absent when O(state=absent)).
  returned: success and O(state=present)
  type: dict
  sample: {"id": 1, "path": "/data/media/movies", "accessible": true, "freeSpace": 1200000000000}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.myflix.media.plugins.module_utils.arr import ArrClient
from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError
from ansible_collections.myflix.media.plugins.module_utils.module_args import ARR_ARGS, arr_kwargs


def main() -> None:
    """Module entry point."""
    argument_spec = dict(
        path=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        **ARR_ARGS,
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    path = params["path"].rstrip("/") or "/"
    present_after = params["state"] == "present"
    folder = None
    try:
        client = ArrClient(**arr_kwargs(params))
        folders = client.list("rootfolder")
        existing = next((f for f in folders if str(f.get("path", "")).rstrip("/") == path), None)
        changed = (existing is not None) != present_after
        folder = existing
        if changed and not module.check_mode:
            if present_after:
                folder = client.call("POST", "rootfolder", body={"path": params["path"]})
            elif existing is not None:  # always, when a removal changes something
                client.delete("rootfolder", int(existing["id"]))
        elif changed and present_after:
            folder = {"path": params["path"]}
        if not present_after:
            folder = None
    except HttpError as exc:
        module.fail_json(msg=str(exc))
    output = dict(changed=changed)
    if folder is not None:
        output["root_folder"] = folder
    if module._diff:
        output["diff"] = dict(
            before=dict(path=path, state="present" if existing is not None else "absent"),
            after=dict(path=path, state=params["state"]),
        )
    module.exit_json(**output)


if __name__ == "__main__":
    main()
