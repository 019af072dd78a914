"""Moving data in and out of Socle: importers (importers.py) and exporters (exporters.py), registered by each feature."""
