"""Business rules shared by the views and the CLI: they flush, the caller commits."""
