"""Run the command line as ``python -m politburo``."""

from politburo.cli import main

main()
