"""The session: sign-in, idle lock, break-glass, connecting to a database, live refresh."""
