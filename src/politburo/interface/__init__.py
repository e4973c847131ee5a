"""The edges: the Python API, the command line, reports and plots."""
