"""data/repositories layer."""
