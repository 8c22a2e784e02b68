"""States' needs (writes in operations, reads in queries) and the needs survey."""
