"""Evaluation: pure metric functions and the runner over the evals/ suites."""
