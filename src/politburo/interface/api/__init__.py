"""The Python API that ``politburo`` re-exports: one run in ``runs``, experiments beside it.

The experiments (``experiments``) live apart so that ``import politburo`` and
a single run stay light: they bring pyarrow, SciPy and DuckDB, and
``politburo`` imports them on first use.
"""
