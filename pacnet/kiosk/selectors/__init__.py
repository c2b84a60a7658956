"""Reads of the kiosk app."""
