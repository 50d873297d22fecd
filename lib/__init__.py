"""Benchmarking dashboard for Indonesian regional public-service reform: the pure library."""
