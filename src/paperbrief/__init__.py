"""paperbrief: turn a pile of research papers into a trustworthy analysis report."""
