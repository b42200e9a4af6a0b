"""nenkin-search: cited search and answers over 日本年金機構「日本年金機構の令和7年度の取組状況について」."""
__version__ = "0.1.0"
