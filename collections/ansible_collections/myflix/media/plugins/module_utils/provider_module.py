# Copyright: Myflix developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run of a provider module (``arr_download_client``, ``prowlarr_application``): one implementation.

:func:`run_provider_module` connects, calls :func:`~.arr.ensure_provider` with the module's ``state``,
``force_save`` and check mode, and exits the module with ``changed``, ``changes``, the provider under
the module's own result key and, in diff mode, the changes as before/after. Used by modules only.
"""

from __future__ import annotations

from typing import Any

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.myflix.media.plugins.module_utils.arr import ArrClient, ensure_provider
from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError


def run_provider_module(
    module: AnsibleModule,
    result_key: str,
    client_kwargs: dict[str, Any],
    resource: str,
    **provider: Any,
) -> None:
    """Ensure the provider through ``ArrClient(**client_kwargs)``; exit or fail ``module`` with the result."""
    params = module.params
    try:
        client = ArrClient(**client_kwargs)
        result = ensure_provider(
            client,
            resource,
            state=params["state"],
            check_mode=module.check_mode,
            force_save=params["force_save"],
            **provider,
        )
    except HttpError as exc:
        module.fail_json(msg=str(exc))
    output: dict[str, Any] = dict(changed=result.changed, changes=result.changes)
    if result.resource is not None:
        output[result_key] = result.resource
    if module._diff:
        output["diff"] = dict(
            before={k: v["before"] for k, v in result.changes.items()},
            after={k: v["after"] for k, v in result.changes.items()},
        )
    module.exit_json(**output)
