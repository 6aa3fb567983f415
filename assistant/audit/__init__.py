"""The store: sessions, turns, the audit record of every turn, ratings and exports."""
