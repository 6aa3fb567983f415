"""ISL Competency Assistant: retrieval-backed answers about the ISL Professional Competency Framework."""

__version__ = "0.1.0"
