"""Safeguarding: one record of each child's journey, checked against practice standards."""
