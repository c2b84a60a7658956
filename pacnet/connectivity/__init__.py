"""Internet lines of the points: outages, availability, bandwidth per computer."""
