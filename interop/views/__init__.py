"""Views of the interop layer: they parse input and call services or selectors."""
