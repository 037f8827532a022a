"""The subcommands of ``briefings``, one module per group; the parser is in cli.py."""
