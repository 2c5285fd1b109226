"""Understanding a typed reply (自由回答): which procedure steps it performs and which mistakes it makes, each with the
words that show it. ``recognise.Recogniser`` does the work; the lexicon and rules are data (``rules.yaml``), which an
organisation can extend with a file of its own. SudachiPy is imported only when a reply is analysed."""
