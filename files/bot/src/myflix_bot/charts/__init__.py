"""The /status "Graphiques" button: the last 24 h read from the local Prometheus (``query_range``),
drawn as one PNG off the event loop. matplotlib (Agg) is imported only when a chart is asked for.

- :mod:`.settings`: the ``charts`` config section (Prometheus' URL, timeout, hours);
- :mod:`.prometheus`: the bot's one Prometheus API client (stdlib, run in a worker thread);
- :mod:`.data`: the queries and their series, framework-free;
- :mod:`.render`: the series -> PNG bytes (no I/O);
- :mod:`.messages`: the texts, French and English;
- :mod:`.feature`: the button's handler.
"""
