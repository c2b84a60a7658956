"""The kiosk's windows (PySide6): the lock screen, the countdown bar, the dialogs."""
