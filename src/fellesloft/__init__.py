"""Fellesløft – the platform for the mission against youth exclusion."""
