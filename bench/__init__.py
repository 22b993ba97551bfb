"""Benchmarks: `make bench` runs every one and prints a table beside a naive baseline."""
