"""briefings: structured, multilingual briefing pages from news articles."""

__version__ = "0.1.0"
