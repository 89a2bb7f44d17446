"""Evaluation: batch briefing of clusters, ROUGE, and scores against labelled events."""

# The engines `batch` runs clusters on: a local process pool, or a Ray cluster (the `ray` extra).
ENGINES = ("process", "ray")
