"""Evaluation: batch briefing of clusters, ROUGE, and scores against labelled events."""
