"""Understanding a message: what it means (intent, confidence) and what it mentions, read once per turn.

Below dialogue, matching, coaching and generation; above retrieval and indexing. Meaning comes from the
embedding model and from examples kept as data (``prompts/intents.yaml``), not from phrase rules.
"""
