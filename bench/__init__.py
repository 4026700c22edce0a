"""Benchmarks: `python -m bench --help`. Results print side by side with the plain libraries."""
