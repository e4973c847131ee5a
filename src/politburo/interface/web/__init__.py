"""The web page: replay a run, ask "what if?", play a side (``politburo serve``)."""
