"""Rasa custom actions: thin glue from the tracker to ``bot/`` and back."""
