"""The Child index kept whole: batch duplicate finding (Splink) and reviewed merges with undo."""
