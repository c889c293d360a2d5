"""The protocol editor: a screen to adapt a protocol, its widgets and its dialogs."""
