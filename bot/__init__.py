"""digestbot: reads the reader discussion around the news on a topic and posts digests."""

__version__ = "0.1.0"
