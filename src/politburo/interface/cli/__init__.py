"""The ``politburo`` command line: one module a command group, and their rendering."""
