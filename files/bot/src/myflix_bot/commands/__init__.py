"""Commands, button routes and /status contributions, registered in a :class:`Registry`."""
