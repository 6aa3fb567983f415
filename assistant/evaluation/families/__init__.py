"""Metric families: each runs one part of the assistant over its dataset and scores it with the pure
metrics in :mod:`assistant.evaluation.metrics`. A family that cannot run here (a feature not installed,
no LLM configured) returns a skipped result that says why, never a made-up score."""
