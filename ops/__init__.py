"""Operations commands (backup, restore) for the configured database."""
