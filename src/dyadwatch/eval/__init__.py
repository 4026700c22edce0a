"""Gold-set readers and scorers behind ``dyadwatch eval``.

``common`` holds the shared P/R/F1 arithmetic and report printing; each task
module reads its gold format from ../shared/eval (or a user's folder in the
same format), runs dyadwatch and a plain baseline on the same data, and prints
both side by side.
"""
