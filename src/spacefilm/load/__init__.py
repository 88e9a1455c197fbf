"""The way in: a dataset read, decoded, checked and selected, a slice at a time (source.py is its API)."""
