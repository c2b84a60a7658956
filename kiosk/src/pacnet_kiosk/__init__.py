"""pacnet-kiosk: the lock screen and session timer of a public computer at a pacnet point."""

__version__ = "1.0.0"
