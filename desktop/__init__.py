"""Caseboard: a caseworker dashboard for children's services CSE teams."""

__version__ = "0.1.0"
