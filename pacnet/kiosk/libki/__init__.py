"""The Libki client protocol (client API v1_0, docs/kiosk.md "Libki clients"): Libki's kiosk
clients run unchanged against pacnet."""
