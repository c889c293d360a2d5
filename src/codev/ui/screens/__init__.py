"""Screens: set-up, live session, summary, help."""
