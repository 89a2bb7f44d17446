"""Reading articles: files, directories, JSONL, HTML and Markdown, feeds, and the web addresses a user gives."""
