"""Small clients for the services the bot reads. Each has an async ``fetch()`` for the coordinator
and plain methods that the search pipeline and the watchers reuse."""
