"""Limits a scenario must keep for the engine to play it."""

#: Most contenders a scenario may mark: each month the engine computes every
#: contender's exact voting power over all 2^n coalitions of their blocs.
MAX_CONTENDERS = 16
