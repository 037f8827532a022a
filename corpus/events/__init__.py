"""A labelled corpus for event grouping: short articles of invented events, and their labels."""
