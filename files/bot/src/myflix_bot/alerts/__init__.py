"""Alerts for the owner: Alertmanager's webhook receiver posts to the bot's alert endpoint
(``POST /-/alerts`` on the exporter's HTTP server, Basic-auth password ``MYFLIX_ALERTS_SECRET``);
each group is rendered from the message catalog (French by default) and sent to the admins with a
/status button.

- :mod:`.payload`: Alertmanager's webhook JSON (version 4) parsed into immutable values;
- :mod:`.messages`: the catalog texts, per alert (what happened, what to do);
- :mod:`.render`: a group -> a :class:`~myflix_bot.render.view.View` (no I/O);
- :mod:`.settings`: the ``alerts`` config section;
- :mod:`.feature`: the endpoint (authentication, hand-off to the bot's event loop, delivery).
"""
