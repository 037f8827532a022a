"""The MkDocs adapter: the only package of briefings that imports MkDocs or Material."""
