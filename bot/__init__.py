"""Plain-Python core of the Basis jeugdhulp assistant: FAQ store, answers, input checks.

Nothing in this package imports rasa or rasa_sdk, so it can be tested and reused on its own.
"""
