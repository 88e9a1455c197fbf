"""`python -m spacefilm`: the same command line as `spacefilm`."""

from .start import main

main()
