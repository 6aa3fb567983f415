"""The HTTP API: ``create_app(settings)`` builds a FastAPI app with one router per concern."""
