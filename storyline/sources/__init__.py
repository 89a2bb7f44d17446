"""Reading articles: files, directories, JSONL, HTML and Markdown, feeds, and the web addresses a user gives."""

# The longest news articles run to about 100,000 characters; far past that, a file or a feed entry is not one
# article. Here, below both the file and the feed readers.
MAX_ARTICLE_CHARS = 2_000_000
