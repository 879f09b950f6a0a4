"""The governing body's review: versions, comparison, approval, headline figures."""
