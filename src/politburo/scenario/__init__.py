"""What users write: the scenario format, global parameters, loading, levers and ``--set``.

The lowest layer: it knows nothing of how a run is played. Bundled scenarios,
parameter files and historical records live in ``data/``.
"""
