"""Routing rules: naar WIJ?, welke WIJ-locatie?, wat gebeurt er als mijn indicatie afloopt?

Plain, typed functions of a situation and a reference date, returning a typed decision with
its reasons and the FAQ questions they rest on. No rasa imports, no Dutch text: the wording
is in ``bot/routing/messages.yml`` and ``bot/routing/render.py``.
"""
