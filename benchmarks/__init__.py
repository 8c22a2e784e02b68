"""Benchmarks and the synthetic record generator they use."""
