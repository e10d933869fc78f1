"""The benches: one module per capability timed (registry.py says how they register)."""
