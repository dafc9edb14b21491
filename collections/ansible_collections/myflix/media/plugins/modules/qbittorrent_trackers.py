#!/usr/bin/python
# Copyright: Myflix developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Add public trackers to public qBittorrent torrents."""

from __future__ import annotations

DOCUMENTATION = r"""
module: qbittorrent_trackers
short_description: Add extra public trackers to public qBittorrent torrents only
version_added: 0.1.0
description:
  - Adds announce URLs to the torrents of a qBittorrent instance, so public torrents find more peers.
  - Only public torrents are touched. A private torrent is skipped, and so is a torrent whose privacy
    qBittorrent does not reveal (fail closed), because a public tracker on a private torrent leaks it.
  - Trackers a torrent already has are not added again.
  - Trackers come from O(trackers), O(trackers_file) and/or O(trackers_url), in the
    ngosang/trackerslist format (one URL per line, blank lines between them, C(#) comments allowed).
    Several sources are merged without duplicates.
  - Optionally sets qBittorrent's own "automatically add these trackers to new downloads" preference.
  - The selection rule is the shared C(trackers) module utility that the Myflix bot's tracker
    watcher also uses.
author:
  - Myflix developers (@myflix)
extends_documentation_fragment:
  - myflix.media.qbittorrent
attributes:
  check_mode:
    support: full
    description: Computes and returns what would be added; changes nothing.
  diff_mode:
    support: full
    description: Shows the trackers added per torrent and the preference change.
options:
  trackers:
    description:
      - Announce URLs to add.
    type: list
    elements: str
    default: []
  trackers_file:
    description:
      - Path, on the managed host, of a tracker list file.
    type: path
  trackers_url:
    description:
      - URL of a tracker list, fetched by the managed host, for example
        U(https://raw.githubusercontent.com/ngosang/trackerslist/master/trackers_best.txt).
    type: str
  categories:
    description:
      - Only torrents in one of these categories.
    type: list
    elements: str
    default: []
  tags:
    description:
      - Only torrents with at least one of these tags.
    type: list
    elements: str
    default: []
  hashes:
    description:
      - Only these torrents (info hashes).
    type: list
    elements: str
    default: []
  add_to_torrents:
    description:
      - Add the trackers to the existing torrents in scope. Set to V(false) to only set the preference.
    type: bool
    default: true
  set_preference:
    description:
      - Also write the list into qBittorrent's C(add_trackers) preference and enable
        C(add_trackers_enabled), so qBittorrent adds them to new torrents itself.
      - qBittorrent applies that preference to every new torrent. Check how your qBittorrent version
        treats private torrents before enabling it on a host that uses private trackers.
    type: bool
    default: false
notes:
  - Privacy comes from the C(isPrivate) field of the torrent list (qBittorrent 5), the C(is_private)
    field of the torrent properties (4.x), or the DHT/PeX/LSD pseudo-trackers that 4.x marks with
    "This torrent is private".
seealso:
  - module: myflix.media.qbittorrent_preferences
"""

EXAMPLES = r"""
- name: Add the best public trackers to public torrents of the radarr and sonarr categories
  myflix.media.qbittorrent_trackers:
    trackers_url: https://raw.githubusercontent.com/ngosang/trackerslist/master/trackers_best.txt
    categories: [radarr, sonarr]
    qbittorrent_password: "{{ vault_qbittorrent_password }}"
  register: trackers

- name: Show what was added
  ansible.builtin.debug:
    var: trackers.added

- name: Keep qBittorrent's own list for new torrents in sync, from a file on the host
  myflix.media.qbittorrent_trackers:
    trackers_file: /srv/myflix/trackers_best.txt
    add_to_torrents: false
    set_preference: true
    qbittorrent_api_key: "{{ vault_qbittorrent_api_key }}"

- name: One torrent, an explicit list
  myflix.media.qbittorrent_trackers:
    hashes: [8c212779b4abde7c6bc608063a0d008b7e40ce32]
    trackers:
      - udp://tracker.opentrackr.org:1337/announce
      - udp://open.stealth.si:80/announce
    qbittorrent_password: "{{ vault_qbittorrent_password }}"
"""

