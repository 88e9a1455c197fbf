"""spacefilm: explore the race to film a movie in space."""

__version__ = "0.1.0"
