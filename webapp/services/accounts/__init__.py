"""Accounts: creating and approving them, passwords, and reading the audit log."""
