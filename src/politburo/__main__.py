"""Run the command line as ``python -m politburo``."""

from politburo.interface.cli.app import main

main()
