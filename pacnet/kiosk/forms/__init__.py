"""Forms of the kiosk pages, by page: they check input, the services check again and write."""
