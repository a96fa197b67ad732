"""Payment providers: one module per provider (Stripe; checks and transfers need none)."""
