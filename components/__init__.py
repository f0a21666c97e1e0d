"""Custom Rasa NLU components. Thin: the logic they call lives in ``bot/``."""
