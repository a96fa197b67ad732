"""Billing services: the only code that changes billing rows (one module per concern)."""
