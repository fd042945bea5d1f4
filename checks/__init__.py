"""scopelint's built-in checks, one per module; the module name is the check id in snake_case."""
