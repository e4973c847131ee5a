"""One run, with no input or output: the world, the state, the mechanisms, policies and engine.

A run is pure functions over plain data: a frozen ``World`` (the compiled
scenario and parameters), a mutable ``State``, one random generator, and the
events each step returns. Mechanisms (``mechanisms/``) never import the
engine or the policies.
"""
