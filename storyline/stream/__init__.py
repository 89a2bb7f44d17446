"""Streams: the story store, story clustering, ingesting into the store, listing and watching."""
