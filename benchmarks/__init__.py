"""Caseboard benchmarks: `python -m benchmarks` (or `./dev bench`) prints figures and ratios."""
