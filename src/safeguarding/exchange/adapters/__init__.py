"""Column-map adapters: foreign files (the DfE SSDA903 and CIN Census returns, a police records
system's export) read into the exchange format through a declarative map file (mapfile.py), then
checked, matched and loaded by the one loader (ADR 0020). Shipped maps are in maps/."""
