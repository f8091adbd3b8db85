"""Widgets every screen is built from: form helpers, save guard, conflict dialog, delegates."""
