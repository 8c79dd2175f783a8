"""Date formats per language where Django's own differ from how our readers write (FORMAT_MODULE_PATH)."""
