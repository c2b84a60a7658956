"""Test infrastructure for pacnet: the pytest plugin in `pacnet.testing.plugin`."""
