"""Hearings: what a committee is handed before one (the packet), and the calendar."""
