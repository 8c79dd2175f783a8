"""`make bench`: Nforce measured against floors measured in the same run (python -m bench)."""
