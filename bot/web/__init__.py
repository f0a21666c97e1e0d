"""The web app: the chat demo page with the widget, the staff policy lookup and its JSON API."""
