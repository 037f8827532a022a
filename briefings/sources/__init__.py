"""Reading article sources: decoding, front matter, furniture, datelines and credits."""

from briefings.sources.article import SOURCE_SUFFIXES, parse_article, read_article, slugify

__all__ = ["SOURCE_SUFFIXES", "parse_article", "read_article", "slugify"]
