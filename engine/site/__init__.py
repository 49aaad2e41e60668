"""The published site: Markdown pages generated from the data beside docs/, built with MkDocs.

May import: engine.core, engine.data, engine.catalogue, engine.duties, engine.rules, engine.history.
"""
