"""Translation: units, machine drafts, catalogs and their checks."""