RETURN = r"""
added:
  description: Trackers added (or that would be added, in check mode), by torrent hash.
  returned: success
  type: dict
  sample: {"8c212779b4abde7c6bc608063a0d008b7e40ce32": ["udp://tracker.opentrackr.org:1337/announce"]}
skipped_torrents:
  description:
    - Torrents in scope that got nothing, by hash, with the reason
      (C(private), C(privacy unknown), C(already has every tracker)).
  returned: success
  type: dict
  sample: {"54eddd830a5b58480a6143d616a97e3a6c23c439": "private"}
trackers:
  description: The merged tracker list from every source.
  returned: success
  type: list
  elements: str
  sample: ["udp://tracker.opentrackr.org:1337/announce"]
preference_changed:
  description: Whether the C(add_trackers) preference was (or would be) changed.
  returned: success
  type: bool
  sample: false
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError, fetch_text
from ansible_collections.myflix.media.plugins.module_utils.module_args import (
    QBITTORRENT_ARGS,
    QBITTORRENT_REQUIRED_ONE_OF,
    qbittorrent_kwargs,
)
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import QBittorrentClient
from ansible_collections.myflix.media.plugins.module_utils.trackers import (
    TrackerListError,
    TrackerScope,
    apply_trackers,
    merge_tracker_lists,
    normalize_tracker,
    parse_tracker_list,
    plan_trackers,
)


def load_trackers(module: AnsibleModule) -> list[str]:
    """Merge the tracker sources; fail the module on an unreadable or invalid source."""
    params = module.params
    lists = [parse_tracker_list("\n".join(params["trackers"]))]
    if params["trackers_file"]:
        try:
            with open(params["trackers_file"], encoding="utf-8") as handle:
                lists.append(parse_tracker_list(handle.read()))
        except OSError as exc:
            module.fail_json(msg=f"cannot read trackers_file {params['trackers_file']}: {exc.strerror}")
    if params["trackers_url"]:
        text = fetch_text(
            params["trackers_url"], timeout=params["timeout"], validate_certs=params["validate_certs"]
        )
        lists.append(parse_tracker_list(text))
    return merge_tracker_lists(*lists)


def main() -> None:
    """Module entry point."""
    argument_spec = dict(
        trackers=dict(type="list", elements="str", default=[]),
        trackers_file=dict(type="path"),
        trackers_url=dict(type="str"),
        categories=dict(type="list", elements="str", default=[]),
        tags=dict(type="list", elements="str", default=[]),
        hashes=dict(type="list", elements="str", default=[]),
        add_to_torrents=dict(type="bool", default=True),
        set_preference=dict(type="bool", default=False),
        **QBITTORRENT_ARGS,
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_one_of=QBITTORRENT_REQUIRED_ONE_OF,
    )
    params = module.params
    try:
        wanted = load_trackers(module)
        if not wanted:
            module.fail_json(msg="no trackers given: set trackers, trackers_file or trackers_url")
        client = QBittorrentClient(**qbittorrent_kwargs(params))
        decisions = []
        if params["add_to_torrents"]:
            scope = TrackerScope(tuple(params["categories"]), tuple(params["tags"]), tuple(params["hashes"]))
            decisions = plan_trackers(client, wanted, scope)
        preference_change: dict[str, bool | str] = {}
        preference_before = {}
        if params["set_preference"]:
            prefs = client.preferences()
            preference_before = {k: prefs.get(k) for k in ("add_trackers_enabled", "add_trackers")}
            current = [
                normalize_tracker(u) for u in str(prefs.get("add_trackers", "")).splitlines() if u.strip()
            ]
            if prefs.get("add_trackers_enabled") is not True:
                preference_change["add_trackers_enabled"] = True
            if current != [normalize_tracker(u) for u in wanted]:
                preference_change["add_trackers"] = "\n".join(wanted)
        if not module.check_mode:
            apply_trackers(client, decisions)
            client.set_preferences(preference_change)
    except (HttpError, TrackerListError) as exc:
        module.fail_json(msg=str(exc))
    added = {d.hash: list(d.add) for d in decisions if d.add}
    skipped = {d.hash: d.skipped for d in decisions if d.skipped}
    output = dict(
        changed=bool(added or preference_change),
        added=added,
        skipped_torrents=skipped,
        trackers=wanted,
        preference_changed=bool(preference_change),
    )
    if module._diff:
        output["diff"] = dict(
            before=dict(added={}, preferences={k: preference_before.get(k) for k in preference_change}),
            after=dict(added=added, preferences=preference_change),
        )
    module.exit_json(**output)


if __name__ == "__main__":
    main()
