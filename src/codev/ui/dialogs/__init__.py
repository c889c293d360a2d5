"""Modal dialogs: one decision each, one file each."""
