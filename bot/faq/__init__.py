"""The versioned FAQ: data model, loading, importing documents and generating training data."""
