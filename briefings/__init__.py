"""briefings: structured, multilingual briefing pages from news articles."""

__version__ = "0.2.0"
