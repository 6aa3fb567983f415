"""Sessions, routing between modes, and the turn loop."""
