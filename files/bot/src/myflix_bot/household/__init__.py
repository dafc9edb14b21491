"""Household requests: admins and members, invitations, quotas, approvals from Telegram.

- :mod:`.settings`: the ``household:`` config section (members, defaults, quotas, profiles);
- :mod:`.policy`: every decision about a request, pure (who may add, what is left, merge);
- :mod:`.directory`: who is who (config members, invited members) and their settings;
- :mod:`.asks`: one row per title an admin approves once, with the atomic claim;
- :mod:`.invites`: one-time invitation codes.
"""
