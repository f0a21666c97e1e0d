"""Rasa input channels that redact personal data and handle faults before Rasa sees a message."""
