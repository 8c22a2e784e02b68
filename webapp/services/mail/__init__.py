"""Outgoing e-mail: the outbox (``outbox.enqueue``), its transports and the sender.

A message is enqueued in the caller's transaction, so it exists exactly when the event that
causes it was committed; the sender delivers it later, with retries, and records each outcome.
"""
