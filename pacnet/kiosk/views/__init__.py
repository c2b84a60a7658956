"""Pages of the kiosk app, by the nouns they serve."""
