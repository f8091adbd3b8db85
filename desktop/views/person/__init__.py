"""A young person's record: the header, the six panels and their recording dialogs."""
