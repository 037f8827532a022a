"""Corpora the project measures itself against (see corpus/extraction/README.md)."""
