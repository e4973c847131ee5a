"""How each command group shows its results in the terminal: one module a group.

A renderer takes a result of the experiment layer (and the scenario it is
of) and prints it; it computes nothing a result does not already hold.
"""
