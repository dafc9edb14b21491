"""Runtime watchers: small classes with an interval and a ``run()`` step, kept alive by a supervisor.

One file per watcher (thermal, port_sync, autoheal, gc, trackers, leak_guard); :mod:`.install` builds
the enabled ones from the config and plugs the supervisor and the exporter into the bot.
"""
