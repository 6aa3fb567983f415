"""The reader fixtures (examples, intent_model, reader) live in tests/conftest.py: dialogue tests use them too."""
