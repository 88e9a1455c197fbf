"""`python -m spacefilm`: the same command line as `spacefilm`."""

from .cli import main

main()
