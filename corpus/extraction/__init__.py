"""The extraction corpus: pasted and saved news pages with gold, and their scorer."""
